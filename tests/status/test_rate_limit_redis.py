"""With RATELIMIT_STORAGE_URI on Redis (production with more than one web process), failed
tracking-code look-ups are counted in Redis, so the limit holds across processes: ten failures
split between two apps, and the eleventh is refused by either."""

import uuid
from collections.abc import Iterator

import pytest
import redis
from flask import Flask

from portal import create_app
from portal.config import TestingConfig
from portal.core import tracking
from tests.conftest import IsolatedClient
from tests.pages import check_page

pytestmark = pytest.mark.redis


@pytest.fixture
def prefix(redis_url: str) -> Iterator[str]:
    """A key prefix of this test's own; the keys the test adds are deleted afterwards (the
    global look-up alarm's counter has no prefix)."""
    store = redis.Redis.from_url(redis_url)
    before = set(store.scan_iter())
    yield f"sitc-test-{uuid.uuid4().hex}"
    for key in set(store.scan_iter()) - before:
        store.delete(key)


def web_process(database_url: str, redis_url: str, prefix: str) -> Flask:
    app = create_app(
        TestingConfig,
        SQLALCHEMY_DATABASE_URI=database_url,
        RATELIMIT_STORAGE_URI=redis_url,
        RATELIMIT_KEY_PREFIX=prefix,
    )
    app.test_client_class = IsolatedClient
    return app


def look_up(app: Flask, status: int = 200) -> None:
    client = app.test_client()
    token = check_page(client.get("/status/")).csrf()
    response = client.post("/status/", data={"csrf_token": token, "tracking_code": tracking.new_tracking_code()})
    check_page(response, status=status)


def test_failed_look_ups_are_counted_in_redis_across_web_processes(
    app: Flask, database_url: str, redis_url: str, prefix: str
) -> None:
    first, second = (web_process(database_url, redis_url, prefix) for _ in range(2))
    for attempt in range(10):
        look_up(first if attempt % 2 else second)
    store = redis.Redis.from_url(redis_url)
    counted = [int(store.get(key) or 0) for key in store.scan_iter(f"*{prefix}*")]
    assert counted == [10], f"expected one counter of ten failures under {prefix} in Redis, found {counted}"
    look_up(first, status=429)
    look_up(second, status=429)
