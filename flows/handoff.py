"""A warm handoff to a named human who stays with the resident.

The resident's side, in the order it usually goes::

    any state --PERSON--> naming? --> asked_want? --> reading_back <--> rewriting
    reading_back --yes--> waiting --someone accepts--> held
    held --holder: CLOSE--> confirm_close --yes--> check_in --> closed
    held --holder: BRING IN--> confirm_bring_in --yes, and they accept--> held, by both
    closed --a message, or the check-in--> same_again --yes--> waiting, for the same person

Moves that start in someone else's conversation (a worker's press, the inbox, the
escalation timer) arrive here as events, so a resident's handoff changes one message at
a time: two workers accepting at the same moment give one holder. The words are kept here;
``flows.handoff_card`` writes the card. No state uses ``transitions``: most moves are events
from other conversations, and the tables at the foot of the module are the whole machine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from common.directory import same_place
from common.models import (
    AnswerLink,
    CancelTimers,
    CloseHandoff,
    Context,
    ConversationKey,
    ConversationRecord,
    Effect,
    Helper,
    Inbound,
    Link,
    OfferHandoff,
    RecordConsent,
    Reply,
    StartTimer,
    Turn,
)
from flows.handoff_card import card, card_text, holder_intro
from flows.keywords import normalise
from flows.settings import FlowSettings
from flows.text import first_name, is_no, is_skip, is_yes, plain, quote, tidy


class Handoff(StrEnum):
    """Where a resident's handoff is."""

    NAMING = "handoff.naming"
    ASKED_WANT = "handoff.asked_want"
    READING_BACK = "handoff.reading_back"
    REWRITING = "handoff.rewriting"
    WAITING = "handoff.waiting"
    HELD = "handoff.held"
    CONFIRM_CLOSE = "handoff.confirm_close"
    CONFIRM_BRING_IN = "handoff.confirm_bring_in"
    CHECK_IN = "handoff.check_in"
    CLOSED = "handoff.closed"
    CHECKING_IN = "handoff.checking_in"
    SAME_AGAIN = "handoff.same_again"


ASK_NAME = (
    "I'll ask a local person to pick this up and stay with you. What name would you like "
    "them to use for you? Any name is fine."
)
ASK_WANT = "What would you most like from them? A call, help with a letter, a chat... SKIP is fine."
READ_BACK = (
    'This is what I\'d let them know, in your words: "{words}". Is that OK to share? Only '
    "the local people on duty who could pick this up will see it."
)
READ_BACK_BUTTONS = ("Yes, share it", "Change it")
REWRITE = "What would you like them to know? In your own words, as short as you like."
SENT = (
    "Thank you, {name}. I've sent that to {who}, on duty today. As soon as one of them picks "
    "it up I'll tell you their name and when they'll text you."
)
SENT_ONE = (
    "Thank you, {name}. I've sent that to {who}. As soon as they pick it up I'll tell you, "
    "and when they'll text you."
)
NOBODY = (
    "I'm sorry, {name}: there's nobody I can ask right now. Your words are kept, so you "
    "won't need to start again. If you're in danger, call {emergency}."
)
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
ESCALATED_OTHER = "No need to answer for {name} now: {coordinator} has it. Thank you."
CONFIRM_CLOSE = "{holder} thinks you might be sorted for now. Is it OK to close this?"
CLOSE_BUTTONS = ("Yes, close it", "Not yet")
ASKED_TO_CLOSE = "I've asked {name} if it's OK to close."
NOT_YET = "{name} isn't ready to close yet, so you're still with them."
CLOSED_RESIDENT = (
    "Thank you, {name}. {holder} has closed this for now; text here any time and I'll ask "
    "them again. Shall I check in with you next week?"
)
CHECK_IN_BUTTONS = ("Yes please", "No thanks")
CLOSED_HOLDER = "{name} agreed to close. Thank you for staying with them."
CHECK_IN_SET = "I'll check in with you next week. Take care."
CHECK_IN_NOT = "That's fine. Take care, and text here any time."
CHECK_IN_QUESTION = (
    "Hi {name}, it's the {area} neighbours line, checking in as we agreed. How are things now?"
)
GLAD = "That's really good to hear. Text here any time."
SAME_AGAIN = (
    "Thank you for telling me. Would you like {holder} again? They know what you've told us."
)
SAME_BUTTONS = ("Yes please", "No thanks")
NEW_PERSON = (
    "Thank you for telling me. Would you like a local person who'd stay with you on this? "
    "They'd see what you've told us."
)
CHECK_IN_OFFER = "Shall I check in with you next week to see how it went?"
SOMETHING_ELSE = "That's fine. What would you like to happen next? PERSON to talk to someone local."
ASK_BRING_IN = (
    "{holder} would like to bring in {who} to help with this, and they'd see what you've "
    "shared so far. Is that OK?"
)
BRING_IN_BUTTONS = ("Yes, that's fine", "No thanks")
ASKED_RESIDENT = "I've asked {name} if that's OK."
BRING_IN_ASKED = "Thanks. I've asked {new}, and I'll tell you when they've said yes."
BRING_IN_REFUSED = "{name} would rather not bring {new} in, so you're still with them."
BRING_IN_NO = "That's fine: it stays with {holder}."
JOINED_RESIDENT = (
    "{new} has joined: you're now talking with {holders}. They'll both see what you send."
)
JOINED_HOLDER = "{new} has joined you with {name}."
JOIN_DECLINED = "{new} can't this time, so you're still with {holder}."
HANDS_FLAG = (
    "Heads up: {name}'s conversation has now been with {count} people ({who}). Could you "
    "take a look, so they're not going round in circles?"
)
CANT_BRING_IN = "I couldn't find {who} among the people I can ask."
ANSWER_BUTTONS = ("I'll take this", "Not me")

