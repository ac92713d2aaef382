"""`make bench`: the portal measured beside a bare Flask ceiling on the same machine, in one
run, and the results table rewritten into docs/performance.md. `make bench-quick`
(``--quick``) runs every part at small sizes in well under two minutes and writes nothing,
so CI keeps the benchmark code working. Timing lives here, never in a test assertion.

Needs PostgreSQL (BENCH_POSTGRES, default postgresql://postgres@127.0.0.1:5432; databases
named sitc_bench_*, dropped afterwards), Redis (BENCH_REDIS, default db 3) and, for the page
weights, Chromium. Ports: BENCH_PORT (default 5300) for gunicorn."""

from __future__ import annotations

import argparse
import os
import pickle
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench import database, drain, growth, load, weight
from bench.procs import Gunicorn

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
MARKER = "<!-- results -->"
SAVED = ROOT / "instance" / "bench"
END = "<!-- end of results -->"

FULL = {
    "workers": (2, 4),
    "concurrencies": (1, 16, 64),
    "seconds": 6.0,
    "messages": 10_000,
    "drain_workers": (1, 2, 4),
    # 1 and 2 workers drain fewer messages, and a run stops after drain_timeout seconds, so that
    # `make bench` ends in about 30 minutes on a busy 2-core machine; the rate is what counts.
    "drain_fewer": int(os.environ.get("BENCH_DRAIN_FEWER", "1000")),
    "drain_timeout": float(os.environ.get("BENCH_DRAIN_TIMEOUT", "240")),
    "sizes": (10_000, 100_000, 1_000_000),
    "pages": weight.PAGES,
}
QUICK = {
    "workers": (2,),
    "concurrencies": (4,),
    "seconds": 1,
    "messages": 60,
    "drain_workers": (2,),
    "sizes": (500, 2_000),
    "pages": weight.PAGES[:2],
}


def start_page_bytes(port: int) -> int:
    """The size of the portal's start page, so that the ceiling renders a page as big."""
    import urllib.request

    url = database.recreate("size")
    database.portal_app(url)
    with Gunicorn("bench.portal_wsgi:app", port, 1, database.portal_env(url)) as server:
        size = len(urllib.request.urlopen(server.url + "/").read())
    database.drop("size")
    return size


def page_weights(port: int, pages: list[str]) -> dict[str, tuple[int, int, int]]:
    url = database.recreate("weight")
    database.portal_app(url)
    with Gunicorn("bench.portal_wsgi:app", port, 1, database.portal_env(url)) as server:
        results = weight.measure(server.url, pages)
    database.drop("weight")
    return results


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    load1, load5, _ = os.getloadavg()
    return (
        f"{platform.machine()}, {os.cpu_count()} cores ({model or 'unknown CPU'}){memory}, Python "
        f"{platform.python_version()}; load average {load1:.1f} / {load5:.1f} (1 / 5 min) when the run ended"
    )


def ratio(value: float, ceiling: float) -> str:
    return f"{value / ceiling:.2f}" if ceiling else "–"


def met(ok: bool) -> str:
    return "met" if ok else "**missed**"


