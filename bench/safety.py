"""Danger-signal detection: recall per group, false alarms, misses, kinds and speed.

Reads every ``tests/data/safety_*.jsonl`` file. Categories starting ``held_out_`` have never
been tuned on, so their figures are the honest estimate for messages nobody has seen; the
tuned figures only show that the detector still does what it was tuned to do. Both are
printed, side by side, so the first is never mistaken for the second.

Misses and false alarms are listed for tuned lines only, since reading held-out lines while
changing the detector would make them tuned lines; ``--show-held-out`` lists those too.
``--train`` trains the word reading's weights on the tuned lines, shows how the model does on
each tuned file when trained without it, and writes the weights to the detector's
``flows/safety/weights.json``, saying what changed.

Run from the repository root: python bench/safety.py [--show-held-out | --train]
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from flows.safety import WORD_EVIDENCE, WORD_THRESHOLD, DangerSignal, detect_danger, word_features
from flows.safety.reader import detect
from flows.safety.tables import WEIGHTS_FILE, read_weights, weights_text

# The labelled sets' loader and trainer live with the tests, at the repository root.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.safety_set import Example, WordModel, train_words, tuned

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


def with_and_without_prefilter(texts: list[str], repeats: int = 15) -> tuple[float, float]:
    """Microseconds per message with the prefilter, and without it (as before it existed).

    The two take turns and each keeps its fastest pass, so load on the machine falls on both
    alike and the comparison holds within one run.
    """
    fastest = {True: float("inf"), False: float("inf")}
    for _ in range(repeats):
        for prefilter in fastest:
            started = time.perf_counter()
            for text in texts:
                detect(text, prefilter)
            fastest[prefilter] = min(fastest[prefilter], time.perf_counter() - started)
    return fastest[True] / len(texts) * 1e6, fastest[False] / len(texts) * 1e6


def word_score(model: WordModel, text: str) -> float:
    """The highest score ``model`` gives ``text`` for a kind enough of its stems lean to.

    Summed in whole hundredths, as the detector does, so that ties with the threshold fall
    the same way here as there.
    """
    found = [model.weights[s] for s in word_features(text) if s in model.weights]
    return max(
        (
            (round(b * 100) + sum(round(w[i] * 100) for w in found)) / 100
            for i, b in enumerate(model.bias.values())
            if sum(1 for w in found if w[i] > 0) >= WORD_EVIDENCE
        ),
        default=float("-inf"),
    )


def train() -> None:
    """Word model figures on each tuned file left out of training, then the weights."""
    lines = tuned()
    scored: list[tuple[Example, float, bool]] = []
    for source in sorted({e.source for e in lines}):
        model = train_words([e for e in lines if e.source != source])
        scored += [
            (e, word_score(model, e.text), detect_danger(e.text) is not None)
            for e in lines
            if e.source == source
        ]
    safe = [(e, s, r) for e, s, r in scored if not e.danger]
    print("word model alone, each tuned file scored by a model trained without it:")
    for threshold in (0.5, 0.75, 1.0, 1.25, 1.5):
        added = sum(1 for _, s, flagged in safe if s >= threshold and not flagged)
        recall = {
            group: rate(
                sum(1 for e, s, _ in scored if e.danger and e.group == group and s >= threshold),
                sum(1 for e, _, _ in scored if e.danger and e.group == group),
            )
            for group in GROUPS
        }
        mark = " <- in use" if threshold == WORD_THRESHOLD else ""
        print(
            f"  threshold {threshold:4.2f}: false alarms the rules do not raise"
            f" {rate(added, len(safe)):5.1%};"
            + "".join(f" {g} {v:5.1%}" for g, v in recall.items())
            + mark
        )
    write_weights(train_words(lines))


def write_weights(model: WordModel) -> None:
    """Write ``model`` where the detector reads it, and say what that changed."""
    old = read_weights(WEIGHTS_FILE) if WEIGHTS_FILE.exists() else None
    text = weights_text(model.bias, model.weights)
    unchanged = WEIGHTS_FILE.exists() and WEIGHTS_FILE.read_text("utf-8") == text
    WEIGHTS_FILE.write_text(text, "utf-8")
    where = WEIGHTS_FILE.relative_to(Path(__file__).resolve().parents[1])
    print(f"wrote {where}: a bias for each of {len(model.bias)} kinds, {len(model.weights)} stems")
    if unchanged:
        print("  the same as before, byte for byte")
    elif old is not None:
        moved = {
            s for s in {*old.weights, *model.weights} if old.weights.get(s) != model.weights.get(s)
        }
        bias = [k.value for k in model.bias if old.bias.get(k) != model.bias[k]]
        print(f"  changed: {len(moved)} stems, bias of {', '.join(bias) or 'no kind'}")


def main() -> None:
    """Print the figures; the last line is machine-readable."""
    if "--train" in sys.argv:
        train()
        return
    show_held_out = "--show-held-out" in sys.argv
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
    listed = [r for r in rows if show_held_out or not r.held_out]
    for row in (r for r in listed if r.danger and not r.flagged):
        where = "held out" if row.held_out else "tuned"
        print(f"  MISSED ({where}, {row.group}, {row.source}): {row.text}")
    for row in (r for r in listed if not r.danger and r.flagged):
        where = "held out" if row.held_out else "tuned"
        print(f"  FALSE ALARM ({where}, {row.signal}): {row.text}")
    mean, huge_ms = speed(rows)
    print(f"speed: {mean:.1f} us per message on average, {huge_ms:.1f} ms for 1 MB")
    # Same run, same lines: the prefilter's saving, where it matters (ordinary messages).
    lines = {"ordinary": [r.text for r in rows if not r.danger], "all": [r.text for r in rows]}
    costs = {label: with_and_without_prefilter(texts) for label, texts in lines.items()}
    for label, (after, before) in costs.items():
        print(
            f"  {label} lines ({len(lines[label])}): {after:.1f} us per message with the"
            f" prefilter, {before:.1f} us without it ({before / after:.1f}x)"
        )
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
        + " ordinary_us={:.1f} ordinary_us_unfiltered={:.1f}".format(*costs["ordinary"])
    )


if __name__ == "__main__":
    main()
