"""SMS segments: how many a text costs, and where to cut it without breaking a word.

A text that fits one SMS takes 160 GSM-7 characters (70 in UCS-2). A longer one travels
as a concatenated message whose parts carry a header, leaving 153 (or 67) per part. One
character outside GSM-7 (a curly quote, an emoji) turns the whole message into UCS-2.
GSM-7 extension characters take two places (an escape and the character), and so does a
character outside the Basic Multilingual Plane in UCS-2 (a surrogate pair).
"""

from __future__ import annotations

import re
from collections.abc import Callable

GSM7_BASIC = frozenset(
    "@\u00a3$\u00a5\u00e8\u00e9\u00f9\u00ec\u00f2\u00c7\n\u00d8\u00f8\r\u00c5\u00e5"
    "\u0394_\u03a6\u0393\u039b\u03a9\u03a0\u03a8\u03a3\u0398\u039e\u00c6\u00e6\u00df\u00c9"
    " !\"#\u00a4%&'()*+,-./0123456789:;<=>?"
    "\u00a1ABCDEFGHIJKLMNOPQRSTUVWXYZ\u00c4\u00d6\u00d1\u00dc\u00a7"
    "\u00bfabcdefghijklmnopqrstuvwxyz\u00e4\u00f6\u00f1\u00fc\u00e0"
)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|\u20ac")

GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67

_WORDS = re.compile(r"\S+")

Weight = Callable[[str], int]


def is_gsm7(text: str) -> bool:
    """Whether every character has a place in the GSM-7 alphabet (basic or extension)."""
    return all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text)


def _gsm7_weight(char: str) -> int:
    return 2 if char in GSM7_EXTENSION else 1


def _ucs2_weight(char: str) -> int:
    return 2 if ord(char) > 0xFFFF else 1


def _encoding(text: str) -> tuple[Weight, int, int]:
    """The per-character weight, single-message limit and per-part limit for ``text``."""
    if is_gsm7(text):
        return _gsm7_weight, GSM7_SINGLE, GSM7_PART
    return _ucs2_weight, UCS2_SINGLE, UCS2_PART


def units(text: str) -> int:
    """How many places ``text`` takes in its encoding (septets or UTF-16 code units)."""
    weight, _, _ = _encoding(text)
    return sum(weight(c) for c in text)


def segments(text: str) -> int:
    """How many SMS segments a carrier bills for ``text`` (0 for an empty text)."""
    if not text:
        return 0
    weight, single, part = _encoding(text)
    if sum(weight(c) for c in text) <= single:
        return 1
    # Carriers never split an escape sequence or a surrogate pair across two parts.
    count, used = 1, 0
    for char in text:
        if used + weight(char) > part:
            count, used = count + 1, 0
        used += weight(char)
    return count


def split(text: str) -> list[str]:
    """The text in parts of one segment each, cut between words (empty text: no parts).

    A text that fits one SMS comes back whole; otherwise each part fits a part of a
    concatenated message. A word longer than a whole part is the only thing cut inside.
    """
    if not text.strip():
        return []
    weight, single, part = _encoding(text)
    if sum(weight(c) for c in text) <= single:
        return [text]
    return split_at_words(text, part, weight)


def chunks(text: str, max_segments: int) -> list[str]:
    """The text in pieces of at most ``max_segments`` segments each, cut between words."""
    if not text.strip():
        return []
    if segments(text) <= max_segments:
        return [text]
    weight, _, part = _encoding(text)
    return split_at_words(text, part * max_segments, weight)


def split_at_words(text: str, limit: int, weight: Weight | None = None) -> list[str]:
    """Cut ``text`` into pieces of at most ``limit`` (by ``weight``, default 1 a character).

    Pieces end between words, keeping the spacing and line breaks inside each piece; the
    whitespace where a cut falls is dropped. Only a word longer than ``limit`` is cut.
    """
    if limit < 2:
        raise ValueError("a piece must hold at least two places")
    measure = weight or (lambda _: 1)
    pieces: list[str] = []
    start = end = used = 0
    for word in _WORDS.finditer(text):
        gap = sum(measure(c) for c in text[end : word.start()]) if end else 0
        size = sum(measure(c) for c in word.group())
        if end and used + gap + size <= limit:
            end, used = word.end(), used + gap + size
            continue
        if end:
            pieces.append(text[start:end])
        if size <= limit:
            start, end, used = word.start(), word.end(), size
            continue
        long_word = _cut_word(word.group(), limit, measure)
        pieces.extend(long_word[:-1])
        start, end = word.end() - len(long_word[-1]), word.end()
        used = sum(measure(c) for c in long_word[-1])
    if end:
        pieces.append(text[start:end])
    return pieces


def _cut_word(word: str, limit: int, measure: Weight) -> list[str]:
    """A single over-long word in pieces of at most ``limit``, never splitting a character."""
    pieces: list[str] = []
    current, used = "", 0
    for char in word:
        if used + measure(char) > limit:
            pieces.append(current)
            current, used = "", 0
        current += char
        used += measure(char)
    pieces.append(current)
    return pieces
