"""What was heard in a message: a need we can act on, a place, and how to say it back."""

from __future__ import annotations

import re

from flows.accompany.words import mentions_appointment
from flows.connect.vocabulary import mentions
from flows.step import Step
from flows.text import is_no, is_skip, is_yes, quote, tidy

# Said back whole when this short; longer, the first whole sentences that fit.
QUOTE_LIMIT = 90
HEARD = 'You said: "{words}"'
MAIN_THING = 'Thank you. The main thing I heard: "{words}"'
ALL_KEPT = "Thank you for telling me all that. I've kept every word."
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def names_a_need(text: str) -> bool:
    """Something we can act on: a need the directory's words know, or an appointment.

    Feelings alone ("things are hard") are heard, and asked about, before anything is
    offered: the vocabulary's own-word mentions don't count as a need.
    """
    if mentions_appointment(text):
        return True
    return any(not m.own_words for m in mentions(text))


def keep_place(talk: Step, text: str) -> None:
    """Keep the area if this message names one we know, so it is never asked for."""
    if talk.data.get("area"):
        return
    roster = {a for h in talk.context.roster for a in h.areas}
    place = talk.context.places.place_in(text, also={talk.settings.area, *roster})
    if place:
        talk.data["area"] = place


def kept_answer(text: str, to_area: bool = False) -> str | None:
    """What an answer keeps: their words, tidied, unless they skipped; to the area question,
    a bare yes or no names no place either. The options look-up reads the area the same way."""
    if is_skip(text) or (to_area and (is_yes(text) or is_no(text))):
        return None
    return tidy(text) or None


def said_back(text: str) -> str:
    """Their words said back whole, or the first whole sentences, never cut mid-sentence."""
    words = tidy(text)
    if len(words) <= QUOTE_LIMIT:
        return stopped(HEARD.format(words=quote(words, limit=QUOTE_LIMIT)))
    kept = ""
    for sentence in _SENTENCE_END.split(words):
        joined = f"{kept} {sentence}".strip()
        if len(joined) > QUOTE_LIMIT:
            break
        kept = joined
    if not kept:
        return ALL_KEPT
    return stopped(MAIN_THING.format(words=quote(kept, limit=QUOTE_LIMIT)))


def stopped(said: str) -> str:
    """A quote closed with a full stop, unless their words already end a sentence."""
    return said if said[-2:-1] in (".", "!", "?") else f"{said}."
