"""The deployment topology on one machine: 4 gunicorn workers and 3 intake worker processes on
one PostgreSQL database, rate limits in Redis, a local case system receiving webhooks.

500 reports go in concurrently through HTTP as `POST /api/v1/reports` with a partner's API key
(one request a report: the web journey's 35 requests a report would take several minutes on a
2-core CI machine; the web journey under load is measured by `make bench`). One intake worker
is killed with SIGKILL while it is sending. Every report must reach the receiver, and none may
be taken twice: the receiver, like a real case system, acts once per Idempotency-Key and
counts any repeat. The look-up limit must hold across the 4 web processes (Redis)."""

from __future__ import annotations

import signal
import socket
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import psycopg
import pytest
import requests

from tests.conftest import POSTGRES_URL

REDIS_URL = __import__("os").environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/3")
REPORTS = 500


def _redis_up() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping())
    except Exception:
        return False


pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.skipif(not POSTGRES_URL.startswith("postgresql"), reason="needs TEST_DATABASE_URL on PostgreSQL"),
    pytest.mark.skipif(not _redis_up(), reason=f"needs Redis at {REDIS_URL} (TEST_REDIS_URL)"),
]

ANSWERS = {
    "client-consent": {"consent": "anonymous"},
    "in-danger": {"in_danger": "no"},
    "what-kind": {"incident_type": "hate", "online": "no"},
    "hate-motivation": {"strands": ["race"]},
    "what-happened": {"description": "Our client was shouted at in the street."},
    "when": {"when_kind": "once", "incident_date": "2026-11-20"},
    "where": {"place_type": "street", "address": "Outside the library"},
    "people": {"responsible": "unknown", "more_than_one": "no", "witnesses": "no"},
    "impact": {
        "aimed_at_you": "yes",
        "effects": ["none"],
        "unsafe_at_home": "no",
        "condition_affected": "no",
        "support": "yes",
    },
    "already-reported": {"reported_to": ["nobody"]},
    "housing": {"social_tenant": "no"},
    "outcome": {"outcomes": ["record"]},
    "sharing": {"share_with_partners": "yes"},
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def scale_database() -> Any:
    server, _, name = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://").rpartition("/")
    scale = f"{name}_scale"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{scale}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{scale}"')
    yield f"{server.replace('postgresql://', 'postgresql+psycopg://')}/{scale}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{scale}" WITH (FORCE)')


def _partner_key(database_url: str) -> str:
    from bench.database import portal_app
    from portal.apikeys import create_api_key
    from portal.extensions import db
    from portal.models import Organisation

    app = portal_app(database_url)
    with app.app_context():
        organisation = Organisation(name="Scale Test Refugee Support")
        db.session.add(organisation)
        db.session.flush()
        _, plain = create_api_key(organisation.id, None, 5)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return plain


def _failed_lookup(base: str) -> int:
    """One failed look-up from a new browser (new cookie, new connection): the answer's status."""
    with requests.Session() as browser:
        page = browser.get(f"{base}/status/", timeout=30)
        token = page.text.split('name="csrf_token"', 1)[1].split('value="', 1)[1].split('"', 1)[0]
        answer = browser.post(
            f"{base}/status/", data={"csrf_token": token, "tracking_code": "ABCD-EFGH-JKMN-PQRS-TV"}, timeout=30
        )
        return answer.status_code


def test_500_reports_reach_the_case_system_exactly_once_across_a_sigkill(scale_database: str) -> None:
    import redis

    from bench.database import portal_env
    from bench.drain import SECRET, start_workers, stop
    from bench.procs import Gunicorn
    from bench.receiver import CountingReceiver

    key = _partner_key(scale_database)
    prefix = f"scale-{uuid.uuid4().hex[:8]}"
    store = redis.Redis.from_url(REDIS_URL)
    with CountingReceiver(slow_seconds=0.02) as receiver:
        env = portal_env(
            scale_database,
            RATELIMIT_STORAGE_URI=REDIS_URL,
            RATELIMIT_KEY_PREFIX=prefix,
            STATUS_LOOKUP_LIMIT="5 per hour",
            STATUS_LOOKUP_ALARM="1000 per hour",
            PARTNER_API_LIMIT="100000 per minute",
            INTAKE_DESTINATIONS="webhook",
            INTAKE_WEBHOOK_URL=receiver.url,
            INTAKE_WEBHOOK_SECRET=SECRET,
            INTAKE_POLL_SECONDS="1",
            INTAKE_LEASE_SECONDS="4",
        )
        workers = start_workers(3, env)
        try:
            with Gunicorn("bench.portal_wsgi:app", _free_port(), 4, env) as web:
                assert len(web.worker_pids) == 4

                def submit(n: int) -> tuple[int, str]:
                    answer = requests.post(
                        f"{web.url}/api/v1/reports",
                        json={"language": "en", "answers": ANSWERS},
                        headers={"Authorization": f"Bearer {key}", "Idempotency-Key": f"scale-{n}"},
                        timeout=60,
                    )
                    return answer.status_code, answer.json().get("reference", "")

                killed = False
                with ThreadPoolExecutor(16) as pool:
                    pending = [pool.submit(submit, n) for n in range(REPORTS)]
                    while not all(future.done() for future in pending):
                        if not killed and receiver.deliveries >= 60:
                            workers[0].send_signal(signal.SIGKILL)
                            killed = True
                        time.sleep(0.05)
                    answers = [future.result() for future in pending]
                assert Counter(status for status, _ in answers) == {201: REPORTS}
                references = {reference for _, reference in answers}
                assert len(references) == REPORTS

                deadline = time.monotonic() + 120
                while time.monotonic() < deadline and set(receiver.references) != references:
                    if not killed and receiver.deliveries >= 60:
                        workers[0].send_signal(signal.SIGKILL)
                        killed = True
                    time.sleep(0.25)
                time.sleep(1.5)  # a late second delivery would show up now

                # The look-up limit is one count in Redis for all four web processes.
                statuses = [_failed_lookup(web.url) for _ in range(8)]
                assert statuses == [200] * 5 + [429] * 3
                assert any(prefix in name.decode() for name in store.scan_iter(match=f"*{prefix}*"))
        finally:
            stop(workers)
            for name in store.scan_iter(match=f"*{prefix}*"):
                store.delete(name)
    assert killed and workers[0].returncode == -signal.SIGKILL
    # Every report reached the case system; a repeat is at most the one send the kill interrupted.
    assert set(receiver.references) == references
    repeats = sum(count - 1 for count in receiver.references.values())
    assert repeats <= 1, receiver.references.most_common(3)
    with psycopg.connect(scale_database.replace("postgresql+psycopg://", "postgresql://")) as conn:
        states = dict(conn.execute("SELECT status, count(*) FROM outbox_messages GROUP BY status").fetchall())
    assert states == {"delivered": REPORTS}
