"""A local case system for the benchmark and the scale-out test: a threaded HTTP server that
counts every delivery by its webhook-id (the outbox message id) and answers 200."""

from __future__ import annotations

import json
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class CountingReceiver:
    def __init__(self, port: int = 0, slow_seconds: float = 0.0) -> None:
        self.counts: Counter[str] = Counter()
        self.references: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.slow_seconds = slow_seconds
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if receiver.slow_seconds:
                    threading.Event().wait(receiver.slow_seconds)
                try:
                    reference = json.loads(body)["submission"]["reference"]
                except (ValueError, KeyError, TypeError):
                    reference = ""
                with receiver.lock:
                    receiver.counts[self.headers.get("webhook-id", "")] += 1
                    receiver.references[reference] += 1
                answer = json.dumps({"case_id": reference}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/intake"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> CountingReceiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def deliveries(self) -> int:
        with self.lock:
            return sum(self.counts.values())

    def duplicates(self) -> int:
        with self.lock:
            return sum(count - 1 for count in self.counts.values() if count > 1)
