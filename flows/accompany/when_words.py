"""A message made ready to read for a day and a time: number words as digits, days in full.

"twenty-first" becomes "21st", "half two" "half 2", "weds" "wednesday"; punctuation and
runs of spaces go. ``without_filler`` then drops the words that say nothing about when.
"""

from __future__ import annotations

import re

from flows.text import normalise

_SHORT_DAYS = {
    "mon": "monday",
    "tues": "tuesday",
    "tue": "tuesday",
    "weds": "wednesday",
    "wed": "wednesday",
    "thurs": "thursday",
    "thur": "thursday",
    "thu": "thursday",
    "fri": "friday",
    "sat": "saturday",
    "sun": "sunday",
}
_NUMBERS = {
    "twenty five": 25,
    "twenty-five": 25,
    "forty five": 45,
    "forty-five": 45,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
}
_ORDINAL_UNITS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
}
_ORDINAL_TEENS = {
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
}


def _word_re(words: list[str]) -> re.Pattern[str]:
    ordered = sorted(words, key=len, reverse=True)  # longest first: "twenty five" before "five"
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in ordered) + r")\b")


_ORDINALS = {
    **{f"{tens} {unit}": n + v for tens, n in (("twenty", 20), ("thirty", 30))
       for unit, v in _ORDINAL_UNITS.items() if n + v <= 31},
    **{f"{tens}-{unit}": n + v for tens, n in (("twenty", 20), ("thirty", 30))
       for unit, v in _ORDINAL_UNITS.items() if n + v <= 31},
    **_ORDINAL_UNITS,
    **_ORDINAL_TEENS,
}  # fmt: skip
_ORDINAL_RE = _word_re(list(_ORDINALS))
_NUMBER_RE = _word_re(list(_NUMBERS))
_SHORT_DAY_RE = _word_re(list(_SHORT_DAYS))
_FILLER = _word_re(
    "at on its it is the my appointment for around about ish please and then by from "
    "um er ok okay thanks i think but".split()
)
_PUNCTUATION = re.compile(r"[,!?;()\"]+|\.(?=\s|$)")
_SPACES = re.compile(r"\s+")


def prepare(text: str) -> str:
    """Lower-case, with words for numbers and short day names turned into what we match."""
    text = _PUNCTUATION.sub(" ", normalise(text))
    text = _ORDINAL_RE.sub(lambda m: _ordinal(_ORDINALS[m.group(1)]), text)
    text = _NUMBER_RE.sub(lambda m: str(_NUMBERS[m.group(1)]), text)
    text = _SHORT_DAY_RE.sub(lambda m: _SHORT_DAYS[m.group(1)], text)
    return _SPACES.sub(" ", text).strip()


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def without_filler(text: str) -> str:
    """``text`` without the words that say nothing about when ("my appointment is", "um")."""
    return _SPACES.sub(" ", _FILLER.sub(" ", text)).strip()


def _negated() -> re.Pattern[str]:
    """ "not tomorrow", "it's not the 1st of December", "not 10am": a day or time ruled out."""
    months = (
        "january|february|march|april|may|june|july|august|september|october|november|"
        "december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
    )
    days = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    ordinal = r"\d{1,2}(?:st|nd|rd|th)"
    clock = r"(?:at )?\d{1,2}(?:[:.]\d{2})?(?: ?[ap]m)?"
    day = (
        rf"tomorrow|today|tonight|(?:this|next) (?:week|{days})|{days}|"
        rf"(?:the )?{ordinal}(?: (?:of )?(?:{months}))?|(?:{months}) {ordinal}"
    )
    return re.compile(
        rf"\b(?:(?:its|it is|it was) )?not (?:on |for )?(?:(?:{day})(?: {clock})?|{clock})\b"
    )


# A correction names what was wrong as well as what is right ("the 8th, not tomorrow"):
# the wrong part is cut out before anything is read, or it would be read as the answer.
_NEGATED = _negated()
_SAYING_WRONG = re.compile(
    r"^(?:(?:no|nope|nah|sorry|oops|actually|i mean|i meant|thats not right|not right|"
    r"thats wrong|wrong(?: (?:day|date|time|one))?)\b ?)+|\bwrong (?:day|date|time|one)\b"
)


def without_correction(text: str) -> str:
    """``text`` (made ready by ``prepare``) without what a correction says was wrong: "no",
    "wrong day", "not tomorrow"; what is left is the day or time meant instead."""
    text = _NEGATED.sub(" ", text)
    return _SPACES.sub(" ", _SAYING_WRONG.sub(" ", text.strip())).strip()
