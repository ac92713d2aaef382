"""Transports prepare what they need at start-up (portal.intake.preflight): the file drop's
folder is made on a fresh start, with safe permissions, and an unusable folder stops the app
and the worker with a message that says what to fix."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask

from portal import create_app
from portal.config import ROOT, ConfigurationError, TestingConfig
from portal.constants import OutboxStatus
from portal.extensions import db
from portal.intake.worker import run_once
from portal.models import OutboxMessage
from tests.intake.factories import stored_submission

DESTINATIONS = ["builtin", "filedrop"]


def test_a_fresh_start_makes_the_folder_and_the_first_delivery_lands_in_it(
    app: Flask, database_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "not" / "made" / "yet"
    assert not folder.exists()
    fresh = create_app(
        TestingConfig,
        SQLALCHEMY_DATABASE_URI=database_url,
        INTAKE_DESTINATIONS=DESTINATIONS,
        INTAKE_FILEDROP_DIR=str(folder),
        EVIDENCE_DIR=str(tmp_path / "evidence"),
    )
    assert folder.is_dir()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    with fresh.app_context():
        submission = stored_submission()
        outcomes = run_once()
        statuses = {message.destination: message.status for message in db.session.query(OutboxMessage)}
        reference = submission.reference
        db.session.remove()
    assert {outcome.status for outcome in outcomes} == {OutboxStatus.DELIVERED}
    assert statuses == {"builtin": OutboxStatus.DELIVERED, "filedrop": OutboxStatus.DELIVERED}
    written = [name for name in os.listdir(folder) if name.endswith(".json")]
    assert len(written) == 1 and written[0].startswith(reference)


def test_make_run_style_start_with_no_folder_made_by_hand(tmp_path: Path) -> None:
    """The commands `make run` runs, in a fresh environment: the migration and the worker."""
    folder = tmp_path / "instance" / "filedrop"
    env = {
        **os.environ,
        "PORTAL_CONFIG": "development",
        "FLASK_APP": "wsgi.py",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "INTAKE_DESTINATIONS": "builtin,filedrop",
        "INTAKE_FILEDROP_DIR": str(folder),
        "EVIDENCE_DIR": str(tmp_path / "evidence"),
    }
    flask = [sys.executable, "-m", "flask"]
    for command in (["db", "upgrade"], ["intake", "worker", "--once"]):
        done = subprocess.run(flask + command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
    assert folder.is_dir() and stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_folder_others_can_write_refuses_to_start(database_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o777)
    with pytest.raises(ConfigurationError) as refused:
        create_app(
            TestingConfig,
            SQLALCHEMY_DATABASE_URI=database_url,
            INTAKE_DESTINATIONS=DESTINATIONS,
            INTAKE_FILEDROP_DIR=str(folder),
        )
    assert "can be written by other users" in str(refused.value) and "chmod go-w" in str(refused.value)


def test_a_file_where_the_folder_should_be_refuses_to_start(database_url: str, tmp_path: Path) -> None:
    target = tmp_path / "drop"
    target.write_text("not a folder")
    with pytest.raises(ConfigurationError) as refused:
        create_app(
            TestingConfig,
            SQLALCHEMY_DATABASE_URI=database_url,
            INTAKE_DESTINATIONS=DESTINATIONS,
            INTAKE_FILEDROP_DIR=str(target),
        )
    assert str(target) in str(refused.value)


def test_the_worker_command_refuses_to_start_with_the_reason(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    env = {
        **os.environ,
        "PORTAL_CONFIG": "development",
        "FLASK_APP": "wsgi.py",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "INTAKE_DESTINATIONS": "builtin,filedrop",
        "INTAKE_FILEDROP_DIR": str(blocker / "below-a-file"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "flask", "intake", "worker", "--once"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "Refusing to start: cannot create the file drop folder" in done.stderr
