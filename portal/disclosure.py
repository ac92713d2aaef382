"""Disclosure control for published statistics, as police.uk and the ONS do it.

Victims of hate are few in some communities, and a small count can identify a person. Every
published figure (the statistics pages, their CSV and JSON, a partner's own figures) goes
through this one module:

- primary suppression: a count from 1 to ``suppress_below - 1`` is shown as "fewer than 5";
- secondary suppression: where a published total would let someone work out a hidden cell
  (a total with exactly one hidden member), the smallest other cell in that row or column
  is hidden too, repeated until no row or column gives one away;
- rounding: every count that is shown is rounded to the nearest ``round_to``;
- granularity: nothing finer than area by month, and at most two dimensions in one table.

The threshold and the rounding are the council's rules (``disclosure_rules``, from the rules
file's ``[statistics]`` section).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from portal import rules as council_rules


class CellState(StrEnum):
    SHOWN = "shown"
    # Primary: the count itself is small.
    FEWER_THAN = "fewer_than"
    # Secondary: hidden so that a small count elsewhere cannot be worked out from a total.
    WITHHELD = "withheld"


class Dimension(StrEnum):
    """What a table may be broken down by. Time never finer than a month, place never finer
    than an area (a ward or the council's configured list)."""

    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"
    AREA = "area"
    ROUTE = "route"
    STRAND = "strand"
    ASB_CATEGORY = "asb_category"
    INCIDENT_TYPE = "incident_type"
    OUTCOME = "outcome"
    MEASURE = "measure"


TIME_DIMENSIONS = frozenset({Dimension.YEAR, Dimension.QUARTER, Dimension.MONTH})


class TooFine(ValueError):
    """A breakdown the rules do not allow (finer than area by month)."""


class NotAdditive(ValueError):
    """An additive table whose cells do not add up to its totals: the figures are wrong."""


@dataclass(frozen=True)
class DisclosureRules:
    suppress_below: int = 5
    round_to: int = 5


def disclosure_rules() -> DisclosureRules:
    """The council's disclosure rules: the rules file's ``[statistics]`` section (``suppress_below``,
    ``round_to``, both at least 1, validated when the app starts). The one place they are read."""
    statistics = council_rules.current().statistics
    return DisclosureRules(suppress_below=statistics.suppress_below, round_to=statistics.round_to)


@dataclass(frozen=True)
class Published:
    """One published figure: a rounded value, or nothing and the reason."""

    state: CellState
    value: int | None = None

    @property
    def shown(self) -> bool:
        return self.state is CellState.SHOWN


def round_count(value: int, rules: DisclosureRules) -> int:
    """To the nearest ``round_to``, halves up (7 -> 5, 8 -> 10)."""
    step = rules.round_to
    return ((2 * value + step) // (2 * step)) * step


def is_small(value: int, rules: DisclosureRules) -> bool:
    return 0 < value < rules.suppress_below


def publish_count(value: int, rules: DisclosureRules) -> Published:
    """A count on its own (no total to compare it with)."""
    if is_small(value, rules):
        return Published(CellState.FEWER_THAN)
    return Published(CellState.SHOWN, round_count(value, rules))


def publish_measure(value: float | None, based_on: int, rules: DisclosureRules) -> Published:
    """A measure (a median number of days) is shown only when it rests on enough cases."""
    if value is None or based_on < rules.suppress_below:
        return Published(CellState.FEWER_THAN if based_on else CellState.WITHHELD)
    return Published(CellState.SHOWN, round(value))


def check_dimensions(dimensions: Sequence[Dimension]) -> None:
    """Refuse anything finer than area by month."""
    if len(dimensions) > 2:
        raise TooFine("at most two dimensions in one table")
    if len(set(dimensions)) != len(dimensions):
        raise TooFine("a dimension can be used once")
    for dimension in dimensions:
        if not isinstance(dimension, Dimension):
            raise TooFine(f"{dimension!r} is not a published dimension")
    if sum(1 for dimension in dimensions if dimension in TIME_DIMENSIONS) > 1:
        raise TooFine("one time dimension per table")


@dataclass(frozen=True)
class ProtectedTable:
    cells: list[list[Published]]
    row_totals: list[Published] | None
    column_totals: list[Published] | None
    grand_total: Published | None


def protect_table(
    counts: Sequence[Sequence[int]],
    rules: DisclosureRules,
    *,
    dimensions: Sequence[Dimension],
    row_totals: Sequence[int] | None = None,
    column_totals: Sequence[int] | None = None,
    grand_total: int | None = None,
    additive: bool = True,
) -> ProtectedTable:
    """Suppress and round a table of counts with optional margins.

    ``additive`` says whether the cells of a row add up to its total. Hate strands do not:
    one report can have several strands, so the strand counts may add up to more than the
    number of reports. Totals are then given, never computed, and secondary suppression is
    still applied, because a total still narrows down what a hidden cell can be."""
    check_dimensions(dimensions)
    grid = [list(row) for row in counts]
    width = len(grid[0]) if grid else 0
    if any(len(row) != width for row in grid):
        raise ValueError("every row needs the same number of cells")
    if any(value < 0 for row in grid for value in row):
        raise ValueError("counts cannot be negative")
    if additive:
        _check_adds_up(grid, row_totals, column_totals, grand_total)

    # The whole table with its margins, as (row, column) -> count; margins at index -1.
    values: dict[tuple[int, int], int] = {(r, c): value for r, row in enumerate(grid) for c, value in enumerate(row)}
    if row_totals is not None:
        values.update({(r, -1): total for r, total in enumerate(row_totals)})
    if column_totals is not None:
        values.update({(-1, c): total for c, total in enumerate(column_totals)})
    if grand_total is not None:
        values[(-1, -1)] = grand_total
    hidden = {key for key, value in values.items() if is_small(value, rules)}
    primary = set(hidden)

    # Each line: its members, and its total (itself a member). A line with a published total
    # must not have exactly one hidden member.
    lines: list[tuple[list[tuple[int, int]], tuple[int, int]]] = []
    height = len(grid)
    if row_totals is not None:
        lines += [([(r, c) for c in range(width)], (r, -1)) for r in range(height)]
        if grand_total is not None:
            lines.append(([(r, -1) for r in range(height)], (-1, -1)))
    if column_totals is not None:
        lines += [([(r, c) for r in range(height)], (-1, c)) for c in range(width)]
        if grand_total is not None:
            lines.append(([(-1, c) for c in range(width)], (-1, -1)))
    changed = True
    while changed:
        changed = False
        for cells, total in lines:
            members = [*cells, total]
            if sum(1 for key in members if key in hidden) != 1:
                continue
            candidates = [key for key in cells if key not in hidden]
            if not candidates:
                continue
            # The smallest other cell; a non-zero one first, since hiding a zero beside a
            # small count still leaves the pair's sum to give the small one away.
            choice = min(candidates, key=lambda key: (values[key] == 0, values[key], key))
            hidden.add(choice)
            changed = True

    def published(key: tuple[int, int]) -> Published:
        if key in primary:
            return Published(CellState.FEWER_THAN)
        if key in hidden:
            return Published(CellState.WITHHELD)
        return Published(CellState.SHOWN, round_count(values[key], rules))

    return ProtectedTable(
        cells=[[published((r, c)) for c in range(width)] for r in range(len(grid))],
        row_totals=[published((r, -1)) for r in range(len(grid))] if row_totals is not None else None,
        column_totals=[published((-1, c)) for c in range(width)] if column_totals is not None else None,
        grand_total=published((-1, -1)) if grand_total is not None else None,
    )


def _check_adds_up(
    grid: list[list[int]],
    row_totals: Sequence[int] | None,
    column_totals: Sequence[int] | None,
    grand_total: int | None,
) -> None:
    if row_totals is not None and (
        len(row_totals) != len(grid) or any(sum(row) != total for row, total in zip(grid, row_totals, strict=True))
    ):
        raise NotAdditive("row totals do not match their cells")
    if column_totals is not None:
        width = len(grid[0]) if grid else 0
        if len(column_totals) != width or any(
            sum(row[c] for row in grid) != total for c, total in enumerate(column_totals)
        ):
            raise NotAdditive("column totals do not match their cells")
    if grand_total is not None and sum(map(sum, grid)) != grand_total:
        raise NotAdditive("the grand total does not match the cells")
