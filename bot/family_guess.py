"""Which vocabulary families a whole message is about, when its wording is one no phrase has.

A small classifier on the encoder's cheap static embedding (``bot.danger_reader``), trained
on resident-style lines by ``bench/match.py --train`` and shipped in ``families.json``
beside this module. A family it names above its threshold adds that family's search terms
to the person's (as plain ``Mention`` values the flows read); when unsure it adds nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.danger_reader import Embedder, embedder
from flows.connect.vocabulary import Mention, families
from flows.data_files import DataFileError, read_text

FAMILIES_FILE = Path(__file__).parent / "families.json"
# The class for a message that names no need ("hi", "yes please", a place).
NONE = "none"
# At most this many families are added to one message's search.
MOST = 2
Matrix = npt.NDArray[np.float32]


class FamiliesFileError(DataFileError):
    """``families.json`` is missing, malformed, or names a family the vocabulary lacks."""


@dataclass(frozen=True)
class FamilyModel:
    """One hidden layer of rectified units, a softmax over ``classes``, and the threshold
    at or above which a family is named."""

    classes: tuple[str, ...]
    hidden: tuple[Matrix, Matrix]
    out: tuple[Matrix, Matrix]
    threshold: float

    def chances(self, embeddings: Matrix) -> Matrix:
        """Each row's chance of each class."""
        inner = np.maximum(embeddings @ self.hidden[0] + self.hidden[1], 0)
        logits = inner @ self.out[0].T + self.out[1]
        chances: Matrix = np.exp(logits - logits.max(1, keepdims=True))
        chances /= chances.sum(1, keepdims=True)
        return chances

    def named(self, chances: npt.NDArray[np.floating[Any]]) -> list[str]:
        """The families one row of ``chances`` names, likeliest first (none when unsure)."""
        return named(self.classes, chances, self.threshold)


def named(
    classes: tuple[str, ...], chances: npt.NDArray[np.floating[Any]], threshold: float
) -> list[str]:
    """The ``classes`` at or above ``threshold`` in one row of ``chances`` (at most
    ``MOST``, likeliest first), "none" left out."""
    order = np.argsort(-chances)[:MOST]
    picked = [classes[i] for i in order if chances[i] >= threshold]
    return [name for name in picked if name != NONE]


def model_text(model: FamilyModel) -> str:
    """The text of ``families.json`` for ``model`` (five decimals)."""
    data = {
        "classes": list(model.classes),
        "threshold": round(model.threshold, 5),
        "hidden": [np.round(part, 5).tolist() for part in model.hidden],
        "out": [np.round(part, 5).tolist() for part in model.out],
    }
    return json.dumps(data, separators=(",", ":")) + "\n"


def read_model(file: Path = FAMILIES_FILE) -> FamilyModel:
    """The model in ``file``, or ``FamiliesFileError`` naming what is wrong."""
    try:
        data = json.loads(read_text(file, FamiliesFileError))
        classes = tuple(str(c) for c in data["classes"])
        if unknown := set(classes) - {NONE, *families()}:
            raise ValueError(f"no vocabulary family {sorted(unknown)[0]!r}")
        w1, b1, w2, b2 = (np.asarray(p, np.float32) for p in (*data["hidden"], *data["out"]))
        if w1.shape[1] != b1.shape[0] or w2.shape != (len(classes), b1.shape[0]):
            raise ValueError("the layers' shapes do not fit the classes")
        return FamilyModel(classes, (w1, b1), (w2, b2), float(data["threshold"]))
    except (ValueError, KeyError, TypeError, IndexError) as bad:
        raise FamiliesFileError(file, "", f"malformed ({bad})") from bad


@dataclass(frozen=True)
class FamilyGuess:
    """Reads a message's static embedding and names its families as search mentions."""

    model: FamilyModel
    embed: Callable[[], Embedder] = embedder

    def __call__(self, text: str) -> list[Mention]:
        """The families ``text`` is about, each as a mention with nothing to quote."""
        reading = self.embed()
        ids = reading.files.tokenizer.encode(text).ids
        chances = self.model.chances(reading.statics([ids]))[0]
        finds = families()
        return [Mention("", finds[name]) for name in self.model.named(chances)]


@cache
def family_guess() -> FamilyGuess:
    """The guess as shipped, loaded once per process (the encoder on first use)."""
    return FamilyGuess(read_model())
