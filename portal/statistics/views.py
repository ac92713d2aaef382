"""Thin views: parse the period from the address, build the published tables, render."""

from datetime import date
from typing import Any

from flask import abort, current_app, jsonify, make_response, redirect, render_template, request, url_for

from portal.disclosure import Dimension, disclosure_rules
from portal.publication import export
from portal.publication.charts import chart_for
from portal.publication.periods import (
    Period,
    UnknownPeriod,
    financial_year,
    financial_year_of,
    month,
    parse_financial_year,
    parse_month,
    parse_quarter,
    period_name,
    quarters_of,
    year_before,
)
from portal.publication.tables import cell_text, published_tables
from portal.statistics import bp

PARSERS = {"financial-year": parse_financial_year, "quarter": parse_quarter, "month": parse_month}
KIND_PATHS = {Dimension.YEAR: "financial-year", Dimension.QUARTER: "quarter", Dimension.MONTH: "month"}


def _today() -> date:
    return date.today()


def _period(kind: str, slug: str) -> Period:
    parser = PARSERS.get(kind)
    if parser is None:
        abort(404)
    try:
        period = parser(slug)
    except UnknownPeriod:
        abort(404)
    if period.start > _today():
        abort(404)
    return period


def period_url(period: Period, endpoint: str = "statistics.period", **values: Any) -> str:
    return url_for(endpoint, kind=KIND_PATHS[period.kind], slug=period.slug, **values)


@bp.route("/")
def index() -> Any:
    # The chosen language goes along, so the period's page is in it.
    return redirect(period_url(financial_year(financial_year_of(_today())), lang=request.args.get("lang") or None))


@bp.route("/<kind>/<slug>")
def period(kind: str, slug: str) -> Any:
    chosen = _period(kind, slug)
    rules = disclosure_rules()
    tables = published_tables(chosen, rules, current_app.config)
    year = financial_year(chosen.financial_year)
    today = _today()
    months = [month(day.year, day.month) for day in year.months() if day <= today]
    return render_template(
        "statistics/period.html",
        period=chosen,
        period_name=period_name(chosen),
        tables=[(table, chart_for(table, rules)) for table in tables],
        rules=rules,
        year=year,
        quarters=[q for q in quarters_of(year.financial_year) if q.start <= today],
        months=months,
        earlier_year=year_before(year),
        later_year=financial_year(year.financial_year + 1) if year.end < today else None,
        period_url=period_url,
        period_name_of=period_name,
        cell_text=cell_text,
    )


@bp.route("/<kind>/<slug>/statistics.csv")
def period_csv(kind: str, slug: str) -> Any:
    chosen = _period(kind, slug)
    rules = disclosure_rules()
    response = make_response(export.as_csv(chosen, published_tables(chosen, rules, current_app.config), rules))
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="statistics-{chosen.slug}.csv"'
    return response


@bp.route("/<kind>/<slug>/statistics.json")
def period_json(kind: str, slug: str) -> Any:
    chosen = _period(kind, slug)
    rules = disclosure_rules()
    tables = published_tables(chosen, rules, current_app.config)
    return jsonify(export.as_json(chosen, tables, rules, url_for("statistics.data_dictionary", _external=True)))


@bp.route("/data-dictionary")
def data_dictionary() -> Any:
    return render_template("statistics/data-dictionary.html", rules=disclosure_rules(), columns=export.CSV_COLUMNS)
