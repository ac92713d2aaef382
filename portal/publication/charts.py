"""Bar charts for the published tables, drawn on the server as SVG (no JavaScript).

Geometry only: ``templates/statistics/_chart.html`` draws it, mirrored for right-to-left
languages. A withheld or small figure has no bar, and its text says why, as in the table."""

from __future__ import annotations

from dataclasses import dataclass

from portal.disclosure import DisclosureRules
from portal.publication.tables import StatTable, cell_text

WIDTH = 640
VALUE_WIDTH = 130
BAR_SPACE = WIDTH - VALUE_WIDTH
LABEL_HEIGHT = 22
BAR_HEIGHT = 18
BAR_GAP = 6
GROUP_GAP = 14
LEGEND_HEIGHT = 34
COLOURS = ("#1d70b8", "#505a5f")


@dataclass(frozen=True)
class Bar:
    y: int
    length: int
    colour: str
    text: str


@dataclass(frozen=True)
class Group:
    label: str
    label_y: int
    bars: list[Bar]


@dataclass(frozen=True)
class Chart:
    key: str
    height: int
    groups: list[Group]
    legend: list[tuple[str, str]]
    width: int = WIDTH
    bar_height: int = BAR_HEIGHT


def chart_for(table: StatTable, rules: DisclosureRules) -> Chart | None:
    """Each row is a label with its bar (or bars, one per column) beneath it."""
    if not table.chart:
        return None
    series = range(len(table.columns)) if table.chart == "grouped" else range(1)
    largest = max(
        (row.cells[s].value or 0 for row in table.rows for s in series if row.cells[s].shown),
        default=0,
    )
    y = LEGEND_HEIGHT if table.chart == "grouped" else 0
    groups = []
    for row in table.rows:
        label_y = y + LABEL_HEIGHT - 6
        y += LABEL_HEIGHT
        bars = []
        for s in series:
            cell = row.cells[s]
            length = round(BAR_SPACE * (cell.value or 0) / largest) if largest and cell.shown else 0
            bars.append(Bar(y=y, length=length, colour=COLOURS[s % len(COLOURS)], text=cell_text(cell, rules)))
            y += BAR_HEIGHT + BAR_GAP
        y += GROUP_GAP
        groups.append(Group(label=row.label, label_y=label_y, bars=bars))
    legend = (
        [(label, COLOURS[index % len(COLOURS)]) for index, (_key, label) in enumerate(table.columns)]
        if table.chart == "grouped"
        else []
    )
    return Chart(key=table.key, height=y, groups=groups, legend=legend)
