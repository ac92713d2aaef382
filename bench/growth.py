"""Growth with data: the same queries at 10k, 100k and 1M submissions on PostgreSQL, each
through the portal's own functions, with PostgreSQL's plan (EXPLAIN) for each."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select, text

from bench import database, seed

REPEAT = 30
PAGE = 50


def _median_ms(fn: Callable[[], object], repeat: int = REPEAT) -> float:
    fn()  # warm the cache and the plan
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def _plan(statement: Any) -> str:
    from portal.extensions import db

    compiled = statement.compile(db.engine, compile_kwargs={"literal_binds": True})
    rows = db.session.execute(text(f"EXPLAIN {compiled}")).scalars().all()
    return "\n".join(rows)


def _uses_index(plan: str) -> bool:
    return "Index" in plan and "Seq Scan on submissions" not in plan


def queries(valid_code: str, wrong_code: str) -> dict[str, tuple[Callable[[], object], Any]]:
    """name: (what to time, the statement whose plan is shown)."""
    from portal.casework.services import RISK_ORDER
    from portal.constants import SubmissionKind
    from portal.core import tracking
    from portal.core.answers import Answers
    from portal.core.lookup import LookupFailed, find_by_tracking_code
    from portal.core.trigger_links import ROWS
    from portal.extensions import db
    from portal.models import Submission, utcnow
    from portal.publication import queries as publication
    from portal.publication.periods import financial_year, financial_year_of
    from portal.trigger import figures
    from portal.trigger.services import history

    def lookup(code: str) -> Callable[[], object]:
        def run() -> object:
            try:
                return find_by_tracking_code(code)
            except LookupFailed:
                return None
            finally:
                db.session.expire_all()

        return run

    digest = tracking.hash_tracking_code(tracking.parse_tracking_code(wrong_code), "x")
    lookup_statement = select(Submission).where(Submission.tracking_hash == digest)
    # The duty desk's queue (portal/casework/services.inbox) as a first page of 50, and filtered.
    queue = (
        select(Submission)
        .where(Submission.delivered_at.is_not(None), Submission.closed_at.is_(None))
        .order_by(Submission.immediate_attention.desc(), RISK_ORDER, Submission.assessment_due)
        .limit(PAGE)
    )
    filtered = queue.where(Submission.is_hate.is_(True), Submission.stage == "received")

    def page(statement: Any) -> Callable[[], object]:
        def run() -> object:
            rows = db.session.scalars(statement).all()
            db.session.expire_all()
            return rows

        return run

    today = utcnow().date()
    start, end = figures.default_period(today)
    statistics_statement = select(Submission.id).where(
        Submission.kind == SubmissionKind.TRIGGER_APPLICATION,
        Submission.received_on >= start,
        Submission.received_on <= end,
    )
    # Two of one household's reports about one place in the last six months, linked to an application.
    place = db.session.scalar(
        select(Submission.location_key)
        .where(
            Submission.kind == SubmissionKind.REPORT,
            Submission.location_key.is_not(None),
            Submission.received_on >= today - timedelta(days=150),
        )
        .limit(1)
    )
    linked = list(
        db.session.scalars(
            select(Submission.id)
            .where(Submission.location_key == place, Submission.kind == SubmissionKind.REPORT)
            .limit(2)
        )
    )
    answers = Answers({"pages": {ROWS: {"typed": [], "linked": linked}}})
    history_statement = select(Submission).where(
        Submission.location_key.in_([place]),
        Submission.kind != SubmissionKind.TRIGGER_APPLICATION,
        Submission.received_on >= today - timedelta(days=183),
        Submission.received_on <= today,
    )

    def trigger_history() -> object:
        result = history(answers, today)
        db.session.expire_all()
        return result

    def stats() -> object:
        return figures.figures_for(start, end)

    # The public statistics pages' figures for the current financial year (portal/publication).
    year = financial_year(financial_year_of(today))
    published_statement = (
        select(Submission.route, func.count(Submission.id))
        .where(
            Submission.kind.in_(publication.REPORT_KINDS),
            Submission.received_on >= year.start,
            Submission.received_on <= year.end,
        )
        .group_by(Submission.route)
    )

    def published() -> object:
        result = publication.figures_for(year)
        db.session.expire_all()
        return result

    return {
        "status look-up, valid code": (lookup(valid_code), lookup_statement),
        "status look-up, wrong code": (lookup(wrong_code), lookup_statement),
        "duty desk queue, first page": (page(queue), queue),
        "duty desk queue, filtered first page": (page(filtered), filtered),
        "Community Trigger statistics (a year)": (stats, statistics_statement),
        "public statistics (a financial year)": (published, published_statement),
        "Community Trigger history look-up": (trigger_history, history_statement),
    }


def run(sizes: tuple[int, ...]) -> dict[str, Any]:
    from portal.constants import Channel, SubmissionKind
    from portal.core import tracking
    from portal.core.submissions import NewSubmission, store_submission
    from portal.extensions import db

    url = database.recreate("growth")
    app = database.portal_app(url)
    results: dict[str, Any] = {"ms": {}, "plans": {}, "seed_seconds": {}}
    with app.test_request_context("/"):
        _, valid = store_submission(
            NewSubmission(kind=SubmissionKind.REPORT, language="en", channel=Channel.NONE, anonymous=True, answers={}),
            None,
        )
        db.session.commit()
        db.session.remove()
        wrong = tracking.new_tracking_code()
        have = 1
        for size in sizes:
            started = time.perf_counter()
            have = seed.seed_submissions(url, size - have, seed=size)
            results["seed_seconds"][size] = time.perf_counter() - started
            db.session.remove()
            for name, (fn, statement) in queries(valid, wrong).items():
                results["ms"][(name, size)] = _median_ms(fn)
                if size == sizes[-1]:
                    plan = _plan(statement)
                    results["plans"][name] = (plan, _uses_index(plan))
            print(
                f"  growth at {size}: " + ", ".join(f"{ms:.2f}" for (n, s), ms in results["ms"].items() if s == size),
                flush=True,
            )
            db.session.remove()
        db.engine.dispose()
    database.drop("growth")
    return results
