"""An app started with a council's rules file, on the suite's database."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask

from portal import create_app
from portal.config import TestingConfig
from portal.extensions import db
from tests.conftest import IsolatedClient, _empty_tables


@pytest.fixture
def app_with_rules(database_url: str, tmp_path: Path) -> Iterator[Callable[[str], Flask]]:
    """``app_with_rules(toml_text)``: the app as production would start it with that file."""
    started: list = []

    def start(text: str) -> Flask:
        path = tmp_path / "council-rules.toml"
        path.write_text(text, encoding="utf-8")
        app = create_app(
            TestingConfig,
            SQLALCHEMY_DATABASE_URI=database_url,
            EVIDENCE_DIR=str(tmp_path / "evidence"),
            INTAKE_FILEDROP_DIR=str(tmp_path / "filedrop"),
            PORTAL_RULES_FILE=str(path),
        )
        app.test_client_class = IsolatedClient
        context = app.app_context()
        context.push()
        _empty_tables()
        started.append(context)
        return app

    yield start
    for context in reversed(started):
        db.session.rollback()
        _empty_tables()
        db.session.remove()
        context.pop()
