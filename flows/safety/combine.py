"""One reading of a message from the patterns and the encoder together, with its tier.

The named patterns are what people say outright: a match is urgent. Concepts and words (the
readings that reach indirect phrasing at the price of false alarms) ask for a check-in. The
encoder's reading (``Context.danger``, worked out by the engine off the event loop) only
counts when it leans strongly: then it asks where the patterns found nothing, and makes a
check-in of theirs urgent (see ``combine``). The kind comes from the patterns when they
found one, as they name what they matched.
"""

from __future__ import annotations

from common.models import DangerReading
from flows.safety.kinds import DangerKind, DangerSignal, Tier
from flows.safety.reader import detect_danger

ENCODER_CUE = "encoder"
# An average over one to three words is one word's meaning ("I'll take this", "not me"
# read as self-harm): the encoder's reading counts from four words. Short danger said
# outright ("kms", "im suicidal", "he stabbed me") is what the patterns are for.
ENCODER_MIN_WORDS = 4


def combine(text: str, reading: DangerReading | None) -> DangerSignal | None:
    """The danger in ``text`` as the patterns (their signal carries its tier) and the
    encoder's ``reading`` see it together.

    The encoder alone never sends an urgent card: its reading of most messages is a cheap
    average that ranks well but is not sure enough to alert every worker without asking. So
    its urgent reading, where the patterns found nothing, asks whether they are safe; its
    check-in reading alone says nothing; and its urgent reading makes the patterns' own
    check-in (cues or leaning words) urgent.
    """
    found = detect_danger(text)
    if len(text.split()) < ENCODER_MIN_WORDS or reading is None or reading.tier != "urgent":
        return found
    if found is None:
        return DangerSignal(DangerKind(reading.kind), ENCODER_CUE, Tier.CHECK_IN)
    return DangerSignal(found.kind, found.cue, Tier.URGENT)
