"""Listening, as the router runs it: each answer, then (once listened) someone to go with
them if an appointment came up, and what fits."""

from __future__ import annotations

from common.models import Reply
from flows.accompany import turn as accompany_turn
from flows.connect import turn as connect_turn
from flows.connect.flow import Connect
from flows.listen import flow
from flows.listen.flow import Listen
from flows.offer import turn as offer_turn
from flows.step import Step
from flows.text import is_yes, tidy


def step(talk: Step) -> None:
    """One answer to the open questions; when they are done, on to connecting."""
    if talk.fsm_state == Listen.ASKED_HELPING and talk.returns_to() and _yes(talk.text):
        # A later visit's yes to helping: the offer starts, and ends where they were.
        talk.data["helping"] = tidy(talk.text)
        talk.move(talk.pop_return(Connect.RESTING))
        offer_turn.begin_from_yes(talk)
        return
    heard = len(talk.replies)
    flow.step(talk)
    if talk.fsm_state != Listen.LISTENED:
        return
    if _yes(str(talk.data.get("helping", ""))):
        talk.move(Connect.STARTING)  # what fits is offered once they have answered
        offer_turn.begin_from_yes(talk)
        return
    if accompany_turn.offers_company(talk, flow.said(talk.data)):
        accompany_turn.begin(talk, back_to=Connect.STARTING)
        _one_message(talk, heard)
    else:
        connect_turn.begin(talk)


def _one_message(talk: Step, start: int) -> None:
    """What was heard and the offer that answers it, as one text (it is short)."""
    if len(talk.replies) == start + 2:
        said, offer = talk.replies[start:]
        talk.replies[start:] = [Reply(text=f"{said.text} {offer.text}", buttons=offer.buttons)]


def _yes(text: str) -> bool:
    return is_yes(text.split(" ")[0])


def prompt(talk: Step) -> Reply:
    """The open question waiting to be answered, to ask again."""
    return flow.prompt(Listen(talk.fsm_state), talk.data, talk.settings)
