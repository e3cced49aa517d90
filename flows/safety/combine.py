"""One reading of a message from the patterns and the encoder together, with its tier.

The named patterns are what people say outright: a match is urgent. Concepts and words (the
readings that reach indirect phrasing at the price of false alarms) ask for a check-in. The
encoder's reading (``Context.danger``, worked out by the engine off the event loop) asks
for a check-in where the patterns found nothing, or is urgent itself when it leans
strongly; it makes a check-in of theirs urgent when it leans strongly, and makes an urgent
pattern a check-in when it is sure there is no danger (see ``combine``). The kind comes
from the patterns when they found one, as they name what they matched.
"""

from __future__ import annotations

from common.models import DangerReading
from flows.safety.kinds import DangerKind, DangerSignal, Tier
from flows.safety.leaning import QUIET
from flows.safety.reader import detect_danger

ENCODER_CUE = "encoder"
# An average over one to three words is one word's meaning ("I'll take this", "not me"
# read as self-harm): the encoder's reading counts from four words. Short danger said
# outright ("kms", "im suicidal", "he stabbed me") is what the patterns are for.
ENCODER_MIN_WORDS = 4
# Alone, it counts from six: a short reply in a conversation ("not great to be honest",
# "whenever they give me") is too little to ask someone whether they are safe, and on two
# spent rounds, trained without them, asking only from six words lost no danger line.
ENCODER_ALONE_MIN_WORDS = 6


def combine(text: str, reading: DangerReading | None) -> DangerSignal | None:
    """The danger in ``text`` as the patterns (their signal carries its tier) and the
    encoder's ``reading`` see it together.

    Where the patterns found nothing, the encoder's check-in reading asks whether they are
    safe, and its urgent reading (a lean strong enough that, with the patterns' own, urgent
    cards stay under 2% of ordinary lines) is urgent: danger said outright in words no
    pattern lists should not wait for an answer. Its urgent reading also makes the
    patterns' own check-in (cues or leaning words) urgent; and its quiet reading turns an
    urgent pattern into a check-in, since a pattern cannot tell "my nan will kill me if I
    don't wear a coat" from a threat, and asking costs one message.
    """
    found = detect_danger(text)
    if len(text.split()) < ENCODER_MIN_WORDS or reading is None:
        return found
    if found is None:
        if reading.tier == QUIET or len(text.split()) < ENCODER_ALONE_MIN_WORDS:
            return None
        return DangerSignal(DangerKind(reading.kind), ENCODER_CUE, Tier(reading.tier))
    if reading.tier == QUIET and found.tier == Tier.URGENT:
        return DangerSignal(found.kind, found.cue, Tier.CHECK_IN)
    if reading.tier == Tier.URGENT.value:
        return DangerSignal(found.kind, found.cue, Tier.URGENT)
    return found
