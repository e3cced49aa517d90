"""An answer to a card or a request that no longer applies gets a plain answer.

A worker may press "I'll take this" on a card someone else took, or a peer "Accept" on an
introduction or a visit that was covered or withdrawn. Someone on the roster answering
what is not open to them is told so, in one line: never greeted as a new resident, and
never relayed to someone they are talking with as if they had written it.
"""

from __future__ import annotations

from common.models import Context, ConversationRecord, Inbound
from flows.accompany.visit import NOT_OPEN as REQUEST_NOT_OPEN
from flows.accompany.visit import PEER_BUTTONS
from flows.handoff.flow import ANSWER_BUTTONS
from flows.handoff.holding import NOT_OPEN as CARD_NOT_OPEN
from flows.step import Step
from flows.text import first_name, plain

TAKEN = "{holder} has already picked this up. Thank you."
YOURS = "You've already picked this up. Thank you."
# What the buttons say, typed where the channel shows them as numbered lines.
CARD_WORDS = frozenset({"ill take this", "take", "take it", "not me"})
REQUEST_WORDS = frozenset({"accept", "not this time"})


def _answers(press: str | None, said: str, buttons: tuple[str, ...], words: frozenset[str]) -> bool:
    return press in buttons if press else plain(said) in words


def _on_roster(talk: Step) -> bool:
    return any(h.key == talk.record.key for h in talk.context.roster)


def card_looks(_: ConversationRecord | None, message: Inbound, context: Context) -> bool:
    """Whether a message may answer a card (the router then reads the last card's holders)."""
    if "link" in message.payload or not any(h.key == message.key for h in context.roster):
        return False
    return _answers(message.press, message.text, ANSWER_BUTTONS, CARD_WORDS)


def request_looks(_: ConversationRecord | None, message: Inbound, context: Context) -> bool:
    """Whether a message may answer a request (the router then reads the visits asked)."""
    if not any(h.key == message.key for h in context.roster):
        return False
    return _answers(message.press, message.text, PEER_BUTTONS, REQUEST_WORDS)


def card(talk: Step) -> bool:
    """A card answered when none is waiting on this person: who has it, or that it's closed.

    The inbox names the card it answers (``flows.handoff.holding`` says when it is closed).
    """
    message, context = talk.message, talk.context
    if "link" in message.payload or not _on_roster(talk):
        return False
    if not _answers(message.press, talk.text, ANSWER_BUTTONS, CARD_WORDS):
        return False
    if any(x.kind == "handoff" and x.status == "asked" for x in context.links_as_helper):
        return False
    holders = context.last_card_holders
    if any(x.helper == talk.record.key for x in holders):
        text = YOURS
    elif holders:
        text = TAKEN.format(holder=first_name(holders[0].helper_name))
    else:
        text = CARD_NOT_OPEN
    talk.say(text)
    return True


def request(talk: Step) -> bool:
    """An introduction or a visit answered when none is waiting on this person."""
    context, me = talk.context, talk.record.key
    if not _answers(talk.message.press, talk.text, PEER_BUTTONS, REQUEST_WORDS):
        return False
    if not _on_roster(talk):
        return False
    if any(x.kind == "intro" and x.status == "asked" for x in context.links_as_helper):
        return False
    if any(me in v.asked for v in context.visits_as_peer):
        return False
    talk.say(REQUEST_NOT_OPEN)
    return True
