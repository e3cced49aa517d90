"""The second reading: concepts, for indirect phrasing no pattern lists.

Each concept (``concepts`` in patterns.toml) is a family of cues that mean one thing, with
a weight. A message is flagged when cues from different concepts of one kind add up to
THRESHOLD within WINDOW characters; everyday context (a negative weight) weakens a weak
case without cancelling a strong one.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from flows.safety.kinds import DangerKind, DangerSignal
from flows.safety.tables import TABLES

CONCEPTS = TABLES.concepts
THRESHOLD = 3
# About a long text message: cues further apart than this are about different things.
WINDOW = 200
# One regex per concept, because one word can be a cue for several ("he", "marks"). Each
# has a bit of its own for the prefilter (see `prefilter.possible`); bit 0 is the patterns'.
CUES = TABLES.checked(
    lambda: [
        (kind, name, weight, re.compile(rf"\b(?:{pattern})\b"), 2 << i)
        for i, (kind, name, (weight, pattern)) in enumerate(
            (kind, name, cue) for kind, table in CONCEPTS.items() for name, cue in table.items()
        )
    ],
    re.compile,
)


def weigh(text: str, possible: int = -1) -> DangerSignal | None:
    """The most urgent kind whose concepts add up to THRESHOLD within one window.

    Only concepts whose bit is set in ``possible`` are looked for: the rest cannot be there.
    """
    found: dict[DangerKind, list[tuple[int, str, int]]] = {}
    for kind, name, weight, cue, bit in CUES:
        if possible & bit:
            found.setdefault(kind, []).extend((m.start(), name, weight) for m in cue.finditer(text))
    for kind, cues in found.items():
        # Everyday context counts on either side of where a window starts.
        against = sorted(at for at, _, weight in cues if weight < 0)
        cues = sorted(c for c in cues if c[2] > 0)
        for i, (start, _, _) in enumerate(cues):
            # Each concept counts once: two cues for "a burden" are still one idea.
            window: dict[str, int] = {}
            for at, name, weight in cues[i:]:
                if at - start > WINDOW:
                    break
                window[name] = weight
            # Sorted positions, so a bisection finds any everyday cue near `start` cheaply.
            near = bisect_left(against, start - WINDOW)
            damped = near < len(against) and against[near] <= start + WINDOW
            if sum(window.values()) - damped >= THRESHOLD:
                return DangerSignal(kind, "concepts")
    return None
