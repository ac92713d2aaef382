"""The disclosure-control rules, table by table: small counts, totals that would give a hidden
count away, rounding, and strand breakdowns whose cells add up to more than the total."""

import pytest

from portal.disclosure import (
    CellState,
    Dimension,
    DisclosureRules,
    NotAdditive,
    Published,
    TooFine,
    disclosure_rules,
    protect_table,
    publish_count,
    publish_measure,
    round_count,
)

RULES = DisclosureRules(suppress_below=5, round_to=5)
FEWER = Published(CellState.FEWER_THAN)
WITHHELD = Published(CellState.WITHHELD)


def shown(value: int) -> Published:
    return Published(CellState.SHOWN, value)


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, shown(0)),
        (1, FEWER),
        (4, FEWER),
        (5, shown(5)),
        (6, shown(5)),
        (7, shown(5)),
        (8, shown(10)),
        (12, shown(10)),
        (13, shown(15)),
        (102, shown(100)),
    ],
)
def test_a_single_count_is_suppressed_below_five_and_rounded_to_five(count: int, expected: Published) -> None:
    assert publish_count(count, RULES) == expected


@pytest.mark.parametrize(
    ("value", "step", "expected"),
    [(0, 5, 0), (2, 5, 0), (3, 5, 5), (7, 5, 5), (8, 5, 10), (22, 10, 20), (25, 10, 30), (6, 1, 6)],
)
def test_rounding_goes_to_the_nearest_step_with_halves_up(value: int, step: int, expected: int) -> None:
    assert round_count(value, DisclosureRules(suppress_below=5, round_to=step)) == expected


@pytest.mark.parametrize(
    ("counts", "row_total", "expected_cells", "expected_total"),
    [
        # Nothing small: every cell rounded, the total rounded on its own.
        ([10, 20, 31], 61, [shown(10), shown(20), shown(30)], shown(60)),
        # One small cell and a published total: 50 - 20 - 26 would give the 4 away, so the
        # smallest other cell (20) is withheld too.
        ([4, 20, 26], 50, [FEWER, WITHHELD, shown(25)], shown(50)),
        # Two small cells already hide each other: nothing more withheld.
        ([3, 2, 40], 45, [FEWER, FEWER, shown(40)], shown(45)),
        # A zero beside the small cell is passed over for the smallest non-zero one.
        ([0, 2, 9, 30], 41, [shown(0), FEWER, WITHHELD, shown(30)], shown(40)),
        # A small total: cells that are all small or zero.
        ([0, 3, 0], 3, [shown(0), FEWER, shown(0)], FEWER),
        # Zero everywhere is published as zero.
        ([0, 0], 0, [shown(0), shown(0)], shown(0)),
    ],
)
def test_a_row_with_its_total(
    counts: list[int], row_total: int, expected_cells: list[Published], expected_total: Published
) -> None:
    table = protect_table([counts], RULES, dimensions=[Dimension.ROUTE], row_totals=[row_total])
    assert table.cells == [expected_cells]
    assert table.row_totals == [expected_total]


def test_secondary_suppression_spreads_until_no_row_or_column_gives_a_cell_away() -> None:
    # Areas by month with both margins. The 2 is hidden; its row withholds the 6 beside it;
    # then the first and second columns each have one hidden cell, so each withholds its
    # smallest other cell (the 10 and the 7).
    counts = [
        [2, 6, 30],
        [10, 7, 40],
        [20, 30, 50],
    ]
    rows = [sum(row) for row in counts]
    columns = [sum(column) for column in zip(*counts, strict=True)]
    table = protect_table(
        counts,
        RULES,
        dimensions=[Dimension.AREA, Dimension.MONTH],
        row_totals=rows,
        column_totals=columns,
        grand_total=sum(rows),
    )
    states = [[cell.state for cell in row] for row in table.cells]
    assert states == [
        [CellState.FEWER_THAN, CellState.WITHHELD, CellState.SHOWN],
        [CellState.WITHHELD, CellState.WITHHELD, CellState.SHOWN],
        [CellState.SHOWN, CellState.SHOWN, CellState.SHOWN],
    ]
    # No row or column with a published total has exactly one hidden cell left.
    for r, row in enumerate(table.cells):
        assert sum(not cell.shown for cell in row) != 1 or not table.row_totals[r].shown  # type: ignore[index]
    for c in range(3):
        column = [row[c] for row in table.cells]
        assert sum(not cell.shown for cell in column) != 1 or not table.column_totals[c].shown  # type: ignore[index]
    assert table.grand_total == shown(195)


def test_a_hidden_total_is_not_left_to_be_worked_out_from_its_cells() -> None:
    # Column totals and the grand total published, one column total small: 3 = 40 + 3 - 40.
    counts = [[1, 20], [2, 20]]
    table = protect_table(
        counts,
        RULES,
        dimensions=[Dimension.AREA, Dimension.ROUTE],
        column_totals=[3, 40],
        grand_total=43,
    )
    assert table.column_totals == [FEWER, WITHHELD]
    assert table.grand_total == shown(45)
    # The withheld column total in turn needs a second hidden cell in its column.
    assert table.cells == [[FEWER, WITHHELD], [FEWER, shown(20)]]


def test_a_strand_breakdown_may_add_up_to_more_than_the_total() -> None:
    # 30 reports; some name two strands, so the strands add up to 41.
    strands = [22, 12, 4, 3]
    table = protect_table([strands], RULES, dimensions=[Dimension.STRAND], row_totals=[30], additive=False)
    assert sum(strands) > 30
    assert table.row_totals == [shown(30)]
    assert table.cells == [[shown(20), shown(10), FEWER, FEWER]]


def test_a_strand_breakdown_with_one_small_strand_still_withholds_a_second() -> None:
    table = protect_table([[25, 9, 2]], RULES, dimensions=[Dimension.STRAND], row_totals=[30], additive=False)
    assert table.cells == [[shown(25), WITHHELD, FEWER]]


def test_an_additive_table_that_does_not_add_up_is_refused() -> None:
    with pytest.raises(NotAdditive):
        protect_table([[22, 12]], RULES, dimensions=[Dimension.ROUTE], row_totals=[30])


@pytest.mark.parametrize(
    "dimensions",
    [
        [Dimension.AREA, Dimension.MONTH, Dimension.STRAND],
        [Dimension.MONTH, Dimension.QUARTER],
        [Dimension.AREA, Dimension.AREA],
        ["day"],
        ["postcode", Dimension.MONTH],
    ],
)
def test_nothing_finer_than_area_by_month(dimensions: list) -> None:
    with pytest.raises(TooFine):
        protect_table([[10]], RULES, dimensions=dimensions)


@pytest.mark.parametrize(
    ("median", "based_on", "expected"),
    [(3.5, 4, FEWER), (3.5, 5, shown(4)), (None, 0, WITHHELD), (12.0, 40, shown(12))],
)
def test_a_median_rests_on_enough_cases(median: float | None, based_on: int, expected: Published) -> None:
    assert publish_measure(median, based_on, RULES) == expected


def test_the_default_rules_suppress_below_5_and_round_to_5(app) -> None:  # type: ignore[no-untyped-def]
    # A council's own [statistics] section: tests/rules/test_council_rules_app.py.
    assert disclosure_rules() == DisclosureRules(5, 5)


def test_a_higher_threshold_from_the_rules_hides_more() -> None:
    rules = DisclosureRules(suppress_below=10, round_to=1)
    assert publish_count(9, rules) == FEWER
    assert publish_count(10, rules) == shown(10)
