"""Small pure helpers for reading and quoting what people wrote."""

from __future__ import annotations

import re
from functools import cached_property

from flows.anywhere import keywords

_SPACES = re.compile(r"\s+")
_EDGE_PUNCTUATION = " .,!?;:-'\"()"

SKIP = frozenset(
    [
        "skip",
        "pass",
        "not now",
        "next",
        "rather not",
        "rather not say",
        "id rather not say",
        "prefer not to say",
        "no comment",
        "dunno",
        "dont know",
        "i dont know",
        "idk",
        "not sure",
        "na",
        "n/a",
        "leave it",
        "move on",
        "next question",
    ]
)
YES = frozenset(
    [
        "yes",
        "yeah",
        "yeh",
        "yea",
        "yh",
        "ya",
        "yep",
        "yup",
        "ye",
        "y",
        "right",
        "correct",
        "thats right",
        "thats it",
        "spot on",
        "exactly",
        "ok",
        "okay",
        "sure",
        "yes thats right",
        "yes please",
    ]
)
NO = frozenset(
    [
        "no",
        "nope",
        "nah",
        "n",
        "not quite",
        "wrong",
        "not really",
        "no not quite",
        "no thanks",
        "no thank you",
        "no ta",
        "not now",
    ]
)
GREETINGS = frozenset(
    [
        "hi",
        "hello",
        "hey",
        "hi there",
        "hello there",
        "hey there",
        "hiya",
        "hya",
        "morning",
        "good morning",
        "afternoon",
        "evening",
        "good evening",
        "its me",
        "its me again",
        "me again",
        "hi again",
        "hello again",
        "yo",
        "alright",
    ]
)


class Said(str):
    """A message's words, read once a turn: the folded and plain forms every check compares
    are worked out on first use and kept, so the guards and flows don't each redo them."""

    @cached_property
    def folded(self) -> str:
        """Lower case, look-alikes folded (see ``keywords.normalise``)."""
        return keywords.normalise(self)

    @cached_property
    def plain(self) -> str:
        return _SPACES.sub(" ", self.folded).strip(_EDGE_PUNCTUATION)

    @cached_property
    def tidied(self) -> str:
        return _tidy(self)


def normalise(text: str) -> str:
    """``keywords.normalise``, kept from the first time for a message that was read once."""
    return text.folded if type(text) is Said else keywords.normalise(text)


def plain(text: str) -> str:
    """Lower-case words with edge punctuation and extra spaces removed, for comparisons."""
    if type(text) is Said:
        return text.plain
    return _SPACES.sub(" ", keywords.normalise(text)).strip(_EDGE_PUNCTUATION)


def is_skip(text: str) -> bool:
    """True when the person would rather not answer the question."""
    return plain(text) in SKIP


def is_yes(text: str) -> bool:
    """True for a plain yes."""
    return plain(text) in YES


def is_no(text: str) -> bool:
    """True for a plain no."""
    return plain(text) in NO


def is_greeting(text: str) -> bool:
    """True when the message is only a hello."""
    return plain(text) in GREETINGS


def tidy(text: str) -> str:
    """The person's words with runs of white space and control characters folded."""
    return text.tidied if type(text) is Said else _tidy(text)


def _tidy(text: str) -> str:
    if not text.isprintable():
        text = "".join(c if c.isprintable() else " " for c in text)
    return _SPACES.sub(" ", text).strip()


# Typographic quotes would turn a whole SMS into UCS-2 (70 characters instead of 160).
_STRAIGHT = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": "'", "\u201d": "'", '"': "'"})


def sentences(*parts: str) -> str:
    """Parts as one text, each but the last ending like a sentence: a part that already
    ends one ("...", ".", "?") gets no second stop. Empty parts are left out."""
    kept = [p.strip() for p in parts if p.strip()]
    ended = [p if p[-1] in ".!?" else f"{p}." for p in kept[:-1]]
    return " ".join([*ended, *kept[-1:]])


def quote(text: str, limit: int = 90) -> str:
    """The person's words, shortened at a word boundary so a reply stays one SMS."""
    words = tidy(text).translate(_STRAIGHT)
    if len(words) <= limit:
        return words
    cut = words[: limit - 3].rsplit(" ", 1)[0]
    return f"{cut}..."


def first_name(name: str) -> str:
    """The first word of a name: what a message calls someone."""
    parts = name.split()
    return parts[0] if parts else name
