"""``flask trigger assess FILE``: check a council's Community Trigger rules against a history."""

from __future__ import annotations

import json

import click
from flask import current_app
from flask.cli import AppGroup

from portal import rules as council_rules
from portal.core.complaint_history import load_history
from portal.core.eligibility import assess_eligibility
from portal.core.trigger_rules import TriggerRules

trigger_cli = AppGroup("trigger", help="Community Trigger (ASB Case Review) tools.")


@trigger_cli.command("assess")
@click.argument("history_file", metavar="FILE", type=click.Path(exists=True, dir_okay=False))
@click.option("--with-rules-hash", is_flag=True, help="Add the hash of the rules in force, as a decision records it.")
def assess(history_file: str, with_rules_hash: bool) -> None:
    """Print the eligibility decision for the JSON history in FILE.

    The format is portal/core/trigger-history.schema.json (JSON Schema), described in
    docs/community-trigger.md. The rules are this council's rules file (PORTAL_RULES_FILE), so
    this shows what its portal would decide.
    """
    try:
        in_force = council_rules.current()
        rules = TriggerRules.from_rules(in_force.community_trigger)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    try:
        with open(history_file, encoding="utf-8") as file:
            data = json.load(file)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise click.ClickException(f"{history_file} is not readable JSON: {error}") from None
    try:
        application_date, complaints, applicant = load_history(data)
    except ValueError as error:
        raise click.ClickException(f"{history_file}: {error}") from None
    decision = assess_eligibility(application_date, complaints, rules, applicant_household=applicant)
    # Reasons are rendered as a page renders them (the default language and time zone), which
    # Flask-Babel's selectors can only do inside a request.
    with current_app.test_request_context("/"):
        decided = decision.to_json_dict() | ({"rules_hash": in_force.hash} if with_rules_hash else {})
        printed = json.dumps(decided, indent=2, ensure_ascii=False)
    click.echo(printed)