# The hours a promise to text may fall between, local time.
MORNING_HOUR, LATEST_HOUR = 10, 20
SORTED_WORDS = ("sorted", "all good now", "all fine now", "thats everything", "no longer need")


@dataclass
class Talk:
    """One message or event in a resident's handoff: the record, and what to say and do."""

    record: ConversationRecord
    text: str
    now: datetime
    settings: FlowSettings
    context: Context
    replies: list[Reply] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)

    @property
    def data(self) -> dict[str, Any]:
        return self.record.data

    @property
    def handoff(self) -> dict[str, Any]:
        found: dict[str, Any] = self.record.data.setdefault("handoff", {})
        return found

    @property
    def name(self) -> str:
        return str(self.data.get("name") or "there")

    def say(
        self, text: str, buttons: tuple[str, ...] = (), to: ConversationKey | None = None
    ) -> None:
        self.replies.append(Reply(text=text, buttons=buttons, to=to))

    def move(self, state: Handoff) -> None:
        self.record.state = str(state)

    def turn(self) -> Turn:
        return Turn(record=self.record, replies=self.replies, effects=self.effects)


# Who is involved -------------------------------------------------------------------------


def held_links(context: Context) -> list[Link]:
    """The resident's handoff links someone has accepted: the people holding it."""
    return [x for x in context.links_as_resident if x.kind == "handoff" and x.status == "accepted"]


def _asked(context: Context) -> list[Link]:
    return [x for x in context.links_as_resident if x.kind == "handoff" and x.status == "asked"]


def _names(links: list[Link]) -> str:
    names = [first_name(x.helper_name) for x in links]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _helper(context: Context, key: ConversationKey | tuple[Any, ...]) -> Helper | None:
    return next((h for h in context.roster if tuple(h.key) == tuple(key)), None)


def _on_duty(talk: Talk) -> list[Helper]:
    return on_duty(talk.context, str(talk.data.get("area") or ""))


def on_duty(context: Context, area: str) -> list[Helper]:
    """Workers on duty whose areas fit where the resident is, or all on duty if none fit."""
    workers = [h for h in context.roster if h.role == "worker" and h.on_duty]
    fitting = [w for w in workers if any(same_place(a, area) for a in w.areas)] if area else []
    return fitting or workers


def _coordinator(context: Context) -> Helper | None:
    coordinators = [h for h in context.roster if h.role == "coordinator"]
    return next((h for h in coordinators if h.on_duty), coordinators[0] if coordinators else None)


