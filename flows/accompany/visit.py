"""Going with someone, after the request: asking peer advocates, the first yes, reminders,
cancelling or moving it, and how it went.

Everything about a visit is decided in the resident's conversation, one message or event
at a time (as a handoff is): a peer's Accept arrives here as an event, so two peers saying
yes at the same moment give one who goes, and the other is told it is covered. Nobody is
ever booked without saying yes. Timers carry the appointment time they were set for, so a
reminder for a time since moved says nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from common.models import (
    AnswerVisit,
    AskVisit,
    CancelTimers,
    ConversationKey,
    Helper,
    Inbound,
    OfferHandoff,
    RecordConsent,
    StartTimer,
    UpdateVisit,
    Visit,
)
from flows.accompany.flow import AccompanyRequest
from flows.accompany.when import read_back
from flows.connect import flow as connect
from flows.handoff.flow import ANSWER_BUTTONS, held_links, on_duty
from flows.settings import FlowSettings
from flows.step import Step
from flows.text import first_name, plain, tidy

PEER_BUTTONS = connect.PEER_BUTTONS  # the same two answers as an introduction
ASK_PEER = (
    "Could you go with someone to an appointment? {name} would like someone who's been "
    "through it to come along: {place}, {when}.{notes}"
)
ASK_PEER_MOVED = (
    "{name}'s appointment has moved. It's now {place}, {when}.{notes} Can you still go?"
)
MOVED_OFF = (
    "{name}'s appointment has moved, and the new time clashes with another you're going to, "
    "so I'll ask someone else. Thank you."
)
NOTES = ' They said: "{notes}".'
GOING = (
    "Good news: {peer} will go with you. Meet {peer} outside {place}, 10 minutes before, "
    "{when}. If anything changes, text CHANGE, or CAN'T GO."
)
GOING_PEER = (
    "Thank you, {peer}. You're going with {name}: {place}, {when}. Meet outside 10 minutes "
    "before. Text CAN'T GO if you can't make it."
)
COVERED = "Thank you. Someone else is going with {name}, so you're not needed this time."
NOT_OPEN = "Thank you. That request isn't open any more."
ALREADY = "Thank you: you're already down to go with {name}."
NOTED = "Thanks for letting me know."
NOBODY_HELD = (
    "I'm sorry: nobody could say yes for {when}. I've told {holder}, who's with you on this."
)
NOBODY = (
    "I'm sorry: nobody could say yes for {when}. I've let the team on duty know. "
    "Text PERSON if you'd like a local person to help you with it."
)
NOBODY_TO_HOLDER = "Nobody could go with {name} to {place}, {when}. Could you help with it?"
NOBODY_TO_DUTY = (
    "A resident wanted someone with them at an appointment ({when}); no peer could go. "
    "Can you take it? You'd text them via this number."
)
# The card the people on duty can pick up: nothing of the resident's but when it is, since
# they agreed to share their name and words only with the peers asked.
NOBODY_CARD = "someone to go with them to an appointment, {when}"
REMIND = (
    "A reminder: {peer} is going with you to {place} {when}. Meet outside 10 minutes before. "
    "Text CHANGE or CAN'T GO if anything's different."
)
REMIND_PEER = (
    "A reminder: you're going with {name} to {place} {when}.{notes} "
    "Text CAN'T GO if you can't make it."
)
HOW = "How did it go at {place}?"
HOW_PEER = "How did it go with {name} at {place}? Anything you say stays with the team."
HEARD = "Thank you for telling me. I've kept that, in your words."
CANCELLED = "OK, it's cancelled{told}. If you'd like someone another time, just say."
CANCELLED_TO_PEER = "{name} has cancelled {place}, {when}. Thank you for offering to go."
PEER_CANT = "{peer} can't make it now, I'm sorry."
ASKING_OTHERS = (
    "I'm asking others and will tell you who as soon as one says yes. "
    "Text CAN'T GO if you no longer need anyone."
)

MAX_ASKED = 3
# A peer already going with someone this close to the time is not free then.
BUSY_WITHIN = timedelta(hours=3)
# Reminders: the day before and two hours before; a reminder late by more than this is
# not sent at all (it would only confuse), while "how did it go" is always asked.
REMINDERS = {"day": timedelta(days=1), "soon": timedelta(hours=2)}
REMINDER_GRACE = timedelta(minutes=30)
ASK_HOW_AFTER = timedelta(hours=3)
TIMERS = ("visit_unanswered", "visit_reminder", "visit_after")
EVENTS = frozenset(
    {"visit_answer", "visit_unanswered", "visit_reminder", "visit_after", "visit_peer_cancelled"}
)
# Kept in the conversation's data while a visit is open, so the engine reads visits then.
OPEN = "visit"
ASKED_HOW = "visit_how"

# A bare CANCEL is an opt-out word on SMS (the carrier stops all messages), so it is not ours.
CANCEL_WORDS = frozenset(
    {"cant go", "cant make it", "cancel it", "cancel the visit", "not going", "call it off"}
)
CHANGE_WORDS = frozenset(
    {"change", "change it", "rearrange", "move it", "new time", "different time", "its moved"}
)


def when_words(at: datetime, talk: Step) -> str:
    """The appointment time read back in local time: "tomorrow at 2:30pm"."""
    return read_back(at.astimezone(local_zone(talk.settings)), talk.now)


def local_zone(settings: FlowSettings) -> ZoneInfo:
    """The deployment's time zone (checked at start-up; UTC if a caller passed a bad one)."""
    try:
        return ZoneInfo(settings.timezone)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def _notes(notes: str) -> str:
    """The notes as the resident approved them, whole."""
    return NOTES.format(notes=notes) if notes else ""


