"""The labelled danger-signal sets, shared by their test and their benchmark.

Every ``tests/data/safety_*.jsonl`` file is read. A category starting ``held_out_`` marks a
line nobody has changed the detector in the light of: its figures are the honest estimate
for messages nobody has seen. The rest are tuned lines.

How the files came about, in order:

- ``safety_labelled``: the first set, tuned on, with 21 lines held out.
- ``safety_round_1``: written as a held-out batch before the concept scoring was added.
  Measured then: clear 95%, indirect 31%, slang 60%, false alarms 7.1%. Measured again after
  tuning on ``safety_tuning_1`` only: clear 95%, indirect 86%, slang 95%, false alarms 2.4%.
  Its misses were then tuned on, so it now counts as tuned.
- ``safety_tuning_1``: lines written to tune the concepts on, never held out.
- ``safety_round_2``: a fresh held-out batch, written after that first tuning. Measured
  untouched: clear 95%, indirect 31%, slang 70%, false alarms 2.5%. Then tuned on.
- ``safety_round_3``: a fresh held-out batch, written after all tuning and never tuned on.
  Measured untouched: clear 100%, indirect 33%, slang 80%, false alarms 10.0%.
- ``safety_round_4``: a fresh held-out batch, written after fixing the "be a bother" cue and
  before the word reading was added, in wordings new to every set. Measured untouched:
  clear 100%, indirect 22% (self-harm 2 of 36), slang 75%, false alarms 0 of 35.
  Then the word reading was added, trained and its threshold chosen on the tuned lines
  only, without looking at which held-out lines it missed. Its first version (no minimum
  of leaning words) was measured once: indirect 37%, slang 88%, false alarms 1 of 35; it
  then flagged "no, keep it" in a flow test, so it was made to need five leaning words,
  chosen on tuned lines and the flow tests' replies alone. Measured after that: clear 100%,
  indirect 35% (self-harm 7 of 36), slang 75%, false alarms 1 of 35. Round 3 then: clear
  100%, indirect 48%, slang 85%, false alarms 12.5% (5 of 40).

- ``safety_ordinary_1``: 341 ordinary lines, written the way people text a community line,
  with 61 indirect and 30 slang danger lines, to train the encoder's classifier and set its
  thresholds on. Tuned lines.
- ``safety_round_5`` and ``safety_round_6``: fresh held-out rounds (120 and 132 danger
  lines, 171 and 173 ordinary), written before the encoder was added. Measured once then on
  the old reader, totals only: round 5 clear 87%, indirect 57%, slang 57%, false alarms
  8.2%; round 6 clear 97%, indirect 52%, slang 53%, false alarms 8.1%. Measured once more
  with the encoder beside the patterns, as shipped (``bench/safety.py``): round 5 urgent on
  clear 83%, urgent on ordinary 2.9%, urgent or check-in on indirect 53% and slang 73%,
  check-in on ordinary 2.9%; round 6: 85%, 4.0%, 55%, 71%, 2.9%. They then joined the
  tuned lines (their ``held_out_`` prefixes taken off): their misses were read, the patterns
  mended for the families they stood for, and the encoder's classifier chosen on them.
- ``safety_tuning_2``: 662 lines written to train on (388 ordinary), never held out.
- ``safety_round_7`` and ``safety_round_8``: fresh held-out rounds (132 and 137 danger
  lines, 171 and 181 ordinary), written before that change and read once after it by
  ``bench/safety.py``, totals only: round 7 urgent on clear 79%, urgent on ordinary 1.2%,
  urgent or check-in on indirect 89% and slang 97%, check-in on ordinary 7.0%; round 8:
  83%, 0.6%, 90%, 88%, 3.9%. They now count as seen: the next change to the reader moves
  them to the tuned lines and is measured on fresh rounds.
- ``safety_round_9`` and ``safety_round_10``: fresh held-out rounds (134 and 134 danger
  lines, 189 and 178 ordinary), written before the encoder's strong lean alone was made
  urgent (a rule chosen on rounds 5 to 8 held out in turn, totals only) and read once after
  it, totals only: round 9 urgent on clear 86%, urgent on ordinary 3.2%, urgent or check-in
  on indirect 88% and slang 88%, check-in on ordinary 5.3%; round 10: 68%, 1.7%, 86%, 91%,
  9.6%. Seen now, as rounds 7 and 8.

The figures the test asserts for held-out lines come from ``safety_labelled``, round 3 and
round 4 together (``ASSERTED``). The word reading's weights are trained on the tuned lines only, by
``train_words`` below; a test trains them again and checks the detector holds the same.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flows.safety import DangerKind, detect_danger, word_features

DATA = Path(__file__).parent / "data"
FILES = sorted(DATA.glob("safety_*.jsonl"))
GROUPS = ("clear", "indirect", "slang")


@dataclass(frozen=True)
class Example:
    """One labelled message. A ``held_out_`` category has never been tuned on."""

    text: str
    danger: bool
    kind: str | None
    category: str
    source: str = ""

    @property
    def group(self) -> str:
        return self.category.removeprefix("held_out_")

    @property
    def held_out(self) -> bool:
        return self.category.startswith("held_out_")


def examples() -> list[Example]:
    """Every labelled message, file by file, in file order."""
    return [
        Example(**json.loads(line), source=path.stem)
        for path in FILES
        for line in path.read_text("utf-8").splitlines()
        if line.strip()
    ]


# The held-out lines whose figures the tests assert as floors. Newer rounds (5 and 6) are
# left to ``bench/safety.py``, read once at the end and by their totals only: a failing
# test prints the lines it misses, which would make them tuned lines.
ASSERTED = ("safety_labelled", "safety_round_3", "safety_round_4")


def held_out() -> list[Example]:
    """The held-out lines the tests assert on (see ``ASSERTED``)."""
    return [e for e in examples() if e.held_out and e.source in ASSERTED]


def tuned() -> list[Example]:
    """The lines the detector was tuned on, or changed in the light of."""
    return [e for e in examples() if not e.held_out]


@dataclass(frozen=True)
class Score:
    """Recall per group of danger messages, and false alarms on the ordinary ones."""

    recall: dict[str, float]
    false_positive_rate: float
    misses: list[Example]
    false_alarms: list[Example]


def score(items: list[Example], read: Callable[[str], object | None] = detect_danger) -> Score:
    """Run the detector (or another ``read``ing, such as the reader as shipped) over ``items``."""
    flagged = {e.text: read(e.text) is not None for e in items}
    misses = [e for e in items if e.danger and not flagged[e.text]]
    alarms = [e for e in items if not e.danger and flagged[e.text]]
    recall = {}
    for group in sorted({e.group for e in items if e.danger}):
        members = [e for e in items if e.danger and e.group == group]
        recall[group] = 1 - sum(1 for e in misses if e.group == group) / len(members)
    safe = [e for e in items if not e.danger]
    return Score(recall, len(alarms) / len(safe) if safe else 0.0, misses, alarms)


@dataclass(frozen=True)
class WordModel:
    """The word reading's weights: a bias per kind, and per stem one weight per kind."""

    bias: dict[DangerKind, float]
    weights: dict[str, tuple[float, ...]]


