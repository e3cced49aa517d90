"""Danger-signal detection: recall per category, false alarms, misses, kinds and speed.

Categories starting ``held_out_`` were written after the patterns were last changed and
never tuned on, so their figures are the honest estimate for messages nobody has seen.

Run from the repository root: python bench/safety.py
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from flows.safety import DangerSignal, detect_danger

SET = Path(__file__).resolve().parents[1] / "tests" / "data" / "safety_labelled.jsonl"


@dataclass(frozen=True)
class Row:
    """One labelled message and what the detector said about it."""

    text: str
    danger: bool
    kind: str | None
    category: str
    signal: DangerSignal | None

    @property
    def flagged(self) -> bool:
        return self.signal is not None


def load() -> list[Row]:
    """Every labelled message, with what the detector says about it."""
    rows = []
    for line in SET.read_text("utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            rows.append(Row(**item, signal=detect_danger(item["text"])))
    return rows


def rate(part: int, whole: int) -> float:
    """A share, zero when there is nothing to share."""
    return part / whole if whole else 0.0


def per_category(rows: list[Row]) -> None:
    """Recall for danger categories, false alarms for the others."""
    totals = Counter(r.category for r in rows)
    right = Counter(r.category for r in rows if r.flagged == r.danger)
    for category in sorted(totals, key=lambda c: (c.startswith("held_out_"), c)):
        danger = any(r.danger for r in rows if r.category == category)
        label = "recall" if danger else "calm"
        share = rate(right[category], totals[category])
        print(f"  {label:<6} {category:<28} {share:6.1%}  ({right[category]}/{totals[category]})")


def speed(rows: list[Row], rounds: int = 100) -> tuple[float, float]:
    """Mean microseconds per labelled message, and milliseconds for a 10,000-character one."""
    started = time.perf_counter()
    for _ in range(rounds):
        for row in rows:
            detect_danger(row.text)
    mean = (time.perf_counter() - started) / (rounds * len(rows)) * 1e6
    long_text = (" ".join(r.text for r in rows) * 4)[:10_000]
    started = time.perf_counter()
    detect_danger(long_text)
    return mean, (time.perf_counter() - started) * 1e3


def main() -> None:
    """Print the figures; the last line is machine-readable."""
    rows = load()
    danger = [r for r in rows if r.danger]
    safe = [r for r in rows if not r.danger]
    misses = [r for r in danger if not r.flagged]
    alarms = [r for r in safe if r.flagged]
    kinds = sum(1 for r in danger if r.signal is not None and r.signal.kind == r.kind)
    print(f"labelled messages: {len(rows)} ({len(danger)} danger, {len(safe)} not)")
    per_category(rows)
    recall = rate(len(danger) - len(misses), len(danger))
    fp_rate = rate(len(alarms), len(safe))
    print(f"  recall overall                      {recall:6.1%}")
    print(f"  false-positive rate                 {fp_rate:6.1%}")
    print(f"  right kind, of those caught         {rate(kinds, len(danger) - len(misses)):6.1%}")
    for row in misses:
        print(f"  MISSED ({row.category}): {row.text}")
    for row in alarms:
        print(f"  FALSE ALARM ({row.category}, {row.signal}): {row.text}")
    mean, long_ms = speed(rows)
    print(f"  speed: {mean:.1f} us per message on average, {long_ms:.1f} ms for 10,000 characters")
    print(f"safety_recall={recall:.3f} fp_rate={fp_rate:.3f}")


if __name__ == "__main__":
    main()
