"""Danger reading: per file, the issue's figures for each tier, the cost per message, misses.

Reads every ``tests/data/safety_*.jsonl`` file, and reads each line as the engine does: the
encoder's reading (``bot.danger_reader``) combined with the patterns (``flows.safety.combine``).
Categories starting ``held_out_`` have never been tuned on, so their figures are the honest
estimate for messages nobody has seen; the tuned figures only show that the reader still
does what it was tuned to do. They are printed apart, so the first is never mistaken for the
second; ``--tuned-only`` leaves held-out lines unread altogether.

For each file: urgent recall on clear lines, urgent false alarms on ordinary ones (every
ordinary category), urgent-or-check-in recall on indirect and slang lines, and check-ins on
ordinary lines. Then the cost of the reader as shipped, per message (mean and p99), on the
ordinary lines and on all labelled lines, each message timed on its own.

Misses and false alarms are listed for tuned lines only, since reading held-out lines while
changing the reader would make them tuned lines; ``--show-held-out`` lists those too.
``--train`` trains the word reading's weights and the encoder's leaning on the tuned lines,
shows how each does on lines it was not trained on, and writes both beside the reader
(``flows/safety/weights.json``, ``flows/safety/leaning.json``), saying what changed.

Run from the repository root: python bench/safety.py [--tuned-only | --show-held-out | --train]
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

# The labelled sets' loader and trainer live with the tests, at the repository root.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import bot  # noqa: F401  (pins BLAS to one thread before numpy loads)

# isort: split
import numpy as np

from bot.danger_reader import DangerReader, reader
from bot.danger_reader import embedder as shipped_embedder
from flows.safety import WORD_EVIDENCE, WORD_THRESHOLD, DangerSignal, detect_danger, word_features
from flows.safety.combine import combine
from flows.safety.kinds import Tier
from flows.safety.leaning import LEANING_FILE, leaning_text
from flows.safety.reader import detect
from flows.safety.tables import WEIGHTS_FILE, read_weights, weights_text
from tests.safety_encoder import everyday, train_leaning
from tests.safety_set import Example, WordModel, train_words, tuned

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
GROUPS = ("clear", "indirect", "slang")
ORDINARY = ("ordinary", "ordinary_alarming")


@dataclass(frozen=True)
class Row:
    """One labelled message, what the reader said about it, and what that cost."""

    text: str
    danger: bool
    kind: str | None
    category: str
    source: str
    signal: DangerSignal | None
    seconds: float = 0.0

    @property
    def flagged(self) -> bool:
        return self.signal is not None

    @property
    def urgent(self) -> bool:
        return self.signal is not None and self.signal.tier == Tier.URGENT

    @property
    def check_in(self) -> bool:
        return self.signal is not None and self.signal.tier == Tier.CHECK_IN

    @property
    def held_out(self) -> bool:
        return self.category.startswith("held_out_")

    @property
    def group(self) -> str:
        return self.category.removeprefix("held_out_")


def read_timed(shipped: DangerReader, text: str) -> tuple[DangerSignal | None, float]:
    """The reader as the engine runs it (encoder, then patterns), and the seconds it took."""
    started = time.perf_counter()
    signal = combine(text, shipped.read(text))
    return signal, time.perf_counter() - started


def load(held_out: bool = True) -> list[Row]:
    """Every labelled message (held-out ones only if asked), with the reader's reading."""
    shipped = reader()
    rows = []
    for path in sorted(DATA.glob("safety_*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            item = json.loads(line) if line.strip() else None
            if item is None or (not held_out and item["category"].startswith("held_out_")):
                continue
            signal, seconds = read_timed(shipped, item["text"])
            rows.append(Row(**item, source=path.stem, signal=signal, seconds=seconds))
    return rows


def rate(part: int, whole: int) -> float:
    """A share, zero when there is nothing to share."""
    return part / whole if whole else 0.0


def share(rows: list[Row], groups: tuple[str, ...], danger: bool, flagged: str) -> str:
    """How many ``rows`` of ``groups`` have the property ``flagged``, as "12.5% (5/40)"."""
    members = [r for r in rows if r.danger == danger and r.group in groups]
    hits = sum(1 for r in members if getattr(r, flagged))
    return f"{rate(hits, len(members)):6.1%} ({hits}/{len(members)})"


def figures(title: str, rows: list[Row]) -> None:
    """The issue's figures for ``rows`` together, then for each file."""
    print(f"{title}: {len(rows)} messages from {', '.join(sorted({r.source for r in rows}))}")
    for source in ["all", *sorted({r.source for r in rows})]:
        mine = [r for r in rows if source in ("all", r.source)]
        print(
            f"  {source:<22} urgent: clear {share(mine, ('clear',), True, 'urgent')}"
            f"  on ordinary {share(mine, ORDINARY, False, 'urgent')}"
            f" | any: indirect {share(mine, ('indirect',), True, 'flagged')}"
            f"  slang {share(mine, ('slang',), True, 'flagged')}"
            f" | check-in on ordinary {share(mine, ORDINARY, False, 'check_in')}"
        )


def cost(rows: list[Row]) -> str:
    """Mean and p99 milliseconds per message over ``rows``."""
    seconds = np.array([r.seconds for r in rows]) * 1e3
    return f"mean {seconds.mean():.2f} ms, p99 {np.percentile(seconds, 99):.2f} ms"


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
    """Word model figures on each tuned file left out of training, then the weights; then
    the encoder's leaning."""
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
    train_encoder(lines + everyday())


def train_encoder(lines: list[Example]) -> None:
    """The encoder's leaning on tuned ``lines`` (and everyday ones): how its held-back scores
    rank, then the file."""
    embedder = shipped_embedder()
    tokens = [embedder.tokens(e.text) for e in lines]
    static = np.stack([embedder.static(ids) for ids, _ in tokens])
    full = np.stack([embedder.full(ids, mask) for ids, mask in tokens])
    danger = np.array([e.danger for e in lines])
    trained = train_leaning(lines, static, full)
    for name, scores in (("static", trained.static_scores), ("full", trained.full_scores)):
        print(f"encoder, {name} embedding, held back in folds: AUC {auc(scores, danger):.3f}")
    leaning = trained.leaning
    for name, model in (("static", leaning.static), ("full", leaning.full)):
        print(
            f"  {name}: urgent at {model.urgent:.3f}, check-in at {model.check_in:.3f},"
            f" quiet under {model.quiet:.3f}"
        )
    print(
        f"  the full encoder is asked for static scores in [{leaning.band[0]:.3f}, "
        f"{leaning.band[1]:.3f})"
    )
    text = leaning_text(leaning)
    unchanged = LEANING_FILE.exists() and LEANING_FILE.read_text("utf-8") == text
    LEANING_FILE.write_text(text, "utf-8")
    where = LEANING_FILE.relative_to(Path(__file__).resolve().parents[1])
    print(f"wrote {where}" + (": the same as before, byte for byte" if unchanged else ""))


def auc(scores: np.ndarray, positive: np.ndarray) -> float:
    """The chance a danger line scores above an ordinary one."""
    ranks = scores.argsort().argsort() + 1
    hits = int(positive.sum())
    return float((ranks[positive].sum() - hits * (hits + 1) / 2) / (hits * (len(scores) - hits)))


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
    rows = load(held_out="--tuned-only" not in sys.argv)
    tuned = [r for r in rows if not r.held_out]
    held = [r for r in rows if r.held_out]
    figures("TUNED", tuned)
    if held:
        figures("HELD OUT (never tuned on)", held)
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
    ordinary = [r for r in rows if not r.danger]
    print(
        f"cost of the reader as shipped, per message: ordinary lines ({len(ordinary)})"
        f" {cost(ordinary)}; all labelled lines ({len(rows)}) {cost(rows)}"
    )
    # Same run, same lines: the prefilter's saving in the patterns' reader.
    lines = {"ordinary": [r.text for r in ordinary], "all": [r.text for r in rows]}
    costs = {label: with_and_without_prefilter(texts) for label, texts in lines.items()}
    for label, (after, before) in costs.items():
        print(
            f"  patterns alone, {label} lines: {after:.1f} us per message with the"
            f" prefilter, {before:.1f} us without it ({before / after:.1f}x)"
        )
    means = {
        label: np.mean([r.seconds for r in part]) * 1e3
        for label, part in (("ordinary", ordinary), ("all", rows))
    }
    print(
        " ".join(f"{k}_ms={v:.3f}" for k, v in means.items())
        + f" all_p99_ms={np.percentile([r.seconds for r in rows], 99) * 1e3:.3f}"
    )


if __name__ == "__main__":
    main()
