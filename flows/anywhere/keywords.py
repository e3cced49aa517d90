"""Words that act from any state: STOP, START, HELP, FORGET ME and asking for a person.

Carrier keywords are recognised in a short clause of their own, with a few polite or
filler words around them ("Stop. Thank you", "please stop texting me"), but not inside an
ordinary sentence ("I can't stop crying", "cancel my appointment").
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum


class Keyword(StrEnum):
    """A global intent."""

    STOP = "stop"
    START = "start"
    HELP = "help"
    PERSON = "person"
    FORGET = "forget"


OPT_OUT = frozenset({"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout"})
OPT_IN = frozenset({"start", "unstop"})
HELP_WORDS = frozenset({"help", "info"})
# Asking for a person, as it is typed: the usual slips and slang with the words themselves.
_PERSON = r"(?:person|persn|peson|prson|persom|perosn|pesron|persoon|perspn)"
_HUMAN = r"(?:human|hooman|huamn|humn|humen|hman)"
PERSON_WORDS = frozenset(
    {"person", "persn", "peson", "prson", "persom", "perosn", "pesron", "persoon", "perspn"}
    | {"human", "hooman", "huamn", "humn", "humen", "hman", "agent", "operator"}
)

# Words that may stand beside a keyword without turning the clause into a sentence.
FILLER = frozenset(
    """please pls plz now ok okay just all thanks thank you ty thx cheers me messages message
    msgs texts text texting messaging sending from this number the bot it a real to again want
    i talk speak need can with but""".split()
)

# Plain ways of asking for a human, matched anywhere in a clause: to talk to a person or
# someone, a real person, someone real. Base forms only ("can I talk to"), so "she never
# speaks to anybody" is about someone else.
_SOMEONE = r"(?:someone|somebody|some1|sum1|sumone|summone|anyone|anybody|any1)"
_REAL = r"(?:real|reel|rl|actual|live|proper)"
PERSON_PHRASES = (
    rf"\b(?:talk|tlk|tak|tawk|speak|spk|speek|chat|text)\s+(?:to|2|with|wiv|wid)\s+"
    rf"(?:(?:a|an|some|sum|any)\s+)?(?:{_REAL}\s+)?(?:{_PERSON}|{_HUMAN}|worker|{_SOMEONE})\b",
    rf"\b{_REAL}\s+(?:{_PERSON}|{_HUMAN})\b",
    rf"\b(?:someone|somebody|some1|sum1|sumone|summone)\s+{_REAL}\b",
    rf"\b(?:is there|are you)\s+(?:a|an)?\s*(?:{_REAL}\s+)?(?:{_PERSON}|{_HUMAN})\b",
    r"\bnot\s+a\s+(?:bot|robot|machine)\b",
)
_PERSON_RE = re.compile("|".join(f"(?:{p})" for p in PERSON_PHRASES))
# Just before a match, words that make it about someone else, or a refusal: "he won't
# talk to anyone", "she's a real human being", "I'd never speak to a person" (but "why
# can't I talk to a person" still asks).
_NOT_ASKING = re.compile(
    r"(?:\b(?:he|she|they|hed|shed|theyd|hell|shell|theyll|wont|dont|doesnt|didnt|never|not"
    r"|cant(?!\s+(?:i|we)\b)|wouldnt|nobody|noone)(?:\s+\w+){0,2}"
    r"|\b(?:hes|shes|theyre|its|im|youre|thats)\s+(?:a|an|such\s+a))\s*$"
)

# Plain ways of asking to be forgotten, matched anywhere in a short message.
FORGET_PHRASES = (
    r"^\W*forget\s+(about\s+)?me\b",
    r"\b(delete|erase|remove|wipe|destroy)\s+(all\s+)?(of\s+)?(my|me|everything)"
    r"(\s+(data|details|info|information|number|messages|records|stuff))?\b",
    r"\b(delete|erase|remove|wipe)\s+everything\s+(about|on)\s+me\b",
)
_FORGET_RE = re.compile("|".join(f"(?:{p})" for p in FORGET_PHRASES))
_CLAUSE_SPLIT = re.compile(r"[.!?;,\n]+")
_WORD = re.compile(r"[a-z]+")


def normalise(text: str) -> str:
    """Lower-case, fold look-alike characters and join "opt out" so keywords compare."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = folded.replace("\u2019", "'").replace("opt-out", "optout").replace("opt out", "optout")
    return folded.replace("'", "")


def _keyword_clause(words: list[str]) -> Keyword | None:
    keywords = [w for w in words if w not in FILLER]
    if len(keywords) != 1 or len(words) > 5:
        return None
    word = keywords[0]
    if word in OPT_OUT:
        return Keyword.STOP
    if word in OPT_IN:
        return Keyword.START
    if word in HELP_WORDS:
        # Only a bare HELP asks what the service is; "help me" is a person talking to us.
        return Keyword.HELP if set(words) <= HELP_WORDS | {"please", "pls", "plz"} else None
    if word in PERSON_WORDS:
        return Keyword.PERSON
    return None


def classify(text: str) -> Keyword | None:
    """The global intent of a message, or None when it is an ordinary message."""
    return classify_folded(normalise(text))


def classify_folded(plain: str) -> Keyword | None:
    """``classify`` for text already put through ``normalise``."""
    if len(plain) <= 200:
        found = [_keyword_clause(_WORD.findall(clause)) for clause in _CLAUSE_SPLIT.split(plain)]
        for keyword in (Keyword.STOP, Keyword.START, Keyword.HELP, Keyword.PERSON):
            if keyword in found:
                return keyword
        if _FORGET_RE.search(plain):
            return Keyword.FORGET
    # Asking for a person counts however long the message: it may end a long story.
    return Keyword.PERSON if asks_for_person(plain) else None


def asks_for_person(plain: str) -> bool:
    """Whether a clause of ``plain`` (normalised) asks for a person, not just mentions one."""
    if not _PERSON_RE.search(plain):  # most messages: one pass, no splitting
        return False
    for clause in _CLAUSE_SPLIT.split(plain):
        found = _PERSON_RE.search(clause)
        if found and not _NOT_ASKING.search(clause, 0, found.start()):
            return True
    return False
