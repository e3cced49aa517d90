"""Offering help, as the router runs it: heard from any state, or started by a yes to being
asked, and back to where the person was once they've answered."""

from __future__ import annotations

from common.models import Reply
from flows.connect import turn as connect_turn
from flows.connect.flow import Connect
from flows.listen.flow import INTRO, Listen
from flows.offer import flow
from flows.offer.flow import Offer
from flows.step import Step


def on_offer(talk: Step) -> bool:
    """ "I'd like to help", from anywhere but the offer questions themselves."""
    if talk.journey == "offer" or not flow.wants_to_help(talk.typed):
        return False
    first = talk.fsm_state == Listen.NEW
    talk.push_return(talk.fsm_state)
    talk.move(Offer.BEEN_THROUGH)
    start = len(talk.replies)
    flow.begin(talk)
    if first:  # a first reply always says who we are
        asked = talk.replies[start]
        intro = INTRO.format(area=talk.settings.area)
        talk.replies[start] = Reply(text=f"{intro} {asked.text}", buttons=asked.buttons)
    return True


def begin_from_yes(talk: Step) -> None:
    """A yes to "would you like to help others?": the offer questions start now, and end
    back where the conversation is (the options, if listening has just ended)."""
    talk.push_return(talk.fsm_state)
    talk.move(Offer.BEEN_THROUGH)
    flow.begin(talk)


def step(talk: Step) -> None:
    """Keep one answer; at the end, go back to where the offer began."""
    flow.step(talk)
    if talk.fsm_state != Offer.DONE:
        return
    back = talk.pop_return(Connect.RESTING)
    if back == Connect.STARTING:
        connect_turn.begin(talk)  # listening ended with the yes: what fits comes now
    else:
        talk.move(back if back != Listen.NEW else Connect.RESTING)


def prompt(talk: Step) -> Reply:
    """The offer question waiting to be answered, to ask again."""
    return flow.prompt(Offer(talk.fsm_state), talk.settings.area, talk.data)
