"""How people talk, mapped to how directories describe things; and search terms from a message.

A resident says "skint" or "the leccy's run out"; a directory says "money advice" and
"prepayment meter". ``vocabulary.toml`` beside this module bridges the two: topics of
everyday phrases, each with the directory terms they should find. A message is read word
for word, the longest phrase first, and what no phrase covers is kept in the person's own
words. Pure: no I/O once the file is read, at import.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from flows.connect.phrase import Token, whole_phrase
from flows.connect.vocabulary_file import read_vocabulary

MAX_TERMS = 24
MAX_TOKENS = 400

_DATA = read_vocabulary()
# Topics in the file's order: a phrase in two topics finds the terms of both, in this order.
VOCABULARY = _DATA.topics
# Words that carry no need on their own ("I just really need some help with stuff").
STOP_WORDS = _DATA.stop_words

_AGE_WORDS = frozenset({"im", "am", "aged", "age", "nearly", "turned", "turning"})
OLDER = ("older people", "retirement")
# A child's age given in passing ("my son is 15", "daughter's 14") says a group for young
# people might suit, as no one phrase can.
_CHILD_WORDS = frozenset(
    {"son", "sons", "daughter", "daughters", "lad", "lads", "boy", "boys", "girl", "girls"}
    | {"kid", "kids", "child"}
)
YOUNG = ("youth club", "young people")
_TOKEN = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")


@dataclass(frozen=True)
class Mention:
    """Something the person said, and the search terms it stands for.

    ``said`` is the whole phrase it was part of, in their words, to quote back; "" when
    that phrase is too long to quote.
    """

    said: str
    terms: tuple[str, ...]
    own_words: bool = False


@cache
def _table() -> tuple[dict[tuple[str, ...], tuple[str, ...]], int]:
    """Phrase (as token keys) -> directory terms, and the longest phrase length."""
    table: dict[tuple[str, ...], tuple[str, ...]] = {}
    for topic in VOCABULARY:
        for phrase in topic.said:
            key = tuple(t.key for t in _tokens(phrase))
            table[key] = tuple(dict.fromkeys(table.get(key, ()) + topic.finds))
    return table, max(len(k) for k in table)


# Words a phrase of several words may swap for one another: "lost their" reads as "lost my".
_POSSESSIVES = frozenset({"my", "our", "their", "his", "her", "your", "me", "him", "us", "them"})
_ENDINGS = ("ing", "ed", "es", "s")


def loose_key(words: tuple[str, ...]) -> tuple[str, ...]:
    """A phrase's words with endings dropped and possessives alike: "giving back" and
    "give back", "looked after my" and "looking after her" share one key."""
    return tuple("<own>" if word in _POSSESSIVES else _stem(word) for word in words)


def _stem(word: str) -> str:
    for ending in _ENDINGS:
        if len(word) > len(ending) + 2 and word.endswith(ending):
            word = word[: -len(ending)]
            break
    return word[:-1] if len(word) > 3 and word.endswith("e") else word


@cache
def _loose_table() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Phrases of two words or more by ``loose_key``, for what no phrase matches exactly."""
    loose: dict[tuple[str, ...], tuple[str, ...]] = {}
    for key, terms in _table()[0].items():
        if len(key) > 1:
            near = loose_key(key)
            loose[near] = tuple(dict.fromkeys(loose.get(near, ()) + terms))
    return loose


def _tokens(text: str) -> list[Token]:
    folded = unicodedata.normalize("NFKC", text[: MAX_TOKENS * 20]).casefold()
    found: list[Token] = []
    last = 0
    for match in _TOKEN.finditer(folded):
        surface = match.group().replace("\u2019", "'")
        after_break = bool(folded[last : match.start()].strip())
        found.append(Token(surface, _full_word(surface.replace("'", "")), after_break))
        last = match.end()
        if len(found) == MAX_TOKENS:
            break
    return found


def _full_word(key: str) -> str:
    """A word texted without its last g ("nothin", "strugglin") read as the word we know."""
    if len(key) >= 4 and key.endswith("in") and key + "g" in _known_words():
        return key + "g"
    return key


@cache
def _known_words() -> frozenset[str]:
    """Every word of a vocabulary phrase, and the stop words."""
    said = (phrase for topic in VOCABULARY for phrase in topic.said)
    return STOP_WORDS | {w.replace("'", "") for p in said for w in p.casefold().split()}


def mentions(text: str) -> list[Mention]:
    """What the person talked about, in order: vocabulary phrases first matched longest."""
    return list(_mentions(text))


