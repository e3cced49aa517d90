"""What a resident's words mean for going along: an appointment ahead, someone asked
for outright, and a yes or a no to the offer in everyday words."""

from __future__ import annotations

import re

from flows.text import is_no, is_yes, normalise, plain

_YES = frozenset(["please", "yes please", "go on then", "that would help", "that would be good"])
_NO = frozenset(
    ["no thanks", "no thank you", "not this time", "im ok", "im fine", "no im ok", "no need"]
)
NOTHING = frozenset(["nothing", "no nothing", "nothing really", "none", "thats all"])
_PLACE = (
    r"gp|doctors?|hospital|clinic|surgery|dentist|housing( office)?|job ?centre|court|"
    r"tribunal|council|school|solicitor|social worker|benefits office"
)
_ALWAYS = re.compile(
    r"\b(come|go|going)\s+(along\s+)?with me\b|\bsomeone\s+to\s+(come|go)\b"
    r"|\b(dont|do not|dont really)\s+want\s+to\s+go\s+(alone|on my own|by myself)\b"
    r"|\b(scared|nervous|worried|afraid|anxious)\s+(about|of)\s+going\b"
)
_APPOINTMENT = re.compile(
    rf"\b(appointment|appt|hearing|tribunal|parents evening|interview)\b"
    rf"|\b(meeting)\s+(at|with)\s+(the\s+|my\s+)?(\w+s\s+)?({_PLACE})\b"
    rf"|\b(school|council)\s+meeting\b"
    rf"|\b(go|going|got|have)\s+to\s+(go\s+to\s+)?(the\s+|my\s+)?({_PLACE})\b"
    rf"|\b(see|seeing)\s+(the\s+|my\s+)?({_PLACE})\b"
)
_PAST = re.compile(
    r"\b(missed|went|had|was|were|last (week|month|year|time)|yesterday|ago|used to)\b"
)
_AHEAD = re.compile(
    r"\b(next|tomorrow|tonight|today|this (week|morning|afternoon|evening)|coming up|"
    r"booked|going|got (a|an|my)|have (a|an|my|to)|need to|on (mon|tues|wednes|thurs|fri|"
    r"satur|sun)day|at \d)"
)


def asks_for_company(text: str) -> bool:
    """True when someone asks outright for someone to go with them."""
    return bool(_ALWAYS.search(normalise(text)))


def mentions_appointment(text: str) -> bool:
    """True when someone speaks of an appointment ahead, or of not wanting to go alone."""
    words = normalise(text)
    if _ALWAYS.search(words):
        return True
    if not _APPOINTMENT.search(words):
        return False
    # "I missed my appointment last year" is a story, not something to go along to.
    return not (_PAST.search(words) and not _AHEAD.search(words))


def agrees(text: str) -> bool:
    """A yes to the offer, in everyday words ("go on then")."""
    return is_yes(text) or plain(text) in _YES


def declines(text: str) -> bool:
    """A no to the offer, in everyday words ("I'm fine")."""
    return is_no(text) or plain(text) in _NO
