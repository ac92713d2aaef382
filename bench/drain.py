"""The intake drain: N pending outbox messages delivered by 1, 2 and 4 `flask intake worker`
processes on PostgreSQL, to the built-in duty desk and to a local webhook receiver. Checks
that each message was delivered exactly once and none is left; records each worker's peak
memory (VmHWM)."""

from __future__ import annotations

import signal
import subprocess
import time
from dataclasses import dataclass
from typing import Any

import psycopg

from bench import database, seed
from bench.procs import BIN, ROOT, base_env, cpu_seconds, memory_kib
from bench.receiver import CountingReceiver

SECRET = "whsec_" + "YmVuY2htYXJrLXdlYmhvb2stc2VjcmV0LTMyLWJ5dGVzIQ=="


@dataclass
class Drain:
    messages: int
    delivered: int
    seconds: float
    per_second: float
    duplicates: int
    lost: int
    peak_mib: float
    cpu_ms_per_message: float = 0.0
    undelivered: int = 0


def payload_of(reference: str, message_id: str) -> dict[str, Any]:
    """The shape the adapters read (portal.intake.v1: the submission's reference and answers)."""
    return {
        "schema": "portal.intake.v1",
        "event": "submission.created",
        "message_id": message_id,
        "submission": {
            "reference": reference,
            "kind": "report",
            "answers": {"description": "Someone shouted abuse at me in the street. " * 10, "where": "street"},
        },
    }


def start_workers(count: int, env: dict[str, str]) -> list[subprocess.Popen[bytes]]:
    return [
        subprocess.Popen(
            [str(BIN / "flask"), "intake", "worker"],
            cwd=ROOT,
            env=base_env(env),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(count)
    ]


def stop(workers: list[subprocess.Popen[bytes]]) -> None:
    for worker in workers:
        if worker.poll() is None:
            worker.send_signal(signal.SIGINT)
    for worker in workers:
        try:
            worker.wait(15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def drain(destination: str, messages: int, workers: int, timeout: float = 600) -> Drain:
    url = database.recreate("drain")
    database.portal_app(url)
    seed.seed_outbox(url, messages, destination, payload_of)
    with CountingReceiver() as receiver:
        env = database.portal_env(
            url,
            INTAKE_DESTINATIONS=destination,
            INTAKE_WEBHOOK_URL=receiver.url,
            INTAKE_WEBHOOK_SECRET=SECRET,
            INTAKE_POLL_SECONDS="1",
        )
        processes = start_workers(workers, env)
        peak = 0
        deadline = time.monotonic() + timeout
        with psycopg.connect(seed.psycopg_url(url), autocommit=True) as conn:
            while time.monotonic() < deadline:
                done = conn.execute("SELECT count(*) FROM outbox_messages WHERE status = 'delivered'").fetchone()[0]  # type: ignore[index]
                peak = max([peak, *(memory_kib(p.pid, "VmHWM") for p in processes)])
                if done >= messages:
                    break
                time.sleep(0.25)
            peak = max([peak, *(memory_kib(p.pid, "VmHWM") for p in processes)])
            time.sleep(1.5)  # anything delivered twice would show up now
            # Start-up (imports, app creation) is included: about 1 s of CPU a process.
            cpu = sum(cpu_seconds(p.pid) for p in processes)
            stop(processes)
            row = conn.execute(
                "SELECT count(*) FILTER (WHERE status = 'delivered'), count(*) FILTER (WHERE attempts > 1), "
                "extract(epoch FROM max(delivered_at) - min(delivered_at)) FROM outbox_messages"
            ).fetchone()
            assert row is not None
            delivered, retried, span = int(row[0]), int(row[1]), float(row[2] or 0)
            # Lost: marked delivered here but never arrived there. Messages still waiting when the
            # time ran out are not lost, only late: they are counted as undelivered.
            if destination == "builtin":
                twice = conn.execute(
                    "SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM status_updates "
                    "WHERE source = 'intake' GROUP BY submission_id) AS per_submission"
                ).fetchone()[0]  # type: ignore[index]
                received = conn.execute("SELECT count(*) FROM submissions WHERE delivered_at IS NOT NULL").fetchone()[0]  # type: ignore[index]
                duplicates, lost = int(twice) + retried, delivered - int(received)
            else:
                duplicates, lost = receiver.duplicates() + retried, delivered - len(receiver.counts)
    database.drop("drain")
    # The span from the first delivery to the last misses one message's time: add it back.
    seconds = span * delivered / max(delivered - 1, 1) if span else 0.0
    per_second = delivered / seconds if seconds else 0.0
    cpu_each = cpu * 1000 / max(delivered, 1)
    return Drain(
        messages, delivered, seconds, per_second, duplicates, lost, peak / 1024, cpu_each, messages - delivered
    )


def run(
    messages: int, worker_counts: tuple[int, ...], fewer: int | None = None, timeout: float = 600
) -> dict[tuple[str, int], Drain]:
    """``messages`` for the most workers; ``fewer`` (if given) for the smaller counts."""
    results = {}
    for destination in ("builtin", "webhook"):
        for workers in worker_counts:
            size = messages if workers == max(worker_counts) or fewer is None else fewer
            result = drain(destination, size, workers, timeout)
            results[(destination, workers)] = result
            print(
                f"  drain {destination:8} {workers} workers: {result.delivered}/{size} in {result.seconds:.1f} s "
                f"({result.per_second:.0f}/s, {result.cpu_ms_per_message:.1f} ms CPU each), "
                f"duplicates {result.duplicates}, lost {result.lost}",
                flush=True,
            )
    return results
