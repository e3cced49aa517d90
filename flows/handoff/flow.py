"""A warm handoff to a named human who stays with the resident.

The resident's side, in the order it usually goes::

    any state --PERSON--> naming? --> asked_want? --> reading_back <--> rewriting
    reading_back --yes--> waiting --someone accepts--> held
    held --holder: CLOSE--> confirm_close --yes--> check_in --> closed
    held --holder: BRING IN--> confirm_bring_in --yes, and they accept--> held, by both
    closed --a message, or the check-in--> same_again --yes--> waiting, for the same person

Moves that start in someone else's conversation (a worker's press, the inbox, the
escalation timer) arrive here as events, so a resident's handoff changes one message at
a time: two workers accepting at the same moment give one holder. No state uses
``transitions``: most moves are events from other conversations, and the tables at the
foot of this module are the whole machine.

This is the module other code imports, and it re-exports what callers use. It holds
``begin`` (a fresh start, or the same person again), the resident's words while waiting and
held, a worker's answer, escalation, and the tables. The parts, each with its own words:
``flows.handoff.talk`` (the states, who is involved),
``flows.handoff.start`` (asking, reading back, sending the cards, urgent),
``flows.handoff.confirm`` (CLOSE and BRING IN, put to the resident), ``flows.handoff.after``
(the check-in, the same person again) and ``flows.handoff.card`` (the card).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from common.models import (
    AnswerLink,
    CancelTimers,
    ConversationKey,
    ConversationRecord,
    Inbound,
    Link,
    OfferHandoff,
    Reply,
)
from flows import approved
from flows.handoff import start as handoff_start
from flows.handoff.after import (
    ask_same_again,
    check_in_answer,
    checked_in,
    come_back,
    offer_check_in,
    on_check_in,
    on_intro_closed,
    same_again_answer,
)
from flows.handoff.alarm import on_raised, on_stand_down
from flows.handoff.card import PURPOSE, card, card_text, holder_intro
from flows.handoff.confirm import (
    BRING_IN_BUTTONS,
    CLOSE_BUTTONS,
    bring_in_answer,
    close_answer,
    on_bring_in,
    on_close,
)
from flows.handoff.start import (
    ANSWER_BUTTONS,
    ask_next,
    keep_name,
    keep_want,
    read_back_answer,
    rewrite,
    urgent,
    urgent_helpers,
)
from flows.handoff.talk import (
    Handoff,
    asked_links,
    duty_coordinator,
    held_links,
    listed,
    names_of,
    on_duty,
    reply_by,
)
from flows.step import Step
from flows.text import first_name, is_no, is_yes, normalise, plain, quote, tidy

__all__ = [
    "ANSWER_BUTTONS",
    "EVENTS",
    "PROMPTS",
    "STEPS",
    "Handoff",
    "begin",
    "held_links",
    "is_active",
    "offer_check_in",
    "on_answer",
    "on_duty",
    "on_escalate",
    "on_event",
    "prompt",
    "step",
    "urgent",
    "urgent_helpers",
    "while_held",
]

ALREADY = "You've asked already and it's with {who}. I'll tell you as soon as someone picks it up."
MORE_KEPT = "Thanks, I've added that for whoever picks this up."
HELD_RESIDENT = (
    "{holder} has picked this up and will text you by {by}. Anything you send here goes to "
    "{them} now, and your number stays private."
)
TAKEN_OTHER = "{holder} has picked up {name}'s card, so no need to answer it. Thank you."
TOO_LATE = "Thank you: {holder} picked this one up already."
NOT_NEEDED = "Thank you: that card isn't open any more."
DECLINED = "Thanks for letting me know."
ESCALATED = (
    "Nobody on duty has been able to pick this up yet, so I've asked {coordinator}, who "
    "coordinates the line today. I'll tell you as soon as they've picked it up."
)
STILL_TRYING = (
    "Nobody has been able to pick this up yet, and I'm sorry for the wait. It stays open. "
    "If you're in danger, call {emergency}."
)
URGENT_LATE = "Nobody on duty has picked up this urgent card yet. "
ESCALATED_OTHER = "No need to answer for {name} now: {coordinator} has it. Thank you."
JOINED_RESIDENT = (
    "{new} has joined: you're now talking with {holders}. They'll both see what you send."
)
JOINED_HOLDER = "{new} has joined you with {name}."
JOIN_DECLINED = "{new} can't this time, so you're still with {holder}."
HANDS_FLAG = (
    "Heads up: {name}'s conversation has now been with {count} people ({who}). Could you "
    "take a look, so they're not going round in circles?"
)

SORTED_WORDS = ("sorted", "all good now", "all fine now", "thats everything", "no longer need")


# Starting ------------------------------------------------------------------------------


def begin(talk: Step) -> None:
    """PERSON, or choosing a person: ask what is needed for the card, then read it back."""
    waiting = asked_links(talk.context)
    if waiting:
        talk.say(ALREADY.format(who=names_of(waiting)))
        return
    last = talk.data.get("last_holder")
    if last and talk.record.state in (Handoff.CLOSED, Handoff.SAME_AGAIN, Handoff.CHECKING_IN):
        ask_same_again(talk)
        return
    talk.data["handoff"] = {}
    approved.drop(talk.data, PURPOSE)
    ask_next(talk)


# While waiting, and held ---------------------------------------------------------------


def _keep_more(talk: Step) -> None:
    if tidy(talk.text):
        talk.kept("handoff").setdefault("more", []).append(quote(talk.text, limit=300))
    talk.say(MORE_KEPT)


def while_held(talk: Step, danger: bool) -> None:
    """The bot stays quiet; the resident's words go to whoever holds the conversation."""
    words = tidy(talk.text)
    if not words:
        return
    if any(w in normalise(words) for w in SORTED_WORDS):
        talk.kept("handoff")["said_sorted"] = True
    state = talk.record.state
    if state == Handoff.CONFIRM_CLOSE and _answers(talk, CLOSE_BUTTONS):
        close_answer(talk)
        return
    if state == Handoff.CONFIRM_BRING_IN and _answers(talk, BRING_IN_BUTTONS):
        bring_in_answer(talk)
        return
    prefix = "URGENT: " if danger else ""
    for link in held_links(talk.context):
        talk.say(f"{prefix}{talk.called(capital=True)}: {words}", to=link.helper)
    if danger:
        talk.say(
            f"If you're in danger now, call {talk.settings.emergency}. "
            f"{talk.settings.crisis_line}, free, any time."
        )


