"""Signs that someone may be in danger, read from one message. Pure, fast, safe on any input.

Where the line is drawn: a missed danger signal is worse than a false alarm, because a
false alarm costs one short message with the numbers and a local person getting in touch,
while a miss can cost a life. So we flag anything that reads as thoughts of suicide or
self-harm (including hopelessness, "being a burden", plans and goodbyes), someone hurting,
threatening, controlling or stalking the person, a child at risk, or danger right now
(intruder, weapon, fire, someone not breathing), in plain words, indirect phrasing,
text-speak and common misspellings. Negation does not clear a message ("I'm not
suicidal, but...") and ambiguous cases lean to flagging ("my mum will kill me").

We do not flag everyday figures of speech about things rather than people ("this rent is
killing me", "I could murder a brew", "dying to see the match", "my boss will kill me",
"my mum will kill me if I forget her card"), threats to money or property ("the bailiffs
are threatening to take the car"), or accidents ("cut myself cooking"). Those phrases are
taken out before matching, so a real signal elsewhere in the same message is still seen.

Three readings, one after the other. First, named patterns (PATTERNS) for what people say
outright. Then, only if none matched, concepts (CONCEPTS): families of cues that mean one
thing ("not being here", "a burden", "a goodbye", "he controls the money", "a child left
alone"), each weighted; a message is flagged when cues from different concepts of one kind
add up within a short window. This reads indirect phrasing no pattern lists, at the price
of more false alarms, which is the side we choose to err on. Everyday context (rent, the
council, a bus, a hospital visit) weakens a weak case but cannot cancel a strong one. Last,
only if neither found anything, words (WORD_WEIGHTS): a small linear model over word stems,
trained on the tuned lines, that flags a message when enough of its words lean one way.
It catches some phrasing that no list holds, and it is what makes a false alarm on an
innocent request likeliest, so its threshold was set on lines it was not trained on. A
message without the words a reading needs is not read by it at all (see ``prefilter``): that
saves time on ordinary messages and changes no result.

How far this gets, honestly: each batch of fresh lines has been caught far less well than
the lines tuned on, because cues and word weights, however general, do not stretch to the
many ways people say these things. On the newest two rounds, never tuned on, the patterns
and the encoder together took the urgent path for about three in four messages of danger
said outright and for two or three ordinary messages in a hundred, and asked or alarmed for
nearly nine in ten indirect and slang messages (``bench/safety.py``; the figures are in the
README). The
detector is a first net, not a judgement, and nothing should rely on it alone to notice
that someone is in danger.

The readings live in modules of their own (``reader``, ``concepts``, ``words``, with
``plain`` and ``prefilter``), and what they read for in data files beside them:
``patterns.toml`` (patterns, everyday phrases, concepts) and ``weights.json`` (the word
weights, written by ``bench/safety.py --train``).

Under them, a sentence encoder: ``encoder`` (its forward pass in numpy), ``leaning`` (the
classifier on its embeddings, ``leaning.json``, also written by ``--train``) and ``combine``,
which gives the final signal and its tier (urgent or check-in) from the readings above and
the encoder's reading that the engine worked out off the event loop (urgent, check-in, or
quiet when it is sure there is none).
"""

from flows.safety.concepts import CONCEPTS, THRESHOLD, WINDOW
from flows.safety.kinds import DangerKind, DangerSignal
from flows.safety.plain import EVERYDAY, MAX_CHARS, normalise
from flows.safety.reader import PATTERNS, detect_danger
from flows.safety.words import (
    WORD_BIAS,
    WORD_EVIDENCE,
    WORD_THRESHOLD,
    WORD_WEIGHTS,
    word_features,
)

__all__ = [
    "CONCEPTS",
    "EVERYDAY",
    "MAX_CHARS",
    "PATTERNS",
    "THRESHOLD",
    "WINDOW",
    "WORD_BIAS",
    "WORD_EVIDENCE",
    "WORD_THRESHOLD",
    "WORD_WEIGHTS",
    "DangerKind",
    "DangerSignal",
    "detect_danger",
    "normalise",
    "word_features",
]
