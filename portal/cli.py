"""Command-line tools: `flask users`, `flask intake`, `flask trigger`, `flask drafts`."""

import json
import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from portal.constants import Role
from portal.extensions import db
from portal.models import User, utcnow
from portal.unit_of_work import commit

users_cli = AppGroup("users", help="Manage staff and partner accounts.")
intake_cli = AppGroup("intake", help="The outbox: deliver, inspect and resend.")
drafts_cli = AppGroup("drafts", help="Unfinished journeys.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([role.value for role in Role]), default=Role.CASEWORKER.value)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_user(email: str, name: str, role: str, password: str) -> None:
    """Create an account (the password is asked for, never echoed)."""
    from portal.passwords import PasswordRejected, check_new_password

    try:
        check_new_password(password)
    except PasswordRejected as rejected:
        raise click.ClickException(str(rejected.message)) from None
    if db.session.scalar(select(User).where(User.email == email.lower())):
        raise click.ClickException(f"An account for {email} already exists.")
    user = User(email=email.lower(), name=name, role=role)
    user.set_password(password)
    if role == Role.LAY_VISITOR:
        # Lay visitors always sign in with a second factor; the secret is shown only here.
        from portal import totp

        user.totp_secret = totp.new_secret()
        click.echo(f"Security code secret for the authenticator app: {totp.grouped(user.totp_secret)}")
    db.session.add(user)
    commit()
    click.echo(f"Created {role} account for {email}.")


@intake_cli.command("worker")
@click.option("--once", is_flag=True, help="Deliver what is due now, then stop (for cron).")
def worker(once: bool) -> None:
    """Deliver outbox messages until stopped."""
    from portal.intake.worker import run_forever, run_once

    if once:
        outcomes = run_once(limit=1000)
        for outcome in outcomes:
            click.echo(f"{outcome.message_id} {outcome.status}")
        return
    click.echo("Intake worker started; Ctrl-C stops it.")
    try:
        run_forever(current_app.config["INTAKE_POLL_SECONDS"] or 2)
    except KeyboardInterrupt:
        click.echo("Intake worker stopped.")


@intake_cli.command("status")
@click.option("--json", "as_json", is_flag=True)
def status(as_json: bool) -> None:
    """Pending, retrying and dead messages, and the oldest pending age, per destination."""
    from portal.intake.alerts import destination_health

    now = utcnow()
    rows = [
        {
            "destination": item.destination,
            "pending": item.pending,
            "retrying": item.retrying,
            "dead": item.dead,
            "oldest_pending_seconds": int((now - item.oldest_pending).total_seconds()) if item.oldest_pending else 0,
        }
        for item in destination_health()
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        click.echo("Nothing waiting: every message has been delivered.")
    for row in rows:
        click.echo(
            f"{row['destination']}: {row['pending']} pending, {row['retrying']} retrying, {row['dead']} dead, "
            f"oldest pending {row['oldest_pending_seconds']} s"
        )


@intake_cli.command("resend")
@click.argument("message_id", required=False)
@click.option("--destination", help="Resend every dead message for this destination.")
def resend(message_id: str | None, destination: str | None) -> None:
    """Put one message, or every dead one for a destination, back in the queue."""
    from portal.intake.resend import resend_dead

    if not message_id and not destination:
        raise click.UsageError("Give a message id or --destination.")
    count = resend_dead(message_id=message_id, destination=destination)
    commit()
    click.echo(f"{count} {_plural(count, 'message', 'messages')} queued again.")
    if message_id and count == 0:
        sys.exit(1)


@intake_cli.command("purge")
@click.option("--days", type=int, default=None, help="Override [retention] report_content_days for this run.")
def purge(days: int | None) -> None:
    """Delete report content and evidence [retention] report_content_days after confirmed delivery."""
    from portal import rules
    from portal.intake.retention import purge_delivered_content

    retention = days if days is not None else rules.current().retention.report_content_days
    if retention < 0:
        raise click.BadParameter("must be 0 or more", param_hint="--days")
    count = purge_delivered_content(retention, current_app.config["EVIDENCE_DIR"])
    commit()
    click.echo(f"Content of {count} {_plural(count, 'submission', 'submissions')} purged.")


@drafts_cli.command("purge")
def purge_drafts() -> None:
    """Remove expired drafts."""
    from portal.drafts import purge_expired

    count = purge_expired()
    commit()
    click.echo(f"{count} expired {_plural(count, 'draft', 'drafts')} removed.")


def _plural(count: int, one: str, many: str) -> str:
    # Operator output is in English (it does not go through the catalogues).
    return one if count == 1 else many


def init_app(app: Flask) -> None:
    from portal.rules.cli import rules_cli
    from portal.trigger.cli import trigger_cli

    for group in (users_cli, intake_cli, drafts_cli, trigger_cli, rules_cli):
        app.cli.add_command(group)
