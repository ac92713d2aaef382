"""An autouse fixture for the test folders that handle tracking codes (imported by their
conftest.py): logging is captured at DEBUG, and afterwards no tracking code, in any form, and no
tracking-code hash may appear in what was logged."""

import logging
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import Submission
from tests.status.helpers import codes_made, secret_forms


@pytest.fixture(autouse=True)
def no_codes_in_logs(app: Flask, caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    # Running the migrations (Alembic's fileConfig) disables every logger that existed then;
    # switch them back on, or the check below would see nothing.
    for name, logger in list(logging.root.manager.loggerDict.items()):
        if isinstance(logger, logging.Logger) and name.split(".")[0] in ("portal", "werkzeug", "flask_limiter"):
            logger.disabled = False
    caplog.set_level(logging.DEBUG)
    codes_made.clear()
    yield
    logged = caplog.text + "\n".join(str(record.args) for record in caplog.records)
    pepper = app.config["TRACKING_CODE_PEPPER"]
    secrets = set().union(*(secret_forms(code, pepper) for code in codes_made)) if codes_made else set()
    secrets |= set(db.session.scalars(select(Submission.tracking_hash)))
    leaked = sorted(secret for secret in secrets if secret in logged)
    assert not leaked, "a tracking code or its hash was logged"
