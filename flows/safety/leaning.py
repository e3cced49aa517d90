"""What the encoder's embedding of a message leans to: a small classifier, and thresholds.

One multinomial model per embedding (the cheap static one every message gets, and the full
encoder's for the uncertain band), over "none" and the four kinds: logistic, or with one
hidden layer of rectified units (a mean of token vectors is a bag of words; the hidden
layer lets words count together). The score is the chance of any danger; at or above
``urgent`` the reading is urgent, at or above ``check_in`` a check-in, and below ``quiet``
the encoder is sure there is none (see ``combine``). The weights and thresholds are trained
and chosen on tuned lines only, by ``bench/safety.py --train``, which writes them to
``leaning.json``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from common.models import DangerReading
from flows.data_files import DataFileError, read_text
from flows.safety.kinds import DangerKind, Tier

LEANING_FILE = Path(__file__).parent / "leaning.json"
CLASSES = ("none", *(kind.value for kind in DangerKind))
# The encoder's reading when it is sure a message holds no danger.
QUIET = "quiet"


class LeaningFileError(DataFileError):
    """``leaning.json`` is missing or malformed."""


@dataclass(frozen=True)
class Hidden:
    """A hidden layer: ``relu(x @ weights + bias)``."""

    weights: npt.NDArray[np.float32]
    bias: npt.NDArray[np.float32]


@dataclass(frozen=True)
class Model:
    """One model: a weight row and a bias per class (over the hidden layer, when there is
    one), and the thresholds."""

    weights: npt.NDArray[np.float32]
    bias: npt.NDArray[np.float32]
    urgent: float
    check_in: float
    quiet: float = 0.0
    hidden: Hidden | None = None

    def score(self, embedding: npt.NDArray[np.float32]) -> tuple[float, str]:
        """The chance of any danger, and the likeliest kind."""
        scores, kinds = self.scores(embedding[None, :])
        return scores[0], kinds[0]

    def scores(self, embeddings: npt.NDArray[np.float32]) -> tuple[list[float], list[str]]:
        """``score`` for each row of ``embeddings``, in one product (two with a hidden layer)."""
        if self.hidden is not None:
            embeddings = np.maximum(embeddings @ self.hidden.weights + self.hidden.bias, 0)
        logits = embeddings @ self.weights.T + self.bias
        chances = np.exp(logits - logits.max(1, keepdims=True))
        chances /= chances.sum(1, keepdims=True)
        kinds = [CLASSES[1 + int(i)] for i in np.argmax(chances[:, 1:], 1)]
        return (1 - chances[:, 0]).tolist(), kinds

    def reading(self, score: float, kind: str) -> DangerReading | None:
        """The reading a score calls for, if any."""
        if score >= self.urgent:
            return DangerReading(tier=Tier.URGENT.value, kind=kind)
        if score >= self.check_in:
            return DangerReading(tier=Tier.CHECK_IN.value, kind=kind)
        if score < self.quiet:
            return DangerReading(tier=QUIET, kind=kind)
        return None


@dataclass(frozen=True)
class Leaning:
    """Both models, and the band of static scores in which the full encoder is asked."""

    static: Model
    full: Model
    band: tuple[float, float]


def model_json(model: Model) -> dict[str, Any]:
    """``model`` as written in ``leaning.json`` (five decimals is far below any threshold)."""
    data: dict[str, Any] = {
        "weights": np.round(model.weights, 5).tolist(),
        "bias": np.round(model.bias, 5).tolist(),
        "urgent": round(model.urgent, 5),
        "check_in": round(model.check_in, 5),
        "quiet": round(model.quiet, 5),
    }
    if model.hidden is not None:
        data["hidden"] = {
            "weights": np.round(model.hidden.weights, 5).tolist(),
            "bias": np.round(model.hidden.bias, 5).tolist(),
        }
    return data


def leaning_text(leaning: Leaning) -> str:
    """The text of ``leaning.json`` for ``leaning``."""
    data = {
        "classes": list(CLASSES),
        "band": [round(edge, 5) for edge in leaning.band],
        "static": model_json(leaning.static),
        "full": model_json(leaning.full),
    }
    return json.dumps(data, separators=(",", ":")) + "\n"


def _model(data: dict[str, Any]) -> Model:
    weights = np.asarray(data["weights"], dtype=np.float32)
    bias = np.asarray(data["bias"], dtype=np.float32)
    if weights.ndim != 2 or weights.shape[0] != len(CLASSES) or bias.shape != (len(CLASSES),):
        raise ValueError(f"weights must be {len(CLASSES)} rows, one bias each")
    hidden = _hidden(data["hidden"], weights.shape[1]) if "hidden" in data else None
    urgent, check_in, quiet = (float(data[name]) for name in ("urgent", "check_in", "quiet"))
    return Model(weights, bias, urgent, check_in, quiet, hidden)


def _hidden(data: dict[str, Any], width: int) -> Hidden:
    weights = np.asarray(data["weights"], dtype=np.float32)
    bias = np.asarray(data["bias"], dtype=np.float32)
    if weights.ndim != 2 or weights.shape[1] != width or bias.shape != (width,):
        raise ValueError(f"the hidden layer must have {width} columns, one bias each")
    return Hidden(weights, bias)


def read_leaning(file: Path = LEANING_FILE) -> Leaning:
    """The models in ``file``, or ``LeaningFileError`` naming what is wrong."""
    try:
        data = json.loads(read_text(file, LeaningFileError))
        if data["classes"] != list(CLASSES):
            raise ValueError(f"classes must be {list(CLASSES)}")
        low, high = (float(edge) for edge in data["band"])
        return Leaning(_model(data["static"]), _model(data["full"]), (low, high))
    except (ValueError, KeyError, TypeError) as bad:
        raise LeaningFileError(file, "", f"malformed ({bad})") from bad
