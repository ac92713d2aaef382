"""What must show 1: a council's file changes the Community Trigger decision on the web result
page and in `flask trigger assess`, and the decision records the new rules hash."""

import json
import logging
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from portal import create_app, rules
from portal.config import TestingConfig
from portal.core.lookup import find_by_tracking_code
from portal.disclosure import CellState, DisclosureRules, Published, disclosure_rules, publish_count
from portal.extensions import db
from portal.models import OutboxMessage, TriggerCase
from portal.trigger.cli import trigger_cli
from tests.conftest import make_user, sign_in
from tests.pages import check_page
from tests.trigger.helpers import add_complaint, complaint_data, finish_to_result, submit_from_result, today, who

COUNT_2_NO_HOUSEHOLDS = """
[community_trigger.statutory]
threshold = 2

[community_trigger.households]
enabled = false
"""


def _two_qualifying_complaints(client) -> None:  # type: ignore[no-untyped-def]
    who(client)
    for days_ago in (40, 20):
        day = today() - timedelta(days=days_ago)
        add_complaint(client, complaint_data(day, day + timedelta(days=2)))


def _history(tmp_path: Path) -> Path:
    applied = today()
    history = {
        "application_date": applied.isoformat(),
        "applicant_household": "flat-1",
        "complaints": [
            {
                "incident_date": (applied - timedelta(days=days_ago)).isoformat(),
                "reported_date": (applied - timedelta(days=days_ago - 2)).isoformat(),
                "agency": "council",
            }
            for days_ago in (40, 20)
        ],
    }
    path = tmp_path / "history.json"
    path.write_text(json.dumps(history))
    return path


def _statutory(page) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    row = page.one('#rules [data-rule="statutory"]')
    return row["data-met"], row.select_one(".app-rule-reason").get_text(strip=True)


def test_the_same_history_does_not_qualify_under_the_defaults(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _two_qualifying_complaints(client)
    result = finish_to_result(client)
    assert result.one("#decision")["data-met"] == "false"
    assert _statutory(result) == (
        "false",
        "2 qualifying complaints about this problem; the threshold is 3. A complaint qualifies when it was made "
        "within one month of the behaviour and within the six months before the application. An incident "
        "reported to several agencies counts once.",
    )
    printed = client.application.test_cli_runner().invoke(args=["trigger", "assess", str(_history(tmp_path))])
    assert printed.exit_code == 0, printed.output
    assert json.loads(printed.output)["met"] is False


def test_a_council_file_with_count_2_and_no_households_rule_makes_it_qualify(app_with_rules, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = app_with_rules(COUNT_2_NO_HOUSEHOLDS)
    in_force = rules.current()
    assert in_force.hash != rules.default_rules().hash
    assert in_force.sources["community_trigger.statutory.threshold"].startswith("council file ")
    client = app.test_client()

    _two_qualifying_complaints(client)
    result = finish_to_result(client)
    assert result.one("#decision")["data-met"] == "true"
    assert _statutory(result) == (
        "true",
        "2 qualifying complaints about this problem; the threshold is 2, so it is met.",
    )
    # A switched-off rule is not offered as a way in.
    assert [row["data-rule"] for row in result.all("#rules [data-rule]")] == ["statutory", "hate"]

    confirmation = submit_from_result(client)
    submission = find_by_tracking_code(confirmation.text("#tracking-code"))
    case = db.session.get(TriggerCase, submission.id)
    assert case.engine_met is True
    assert case.rules_hash == in_force.hash
    assert submission.rules_hash == in_force.hash
    payload = db.session.scalar(select(OutboxMessage.payload).where(OutboxMessage.submission_id == submission.id))
    assert payload["submission"]["application"]["threshold"]["rules_hash"] == in_force.hash
    assert payload["submission"]["triage"]["rules_hash"] == in_force.hash

    app.cli.add_command(trigger_cli)
    printed = app.test_cli_runner().invoke(args=["trigger", "assess", "--with-rules-hash", str(_history(tmp_path))])
    assert printed.exit_code == 0, printed.output
    decided = json.loads(printed.output)
    assert decided["met"] is True
    assert (
        decided["rules"][0]["reason"] == "2 qualifying complaints about this problem; the threshold is 2, so it is met."
    )
    assert decided["rules_hash"] == in_force.hash


def _summary(page, key: str) -> str:  # type: ignore[no-untyped-def]
    for row in page.all(".govuk-summary-list__row"):
        if row.select_one("dt").get_text(strip=True) == key:
            return row.select_one("dd").get_text(strip=True)
    raise AssertionError(f"no row {key!r}")


def test_the_duty_desk_shows_the_rules_version_of_the_decision_and_the_lead_agency(app_with_rules) -> None:  # type: ignore[no-untyped-def]
    app = app_with_rules(COUNT_2_NO_HOUSEHOLDS)
    in_force = rules.current()
    client = app.test_client()
    _two_qualifying_complaints(client)
    finish_to_result(client)
    confirmation = submit_from_result(client)
    submission = find_by_tracking_code(confirmation.text("#tracking-code"))

    staff = app.test_client()
    sign_in(staff, make_user())
    desk = check_page(staff.get(f"/duty-desk/submissions/{submission.reference}"))
    assert _summary(desk, "Rules version (suggested lead agency)") == in_force.short_hash
    case = check_page(staff.get(f"/duty-desk/community-trigger/{submission.reference}"))
    assert _summary(case, "Rules version (threshold decision)") == in_force.short_hash
    assert in_force.short_hash != rules.default_rules().short_hash


def test_a_deprecated_variable_logs_a_deprecation_line(database_url: str, caplog) -> None:  # type: ignore[no-untyped-def]
    with caplog.at_level(logging.WARNING, logger="portal.rules"):
        app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_url, RETENTION_DAYS=30)
    assert [record.getMessage() for record in caplog.records if record.name == "portal.rules"] == [
        "RETENTION_DAYS is deprecated: it still works in this release, but set the value in the rules file "
        "(PORTAL_RULES_FILE; docs/rules.md) instead"
    ]
    with app.app_context():
        assert rules.current().retention.report_content_days == 30
        assert rules.current().sources["retention.report_content_days"] == (
            "environment variable RETENTION_DAYS (deprecated)"
        )


def test_the_statistics_disclosure_rules_come_from_the_council_file(app_with_rules) -> None:  # type: ignore[no-untyped-def]
    app_with_rules("[statistics]\nsuppress_below = 10\nround_to = 1\n")
    assert disclosure_rules() == DisclosureRules(10, 1)
    assert publish_count(7, disclosure_rules()).state == CellState.FEWER_THAN
    assert publish_count(12, disclosure_rules()) == Published(CellState.SHOWN, 12)
