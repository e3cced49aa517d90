"""Offering help: anyone can become a peer, in their own words, one question at a time.

People are producers as well as people with needs: someone who came in about rent may be
the best peer for the next person. Asked from any point with "I'd like to help", or by
saying yes to being asked. Before they join, they are read back exactly the line residents
will be shown about them, and join only on yes; someone new then waits until a coordinator
has welcomed them (``flows.offer.welcome``).
"""

from __future__ import annotations

import re
from enum import StrEnum
from itertools import pairwise
from typing import Any

from transitions import EventData

from common.directory import one_line, peer_offer
from common.models import BecomePeer, Reply
from flows.connect.lines import peer_line
from flows.machine import build
from flows.offer import welcome
from flows.step import Step
from flows.text import is_no, is_skip, is_yes, normalise, plain, quote, tidy


class Offer(StrEnum):
    """Where an offer of help is."""

    BEEN_THROUGH = "offer.been_through"
    ENJOY = "offer.enjoy"
    AREA = "offer.area"
    FREE = "offer.free"
    NAME = "offer.name"
    CONFIRM = "offer.confirm"  # read back what residents will see, before they join
    REWRITE = "offer.rewrite"
    DONE = "offer.done"


ORDER = (Offer.BEEN_THROUGH, Offer.ENJOY, Offer.AREA, Offer.FREE, Offer.NAME, Offer.CONFIRM)
KEEPS = {
    Offer.BEEN_THROUGH: "been_through",
    Offer.ENJOY: "enjoy",
    Offer.AREA: "area",
    Offer.FREE: "free",
    Offer.NAME: "name",
    Offer.REWRITE: "own_words",
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
    Offer.CONFIRM: 'People looking for help would see this about you: "{shown}". Is that OK?',
    Offer.REWRITE: "What would you like it to say? A few words about how you could help.",
}
CONFIRM_BUTTONS = ("Yes", "Change it")
NOT_SURE = "Sorry, was that a yes? "
DONE = (
    "Thank you, {name}. You're now one of the neighbours I can ask. When someone could do "
    "with you, I'll send a short request; you can always say not this time."
)
_ALONG = re.compile(r"\b(go|going|come|coming)\s+(along|with)\b|\bappointments?\b")
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
    if event.kwargs.get("known"):
        return  # the name was given before: this message answered the question before it
    if not is_skip(talk.text) and tidy(talk.text):
        key = KEEPS[Offer(event.transition.source if event.transition else talk.fsm_state)]
        talk.data.setdefault("offer", {})[key] = tidy(talk.text)


def _ask(event: EventData) -> None:
    talk = _talk(event)
    if talk.fsm_state == Offer.NAME and talk.data.get("name"):
        MACHINE.events["answer"].trigger(talk, known=True)
        return
    talk.replies.append(prompt(Offer(talk.fsm_state), talk.settings.area, talk.data))


def joining(data: dict[str, Any]) -> BecomePeer:
    """Who they would join as, from their answers; ``shown`` is the line residents see."""
    given = data.get("offer") or {}
    name = str(given.get("name") or data.get("name") or "neighbour")
    own = given.get("own_words")
    words = own or " ".join(str(given[k]) for k in ("been_through", "enjoy") if given.get(k))
    offer, free, area = quote(str(words), limit=300), str(given.get("free", "")), given.get("area")
    shown = peer_line(name, one_line(peer_offer(offer, free)))
    areas = (str(area),) if area else ()
    along = goes_along(" ".join(str(given.get(k) or "") for k in ("enjoy", "own_words")))
    return BecomePeer(
        name=name, offer=offer, areas=areas, free=free, shown=shown, accompanies=along
    )


def goes_along(text: str) -> bool:
    """True when they said they would go along with people ("going along with them",
    "I could come with someone to appointments")."""
    return bool(_ALONG.search(normalise(text)))


def _done(event: EventData) -> None:
    talk = _talk(event)
    peer = joining(talk.data)
    talk.data["name"] = peer.name
    welcome.joined(talk, peer, DONE)


def _chain() -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = []
    for source, dest in pairwise(ORDER):
        steps.append({"trigger": "answer", "source": source, "dest": dest, "before": _keep})
    return steps


MACHINE = build(
    [{"name": s, "on_enter": [_done] if s is Offer.DONE else [_ask]} for s in Offer],
    [
        {"trigger": "begin", "source": "*", "dest": Offer.BEEN_THROUGH},
        *_chain(),
        {"trigger": "yes", "source": Offer.CONFIRM, "dest": Offer.DONE},
        {"trigger": "no", "source": Offer.CONFIRM, "dest": Offer.REWRITE},
        {"trigger": "answer", "source": Offer.REWRITE, "dest": Offer.CONFIRM, "before": _keep},
    ],
    initial=Offer.BEEN_THROUGH,
)


def begin(talk: Step) -> None:
    """Start the offer questions."""
    MACHINE.events["begin"].trigger(talk)


def step(talk: Step) -> None:
    """Keep one answer and ask the next question; at the read-back, yes joins them."""
    if talk.fsm_state != Offer.CONFIRM:
        MACHINE.events["answer"].trigger(talk)
    elif is_yes(talk.text) or is_no(talk.text) or plain(talk.text) == plain(CONFIRM_BUTTONS[1]):
        MACHINE.events["yes" if is_yes(talk.text) else "no"].trigger(talk)
    else:
        asked = prompt(Offer.CONFIRM, talk.settings.area, talk.data)
        talk.say(NOT_SURE + asked.text, asked.buttons)


def prompt(state: Offer, area: str, data: dict[str, Any]) -> Reply:
    """The offer question waiting to be answered, to ask again."""
    question = QUESTIONS.get(state, QUESTIONS[Offer.BEEN_THROUGH])
    if state is Offer.CONFIRM:
        text = question.format(shown=joining(data).shown)
        return Reply(text=text, buttons=CONFIRM_BUTTONS)
    return Reply(text=question.format(area=area))
