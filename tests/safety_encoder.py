"""Training the encoder's leaning (``flows/safety/leaning.json``) on tuned lines only.

Used by ``bench/safety.py --train``. Deterministic: the same lines give the same file.

How the thresholds are chosen: every tuned line is scored by a model trained without it
(five folds, by line number), so the scores are those of lines the model has not seen. The
ordinary lines set the thresholds, each ordinary category (plain ``ordinary``, and the
deliberately alarming ``ordinary_alarming``) counting for an equal share whatever its size,
so that plain everyday lines, when more are written, carry their weight. The urgent
threshold is the lowest at which urgent false alarms on them, the patterns' own included,
stay at or under 2%; the check-in threshold the lowest at which check-ins stay at or under
10%. The uncertain band is the static scores nearest either threshold, as wide as the full
encoder's cost allows (``FULL_SHARE`` of the labelled lines, and of their ordinary lines).
The everyday lines (``everyday``) are trained on as ordinary, but set no threshold.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from flows.safety.kinds import Tier
from flows.safety.leaning import CLASSES, Leaning, Model
from flows.safety.reader import detect, detect_danger
from tests.safety_set import Example

ROOT = Path(__file__).resolve().parents[1]
# Everyday messages from the other labelled sets (never a held-out one): what residents ask
# for, and whole first contacts with their short replies ("yes please", "1", a place name).
EVERYDAY_FILES = (
    ROOT / "tests/data/match_labelled.jsonl",
    ROOT / "bench/data/first_contacts.jsonl",
)

Matrix = npt.NDArray[np.float32]
FOLDS = 5
URGENT_ALARMS = 0.02
CHECK_INS = 0.10
# The full encoder costs about 20 ms; asked for one message in 200 it adds about 0.1 ms on
# average and stays out of the slowest 1%.
FULL_SHARE = 0.005
ORDINARY = ("ordinary", "ordinary_alarming")


def everyday() -> list[Example]:
    """The everyday messages, as ordinary lines of category "everyday" (any the patterns
    read as danger left out, in case one is)."""
    texts = []
    for path in EVERYDAY_FILES:
        for line in path.read_text("utf-8").splitlines():
            item = json.loads(line) if line.strip() else {}
            said = [item["text"]] if "text" in item else item.get("says", [])
            texts += [s for s in said if isinstance(s, str)]  # not a worker's line
    return [
        Example(text, False, None, "everyday", "everyday")
        for text in dict.fromkeys(texts)
        if detect_danger(text) is None
    ]


def fit(x: Matrix, labels: npt.NDArray[np.int64], l2: float = 1e-3, rounds: int = 400) -> Model:
    """A multinomial logistic model by full-batch gradient descent (Adam steps)."""
    rows, classes = x.shape[0], len(CLASSES)
    target = np.eye(classes, dtype=np.float32)[labels]
    w = np.zeros((classes, x.shape[1]), np.float32)
    b = np.zeros(classes, np.float32)
    moments = [np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)]
    for step in range(1, rounds + 1):
        logits = x @ w.T + b
        chances = np.exp(logits - logits.max(1, keepdims=True))
        chances /= chances.sum(1, keepdims=True)
        error = (chances - target) / rows
        grads = (error.T @ x + l2 * w, error.sum(0))
        for i, (param, grad) in enumerate(zip((w, b), grads, strict=True)):
            first, second = moments[2 * i], moments[2 * i + 1]
            first[:] = 0.9 * first + 0.1 * grad
            second[:] = 0.999 * second + 0.001 * grad * grad
            corrected = first / (1 - 0.9**step), second / (1 - 0.999**step)
            param -= 0.05 * corrected[0] / (np.sqrt(corrected[1]) + 1e-8)
    return Model(w, b, 1.0, 1.0)


def labels_of(lines: list[Example]) -> npt.NDArray[np.int64]:
    """Each line's class: "none" for ordinary lines, else its kind."""
    return np.array([CLASSES.index(e.kind) if e.danger and e.kind else 0 for e in lines])


def held_back_scores(x: Matrix, labels: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """Each line's danger score from a model trained on the other folds."""
    scores = np.zeros(len(labels))
    fold = np.arange(len(labels)) % FOLDS
    for part in range(FOLDS):
        model = fit(x[fold != part], labels[fold != part])
        scores[fold == part] = [model.score(row)[0] for row in x[fold == part]]
    return scores


def ordinary_rate(lines: list[Example], flagged: npt.NDArray[np.bool_]) -> float:
    """The share of ordinary lines flagged, each ordinary category an equal share."""
    shares = [
        flagged[[i for i, e in enumerate(lines) if e.group == group]].mean()
        for group in ORDINARY
        if any(e.group == group for e in lines)
    ]
    return float(np.mean(shares)) if shares else 0.0


def lowest(scores: npt.NDArray[np.float64], allowed: Callable[[float], bool]) -> float:
    """The lowest threshold among the scores (or 1.0) at which ``allowed`` holds."""
    for threshold in sorted({*np.round(scores, 5).tolist(), 1.0}):
        if allowed(threshold):
            return float(threshold)
    return 1.0


@dataclass(frozen=True)
class Chosen:
    """A model with its thresholds, and the held-back scores they were chosen on."""

    model: Model
    scores: npt.NDArray[np.float64]


def choose(lines: list[Example], x: Matrix) -> Chosen:
    """The model on all ``lines`` and its thresholds, chosen on held-back scores."""
    labels = labels_of(lines)
    scores = held_back_scores(x, labels)
    urgent_patterns = np.array([_pattern_tier(e.text) == Tier.URGENT for e in lines])
    urgent = lowest(
        scores, lambda t: ordinary_rate(lines, urgent_patterns | (scores >= t)) <= URGENT_ALARMS
    )
    flagged_before = np.array([_pattern_tier(e.text) is not None for e in lines])
    check_in = lowest(
        scores,
        lambda t: (
            ordinary_rate(lines, ~urgent_patterns & (flagged_before | (scores >= t))) <= CHECK_INS
        ),
    )
    model = fit(x, labels)
    return Chosen(Model(model.weights, model.bias, urgent, min(check_in, urgent)), scores)


def band(lines: list[Example], static: Chosen) -> tuple[float, float]:
    """The static scores, around the check-in threshold, that ask the full encoder: at most
    ``FULL_SHARE`` of the labelled lines, and of their ordinary lines, fall in it."""
    distance = np.abs(static.scores - static.model.check_in)
    labelled = np.array([e.group != "everyday" for e in lines])
    ordinary = np.array([e.group in ORDINARY for e in lines])
    width = min(_nearest_share(distance[labelled]), _nearest_share(distance[ordinary]))
    return (static.model.check_in - width, static.model.check_in + width)


def _nearest_share(distance: npt.NDArray[np.float64]) -> float:
    """A width that holds at most ``FULL_SHARE`` of the lines at ``distance`` (0: none)."""
    inside = int(FULL_SHARE * len(distance))
    return float(np.sort(distance)[inside - 1]) + 1e-9 if inside else 0.0


def train_leaning(lines: list[Example], static: Matrix, full: Matrix) -> Leaning:
    """Both models, their thresholds and the band, from tuned ``lines`` and embeddings."""
    chosen = choose(lines, static)
    return Leaning(chosen.model, choose(lines, full).model, band(lines, chosen))


def _pattern_tier(text: str) -> Tier | None:
    """The tier the patterns alone give ``text``."""
    signal = detect(text)
    return signal.tier if signal is not None else None