def _resident_name(talk: Step) -> str:
    return str(talk.data.get("name") or "A neighbour")


# Asking ----------------------------------------------------------------------------------


def fitting(
    talk: Step, request: AccompanyRequest, exclude: tuple[ConversationKey, ...]
) -> list[Helper]:
    """Every peer who goes with people, has been welcomed, covers the resident's area, is
    free then, and shares a language the resident named (when they named one)."""
    area = str(talk.data.get("area") or "")
    wanted = set(request.languages)
    booked = [
        v.peer
        for v in talk.context.booked
        if abs(v.at - request.when) < BUSY_WITHIN and v.resident != talk.record.key
    ]
    return [
        h
        for h in talk.context.roster
        if h.role == "peer"
        and h.accompanies
        and h.reachable
        and h.welcomed
        and h.key != talk.record.key
        and h.key not in exclude
        and h.key not in booked
        and talk.context.places.covers(h.areas, area)
        and (not wanted or wanted & set(h.languages))
    ]


def languages_named(text: str, roster: list[Helper]) -> tuple[str, ...]:
    """Languages someone on the roster speaks that the resident named ("she speaks Polish")."""
    words = set(plain(text).split())
    known = {lang for h in roster for lang in h.languages if lang.lower() != "english"}
    return tuple(sorted(lang for lang in known if lang.lower() in words))


def ask(talk: Step, request: AccompanyRequest, moved_from: Visit | None = None) -> bool:
    """Ask fitting peers (a new round for ``moved_from``); with none, say so honestly."""
    exclude = moved_from.declined if moved_from else ()
    peers = fitting(talk, request, exclude)
    # The peer already going is asked first about a new time, then others who fit.
    going = moved_from.peer if moved_from else None
    peers.sort(key=lambda p: p.key != going)
    peers = peers[:MAX_ASKED]
    if going is not None and going not in [p.key for p in peers]:
        talk.say(MOVED_OFF.format(name=_resident_name(talk)), to=going)
    talk.effects.extend(CancelTimers(name=name) for name in TIMERS)
    if not peers:
        if moved_from:
            talk.effects.append(UpdateVisit(visit_id=moved_from.id, status="unanswered"))
        _nobody(talk, request.where, request.when)
        return False
    name, when = request.name or _resident_name(talk), when_words(request.when, talk)
    fields = {"name": name, "place": request.where, "when": when, "notes": _notes(request.notes)}
    for peer in peers:
        moved = moved_from is not None and moved_from.peer == peer.key
        talk.say((ASK_PEER_MOVED if moved else ASK_PEER).format(**fields), PEER_BUTTONS, peer.key)
    talk.data[OPEN] = True
    talk.effects.append(
        AskVisit(
            resident_name=name,
            place=request.where,
            at=request.when,
            notes=request.notes,
            peers=tuple(peers),
            new=moved_from is None,
        )
    )
    shared = ASK_PEER.format(**fields)
    with_whom = ", ".join(p.name for p in peers)
    talk.effects.append(RecordConsent(purpose="accompany", shared_with=with_whom, shared=shared))
    due = min(talk.now + talk.settings.visit_answer_within, request.when - REMINDERS["day"])
    due = max(due, talk.now + timedelta(minutes=30))
    talk.effects.append(StartTimer(name="visit_unanswered", due_at=due, payload=_at(request.when)))
    return True


