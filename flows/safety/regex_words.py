"""Which words every match of a regex must contain: read from the regex itself, once.

A text that has none of the words a regex needs cannot match it, and checking a text's words
against a table costs far less than running many regexes. So a caller reads its regexes once
with `required_words` and, for each text, runs only the regexes whose needs its words meet.
Words read from a regex cannot drift from it, and nothing that could match is ever ruled out.

What is needed comes as clauses: each a set of anchors, one of which every match contains,
as a whole word or as how a word starts ("kill|hurt" gives one clause of two words, "punch\\w*"
the start "punch"). A regex is read as it would be matched inside ``\\b(?:...)\\b``, over text
of lower-case words and single spaces; knowing nothing of what the regexes are for.

Only the syntax plain word-list regexes use is read: literals, ``.``, classes, ``\\w \\d \\s
\\W \\S \\D \\b``, escaped punctuation, groups, lookarounds and quantifiers. Anything else
raises ValueError rather than be guessed at. A lookaround is read as matching nothing, which
can only let more texts through; so can anything too varied to spell out, which needs less.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

# The kinds of character: a word character, or not one (a space, a word edge, either end).
WORD_CHAR, OTHER_CHAR = "w", "n"
_W, _N = WORD_CHAR, OTHER_CHAR
_EITHER = frozenset({_W, _N})
_EDGE = "|"  # stands for \b in spelt-out text; never in normalised text
# Spelling out more alternatives than this costs more at import than it saves.
_SPELL_LIMIT = 300


@dataclass(frozen=True, eq=False)
class Chars:
    """One character: any of ``spell``, or when that is None, too many to spell out."""

    spell: frozenset[str] | None
    kinds: frozenset[str]


@dataclass(frozen=True, eq=False)
class Zero:
    """Reads no character: a word edge (\\b) when ``edge``, else a lookaround."""

    edge: bool


@dataclass(frozen=True, eq=False)
class Seq:
    """Each item in turn."""

    items: tuple[Node, ...]


@dataclass(frozen=True, eq=False)
class Alt:
    """Any one of the options."""

    options: tuple[Node, ...]


@dataclass(frozen=True, eq=False)
class Repeat:
    """``item`` from ``low`` to ``high`` times (None: no limit)."""

    item: Node
    low: int
    high: int | None


Node = Chars | Zero | Seq | Alt | Repeat


class Anchor(NamedTuple):
    """A word a match contains: whole, or when ``start``, only how a word starts."""

    word: str
    start: bool


# A clause: a set of anchors, one of which every match contains.
Clause = frozenset[Anchor]
_QUANTIFIER = re.compile(r"(?:([?*+])|\{(\d*)(,?)(\d*)\})[?+]?")
_GROUPS = ("(?:", "(?=", "(?!", "(?<=", "(?<!", "(")
_WORD = re.compile(r"\w+")
# The kinds of character each class escape can read.
_ESCAPES = {
    "w": frozenset({_W}),
    "d": frozenset({_W}),
    "s": frozenset({_N}),
    "W": frozenset({_N}),
    "S": _EITHER,
    "D": _EITHER,
}


def required_words(pattern: str) -> list[tuple[Clause, ...]]:
    """For each top-level alternative of ``pattern``, the clauses every match of it meets.

    An alternative with no clauses could match without any word of its own. Raises
    ValueError for syntax this module does not read.
    """
    node = parse(pattern)
    try:
        needs = []
        for option in node.options if isinstance(node, Alt) else (node,):
            inside = option.items if isinstance(option, Seq) else (option,)
            # Matched inside \b(?:...)\b, with anything on either side.
            edged = (Zero(edge=True), *inside, Zero(edge=True))
            needs.append(_seq_needs(edged, _EITHER, _EITHER))
        return needs
    finally:
        # Spellings are only shared within one regex; keeping them would only hold memory.
        _spell.cache_clear()


def _kinds(chars: Iterable[str]) -> frozenset[str]:
    """Whether ``chars`` hold word characters, other characters, or both."""
    return frozenset(_W if c.isalnum() or c == "_" else _N for c in chars)


def parse(pattern: str) -> Node:
    """``pattern`` as a tree, for the regex syntax the tables use; anything else is an error."""
    node, end = _parse_options(pattern, 0)
    if end != len(pattern):
        raise ValueError(f"unbalanced ) at {end} in {pattern!r}")
    return node


def _parse_options(pattern: str, i: int) -> tuple[Node, int]:
    """Alternatives from ``i`` up to an unmatched ")" or the end, and where they stop."""
    options = []
    while True:
        items: list[Node] = []
        while i < len(pattern) and pattern[i] not in "|)":
            item, i = _parse_atom(pattern, i)
            if (
                i < len(pattern)
                and pattern[i] in "?*+{"
                and (found := _QUANTIFIER.match(pattern, i))
            ):
                item = _quantified(item, found)
                i = found.end()
            # A plain group is part of the sequence around it: "(?:a b) c" is "a b c".
            items += item.items if isinstance(item, Seq) else [item]
        options.append(Seq(tuple(items)))
        if i == len(pattern) or pattern[i] == ")":
            return (options[0] if len(options) == 1 else Alt(tuple(options))), i
        i += 1


def _quantified(item: Node, found: re.Match[str]) -> Repeat:
    """``item`` repeated as the quantifier ``found`` says."""
    symbol, low, comma, high = found.groups()
    if symbol:
        return Repeat(item, int(symbol == "+"), 1 if symbol == "?" else None)
    if comma:
        return Repeat(item, int(low or 0), int(high) if high else None)
    return Repeat(item, int(low), int(low))


def _parse_atom(pattern: str, i: int) -> tuple[Node, int]:
    """One group, class, escape or character at ``i``, and where it ends."""
    char = pattern[i]
    if char == "(":
        opening = next(g for g in _GROUPS if pattern.startswith(g, i))
        if opening == "(" and pattern.startswith("(?", i):
            raise ValueError(f"unknown group at {i} in {pattern!r}")
        inner, end = _parse_options(pattern, i + len(opening))
        if end == len(pattern):
            raise ValueError(f"unclosed ( at {i} in {pattern!r}")
        # A lookaround reads nothing; ignoring what it asks for only lets more through.
        return (inner if opening in ("(?:", "(") else Zero(edge=False)), end + 1
    if char == "[":
        end = pattern.index("]", i + 2)
        members = pattern[i + 1 : end]
        if members.startswith("^") or "\\" in members:
            return Chars(None, _EITHER), end + 1
        spell = set(re.sub(r".-.", "", members))
        for low, high in re.findall(r"(.)-(.)", members):
            spell.update(chr(c) for c in range(ord(low), ord(high) + 1))
        return Chars(frozenset(spell), _kinds(spell)), end + 1
    if char == "\\":
        code = pattern[i + 1]
        if code == "b":
            return Zero(edge=True), i + 2
        if code in "wdsWSD":
            return Chars(None, _ESCAPES[code]), i + 2
        if code.isalnum():
            raise ValueError(f"unknown escape \\{code} in {pattern!r}")
        return _literal(code), i + 2
    if char == ".":
        return Chars(None, _EITHER), i + 1
    if char in "*+?{^$":
        raise ValueError(f"unexpected {char} at {i} in {pattern!r}")
    return _literal(char), i + 1


@cache
def _literal(char: str) -> Chars:
    """The one character ``char``: one node for each, as they are many and alike."""
    return Chars(frozenset(char), _kinds(char))


def _transparent(node: Node) -> bool:
    """Whether ``node`` can match reading no character and asserting no word edge."""
    match node:
        case Chars():
            return False
        case Zero(edge=edge):
            return not edge
        case Seq(items=items):
            return all(_transparent(item) for item in items)
        case Alt(options=options):
            return any(_transparent(option) for option in options)
        case Repeat(item=item, low=low):
            return low == 0 or _transparent(item)


def _outer(node: Node, last: bool) -> frozenset[str]:
    """The kinds of character ``node`` can start with (end with, if ``last``).

    A word edge counts as a non-word character: it is only asked about beside a word, and
    there it means the character on its other side is not part of that word.
    """
    match node:
        case Chars(kinds=kinds):
            return kinds
        case Zero(edge=edge):
            return frozenset({_N}) if edge else frozenset()
        case Seq(items=items):
            return _reach(reversed(items) if last else items, frozenset(), last)
        case Alt(options=options):
            return frozenset().union(*(_outer(option, last) for option in options))
        case Repeat(item=item, high=high):
            return frozenset() if high == 0 else _outer(item, last)


def _reach(items: Iterable[Node], beyond: frozenset[str], last: bool) -> frozenset[str]:
    """The kinds of character next to a part of a sequence; ``items`` lead away from it."""
    kinds: frozenset[str] = frozenset()
    for item in items:
        kinds |= _outer(item, last)
        if not _transparent(item):
            return kinds
    return kinds | beyond


@cache
def _spell(node: Node) -> frozenset[str] | None:
    """Every text ``node`` can match, \\b written as _EDGE; None if too many or unlimited."""
    match node:
        case Chars(spell=spell):
            return spell
        case Zero(edge=edge):
            return frozenset({_EDGE if edge else ""})
        case Seq(items=items):
            return _spell_runs([_spell(item) for item in items])
        case Alt(options=options):
            spelt = [_spell(option) for option in options]
            if None in spelt:
                return None
            union = frozenset().union(*(s for s in spelt if s is not None))
            return union if len(union) <= _SPELL_LIMIT else None
        case Repeat(item=item, low=low, high=high):
            once = _spell(item)
            if once is None or high is None:
                return None
            return _spell_runs([once] * low + [once | {""}] * (high - low))


def _spell_runs(parts: Sequence[frozenset[str] | None]) -> frozenset[str] | None:
    """Every text the ``parts`` can spell one after another; None if too many."""
    texts = frozenset({""})
    for part in parts:
        if part is None:
            return None
        texts = frozenset(a + b for a in texts for b in part)
        if len(texts) > _SPELL_LIMIT:
            return None
    return texts


def cost(anchors: Iterable[Anchor]) -> float:
    """About how often ``anchors`` (a clause) let a text through: short words and starts are common.

    Only comparisons mean anything: the rarest clause is the best one to look a regex up by.
    """
    return sum(8.0 ** (stem - len(word)) for word, stem in anchors)


def _anchor(spelt: str, before: frozenset[str], after: frozenset[str]) -> Anchor | None:
    """The rarest whole word, or start of a word, that the text ``spelt`` always contains.

    ``before`` and ``after`` are the kinds of character that can stand either side of it.
    """
    best: Anchor | None = None
    for word in _WORD.finditer(spelt):
        if word.start() > 0 or _W not in before:
            ends = word.end() < len(spelt) or _W not in after
            found = Anchor(word.group(), not ends)
            if best is None or cost([found]) < cost([best]):
                best = found
    return best


def _needs(node: Node, before: frozenset[str], after: frozenset[str]) -> tuple[Clause, ...]:
    """Clauses every match of ``node`` meets; none if it could match without any word.

    ``before`` and ``after`` are the kinds of character that can stand either side of it.
    """
    if isinstance(node, Seq):
        return _seq_needs(node.items, before, after)
    spelt = _spell(node)
    if spelt is not None:
        return _spelt_needs(spelt, before, after)
    match node:
        case Alt(options=options):
            # One clause for them all, made of the rarest clause each option needs.
            rarest = [min(_needs(o, before, after), key=cost, default=None) for o in options]
            return () if None in rarest else (frozenset().union(*(c for c in rarest if c)),)
        case Repeat(item=item, low=low, high=high) if low > 0:
            if high != 1:
                # One repeat can stand next to another.
                before, after = before | _outer(item, True), after | _outer(item, False)
            return _needs(item, before, after)
    return ()


def _seq_needs(
    items: tuple[Node, ...], before: frozenset[str], after: frozenset[str]
) -> tuple[Clause, ...]:
    """The clauses of each stretch of a sequence: a word or less each, so every word is one."""
    needs: list[Clause] = []
    start = 0
    while start < len(items):
        # Items spelt without a space are read together: "su", "(?:i|e)?", "[cs]" ...
        spelt, end = _spell(items[start]), start + 1
        while spelt is not None and _one_word(spelt) and end < len(items):
            joined = _spell_runs([spelt, _spell(items[end])])
            if joined is None or not _one_word(joined):
                break
            spelt, end = joined, end + 1
        before_part = _reach(reversed(items[:start]), before, last=True)
        after_part = _reach(items[end:], after, last=False)
        if spelt is None:
            needs += _needs(items[start], before_part, after_part)
        else:
            needs += _spelt_needs(spelt, before_part, after_part)
        start = end
    return tuple(needs)


def _spelt_needs(
    spelt: frozenset[str], before: frozenset[str], after: frozenset[str]
) -> tuple[Clause, ...]:
    """The one clause texts ``spelt`` meet: the rarest anchor of each, if each has one."""
    anchors = {_anchor(text, before, after) for text in spelt}
    return () if None in anchors else (frozenset(a for a in anchors if a is not None),)


def _one_word(spelt: frozenset[str]) -> bool:
    """Whether no text in ``spelt`` has a space, so it is at most one word."""
    return not any(" " in text for text in spelt)
