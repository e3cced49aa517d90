"""Which words every match of a regex must contain: right on known cases, never too strict."""

from __future__ import annotations

import random
import re

import pytest

from flows.safety.regex_words import (
    OTHER_CHAR,
    Alt,
    Anchor,
    Chars,
    Clause,
    Node,
    Repeat,
    Seq,
    Zero,
    cost,
    parse,
    required_words,
)


def words(*spelt: str) -> Clause:
    """A clause from words, "word*" meaning only how a word starts."""
    return frozenset(Anchor(w.rstrip("*"), w.endswith("*")) for w in spelt)


def meets(text: str, needs: tuple[Clause, ...]) -> bool:
    """Whether ``text`` holds, for every clause, one of its words whole or as a word start."""
    found = text.split()
    return all(
        any(w.startswith(a.word) if a.start else w == a.word for a in clause for w in found)
        for clause in needs
    )


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("kill|hurt", [(words("kill"),), (words("hurt"),)]),
        ("(?:kill|hurt) myself", [(words("kill", "hurt"), words("myself"))]),
        (r"punch\w* (?:me|us)", [(words("punch*"), words("me", "us"))]),
        # A word that can be spelt several ways: any of them, read as word starts.
        (r"su(?:i|e)?cid\w*", [(words("suicid*", "suecid*", "sucid*"),)]),
        # Optional words are not needed; a lookaround asks for nothing.
        (r"(?:\w+ )?gone(?! home)", [(words("gone"),)]),
        # "a" is always there, but "burden" is rarer, so that is the word asked for.
        (r"(?:im|feel) a burden", [(words("im", "feel"), words("a"), words("burden"))]),
        # Nothing of its own: could match without any word.
        (r"(?:\w+ ){0,2}", [()]),
        (r"x|(?:\w+ )?", [(words("x"),), ()]),
    ],
)
def test_the_words_every_match_must_contain(
    pattern: str, expected: list[tuple[Clause, ...]]
) -> None:
    assert [set(needs) for needs in required_words(pattern)] == [set(e) for e in expected]


@pytest.mark.parametrize("pattern", [r"(?P<x>a)", r"(a)\1", r"(?i)kill", r"^kill", r"a)", r"(a"])
def test_syntax_it_does_not_read_is_refused_not_guessed(pattern: str) -> None:
    with pytest.raises(ValueError, match=r"."):
        required_words(pattern)


def test_rarer_clauses_cost_less() -> None:
    assert cost(words("myself")) < cost(words("me"))
    assert cost(words("punch")) < cost(words("punch*"))
    assert cost(words("kill")) < cost(words("kill", "hurt"))


def sample(node: Node, rng: random.Random) -> str:
    """A random text that ``node`` could read (its lookarounds and word edges unchecked)."""
    match node:
        case Chars(spell=spell, kinds=kinds):
            if spell is not None:
                return rng.choice(sorted(spell))
            return " " if OTHER_CHAR in kinds and rng.random() < 0.3 else rng.choice("aehst19")
        case Zero():
            return ""
        case Seq(items=items):
            return "".join(sample(item, rng) for item in items)
        case Alt(options=options):
            return sample(rng.choice(options), rng)
        case Repeat(item=item, low=low, high=high):
            times = rng.randint(low, min(high if high is not None else low + 3, low + 3))
            return "".join(sample(item, rng) for _ in range(times))


# Varied shapes, none about anything in particular: the module knows no subject.
SHAPES = [
    r"(?:the|a) (?:\w+ ){0,3}(?:cat|dog)s?(?! food)",
    r"(?:re|un)?(?:do|make)\w* (?:it|them)\b(?: again)?",
    r"[bc]at+s?|do+g|(?:big |small )*bird",
    r"(?:x[a-c]{2,3}y|\d+ (?:days?|weeks?))(?= ago)",
    r"(?:not|never) (?:\w+ )?(?:going|gone)\W(?:out|back)",
    r"(?<!no )fun\w*|(?:so|too) .{0,6}(?:far|near)",
    r"(?:(?:a|b)(?:c|d) ){1,2}(?:e|f)",
]


@pytest.mark.parametrize("pattern", SHAPES)
def test_random_matches_always_hold_the_words_said_to_be_needed(pattern: str) -> None:
    # Not too strict, ever: a needed word a match lacks would rule out a text that matches.
    rng = random.Random(7)
    regex, tree = re.compile(rf"\b(?:{pattern})\b"), parse(pattern)
    options = tree.options if isinstance(tree, Alt) else (tree,)
    needs = required_words(pattern)
    checked = 0
    for _ in range(300):
        which = rng.randrange(len(options))
        text = rng.choice(["", "so ", "x", "i said "]) + sample(options[which], rng)
        text += rng.choice(["", " now", "s", " ago"])
        if regex.search(text):
            checked += 1
            assert any(meets(text, n) for n in needs), (pattern, text, needs)
    assert checked > 30