def _at(at: datetime) -> dict[str, str]:
    return {"at": at.isoformat()}


def _nobody(talk: Step, place: str, at: datetime) -> None:
    """Nobody could go: the holder is told, or the team on duty without the resident's words."""
    talk.data.pop(OPEN, None)
    when = when_words(at, talk)
    holders = held_links(talk.context)
    if holders:
        for link in holders:
            text = NOBODY_TO_HOLDER.format(name=_resident_name(talk), place=place, when=when)
            talk.say(text, to=link.helper)
        talk.say(NOBODY_HELD.format(when=when, holder=first_name(holders[0].helper_name)))
        return
    workers = on_duty(talk.context, str(talk.data.get("area") or ""))
    if workers:  # a card they can pick up, then text the resident from, as any handoff
        card = {"want": NOBODY_CARD.format(when=when)}
        talk.effects.append(
            OfferHandoff(card=card, resident_name="", helpers=tuple(workers), new=False)
        )
    for worker in workers:
        talk.say(NOBODY_TO_DUTY.format(when=when), ANSWER_BUTTONS, to=worker.key)
    talk.say(NOBODY.format(when=when))


# Events ----------------------------------------------------------------------------------


def on_event(talk: Step, message: Inbound) -> None:
    """A peer's answer or cancellation, or one of the visit's timers."""
    visit = talk.context.visit
    if message.event == "visit_answer":
        _answered(talk, visit, message.payload)
        return
    if visit is None or message.payload.get("at", visit.at.isoformat()) != visit.at.isoformat():
        return  # the visit is over, or has moved since this was set
    if message.event == "visit_unanswered" and visit.status == "asking":
        for peer in visit.asked:
            talk.effects.append(AnswerVisit(visit_id=visit.id, peer=peer, answer="withdrawn"))
        talk.effects.append(UpdateVisit(visit_id=visit.id, status="unanswered"))
        _nobody(talk, visit.place, visit.at)
    elif message.event == "visit_reminder" and visit.status == "covered":
        _remind(talk, visit, message.payload)
    elif message.event == "visit_after" and visit.status == "covered":
        _ask_how(talk, visit)
    elif message.event == "visit_peer_cancelled" and visit.status == "covered":
        _peer_cancelled(talk, visit, tuple(message.payload.get("by") or ()))


def _answered(talk: Step, visit: Visit | None, payload: dict[str, Any]) -> None:
    channel, address = payload.get("by") or ("", "")
    by = ConversationKey(str(channel), str(address))
    accept = payload.get("answer") == "accept"
    if visit is None or visit.id != payload.get("visit") or by not in visit.asked:
        same = visit is not None and visit.id == payload.get("visit")
        text = NOT_OPEN
        if same and visit and visit.peer is not None:  # a second press, or someone else's yes
            text = (ALREADY if visit.peer == by else COVERED).format(name=visit.resident_name)
        talk.say(text if accept else NOTED, to=by)
        return
    if not accept:
        talk.effects.append(AnswerVisit(visit_id=visit.id, peer=by, answer="declined"))
        talk.say(NOTED, to=by)
        if not [k for k in visit.asked if k != by]:
            talk.effects.append(CancelTimers(name="visit_unanswered"))
            talk.effects.append(UpdateVisit(visit_id=visit.id, status="unanswered"))
            _nobody(talk, visit.place, visit.at)
        return
    _going(talk, visit, by)


