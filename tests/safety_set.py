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
  The figures the test asserts for held-out lines come from here and ``safety_labelled``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from flows.safety import detect_danger

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


def held_out() -> list[Example]:
    """The lines never tuned on."""
    return [e for e in examples() if e.held_out]


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


def score(items: list[Example]) -> Score:
    """Run the detector over ``items``."""
    misses = [e for e in items if e.danger and detect_danger(e.text) is None]
    alarms = [e for e in items if not e.danger and detect_danger(e.text) is not None]
    recall = {}
    for group in sorted({e.group for e in items if e.danger}):
        members = [e for e in items if e.danger and e.group == group]
        recall[group] = 1 - sum(1 for e in misses if e.group == group) / len(members)
    safe = [e for e in items if not e.danger]
    return Score(recall, len(alarms) / len(safe) if safe else 0.0, misses, alarms)
