"""Fixtures: the app from create_app(TestingConfig), a client, a CLI runner, a signed-in staff
member, and a database built by running the migrations, emptied after every test.

The suite runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL is set. Under
pytest-xdist every worker has a database of its own (its own SQLite file; on PostgreSQL
`<name>_<worker>`, created on TEST_DATABASE_URL's server and dropped at the end), so workers
never see each other's rows. Tests that need a service carry its marker (tests/services.py)."""

import contextvars
import importlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.globals import _cv_app
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from sqlalchemy import create_engine, make_url, text

from portal import create_app, delivery
from portal.config import TestingConfig
from portal.extensions import db
from portal.models import User
from tests.services import require_marker, service_markers

pytest_plugins = ["tests.smtp"]

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
STAFF_PASSWORD = "correct horse battery staple"


class SharedTemplateCache(BytecodeCache):
    """Compiled templates kept in memory for the whole run and shared by every app the tests
    create. Each test builds a fresh app, whose own Jinja environment would otherwise parse and
    compile every template it renders again: most of the suite's time before this cache."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CACHE = SharedTemplateCache()
_create_jinja_environment = Flask.create_jinja_environment


def _environment_with_shared_cache(self: Flask):  # type: ignore[no-untyped-def]
    environment = _create_jinja_environment(self)
    environment.bytecode_cache = TEMPLATE_CACHE
    return environment


# Every app, whether from the `app` fixture or a test's own create_app(), shares the cache.
Flask.create_jinja_environment = _environment_with_shared_cache  # type: ignore[method-assign]


def pytest_report_header(config: pytest.Config) -> str:
    backend = (
        "PostgreSQL (TEST_DATABASE_URL)" if POSTGRES_URL else "SQLite (set TEST_DATABASE_URL to also run on PostgreSQL)"
    )
    return f"database under test: {backend}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The service markers go into the JUnit XML, where scripts/check_ci_results.py counts them.
    for item in items:
        item.user_properties.append(("markers", ",".join(service_markers(item))))


def _worker_database(server_url: str, worker: str) -> str:
    """A fresh database for this xdist worker on the same PostgreSQL server; its URL."""
    url = make_url(server_url)
    name = f"{url.database}_{worker}"
    with create_engine(url, isolation_level="AUTOCOMMIT").connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False)


def _drop_database(server_url: str, worker_url: str) -> None:
    name = make_url(worker_url).database
    with create_engine(make_url(server_url), isolation_level="AUTOCOMMIT").connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database with the schema built by the Alembic migrations, once per run (per worker)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if POSTGRES_URL and worker:
        url = _worker_database(POSTGRES_URL, worker)
    else:
        url = POSTGRES_URL or f"sqlite:///{tmp_path_factory.mktemp('db') / 'portal.sqlite3'}"
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade()
        db.engine.dispose()
    yield url
    if POSTGRES_URL and worker:
        _drop_database(POSTGRES_URL, url)


@pytest.fixture(scope="session")
def _registered_adapters() -> dict[str, delivery.AdapterFactory]:
    """The adapter registry (portal/delivery.py) once every module that registers one is imported."""
    for module in ("portal.intake.adapters", "portal.intake.builtin", "portal.notify.channels"):
        importlib.import_module(module)
    return dict(delivery._registry)


@pytest.fixture(autouse=True)
def _module_state(_registered_adapters: dict[str, delivery.AdapterFactory]) -> Iterator[None]:
    """Module-level state put back after every test (adapters a test registered or replaced),
    so the order the tests run in never matters (CI runs them shuffled)."""
    yield
    delivery._registry.clear()
    delivery._registry.update(_registered_adapters)


def _empty_tables() -> None:
    tables = [table for table in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{table.name}"' for table in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


class IsolatedClient(FlaskClient):
    """Each request gets its own app context (its own `g` and database session), as it would in
    a real server, even though the test itself holds one open to use the database."""

    def open(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        def without_outer_context():  # type: ignore[no-untyped-def]
            _cv_app.set(None)  # type: ignore[arg-type]
            return super(IsolatedClient, self).open(*args, **kwargs)

        return contextvars.copy_context().run(without_outer_context)


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = create_app(
        TestingConfig,
        SQLALCHEMY_DATABASE_URI=database_url,
        EVIDENCE_DIR=str(tmp_path / "evidence"),
        INTAKE_FILEDROP_DIR=str(tmp_path / "filedrop"),
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        _empty_tables()
        yield app
        db.session.rollback()
        _empty_tables()
        db.session.remove()


@pytest.fixture
def postgres_app(request: pytest.FixtureRequest, app: Flask) -> Flask:
    """The app on PostgreSQL, for tests that need what SQLite lacks (row locks, its SQL)."""
    require_marker(request, "postgres")
    if db.engine.dialect.name != "postgresql":
        pytest.skip("needs PostgreSQL: set TEST_DATABASE_URL=postgresql+psycopg://... (the suite is on SQLite)")
    return app


@pytest.fixture
def redis_url(request: pytest.FixtureRequest) -> str:
    """A Redis database for tests that need one; keys a test writes use a prefix of its own."""
    require_marker(request, "redis")
    if not REDIS_URL:
        pytest.skip("needs Redis: set TEST_REDIS_URL=redis://127.0.0.1:6379/N")
    return REDIS_URL


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


def make_user(
    email: str = "caseworker@example.org", role: str = "caseworker", name: str = "Casey Worker", **extra: object
) -> User:
    user = User(email=email, name=name, role=role, **extra)
    user.set_password(STAFF_PASSWORD)
    db.session.add(user)
    db.session.commit()
    return user


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


def sign_in(client: FlaskClient, user: User, password: str = STAFF_PASSWORD, path: str = "/duty-desk/sign-in") -> None:
    page = client.get(path)
    response = client.post(
        path, data={"email": user.email, "password": password, "csrf_token": csrf_from(page.get_data(as_text=True))}
    )
    assert response.status_code == 302, response.get_data(as_text=True)


@pytest.fixture
def caseworker(app: Flask) -> User:
    return make_user()


@pytest.fixture
def staff_client(client: FlaskClient, caseworker: User) -> FlaskClient:
    sign_in(client, caseworker)
    return client


@pytest.fixture(scope="session")
def tmp_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)
