"""The everyday vocabulary's data, read once from ``vocabulary.toml`` shipped beside this module.

A file that is missing or malformed stops the import with a VocabularyFileError naming the
file and the entry, so a slip in an edit shows at start-up rather than as a group never found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from flows.data_files import DataFileError, exactly, read_toml

VOCABULARY_FILE = files("flows.connect") / "vocabulary.toml"
_KEYS = ("stop_words", "topic")
_TOPIC_KEYS = ("theme", "said", "finds")
_LIST_KEYS = ("said", "finds")
# A word as vocabulary.py reads one: letters and digits, nothing between them.
_WORD = re.compile(r"[^\W_]+")


class VocabularyFileError(DataFileError):
    """The vocabulary's data file is missing or malformed: which file, which entry, why."""


@dataclass(frozen=True)
class Topic:
    """Phrases a resident might write, the directory terms they should find, and the broad
    theme (category) they are counted under for insights."""

    said: tuple[str, ...]
    finds: tuple[str, ...]
    theme: str = ""


@dataclass(frozen=True)
class VocabularyData:
    """Every topic in the file's order, and the words that carry no need on their own."""

    topics: tuple[Topic, ...]
    stop_words: frozenset[str]


def read_vocabulary(file: Traversable = VOCABULARY_FILE) -> VocabularyData:
    """The topics and stop words in ``file``."""
    data = _keys(file, "", read_toml(file, VocabularyFileError), _KEYS)
    words = _strings(file, "stop_words", data["stop_words"])
    if bad := [word for word in words if not _WORD.fullmatch(word) or word != word.casefold()]:
        problem = f"{bad[0]!r} is not one lower-case word without apostrophes"
        raise VocabularyFileError(file, "stop_words", problem)
    topics = data["topic"]
    if not isinstance(topics, list) or not topics:
        raise VocabularyFileError(file, "topic", "expected [[topic]] entries")
    return VocabularyData(
        tuple(_topic(file, f"topic {n}", topic) for n, topic in enumerate(topics, 1)),
        frozenset(words),
    )


def _topic(file: Traversable, entry: str, value: object) -> Topic:
    """One [[topic]]; ``entry`` counts topics from the top of the file, from 1."""
    if not isinstance(value, dict):
        raise VocabularyFileError(file, entry, "expected a table with said and finds")
    data = _keys(file, entry, value, _TOPIC_KEYS)
    said, finds = (_strings(file, f"{entry}.{key}", data[key]) for key in _LIST_KEYS)
    if wordless := [text for text in (*said, *finds) if not _WORD.search(text)]:
        raise VocabularyFileError(file, entry, f"{wordless[0]!r} has no word in it")
    theme = data["theme"]
    if not isinstance(theme, str) or not _WORD.search(theme) or theme != theme.casefold():
        raise VocabularyFileError(file, f"{entry}.theme", "expected a few lower-case words")
    return Topic(said, finds, theme.strip())


def _keys(
    file: Traversable, entry: str, data: dict[str, Any], keys: tuple[str, ...]
) -> dict[str, Any]:
    return exactly(file, entry, data, keys, VocabularyFileError)


def _strings(file: Traversable, entry: str, value: object) -> tuple[str, ...]:
    """``value`` as a list of strings, each with its spaces at either end taken off."""
    if not isinstance(value, list) or not value or not all(isinstance(s, str) for s in value):
        raise VocabularyFileError(file, entry, "expected a list of strings")
    return tuple(text.strip() for text in value)