def _going(talk: Step, visit: Visit, by: ConversationKey) -> None:
    peer = next((h for h in talk.context.roster if h.key == by), None)
    peer_name = first_name(peer.name if peer else "Your peer")
    when = when_words(visit.at, talk)
    talk.effects.append(AnswerVisit(visit_id=visit.id, peer=by, answer="accepted"))
    talk.effects.append(CancelTimers(name="visit_unanswered"))
    talk.say(GOING.format(peer=peer_name, place=visit.place, when=when))
    talk.say(
        GOING_PEER.format(peer=peer_name, name=visit.resident_name, place=visit.place, when=when),
        to=by,
    )
    for other in visit.asked:
        if other != by:
            talk.say(COVERED.format(name=visit.resident_name), to=other)
    for which, before in REMINDERS.items():
        if visit.at - before > talk.now:
            payload = {**_at(visit.at), "which": which}
            talk.effects.append(
                StartTimer(name="visit_reminder", due_at=visit.at - before, payload=payload)
            )
    after = StartTimer(name="visit_after", due_at=visit.at + ASK_HOW_AFTER, payload=_at(visit.at))
    talk.effects.append(after)


def _remind(talk: Step, visit: Visit, payload: dict[str, Any]) -> None:
    due = datetime.fromisoformat(str(payload.get("due_at") or talk.now.isoformat()))
    if talk.now - due > REMINDER_GRACE or visit.at <= talk.now or visit.peer is None:
        return  # its moment has passed: a late reminder would only confuse
    when = when_words(visit.at, talk)
    peer = first_name(visit.peer_name)
    talk.say(REMIND.format(peer=peer, place=visit.place, when=when))
    text = REMIND_PEER.format(
        name=visit.resident_name, place=visit.place, when=when, notes=_notes(visit.notes)
    )
    talk.say(text, to=visit.peer)


def _ask_how(talk: Step, visit: Visit) -> None:
    talk.effects.append(UpdateVisit(visit_id=visit.id, status="after"))
    talk.data[ASKED_HOW] = True
    talk.say(HOW.format(place=visit.place))
    if visit.peer is not None:
        talk.say(HOW_PEER.format(name=visit.resident_name, place=visit.place), to=visit.peer)


def _peer_cancelled(talk: Step, visit: Visit, by: tuple[object, ...]) -> None:
    if visit.peer is None or tuple(visit.peer) != by:
        return
    talk.effects.append(AnswerVisit(visit_id=visit.id, peer=visit.peer, answer="withdrawn"))
    request = AccompanyRequest(
        where=visit.place, when=visit.at, notes=visit.notes, name=visit.resident_name
    )
    gone = visit.model_copy(update={"declined": (*visit.declined, visit.peer), "peer": None})
    talk.say(PEER_CANT.format(peer=first_name(visit.peer_name)))
    if ask(talk, request, moved_from=gone):
        talk.say(ASKING_OTHERS)


# The resident's own messages while a visit is open ----------------------------------------


def on_message(talk: Step) -> bool:
    """CANCEL, or how it went; True when the message was about the visit."""
    visit = talk.context.visit
    if visit is None:
        return False
    words = plain(talk.text)
    if visit.status == "after" and talk.data.get(ASKED_HOW):
        said = tidy(talk.text)
        done = visit.peer_said is not None and visit.minutes is not None
        status = "done" if done else None
        talk.effects.append(UpdateVisit(visit_id=visit.id, resident_said=said, status=status))
        talk.data.pop(ASKED_HOW, None)
        talk.data.pop(OPEN, None)
        talk.say(HEARD)
        return True
    if visit.status in ("asking", "covered") and words in CANCEL_WORDS:
        _cancel(talk, visit)
        return True
    return False


def wants_change(talk: Step) -> bool:
    """The resident wants to move an open visit (the accompany questions then ask what)."""
    visit = talk.context.visit
    return (
        visit is not None
        and visit.status in ("asking", "covered")
        and plain(talk.text) in CHANGE_WORDS
    )


def _cancel(talk: Step, visit: Visit) -> None:
    talk.effects.extend(CancelTimers(name=name) for name in TIMERS)
    talk.effects.append(UpdateVisit(visit_id=visit.id, status="cancelled"))
    for peer in visit.asked:
        talk.effects.append(AnswerVisit(visit_id=visit.id, peer=peer, answer="withdrawn"))
    talk.data.pop(OPEN, None)
    told = ""
    if visit.peer is not None:
        when = when_words(visit.at, talk)
        text = CANCELLED_TO_PEER.format(name=visit.resident_name, place=visit.place, when=when)
        talk.say(text, to=visit.peer)
        told = f" and I've told {first_name(visit.peer_name)}"
    talk.say(CANCELLED.format(told=told))
