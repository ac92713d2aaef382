"""``flask rules check FILE`` and ``flask rules show``."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from portal import rules

rules_cli = AppGroup("rules", help="The council's rules file (docs/rules.md).")


@rules_cli.command("check")
@click.argument("rules_file", metavar="FILE", type=click.Path(dir_okay=False))
def check(rules_file: str) -> None:
    """Check FILE, merged over the defaults, and print every problem (exit 1 if any)."""
    try:
        checked = rules.load(rules_file)
    except rules.RulesError as error:
        click.echo(str(error), err=True)
        raise SystemExit(1) from None
    for warning in checked.warnings:
        click.echo(f"warning: {warning}")
    click.echo(f"{rules_file} is valid; rules hash {checked.hash}")


@rules_cli.command("show")
def show() -> None:
    """Print the rules in force, merged, with where each value came from."""
    click.echo(rules.describe(rules.current()))
