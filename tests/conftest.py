"""Fixtures: the app from create_app(TestingConfig), a client, a CLI runner, a signed-in staff
member, and a database built by running the migrations, emptied after every test.

The suite runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL is set."""

import contextvars
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
from sqlalchemy import text

from portal import create_app
from portal.config import TestingConfig
from portal.extensions import db
from portal.models import User

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")
STAFF_PASSWORD = "correct horse battery staple"


def pytest_report_header(config: pytest.Config) -> str:
    backend = (
        "PostgreSQL (TEST_DATABASE_URL)" if POSTGRES_URL else "SQLite (set TEST_DATABASE_URL to also run on PostgreSQL)"
    )
    return f"database under test: {backend}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database with the schema built by the Alembic migrations, once per run."""
    url = POSTGRES_URL or f"sqlite:///{tmp_path_factory.mktemp('db') / 'portal.sqlite3'}"
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade()
    yield url


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
