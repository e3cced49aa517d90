"""The journeys a conversation can be in, found by the first part of its state: each with
its step, the question it waits on, and what must be looked up before it decides."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from common.models import Reply
from flows.accompany import turn as accompany
from flows.anywhere import safe_check
from flows.connect import turn as connect
from flows.handoff import flow as handoff
from flows.listen import turn as listen
from flows.listen.flow import GREETING, Listen
from flows.offer import turn as offer
from flows.step import Step


class Lookup(StrEnum):
    """What the engine reads from the store before a turn, only when it may matter."""

    OPTIONS = "options"  # people and groups that fit what was said, or the worker on duty
    VISITS = "visits"  # the resident's open visit; the visits a peer is asked about or going to
    BOOKINGS = "bookings"  # every visit a peer is booked for, before peers are asked
    LAST_CARD = "last_card"  # who holds the handoff whose card a worker was sent last


@dataclass(frozen=True)
class Flow:
    """One journey: ``step`` moves it on by a message, ``prompt`` is the question it waits on."""

    step: Callable[[Step], None]
    prompt: Callable[[Step], Reply]
    needs: frozenset[Lookup] = frozenset()  # in every state
    needs_at: Mapping[str, frozenset[Lookup]] = field(default_factory=dict)  # in some

    def needs_in(self, state: str) -> frozenset[Lookup]:
        """What this journey needs looked up when the conversation is at ``state``."""
        return self.needs | self.needs_at.get(state, frozenset())


OPTIONS, VISITS, BOOKINGS = Lookup.OPTIONS, Lookup.VISITS, Lookup.BOOKINGS
HEARD = [s for s in Listen if s not in (Listen.CHECKING_IN, Listen.LISTENED)]
# Keyed by the part of the state before the dot: "listen.asked_area" is in "listen".
FLOWS: dict[str, Flow] = {
    # Any answer while listening may be the one that leads to what fits.
    "listen": Flow(listen.step, listen.prompt, needs_at=dict.fromkeys(HEARD, frozenset({OPTIONS}))),
    "connect": Flow(connect.step, connect.prompt, needs=frozenset({OPTIONS})),
    "offer": Flow(offer.step, offer.prompt),
    "accompany": Flow(accompany.step, accompany.prompt, needs=frozenset({VISITS, BOOKINGS})),
    "handoff": Flow(handoff.step, handoff.prompt),
    "safe_check": Flow(safe_check.step, safe_check.question),
}


def flow_of(state: str) -> Flow:
    """The journey ``state`` belongs to; a state no journey knows is an error, not a guess."""
    found = FLOWS.get(state.partition(".")[0])  # the journey, as ``Step.journey`` reads it
    if found is None:
        raise ValueError(f"no journey has the state {state!r}")
    return found


def ask_again(talk: Step, lead: str) -> None:
    """Say ``lead``, then the question the conversation is waiting on (or hello, if new)."""
    if talk.fsm_state == Listen.NEW:
        talk.move(Listen.ASKED_WHAT)
        talk.say(GREETING.format(area=talk.settings.area))
        return
    question = flow_of(talk.fsm_state).prompt(talk)
    talk.say(lead + question.text, question.buttons)
