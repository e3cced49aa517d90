"""Which readings could find anything in a message, worked out from its words alone.

Most messages hold nothing either the patterns or the concepts react to, and ruling that
out costs far less than reading. So the regexes of both are themselves read, once, for the
words every match must contain, whole or as how a word starts: clauses, each met by any
one of its words ("kill|hurt|..." and "myself"). A message's words then say which regexes
could match. The patterns run only if one of them could; the concepts only if those that
could might add up to THRESHOLD, and then only those. Nothing that could match is skipped,
so no result changes, and words read from the regexes cannot drift from them. (The word
reading has a shortcut of its own: see ``words.read_words``.)
"""

from __future__ import annotations

from functools import lru_cache

from flows.safety.concepts import CONCEPTS, CUES, THRESHOLD
from flows.safety.regex_words import Clause, cost, required_words
from flows.safety.tables import TABLES

PATTERN_BIT = 1
# Each reading's regexes, and the bit that says one of them could match: the patterns share
# one, since they run as one regex.
SOURCES = [(PATTERN_BIT, p) for table in TABLES.patterns.values() for p in table.values()]
SOURCES += [(bit, CONCEPTS[kind][name][1]) for kind, name, _, _, bit in CUES]
# Per kind: the bits of its concepts that add weight, and each one's bit and weight.
_ADDING = [
    (sum(bit for bit, _ in adding), adding)
    for adding in (
        [(bit, weight) for k, _, weight, _, bit in CUES if k is kind and weight > 0]
        for kind in CONCEPTS
    )
]
# Where each alternative is keyed: (clause bits it needs, the bit it sets).
_Keyed = frozenset[tuple[int, int]]


def _index() -> tuple[dict[str, tuple[int, _Keyed]], dict[str, tuple[int, _Keyed]], int]:
    """By whole word and by word start: the clauses met and the alternatives keyed there.

    Also the bits of any regex that could match without a word of its own.
    """
    clauses: dict[Clause, int] = {}
    whole: dict[str, tuple[int, _Keyed]] = {}
    starts: dict[str, tuple[int, _Keyed]] = {}
    always = 0
    for bit, pattern in SOURCES:
        for needs in required_words(pattern):
            if not needs:
                always |= bit
                continue
            need = 0
            for clause in needs:
                need |= clauses.setdefault(clause, 1 << len(clauses))
            # Keyed under its rarest clause: only looked at when a word meets that.
            key = min(needs, key=cost)
            for clause in needs:
                here = frozenset({(need, bit)} if clause == key else ())
                for word, stem in clause:
                    table = starts if stem else whole
                    met, keyed = table.get(word, (0, frozenset()))
                    table[word] = met | clauses[clause], keyed | here
    return whole, starts, always


_WHOLE, _STARTS, _ALWAYS = TABLES.checked(_index, required_words)
_START_SIZES = sorted({len(start) for start in _STARTS})


# Bounded, as words are whatever people send; everyday ones stay in it.
@lru_cache(maxsize=8_192)
def _lookup(word: str) -> tuple[int, _Keyed]:
    """The clauses ``word`` meets, and the alternatives keyed under it, whole or by its start."""
    met, keyed = _WHOLE.get(word, (0, frozenset()))
    for size in _START_SIZES:
        if size > len(word):
            break
        more_met, more_keyed = _STARTS.get(word[:size], (0, frozenset()))
        met, keyed = met | more_met, keyed | more_keyed
    return met, keyed


def possible(plain: str) -> int:
    """The bits of the regexes that could match somewhere in normalised text ``plain``."""
    met, keyed = 0, set[tuple[int, int]]()
    for word in set(plain.split(" ")):
        more_met, more_keyed = _lookup(word)
        met |= more_met
        keyed |= more_keyed
    possible = _ALWAYS
    for need, bit in keyed:
        if need & met == need:
            possible |= bit
    return possible


def could_add_up(possible: int) -> bool:
    """Whether the concepts in ``possible`` could reach THRESHOLD for some kind."""
    return any(
        possible & bits and sum(w for bit, w in weights if possible & bit) >= THRESHOLD
        for bits, weights in _ADDING
    )
