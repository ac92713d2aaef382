"""Run schemathesis (every check, positive and negative data) against a live server with a test
API key, and exit with its status. For `.ci/run`:

    .venv/bin/python scripts/api_conformance.py [--port 0] [--max-examples 100]

It builds a throwaway database (SQLite, or TEST_DATABASE_URL when set: give it a database of its
own), migrates it, makes a partner organisation with an API key and one submission, serves the
app on 127.0.0.1 and points `schemathesis run` at /api/v1/openapi.json."""

import argparse
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from flask_migrate import upgrade
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal import create_app  # noqa: E402
from portal.apikeys import create_api_key  # noqa: E402
from portal.config import TestingConfig  # noqa: E402
from portal.constants import Channel, SubmissionKind  # noqa: E402
from portal.core.submissions import NewSubmission, store_submission  # noqa: E402
from portal.extensions import db, limiter  # noqa: E402
from portal.models import Organisation  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--max-examples", type=int, default=100)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{Path(folder) / 'portal.sqlite3'}"
        app = create_app(
            TestingConfig,
            SQLALCHEMY_DATABASE_URI=url,
            EVIDENCE_DIR=str(Path(folder) / "evidence"),
            RATELIMIT_ENABLED=False,  # the 429 answer has its own test (tests/api/test_problems.py)
        )
        with app.app_context():
            upgrade()
            organisation = Organisation(name="Conformance Test Partner")
            db.session.add(organisation)
            db.session.commit()
            _key, plain = create_api_key(organisation.id, None, 5)
            db.session.commit()
            store_submission(
                NewSubmission(
                    kind=SubmissionKind.REPORT, language="en", channel=Channel.NONE, anonymous=True, answers={}
                ),
                None,
            )
            db.session.commit()
            db.session.remove()
        limiter.enabled = False
        server = make_server("127.0.0.1", options.port, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            base = f"http://127.0.0.1:{server.server_port}"
            command = [
                str(Path(sys.executable).parent / "schemathesis"),
                "run",
                f"{base}/api/v1/openapi.json",
                "--checks",
                "all",
                "--max-examples",
                str(options.max_examples),
                "--header",
                f"Authorization: Bearer {plain}",
                "--mode",
                os.environ.get("SCHEMATHESIS_MODE", "positive"),
                "--generation-deterministic",
                "--no-color",
            ]
            return subprocess.run(command, cwd=ROOT, check=False).returncode  # noqa: S603 - our own fixed command
        finally:
            server.shutdown()


if __name__ == "__main__":
    sys.exit(main())