def _by(talk: Talk) -> str:
    """When the resident will hear, as they would say it: "4pm", "10am tomorrow".

    Promises fall in waking hours: a card taken at night is answered from 10am.
    """
    try:
        zone = ZoneInfo(talk.settings.timezone)
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    now = talk.now.astimezone(zone)
    due = (now + talk.settings.handoff_reply_within).replace(minute=0, second=0, microsecond=0)
    due += timedelta(hours=1)
    if due.hour >= LATEST_HOUR or due.date() > now.date():
        due = (due + timedelta(days=due.hour >= LATEST_HOUR)).replace(hour=MORNING_HOUR)
    elif due.hour < MORNING_HOUR:
        due = due.replace(hour=MORNING_HOUR)
    hour = due.strftime("%I%p").lstrip("0").lower()
    return hour if due.date() == now.date() else f"{hour} tomorrow"


# Starting ------------------------------------------------------------------------------


def begin(talk: Talk) -> None:
    """PERSON, or choosing a person: ask what is needed for the card, then read it back."""
    waiting = _asked(talk.context)
    if waiting:
        talk.say(ALREADY.format(who=_names(waiting)))
        return
    last = talk.data.get("last_holder")
    if last and talk.record.state in (Handoff.CLOSED, Handoff.SAME_AGAIN, Handoff.CHECKING_IN):
        _ask_same_again(talk)
        return
    talk.data["handoff"] = {}
    _ask_next(talk)


def _ask_next(talk: Talk) -> None:
    if "name" not in talk.data:
        talk.move(Handoff.NAMING)
        talk.say(ASK_NAME)
    elif "want" not in talk.handoff:
        talk.move(Handoff.ASKED_WANT)
        talk.say(ASK_WANT)
    else:
        talk.move(Handoff.READING_BACK)
        words = card(talk.data)["words"]
        talk.say(READ_BACK.format(words=quote(words, limit=200)), READ_BACK_BUTTONS)


def _keep_name(talk: Talk) -> None:
    talk.data["name"] = "" if is_skip(talk.text) else quote(talk.text, limit=40)
    _ask_next(talk)


def _keep_want(talk: Talk) -> None:
    talk.handoff["want"] = "" if is_skip(talk.text) else quote(talk.text, limit=200)
    _ask_next(talk)


def _read_back_answer(talk: Talk) -> None:
    said = plain(talk.text)
    if is_yes(said.split(" ")[0]) or said == plain(READ_BACK_BUTTONS[0]):
        _send(talk, _on_duty(talk) or _fallback(talk))
    elif is_no(said) or said in ("change it", "change", "shorter"):
        talk.move(Handoff.REWRITING)
        talk.say(REWRITE)
    else:
        _rewrite(talk)


def _fallback(talk: Talk) -> list[Helper]:
    coordinator = _coordinator(talk.context)
    return [coordinator] if coordinator else []


def _rewrite(talk: Talk) -> None:
    if tidy(talk.text):
        talk.handoff["words"] = quote(talk.text, limit=300)
    _ask_next(talk)


def _send(talk: Talk, helpers: list[Helper], urgent: bool = False) -> None:
    """Cards out to ``helpers``, with the escalation timer running."""
    name = talk.data.get("name") or ""
    if not helpers:
        talk.move(Handoff.WAITING)
        talk.say(NOBODY.format(name=name or "sorry", emergency=talk.settings.emergency))
        return
    shared = card(talk.data, urgent=urgent)
    talk.effects.append(
        OfferHandoff(card=shared, resident_name=name, helpers=tuple(helpers), urgent=urgent)
    )
    sent = card_text(shared, talk.settings.area)
    for helper in helpers:
        talk.say(sent, ANSWER_BUTTONS, to=helper.key)
    if not urgent:  # an urgent card goes without asking, so there is no agreement to record
        with_whom = _list([holder_intro(h.name, h.organisation) for h in helpers])
        talk.effects.append(RecordConsent(purpose="handoff", shared_with=with_whom, shared=sent))
    due = talk.now + talk.settings.handoff_escalate_after
    talk.effects.append(StartTimer(name="handoff_escalate", due_at=due))
    talk.move(Handoff.WAITING)
    if not urgent:
        who = _list([first_name(h.name) for h in helpers])
        text = SENT if len(helpers) > 1 else SENT_ONE
        talk.say(text.format(name=name or "for telling me", who=who))


