"""The published statistics for one period: each table put through disclosure control, with
its title, a summary in words and what its rows and columns are. The page, the charts, the CSV,
the JSON and the partners' dashboard all read these, so they show exactly the same figures."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import format_date, ngettext
from flask_babel import gettext as _

from portal import rules as council_rules
from portal.constants import OutcomeCategory, Route
from portal.core.reporting_options import NOT_SURE, hate_strands
from portal.disclosure import (
    CellState,
    Dimension,
    DisclosureRules,
    Published,
    protect_table,
    publish_measure,
)
from portal.publication import queries
from portal.publication.periods import Period, financial_year, quarters_of
from portal.publication.trigger_figures import figures_for as trigger_figures_for
from portal.publication.vocabulary import (
    ASB_CATEGORY_LABELS,
    NOT_KNOWN,
    OUTCOME_LABELS,
    ROUTE_LABELS,
    SATISFACTION_LABELS,
    STANDARD_LABELS,
    TYPE_LABELS,
)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    cells: list[Published]


@dataclass(frozen=True)
class StatTable:
    key: str
    title: str
    summary: str
    row_heading: str
    columns: list[tuple[str, str]]
    rows: list[Row]
    total: Row | None
    dimensions: list[Dimension]
    note: str = ""
    # "bars" (one series) or "grouped" (one bar per column); "" for no chart.
    chart: str = "bars"
    # "count" or "days" (a median, not a count: never mistaken for a small count).
    unit: str = "count"


def cell_text(cell: Published, rules: DisclosureRules, unit: str = "count") -> str:
    if cell.state is CellState.FEWER_THAN:
        if unit == "days":
            return _("not shown: fewer than %(number)s cases", number=rules.suppress_below)
        return _("fewer than %(number)s", number=rules.suppress_below)
    if cell.state is CellState.WITHHELD:
        return _("withheld")
    if cell.value is None:
        return ""
    if unit == "days":
        return ngettext("%(num)s day", "%(num)s days", cell.value)
    return f"{cell.value:,}"


def _label(labels: Mapping[Any, Any], key: str) -> str:
    if key == queries.UNKNOWN:
        return str(NOT_KNOWN)
    return str(labels.get(key, key))


def _one_column(
    key: str,
    title: str,
    row_heading: str,
    counts: Mapping[str, int],
    order: Sequence[str],
    labels: Mapping[Any, Any],
    total: int,
    rules: DisclosureRules,
    dimension: Dimension,
    additive: bool = True,
    note: str = "",
    column: str | None = None,
) -> StatTable:
    keys = [name for name in order if name in counts] + sorted((name for name in counts if name not in order), key=str)
    keys = keys or list(order) or [queries.UNKNOWN]
    protected = protect_table(
        [[counts.get(name, 0)] for name in keys],
        rules,
        dimensions=[dimension],
        column_totals=[total],
        additive=additive,
    )
    rows = [Row(name, _label(labels, name), cells) for name, cells in zip(keys, protected.cells, strict=True)]
    totals = protected.column_totals or []
    largest = max(
        (row for row in rows if row.cells[0].shown and (row.cells[0].value or 0) > 0),
        key=lambda row: row.cells[0].value or 0,
        default=None,
    )
    summary = (
        _(
            "The largest group is “%(label)s”, with about %(number)s.",
            label=largest.label,
            number=cell_text(largest.cells[0], rules),
        )
        if largest is not None
        else _("No group is large enough to show.")
    )
    return StatTable(
        key=key,
        title=title,
        summary=summary,
        row_heading=row_heading,
        columns=[("count", column or _("Reports"))],
        rows=rows,
        total=Row("total", _("Total"), totals),
        dimensions=[dimension],
        note=note,
    )


def _month_label(day: Any) -> str:
    return format_date(day, "LLLL y")


def published_tables(
    period: Period, rules: DisclosureRules, config: Mapping[str, Any], organisation_id: int | None = None
) -> list[StatTable]:
    figures = queries.cached_figures(period, organisation_id)
    tables: list[StatTable] = []

    months = period.months()
    protected = protect_table(
        [[figures.by_month.get(day, 0)] for day in months],
        rules,
        dimensions=[Dimension.MONTH],
        column_totals=[figures.total],
    )
    month_rows = [
        Row(day.strftime("%Y-%m"), _month_label(day), cells) for day, cells in zip(months, protected.cells, strict=True)
    ]
    shown = [row for row in month_rows if row.cells[0].shown]
    tables.append(
        StatTable(
            key="by-month",
            title=_("Reports received each month"),
            summary=_(
                "%(total)s reports were received in this period.",
                total=cell_text((protected.column_totals or [Published(CellState.WITHHELD)])[0], rules),
            )
            + (
                " "
                + _(
                    "The busiest month shown is %(month)s.",
                    month=max(shown, key=lambda row: row.cells[0].value or 0).label,
                )
                if shown and any(row.cells[0].value for row in shown)
                else ""
            ),
            row_heading=_("Month"),
            columns=[("count", _("Reports"))],
            rows=month_rows,
            total=Row("total", _("Total"), protected.column_totals or []),
            dimensions=[Dimension.MONTH],
        )
    )
    tables.append(
        _one_column(
            "by-route",
            _("How reports reached us"),
            _("Route"),
            figures.by_route,
            list(Route),
            ROUTE_LABELS,
            figures.total,
            rules,
            Dimension.ROUTE,
        )
    )
    tables.append(
        _one_column(
            "by-type",
            _("Hate incidents and anti-social behaviour"),
            _("Type of report"),
            figures.by_type,
            ["hate", "asb", "both", "other"],
            TYPE_LABELS,
            figures.total,
            rules,
            Dimension.INCIDENT_TYPE,
        )
    )
    strand_labels = {code: label for code, label, _hint in hate_strands(council_rules.current().vocabulary)}
    tables.append(
        _one_column(
            "by-strand",
            _("Hate incidents by what they were motivated by"),
            _("Motivation (strand)"),
            figures.by_strand,
            [code for code in strand_labels if code != NOT_SURE],
            strand_labels,
            figures.hate,
            rules,
            Dimension.STRAND,
            additive=False,
            note=_(
                "One report can name several motivations, so the figures for each motivation add up to more "
                "than the number of hate incident reports."
            ),
            column=_("Hate incident reports"),
        )
    )
    tables.append(
        _one_column(
            "by-asb-category",
            _("Anti-social behaviour by category"),
            _("Category"),
            figures.by_asb_category,
            list(ASB_CATEGORY_LABELS),
            ASB_CATEGORY_LABELS,
            figures.asb,
            rules,
            Dimension.ASB_CATEGORY,
            column=_("Anti-social behaviour reports"),
        )
    )
    tables.append(
        _one_column(
            "by-area",
            _("Reports by area"),
            _("Area"),
            figures.by_area,
            [],
            {},
            figures.total,
            rules,
            Dimension.AREA,
            note=_("Areas are wards or larger; we never publish anything more local."),
        )
    )
    if period.kind is Dimension.YEAR:
        tables.append(_quarters_table(period, rules, organisation_id))
    tables.append(
        _one_column(
            "outcomes",
            _("Cases closed, by outcome"),
            _("Outcome"),
            figures.by_outcome,
            list(OutcomeCategory),
            OUTCOME_LABELS,
            figures.closed,
            rules,
            Dimension.OUTCOME,
            column=_("Cases closed"),
        )
    )
    tables.append(_time_taken(figures, rules))
    if organisation_id is None:
        tables.append(
            _one_column(
                "satisfaction",
                _("How satisfied people were with the service"),
                _("Answer"),
                figures.by_satisfaction,
                list(SATISFACTION_LABELS),
                SATISFACTION_LABELS,
                figures.surveys,
                rules,
                Dimension.MEASURE,
                column=_("Survey answers"),
                note=_("From the short survey we offer when a case is closed."),
            )
        )
    tables.append(
        _one_column(
            "service-standards",
            _("Service standards met"),
            _("Service standard"),
            figures.standards_met,
            list(STANDARD_LABELS),
            STANDARD_LABELS,
            figures.standards_recorded,
            rules,
            Dimension.MEASURE,
            additive=False,
            column=_("Cases where it was met"),
            note=_("The total is the number of cases whose standards were recorded; each case can meet several."),
        )
    )
    if period.kind is Dimension.YEAR and organisation_id is None:
        tables.append(_community_trigger(period, rules))
    return tables


def _quarters_table(period: Period, rules: DisclosureRules, organisation_id: int | None) -> StatTable:
    this_year = [queries.report_count(q, organisation_id) for q in quarters_of(period.financial_year)]
    last_year = [queries.report_count(q, organisation_id) for q in quarters_of(period.financial_year - 1)]
    protected = protect_table(
        [[now, before] for now, before in zip(this_year, last_year, strict=True)],
        rules,
        dimensions=[Dimension.QUARTER, Dimension.MEASURE],
        column_totals=[sum(this_year), sum(last_year)],
    )
    this_label = financial_year(period.financial_year).slug.replace("-", "–")
    last_label = financial_year(period.financial_year - 1).slug.replace("-", "–")
    rows = [
        Row(f"q{number}", _("Quarter %(number)s", number=number), cells)
        for number, cells in enumerate(protected.cells, start=1)
    ]
    return StatTable(
        key="quarters",
        title=_("This year against last year, by quarter"),
        summary=_(
            "%(this)s reports in %(this_year)s, against %(last)s in %(last_year)s.",
            this=cell_text((protected.column_totals or [])[0], rules),
            this_year=this_label,
            last=cell_text((protected.column_totals or [])[1], rules),
            last_year=last_label,
        ),
        row_heading=_("Quarter"),
        columns=[("this_year", this_label), ("last_year", last_label)],
        rows=rows,
        total=Row("total", _("Total"), protected.column_totals or []),
        dimensions=[Dimension.QUARTER, Dimension.MEASURE],
        note=_("Quarter 1 is April to June."),
        chart="grouped",
    )


def _time_taken(figures: queries.Figures, rules: DisclosureRules) -> StatTable:
    contact = publish_measure(queries.median(figures.days_to_first_contact), len(figures.days_to_first_contact), rules)
    close = publish_measure(queries.median(figures.days_to_close), len(figures.days_to_close), rules)
    return StatTable(
        key="time-taken",
        title=_("How long it took"),
        summary=_("Typical (median) number of days from a report to our first contact, and to closing the case."),
        row_heading=_("Measure"),
        columns=[("median_days", _("Median days"))],
        rows=[
            Row("days_to_first_contact", _("Days to first contact"), [contact]),
            Row("days_to_close", _("Days to close"), [close]),
        ],
        total=None,
        dimensions=[Dimension.MEASURE],
        note=_("A median is shown only when it rests on at least %(number)s cases.", number=rules.suppress_below),
        chart="",
        unit="days",
    )


def _community_trigger(period: Period, rules: DisclosureRules) -> StatTable:
    figures = trigger_figures_for(period.start, period.end)
    values: Counter[str] = Counter(
        applications=figures.applications,
        applications_taken_by_staff=figures.applications_taken_by_staff,
        threshold_not_met=figures.threshold_not_met,
        reviews_held=figures.reviews_held,
        reviews_with_recommendations=figures.reviews_with_recommendations,
    )
    labels = {
        "applications": _("Applications received"),
        "applications_taken_by_staff": _("Applications taken by staff (phone, in person or by letter)"),
        "threshold_not_met": _("Applications where the threshold was not met"),
        "reviews_held": _("Case reviews held"),
        "reviews_with_recommendations": _("Case reviews that made recommendations"),
    }
    protected = protect_table([[values[key]] for key in labels], rules, dimensions=[Dimension.MEASURE])
    return StatTable(
        key="community-trigger",
        title=_("Community Trigger (ASB Case Review)"),
        summary=_("The figures the law asks us to publish each financial year."),
        row_heading=_("Figure"),
        columns=[("count", _("Number"))],
        rows=[Row(key, str(label), cells) for (key, label), cells in zip(labels.items(), protected.cells, strict=True)],
        total=None,
        dimensions=[Dimension.MEASURE],
        chart="",
    )
