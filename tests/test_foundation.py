"""The foundation's promises: configuration refuses unsafe production settings, security
headers, health check, migrations match the models, language choice."""

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask.testing import FlaskClient

from portal import create_app
from portal.config import DEVELOPMENT_SECRET, ConfigurationError, ProductionConfig
from portal.extensions import db
from tests.pages import check_page

GOOD = {
    "SECRET_KEY": "k" * 40,
    "TRACKING_CODE_PEPPER": "p" * 40,
    "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://u@127.0.0.1/x",
}


@pytest.mark.parametrize(
    ("override", "problem"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"SECRET_KEY": DEVELOPMENT_SECRET}, "SECRET_KEY"),
        ({"TRACKING_CODE_PEPPER": "short"}, "TRACKING_CODE_PEPPER"),
        ({"DEBUG": True}, "DEBUG"),
        ({"SQLALCHEMY_DATABASE_URI": "sqlite:///x.db"}, "PostgreSQL"),
        ({"WEB_CONCURRENCY": 4, "RATELIMIT_STORAGE_URI": "memory://"}, "Redis"),
    ],
)
def test_production_refuses_unsafe_configuration(override: dict, problem: str) -> None:
    with pytest.raises(ConfigurationError, match=problem):
        create_app(ProductionConfig, **{**GOOD, **override})


def test_production_starts_with_safe_configuration() -> None:
    app = create_app(ProductionConfig, **GOOD)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["DEBUG"] is False


def test_unset_portal_config_means_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PORTAL_CONFIG", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError):
        create_app()


def test_security_headers_on_every_page(client: FlaskClient) -> None:
    response = client.get("/")
    page = check_page(response)
    csp = response.headers["Content-Security-Policy"]
    nonce = page.one("body > script[nonce]")["nonce"]
    assert f"'nonce-{nonce}'" in csp
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    # A fresh nonce for every response.
    assert client.get("/").headers["Content-Security-Policy"] != csp


def test_session_cookie_is_http_only_and_same_site(client: FlaskClient) -> None:
    response = client.get("/report/in-danger")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("sitc_session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_health_reports_database_migration_and_queue(client: FlaskClient) -> None:
    response = client.get("/_status")
    body = response.get_json()
    assert response.status_code == 200
    assert body["database"] == "ok"
    # The newest migration, whatever its id once the branches' migrations are chained.
    from alembic.script import ScriptDirectory
    from flask import current_app

    head = ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config()).get_current_head()
    assert body["migration"] == head and head is not None
    assert body["outbox_pending"] == 0 and body["outbox_oldest_pending_seconds"] == 0


def test_health_says_unavailable_when_the_database_is_down() -> None:
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:9/none")
    response = app.test_client().get("/_status")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unavailable"


def test_migrations_match_the_models(app: Flask) -> None:
    with db.engine.connect() as connection:
        differences = compare_metadata(
            MigrationContext.configure(connection, opts={"render_as_batch": True}), db.metadata
        )
    assert differences == []


@pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"), reason="needs TEST_DATABASE_URL on PostgreSQL"
)
def test_postgres_is_the_database_under_test(app: Flask) -> None:
    assert db.engine.dialect.name == "postgresql"
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0002"


@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("fa", "rtl"), ("pl", "ltr"), ("cy", "ltr")])
def test_lang_parameter_sets_language_and_is_remembered(client: FlaskClient, lang: str, direction: str) -> None:
    first = check_page(client.get(f"/?lang={lang}"), lang=lang)
    assert first.one("html")["dir"] == direction
    cookie = next(c for c in first.response.headers.getlist("Set-Cookie") if c.startswith("sitc_lang="))
    assert f"sitc_lang={lang}" in cookie
    # Remembered on the next page without the parameter.
    check_page(client.get("/privacy"), lang=lang)


def test_accept_language_chooses_the_first_visit_language(client: FlaskClient) -> None:
    check_page(client.get("/", headers={"Accept-Language": "pl-PL,pl;q=0.9,en;q=0.5"}), lang="pl")
    check_page(client.get("/", headers={"Accept-Language": "xx"}), lang="en")


def test_unknown_lang_parameter_is_ignored(client: FlaskClient) -> None:
    check_page(client.get("/?lang=<script>"), lang="en")


def test_language_chooser_names_each_language_in_itself(client: FlaskClient) -> None:
    page = check_page(client.get("/"))
    links = {a["lang"]: a.get_text(strip=True) for a in page.all(".app-language-switcher a")}
    assert links["ar"] == "العربية" and links["pl"] == "Polski" and links["cy"] == "Cymraeg"
    assert page.one(".app-language-switcher [aria-current]").get_text(strip=True) == "English"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/accessibility",
        "/privacy",
        "/cookies",
        "/other-ways-to-report",
        "/report/",
        "/status/",
        "/community-trigger/",
    ],
)
def test_public_pages_render(client: FlaskClient, path: str) -> None:
    page = check_page(client.get(path))
    assert page.one("footer a[href='/accessibility']")


def test_not_found_is_a_helpful_page(client: FlaskClient) -> None:
    page = check_page(client.get("/no-such-page"), status=404)
    assert page.h1 == "Page not found"


def test_missing_csrf_token_gives_a_translated_page_and_stores_nothing(client: FlaskClient) -> None:
    from sqlalchemy import func, select

    from portal.models import Submission

    page = check_page(client.post("/status/", data={"tracking_code": "x"}), status=400)
    assert page.h1 == "This page has timed out"
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 0