def _list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def urgent(talk: Talk) -> None:
    """Danger: cards marked urgent go to the people on duty at once, with no questions."""
    asked = _asked(talk.context)
    if asked:
        for link in asked:
            talk.say(f"URGENT update from {talk.name}: {tidy(talk.text)}", to=link.helper)
        return
    talk.handoff["words"] = quote(talk.text, limit=300)
    helpers = urgent_helpers(talk)
    if helpers:
        _send(talk, helpers, urgent=True)


def urgent_helpers(talk: Talk) -> list[Helper]:
    """Who an urgent card goes to: the workers on duty, and the duty coordinator."""
    on_duty = _on_duty(talk)
    coordinator = _coordinator(talk.context)
    return on_duty + ([coordinator] if coordinator and coordinator not in on_duty else [])


# While waiting, and held ------------------------------------------------------------------


def _keep_more(talk: Talk) -> None:
    if tidy(talk.text):
        talk.handoff.setdefault("more", []).append(quote(talk.text, limit=300))
    talk.say(MORE_KEPT)


def while_held(talk: Talk, danger: bool) -> None:
    """The bot stays quiet; the resident's words go to whoever holds the conversation."""
    words = tidy(talk.text)
    if not words:
        return
    if any(w in normalise(words) for w in SORTED_WORDS):
        talk.handoff["said_sorted"] = True
    state = talk.record.state
    if state == Handoff.CONFIRM_CLOSE and _answers(talk, CLOSE_BUTTONS):
        _close_answer(talk)
        return
    if state == Handoff.CONFIRM_BRING_IN and _answers(talk, BRING_IN_BUTTONS):
        _bring_in_answer(talk)
        return
    prefix = "URGENT: " if danger else ""
    for link in held_links(talk.context):
        talk.say(f"{prefix}{talk.name}: {words}", to=link.helper)
    if danger:
        talk.say(
            f"If you're in danger now, call {talk.settings.emergency}. "
            f"{talk.settings.crisis_line}, free, any time."
        )


def _answers(talk: Talk, buttons: tuple[str, str]) -> bool:
    said = plain(talk.text)
    return said in (plain(b) for b in buttons) or is_yes(said) or is_no(said)


def _agreed(talk: Talk, buttons: tuple[str, str]) -> bool:
    said = plain(talk.text)
    return said == plain(buttons[0]) or is_yes(said)


# Events from other conversations ----------------------------------------------------------


def on_answer(talk: Talk, payload: dict[str, Any]) -> None:
    """A worker pressed "I'll take this" or "Not me" (on their channel or in the inbox)."""
    link = next((x for x in talk.context.links_as_resident if x.id == payload.get("link")), None)
    by = ConversationKey(*payload.get("by", ("", "")))
    held = held_links(talk.context)
    if link is None or link.status != "asked" or link.helper != by:
        if not held:  # when it was taken, everyone else asked was told who took it
            talk.say(NOT_NEEDED, to=by)
    elif payload.get("answer") == "decline":
        _declined(talk, link)
    elif held and talk.handoff.get("joining") != list(link.helper):
        talk.say(TOO_LATE.format(holder=_names(held)), to=by)
    else:
        _accepted(talk, link, held)


def _accepted(talk: Talk, link: Link, held: list[Link]) -> None:
    talk.effects.append(AnswerLink(link_id=link.id, status="accepted"))
    _count_hand(talk, link)
    helper = _helper(talk.context, link.helper)
    intro = holder_intro(link.helper_name, helper.organisation if helper else "")
    if held:  # someone brought in, with the resident's agreement
        talk.handoff.pop("joining", None)
        new = first_name(link.helper_name)
        names = _list([first_name(x.helper_name) for x in [*held, link]])
        talk.say(JOINED_RESIDENT.format(new=intro, holders=names))
        for other in held:
            talk.say(JOINED_HOLDER.format(new=new, name=talk.name), to=other.helper)
        talk.say(_briefing(talk, joined=True), to=link.helper)
        return
    for other in _asked(talk.context):
        if other.id != link.id:
            talk.effects.append(AnswerLink(link_id=other.id, status="expired"))
            text = TAKEN_OTHER.format(holder=first_name(link.helper_name), name=talk.name)
            talk.say(text, to=other.helper)
    talk.effects.append(CancelTimers(name="handoff_escalate"))
    talk.data.pop("urgent_since", None)  # from now on their words go to a person
    by = _by(talk)
    talk.say(HELD_RESIDENT.format(holder=intro, by=by, them=first_name(link.helper_name)))
    talk.say(_briefing(talk, by=by), to=link.helper)
    talk.move(Handoff.HELD)


