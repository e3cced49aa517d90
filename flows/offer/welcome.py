"""Meeting new neighbours: someone who offered help by text is met before anyone is offered them.

Once they say yes to their read-back they join waiting, and the duty coordinator gets a card
with that line, exactly as they approved it: Welcome, or Let's talk first. A coordinator's
answer (from their phone, or the inbox) is decided in the new neighbour's conversation, one
message at a time, so two coordinators answering together give one outcome. Talking first
is an introduction between the two through the bot's number, as residents and neighbours
talk; Welcome ends it and lets residents be offered them.
"""

from __future__ import annotations

from typing import Any

from common.models import (
    AnswerLink,
    BecomePeer,
    ConversationKey,
    Helper,
    Link,
    Reply,
    Tell,
    Turn,
    WelcomePeer,
)
from flows.handoff.talk import duty_coordinator
from flows.step import Step
from flows.text import first_name, plain

EVENT = "peer_welcome"
BUTTONS = ("Welcome", "Let's talk first")
WELCOME_WORDS = frozenset({"welcome", "welcome them", "welcome her", "welcome him"})
TALK_WORDS = frozenset({"lets talk first", "talk first", "lets talk"})

JOINED = (
    "Thank you, {name}. Before anyone is put in touch with you, {who} from round here will "
    "say hello. Then I'll ask you when someone could do with you."
)
CARD = (
    'New neighbour: {name} would like to help: "{shown}". Nobody here has met them yet. '
    "Welcome, or Let's talk first?"
)
WELCOMED = (
    "Good news, {name}: {by} has welcomed you. When someone could do with you, I'll send a "
    "short request; you can always say not this time."
)
WELCOMED_BY = "Thank you. {name} is welcomed: residents can be offered them from now on."
TALKING = (
    "{by} from the {area} neighbours would like to say hello first. Anything you send here "
    "goes to them, and your number stays private."
)
TALKING_BY = (
    "You're talking with {name} now: anything you send here goes to them from our number. "
    "Send WELCOME when you're happy for residents to be offered them."
)
ALREADY_TALKING = "You're already talking with {name}: anything you send here goes to them."
ALREADY = "Thank you: {name} has been welcomed already."
NOT_OPEN = "Thank you: that card isn't open any more."


def joined(talk: Step, peer: BecomePeer, done: str) -> None:
    """They said yes to their read-back: someone new waits to be met, and the duty
    coordinator gets the card; someone on the roster already just changes their words."""
    talk.effects.append(peer)
    if talk.context.helper(talk.record.key) is not None:
        talk.say(done.format(name=peer.name))
        return
    coordinator = duty_coordinator(talk.context)
    if coordinator is None:  # nobody to name: the inbox shows the card when there is
        talk.say(JOINED.format(name=peer.name, who="someone"))
        return
    talk.say(JOINED.format(name=peer.name, who=first_name(coordinator.name)))
    talk.say(CARD.format(name=peer.name, shown=peer.shown), BUTTONS, to=coordinator.key)


# A coordinator's answer, in their own conversation ----------------------------------------


def as_coordinator(talk: Step) -> Turn | None:
    """A coordinator's Welcome or Let's talk first: passed to the new neighbour's
    conversation. From the inbox the neighbour is named; on a phone it is the newest card."""
    me = talk.context.helper(talk.record.key)
    answer = _answer(talk)
    if me is None or me.role != "coordinator" or answer is None:
        return None
    chosen = talk.message.payload.get("welcome")
    waiting = [h for h in talk.context.roster if h.role == "peer" and not h.welcomed]
    if chosen is not None:
        waiting = [h for h in waiting if list(h.key) == list(chosen)]
    elif not waiting or _busy(talk, waiting):
        return None  # their words are for someone else, or there is nobody to welcome
    if not waiting:
        return Turn(record=talk.record, replies=[Reply(text=NOT_OPEN)])
    payload = {"answer": answer, "by": list(talk.record.key), "by_name": me.name}
    tell = Tell(to=waiting[-1].key, event=EVENT, payload=payload)
    return Turn(record=talk.record, effects=[tell])


def _answer(talk: Step) -> str | None:
    said = plain(talk.message.press or talk.text)
    if said in WELCOME_WORDS:
        return "welcome"
    return "talk" if said in TALK_WORDS else None


def _busy(talk: Step, waiting: list[Helper]) -> bool:
    """They are in a conversation with someone not waiting to be welcomed (a resident),
    and typed the word rather than pressing the button: it is for that conversation."""
    if talk.message.press:
        return False
    new = {tuple(h.key) for h in waiting}
    return any(
        link.status == "accepted" and tuple(link.resident) not in new
        for link in talk.context.links_as_helper
    )


# The answer, decided in the new neighbour's conversation --------------------------------


def on_event(talk: Step, payload: dict[str, Any]) -> None:
    """A coordinator said Welcome or Let's talk first about this new neighbour."""
    by = ConversationKey(*payload.get("by", ("", "")))
    by_name = str(payload.get("by_name") or "")
    me = talk.context.helper(talk.record.key)
    if me is None or me.welcomed:
        talk.say(ALREADY.format(name=me.name if me else "They"), to=by)
        return
    talking = _talking(talk, by)
    if payload.get("answer") == "welcome":
        _welcome(talk, me, by, by_name, talking)
    elif talking is not None:
        talk.say(ALREADY_TALKING.format(name=first_name(me.name)), to=by)
    else:
        talk.effects.append(WelcomePeer(answer="talk", by=by, by_name=by_name))
        area = talk.settings.area
        talk.say(TALKING.format(by=first_name(by_name), area=area))
        talk.say(TALKING_BY.format(name=first_name(me.name)), to=by)


def _welcome(
    talk: Step, me: Helper, by: ConversationKey, by_name: str, talk_link: Link | None
) -> None:
    talk.effects.append(WelcomePeer(answer="welcome", by=by, by_name=by_name))
    if talk_link is not None:  # the conversation they had first is over: it did its job
        talk.effects.append(AnswerLink(link_id=talk_link.id, status="closed"))
    name, area = first_name(me.name), talk.settings.area
    talk.say(WELCOMED.format(name=name, by=first_name(by_name), area=area))
    talk.say(WELCOMED_BY.format(name=name), to=by)


def _talking(talk: Step, by: ConversationKey) -> Link | None:
    """Their conversation with this coordinator, if they chose to talk first."""
    return next(
        (
            x
            for x in talk.context.links_as_resident
            if x.kind == "intro" and x.status == "accepted" and x.helper == by
        ),
        None,
    )
