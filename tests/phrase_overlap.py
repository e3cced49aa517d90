"""Whether a held-out line borrows words from what the matcher was tuned on.

A held-out line that shares a run of three or more words with the everyday vocabulary
(``flows/connect/vocabulary.toml``) or with the tuned labelled set measures the tuning, not
the matcher. Words are compared as the vocabulary compares them: case and apostrophes
ignored ("can't" is "cant").
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from importlib.resources.abc import Traversable
from pathlib import Path

RUN = 3
_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """The words of ``text``, lower case, apostrophes dropped."""
    return _WORD.findall(text.casefold().replace("'", "").replace("\u2019", ""))


def runs(text: str, length: int = RUN) -> set[tuple[str, ...]]:
    """Every run of ``length`` consecutive words in ``text``."""
    found = words(text)
    return {tuple(found[i : i + length]) for i in range(len(found) - length + 1)}


def vocabulary_phrases(path: Path | Traversable) -> list[str]:
    """Every phrase in the vocabulary file: what residents say and what it finds."""
    data = tomllib.loads(path.read_text("utf-8"))
    return [p for topic in data["topic"] for key in ("said", "finds") for p in topic[key]]


def shared_runs(text: str, tuned: Iterable[str]) -> set[tuple[str, ...]]:
    """The runs of three words that ``text`` shares with any of the ``tuned`` texts."""
    mine = runs(text)
    return set().union(*(mine & runs(other) for other in tuned)) if mine else set()


def overlapping(lines: Iterable[str], tuned: list[str]) -> list[tuple[str, set[tuple[str, ...]]]]:
    """The held-out lines that share a run of three words with a tuned text, and the runs."""
    found = ((line, shared_runs(line, tuned)) for line in lines)
    return [(line, shared) for line, shared in found if shared]