def _briefing(talk: Talk, by: str = "", joined: bool = False) -> str:
    """What the new holder needs: the promise made, and anything said since the card."""
    more = talk.handoff.get("more") or []
    since = f' Since the card they added: "{quote(" / ".join(more), limit=300)}".' if more else ""
    if joined:
        lead = f"You've joined {talk.name}'s conversation."
    else:
        lead = f"It's yours. I've told {talk.name} you'll text them by {by}."
    return (
        f"{lead}{since} Anything you send here goes to {talk.name} from our number, starting "
        "with your first name. CLOSE when they're sorted; BRING IN and a name to introduce "
        "someone else."
    )


def _count_hand(talk: Talk, link: Link) -> None:
    hands: list[list[str]] = talk.data.setdefault("hands", [])
    if any(tuple(h[:2]) == tuple(link.helper) for h in hands):
        return
    hands.append([*link.helper, first_name(link.helper_name)])
    coordinator = _coordinator(talk.context)
    if len(hands) > 2 and coordinator is not None:
        who = _list([h[2] for h in hands])
        flag = HANDS_FLAG.format(name=talk.name, count=len(hands), who=who)
        talk.say(flag, to=coordinator.key)


def _declined(talk: Talk, link: Link) -> None:
    talk.effects.append(AnswerLink(link_id=link.id, status="declined"))
    talk.say(DECLINED, to=link.helper)
    held = held_links(talk.context)
    if talk.handoff.get("joining") == list(link.helper):
        talk.handoff.pop("joining", None)
        new, holder = first_name(link.helper_name), _names(held)
        talk.say(JOIN_DECLINED.format(new=new, holder=holder))
        for other in held:
            talk.say(JOIN_DECLINED.format(new=new, holder="you"), to=other.helper)
    elif not held and not [x for x in _asked(talk.context) if x.id != link.id]:
        on_escalate(talk, {}, skip=link.id)


def on_escalate(talk: Talk, payload: dict[str, Any], skip: int | None = None) -> None:
    """Nobody accepted in time (or everyone said not me): the duty coordinator is asked."""
    if held_links(talk.context) or talk.record.state != Handoff.WAITING:
        return
    coordinator = _coordinator(talk.context)
    asked = [x for x in _asked(talk.context) if x.id != skip]
    if coordinator is None or any(x.helper == coordinator.key for x in asked):
        talk.say(STILL_TRYING.format(emergency=talk.settings.emergency))
        return
    first = first_name(coordinator.name)
    for link in asked:
        talk.effects.append(AnswerLink(link_id=link.id, status="expired"))
        talk.say(ESCALATED_OTHER.format(name=talk.name, coordinator=first), to=link.helper)
    shared = card(talk.data, urgent=bool(talk.handoff.get("urgent")))
    name = talk.data.get("name") or ""
    talk.effects.append(
        OfferHandoff(card=shared, resident_name=name, helpers=(coordinator,), new=False)
    )
    late = "Nobody on duty has picked this up yet. "
    talk.say(late + card_text(shared, talk.settings.area), ANSWER_BUTTONS, to=coordinator.key)
    talk.say(ESCALATED.format(coordinator=holder_intro(coordinator.name, "")))


def on_close(talk: Talk, payload: dict[str, Any]) -> None:
    """A holder sent CLOSE: close now if the resident said they're sorted, else ask them."""
    held = held_links(talk.context)
    link = next((x for x in held if x.id == payload.get("link")), None)
    if link is None:
        return
    if talk.handoff.get("said_sorted"):
        _close(talk)
        return
    talk.move(Handoff.CONFIRM_CLOSE)
    talk.say(CONFIRM_CLOSE.format(holder=first_name(link.helper_name)), CLOSE_BUTTONS)
    talk.say(ASKED_TO_CLOSE.format(name=talk.name), to=link.helper)


