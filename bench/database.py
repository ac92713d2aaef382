"""Throwaway PostgreSQL databases for the benchmark (named sitc_bench_* by default) and a
portal app bound to one, with the same secrets the gunicorn processes get."""

from __future__ import annotations

import os
from typing import Any

import psycopg
from flask import Flask

SERVER = os.environ.get("BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
PREFIX = os.environ.get("BENCH_DB_PREFIX", "sitc_bench_")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/3")
SECRETS = {
    "SECRET_KEY": "benchmark-secret-key-0123456789abcdef-not-for-production",
    "TRACKING_CODE_PEPPER": "benchmark-pepper-0123456789abcdef-not-for-production",
}


def url(name: str) -> str:
    return f"{SERVER.replace('postgresql://', 'postgresql+psycopg://')}/{PREFIX}{name}"


def recreate(name: str) -> str:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PREFIX}{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{PREFIX}{name}"')
    return url(name)


def drop(name: str) -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PREFIX}{name}" WITH (FORCE)')


def portal_env(database_url: str, **extra: str) -> dict[str, str]:
    """Environment of a production portal process in the benchmark."""
    return {
        "PORTAL_CONFIG": "production",
        "DATABASE_URL": database_url,
        "RATELIMIT_STORAGE_URI": REDIS,
        "FLASK_APP": "wsgi.py",
        **SECRETS,
        **extra,
    }


def portal_app(database_url: str, **overrides: Any) -> Flask:
    """The portal in this process, on that database, migrated."""
    from flask_migrate import upgrade

    from portal import create_app
    from portal.config import TestingConfig

    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_url, **SECRETS, **overrides)
    with app.app_context():
        upgrade()
        app.extensions["sqlalchemy"].engine.dispose()
    return app
