"""The OpenAPI answers schema is generated from the question definitions (portal.api.answer_schema)
and must say what the validator enforces: the stated rules are the forms' own, and the formats
the schema states are accepted by the forms. That every schema-valid report is accepted is shown
by schemathesis against a live server (scripts/api_conformance.py, in .ci/run)."""

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.api import answer_schema
from portal.api.reports import api_pages
from portal.questions.contact import SharingForm

schemathesis = pytest.importorskip("schemathesis")


def _answers(client: FlaskClient) -> dict[str, Any]:
    document = client.get("/api/v1/openapi.json").get_json()
    return document["components"]["schemas"]["PartnerReport"]["properties"]["answers"]


def _page(page_name: str) -> Any:
    return next(page for page in api_pages() if page.name == page_name)


def test_the_rules_are_the_forms_own(app: Flask, client: FlaskClient) -> None:
    answers = _answers(client)
    pages = answers["properties"]
    # Pages that apply after an answer, as the journey decides.
    rules = {rule["then"]["required"][0]: rule["if"] for rule in answers["allOf"] if "then" in rule}
    assert rules["hate-motivation"]["properties"]["what-kind"]["properties"]["incident_type"]["enum"] == [
        "hate",
        "both",
    ]
    assert rules["client-contact"]["properties"]["client-consent"]["properties"]["consent"]["enum"] == ["share"]
    # A follow-up question revealed by an answer.
    what_kind = pages["what-kind"]
    assert {"if": {"properties": {"online": {"const": "yes"}}, "required": ["online"]}} | {
        "then": {"required": ["platform"], "properties": {"platform": {"not": {"type": "null"}}}}
    } in what_kind["allOf"]
    # An option that excludes the others.
    assert {
        "not": {
            "properties": {"reported_to": {"contains": {"const": "nobody"}, "minItems": 2}},
            "required": ["reported_to"],
        }
    } in pages["already-reported"]["allOf"]
    # A text message needs a mobile number.
    sms = next(
        rule
        for rule in pages["client-contact"]["allOf"]
        if rule.get("if", {}).get("properties", {}).get("channel") == {"const": "sms"}
    )
    assert sms["then"]["properties"]["phone"]["pattern"] == answer_schema.NARROWER["phone"][0][0]
    # Required text may not be blank, and lengths are the forms'.
    description = pages["what-happened"]["properties"]["description"]
    assert description["maxLength"] == 10000 and description["pattern"] == answer_schema.SOME_TEXT
    assert pages["what-happened"]["required"] == ["description"]


def test_every_rule_found_is_one_the_form_enforces(app: Flask) -> None:
    """Leaving out what a rule requires makes the form refuse; giving it makes the form accept."""
    with app.test_request_context():
        for page in api_pages():
            for name, value, needed, _narrow in answer_schema.conditional_requirements(page.form):
                field = next(f for f in answer_schema.fields(page.form) if f.name == name)
                start = {
                    f.name: answer_schema._sample(f)
                    for f in answer_schema.fields(page.form)
                    if f.name in answer_schema.always_required(page.form)
                }
                chosen = [value] if isinstance(field.data, list) or field.type == "MultiChoice" else value
                settled = answer_schema._settle(page.form, {**start, name: chosen})
                if settled is None:
                    continue  # this answer needs others first (probed from another start)
                for missing in needed:
                    if missing in settled[0]:
                        without = {k: v for k, v in settled[0].items() if k != missing}
                        assert missing in answer_schema.errors_for(page.form, without), (page.name, name, value)


@pytest.mark.parametrize(
    ("name", "pattern"), list(answer_schema.PATTERNS.items()) + list(answer_schema.FORMATS.items())
)
def test_the_stated_formats_are_accepted_by_the_forms(app: Flask, name: str, pattern: str) -> None:
    owners = {"phone": "client-contact", "email": "client-contact", "postcode": "where", "link": "what-kind"}
    context = {
        "client-contact": {
            "channel": "phone" if name == "phone" else "email",
            "name": "Ada",
            "language": "en",
            "interpreter": "no",
        },
        "where": {"place_type": "street", "address": "Outside the library"},
        "what-kind": {"incident_type": "hate", "online": "yes", "platform": "A game"},
    }
    with app.test_request_context():
        page = _page(owners[name])

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(st.from_regex(re.compile(pattern.replace("$", r"\Z")), fullmatch=False))
    def check(text: str) -> None:
        with app.test_request_context():
            assert name not in answer_schema.errors_for(page.form, {**context[owners[name]], name: text}), text

    check()


def test_past_date_pattern_states_only_real_past_dates() -> None:
    from datetime import date

    pattern = answer_schema.past_date_pattern(date(2026, 12, 7))
    assert re.fullmatch(pattern, "2025-12-28") and re.fullmatch(pattern, "1900-01-01")
    for refused in ("2026-01-01", "2099-01-01", "2025-02-30", "2025-13-01", "25-01-01"):
        assert not re.fullmatch(pattern, refused), refused


def test_a_page_that_asks_nothing_is_not_required(app: Flask, client: FlaskClient) -> None:
    with app.test_request_context():
        assert answer_schema.always_required(SharingForm) == []
    assert "sharing" not in _answers(client)["required"]
