"""Small-count suppression: which counts of a table may be shown without naming anyone.

A count under ``SMALL`` is shown as "fewer than 5". A table is shown with its row and column
totals, so a lone hidden count in a row or column could be worked out by subtraction: such
a line has a second entry hidden too (complementary suppression), until no row or column
(totals included) has exactly one hidden entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

SMALL = 5
FEWER = "fewer than 5"
# A count hidden only so that another cannot be worked out: it may be any size.
HIDDEN = "not shown"

Cell = int | str


@dataclass(frozen=True)
class Shown:
    """A table as it may be shown: each count, or FEWER or HIDDEN in its place."""

    cells: tuple[tuple[Cell, ...], ...]
    row_totals: tuple[Cell, ...]
    column_totals: tuple[Cell, ...]
    total: Cell


def suppress(counts: Sequence[Sequence[int]]) -> Shown:
    """``counts`` (rows of equal length) with their totals, as they may be shown."""
    grid = _with_totals(counts)
    hidden = {(r, c) for r, row in enumerate(grid) for c, n in enumerate(row) if 0 < n < SMALL}
    primary = set(hidden)
    while extra := _one_more(grid, hidden):
        hidden.add(extra)
    shown = [
        [
            FEWER if (r, c) in primary else HIDDEN if (r, c) in hidden else n
            for c, n in enumerate(row)
        ]
        for r, row in enumerate(grid)
    ]
    return Shown(
        cells=tuple(tuple(row[:-1]) for row in shown[:-1]),
        row_totals=tuple(row[-1] for row in shown[:-1]),
        column_totals=tuple(shown[-1][:-1]),
        total=shown[-1][-1],
    )


def one_count(n: int) -> Cell:
    """A single count shown alone: under 5 is "fewer than 5"."""
    return FEWER if 0 < n < SMALL else n


def _with_totals(counts: Sequence[Sequence[int]]) -> list[list[int]]:
    """The counts with each row's total on its end and the column totals below."""
    rows = [[*row, sum(row)] for row in counts]
    width = len(rows[0]) if rows else 1
    return [*rows, [sum(row[c] for row in rows) for c in range(width)]]


def _one_more(grid: list[list[int]], hidden: set[tuple[int, int]]) -> tuple[int, int] | None:
    """A count to hide so that a line with one hidden entry has two; None when none has.

    Of the line's visible entries (counts above zero, or its total), the one hidden is the
    one whose other line most needs it (it has one hidden entry too), else one whose other
    line is already safe, else the smallest: so fewer counts go than hiding the smallest."""
    for r, row in enumerate(grid):
        for line in (_row(grid, r), *(_column(grid, c) for c in range(len(row)))):
            if sum(cell in hidden for cell in line) != 1:
                continue
            choices = [cell for cell in line if cell not in hidden and _value(grid, cell) > 0]
            if choices:
                return min(choices, key=lambda cell: _rank(grid, hidden, line, cell))
    return None


def _rank(
    grid: list[list[int]],
    hidden: set[tuple[int, int]],
    line: list[tuple[int, int]],
    cell: tuple[int, int],
) -> tuple[int, int]:
    r, c = cell
    other = _column(grid, c) if line == _row(grid, r) else _row(grid, r)
    already = sum(x in hidden for x in other)
    return ({1: 0, 0: 2}.get(already, 1), _value(grid, cell))


def _row(grid: list[list[int]], r: int) -> list[tuple[int, int]]:
    """Row ``r`` with its total last."""
    return [(r, c) for c in range(len(grid[0]))]


def _column(grid: list[list[int]], c: int) -> list[tuple[int, int]]:
    """Column ``c`` with its total last."""
    return [(r, c) for r in range(len(grid))]


def _value(grid: list[list[int]], cell: tuple[int, int]) -> int:
    return grid[cell[0]][cell[1]]
