"""CSV and JSON of exactly what a statistics page shows: the same suppressed, rounded tables.
The data dictionary (``/statistics/data-dictionary``) describes every column."""

from __future__ import annotations

import csv
import io
from typing import Any

from portal.disclosure import CellState, DisclosureRules
from portal.publication.periods import Period
from portal.publication.tables import Row, StatTable, cell_text

CSV_COLUMNS = (
    "period",
    "period_start",
    "period_end",
    "table",
    "table_title",
    "row",
    "row_label",
    "column",
    "column_label",
    "value",
    "status",
    "shown_as",
)


def _rows(table: StatTable) -> list[Row]:
    return [*table.rows, *([table.total] if table.total is not None else [])]


def as_csv(period: Period, tables: list[StatTable], rules: DisclosureRules) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for table in tables:
        for row in _rows(table):
            for (column, column_label), cell in zip(table.columns, row.cells, strict=True):
                writer.writerow(
                    [
                        period.slug,
                        period.start.isoformat(),
                        period.end.isoformat(),
                        table.key,
                        table.title,
                        row.key,
                        row.label,
                        column,
                        column_label,
                        cell.value if cell.state is CellState.SHOWN else "",
                        cell.state.value,
                        cell_text(cell, rules, table.unit),
                    ]
                )
    return out.getvalue()


def as_json(period: Period, tables: list[StatTable], rules: DisclosureRules, dictionary_url: str) -> dict[str, Any]:
    def cells(row: Row) -> list[dict[str, Any]]:
        return [
            {
                "column": column,
                "value": cell.value if cell.state is CellState.SHOWN else None,
                "status": cell.state.value,
                "shown_as": cell_text(cell, rules, table.unit),
            }
            for (column, _label), cell in zip(table.columns, row.cells, strict=True)
        ]

    out = []
    for table in tables:
        out.append(
            {
                "key": table.key,
                "title": table.title,
                "summary": table.summary,
                "note": table.note,
                "row_heading": table.row_heading,
                "columns": [{"key": key, "label": label} for key, label in table.columns],
                "rows": [{"key": row.key, "label": row.label, "cells": cells(row)} for row in table.rows],
                "total": {"key": "total", "label": table.total.label, "cells": cells(table.total)}
                if table.total is not None
                else None,
            }
        )
    return {
        "period": {
            "key": period.slug,
            "kind": period.kind.value,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
        "disclosure": {"suppress_below": rules.suppress_below, "round_to": rules.round_to},
        "data_dictionary": dictionary_url,
        "tables": out,
    }
