"""The labelled danger-signal set, shared by its test and its benchmark."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from flows.safety import detect_danger

SET = Path(__file__).parent / "data" / "safety_labelled.jsonl"


@dataclass(frozen=True)
class Example:
    """One labelled message. A ``held_out_`` category was written after the patterns."""

    text: str
    danger: bool
    kind: str | None
    category: str

    @property
    def group(self) -> str:
        return self.category.removeprefix("held_out_")


def examples() -> list[Example]:
    """Every labelled message, in file order."""
    return [Example(**json.loads(line)) for line in SET.read_text("utf-8").splitlines() if line]


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
    return Score(recall, len(alarms) / len(safe), misses, alarms)
