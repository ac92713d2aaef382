"""Community Trigger eligibility: boundary tables with hand-worked expected results."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import flask
import flask_babel
import pytest

from portal.core.complaint_history import Complaint, HistoryError, load_history
from portal.core.eligibility import Decision, assess_eligibility
from portal.core.months import add_months
from portal.core.trigger_rules import (
    HateRule,
    HouseholdsRule,
    NoActionRule,
    Rule,
    RulesError,
    StatutoryRule,
    TriggerRules,
)
from portal.trigger.cli import trigger_cli

SAMPLE = Path(__file__).parents[2] / "docs" / "samples" / "trigger-history.json"
APPLIED = date(2026, 4, 10)
ME = "applicant"

ONLY_STATUTORY = TriggerRules(households=HouseholdsRule(enabled=False), hate=HateRule(enabled=False))


@pytest.fixture
def app() -> Iterator[flask.Flask]:
    app = flask.Flask(__name__)
    flask_babel.Babel(app)
    with app.app_context():
        yield app


@pytest.fixture(autouse=True)
def _context(app: flask.Flask) -> None:
    """Reasons are lazy strings: rendering them needs an app context."""


def d(text: str) -> date:
    return date.fromisoformat(text)


def complaint(
    incident: str,
    reported: str | None = None,
    *,
    agency: str = "council",
    household: str = ME,
    place: str | None = "tower-a",
    hate: bool = False,
    incident_key: str | None = None,
    action: bool | None = None,
) -> Complaint:
    return Complaint(
        incident_date=d(incident),
        reported_date=d(reported or incident),
        agency=agency,
        household_key=household,
        location_key=place,
        is_hate=hate,
        incident_key=incident_key,
        action_taken=action,
    )


def assess(
    complaints: list[Complaint],
    rules: TriggerRules,
    applied: date = APPLIED,
) -> Decision:
    return assess_eligibility(applied, complaints, rules, applicant_household=ME)


# --- calendar months -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        pytest.param("2026-03-01", 1, "2026-04-01", id="plain-month"),
        pytest.param("2026-01-31", 1, "2026-02-28", id="clamped-to-february"),
        pytest.param("2028-01-31", 1, "2028-02-29", id="clamped-to-leap-day"),
        pytest.param("2025-12-15", 1, "2026-01-15", id="across-new-year"),
        pytest.param("2026-08-31", -6, "2026-02-28", id="back-six-clamped"),
        pytest.param("2026-04-10", -6, "2025-10-10", id="back-six-across-year"),
    ],
)
def test_add_months(day: str, months: int, expected: str) -> None:
    assert add_months(d(day), months) == d(expected)


# --- a complaint must be made within one month of the behaviour ----------------------------

ONE_MONTH_CASES = [
    # behaviour, complained, application, qualifies
    pytest.param("2026-03-01", "2026-03-01", "2026-04-10", True, id="same-day"),
    pytest.param("2026-03-01", "2026-03-31", "2026-04-10", True, id="30-days-in"),
    pytest.param("2026-03-01", "2026-04-01", "2026-04-10", True, id="31-days-one-month"),
    pytest.param("2026-03-01", "2026-04-02", "2026-04-10", False, id="32-days-out"),
    pytest.param("2026-04-01", "2026-05-01", "2026-05-10", True, id="30-days-one-month"),
    pytest.param("2026-04-01", "2026-05-02", "2026-05-10", False, id="31-days-out-in-april"),
    pytest.param("2026-01-31", "2026-02-28", "2026-04-10", True, id="31-jan-to-28-feb"),
    pytest.param("2026-01-31", "2026-03-02", "2026-04-10", False, id="31-jan-30-days-out"),
    pytest.param("2026-01-31", "2026-03-03", "2026-04-10", False, id="31-jan-31-days-out"),
    pytest.param("2028-01-31", "2028-02-29", "2028-03-10", True, id="leap-day-in"),
    pytest.param("2028-01-31", "2028-03-01", "2028-03-10", False, id="leap-day-plus-one"),
    pytest.param("2026-03-10", "2026-03-09", "2026-04-10", False, id="before-behaviour"),
]


@pytest.mark.parametrize(("behaviour", "complained", "applied", "qualifies"), ONE_MONTH_CASES)
def test_one_month_rule(behaviour: str, complained: str, applied: str, qualifies: bool) -> None:
    rules = replace(ONLY_STATUTORY, statutory=StatutoryRule(threshold=1))
    decision = assess([complaint(behaviour, complained)], rules, d(applied))
    result = decision.result(Rule.STATUTORY)
    assert result.met is qualifies
    assert len(result.counted) == (1 if qualifies else 0)


# --- ...and within the six months before the application -----------------------------------

SIX_MONTH_CASES = [
    # behaviour, complained, application, counts
    pytest.param("2025-10-09", "2025-10-10", "2026-04-10", True, id="first-day-in"),
    pytest.param("2025-10-08", "2025-10-09", "2026-04-10", False, id="a-day-out"),
    pytest.param("2026-04-10", "2026-04-10", "2026-04-10", True, id="on-application-day"),
    pytest.param("2026-04-10", "2026-04-11", "2026-04-10", False, id="after-application"),
    pytest.param("2026-02-28", "2026-02-28", "2026-08-31", True, id="month-end-clamped-in"),
    pytest.param("2026-02-27", "2026-02-27", "2026-08-31", False, id="month-end-out"),
    pytest.param("2025-09-30", "2025-09-30", "2026-03-31", True, id="30-sep-for-31-mar"),
    pytest.param("2025-09-29", "2025-09-29", "2026-03-31", False, id="29-sep-for-31-mar"),
]


@pytest.mark.parametrize(("behaviour", "complained", "applied", "counts"), SIX_MONTH_CASES)
def test_six_month_window(behaviour: str, complained: str, applied: str, counts: bool) -> None:
    rules = replace(ONLY_STATUTORY, statutory=StatutoryRule(threshold=1))
    decision = assess([complaint(behaviour, complained)], rules, d(applied))
    assert decision.result(Rule.STATUTORY).met is counts


# --- counting qualifying complaints --------------------------------------------------------

COUNT_CASES = [
    # complaints, threshold, expected count, met
    pytest.param([complaint("2026-01-05"), complaint("2026-02-05")], 3, 2, False, id="2-of-3"),
    pytest.param(
        [complaint("2026-01-05"), complaint("2026-02-05"), complaint("2026-03-05")],
        3,
        3,
        True,
        id="3-of-3",
    ),
    pytest.param(
        [
            complaint("2026-01-05", agency="council", incident_key="party"),
            complaint("2026-01-05", "2026-01-06", agency="police", incident_key="party"),
            complaint("2026-03-05"),
        ],
        3,
        2,
        False,
        id="same-incident-two-agencies-by-key",
    ),
    pytest.param(
        [
            complaint("2026-01-05", agency="council"),
            complaint("2026-01-05", "2026-01-07", agency="police"),
            complaint("2026-03-05"),
        ],
        3,
        2,
        False,
        id="same-incident-two-agencies-by-date",
    ),
    pytest.param(
        [
            complaint("2026-01-05", agency="council", incident_key="party"),
            complaint("2026-01-05", agency="police", incident_key="party"),
            complaint("2026-02-05"),
            complaint("2026-03-05"),
        ],
        3,
        3,
        True,
        id="duplicate-plus-three-incidents",
    ),
    pytest.param(
        [
            complaint("2026-01-05", "2026-03-01", agency="council", incident_key="fire"),
            complaint("2026-01-05", "2026-01-06", agency="police", incident_key="fire"),
            complaint("2026-02-05"),
        ],
        3,
        2,
        False,
        id="late-and-timely-report-of-one-incident-count-once",
    ),
    pytest.param(
        [
            complaint("2026-01-05"),
            complaint("2026-02-05"),
            complaint("2026-02-05", household="neighbour"),
        ],
        3,
        2,
        False,
        id="another-households-complaint-not-counted",
    ),
    pytest.param(
        [
            complaint("2026-01-05"),
            complaint("2026-02-05"),
            complaint("2025-12-01", "2026-01-05"),
        ],
        3,
        2,
        False,
        id="third-made-35-days-late",
    ),
    pytest.param([complaint("2026-01-05"), complaint("2026-02-05")], 2, 2, True, id="N-2-two-met"),
    pytest.param([complaint("2026-01-05")], 2, 1, False, id="N-2-one-not-met"),
    pytest.param([complaint("2026-01-05")], 1, 1, True, id="N-1-one-met"),
    pytest.param([], 3, 0, False, id="no-complaints"),
]


@pytest.mark.parametrize(("complaints", "threshold", "count", "met"), COUNT_CASES)
def test_statutory_count(complaints: list[Complaint], threshold: int, count: int, met: bool) -> None:
    rules = TriggerRules.from_config({"statutory": {"threshold": threshold}})
    result = assess(complaints, rules).result(Rule.STATUTORY)
    assert (len(result.counted), result.met) == (count, met)
    assert str(result.reason).startswith(f"{count} qualifying complaint")
    assert f"the threshold is {threshold}" in str(result.reason)


def test_statutory_reason_singular_and_plural() -> None:
    one = assess([complaint("2026-01-05")], TriggerRules()).result(Rule.STATUTORY)
    assert str(one.reason).startswith("1 qualifying complaint about this problem;")
    three = assess(
        [complaint("2026-01-05"), complaint("2026-02-05"), complaint("2026-03-05")],
        TriggerRules(),
    ).result(Rule.STATUTORY)
    assert str(three.reason) == ("3 qualifying complaints about this problem; the threshold is 3, so it is met.")


# --- configuration -------------------------------------------------------------------------

BAD_CONFIGS = [
    pytest.param({"statutory": {"threshold": 4}}, "highest threshold allowed", id="N-4"),
    pytest.param({"statutory": {"threshold": 0}}, "from 1 to 3", id="N-0"),
    pytest.param({"statutory": {"threshold": "3"}}, "whole number", id="N-as-text"),
    pytest.param({"statutory": {"threshold": True}}, "whole number", id="N-as-bool"),
    pytest.param({"statutory": {"treshold": 2}}, "unknown setting", id="mistyped-key"),
    pytest.param({"vulnerability": {}}, "unknown Community Trigger rule", id="unknown-rule"),
    pytest.param({"hate": {"enabled": "yes"}}, "true or false", id="enabled-as-text"),
    pytest.param({"households": {"min_households": 0}}, "1 or more", id="no-households"),
    pytest.param({"no_action": {"days": -1}}, "1 or more", id="negative-days"),
    pytest.param({"hate": 6}, "mapping", id="rule-not-a-mapping"),
    pytest.param(["statutory"], "mapping", id="config-not-a-mapping"),
]


@pytest.mark.parametrize(("config", "message"), BAD_CONFIGS)
def test_from_config_refuses(config: Any, message: str) -> None:
    with pytest.raises(RulesError, match=message):
        TriggerRules.from_config(config)


def test_from_config_refusal_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="statutory.threshold is 4"):
        TriggerRules.from_config({"statutory": {"threshold": 4}})


@pytest.mark.parametrize("config", [None, {}], ids=["none", "empty"])
def test_from_config_defaults(config: dict[str, Any] | None) -> None:
    rules = TriggerRules.from_config(config)
    assert rules == TriggerRules()
    assert (rules.statutory.enabled, rules.statutory.threshold) == (True, 3)
    assert (rules.households.enabled, rules.households.min_households) == (True, 5)
    assert (rules.households.window_months, rules.hate.window_months) == (6, 6)
    assert (rules.no_action.enabled, rules.no_action.days) == (False, 7)


def test_from_config_reads_every_rule() -> None:
    rules = TriggerRules.from_config(
        {
            "statutory": {"threshold": 2},
            "households": {"enabled": False, "min_households": 4, "window_months": 3},
            "hate": {"window_months": 12},
            "no_action": {"enabled": True, "days": 14, "window_months": 2},
        }
    )
    assert rules == TriggerRules(
        statutory=StatutoryRule(threshold=2),
        households=HouseholdsRule(enabled=False, min_households=4, window_months=3),
        hate=HateRule(window_months=12),
        no_action=NoActionRule(enabled=True, days=14, window_months=2),
    )


# --- several households at the same place --------------------------------------------------


def households(*keys: str, place: str = "tower-a", on: str = "2026-02-01") -> list[Complaint]:
    return [complaint(on, household=key, place=place) for key in keys]


HOUSEHOLD_CASES = [
    # complaints, min households, expected count, met
    pytest.param(households(ME, "b", "c", "d"), 5, 4, False, id="4-households"),
    pytest.param(households(ME, "b", "c", "d", "e"), 5, 5, True, id="5-households"),
    pytest.param(
        households(ME, "b", "c", "d") + households("d", on="2026-03-01"),
        5,
        4,
        False,
        id="4-households-one-twice",
    ),
    pytest.param(
        households(ME, "b", "c", "d", "e") + households("b", on="2026-03-01"),
        5,
        5,
        True,
        id="5-households-one-twice",
    ),
    pytest.param(
        households(ME, "b", "c", "d") + households("e", place="tower-b"),
        5,
        4,
        False,
        id="fifth-at-another-place",
    ),
    pytest.param(
        households(ME, "b", "c", "d") + households("e", on="2025-10-09"),
        5,
        4,
        False,
        id="fifth-a-day-outside-six-months",
    ),
    pytest.param(
        households(ME, "b", "c", "d") + households("e", on="2025-10-10"),
        5,
        5,
        True,
        id="fifth-on-first-day-of-six-months",
    ),
    pytest.param(
        households("b", "c", "d", "e") + households(ME, place="tower-b"),
        5,
        1,
        False,
        id="applicant-elsewhere",
    ),
    pytest.param(
        [complaint("2026-02-01", place=None)] + households("b", "c", "d", "e"),
        5,
        0,
        False,
        id="applicant-gave-no-place",
    ),
    pytest.param(households(ME, "b", "c"), 3, 3, True, id="M-3-three-met"),
]


@pytest.mark.parametrize(("complaints", "minimum", "count", "met"), HOUSEHOLD_CASES)
def test_households(complaints: list[Complaint], minimum: int, count: int, met: bool) -> None:
    rules = TriggerRules(households=HouseholdsRule(min_households=minimum))
    result = assess(complaints, rules).result(Rule.HOUSEHOLDS)
    assert (len(result.counted), result.met) == (count, met)
    assert len({c.household_key for c in result.counted}) == count


# --- a hate incident within six months -----------------------------------------------------

HATE_CASES = [
    # complaints, met
    pytest.param([complaint("2025-10-11", "2025-10-11", hate=True)], True, id="a-day-inside"),
    pytest.param([complaint("2025-10-10", "2025-10-12", hate=True)], True, id="first-day"),
    pytest.param([complaint("2025-10-09", "2025-10-12", hate=True)], False, id="a-day-outside"),
    pytest.param([complaint("2026-03-01")], False, id="not-hate"),
    pytest.param(
        [complaint("2026-03-01", household="neighbour", hate=True)],
        False,
        id="another-households-incident",
    ),
    pytest.param(
        [complaint("2026-01-01", "2026-03-20", hate=True)],
        True,
        id="reported-late-still-counts",
    ),
]


@pytest.mark.parametrize(("complaints", "met"), HATE_CASES)
def test_hate_incident(complaints: list[Complaint], met: bool) -> None:
    decision = assess(complaints, TriggerRules())
    assert decision.result(Rule.HATE).met is met
    assert decision.met is met


def test_hate_reason_names_the_window() -> None:
    result = assess([complaint("2025-10-09", hate=True)], TriggerRules()).result(Rule.HATE)
    assert str(result.reason) == "No hate incident on or after 10 October 2025 has been reported."


# --- reported, and no action after K days (Brighton & Hove 2012 pilot) ---------------------

NO_ACTION_ON = TriggerRules(no_action=NoActionRule(enabled=True))

NO_ACTION_CASES = [
    # complaints, rules, enabled, met
    pytest.param([complaint("2026-04-03")], NO_ACTION_ON, True, True, id="7-days-no-record"),
    pytest.param([complaint("2026-04-04")], NO_ACTION_ON, True, False, id="6-days"),
    pytest.param(
        [complaint("2026-04-03", action=False)],
        NO_ACTION_ON,
        True,
        True,
        id="7-days-no-action",
    ),
    pytest.param(
        [complaint("2026-04-03", action=True)],
        NO_ACTION_ON,
        True,
        False,
        id="7-days-acted",
    ),
    pytest.param(
        [complaint("2026-04-02")],
        TriggerRules(no_action=NoActionRule(enabled=True, days=14)),
        True,
        False,
        id="K-14-8-days",
    ),
    pytest.param([complaint("2026-01-03")], TriggerRules(), False, False, id="off-by-default"),
    pytest.param([complaint("2025-10-09")], NO_ACTION_ON, True, False, id="older-than-six-months"),
]


@pytest.mark.parametrize(("complaints", "rules", "enabled", "met"), NO_ACTION_CASES)
def test_no_action(complaints: list[Complaint], rules: TriggerRules, enabled: bool, met: bool) -> None:
    result = assess(complaints, rules).result(Rule.NO_ACTION)
    assert (result.enabled, result.met) == (enabled, met)


# --- the decision as a whole ---------------------------------------------------------------


def test_below_every_threshold_is_still_accepted() -> None:
    decision = assess([complaint("2026-03-01")], TriggerRules())
    assert decision.met is False
    assert [r.rule for r in decision.results] == list(Rule)
    assert decision.below_threshold_note is not None
    assert "still accepted" in str(decision.below_threshold_note)
    assert "A person will look at it" in str(decision.below_threshold_note)


def test_switched_off_rules_are_reported_and_never_met() -> None:
    rules = TriggerRules(
        statutory=StatutoryRule(enabled=False),
        households=HouseholdsRule(enabled=False),
        hate=HateRule(enabled=False),
    )
    history = [complaint(day, hate=True) for day in ("2026-01-05", "2026-02-05", "2026-03-05")]
    decision = assess(history, rules)
    assert decision.met is False
    assert [(r.enabled, r.met, r.counted) for r in decision.results] == [(False, False, ())] * 4
    assert str(decision.results[0].reason) == "This council does not use this rule."


def test_met_decision_has_no_below_threshold_note() -> None:
    decision = assess([complaint("2026-03-01", hate=True)], TriggerRules())
    assert decision.met is True
    assert decision.below_threshold_note is None


def test_without_applicant_household_every_complaint_is_the_applicants() -> None:
    history = [complaint(day, household=f"h{day}") for day in ("2026-01-05", "2026-02-05")]
    history.append(complaint("2026-03-05", household="h3"))
    decision = assess_eligibility(APPLIED, history, TriggerRules())
    assert decision.result(Rule.STATUTORY).met is True


EXPECTED_JSON = {
    "application_date": "2026-04-10",
    "met": False,
    "below_threshold_note": (
        "No threshold is met, but the application is still accepted. A person will look at "
        "it and decide whether to hold a case review."
    ),
    "rules": [
        {
            "rule": "statutory",
            "enabled": True,
            "met": False,
            "reason": (
                "2 qualifying complaints about this problem; the threshold is 3. A complaint "
                "qualifies when it was made within one month of the behaviour and within the "
                "six months before the application. An incident reported to several agencies "
                "counts once."
            ),
            "counted": [
                {
                    "incident_date": "2026-01-05",
                    "reported_date": "2026-01-05",
                    "agency": "council",
                    "reference": None,
                    "household_key": ME,
                    "location_key": None,
                    "is_hate": False,
                    "incident_key": "party",
                    "action_taken": None,
                    "source": "typed",
                },
                {
                    "incident_date": "2026-02-05",
                    "reported_date": "2026-02-05",
                    "agency": "council",
                    "reference": None,
                    "household_key": ME,
                    "location_key": None,
                    "is_hate": False,
                    "incident_key": None,
                    "action_taken": None,
                    "source": "typed",
                },
            ],
        },
        {
            "rule": "households",
            "enabled": True,
            "met": False,
            "reason": (
                "No place is recorded for the complaints, so complaints by other households "
                "about the same place cannot be counted."
            ),
            "counted": [],
        },
        {
            "rule": "hate",
            "enabled": True,
            "met": False,
            "reason": "No hate incident on or after 10 October 2025 has been reported.",
            "counted": [],
        },
        {
            "rule": "no_action",
            "enabled": False,
            "met": False,
            "reason": "This council does not use this rule.",
            "counted": [],
        },
    ],
}


def test_decision_json_is_stable() -> None:
    history = [
        complaint("2026-02-05", place=None),
        complaint(
            "2026-01-05",
            "2026-01-06",
            agency="police",
            place=None,
            incident_key="party",
        ),
        complaint("2026-01-05", agency="council", place=None, incident_key="party"),
    ]
    outputs = set()
    for seed in range(5):
        shuffled = history[:]
        random.Random(seed).shuffle(shuffled)
        as_dict = assess(shuffled, TriggerRules()).to_json_dict()
        assert as_dict == EXPECTED_JSON
        outputs.add(json.dumps(as_dict, indent=2))
    assert len(outputs) == 1


# --- the JSON history format ---------------------------------------------------------------


def test_load_history_reads_the_sample() -> None:
    applied, complaints, applicant = load_history(json.loads(SAMPLE.read_text()))
    assert applied == APPLIED
    assert applicant == "flat-12-marine-court"
    assert len(complaints) == 6
    assert complaints[1] == Complaint(
        incident_date=d("2025-11-14"),
        reported_date=d("2025-11-17"),
        agency="police",
        reference="CAD 4471",
        household_key="flat-12-marine-court",
        location_key="marine-court",
        incident_key="loud-music-2025-11-14",
    )
    assert complaints[4].source == "portal"
    decision = assess_eligibility(applied, complaints, TriggerRules(), applicant_household=applicant)
    assert decision.met is True
    assert len(decision.result(Rule.STATUTORY).counted) == 3


def history(**complaint_fields: Any) -> dict[str, Any]:
    item = {
        "incident_date": "2026-03-01",
        "reported_date": "2026-03-02",
        "agency": "council",
    }
    item.update(complaint_fields)
    return {
        "application_date": "2026-04-10",
        "applicant_household": ME,
        "complaints": [item],
    }


BAD_HISTORIES = [
    pytest.param({"complaints": []}, "application_date is missing", id="no-application-date"),
    pytest.param(
        {"application_date": "10/04/2026", "complaints": []},
        "YYYY-MM-DD",
        id="uk-date-format",
    ),
    pytest.param({"application_date": "2026-04-10"}, "complaints must be a list", id="no-list"),
    pytest.param(
        history(reported_date="2026-02-28"),
        r"complaints\[0\].reported_date is before its incident_date",
        id="reported-before-it-happened",
    ),
    pytest.param(
        history(reported_date="2026-04-11"),
        "after the application_date",
        id="reported-later",
    ),
    pytest.param(history(agency=""), "agency", id="empty-agency"),
    pytest.param(history(severity="high"), "unknown key", id="unknown-complaint-key"),
    pytest.param(history(is_hate="yes"), "is_hate must be true or false", id="hate-as-text"),
    pytest.param(history(source="email"), "source must be one of", id="unknown-source"),
    pytest.param(history(action_taken="no"), "action_taken", id="action-as-text"),
    pytest.param(
        {
            "application_date": "2026-04-10",
            "complaints": [history()["complaints"][0]],
        },
        "household_key is missing",
        id="no-household",
    ),
]


@pytest.mark.parametrize(("data", "message"), BAD_HISTORIES)
def test_load_history_refuses(data: dict[str, Any], message: str) -> None:
    with pytest.raises(HistoryError, match=message):
        load_history(data)


# --- flask trigger assess ------------------------------------------------------------------


def test_cli_prints_the_decision_as_json(app: flask.Flask) -> None:
    app.cli.add_command(trigger_cli)
    result = app.test_cli_runner().invoke(args=["trigger", "assess", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    applied, complaints, applicant = load_history(json.loads(SAMPLE.read_text()))
    expected = assess_eligibility(applied, complaints, TriggerRules(), applicant_household=applicant)
    assert printed == expected.to_json_dict()
    assert printed["met"] is True


def test_cli_uses_the_council_rules(app: flask.Flask) -> None:
    app.config["COMMUNITY_TRIGGER_RULES"] = {"statutory": {"threshold": 4}}
    app.cli.add_command(trigger_cli)
    result = app.test_cli_runner().invoke(args=["trigger", "assess", str(SAMPLE)])
    assert result.exit_code == 1
    assert "highest threshold allowed" in result.output


def test_cli_explains_a_bad_history(app: flask.Flask, tmp_path: Path) -> None:
    bad = tmp_path / "history.json"
    bad.write_text(json.dumps(history(reported_date="2026-02-01")))
    app.cli.add_command(trigger_cli)
    result = app.test_cli_runner().invoke(args=["trigger", "assess", str(bad)])
    assert result.exit_code == 1
    assert "reported_date is before its incident_date" in result.output
