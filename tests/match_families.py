"""Training the matcher's family guess (``bot/families.json``) on tuned lines only.

Used by ``bench/match.py --train`` and ``--judge``. Deterministic: the same lines give the
same file. The lines are the written set of resident-style messages, each labelled with
its families (``data/match_families.jsonl``), and the tuned matching rounds, each labelled
with the families whose own terms find one of its expected groups or neighbours. A line of
several families counts once for each; a line of none is class "none".

The threshold is chosen on held-back guesses: every line is guessed by a model trained
without it (five folds, by line number), and the threshold is the one at which the
matcher, given those guesses, offers something expected to the most tuned lines.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import aiosqlite
import numpy as np
import numpy.typing as npt

from bot.family_guess import NONE, FamilyModel, named
from flows.connect.vocabulary import VOCABULARY, Mention, families, mentions
from store.directory import search_groups, search_peers
from tests.safety_encoder import fit_hidden
from tests.test_matching import Labelled

FAMILY_LINES = Path(__file__).parent / "data" / "match_families.jsonl"
WIDTH = 64
FOLDS = 5
# Thresholds tried, low to high; above 1 the guess never names a family.
THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
Matrix = npt.NDArray[np.float32]
GuessFn = Callable[[str], list[Mention]]


@dataclass(frozen=True)
class Line:
    """A message and the families it is about (none: it names no need)."""

    text: str
    families: tuple[str, ...]


def classes() -> tuple[str, ...]:
    """ "none", then every vocabulary family in the file's order."""
    return (NONE, *families())


def written(path: Path = FAMILY_LINES) -> list[Line]:
    """The written lines, each with the families it was written for."""
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return [Line(row["text"], tuple(row["families"])) for row in rows]


async def found_by(conn: aiosqlite.Connection) -> dict[str, frozenset[str]]:
    """Each family's own terms as a search: the three best groups and two best peers."""
    found = {}
    for name, finds in families().items():
        groups = await search_groups(conn, list(finds), None, limit=3)
        peers = await search_peers(conn, list(finds), None, limit=2)
        found[name] = frozenset(h.id for h in [*groups, *peers])
    return found


def label(items: Sequence[Labelled], found: dict[str, frozenset[str]]) -> list[Line]:
    """The tuned rounds' lines, each with the families its phrases name (the phrases were
    fitted to these lines) that find what it expects, or all it names when none does."""
    lines = []
    for item in items:
        heard = heard_families(item.text)
        useful = tuple(name for name in heard if found[name] & set(item.expect))
        lines.append(Line(item.text, useful or heard))
    return lines


def heard_families(text: str) -> tuple[str, ...]:
    """The families whose phrases ``text`` holds, in the order heard."""
    named: dict[str, None] = {}
    for mention in mentions(text):
        if not mention.own_words:
            terms = set(mention.terms)
            named |= {n: None for n, finds in families().items() if set(finds) <= terms}
    return tuple(named)


def phrases() -> list[Line]:
    """Every vocabulary phrase as a line of its own family: the words that name each one."""
    return [Line(phrase, (topic.said[0],)) for topic in VOCABULARY for phrase in topic.said]


def fit(lines: Sequence[Line], x: Matrix, threshold: float = 1.01) -> FamilyModel:
    """A model on ``lines`` (embedded as ``x``); a line counts once for each family."""
    names = classes()
    rows = [(i, names.index(f)) for i, line in enumerate(lines) for f in line.families or (NONE,)]
    index, labels = (np.array(part, np.int64) for part in zip(*rows, strict=True))
    model = fit_hidden(x[index], labels, WIDTH, classes=len(names))
    assert model.hidden is not None  # fit_hidden always makes one
    hidden = (model.hidden.weights, model.hidden.bias)
    return FamilyModel(names, hidden, (model.weights, model.bias), threshold)


def held_back(lines: Sequence[Line], x: Matrix) -> Matrix:
    """Each line's chances from a model trained on the other folds."""
    chances = np.zeros((len(lines), len(classes())), np.float32)
    fold = np.arange(len(lines)) % FOLDS
    for part in range(FOLDS):
        kept = [line for line, f in zip(lines, fold, strict=True) if f != part]
        chances[fold == part] = fit(kept, x[fold != part]).chances(x[fold == part])
    return chances


def guess_from(chances: dict[str, npt.NDArray[np.float32]], threshold: float) -> GuessFn:
    """A guess that reads each known text's held-back ``chances`` instead of a model."""
    finds, names = families(), classes()

    def guess(text: str) -> list[Mention]:
        row = chances.get(text.strip())
        picked = named(names, row, threshold) if row is not None else []
        return [Mention("", finds[name]) for name in picked]

    return guess
