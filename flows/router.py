"""One message in, one decision out: the guards in declared order, then the journey.

``ROUTES`` is the whole precedence: the first route that deals with a message wins, so
reading it top to bottom says what wins over what. Events (a timer fired, another
conversation passed something on) come first; the journey the conversation is in
(``flows.journeys``) comes last. ``lookups`` reads the same declarations to tell the
engine what to read from the store before it calls ``respond``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from common.models import Context, ConversationRecord, Inbound, StartTimer, Turn
from flows import journeys
from flows.accompany import turn as accompany
from flows.accompany import visit, visit_peer
from flows.anywhere import flood, guards, late, safe_check
from flows.connect import finish, relay
from flows.handoff import alarm, duty, holding
from flows.handoff import flow as handoff
from flows.journeys import Lookup
from flows.listen import flow as listen
from flows.offer import turn as offer
from flows.offer import welcome
from flows.settings import FlowSettings
from flows.step import RETURN_TO, Step

# When a message could not be dealt with even after several tries (the engine sets it aside).
SET_ASIDE = (
    "Sorry, something went wrong on our side with your last message. Could you send it"
    " again? Or type PERSON to reach someone."
)

Looks = Callable[[ConversationRecord | None, Inbound, Context], bool]


@dataclass(frozen=True)
class Route:
    """A named guard; ``needs`` is looked up first when ``looks`` says it may apply."""

    name: str
    decide: Callable[[Step], bool]
    needs: frozenset[Lookup] = frozenset()
    looks: Looks | None = None


def _has_open_visit(record: ConversationRecord | None, _: Inbound, __: Context) -> bool:
    return record is not None and bool(record.data.get(visit.OPEN))


def _goes_with_people(_: ConversationRecord | None, message: Inbound, context: Context) -> bool:
    return any(h.key == message.key and h.accompanies for h in context.roster)


def _event(talk: Step) -> bool:
    """A timer set earlier has fired, or another conversation passed something on."""
    name = talk.message.event
    if name is None:
        return False
    if name in visit.EVENTS:
        visit.on_event(talk, talk.message)
    elif name in handoff.EVENTS:
        handoff.on_event(talk, talk.message)
    elif name == welcome.EVENT:
        welcome.on_event(talk, talk.message.payload)
    elif name in TIMERS and not talk.record.opted_out:
        TIMERS[name](talk)
    if talk.record.opted_out:  # others still hear what concerns them; after STOP, they don't
        talk.replies = [r for r in talk.replies if r.to is not None]
    return True


def _flow(talk: Step) -> bool:
    journeys.flow_of(talk.fsm_state).step(talk)
    return True


def _safe_answer(talk: Step) -> bool:
    """The answer to "are you safe?"; once they are, what raised it is decided as it would
    have been."""
    if not safe_check.answer(talk):
        return False
    if talk.safe_said:
        _decide(talk)
    return True


def _role(helper: Callable[[Step], Turn | None]) -> Callable[[Step], bool]:
    return lambda talk: guards.took(talk, helper(talk))


VISITS = frozenset({Lookup.VISITS})
LAST_CARD = frozenset({Lookup.LAST_CARD})
ROUTES: tuple[Route, ...] = (
    Route("a timer or another conversation", _event),
    Route("after STOP, only START", guards.while_stopped),
    Route("STOP", guards.stop),
    Route("the answer to 'are you safe?'", _safe_answer),
    Route("an urgent card, said to be a misunderstanding", alarm.told_misunderstanding),
    Route("danger, clear: the numbers and a person", guards.danger),
    Route("danger, uncertain: are you safe?", safe_check.ask),
    Route("an urgent card waits: words kept for it, never taken", alarm.keep_words),
    Route("a flood, held", guards.flood_pause),
    Route("the answer to FORGET ME", guards.forget_asked),
    Route("HELP, FORGET ME, START, PERSON", guards.keywords),
    Route("held by a named person", guards.held),
    Route("a worker's INBOX", _role(holding.sign_in)),
    Route("ON DUTY / OFF DUTY from someone on the roster", _role(duty.duty)),
    Route("a coordinator welcoming a new neighbour", _role(welcome.as_coordinator)),
    Route("a card no longer open to them", late.card, LAST_CARD, late.card_looks),
    Route("a request no longer open to them", late.request, VISITS, late.request_looks),
    Route("a worker's card or held conversation", _role(holding.as_helper)),
    Route("a peer talking through the bot", _role(relay.as_helper)),
    Route("a peer going with someone", _role(visit_peer.as_peer), VISITS, _goes_with_people),
    Route("a resident talking through the bot", _role(relay.as_resident)),
    Route("I'd like to help", offer.on_offer),
    Route("too long", guards.too_long),
    Route("no words", guards.no_words),
    Route("about their open visit", accompany.about_open_visit, VISITS, _has_open_visit),
    Route("back after a long gap", guards.welcome_back),
    Route("a person instead of the options", guards.person_from_options),
    Route("an appointment mentioned", accompany.on_mention),
    Route("the journey they are in", _flow),
)


def _intro_expired(talk: Step) -> None:
    guards.took(talk, relay.expire(talk))


def _flood_over(talk: Step) -> None:
    """The pause is over: answer what was held, as one message (or wait on if it goes on)."""
    text = flood.release(talk.data, talk.now)
    if text is None:
        talk.effects.append(StartTimer(name=flood.TIMER, due_at=talk.now + flood.WINDOW))
    elif text:
        talk.read_again(text)
        _decide(talk)


TIMERS: dict[str, Callable[[Step], None]] = {
    "intro_expired": _intro_expired,
    finish.ASKED: finish.ask,  # a peer sent DONE: the resident is asked before it ends
    finish.QUIET: finish.quiet,
    flood.TIMER: _flood_over,
}
# Events that concern a visit read the visits; a peer dropping out reads who is booked too.
EVENT_NEEDS = {name: VISITS for name in visit.EVENTS} | {
    "visit_peer_cancelled": frozenset({Lookup.VISITS, Lookup.BOOKINGS})
}


def new_record(message: Inbound) -> ConversationRecord:
    """The record for someone we have not heard from before."""
    return ConversationRecord(
        channel=message.channel, address=message.address, state=listen.Listen.NEW
    )


def respond(
    record: ConversationRecord | None,
    message: Inbound,
    now: datetime,
    settings: FlowSettings,
    context: Context | None = None,
) -> Turn:
    """Decide what one message changes and what to say back (``record`` is not changed)."""
    current = (
        record.model_copy(update={"data": _copied(record.data)}) if record else new_record(message)
    )
    talk = Step(current, message, now, settings, context or Context())
    _decide(talk)
    own = [r for r in talk.replies if r.to is None]
    if own:
        # A number typed on SMS is read against the buttons of the last message.
        talk.record.buttons = own[-1].buttons
    return talk.turn()


def _decide(talk: Step) -> None:
    if talk.message.event is None:
        talk.message = _numbered_choice(talk.record, talk.message)
        talk.returning = _is_returning(talk.record, talk.now, talk.settings)
        if not talk.record.opted_out:
            talk.record.last_seen_at = talk.now
    for route in ROUTES:
        if route.decide(talk):
            return


def lookups(
    record: ConversationRecord | None, message: Inbound, context: Context
) -> frozenset[Lookup]:
    """What to read before ``respond``: the declarations of the journey the conversation
    is in (and the one it goes back to), of the event, and of the routes that may apply."""
    found = set(EVENT_NEEDS.get(message.event or "", ()))
    record = record or new_record(message)  # someone new: a first message is heard too
    for state in (record.state, *record.data.get(RETURN_TO, [])[-1:]):
        found |= journeys.flow_of(str(state)).needs_in(str(state))
    for route in ROUTES:
        if route.looks is not None and route.looks(record, message, context):
            found |= route.needs
    return frozenset(found)


def _copied(value: object) -> object:
    """A deep copy of JSON-shaped data (a record's data); five times faster than a round
    trip through JSON, which was a measurable part of every message."""
    if type(value) is dict:
        return {key: _copied(item) for key, item in value.items()}
    if type(value) is list:
        return [_copied(item) for item in value]
    return value


def _numbered_choice(record: ConversationRecord, message: Inbound) -> Inbound:
    """Read "2" as the second button where the channel showed buttons as numbered lines."""
    choice = message.text.strip().rstrip(".)")
    if message.press or not record.buttons or not choice.isdigit():
        return message
    index = int(choice) - 1
    if not 0 <= index < len(record.buttons):
        return message
    return message.model_copy(update={"press": record.buttons[index]})


def _is_returning(record: ConversationRecord, now: datetime, settings: FlowSettings) -> bool:
    if record.last_seen_at is None or record.state == listen.Listen.NEW:
        return False
    return now - record.last_seen_at >= settings.return_after and bool(
        listen.last_said(record.data)
    )
