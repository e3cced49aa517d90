"""The third reading: words, a small linear model over word stems.

One weight per stem and kind, trained on the tuned lines (never a held-out one) by
``bench/safety.py --train``, which writes them to ``weights.json``; read only when neither
reading before it found anything. Cue lists name the ways of saying a thing that someone
thought of; the weights also carry the many small leanings a list leaves out ("anymore",
"everyone", "tired", "tablets" pointing one way, "council", "bus", "kids party" the other),
so they reach some phrasing no list holds.
"""

from __future__ import annotations

from functools import lru_cache

from flows.safety.kinds import DangerKind, DangerSignal
from flows.safety.plain import everyday_out, normalise
from flows.safety.tables import WEIGHTS

# They know nothing of order or negation, and a few words say little: "no, keep it" or "i
# want to help" would reach the threshold on their own. So a kind counts only when at least
# WORD_EVIDENCE different stems in the message lean to it and its score reaches
# WORD_THRESHOLD. Both were chosen without held-out lines: the lowest threshold step at which
# the model flagged none of the residents' everyday replies and requests in the flow tests
# and the matching set, while adding about 1% false alarms on tuned files it had not been
# trained on (each left out in turn).
WORD_THRESHOLD = 1.0
WORD_EVIDENCE = 5
# Each kind's score before any word; each stem's weights are in the same order.
WORD_BIAS: dict[DangerKind, float] = WEIGHTS.bias
WORD_WEIGHTS: dict[str, tuple[float, ...]] = WEIGHTS.weights


# Bounded, as words are whatever people send; everyday ones stay in it.
@lru_cache(maxsize=8_192)
def _stem(word: str) -> str:
    """``word`` without a plain ending, so "pills", "ending", "ended" meet "pill", "end"."""
    for ending in ("ing", "ed", "es", "s", "ly"):
        if word.endswith(ending) and len(word) - len(ending) >= 3 and not word.endswith("ss"):
            return word[: -len(ending)]
    return word


def _stems(text: str) -> frozenset[str]:
    """The stems of the words of normalised ``text`` ("." marks where a phrase was taken out)."""
    return frozenset(_stem(word) for word in text.split() if word != ".")


def word_features(text: str) -> frozenset[str]:
    """What the word reading reads in a message: its stems, once everyday phrases are out."""
    return _stems(everyday_out(normalise(text)))


def _hundredths(weight: float) -> int:
    """``weight`` in whole hundredths: sums of those are exact in any order, as floats are
    not, so a message on the threshold is read the same every time."""
    return round(weight * 100)


_WEIGHTS = {stem: tuple(map(_hundredths, ws)) for stem, ws in WORD_WEIGHTS.items()}
_BIAS = [_hundredths(WORD_BIAS[kind]) for kind in DangerKind]
_THRESHOLD = _hundredths(WORD_THRESHOLD)
_KINDS = tuple(DangerKind)


def read_words(plain: str, text: str | None, prefilter: bool = True) -> DangerSignal | None:
    """The kind the words of ``plain`` lean to, if enough of them lean far enough; ``text``
    is ``plain`` with everyday phrases out, when that has been worked out already."""
    if text is None and prefilter:
        # Taking everyday phrases out only removes words, so no kind can have more leaning
        # stems, or score more than its bias and their weights, than here: if none could
        # pass, skip it.
        found = [_WEIGHTS[s] for s in _stems(plain) if s in _WEIGHTS]
        if not any(
            len(leaning := [w[i] for w in found if w[i] > 0]) >= WORD_EVIDENCE
            and _BIAS[i] + sum(leaning) >= _THRESHOLD
            for i in range(len(_KINDS))
        ):
            return None
    found = [_WEIGHTS[s] for s in _stems(text or everyday_out(plain)) if s in _WEIGHTS]
    scores = {
        kind: _BIAS[i] + sum(w[i] for w in found)
        for i, kind in enumerate(_KINDS)
        if sum(1 for w in found if w[i] > 0) >= WORD_EVIDENCE
    }
    kind = max(scores, key=scores.__getitem__, default=None)
    return DangerSignal(kind, "words") if kind and scores[kind] >= _THRESHOLD else None
