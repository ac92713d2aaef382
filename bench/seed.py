"""Realistic rows, written fast with PostgreSQL COPY: submissions (with strands and one status
update each) for the growth benchmark, and pending outbox messages for the drain.

    python -m bench.seed --database-url postgresql+psycopg://… --submissions 1000000

Five years of reports, about 5 % of them Community Trigger applications; cases older than a
fortnight are closed, so the duty desk's open queue is a few weeks of work, as in real life.
Tracking hashes and references are random (unique), so look-ups hit the real unique index."""

from __future__ import annotations

import argparse
import json
import random
import secrets
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg

STAGES_OPEN = ["received", "acknowledged", "assessing", "in_progress"]
ASB_TYPES = ["noise", "vandalism", "drugs", "street-drinking", "threatening-behaviour", "littering"]
STRANDS = ["race", "religion", "sexual-orientation", "disability", "transgender", "alternative-subculture"]
LANGUAGES = ["en"] * 8 + ["ar", "pl", "pt", "fa"]
REFERENCE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
SPAN_DAYS = 5 * 365


def psycopg_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def _reference(rng: random.Random) -> str:
    return "SC" + "".join(rng.choice(REFERENCE_LETTERS) for _ in range(7))


def seed_submissions(database_url: str, count: int, seed: int = 1, now: datetime | None = None) -> int:
    """Add ``count`` submissions; returns how many are now in the table."""
    rng = random.Random(seed)
    now = now or datetime.now(UTC)
    locations = [secrets.token_hex(16) for _ in range(max(count // 20, 10))]
    columns = (
        "reference, tracking_hash, kind, stage, language, interpreter_needed, channel, anonymous, created_at, "
        "received_on, assessment_due, immediate_attention, risk_level, risk_score, lead_agency, is_hate, is_asb, "
        "asb_type, incident_date, location_key, household_key, contact_key, answers, delivered_at, acknowledged_at, "
        "closed_at"
    )
    answers = json.dumps({"description": "A realistic description of what happened. " * 6, "where": "street"})
    with psycopg.connect(psycopg_url(database_url)) as conn:
        first_id = conn.execute("SELECT coalesce(max(id), 0) FROM submissions").fetchone()[0]  # type: ignore[index]
        used: set[str] = {row[0] for row in conn.execute("SELECT reference FROM submissions")}
        with conn.cursor().copy(f"COPY submissions ({columns}) FROM STDIN") as copy:
            for _ in range(count):
                reference = _reference(rng)
                while reference in used:
                    reference = _reference(rng)
                used.add(reference)
                age = timedelta(days=rng.random() * SPAN_DAYS)
                created = now - age
                trigger = rng.random() < 0.05
                hate = not trigger and rng.random() < 0.4
                asb = not trigger and (not hate or rng.random() < 0.2)
                closed = age > timedelta(days=14) and rng.random() < 0.995
                named = rng.random() < 0.6
                copy.write_row(
                    (
                        reference,
                        secrets.token_hex(32),
                        "trigger_application" if trigger else "report",
                        "closed" if closed else rng.choice(STAGES_OPEN),
                        rng.choice(LANGUAGES),
                        False,
                        "email" if named else "none",
                        not named,
                        created,
                        created.date(),
                        created + timedelta(days=1),
                        rng.random() < 0.03,
                        rng.choice(["standard"] * 6 + ["medium"] * 3 + ["high"]),
                        rng.randint(0, 12),
                        None,
                        hate,
                        asb,
                        rng.choice(ASB_TYPES) if asb else None,
                        (created - timedelta(days=rng.randint(0, 20))).date(),
                        rng.choice(locations),
                        secrets.token_hex(16) if named else None,
                        secrets.token_hex(16) if named else None,
                        None if closed and age > timedelta(days=90) else answers,
                        created + timedelta(seconds=5),
                        created + timedelta(hours=3) if closed or rng.random() < 0.5 else None,
                        created + timedelta(days=10) if closed else None,
                    )
                )
        hate_ids = [row[0] for row in conn.execute("SELECT id FROM submissions WHERE is_hate AND id > %s", (first_id,))]
        with conn.cursor().copy("COPY submission_strands (submission_id, strand) FROM STDIN") as copy:
            for submission_id in hate_ids:
                copy.write_row((submission_id, rng.choice(STRANDS)))
        conn.execute(
            "INSERT INTO status_updates (submission_id, created_at, kind, direction, stage, source) "
            "SELECT id, delivered_at, 'stage', 'to_reporter', 'received', 'intake' FROM submissions WHERE id > %s",
            (first_id,),
        )
        conn.commit()
        conn.execute("ANALYZE submissions")
        conn.execute("ANALYZE submission_strands")
        conn.execute("ANALYZE status_updates")
        return int(conn.execute("SELECT count(*) FROM submissions").fetchone()[0])  # type: ignore[index]


def seed_outbox(database_url: str, count: int, destination: str, payload_of: Any) -> list[str]:
    """``count`` undelivered submissions with one pending outbox message each, for
    ``destination``; ``payload_of(reference, message_id)`` builds each payload. Returns the
    message ids."""
    rng = random.Random(7)
    now = datetime.now(UTC)
    ids: list[str] = []
    with psycopg.connect(psycopg_url(database_url)) as conn:
        used: set[str] = {row[0] for row in conn.execute("SELECT reference FROM submissions")}
        references = []
        with conn.cursor().copy(
            "COPY submissions (reference, tracking_hash, kind, stage, language, interpreter_needed, channel, "
            "anonymous, created_at, received_on, assessment_due, immediate_attention, risk_level, risk_score, "
            "is_hate, is_asb) FROM STDIN"
        ) as copy:
            for _ in range(count):
                reference = _reference(rng)
                while reference in used:
                    reference = _reference(rng)
                used.add(reference)
                references.append(reference)
                copy.write_row(
                    (
                        reference,
                        secrets.token_hex(32),
                        "report",
                        "submitted",
                        "en",
                        False,
                        "none",
                        True,
                        now,
                        now.date(),
                        now + timedelta(days=1),
                        False,
                        "standard",
                        0,
                        True,
                        False,
                    )
                )
        ids_by_reference = dict(
            conn.execute("SELECT reference, id FROM submissions WHERE reference = ANY(%s)", (references,)).fetchall()
        )
        with conn.cursor().copy(
            "COPY outbox_messages (id, submission_id, destination, event, idempotency_key, payload, status, "
            "attempts, created_at, next_attempt_at) FROM STDIN"
        ) as copy:
            for reference in references:
                message_id = str(uuid.uuid4())
                ids.append(message_id)
                copy.write_row(
                    (
                        message_id,
                        ids_by_reference[reference],
                        destination,
                        "submission.created",
                        f"{destination}:{message_id}",
                        json.dumps(payload_of(reference, message_id)),
                        "pending",
                        0,
                        now,
                        now,
                    )
                )
        conn.commit()
        conn.execute("ANALYZE outbox_messages")
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--submissions", type=int, default=10_000)
    args = parser.parse_args()
    total = seed_submissions(args.database_url, args.submissions)
    print(f"{total} submissions")


if __name__ == "__main__":
    main()
