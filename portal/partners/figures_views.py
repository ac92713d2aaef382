"""A partner organisation's own figures: the published statistics for the reports it made,
through the same disclosure control as the public pages (portal/publication)."""

from datetime import date
from typing import Any

from flask import abort, current_app, render_template, url_for

from portal.disclosure import disclosure_rules
from portal.partners import bp
from portal.partners.views import _organisation_id, partner_only
from portal.publication.charts import chart_for
from portal.publication.periods import (
    UnknownPeriod,
    financial_year,
    financial_year_of,
    parse_financial_year,
    period_name,
    year_before,
)
from portal.publication.tables import cell_text, published_tables


@bp.route("/figures")
@bp.route("/figures/<slug>")
@partner_only
def figures(slug: str | None = None) -> Any:
    today = date.today()
    try:
        period = parse_financial_year(slug) if slug else financial_year(financial_year_of(today))
    except UnknownPeriod:
        abort(404)
    if period.start > today:
        abort(404)
    rules = disclosure_rules()
    tables = published_tables(period, rules, current_app.config, organisation_id=_organisation_id())
    earlier = year_before(period)
    return render_template(
        "partners/figures.html",
        period_name=period_name(period),
        tables=[(table, chart_for(table, rules)) for table in tables],
        rules=rules,
        cell_text=cell_text,
        earlier_url=url_for("partners.figures", slug=earlier.slug) if earlier else None,
        earlier_name=period_name(earlier) if earlier else None,
    )