def _close_answer(talk: Talk) -> None:
    if _agreed(talk, CLOSE_BUTTONS):
        _close(talk)
        return
    talk.move(Handoff.HELD)
    for link in held_links(talk.context):
        talk.say(NOT_YET.format(name=talk.name), to=link.helper)


def _close(talk: Talk) -> None:
    held = held_links(talk.context)
    talk.effects.append(CloseHandoff())
    for link in held:
        talk.say(CLOSED_HOLDER.format(name=talk.name), to=link.helper)
    main = held[-1] if held else None  # links come newest first: the first holder is last
    if main is not None:
        helper = _helper(talk.context, main.helper)
        organisation = helper.organisation if helper else ""
        talk.data["last_holder"] = [*main.helper, main.helper_name, organisation]
    holder = _names(held) if held else "The person you talked with"
    talk.data["handoff"] = {}
    talk.move(Handoff.CHECK_IN)
    talk.say(CLOSED_RESIDENT.format(name=talk.name, holder=holder), CHECK_IN_BUTTONS)


def on_bring_in(talk: Talk, payload: dict[str, Any]) -> None:
    """A holder asked to bring someone in: only with the resident's agreement."""
    held = held_links(talk.context)
    link = next((x for x in held if x.id == payload.get("link")), None)
    if link is None:
        return
    person = _helper(talk.context, tuple(payload.get("person") or ()))
    if person is None or any(x.helper == person.key for x in held):
        talk.say(CANT_BRING_IN.format(who=payload.get("asked") or "them"), to=link.helper)
        return
    talk.handoff["bring_in"] = person.model_dump(mode="json")
    talk.move(Handoff.CONFIRM_BRING_IN)
    who = holder_intro(person.name, person.organisation)
    talk.say(ASK_BRING_IN.format(holder=first_name(link.helper_name), who=who), BRING_IN_BUTTONS)
    talk.say(ASKED_RESIDENT.format(name=talk.name), to=link.helper)


def _bring_in_answer(talk: Talk) -> None:
    person = Helper.model_validate(talk.handoff.pop("bring_in"))
    held = held_links(talk.context)
    talk.move(Handoff.HELD)
    new = first_name(person.name)
    if not _agreed(talk, BRING_IN_BUTTONS):
        talk.say(BRING_IN_NO.format(holder=_names(held)))
        for link in held:
            talk.say(BRING_IN_REFUSED.format(name=talk.name, new=new), to=link.helper)
        return
    talk.handoff["joining"] = list(person.key)
    shared = card(talk.data)
    name = talk.data.get("name") or ""
    talk.effects.append(OfferHandoff(card=shared, resident_name=name, helpers=(person,), new=False))
    lead = f"{_names(held)} would like to bring you in, and {talk.name} has agreed. "
    text = lead + card_text(shared, talk.settings.area)
    talk.say(text, ANSWER_BUTTONS, to=person.key)
    with_whom = holder_intro(person.name, person.organisation)
    talk.effects.append(RecordConsent(purpose="handoff", shared_with=with_whom, shared=text))
    talk.say(BRING_IN_ASKED.format(new=new))


# After closing ---------------------------------------------------------------------------


def _check_in_answer(talk: Talk) -> None:
    talk.move(Handoff.CLOSED)
    if is_yes(plain(talk.text).split(" ")[0]) or plain(talk.text) == "yes please":
        due = talk.now + talk.settings.check_in_after
        talk.effects.append(StartTimer(name="check_in", due_at=due))
        talk.say(CHECK_IN_SET)
    else:
        talk.say(CHECK_IN_NOT)


def offer_check_in(talk: Talk, last: list[str] | None = None) -> None:
    """At the end of a connection, agree a check-in; ``last`` is the person they were put in
    touch with (channel, address, name, organisation), to offer again if things aren't better."""
    if last:
        talk.data["last_holder"] = last
    talk.data["handoff"] = {}
    talk.move(Handoff.CHECK_IN)
    talk.say(CHECK_IN_OFFER, CHECK_IN_BUTTONS)


def on_intro_closed(talk: Talk, payload: dict[str, Any]) -> None:
    """An introduction ended (either said DONE): a check-in, with the peer to offer again."""
    channel, address = payload.get("helper") or ("", "")
    offer_check_in(talk, [str(channel), str(address), str(payload.get("name") or ""), ""])


