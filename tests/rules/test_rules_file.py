"""What must show 2 and 5: invalid files are refused naming the key; `flask rules check`;
`flask rules show` prints the rules in force with the source of each value; the shipped
example validates and behaves as docs/rules.md says."""

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from portal import rules
from portal.config import ROOT
from portal.core.complaint_history import Complaint
from portal.core.eligibility import assess_eligibility
from portal.core.trigger_rules import Rule, TriggerRules

EXAMPLE = ROOT / "docs" / "samples" / "rules-example.toml"

INVALID = [
    pytest.param(
        "[community_trigger.statutory]\nthreshold = 4",
        "community_trigger.statutory.threshold",
        "the threshold is 4",
        id="count-4",
    ),
    pytest.param(
        "[community_trigger.statutory]\nthreshold = 0",
        "community_trigger.statutory.threshold",
        "1 or more",
        id="count-0",
    ),
    pytest.param(
        '[community_trigger.statutory]\nthreshold = "3"',
        "community_trigger.statutory.threshold",
        "must be a whole number",
        id="count-as-text",
    ),
    pytest.param(
        "[community_trigger.statutory]\ncomplaint_within_months = 2",
        "community_trigger.statutory.complaint_within_months",
        "within one month",
        id="complaint-window-beyond-law",
    ),
    pytest.param(
        "[community_trigger.statutory]\napplication_within_months = 7",
        "community_trigger.statutory.application_within_months",
        "within six months",
        id="application-window-beyond-law",
    ),
    pytest.param(
        "[community_trigger.no_action]\ndays = -1", "community_trigger.no_action.days", "1 or more", id="negative-days"
    ),
    pytest.param(
        "[community_trigger.timescales]\nacknowledge = -2",
        "community_trigger.timescales.acknowledge",
        "0 or more",
        id="negative-timescale",
    ),
    pytest.param(
        '[community_trigger.hate]\nenabled = "yes"',
        "community_trigger.hate.enabled",
        "true or false",
        id="enabled-as-text",
    ),
    pytest.param(
        "[community_trigger.households]\nmin_households = 5\nwindow_monthz = 6",
        "community_trigger.households.window_monthz",
        "unknown key",
        id="mistyped-key",
    ),
    pytest.param("[thresholds]\nstatutory = 3", "thresholds", "unknown key", id="unknown-top-level-key"),
    pytest.param(
        '[[triage.lead]]\nwhen = { strands = ["astrology"] }\nlead = "police"\nreason = "x"\n[[triage.lead]]\nwhen = {}\nlead = "refer_on"\nreason = "y"',
        "triage.lead[0].when.strands",
        "'astrology' is not a strand",
        id="unknown-strand-in-triage",
    ),
    pytest.param(
        '[[triage.lead]]\nwhen = { hate = true }\nlead = "police"\nreason = "x"',
        "triage.lead",
        "last rule must have no conditions",
        id="triage-without-catch-all",
    ),
    pytest.param(
        '[[triage.lead]]\nwhen = {}\nlead = "the_mayor"\nreason = "x"',
        "triage.lead[0].lead",
        "must be one of",
        id="unknown-lead-agency",
    ),
    pytest.param("[risk]\nmedium_from = 12", "risk.medium_from", "above risk.high_from", id="medium-above-high"),
    pytest.param(
        "[risk.weights]\nunsafe_at_home = -3", "risk.weights.unsafe_at_home", "0 or more", id="negative-weight"
    ),
    pytest.param('[working_days]\nregion = "mars"', "working_days.region", "must be one of", id="unknown-region"),
    pytest.param('[working_days]\noffice_closes = "5pm"', "working_days.office_closes", "24-hour time", id="bad-time"),
    pytest.param(
        '[working_days]\noffice_opens = "18:00"',
        "working_days.office_opens",
        "must be before",
        id="opens-after-closing",
    ),
    pytest.param(
        "[retention]\nreport_content_days = 0", "retention.report_content_days", "1 or more", id="no-retention"
    ),
    pytest.param(
        '[languages]\noffered = ["en", "klingon"]',
        "languages.offered[1]",
        "not a language the portal has",
        id="unknown-language",
    ),
    pytest.param(
        '[languages]\nawaiting_review = ["fr"]',
        "languages.awaiting_review[0]",
        "not in languages.offered",
        id="review-not-offered",
    ),
    pytest.param(
        '[vocabulary]\nstrand_aliases = { trans = "transport" }',
        "vocabulary.strand_aliases.trans",
        "not a strand",
        id="alias-to-nothing",
    ),
    pytest.param(
        '[vocabulary]\nstrands = ["race", "age"]', "vocabulary.strands", "'age' has no label", id="strand-without-label"
    ),
    pytest.param(
        '[vocabulary.asb_types]\nnoise = "loud"',
        "vocabulary.asb_types.noise",
        "not a category",
        id="unknown-asb-category",
    ),
    pytest.param("[statistics]\nround_to = 0", "statistics.round_to", "1 or more", id="round-to-0"),
    pytest.param(
        "[statistics]\nsuppress_below = 5.5", "statistics.suppress_below", "whole number", id="suppress-as-decimal"
    ),
    pytest.param(
        '[community_trigger.local.vulnerable]\nkind = "repeat_complaints"\nmin_complaints = 2\nwindow_months = 6\ntitle = "t"\nreason_met = "m"',
        "community_trigger.local.vulnerable.reason_not_met",
        "missing",
        id="local-rule-without-reason",
    ),
    pytest.param("statistics = 5", "statistics", "must be a table", id="section-not-a-table"),
    pytest.param("[community_trigger\nthreshold = 2", "not valid TOML", "line 1", id="not-toml"),
]