def report(config: dict[str, Any], results: dict[str, Any], quick: bool) -> list[str]:
    runs = results["load"]["runs"]
    lines = [
        MARKER,
        "",
        f"## Results{' (quick mode: small sizes, not for comparison)' if quick else ''}",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} at commit `{commit()}` on {machine()}. "
        f"PostgreSQL and Redis on the same machine; the load generator (locust, headless) too. "
        f"{os.environ.get('BENCH_NOTE', '')}".rstrip(),
        "",
        "### Load test (gunicorn sync workers, PostgreSQL, Redis rate limits)",
        "",
        f"Each cell ran {config['seconds']:.0f} s at a fixed number of concurrent users with no think time. "
        "The rate limit on failed look-ups was **raised for the benchmark** "
        f"(`STATUS_LOOKUP_LIMIT` and `STATUS_LOOKUP_ALARM` = `{load.LOOKUP_LIMIT}`) because every request comes "
        "from one address; the production default is 10 failed look-ups an hour per client. "
        "The ratio is the portal's figure over the ceiling's: requests per second (higher is better), worker CPU "
        "per request as ceiling ÷ portal (the steadier figure; 1.0 means as cheap as the bare app), p99 latency "
        "as portal ÷ ceiling. For the complete report, rps counts completed reports "
        f"({len(load.report_pages())} question pages plus check-answers, each GET and POST, and the confirmation).",
        "",
        "| scenario | workers | users | portal rps | ceiling rps | rps ratio | portal CPU ms/req | ceiling CPU ms/req "
        "| CPU ratio | portal p50 / p95 / p99 ms | ceiling p99 ms | p99 ratio |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
    ]
    for workers in config["workers"]:
        for scenario in load.SCENARIOS:
            for users in config["concurrencies"]:
                p = runs[("portal", workers, scenario, users)]
                c = runs[("ceiling", workers, scenario, users)]
                lines.append(
                    f"| {scenario} | {workers} | {users} | {p.rps:.1f} | {c.rps:.1f} | {ratio(p.rps, c.rps)} "
                    f"| {p.cpu_ms_per_request:.2f} | {c.cpu_ms_per_request:.2f} "
                    f"| {ratio(c.cpu_ms_per_request, p.cpu_ms_per_request)} "
                    f"| {p.p50:.0f} / {p.p95:.0f} / {p.p99:.0f} | {c.p99:.0f} | {ratio(p.p99, c.p99)} |"
                )
    failures = sum(run.failures for run in runs.values())
    lines += ["", f"Failed requests in all load runs: {failures}."]
    paced = results["load"]["paced"]
    if paced:
        p, c = paced["portal"], paced["ceiling"]
        lines += [
            "",
            f"Wrong-code look-ups paced at 200 a second (20 users at 10/s) on 2 workers: portal {p.rps:.0f}/s, "
            f"p50 / p95 / p99 {p.p50:.0f} / {p.p95:.0f} / {p.p99:.0f} ms; ceiling {c.rps:.0f}/s, p99 {c.p99:.0f} ms.",
        ]
    rss = results["load"]["rss_mib"]
    lines += [
        "",
        "Largest worker RSS after the load test: "
        + ", ".join(f"{target} {workers} workers {mib:.0f} MiB" for (target, workers), mib in sorted(rss.items()))
        + ".",
        "",
        f"### Intake drain (pending messages delivered by `flask intake worker` processes on PostgreSQL; "
        f"{config['messages']:,} for {max(config['drain_workers'])} workers"
        + (f", {config['drain_fewer']:,} for fewer" if config.get("drain_fewer") else "")
        + (f"; a run stops after {config['drain_timeout']:.0f} s" if config.get("drain_timeout") else "")
        + ")",
        "",
        "| destination | workers | delivered | seconds | messages/s | worker CPU ms/message | delivered twice | lost "
        "| left when time ran out | peak worker MiB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for (destination, workers), d in results["drain"].items():
        lines.append(
            f"| {'built-in duty desk' if destination == 'builtin' else 'local webhook receiver'} | {workers} "
            f"| {d.delivered:,} | {d.seconds:.1f} | {d.per_second:.0f} | {d.cpu_ms_per_message:.1f} | {d.duplicates} "
            f"| {d.lost} | {d.undelivered:,} | {d.peak_mib:.0f} |"
        )
    sizes = config["sizes"]
    g = results["growth"]
    lines += [
        "",
        "### Growth with data (median of 30, ms, through the portal's own functions)",
        "",
        "| query | " + " | ".join(f"{size:,}" for size in sizes) + f" | {sizes[-1]:,} ÷ {sizes[0]:,} | index used |",
        "| --- | " + " | ".join("---:" for _ in sizes) + " | ---: | :---: |",
    ]
    for name in g["plans"]:
        cells = [g["ms"][(name, size)] for size in sizes]
        lines.append(
            f"| {name} | " + " | ".join(f"{ms:.2f}" for ms in cells) + f" | {cells[-1] / cells[0]:.2f} "
            f"| {'yes' if g['plans'][name][1] else 'NO'} |"
        )
    lines += [
        "",
        "Seeding (COPY): " + ", ".join(f"{size:,} in {s:.0f} s" for size, s in g["seed_seconds"].items()) + ".",
        "",
        "<details><summary>PostgreSQL plans at the largest size</summary>",
        "",
    ]
    for name, (plan, _) in g["plans"].items():
        lines += [f"{name}:", "", "```", plan, "```", ""]
    lines += ["</details>", "", "### Weight of a first visit (Chromium, transferred bytes)", ""]
    lines += ["| page | HTML (KB) | total (KB) | requests |", "| --- | ---: | ---: | ---: |"]
    for path, (html, total, count) in results["weight"].items():
        lines.append(f"| `{path}` | {html / 1000:.1f} | {total / 1000:.1f} | {count} |")
    lines += ["", "### Goals", ""] + [f"- {line}" for line in goals(config, results)] + ["", END, ""]
    return lines


def goals(config: dict[str, Any], results: dict[str, Any]) -> list[str]:
    runs = results["load"]["runs"]
    out = []
    users = 16 if 16 in config["concurrencies"] else config["concurrencies"][-1]
    for scenario in ("status look-up, wrong code", "status look-up, valid code", "start page"):
        p, c = runs[("portal", 2, scenario, users)], runs[("ceiling", 2, scenario, users)]
        by_rps, by_cpu = (
            p.rps / c.rps if c.rps else 0,
            c.cpu_ms_per_request / p.cpu_ms_per_request if p.cpu_ms_per_request else 0,
        )
        out.append(
            f"{scenario} at least 0.5 of the ceiling's throughput (2 workers, {users} users): "
            f"{met(by_rps >= 0.5 and by_cpu >= 0.5)}: {by_rps:.2f} by requests per second, {by_cpu:.2f} by worker CPU"
            + ("" if by_rps >= 0.5 and by_cpu >= 0.5 else f" ({0.5 - min(by_rps, by_cpu):.2f} short)")
        )
    paced = results["load"]["paced"].get("portal")
    if paced:
        out.append(
            "look-up p99 under 50 ms at 200 requests per second on 2 workers: "
            f"{met(paced.p99 < 50 and paced.rps >= 190)}: "
            f"p99 {paced.p99:.0f} ms at {paced.rps:.0f}/s"
        )
    top = max(config["workers"])
    best = max(runs[("portal", top, "complete anonymous report", u)].rps for u in config["concurrencies"])
    out.append(
        f"at least 100 completed multi-page reports per second on 4 workers: {met(best >= 100 and top == 4)}: "
        f"{best:.1f}/s on {top} workers ({100 / best if best else 0:.0f}× short)"
        if best < 100
        else f"at least 100 completed reports per second on 4 workers: met: {best:.1f}/s"
    )
    top_drain = max(config["drain_workers"])
    for destination in ("builtin", "webhook"):
        d = results["drain"][(destination, top_drain)]
        target = d.messages * 60 / 10_000
        whole = d.messages / d.per_second if d.per_second else float("inf")
        ok = whole <= target and d.lost == 0 and d.duplicates == 0
        out.append(
            f"{d.messages:,} messages to {destination} drained in at most {target:.0f} s with {top_drain} workers: "
            f"{met(ok)}: {d.per_second:.0f} messages/s, so {whole:.0f} s for {d.messages:,}"
            + (f" ({whole / target:.1f}× the goal)" if not ok else "")
            + f"; {d.duplicates} delivered twice, {d.lost} lost"
        )
    g = results["growth"]
    sizes = config["sizes"]
    for name in g["plans"]:
        grown = g["ms"][(name, sizes[-1])] / g["ms"][(name, sizes[0])]
        out.append(f"{name}: cost at {sizes[-1]:,} within 1.5× of {sizes[0]:,}: {met(grown <= 1.5)}: {grown:.2f}×")
    heavy = [(path, total) for path, (_, total, _) in results["weight"].items() if total > 100_000]
    out.append(
        "every public page at most 100 KB on a first visit: "
        + (met(not heavy) + (": " + ", ".join(f"`{p}` {t / 1000:.0f} KB" for p, t in heavy) if heavy else ""))
    )
    worst = max(mib for (target, _), mib in results["load"]["rss_mib"].items() if target == "portal")
    out.append(
        f"web worker at most 150 MB after the load test: {met(worst * 1.048576 <= 150)}: {worst * 1.048576:.0f} MB"
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmarks; results written to docs/performance.md")
    parser.add_argument("--quick", action="store_true", help="small sizes, seconds; prints, writes nothing")
    parser.add_argument(
        "--only", choices=["load", "drain", "growth", "weight"], action="append", help="run these parts and save them"
    )
    parser.add_argument(
        "--report", action="store_true", help="write docs/performance.md from the parts saved by earlier --only runs"
    )
    args = parser.parse_args()
    config = QUICK if args.quick else FULL
    port = int(os.environ.get("BENCH_PORT", "5300"))
    parts = args.only or ["load", "drain", "growth", "weight"]
    results: dict[str, Any] = {
        "load": {"runs": {}, "rss_mib": {}, "paced": {}},
        "drain": {},
        "growth": {"ms": {}, "plans": {}, "seed_seconds": {}},
        "weight": {},
    }
    started = time.monotonic()
    if args.report:
        for part in results:
            results[part] = pickle.loads((SAVED / f"{part}.pickle").read_bytes())  # noqa: S301 - our own file
        parts = []
    if "load" in parts:
        size = start_page_bytes(port)
        print(f"load test (the ceiling renders {size} bytes, as the portal's start page)", flush=True)
        results["load"] = load.run_all(config["workers"], config["concurrencies"], config["seconds"], port, size)
    if "drain" in parts:
        print("intake drain", flush=True)
        results["drain"] = drain.run(
            config["messages"], config["drain_workers"], config.get("drain_fewer"), config.get("drain_timeout", 600)
        )
    if "growth" in parts:
        print("growth with data", flush=True)
        results["growth"] = growth.run(config["sizes"])
    if "weight" in parts:
        print("page weight", flush=True)
        results["weight"] = page_weights(port, config["pages"])
    print(f"finished in {time.monotonic() - started:.0f} s", flush=True)
    if args.only:
        SAVED.mkdir(parents=True, exist_ok=True)
        for part in parts:
            (SAVED / f"{part}.pickle").write_bytes(pickle.dumps(results[part]))
        return
    lines = report(config, results, args.quick)
    print("\n".join(lines))
    if not args.quick:
        text = DOC.read_text(encoding="utf-8") if DOC.exists() else MARKER
        head = text.split(MARKER)[0]
        tail = text.split(END, 1)[1] if END in text else ""
        DOC.write_text(head + "\n".join(lines) + tail.lstrip("\n"), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
