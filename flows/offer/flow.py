"""Offering help: anyone can become a peer, in their own words, one question at a time.

People are producers as well as people with needs: someone who came in about rent may be
the best peer for the next person. Asked from any point with "I'd like to help".
"""

from __future__ import annotations

import re
from enum import StrEnum
from itertools import pairwise
from typing import Any

from transitions import EventData

from common.models import BecomePeer, Reply
from flows.machine import build
from flows.step import Step
from flows.text import is_skip, normalise, quote, tidy


class Offer(StrEnum):
    """Where an offer of help is."""

    BEEN_THROUGH = "offer.been_through"
    ENJOY = "offer.enjoy"
    AREA = "offer.area"
    FREE = "offer.free"
    NAME = "offer.name"
    DONE = "offer.done"


ORDER = (Offer.BEEN_THROUGH, Offer.ENJOY, Offer.AREA, Offer.FREE, Offer.NAME, Offer.DONE)
KEEPS = {
    Offer.BEEN_THROUGH: "been_through",
    Offer.ENJOY: "enjoy",
    Offer.AREA: "area",
    Offer.FREE: "free",
    Offer.NAME: "name",
}
QUESTIONS = {
    Offer.BEEN_THROUGH: (
        "That's brilliant, thank you. Is there something you've been through that you could "
        "share with someone going through it now?"
    ),
    Offer.ENJOY: "What would you enjoy doing for someone? A chat, going along with them, a lift...",
    Offer.AREA: "Which part of {area} could you help in?",
    Offer.FREE: "When are you usually free?",
    Offer.NAME: "What name should people know you by?",
}
DONE = (
    "Thank you, {name}. You're now one of the neighbours I can ask. When someone could do "
    "with you, I'll send a short request; you can always say not this time."
)
HINT = "You said you'd like to help others too: text I'D LIKE TO HELP any time."
_WANTS = re.compile(
    r"\b(id|i would|i wanna|i want|want|id love|i could|happy|keen|like)\s+(like\s+)?to\s+"
    r"(help|volunteer|give something back)\b|\bvolunteer(ing)?\b|\bhelp(ing)?\s+others\b"
)


def wants_to_help(text: str) -> bool:
    """True when someone offers to help others ("I'd like to help", "can I volunteer")."""
    return bool(_WANTS.search(normalise(text)))


def _talk(event: EventData) -> Step:
    assert isinstance(event.model, Step)
    return event.model


def _keep(event: EventData) -> None:
    talk = _talk(event)
    if not is_skip(talk.text) and tidy(talk.text):
        key = KEEPS[Offer(event.transition.source if event.transition else talk.fsm_state)]
        talk.data.setdefault("offer", {})[key] = tidy(talk.text)


def _ask(event: EventData) -> None:
    talk = _talk(event)
    if talk.fsm_state == Offer.NAME and talk.data.get("name"):
        MACHINE.events["answer"].trigger(talk, known=True)
        return
    talk.replies.append(
        Reply(text=QUESTIONS[Offer(talk.fsm_state)].format(area=talk.settings.area))
    )


def _done(event: EventData) -> None:
    talk = _talk(event)
    given = talk.data.setdefault("offer", {})
    name = str(given.get("name") or talk.data.get("name") or "neighbour")
    talk.data["name"] = name
    offer = " ".join(str(given[k]) for k in ("been_through", "enjoy") if given.get(k))
    area = str(given.get("area", ""))
    talk.effects.append(
        BecomePeer(
            name=name,
            offer=quote(offer, limit=300),
            areas=(area,) if area else (),
            free=str(given.get("free", "")),
        )
    )
    talk.replies.append(Reply(text=DONE.format(name=name)))


def _chain() -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = []
    for source, dest in pairwise(ORDER):
        steps.append({"trigger": "answer", "source": source, "dest": dest, "before": _keep})
    return steps


MACHINE = build(
    [{"name": s, "on_enter": [_done] if s is Offer.DONE else [_ask]} for s in Offer],
    [{"trigger": "begin", "source": "*", "dest": Offer.BEEN_THROUGH}, *_chain()],
    initial=Offer.BEEN_THROUGH,
)


def begin(talk: Step) -> None:
    """Start the offer questions."""
    MACHINE.events["begin"].trigger(talk)


def step(talk: Step) -> None:
    """Keep one answer and ask the next question."""
    MACHINE.events["answer"].trigger(talk)


def prompt(state: Offer, area: str) -> Reply:
    """The offer question waiting to be answered, to ask again."""
    return Reply(text=QUESTIONS.get(state, QUESTIONS[Offer.BEEN_THROUGH]).format(area=area))
