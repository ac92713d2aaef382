"""The load test: locust headless against gunicorn with 2 and 4 workers on PostgreSQL, the
portal beside the ceiling (bench/ceiling.py), at fixed concurrencies."""

from __future__ import annotations

import csv
import json
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench import database
from bench.procs import BIN, ROOT, Gunicorn, base_env

SCENARIOS = {
    # name: (portal user class, ceiling user class, the locust request name that counts)
    "start page": ("PortalStart", "CeilingStart", "start page"),
    "report first page": ("PortalFirstPage", "CeilingFirstPage", "report first page"),
    "status look-up, valid code": ("PortalLookupValid", "CeilingLookupValid", "status look-up"),
    "status look-up, wrong code": ("PortalLookupWrong", "CeilingLookupWrong", "status look-up"),
    "complete anonymous report": ("PortalReport", "CeilingReport", "report complete"),
}
# Raised for the benchmark only, so that the load generator's one address is not refused:
# the production default is 10 failed look-ups per hour per client.
LOOKUP_LIMIT = "100000000 per hour"


@dataclass
class Run:
    rps: float
    p50: float
    p95: float
    p99: float
    requests: int
    failures: int
    total_rps: float
    total_requests: int
    cpu_ms_per_request: float


def locust(
    user_class: str, host: str, users: int, seconds: float, env: dict[str, str], spawn_rate: float = 0
) -> dict[str, dict[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        prefix = str(Path(tmp) / "run")
        finished = subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--only-summary",
                "--loglevel",
                "ERROR",
                "-u",
                str(users),
                "-r",
                str(spawn_rate or max(users, 1)),
                "-t",
                # Locust's clock starts before its users do: the start-up is added on top.
                f"{max(1, round(seconds)) + 2}s",
                "--stop-timeout",
                "5",
                "--host",
                host,
                "--csv",
                prefix,
                user_class,
            ],
            cwd=ROOT,
            env=base_env(env),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=False,
        )
        if not Path(prefix + "_stats.csv").exists():
            raise RuntimeError(f"locust {user_class} wrote no results: {finished.stderr.decode()[-2000:]}")
        with open(prefix + "_stats.csv", newline="") as file:
            return {row["Name"]: row for row in csv.DictReader(file)}


def measure(server: Gunicorn, user_class: str, counted: str, users: int, seconds: float, env: dict[str, str]) -> Run:
    # A paced run starts its users one pace apart, so that their requests arrive evenly (20
    # users at 10/s started 5 ms apart: one request every 5 ms), not in bursts of users that
    # started together.
    pace = float(env.get("BENCH_PACE") or 0)
    before = server.cpu()
    rows = locust(user_class, server.url, users, seconds, env, spawn_rate=users * pace)
    spent = server.cpu() - before
    row = rows.get(counted) or {}
    total = rows.get("Aggregated") or {}
    total_requests = int(total.get("Request Count") or 0)

    def number(key: str, source: dict[str, str] = row) -> float:
        value = source.get(key) or "0"
        return float(value) if value != "N/A" else 0.0

    return Run(
        rps=number("Requests/s"),
        p50=number("50%"),
        p95=number("95%"),
        p99=number("99%"),
        requests=int(number("Request Count")),
        failures=int(number("Failure Count")),
        total_rps=number("Requests/s", total),
        total_requests=total_requests,
        cpu_ms_per_request=spent * 1000 / int(number("Request Count")) if number("Request Count") else 0.0,
    )


def prepare(database_url: str) -> tuple[str, str]:
    """Migrate the portal's database, create the ceiling's tables, and store one report whose
    tracking code the valid look-up uses. Returns (valid code, wrong but well-formed code)."""
    from portal.constants import Channel, SubmissionKind
    from portal.core import tracking
    from portal.core.submissions import NewSubmission, store_submission
    from portal.extensions import db

    app = database.portal_app(database_url)
    with app.app_context():
        _, code = store_submission(
            NewSubmission(
                kind=SubmissionKind.REPORT, language="en", channel=Channel.NONE, anonymous=True, answers={"d": "x"}
            ),
            None,
        )
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    subprocess.run(
        [str(BIN / "python"), "-c", "from bench.ceiling import setup; setup()"],
        cwd=ROOT,
        env=base_env({"DATABASE_URL": database_url}),
        check=True,
    )
    return code, tracking.new_tracking_code()


def run_all(
    worker_counts: tuple[int, ...], concurrencies: tuple[int, ...], seconds: float, port: int, page_bytes: int
) -> dict:
    database_url = database.recreate("load")
    valid, wrong = prepare(database_url)
    locust_env = {"BENCH_VALID_CODE": valid, "BENCH_WRONG_CODE": wrong, "BENCH_REPORT": report_json()}
    portal_env = database.portal_env(database_url, STATUS_LOOKUP_LIMIT=LOOKUP_LIMIT, STATUS_LOOKUP_ALARM=LOOKUP_LIMIT)
    ceiling_env = {"DATABASE_URL": database_url, "CEILING_PAGE_BYTES": str(page_bytes)}
    results: dict = {"runs": {}, "rss_mib": {}, "paced": {}}
    for workers in worker_counts:
        for target, app, env in (
            ("ceiling", "bench.ceiling:app", ceiling_env),
            ("portal", "bench.portal_wsgi:app", portal_env),
        ):
            warm = ("/", "/report/in-danger", "/status/", "/step/1")
            with Gunicorn(app, port, workers, env, warm_paths=warm) as server:
                for scenario, classes in SCENARIOS.items():
                    user_class = classes[0] if target == "portal" else classes[1]
                    for users in concurrencies:
                        run = measure(server, user_class, classes[2], users, seconds, locust_env)
                        results["runs"][(target, workers, scenario, users)] = run
                        print(
                            f"  {target} {workers}w {scenario} c={users}: {run.rps:.1f}/s p99 {run.p99:.0f} ms",
                            flush=True,
                        )
                if workers == 2:
                    # The goal's fixed rate: 200 wrong-code look-ups a second (20 users at 10/s,
                    # started 5 ms apart).
                    paced = measure(
                        server,
                        classes_of("status look-up, wrong code", target),
                        "status look-up",
                        20,
                        seconds,
                        {**locust_env, "BENCH_PACE": "10"},
                    )
                    results["paced"][target] = paced
                    print(f"  {target:7} 2w look-up at 200/s: {paced.rps:.1f}/s p99 {paced.p99:.0f} ms", flush=True)
                results["rss_mib"][(target, workers)] = max(server.rss_kib()) / 1024
    database.drop("load")
    return results


def report_pages() -> list:
    from tests.journey import minimal_report_answers

    return minimal_report_answers("Someone shouted abuse at me in the street outside the shop.", named=False)


def report_json() -> str:
    return json.dumps(report_pages())


def classes_of(scenario: str, target: str) -> str:
    classes = SCENARIOS[scenario]
    return classes[0] if target == "portal" else classes[1]
