"""Signs that someone may be in danger, read from one message. Pure and fast.

Where the line is drawn: a missed danger signal is worse than a false alarm, so anything
that reads as thoughts of suicide or self-harm, someone hurting or threatening the
person, a child at risk, or danger right now is flagged, including indirect phrasing
("don't want to be here any more", "no point going on") and text-speak ("kms",
"unalive"). What is not flagged: the everyday figures of speech that use the same words
about things, not people ("this rent is killing me", "I could murder a brew", "dying to
see the match"), and threats to property or money ("the bailiffs are threatening to take
the car"), which the listening flow handles. The person always gets the numbers and a
human; nobody gets a questionnaire.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class DangerKind(StrEnum):
    """What kind of danger a message suggests."""

    SELF_HARM = "self_harm"
    HARM_FROM_OTHERS = "harm_from_others"
    CHILD_AT_RISK = "child_at_risk"
    IMMEDIATE = "immediate"


@dataclass(frozen=True)
class DangerSignal:
    """A match: the kind, and the name of the pattern (never the person's words)."""

    kind: DangerKind
    cue: str


SELF = r"(?:myself|meself|my ?self|me self)"
# People who might hurt someone: partners, family, "he", "they".
RELATION = (
    r"(?:partner|husband|wife|boyfriend|girlfriend|ex|dad|mum|mam|father|mother|stepdad|"
    r"stepfather|stepmum|brother|sister|son|daughter|uncle|landlord|neighbour|neighbor|carer)"
)
WHO = (
    rf"(?:he|she|they|hes|shes|theyre|someone|somebody|a man|a guy|"
    rf"(?:my |her |his |their |the )(?:\w+s )?{RELATION})"
)
THEM = rf"(?:him|her|them|(?:my |her |his |their |the )(?:\w+s )?{RELATION})"
KID = r"(?:my (?:kid|kids|child|children|son|daughter|baby|boy|girl|little one|grandson|granddaughter)s?|the (?:kids|baby|children))"

PATTERNS: dict[DangerKind, dict[str, str]] = {
    DangerKind.SELF_HARM: {
        "kill_self": rf"\b(?:kill|killing|kil|kll|top|topping|hang|hanging|end|ending|off) ?{SELF}\b",
        "suicide": r"\b(?:suicid\w*|sucid\w*|suicdal|su1cid\w*)",
        "kms": r"\b(?:kms|kys|unalive\w*|sewer ?slide)\b",
        "end_it": r"\b(?:end (?:it|it all|my life|things|everything)|ending it( all)?|take my (?:own )?life)\b",
        "want_to_die": r"\b(?:want(?:ed)?|wanna|going|gonna|ready|deserve) (?:to )?(?:die|be dead)\b",
        "better_off_dead": r"\b(?:better off (?:dead|without me)|wish i (?:was|were) dead|wish i (?:wasnt|didnt) (?:here|exist|wake))",
        "not_be_here": r"\b(?:dont|do not|doesnt) (?:want to|wanna) (?:be (?:here|alive|around)|live|wake up|exist|go on)",
        "no_point": r"\b(?:no (?:point|reason) (?:in |to )?(?:carry on |go on )?(?:living|going on|carrying on|being here|to live|of living|anymore|any more)|cant (?:go on|do this anymore|do this any more|keep going|take (?:it|this|any more|anymore)))",
        "self_harm": r"\b(?:self ?harm\w*|cut(?:ting)? (?:myself|my (?:arms?|wrists?|legs?))|hurt(?:ing)? myself|harm(?:ing)? myself|burn(?:ing)? myself)",
        "method": r"\b(?:overdose|od on|going to od|took (?:all )?(?:my|the) (?:pills|tablets)|(?:stockpil|sav)\w* (?:up )?(?:my |the |all )?(?:pills|tablets|meds|medication)|jump (?:off|in front)|the bridge tonight|a rope)\b",
        "goodbye": r"\b(?:this is goodbye|saying goodbye to every|wont be around (?:much )?longer|last (?:message|text) (?:from me|ever)|(?:written|writing|wrote|left) (?:a |some )?(?:goodbye )?(?:letters?|notes?) (?:to|for) (?:my|the|everyone))",
        "point_of_me": r"\b(?:whats|what is) the point (?:of|in) (?:me )?(?:even )?(?:being alive|living|being here|going on|carrying on|existing)",
        "if_i_was_gone": r"\b(?:happier|better|easier) (?:off )?if i (?:wasnt|werent|was not|was gone|was dead|didnt exist|wasnt here|wasnt around)",
        "something_stupid": r"\b(?:do|doing) something (?:stupid|silly|daft) (?:tonight|to myself|soon)",
        "disappear": r"\b(?:disappear for ever|disappear forever|never wake up|go to sleep and not wake|sleep forever|not be here tomorrow)",
    },
    DangerKind.HARM_FROM_OTHERS: {
        "hits_me": rf"\b{WHO} (?:\w+ ){{0,3}}(?:hit|hits|hitting|beat|beats|beating|punch\w*|kick\w*|chok\w*|strangl\w*|slap\w*|push\w*|shov\w*|hurt\w*|attack\w*|rape\w*|assault\w*|battered|batters|strangles) (?:me|us)\b",
        "threatens_me": rf"\b{WHO} (?:\w+ )?(?:threaten\w*|said|says|swore|swears|going|gonna|will|would|d|ll) (?:to |he ?d |she ?d |hed |shed |theyd )?(?:kill|hurt|stab|beat|batter|do) (?:me|us)\b",
        "kill_me": r"\b(?:gonna|going to|will|threatened to|said hed|said shed|hed|shed) (?:kill|stab|hurt|batter) (?:me|us|the kids|my)",
        "scared_of_them": rf"\b(?:scared|frightened|terrified|afraid) (?:of {THEM}|to go home|to be at home|to go back|of what {WHO})",
        "abuse": r"\b(?:domestic (?:abuse|violence)|abusive (?:partner|husband|wife|boyfriend|girlfriend|relationship|ex)|he abuses me|being abused|controlling (?:partner|husband|boyfriend))\b",
        "locked_in": r"\b(?:wont let me (?:leave|out|go)|locked me in|locks me in|keeps me locked|took my phone and)\b",
        "forced": r"\b(?:forced (?:me )?to|makes me have sex|raped|sexually assault\w*|trafficked|made to work for no)\b",
        "bruises": r"\b(?:bruises|bruised|black eye|marks (?:he|she) left)\b",
    },
    DangerKind.CHILD_AT_RISK: {
        "child_hurt": rf"\b(?:{KID}|a child|the child) (?:is |are |isnt |arent |got )?(?:being )?(?:hurt|hit|beaten|abused|not safe|unsafe|in danger|locked|left alone)",
        "hurts_child": rf"\b{WHO} (?:\w+ )?(?:hits|hit|hurts|hurt|beats|beat|touch\w*|abus\w*|threaten\w*) {KID}",
        "child_unsafe": rf"\b(?:{KID}|a child) (?:isnt|is not|aint|arent|are not) safe\b",
        "left_alone": r"\b(?:left (?:the |my )?(?:baby|toddler|kids?|children) (?:alone|on their own|by themselves)|kids? (?:home )?alone for days)\b",
        "child_abuse": r"\b(?:child abuse|abusing (?:the |my )?(?:kids?|children|child|daughter|son)|grooming|groomed)\b",
        "not_fed": rf"\b(?:{KID}|the baby) (?:hasnt|havent|has not|have not) (?:eaten|been fed) (?:for|in) (?:days|two days|2 days)",
        "harm_my_kid": r"\b(?:hurt|harm|kill) (?:my|the) (?:baby|kids?|child(?:ren)?)\b",
    },
    DangerKind.IMMEDIATE: {
        "outside_now": r"\b(?:outside (?:my|the) (?:door|house|flat)|banging on (?:my|the) door|trying to (?:get|break) in|breaking in)\b",
        "weapon": r"\b(?:with|has|had|got|pulled|pulling|holding|waving|carrying|brandishing) "
        r"(?:out )?(?:a |his |her |their |the )?(?:knife|gun|machete|weapon|blade|bat)\b"
        r"|\b(?:stab|stabbed|stabbing|shoot|shot at) (?:me|us|him|her)\b",
        "fire": r"\b(?:house|flat|building|kitchen) (?:is )?on fire|\bfire in (?:my|the) (?:house|flat|kitchen)",
        "cant_breathe": r"\b(?:cant breathe|can not breathe|not breathing|chest pain|collapsed|unconscious|wont wake up)\b",
        "help_now": r"\b(?:help me now|call (?:the )?(?:police|ambulance|999)|need an ambulance|need (?:the )?police)\b",
        "followed": r"\b(?:being followed|following me home|hes found me|shes found me|found where i live)\b",
    },
}

# Figures of speech about things, not people: removed before matching.
FIGURATIVE = (
    r"\b(?:rent|bills?|heating|prices?|job|work|commute|feet|back|legs|head|boss|heat|"
    r"cost|debt|interest|wait|queue|this weather|the cold|these stairs|that bus|this) "
    r"(?:is|are|s|re) (?:killing|murdering) (?:me|us)\b",
    r"\b(?:could|would) (?:murder|kill) (?:a|for a) (?:brew|cuppa|tea|coffee|pint|burger|pizza|curry|sandwich|drink)\b",
    r"\bdying (?:to|for) (?:see|a|get|go|know|try|meet)\b",
    r"\b(?:dead (?:tired|beat|good|nice|easy|funny|busy))\b",
    r"\b(?:killing time|kill time|killer (?:heels|deal|queue))\b",
    r"\b(?:my (?:phone|battery|laptop|car) (?:is|has|s) (?:dead|died|dying))\b",
    r"\bbored to death\b|\bscared to death of (?:spiders|heights|the dentist)\b",
    r"\b(?:threaten\w* to (?:take|cut off|evict|disconnect|send|repossess|court)|bailiffs? (?:are |is )?threaten\w*)",
    r"\b(?:laughed|laughing|died laughing|nearly died laughing)\b",
)

# One pass over the text for every pattern, each a named group "kind__name". Every pattern
# begins at a word boundary, so that test is made once, before trying the alternatives.
_ALL = re.compile(
    r"\b(?:"
    + "|".join(
        f"(?P<{kind.value}__{name}>{pattern.removeprefix(chr(92) + 'b')})"
        for kind, table in PATTERNS.items()
        for name, pattern in table.items()
    )
    + ")"
)
_FIGURATIVE = re.compile(
    r"\b(?:" + "|".join(f"(?:{p.removeprefix(chr(92) + 'b')})" for p in FIGURATIVE) + ")"
)
_FOLDS = {
    "u": "you", "im": "i am", "i m": "i am", "wanna": "want to", "gonna": "going to",
    "me self": "myself", "any more": "anymore", "kil": "kill", "suicde": "suicide",
    "n": "and", "b4": "before", "pls": "please", "plz": "please", "bf": "boyfriend",
    "gf": "girlfriend", "mi": "my", "ur": "your",
}  # fmt: skip
# Text-speak and common misspellings, folded in one pass, whole words only.
_FOLD = re.compile(r"\b(?:" + "|".join(re.escape(word) for word in _FOLDS) + r")\b")
_REPEATS = re.compile(r"([a-z])\1{2,}")
_NON_WORD = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")
MAX_CHARS = 4000


def normalise(text: str) -> str:
    """Lower-case plain letters, apostrophes dropped, repeats folded, text-speak expanded."""
    folded = text[:MAX_CHARS].casefold()
    if not folded.isascii():
        folded = unicodedata.normalize("NFKD", folded)
        folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = folded.replace("'", "").replace("\u2019", "")
    folded = _NON_WORD.sub(" ", folded)
    folded = _REPEATS.sub(r"\1\1", folded)
    folded = _SPACES.sub(" ", folded).strip()
    return _FOLD.sub(lambda m: _FOLDS[m.group(0)], folded)


def detect_danger(text: str) -> DangerSignal | None:
    """The first sign of danger in ``text``, or None; safe on any input."""
    plain = _FIGURATIVE.sub(" ", normalise(text))
    if not plain.strip():
        return None
    found = _ALL.search(plain)
    if found is None or found.lastgroup is None:
        return None
    kind, name = found.lastgroup.split("__", 1)
    return DangerSignal(DangerKind(kind), name)
