"""Danger-signal detection: recall per group, false alarms, misses, and speed.

Run from the repository root: python bench/safety.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flows.safety import detect_danger
from tests.safety_set import examples, score


def main() -> None:
    """Print the figures; the last line is machine-readable."""
    items = examples()
    result = score(items)
    danger = [e for e in items if e.danger]
    caught = len(danger) - len(result.misses)
    print(f"labelled messages: {len(items)} ({len(danger)} danger, {len(items) - len(danger)} not)")
    for group, recall in result.recall.items():
        print(f"  recall {group:<10} {recall:6.1%}")
    print(f"  recall overall    {caught / len(danger):6.1%}")
    print(f"  false positives   {result.false_positive_rate:6.1%}")
    for example in result.misses:
        print(f"  MISSED ({example.category}): {example.text}")
    for example in result.false_alarms:
        print(f"  FALSE ALARM ({example.category}): {example.text}")
    rounds = 200
    started = time.perf_counter()
    for _ in range(rounds):
        for example in items:
            detect_danger(example.text)
    per_call = (time.perf_counter() - started) / (rounds * len(items)) * 1e6
    print(f"  speed             {per_call:.1f} us per message")
    print(f"safety_recall={caught / len(danger):.3f} fp_rate={result.false_positive_rate:.3f}")


if __name__ == "__main__":
    main()