def on_check_in(talk: Talk, payload: dict[str, Any]) -> None:
    """The agreed check-in: an open question, only if nothing else has started since."""
    if talk.record.state != Handoff.CLOSED:
        return
    talk.move(Handoff.CHECKING_IN)
    talk.say(CHECK_IN_QUESTION.format(name=talk.name, area=talk.settings.area))


def _checked_in(talk: Talk) -> None:
    _keep_update(talk)
    said = normalise(talk.text)
    if any(w in said for w in ("better", "good", "great", "fine", "sorted")) and not any(
        w in said for w in ("not", "no ", "worse")
    ):
        talk.move(Handoff.CLOSED)
        talk.say(GLAD)
        return
    _ask_same_again(talk)


def _keep_update(talk: Talk) -> None:
    if tidy(talk.text):
        talk.data.setdefault("updates", []).append(quote(talk.text, limit=300))


def _come_back(talk: Talk) -> None:
    _keep_update(talk)
    _ask_same_again(talk)


def _ask_same_again(talk: Talk) -> None:
    last = talk.data.get("last_holder")
    talk.move(Handoff.SAME_AGAIN)
    if not last:  # put in touch with a group: nobody named yet, so offer someone who'd stay
        talk.say(NEW_PERSON, SAME_BUTTONS)
        return
    talk.say(SAME_AGAIN.format(holder=first_name(str(last[2]))), SAME_BUTTONS)


def _same_again_answer(talk: Talk) -> None:
    last = talk.data.get("last_holder") or []
    said = plain(talk.text)
    if not (is_yes(said.split(" ")[0]) or said == "yes please"):
        talk.record.state = "connect.resting"  # a fresh start, not a half-finished question
        talk.say(SOMETHING_ELSE)
        return
    if len(last) < 4:
        talk.data["handoff"] = {}
        _ask_next(talk)
        return
    updates = talk.data.get("updates") or []
    talk.data["handoff"] = {"want": "", "more": updates[-3:]}
    person = _helper(talk.context, (last[0], last[1]))
    if person is None:  # no longer on the roster: honest, then the people on duty
        _send(talk, _on_duty(talk) or _fallback(talk))
        return
    _send(talk, [person])


# The tables: what a resident's message does in each state, and what each event does. -----

STEPS: dict[str, Callable[[Talk], None]] = {
    Handoff.NAMING: _keep_name,
    Handoff.ASKED_WANT: _keep_want,
    Handoff.READING_BACK: _read_back_answer,
    Handoff.REWRITING: _rewrite,
    Handoff.WAITING: _keep_more,
    Handoff.CHECK_IN: _check_in_answer,
    Handoff.CLOSED: _come_back,
    Handoff.CHECKING_IN: _checked_in,
    Handoff.SAME_AGAIN: _same_again_answer,
}
EVENTS: dict[str, Callable[[Talk, dict[str, Any]], None]] = {
    "handoff_answer": on_answer,
    "handoff_close": on_close,
    "handoff_bring_in": on_bring_in,
    "handoff_escalate": on_escalate,
    "check_in": on_check_in,
    "intro_closed": on_intro_closed,
}


def step(talk: Talk) -> None:
    """A resident's message in a handoff state that is not held."""
    STEPS.get(talk.record.state, _keep_more)(talk)


def on_event(talk: Talk, message: Inbound) -> None:
    """An event from another conversation or a timer."""
    handler = EVENTS.get(message.event or "")
    if handler is not None:
        handler(talk, message.payload)


def is_active(record: ConversationRecord) -> bool:
    """True while the conversation is in the handoff flow."""
    return record.state.startswith("handoff.")


PROMPTS = {
    Handoff.NAMING: ASK_NAME,
    Handoff.ASKED_WANT: ASK_WANT,
    Handoff.REWRITING: REWRITE,
}


def prompt(record: ConversationRecord) -> Reply:
    """What the handoff is waiting on, to ask again after START or a cancelled FORGET ME."""
    state = Handoff(record.state)
    if state is Handoff.READING_BACK:
        words = card(record.data)["words"]
        text = READ_BACK.format(words=quote(words, limit=200))
        return Reply(text=text, buttons=READ_BACK_BUTTONS)
    return Reply(text=PROMPTS.get(state, "I'm here. Text PERSON any time to talk to someone."))