def _answers(talk: Step, buttons: tuple[str, str]) -> bool:
    said = plain(talk.text)
    return said in (plain(b) for b in buttons) or is_yes(talk.text) or is_no(talk.text)


# Events from other conversations -------------------------------------------------------


def on_answer(talk: Step, payload: dict[str, Any]) -> None:
    """A worker pressed "I'll take this" or "Not me" (on their channel or in the inbox)."""
    link = next((x for x in talk.context.links_as_resident if x.id == payload.get("link")), None)
    by = ConversationKey(*payload.get("by", ("", "")))
    held = held_links(talk.context)
    if link is None or link.status != "asked" or link.helper != by:
        if not held:  # when it was taken, everyone else asked was told who took it
            talk.say(NOT_NEEDED, to=by)
    elif payload.get("answer") == "decline":
        _declined(talk, link)
    elif held and talk.kept("handoff").get("joining") != list(link.helper):
        talk.say(TOO_LATE.format(holder=names_of(held)), to=by)
    else:
        _accepted(talk, link, held)


def _accepted(talk: Step, link: Link, held: list[Link]) -> None:
    talk.effects.append(AnswerLink(link_id=link.id, status="accepted"))
    _count_hand(talk, link)
    helper = talk.context.helper(link.helper)
    intro = holder_intro(link.helper_name, helper.organisation if helper else "")
    if held:  # someone brought in, with the resident's agreement
        talk.kept("handoff").pop("joining", None)
        new = first_name(link.helper_name)
        names = listed([first_name(x.helper_name) for x in [*held, link]])
        talk.say(JOINED_RESIDENT.format(new=intro, holders=names))
        for other in held:
            talk.say(JOINED_HOLDER.format(new=new, name=talk.called()), to=other.helper)
        talk.say(_briefing(talk, joined=True), to=link.helper)
        return
    for other in asked_links(talk.context):
        if other.id != link.id:
            talk.effects.append(AnswerLink(link_id=other.id, status="expired"))
            text = TAKEN_OTHER.format(holder=first_name(link.helper_name), name=talk.called())
            talk.say(text, to=other.helper)
    talk.effects.append(CancelTimers(name="handoff_escalate"))
    talk.data.pop("urgent_since", None)  # from now on their words go to a person
    by = reply_by(talk)
    talk.say(HELD_RESIDENT.format(holder=intro, by=by, them=first_name(link.helper_name)))
    talk.say(_briefing(talk, by=by), to=link.helper)
    talk.move(Handoff.HELD)


