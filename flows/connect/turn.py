"""Connecting, as the router runs it: offering what fits once listening is done, each answer
after, and a check-in agreed once someone is in touch with a group."""

from __future__ import annotations

from collections.abc import Callable

from common.models import RecordConsent, Reply
from flows.connect import flow
from flows.connect.flow import Connect
from flows.handoff.after import offer_check_in
from flows.step import Step


def begin(talk: Step) -> None:
    """Listening is done: offer what fits, or say honestly that nothing does."""
    talk.move(Connect.RESTING)
    _run(talk, flow.begin)


def step(talk: Step) -> None:
    """One message while options are shown, a choice is confirmed, or between them."""
    if talk.fsm_state == Connect.WAITING and not _waiting_on_someone(talk):
        talk.move(Connect.RESTING)  # they answered, or the request lapsed
    _run(talk, flow.step)


def _run(talk: Step, move_on: Callable[[Step], None]) -> None:
    before = len(talk.effects)
    move_on(talk)
    if any(
        isinstance(e, RecordConsent) and e.purpose == "group_contact" for e in talk.effects[before:]
    ):
        # They are in touch with a group now: agree a check-in, as at the end of a handoff.
        offer_check_in(talk)


def _waiting_on_someone(talk: Step) -> bool:
    return any(link.status == "asked" for link in talk.context.links_as_resident)


def prompt(talk: Step) -> Reply:
    """What the conversation is waiting on, to say again."""
    return flow.prompt(Connect(talk.fsm_state))
