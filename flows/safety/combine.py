"""One reading of a message from the patterns and the encoder together, with its tier.

The named patterns are what people say outright: a match is urgent. Concepts and words (the
readings that reach indirect phrasing at the price of false alarms) ask for a check-in. The
encoder's reading (``Context.danger``, worked out by the engine off the event loop) adds its
own tier where the patterns say less. The more urgent of the two wins; the kind comes from
the patterns when they found one, as they name what they matched.
"""

from __future__ import annotations

from common.models import DangerReading
from flows.safety.kinds import DangerKind, DangerSignal, Tier
from flows.safety.reader import detect_danger

# The readings that lean rather than match (see ``flows.safety``).
LEANING_CUES = frozenset({"concepts", "words"})
ENCODER_CUE = "encoder"


def pattern_tier(signal: DangerSignal | None) -> Tier | None:
    """The tier the patterns' reader gives its own signal: urgent for a named pattern."""
    if signal is None:
        return None
    return Tier.CHECK_IN if signal.cue in LEANING_CUES else Tier.URGENT


def combine(text: str, reading: DangerReading | None) -> DangerSignal | None:
    """The danger in ``text`` as the patterns and the encoder's ``reading`` see it together."""
    found = detect_danger(text)
    tier = pattern_tier(found)
    if reading is not None and (tier is None or (tier, reading.tier) == (Tier.CHECK_IN, "urgent")):
        kind = found.kind if found is not None else DangerKind(reading.kind)
        cue = found.cue if found is not None else ENCODER_CUE
        return DangerSignal(kind, cue, Tier(reading.tier))
    if found is None or tier is None:
        return None
    return DangerSignal(found.kind, found.cue, tier)
