"""The danger reader: patterns first, then concepts, then words, over one message.

The named patterns (``patterns`` in patterns.toml) run as one regex to find whether and
where anything matches, and only there are they named, most urgent kind first.
"""

from __future__ import annotations

import re

from flows.safety.concepts import weigh
from flows.safety.kinds import DangerKind, DangerSignal, Tier
from flows.safety.plain import MAX_CHARS, REPEATS, everyday_out, normalise
from flows.safety.prefilter import PATTERN_BIT, could_add_up, possible
from flows.safety.tables import TABLES
from flows.safety.words import read_words

# Named patterns per kind, most urgent kind first: when one message matches several, the
# first kind wins.
PATTERNS = TABLES.patterns


def _top_level(pattern: str) -> list[str]:
    """The alternatives of ``pattern`` split at each "|" outside any group or class."""
    parts, depth, current, i = [], 0, "", 0
    while i < len(pattern):
        char = pattern[i]
        step = 2 if char == "\\" else pattern.index("]", i + 1) + 1 - i if char == "[" else 1
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += pattern[i : i + step]
        i += step
    return [*parts, current]


def _fast(patterns: list[str], shared: tuple[str, ...]) -> re.Pattern[str]:
    """All patterns as one regex without groups, each shared opening tried once per word.

    Only used to find whether and where something matches: naming it costs more, so that
    is done only where this finds a match.
    """
    grouped: dict[str, list[str]] = {}
    for alternative in (a for p in patterns for a in _top_level(p)):
        opening = next((o for o in shared if alternative.startswith(o + " ")), "")
        grouped.setdefault(opening, []).append(alternative.removeprefix(opening))
    parts = [
        f"(?:{opening}(?:{'|'.join(f'(?:{a})' for a in alternatives)}))\\b"
        for opening, alternatives in grouped.items()
    ]
    return re.compile(r"\b(?:" + "|".join(parts) + ")")


# Every pattern as a named group "kind__name", most urgent kind first, to name a match.
_NAMED = TABLES.checked(
    lambda: re.compile(
        r"\b(?:"
        + "|".join(
            f"(?P<{kind.value}__{name}>(?:{pattern})\\b)"
            for kind, table in PATTERNS.items()
            for name, pattern in table.items()
        )
        + ")"
    ),
    re.compile,
)
_ANY = TABLES.checked(
    lambda: _fast(
        [p for table in PATTERNS.values() for p in table.values()],
        (TABLES.blocks["WHO"], TABLES.blocks["KID"]),
    ),
    re.compile,
)
_PRIORITY = {kind: rank for rank, kind in enumerate(PATTERNS)}


def scan(plain: str, prefilter: bool = True) -> tuple[DangerSignal | None, str | None]:
    """The most urgent signal the patterns or concepts find in already-normalised text, and
    that text with everyday phrases out if it was worked out; ``prefilter`` only saves time."""
    # Taking everyday phrases out (below) only removes words, so checking before will do.
    could = possible(plain) if prefilter else -1
    patterns = could & PATTERN_BIT
    concepts = not prefilter or could_add_up(could)
    if not (patterns or concepts):
        return None, None
    text = everyday_out(plain)
    best = _match_patterns(text) if patterns else None
    if best is None and concepts:
        best = weigh(text, could)
    return best, text


def _match_patterns(text: str) -> DangerSignal | None:
    """The most urgent named pattern in ``text``, with everyday phrases already out."""
    best: DangerSignal | None = None
    for found in _ANY.finditer(text):
        # Name what starts here, and at each word inside this match, because matches may
        # overlap ("sexually abusing my cousin, she's 9").
        spaces = (i + 1 for i in range(found.start(), found.end()) if text[i] == " ")
        for start in (found.start(), *spaces):
            named = _NAMED.match(text, start)
            if named is not None:
                best = _more_urgent(best, named)
        if best is not None and _PRIORITY[best.kind] == 0:
            break
    return best


def _more_urgent(best: DangerSignal | None, found: re.Match[str]) -> DangerSignal:
    """The signal named by ``found``, unless ``best`` is at least as urgent."""
    kind, name = (found.lastgroup or "").split("__", 1)
    signal = DangerSignal(DangerKind(kind), name)
    if best is None or _PRIORITY[signal.kind] < _PRIORITY[best.kind]:
        return signal
    return best


def detect_danger(text: str) -> DangerSignal | None:
    """The most urgent sign of danger in ``text``, or None; safe on any input."""
    return detect(text)


def detect(text: str, prefilter: bool = True) -> DangerSignal | None:
    """As ``detect_danger``; without ``prefilter`` every reading always runs, as they once did."""
    plain = normalise(text)
    signal, without_everyday = scan(plain, prefilter)
    if signal is None and REPEATS.search(text[:MAX_CHARS].casefold()):
        # "diiie", "killlll": folded to one letter as well, in case two was not enough.
        signal, _ = scan(normalise(text, repeats=r"\1"), prefilter)
    # Words last: a pattern or concept, when there is one, says more about what it is.
    return graded(signal or read_words(plain, without_everyday, prefilter))


# What people say outright is clear; what only adds up from cues or leaning words is
# uncertain, and is where most false alarms come from: it asks before anyone is told.
UNCERTAIN_CUES = frozenset({"concepts", "words"})


def graded(signal: DangerSignal | None) -> DangerSignal | None:
    """``signal`` with its tier: urgent for a named pattern, check-in for cues or words."""
    if signal is None or signal.cue not in UNCERTAIN_CUES:
        return signal
    return DangerSignal(signal.kind, signal.cue, Tier.CHECK_IN)
