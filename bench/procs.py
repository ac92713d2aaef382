"""Processes the benchmark starts and measures: gunicorn (portal or ceiling), intake workers.
CPU and memory come from /proc, so they are the processes' own figures, not the load
generator's."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process, in seconds."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def memory_kib(pid: int, key: str = "VmRSS") -> int:
    """A line of /proc/PID/status in KiB: VmRSS now, VmHWM the peak."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (FileNotFoundError, IndexError, ValueError):
                continue
            if ppid == pid:
                found.append(int(entry.name))
    return sorted(found)


def base_env(extra: Mapping[str, str]) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PORTAL_", "TEST_DATABASE"))}
    env.update(extra)
    return env


@dataclass
class Gunicorn:
    """gunicorn with the project's gunicorn.conf.py; the access log goes to /dev/null (it is
    still written, so its cost is counted)."""

    app: str
    port: int
    workers: int
    env: Mapping[str, str]
    warm_paths: tuple[str, ...] = ("/",)
    process: subprocess.Popen[bytes] | None = None
    worker_pids: list[int] = field(default_factory=list)
    _log: Any = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Gunicorn:
        env = base_env({**self.env, "BIND": f"127.0.0.1:{self.port}", "WEB_CONCURRENCY": str(self.workers)})
        self._log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), self.app],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            # A file, not a pipe: nobody reads gunicorn's log while it runs, and a full pipe
            # would stop every worker at its next log line.
            stderr=self._log,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn {self.app} stopped: {self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError(f"gunicorn {self.app} did not answer on {self.url}")
        while len(children(self.process.pid)) < self.workers:
            time.sleep(0.1)
        self.worker_pids = children(self.process.pid)
        # Every worker imports and warms up (first draft, first look-up) before it is measured.
        for _ in range(self.workers * 4):
            for path in self.warm_paths:
                with contextlib.suppress(OSError):
                    urllib.request.urlopen(self.url + path, timeout=30).read()
        return self

    def log_tail(self) -> str:
        self._log.seek(0)
        return self._log.read().decode(errors="replace")[-3000:]

    def cpu(self) -> float:
        return sum(cpu_seconds(pid) for pid in self.worker_pids)

    def rss_kib(self) -> list[int]:
        return [memory_kib(pid) for pid in self.worker_pids]

    def __exit__(self, *exc: object) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._log is not None:
            self._log.close()
