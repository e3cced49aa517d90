"""Danger-signal detection: recall per group, false alarms, misses, kinds and speed.

Reads every ``tests/data/safety_*.jsonl`` file. Categories starting ``held_out_`` have never
been tuned on, so their figures are the honest estimate for messages nobody has seen; the
tuned figures only show that the detector still does what it was tuned to do. Both are
printed, side by side, so the first is never mistaken for the second.

Run from the repository root: python bench/safety.py
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from flows.safety import DangerSignal, detect_danger

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
GROUPS = ("clear", "indirect", "slang")


@dataclass(frozen=True)
class Row:
    """One labelled message and what the detector said about it."""

    text: str
    danger: bool
    kind: str | None
    category: str
    source: str
    signal: DangerSignal | None

    @property
    def flagged(self) -> bool:
        return self.signal is not None

    @property
    def held_out(self) -> bool:
        return self.category.startswith("held_out_")

    @property
    def group(self) -> str:
        return self.category.removeprefix("held_out_")


def load() -> list[Row]:
    """Every labelled message, with what the detector says about it."""
    rows = []
    for path in sorted(DATA.glob("safety_*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                rows.append(Row(**item, source=path.stem, signal=detect_danger(item["text"])))
    return rows


def rate(part: int, whole: int) -> float:
    """A share, zero when there is nothing to share."""
    return part / whole if whole else 0.0


def figures(title: str, rows: list[Row]) -> float:
    """Recall per group and the false-positive rate for ``rows``; returns that rate."""
    print(f"{title}: {len(rows)} messages from {', '.join(sorted({r.source for r in rows}))}")
    for group in GROUPS:
        members = [r for r in rows if r.danger and r.group == group]
        caught = sum(1 for r in members if r.flagged)
        share = rate(caught, len(members))
        print(f"  recall {group:<10} {share:6.1%}  ({caught}/{len(members)})")
    safe = [r for r in rows if not r.danger]
    alarms = sum(1 for r in safe if r.flagged)
    fp_rate = rate(alarms, len(safe))
    print(f"  false-positive rate {fp_rate:6.1%}  ({alarms}/{len(safe)})")
    return fp_rate


def per_round(rows: list[Row]) -> None:
    """Held-out recall and false alarms for each file, since each was written at a time."""
    for source in sorted({r.source for r in rows}):
        mine = [r for r in rows if r.source == source]
        danger = [r for r in mine if r.danger]
        safe = [r for r in mine if not r.danger]
        caught = sum(1 for r in danger if r.flagged)
        alarms = sum(1 for r in safe if r.flagged)
        print(
            f"  {source:<24} recall {rate(caught, len(danger)):6.1%} ({caught}/{len(danger)})"
            f"  false alarms {rate(alarms, len(safe)):6.1%} ({alarms}/{len(safe)})"
        )


def speed(rows: list[Row], rounds: int = 50) -> tuple[float, float]:
    """Mean microseconds per labelled message, and milliseconds for a 1 MB message."""
    started = time.perf_counter()
    for _ in range(rounds):
        for row in rows:
            detect_danger(row.text)
    mean = (time.perf_counter() - started) / (rounds * len(rows)) * 1e6
    huge = (" ".join(r.text for r in rows) * 20)[:1_000_000]
    started = time.perf_counter()
    detect_danger(huge)
    return mean, (time.perf_counter() - started) * 1e3


def main() -> None:
    """Print the figures; the last line is machine-readable."""
    rows = load()
    tuned = [r for r in rows if not r.held_out]
    held = [r for r in rows if r.held_out]
    figures("TUNED", tuned)
    per_round(tuned)
    held_fp = figures("HELD OUT (never tuned on)", held)
    per_round(held)
    caught = [r for r in rows if r.danger and r.flagged]
    kinds = Counter(r.signal.kind == r.kind for r in caught if r.signal is not None)
    print(f"right kind, of those caught: {rate(kinds[True], len(caught)):6.1%}")
    for row in (r for r in rows if r.danger and not r.flagged):
        where = "held out" if row.held_out else "tuned"
        print(f"  MISSED ({where}, {row.group}, {row.source}): {row.text}")
    for row in (r for r in rows if not r.danger and r.flagged):
        where = "held out" if row.held_out else "tuned"
        print(f"  FALSE ALARM ({where}, {row.signal}): {row.text}")
    mean, huge_ms = speed(rows)
    print(f"speed: {mean:.1f} us per message on average, {huge_ms:.1f} ms for 1 MB")
    recall = {
        group: rate(
            sum(1 for r in held if r.danger and r.group == group and r.flagged),
            sum(1 for r in held if r.danger and r.group == group),
        )
        for group in GROUPS
    }
    print(
        " ".join(f"held_out_{g}={v:.3f}" for g, v in recall.items())
        + f" held_out_fp={held_fp:.3f} us_per_message={mean:.1f}"
    )


if __name__ == "__main__":
    main()
