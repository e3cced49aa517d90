"""What the encoder's embedding of a message leans to: a logistic model, and two thresholds.

One multinomial logistic model per embedding (the cheap static one every message gets, and
the full encoder's for the uncertain band), over "none" and the four kinds. The score is the
chance of any danger; at or above ``urgent`` the reading is urgent, at or above ``check_in``
a check-in. The weights and thresholds are trained and chosen on tuned lines only, by
``bench/safety.py --train``, which writes them to ``leaning.json``.
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


class LeaningFileError(DataFileError):
    """``leaning.json`` is missing or malformed."""


@dataclass(frozen=True)
class Model:
    """One logistic model: a weight row and a bias per class, and the two thresholds."""

    weights: npt.NDArray[np.float32]
    bias: npt.NDArray[np.float32]
    urgent: float
    check_in: float

    def score(self, embedding: npt.NDArray[np.float32]) -> tuple[float, str]:
        """The chance of any danger, and the likeliest kind."""
        scores, kinds = self.scores(embedding[None, :])
        return scores[0], kinds[0]

    def scores(self, embeddings: npt.NDArray[np.float32]) -> tuple[list[float], list[str]]:
        """``score`` for each row of ``embeddings``, in one product."""
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
        return None


@dataclass(frozen=True)
class Leaning:
    """Both models, and the band of static scores in which the full encoder is asked."""

    static: Model
    full: Model
    band: tuple[float, float]


def model_json(model: Model) -> dict[str, Any]:
    """``model`` as written in ``leaning.json`` (five decimals is far below any threshold)."""
    return {
        "weights": np.round(model.weights, 5).tolist(),
        "bias": np.round(model.bias, 5).tolist(),
        "urgent": round(model.urgent, 5),
        "check_in": round(model.check_in, 5),
    }


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
    return Model(weights, bias, float(data["urgent"]), float(data["check_in"]))


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
