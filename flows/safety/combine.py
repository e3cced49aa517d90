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

ENCODER_CUE = "encoder"


def combine(text: str, reading: DangerReading | None) -> DangerSignal | None:
    """The danger in ``text`` as the patterns (their signal carries its tier) and the
    encoder's ``reading`` see it together: the more urgent wins."""
    found = detect_danger(text)
    if reading is None or (found is not None and found.tier is Tier.URGENT):
        return found
    if found is not None and reading.tier != "urgent":
        return found  # both ask for a check-in: the patterns name what they matched
    kind = found.kind if found is not None else DangerKind(reading.kind)
    cue = found.cue if found is not None else ENCODER_CUE
    return DangerSignal(kind, cue, Tier(reading.tier))