def train_words(
    items: list[Example], l2: float = 1.0, rounds: int = 200, smallest: float = 0.2
) -> WordModel:
    """One logistic model per kind over word stems: that kind's lines against all others.

    Only stems in two lines or more are used, as one line says nothing about the rest.
    Weights are rounded to two places and those under ``smallest`` dropped, which keeps the
    table small and leaves out what is mostly noise. Deterministic: the same lines always
    give the same weights.
    """
    lines = [sorted(word_features(e.text)) for e in items]
    seen = Counter(stem for line in lines for stem in line)
    lines = [[stem for stem in line if seen[stem] >= 2] for line in lines]
    stems = sorted({stem for line in lines for stem in line})
    bias: dict[DangerKind, float] = {}
    columns: list[dict[str, float]] = []
    for kind in DangerKind:
        targets = [1.0 if e.kind == kind.value else 0.0 for e in items]
        b, w = _logistic(lines, targets, stems, l2, rounds)
        bias[kind] = round(b, 2)
        columns.append({s: round(v, 2) for s, v in w.items() if abs(v) >= smallest})
    weights = {
        stem: tuple(column.get(stem, 0.0) for column in columns)
        for stem in stems
        if any(stem in column for column in columns)
    }
    return WordModel(bias, weights)


def _logistic(
    lines: list[list[str]], targets: list[float], stems: list[str], l2: float, rounds: int
) -> tuple[float, dict[str, float]]:
    """Bias and weights of a logistic model, by full-batch gradient steps sized per weight."""
    weights = dict.fromkeys(stems, 0.0)
    squares = dict.fromkeys(stems, 1e-8)
    bias, bias_square, size, rate = 0.0, 1e-8, len(lines), 0.5
    for _ in range(rounds):
        grads = dict.fromkeys(stems, 0.0)
        bias_grad = 0.0
        for line, target in zip(lines, targets, strict=True):
            z = max(-30.0, min(30.0, bias + sum(weights[s] for s in line)))
            error = 1 / (1 + math.exp(-z)) - target
            bias_grad += error
            for stem in line:
                grads[stem] += error
        for stem in stems:
            grad = (grads[stem] + l2 * weights[stem]) / size
            squares[stem] += grad * grad
            weights[stem] -= rate * grad / math.sqrt(squares[stem])
        bias_grad /= size
        bias_square += bias_grad * bias_grad
        bias -= rate * bias_grad / math.sqrt(bias_square)
    return bias, weights
