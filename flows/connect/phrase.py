"""The whole phrase around something a person said, fit to quote back to them.

"died" alone, "your husband" or "the housing" are fragments; "your husband died" and "the
housing office" carry what was meant. A phrase runs over the words that carry meaning next
to the mention, stops at punctuation and at words that carry none, and takes the "my" or
"the" before it (my rent -> your rent). A phrase too long to quote is left out. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_WORDS = 6
MAX_CHARS = 40
# Words that join a phrase to the thing it is about: "checks my phone", "to the hospital".
_JOINING = frozenset({"my", "the", "our", "your", "his", "her", "their", "a", "to", "me"})
# The person's words about themselves, as the bot says them back.
_SECOND_PERSON = {"my": "your", "our": "your", "me": "you", "mine": "yours"}
_OWNERS = frozenset({"my", "our", "the", "your", "his", "her", "their"})


@dataclass(frozen=True)
class Token:
    """One word of a message: as written, as matched, and whether punctuation comes before."""

    surface: str
    key: str
    after_break: bool = False


def whole_phrase(tokens: list[Token], start: int, end: int, stop: frozenset[str]) -> str:
    """The phrase around ``tokens[start:end]`` in the person's words, or "" if none fits."""
    start, end = _reach(tokens, start, end, stop)
    if start and not tokens[start].after_break and tokens[start - 1].key in _OWNERS:
        start -= 1
    words = [_SECOND_PERSON.get(t.key, t.surface) for t in tokens[start:end]]
    phrase = " ".join(words)
    meaningful = any(t.key not in stop for t in tokens[start:end]) or end - start > 1
    if not meaningful or len(words) > MAX_WORDS or len(phrase) > MAX_CHARS:
        return ""
    return phrase


def _reach(tokens: list[Token], start: int, end: int, stop: frozenset[str]) -> tuple[int, int]:
    """Widen ``start:end`` over the meaningful words either side, within punctuation."""

    def carries(i: int) -> bool:
        return tokens[i].key not in stop

    if not any(carries(i) for i in range(start, end)):
        # A phrase of small words ("get to") reaches on to what it is about ("the hospital").
        for ahead in (end, end + 1):
            if ahead < len(tokens) and not _broken(tokens, end, ahead + 1) and carries(ahead):
                end = ahead + 1
                break
    while start and not tokens[start].after_break and carries(start - 1):
        start -= 1
    while end < len(tokens) and not tokens[end].after_break:
        if carries(end):
            end += 1
        elif _joins(tokens, end, stop):
            end += 2
        else:
            break
    return start, end


def _joins(tokens: list[Token], index: int, stop: frozenset[str]) -> bool:
    """Whether a joining word at ``index`` leads straight on to a meaningful one."""
    following = index + 1
    return (
        tokens[index].key in _JOINING
        and following < len(tokens)
        and not tokens[following].after_break
        and tokens[following].key not in stop
    )


def _broken(tokens: list[Token], start: int, end: int) -> bool:
    return any(tokens[i].after_break for i in range(start, end))
