"""A real HTTP server on 127.0.0.1 that records requests and answers as a test tells it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0


Responder = Callable[[Recorded], Answer]


class Receiver:
    def __init__(self, server: ThreadingHTTPServer, release: threading.Event) -> None:
        self.server = server
        self.release = release
        self.requests: list[Recorded] = []
        self.url = f"http://127.0.0.1:{server.server_address[1]}"


@contextmanager
def running_receiver(respond: Responder) -> Iterator[Receiver]:
    release = threading.Event()
    recorded: list[Recorded] = []

    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            request = Recorded(
                method=self.command,
                path=url.path,
                query=parse_qs(url.query),
                headers={name.lower(): value for name, value in self.headers.items()},
                body=self.rfile.read(length),
            )
            recorded.append(request)
            answer = respond(request)
            if answer.delay:
                # Released when the test ends, so a "slow" handler never outlives it.
                release.wait(answer.delay)
            try:
                self.send_response(answer.status)
                for name, value in answer.headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)
            except OSError:
                pass  # the client gave up (timeout tests)

        do_GET = do_POST = _handle

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    receiver = Receiver(server, release)
    receiver.requests = recorded
    try:
        yield receiver
    finally:
        release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)