def _briefing(talk: Step, by: str = "", joined: bool = False) -> str:
    """What the new holder needs: the promise made, and anything said since the card."""
    more = talk.kept("handoff").get("more") or []
    since = f' Since the card they added: "{quote(" / ".join(more), limit=300)}".' if more else ""
    if joined:
        lead = f"You've joined {talk.called()}'s conversation."
    else:
        lead = f"It's yours. I've told {talk.called()} you'll text them by {by}."
    urgent = " STAND DOWN if it was a false alarm." if talk.kept("handoff").get("urgent") else ""
    return (
        f"{lead}{since} Anything you send here goes to {talk.called()} from our number, starting "
        "with your first name. CLOSE when they're sorted; BRING IN and a name to introduce "
        f"someone else; URGENT if they're in danger.{urgent}"
    )


def _count_hand(talk: Step, link: Link) -> None:
    hands: list[list[str]] = talk.data.setdefault("hands", [])
    if any(tuple(h[:2]) == tuple(link.helper) for h in hands):
        return
    hands.append([*link.helper, first_name(link.helper_name)])
    coordinator = duty_coordinator(talk.context)
    if len(hands) > 2 and coordinator is not None:
        who = listed([h[2] for h in hands])
        flag = HANDS_FLAG.format(name=talk.called(), count=len(hands), who=who)
        talk.say(flag, to=coordinator.key)


def _declined(talk: Step, link: Link) -> None:
    talk.effects.append(AnswerLink(link_id=link.id, status="declined"))
    talk.say(DECLINED, to=link.helper)
    held = held_links(talk.context)
    if talk.kept("handoff").get("joining") == list(link.helper):
        talk.kept("handoff").pop("joining", None)
        new, holder = first_name(link.helper_name), names_of(held)
        talk.say(JOIN_DECLINED.format(new=new, holder=holder))
        for other in held:
            talk.say(JOIN_DECLINED.format(new=new, holder="you"), to=other.helper)
    elif not held and not [x for x in asked_links(talk.context) if x.id != link.id]:
        on_escalate(talk, {}, skip=link.id)


def on_escalate(talk: Step, payload: dict[str, Any], skip: int | None = None) -> None:
    """Nobody accepted in time (or everyone said not me): the duty coordinator is asked."""
    if held_links(talk.context):
        return
    if (talk.data.get("handoff") or {}).get("urgent") and asked_links(talk.context):
        _escalate_urgent(talk, skip)
        return
    if talk.record.state != Handoff.WAITING:
        return
    coordinator = duty_coordinator(talk.context)
    asked = [x for x in asked_links(talk.context) if x.id != skip]
    if coordinator is None or any(x.helper == coordinator.key for x in asked):
        talk.say(STILL_TRYING.format(emergency=talk.settings.emergency))
        return
    first = first_name(coordinator.name)
    for link in asked:
        talk.effects.append(AnswerLink(link_id=link.id, status="expired"))
        talk.say(ESCALATED_OTHER.format(name=talk.called(), coordinator=first), to=link.helper)
    shared = card(talk.data, urgent=bool(talk.kept("handoff").get("urgent")))
    name = talk.data.get("name") or ""
    talk.effects.append(
        OfferHandoff(card=shared, resident_name=name, helpers=(coordinator,), new=False)
    )
    late = "Nobody on duty has picked this up yet. "
    talk.say(late + card_text(shared, talk.settings.area), ANSWER_BUTTONS, to=coordinator.key)
    talk.say(ESCALATED.format(coordinator=holder_intro(coordinator.name, "")))