# A turn reads the same words several times (is a need named? what to search? why this
# option?): each message is read against the vocabulary once.
@lru_cache(maxsize=1024)
def _mentions(text: str) -> tuple[Mention, ...]:
    table, longest = _table()
    tokens = _tokens(text)
    found: list[Mention] = []
    index = 0
    while index < len(tokens):
        mention, width = _age_at(tokens, index), 1
        if mention is None:
            mention, width = _phrase_at(tokens, index, table, longest)
        if mention is None:
            mention = _own_word(tokens, index)
        if mention is not None:
            found.append(mention)
        index += width
    return tuple(found)


def _age_at(tokens: list[Token], index: int) -> Mention | None:
    """An age given in passing ("I'm 82", "my lad's 14") says what kind of group might suit."""
    key = tokens[index].key
    if not key.isdigit() or index == 0:
        return None
    age, before = int(key), {t.key for t in tokens[max(0, index - 2) : index]}
    if tokens[index - 1].key in _AGE_WORDS and 60 <= age <= 110:
        return Mention(f"{tokens[index - 1].surface} {key}", OLDER)
    if before & _CHILD_WORDS and 11 <= age <= 18:
        return Mention(_said(tokens, index, 1), YOUNG)
    return None


def _phrase_at(
    tokens: list[Token],
    index: int,
    table: dict[tuple[str, ...], tuple[str, ...]],
    longest: int,
) -> tuple[Mention | None, int]:
    for width in range(min(longest, len(tokens) - index), 0, -1):
        window = tokens[index : index + width]
        terms = table.get(tuple(t.key for t in window))
        if terms is None and width == 1:
            terms = _near_miss(window[0].key)
        elif terms is None:
            terms = _loose_table().get(loose_key(tuple(t.key for t in window)))
        if terms is not None:
            return Mention(_said(tokens, index, width), terms), width
    return None, 1


# Kept per word: the typo scan is the costliest part of reading a message, and everyday
# words come back all the time.
@lru_cache(maxsize=65536)
def _near_miss(key: str) -> tuple[str, ...] | None:
    """A plural, or a word one typo away from a vocabulary word ("bailifs", "lonley")."""
    table = _table()[0]
    if key.endswith("s") and (key[:-1],) in table:
        return table[(key[:-1],)]
    # A word ending in -ing is nearly always a real word ("leaving", "banging"), not a typo
    # of another ("leaking", "banding"): on the tuned lines every such read was wrong.
    if len(key) < 5 or key in STOP_WORDS or key.endswith("ing"):
        return None
    for word, terms in _single_words().get(key[0], ()):
        if _one_edit(word, key):
            return terms
    return None


@cache
def _single_words() -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """One-word vocabulary entries of five letters or more, by first letter."""
    found: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for key, terms in _table()[0].items():
        if len(key) == 1 and len(key[0]) >= 5:
            found.setdefault(key[0][0], []).append((key[0], terms))
    return {letter: tuple(words) for letter, words in found.items()}


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one letter added, dropped, changed or swapped."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        swapped = len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]]
        return len(diffs) == 1 or (swapped and a[diffs[1]] == b[diffs[0]])
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _own_word(tokens: list[Token], index: int) -> Mention | None:
    key = tokens[index].key
    if key in STOP_WORDS or len(key) < 3 or len(key) > 30 or key.isdigit():
        return None
    return Mention(_said(tokens, index, 1), (key,), own_words=True)


def _said(tokens: list[Token], index: int, width: int) -> str:
    """The whole phrase the person's words were part of (my husband died -> your husband died)."""
    return whole_phrase(tokens, index, index + width, STOP_WORDS)


def query_terms(text: str) -> list[str]:
    """Search terms for a message: vocabulary terms first, then the person's own words.

    Safe on any input (empty, emoji only, 2,000 characters); at most ``MAX_TERMS``.
    """
    return search_terms(mentions(text))


def search_terms(found: Sequence[Mention]) -> list[str]:
    """``query_terms`` for what was heard (``mentions``, and any families guessed)."""
    ordered = [t for m in found if not m.own_words for t in m.terms]
    ordered += [t for m in found if m.own_words for t in m.terms]
    return list(dict.fromkeys(ordered))[:MAX_TERMS]


@cache
def families() -> Mapping[str, tuple[str, ...]]:
    """Each topic family by its first phrase ("skint"), and the directory terms it finds:
    what a classifier of whole messages names when no phrase was heard (``bot``)."""
    found: dict[str, tuple[str, ...]] = {}
    for topic in VOCABULARY:
        found[topic.said[0]] = tuple(dict.fromkeys(found.get(topic.said[0], ()) + topic.finds))
    return found


def unheard(heard: Sequence[Mention], guessed: Sequence[Mention]) -> list[Mention]:
    """The ``guessed`` families whose terms were not all heard already."""
    terms = {t for m in heard if not m.own_words for t in m.terms}
    return [g for g in guessed if not set(g.terms) <= terms]
