"""The insights report: the anonymous counts arranged as tables, each suppressed as shown.

Pure: it takes the counts read from the store and returns what the page, the JSON and the
CSV all show, so the three cannot disagree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from flows.insights.suppress import SMALL, Cell, Shown, one_count, suppress
from flows.insights.tally import BETTER, CHECK_IN, GAP, NOT_BETTER, QUIET, THEME, question

BANDS = (
    "under 15 minutes",
    "15 to 60 minutes",
    "1 to 4 hours",
    "4 to 24 hours",
    "1 to 7 days",
    "over 7 days",
)
HANDS = ("1", "2", "3 or more")
WEEKS_SHOWN = 8
NOT_SAID = "not said"
# States a conversation rests in once nothing is asked of the person: not "gone quiet".
AT_REST = frozenset(
    {"connect.resting", "connect.waiting", "handoff.closed", "handoff.held", "handoff.waiting"}
    | {"listen.listened", "offer.done", "accompany.requested", "accompany.declined"}
)


@dataclass(frozen=True)
class Counted:
    """One anonymous count as read from the store."""

    week: str
    measure: str
    area: str
    item: str
    count: int


@dataclass(frozen=True)
class Table:
    """One table of the report: rows by columns, as they may be shown."""

    key: str
    title: str
    about: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    shown: Shown


@dataclass(frozen=True)
class Report:
    """Every table, and the one-line figures beside them."""

    tables: tuple[Table, ...]
    figures: tuple[tuple[str, Cell | str], ...]


def build(counted: Sequence[Counted], quiet_now: dict[str, int]) -> Report:
    """The report from the kept counts and where live conversations have gone quiet."""
    by = _index(counted)
    weeks = sorted({c.week for c in counted if c.measure == THEME})[-WEEKS_SHOWN:]
    tables = (
        _grid(
            "themes_by_week",
            "What people came about, by week",
            "Conversations by theme, each counted once, by the week it was heard.",
            by[THEME],
            lambda c: c.week,
            weeks,
        ),
        _grid(
            "themes_by_area",
            "What people came about, by neighbourhood",
            "Conversations by theme and the neighbourhood they named.",
            by[THEME],
            _area,
            _areas(by[THEME]),
        ),
        _grid(
            "gaps",
            "Gaps: asked for where nothing and nobody fitted",
            "What people asked for when no group or neighbour fitted, by neighbourhood:"
            " groups worth starting.",
            by[GAP],
            _area,
            _areas(by[GAP]),
        ),
        _list(
            "first_named",
            "Time from first message to a named person",
            "Handoffs by how long it was from the first message to someone taking it.",
            by["first_named"],
            BANDS,
            "handoffs",
        ),
        _list(
            "hands",
            "Hands per handoff",
            "Closed handoffs by how many people held them.",
            by["hands"],
            HANDS,
            "handoffs",
        ),
        _list(
            "check_ins",
            "Check-ins",
            "How people said things were when the bot checked in.",
            by[CHECK_IN],
            (BETTER, NOT_BETTER),
            "check-ins",
        ),
        _giving(by),
        _quiet(by[QUIET], quiet_now),
    )
    return Report(tables, _figures(by))


def _index(counted: Iterable[Counted]) -> defaultdict[str, list[Counted]]:
    by: defaultdict[str, list[Counted]] = defaultdict(list)
    for c in counted:
        by[c.measure].append(c)
    return by


def _area(c: Counted) -> str:
    return c.area or NOT_SAID


def _areas(found: Sequence[Counted]) -> list[str]:
    named = sorted({c.area for c in found if c.area})
    return named + ([NOT_SAID] if any(not c.area for c in found) else [])


def _grid(
    key: str,
    title: str,
    about: str,
    found: Sequence[Counted],
    column_of: Callable[[Counted], str],
    columns: Sequence[str],
) -> Table:
    """Items (rows) by ``columns``, each count summed from ``found``."""
    rows = sorted({c.item for c in found}, key=lambda item: -_total(found, item))
    sums: defaultdict[tuple[str, str], int] = defaultdict(int)
    for c in found:
        sums[(c.item, column_of(c))] += c.count
    cells = [[sums[(row, col)] for col in columns] for row in rows]
    return Table(key, title, about, tuple(rows), tuple(columns), suppress(cells))


def _total(found: Sequence[Counted], item: str) -> int:
    return sum(c.count for c in found if c.item == item)


def _list(
    key: str, title: str, about: str, found: Sequence[Counted], rows: Sequence[str], column: str
) -> Table:
    """One count per row of ``rows``, in that order."""
    cells = [[_total(found, row)] for row in rows]
    return Table(key, title, about, tuple(rows), (column,), suppress(cells))


def _giving(by: dict[str, list[Counted]]) -> Table:
    rows = ("introductions to a neighbour", "appointments a peer went to")
    cells = [[sum(c.count for c in by[m])] for m in ("introductions", "accompanied")]
    return Table(
        "giving",
        "What peers and groups gave",
        "Totals for everyone; each peer hears their own when they are thanked.",
        rows,
        ("times",),
        suppress(cells),
    )


def _quiet(kept: Sequence[Counted], live: dict[str, int]) -> Table:
    sums: defaultdict[str, int] = defaultdict(int)
    for c in kept:
        sums[c.item] += c.count
    for state, n in live.items():
        sums[state] += n
    states = sorted((s for s in sums if s not in AT_REST), key=lambda s: -sums[s])
    cells = [[sums[s]] for s in states]
    return Table(
        "quiet",
        "Where conversations go quiet",
        "The bot's last question before people stopped answering (a week or more).",
        tuple(question(s) for s in states),
        ("conversations",),
        suppress(cells),
    )


def _figures(by: dict[str, list[Counted]]) -> tuple[tuple[str, Cell | str], ...]:
    bands = [_total(by["first_named"], band) for band in BANDS]
    hours = sum(c.count for c in by["minutes_given"]) // 60
    visits = sum(c.count for c in by["accompanied"])
    many = _total(by["hands"], "3 or more")
    return (
        ("Time to a named person for half of people (p50)", _band_at(bands, 0.5)),
        ("Time to a named person for nine in ten (p90)", _band_at(bands, 0.9)),
        ("Handoffs held by more than two people", one_count(many)),
        ("Hours peers gave going with people", hours if visits >= SMALL else "not shown"),
    )


def _band_at(bands: Sequence[int], share: float) -> str:
    """The time band that the given share of handoffs were taken within."""
    total = sum(bands)
    if total < SMALL:
        return "too few to say"
    seen = 0
    for band, n in zip(BANDS, bands, strict=True):
        seen += n
        if seen >= share * total:
            return band
    return BANDS[-1]
