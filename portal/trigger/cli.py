"""``flask trigger assess FILE``: check a council's Community Trigger rules against a history."""

from __future__ import annotations

import json

import click
from flask import current_app
from flask.cli import AppGroup

from portal.core.complaint_history import load_history
from portal.core.eligibility import assess_eligibility
from portal.core.trigger_rules import TriggerRules

trigger_cli = AppGroup("trigger", help="Community Trigger (ASB Case Review) tools.")


@trigger_cli.command("assess")
@click.argument("history_file", metavar="FILE", type=click.Path(exists=True, dir_okay=False))
def assess(history_file: str) -> None:
    """Print the eligibility decision for the JSON history in FILE.

    The format is portal/core/trigger-history.schema.json (JSON Schema), described in
    docs/community-trigger.md. The rules come from the
    COMMUNITY_TRIGGER_RULES setting, so this shows what this council's portal would decide.
    """
    try:
        rules = TriggerRules.from_config(current_app.config.get("COMMUNITY_TRIGGER_RULES", {}))
    except ValueError as error:
        raise click.ClickException(f"COMMUNITY_TRIGGER_RULES: {error}") from None
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
        printed = json.dumps(decision.to_json_dict(), indent=2, ensure_ascii=False)
    click.echo(printed)