@pytest.mark.parametrize(("text", "key", "problem"), INVALID)
def test_an_invalid_file_is_refused_naming_the_key(tmp_path: Path, text: str, key: str, problem: str) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(text)
    with pytest.raises(rules.RulesError) as refused:
        rules.load(path)
    named = [line for line in refused.value.problems if key in line]
    assert named, refused.value.problems
    assert problem in named[0], named[0]
    assert str(path) in str(refused.value)


@pytest.mark.parametrize(("text", "key", "problem"), INVALID[:3])
def test_flask_rules_check_prints_the_same_messages(app, tmp_path: Path, text: str, key: str, problem: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "rules.toml"
    path.write_text(text)
    result = app.test_cli_runner().invoke(args=["rules", "check", str(path)])
    assert result.exit_code == 1
    with pytest.raises(rules.RulesError) as refused:
        rules.load(path)
    for message in refused.value.problems:
        assert message in result.output
    assert key in result.output and problem in result.output


def test_flask_rules_check_accepts_the_example(app) -> None:  # type: ignore[no-untyped-def]
    result = app.test_cli_runner().invoke(args=["rules", "check", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == f"{EXAMPLE} is valid; rules hash {rules.load(EXAMPLE).hash}"


def test_flask_rules_show_prints_the_defaults_with_their_source(app) -> None:  # type: ignore[no-untyped-def]
    result = app.test_cli_runner().invoke(args=["rules", "show"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0] == f"# rules hash {rules.default_rules().hash}"
    shown = dict(line.rsplit("  # ", 1) for line in lines[1:])
    assert shown["community_trigger.statutory.threshold = 3"] == "default"
    assert shown["statistics.suppress_below = 5"] == "default"
    assert shown['working_days.region = "england-wales"'] == "default"
    assert set(shown.values()) == {"default"}


def test_flask_rules_show_on_a_fresh_checkout(tmp_path: Path) -> None:
    """As a council would run it first: the development config, no rules file, no variables."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PORTAL_", "TRIGGER_", "REPORT_"))}
    env |= {"PORTAL_CONFIG": "development", "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}"}
    flask = Path(sys.executable).with_name("flask")
    shown = subprocess.run(
        [str(flask), "--app", "wsgi", "rules", "show"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.strip().splitlines()
    assert lines[0] == f"# rules hash {rules.default_rules().hash}"
    assert "community_trigger.timescales.acknowledge = 5  # default" in lines
    assert all(line.endswith("  # default") for line in lines[1:])


def test_production_refuses_an_invalid_file_with_a_message_and_no_stack_trace(tmp_path: Path) -> None:
    bad = tmp_path / "rules.toml"
    bad.write_text("[community_trigger.statutory]\nthreshold = 4\n")
    env = dict(os.environ) | {
        "PORTAL_CONFIG": "production",
        "SECRET_KEY": "x" * 40,
        "TRACKING_CODE_PEPPER": "y" * 40,
        "DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:9/never",
        "PORTAL_RULES_FILE": str(bad),
    }
    started = subprocess.run(
        [sys.executable, "-c", "import wsgi"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert started.returncode == 1
    assert "community_trigger.statutory.threshold: the threshold is 4" in started.stderr
    assert "Traceback" not in started.stderr


def test_the_hash_is_stable_and_ignores_layout(tmp_path: Path) -> None:
    one = tmp_path / "one.toml"
    one.write_text("[statistics]\nround_to = 10\nsuppress_below = 10\n")
    two = tmp_path / "two.toml"
    two.write_text("# the same rules, written differently\nstatistics = { suppress_below = 10, round_to = 10 }\n")
    assert rules.load(one).hash == rules.load(two).hash != rules.default_rules().hash
    assert rules.load(one).statistics.suppress_below == 10
    empty = tmp_path / "empty.toml"
    empty.write_text("")
    assert rules.load(empty).hash == rules.default_rules().hash


def test_a_deprecated_variable_still_works_and_says_where_it_came_from(app) -> None:  # type: ignore[no-untyped-def]
    app.config["TRIGGER_TIMESCALES"] = {**app.config["TRIGGER_TIMESCALES"], "acknowledge": 3}
    in_force = rules.current()
    assert in_force.timescales.acknowledge == 3
    assert in_force.sources["community_trigger.timescales.acknowledge"] == (
        "environment variable TRIGGER_ACKNOWLEDGE_DAYS (deprecated)"
    )


def _complaint(reported: str, *, vulnerable: bool = False, key: str) -> Complaint:
    day = date.fromisoformat(reported)
    return Complaint(
        incident_date=day,
        reported_date=day,
        agency="council",
        household_key="me",
        incident_key=key,
        victim_vulnerable=vulnerable,
    )


def test_the_worked_example_behaves_as_documented(app) -> None:  # type: ignore[no-untyped-def]
    example = rules.load(EXAMPLE)
    assert example.timescales.acknowledge == 4
    assert example.sources["community_trigger.timescales.acknowledge"] == f"council file {EXAMPLE}"
    assert example.sources["community_trigger.timescales.decision"] == "default"
    trigger = TriggerRules.from_rules(example.community_trigger)
    assert trigger.households.enabled is False
    two = [_complaint("2026-03-02", key="a"), _complaint("2026-03-20", vulnerable=True, key="b")]
    with app.test_request_context("/"):
        decision = assess_eligibility(date(2026, 4, 10), two, trigger, applicant_household="me")
        local = decision.result("repeat_vulnerable_victim")
        assert (decision.met, local.met) == (True, True)
        assert decision.result(Rule.STATUTORY).met is False
        assert str(local.reason) == (
            "2 complaints in the last 6 months, and the victim is vulnerable: the local rule is met."
        )
        not_vulnerable = assess_eligibility(
            date(2026, 4, 10),
            [_complaint("2026-03-02", key="a"), _complaint("2026-03-20", key="b")],
            trigger,
            applicant_household="me",
        )
        assert not_vulnerable.met is False
        assert str(not_vulnerable.result("repeat_vulnerable_victim").reason) == (
            "This local rule needs 2 complaints in the last 6 months from a victim assessed as vulnerable."
        )