def _escalate_urgent(talk: Step, skip: int | None) -> None:
    """An urgent card nobody has taken: the duty coordinator is asked by name, and the
    others asked keep theirs open, since any of them may still pick it up."""
    coordinator = duty_coordinator(talk.context)
    if coordinator is None:
        talk.say(STILL_TRYING.format(emergency=talk.settings.emergency))
        return
    shared = card(talk.data, urgent=True)
    asked = [x for x in asked_links(talk.context) if x.id != skip]
    if not any(x.helper == coordinator.key for x in asked):
        name = talk.data.get("name") or ""
        talk.effects.append(
            OfferHandoff(card=shared, resident_name=name, helpers=(coordinator,), new=False)
        )
        talk.kept("handoff").setdefault("told", []).append(list(coordinator.key))
    text = URGENT_LATE + card_text(shared, talk.settings.area)
    talk.say(text, ANSWER_BUTTONS, to=coordinator.key)
    talk.say(ESCALATED.format(coordinator=holder_intro(coordinator.name, "")))


# The tables: what a resident's message does in each state, and what each event does. -----

STEPS: dict[str, Callable[[Step], None]] = {
    Handoff.NAMING: keep_name,
    Handoff.ASKED_WANT: keep_want,
    Handoff.READING_BACK: read_back_answer,
    Handoff.REWRITING: rewrite,
    Handoff.WAITING: _keep_more,
    Handoff.CHECK_IN: check_in_answer,
    Handoff.CLOSED: come_back,
    Handoff.CHECKING_IN: checked_in,
    Handoff.SAME_AGAIN: same_again_answer,
}
EVENTS: dict[str, Callable[[Step, dict[str, Any]], None]] = {
    "handoff_answer": on_answer,
    "handoff_close": on_close,
    "handoff_bring_in": on_bring_in,
    "handoff_stand_down": on_stand_down,
    "handoff_urgent": on_raised,
    "handoff_escalate": on_escalate,
    "check_in": on_check_in,
    "intro_closed": on_intro_closed,
}


def step(talk: Step) -> None:
    """A resident's message in a handoff state that is not held."""
    STEPS.get(talk.record.state, _keep_more)(talk)


def on_event(talk: Step, message: Inbound) -> None:
    """An event from another conversation or a timer."""
    handler = EVENTS.get(message.event or "")
    if handler is not None:
        handler(talk, message.payload)


def is_active(record: ConversationRecord) -> bool:
    """True while the conversation is in the handoff flow."""
    return record.state.startswith("handoff.")


PROMPTS = {
    Handoff.NAMING: handoff_start.ASK_NAME,
    Handoff.ASKED_WANT: handoff_start.ASK_WANT,
    Handoff.REWRITING: handoff_start.REWRITE,
}


def prompt(talk: Step) -> Reply:
    """What the handoff is waiting on, to ask again after START or a cancelled FORGET ME."""
    record = talk.record
    state = Handoff(record.state)
    shown = approved.kept(record.data, PURPOSE)
    if state is Handoff.READING_BACK and shown is not None:
        text = handoff_start.read_back_text(shown.get("name", ""), shown.get("words", ""))
        return Reply(text=text, buttons=handoff_start.READ_BACK_BUTTONS)
    return Reply(text=PROMPTS.get(state, "I'm here. Text PERSON any time to talk to someone."))
