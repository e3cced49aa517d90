"""Small-count suppression, on tables a reader can check by hand."""

from __future__ import annotations

from flows.insights.suppress import FEWER, HIDDEN, one_count, suppress


def test_counts_of_five_or_more_and_zeros_are_shown_with_their_totals() -> None:
    shown = suppress([[5, 0], [7, 9]])
    assert shown.cells == ((5, 0), (7, 9))
    assert shown.row_totals == (5, 16)
    assert shown.column_totals == (12, 9)
    assert shown.total == 21


def test_a_small_count_is_fewer_than_5_and_a_second_count_in_its_row_and_column_is_hidden() -> None:
    # 3 alone hidden: 10 - 7 and 9 - 6 would give it away. The smallest other count in its
    # row (6) and column (7) go too; then the 8 makes the 6's column and 7's row safe.
    shown = suppress([[3, 7], [6, 8]])
    assert shown.cells == ((FEWER, HIDDEN), (HIDDEN, HIDDEN))
    assert shown.row_totals == (10, 14)
    assert shown.column_totals == (9, 15)
    assert shown.total == 24


def test_a_row_with_two_small_counts_needs_nothing_more_in_that_row() -> None:
    shown = suppress([[2, 3, 10]])
    # Each small count's column total is the count itself, so it is hidden as well.
    assert shown.cells == ((FEWER, FEWER, 10),)
    assert shown.column_totals == (FEWER, FEWER, 10)
    assert shown.row_totals == (15,)


def test_a_small_count_alone_in_a_list_hides_the_next_smallest() -> None:
    # A list with its total: 4 could be worked out as 30 - 20 - 6, so the 6 goes too.
    shown = suppress([[20], [6], [4]])
    assert [row[0] for row in shown.cells] == [20, HIDDEN, FEWER]
    assert shown.total == 30


def test_a_small_count_next_to_zeros_hides_the_total() -> None:
    shown = suppress([[0], [0], [7], [3]])
    assert [row[0] for row in shown.cells] == [0, 0, HIDDEN, FEWER]
    assert shown.total == 10
    shown = suppress([[0], [3]])
    assert [row[0] for row in shown.cells] == [0, FEWER]
    assert shown.total == FEWER


def test_a_small_count_in_its_own_row_and_column_hides_only_the_grand_total() -> None:
    # 4 is alone in its row and column, whose totals are 4 too (fewer than 5). The grand
    # total 48 would give it away (48 - 30 - 14, or 48 - 18 - 26): it goes, and nothing else.
    shown = suppress([[18, 12, 0], [0, 14, 0], [0, 0, 4]])
    assert shown.cells == ((18, 12, 0), (0, 14, 0), (0, 0, FEWER))
    assert shown.row_totals == (30, 14, FEWER)
    assert shown.column_totals == (18, 26, FEWER)
    assert shown.total == HIDDEN


def test_no_hidden_count_can_be_worked_out_from_what_is_shown() -> None:
    # Brute force: every line (row or column, with its total) shows none or two hidden.
    for counts in ([[1, 9, 12], [8, 6, 2], [15, 0, 7]], [[4, 4], [4, 4]], [[0, 2], [11, 30]]):
        shown = suppress(counts)
        grid = [[*row, total] for row, total in zip(shown.cells, shown.row_totals, strict=True)]
        grid.append([*shown.column_totals, shown.total])
        lines = [*grid, *([row[c] for row in grid] for c in range(len(grid[0])))]
        assert all(sum(isinstance(v, str) for v in line) != 1 for line in lines), counts


def test_a_single_count_under_5_is_fewer_than_5() -> None:
    assert [one_count(n) for n in (0, 1, 4, 5)] == [0, FEWER, FEWER, 5]
