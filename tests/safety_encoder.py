"""Training the encoder's leaning (``flows/safety/leaning.json``) on tuned lines only.

Used by ``bench/safety.py --train``. Deterministic: the same lines give the same file.

How the thresholds are chosen: every tuned line is scored by a model trained without it
(five folds, by line number), so the scores are those of lines the model has not seen. The
quiet threshold is the highest under which at most 1% of the danger lines the patterns
read as urgent fall. The ordinary lines set the other two. The urgent threshold is the
lowest at which urgent false alarms stay at or under 2%, the patterns' own included, each
ordinary category (plain ``ordinary``, and the deliberately alarming ``ordinary_alarming``)
counting for an equal share whatever its size. The check-in threshold is the lowest at
which check-ins on plain ordinary lines, as a line gets them, stay at or under 9%. The
uncertain band is the static scores nearest the check-in threshold, as wide as the full
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
from flows.safety.leaning import CLASSES, Hidden, Leaning, Model
from flows.safety.reader import detect, detect_danger
from tests.safety_set import Example

ROOT = Path(__file__).resolve().parents[1]
# Everyday messages from the other labelled sets (never one still held out): what residents
# ask for, and whole first contacts with their short replies ("yes please", "1", a place name).
EVERYDAY_FILES = (
    ROOT / "tests/data/match_labelled.jsonl",
    ROOT / "tests/data/match_heldout.jsonl",
    ROOT / "tests/data/match_heldout_2.jsonl",
    ROOT / "tests/data/match_heldout_3.jsonl",
    ROOT / "bench/data/first_contacts.jsonl",
)

Matrix = npt.NDArray[np.float32]
Fitter = Callable[[Matrix, npt.NDArray[np.int64]], Model]
FOLDS = 5
URGENT_ALARMS = 0.02
# Check-ins on plain ordinary lines: under the 10%, leaving room for fresh lines.
CHECK_INS = 0.09
# The urgent pattern matches on danger lines the encoder may call quiet.
QUIET_MISSES = 0.01
HIDDEN = 128
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
    target = np.eye(len(CLASSES), dtype=np.float32)[labels]
    w = np.zeros((len(CLASSES), x.shape[1]), np.float32)
    b = np.zeros(len(CLASSES), np.float32)

    def gradients() -> list[Matrix]:
        error = (_chances(x @ w.T + b) - target) / len(x)
        return [error.T @ x + l2 * w, error.sum(0)]

    _adam([w, b], gradients, rounds, 0.05)
    return Model(w, b, 1.0, 1.0)


def fit_hidden(
    x: Matrix,
    labels: npt.NDArray[np.int64],
    width: int = HIDDEN,
    l2: float = 1e-3,
    classes: int = len(CLASSES),
) -> Model:
    """A model with one hidden layer of ``width`` rectified units, the same way; the
    starting weights come from a fixed seed, so the same lines give the same model.
    ``classes`` is the danger classes unless told (the matcher's families use it too)."""
    start = np.random.default_rng(0)
    w1 = (start.standard_normal((x.shape[1], width)) * np.sqrt(2 / x.shape[1])).astype(np.float32)
    b1 = np.zeros(width, np.float32)
    w2 = (start.standard_normal((classes, width)) * np.sqrt(1 / width)).astype(np.float32)
    b2 = np.zeros(classes, np.float32)
    target = np.eye(classes, dtype=np.float32)[labels]

    def gradients() -> list[Matrix]:
        inner = x @ w1 + b1
        active = np.maximum(inner, 0)
        error = (_chances(active @ w2.T + b2) - target) / len(x)
        back = (error @ w2) * (inner > 0)
        return [x.T @ back + l2 * w1, back.sum(0), error.T @ active + l2 * w2, error.sum(0)]

    _adam([w1, b1, w2, b2], gradients, 600, 0.01)
    return Model(w2, b2, 1.0, 1.0, hidden=Hidden(w1, b1))


def _chances(logits: Matrix) -> Matrix:
    chances: Matrix = np.exp(logits - logits.max(1, keepdims=True))
    chances /= chances.sum(1, keepdims=True)
    return chances


def _adam(
    params: list[Matrix], gradients: Callable[[], list[Matrix]], rounds: int, rate: float
) -> None:
    """Full-batch Adam steps on ``params``, in place."""
    moments = [(np.zeros_like(p), np.zeros_like(p)) for p in params]
    for step in range(1, rounds + 1):
        for param, grad, (first, second) in zip(params, gradients(), moments, strict=True):
            first[:] = 0.9 * first + 0.1 * grad
            second[:] = 0.999 * second + 0.001 * grad * grad
            corrected = first / (1 - 0.9**step), second / (1 - 0.999**step)
            param -= rate * corrected[0] / (np.sqrt(corrected[1]) + 1e-8)


def labels_of(lines: list[Example]) -> npt.NDArray[np.int64]:
    """Each line's class: "none" for ordinary lines, else its kind."""
    return np.array([CLASSES.index(e.kind) if e.danger and e.kind else 0 for e in lines])


def held_back_scores(
    x: Matrix, labels: npt.NDArray[np.int64], fitter: Fitter = fit
) -> npt.NDArray[np.float64]:
    """Each line's danger score from a model trained on the other folds."""
    scores = np.zeros(len(labels))
    fold = np.arange(len(labels)) % FOLDS
    for part in range(FOLDS):
        model = fitter(x[fold != part], labels[fold != part])
        scores[fold == part] = model.scores(x[fold == part])[0]
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


def choose(lines: list[Example], x: Matrix, fitter: Fitter = fit) -> Chosen:
    """The model on all ``lines`` and its thresholds, chosen on held-back scores."""
    labels = labels_of(lines)
    scores = held_back_scores(x, labels, fitter)
    tiers = [_pattern_tier(e.text) for e in lines]
    danger = np.array([e.danger for e in lines])
    quiet = _quiet(scores[danger & np.array([t == Tier.URGENT for t in tiers])])
    urgent_patterns = np.array([t == Tier.URGENT for t in tiers]) & (scores >= quiet)
    urgent = lowest(
        scores, lambda t: ordinary_rate(lines, urgent_patterns | (scores >= t)) <= URGENT_ALARMS
    )
    flagged_before = np.array([t is not None for t in tiers])
    plain = np.array([e.group == "ordinary" for e in lines])
    check_in = lowest(
        scores,
        lambda t: (~urgent_patterns & (flagged_before | (scores >= t)))[plain].mean() <= CHECK_INS,
    )
    model = fitter(x, labels)
    thresholds = (urgent, min(check_in, urgent), min(quiet, check_in))
    return Chosen(Model(model.weights, model.bias, *thresholds, hidden=model.hidden), scores)


def _quiet(scores: npt.NDArray[np.float64]) -> float:
    """The score below which at most ``QUIET_MISSES`` of the danger lines the patterns read
    as urgent fall: the encoder's "sure there is none"."""
    allowed = int(QUIET_MISSES * len(scores))
    return float(np.sort(scores)[allowed]) if len(scores) > allowed else 0.0


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


@dataclass(frozen=True)
class Trained:
    """The leaning, and each embedding's held-back scores its thresholds were chosen on."""

    leaning: Leaning
    static_scores: npt.NDArray[np.float64]
    full_scores: npt.NDArray[np.float64]


def train_leaning(lines: list[Example], static: Matrix, full: Matrix) -> Trained:
    """Both models, their thresholds and the band, from tuned ``lines`` and embeddings: a
    hidden layer for the static embedding (it read 8 to 11 points more of the indirect lines
    of two spent rounds, trained without them, than a logistic one did), logistic for the
    full one (asked rarely, and a hidden layer added little there)."""
    chosen, full_chosen = choose(lines, static, fit_hidden), choose(lines, full)
    leaning = Leaning(chosen.model, full_chosen.model, band(lines, chosen))
    return Trained(leaning, chosen.scores, full_chosen.scores)


def _pattern_tier(text: str) -> Tier | None:
    """The tier the patterns alone give ``text``."""
    signal = detect(text)
    return signal.tier if signal is not None else None
