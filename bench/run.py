"""Benchmarks for the goals in docs/performance.md. `make bench` runs them on an embedded
SQLite database (or TEST_DATABASE_URL) and rewrites the results table in that document.

Timing lives here, never in a test assertion: the machine a test runs on varies."""

import os
import platform
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from flask_migrate import upgrade

from portal import create_app, tracking
from portal.config import TestingConfig
from portal.constants import Channel, SubmissionKind
from portal.core.submissions import NewSubmission, store_submission
from portal.extensions import db
from portal.intake.worker import run_once

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
MARKER = "<!-- results -->"

# (name, goal in milliseconds per operation at the 95th percentile, how it is measured)
GOALS = {
    "start page": 50.0,
    "question page (GET)": 50.0,
    "store a submission": 50.0,
    "deliver one outbox message": 25.0,
    "tracking code look-up (parse + hash)": 1.0,
}


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18] if len(samples) >= 20 else max(samples)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite3"
        app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url, EVIDENCE_DIR=tmp)
        results: dict[str, tuple[float, float]] = {}
        with app.app_context():
            upgrade()
            client = app.test_client()
            client.get("/")
            for name, path in (("start page", "/"), ("question page (GET)", "/report/what-happened")):
                samples = timed(lambda path=path: client.get(path), 200)
                results[name] = (statistics.median(samples), p95(samples))

            def store() -> None:
                new = NewSubmission(
                    kind=SubmissionKind.REPORT,
                    language="en",
                    channel=Channel.NONE,
                    anonymous=True,
                    answers={"description": "Benchmark report " * 20},
                )
                store_submission(new, None)
                db.session.commit()

            tracemalloc.start()
            samples = timed(store, 300)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            results["store a submission"] = (statistics.median(samples), p95(samples))

            per_message = []
            for _ in range(10):
                started = time.perf_counter()
                delivered = len(run_once(limit=30))
                if delivered:
                    per_message.append((time.perf_counter() - started) * 1000 / delivered)
            results["deliver one outbox message"] = (statistics.median(per_message), max(per_message))

            code = tracking.new_tracking_code()
            samples = timed(lambda: tracking.hash_tracking_code(tracking.parse_tracking_code(code), "pepper"), 5000)
            results["tracking code look-up (parse + hash)"] = (statistics.median(samples), p95(samples))
            db.session.remove()

    lines = [
        MARKER,
        "",
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()} with Python {platform.python_version()}, "
        f"{os.cpu_count()} cores, database {'PostgreSQL' if os.environ.get('TEST_DATABASE_URL') else 'SQLite'}, "
        "in-process (Flask test client, no network).",
        "",
        "| operation | goal (p95, ms) | median (ms) | p95 (ms) | met |",
        "| --- | ---: | ---: | ---: | :---: |",
    ]
    for name, goal in GOALS.items():
        median, high = results[name]
        lines.append(f"| {name} | {goal:.1f} | {median:.2f} | {high:.2f} | {'yes' if high <= goal else 'NO'} |")
    lines += [
        "",
        f"Peak Python memory while storing 300 submissions: {peak / 1024 / 1024:.1f} MiB (goal: under 50 MiB).",
        "",
    ]
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else MARKER
    head = text.split(MARKER)[0]
    DOC.write_text(head + "\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
