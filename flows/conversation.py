"""One message in, one decision out: global words first, then the conversation's flow.

From any state: STOP ends all messages until START; START picks up where it was; HELP
says what this is and how to stop; PERSON asks for a named human; FORGET ME erases
everything once confirmed; signs of danger stop the flow and bring in a person at once.
After STOP, nothing is said at all. While a named person holds the conversation the bot
is quiet and the resident's words go to them; while a peer and a resident talk through
the bot, their messages are relayed; otherwise the conversation's flow decides.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from common.models import (
    Context,
    ConversationRecord,
    Effect,
    Inbound,
    RecordConsent,
    Reply,
    StartTimer,
    Turn,
    Visit,
)
from flows.accompany import flow as accompany
from flows.accompany import visit, visit_peer
from flows.anywhere import flood, forget
from flows.anywhere.keywords import Keyword, classify
from flows.connect import flow as connect
from flows.connect import relay
from flows.handoff import flow as handoff
from flows.handoff import holding, urgent
from flows.listen import flow as listen
from flows.offer import flow as offer
from flows.safety import detect_danger
from flows.settings import FlowSettings
from flows.text import is_skip, is_yes, quote

HELP = (
    "The {area} neighbours line: a bot, with local people behind it, who put you in touch "
    "with neighbours and groups. PERSON to talk to someone, STOP to stop."
)
STOPPED = (
    "OK, you won't get any more messages from us. Text START if you ever want to pick up again."
)
STARTED = "Welcome back. "
STILL_HERE = "I'm still here. "
TOO_LONG = (
    "Thank you, I've kept all of that. It's more than I can take in at once: "
    "could you tell me the main thing in a few words?"
)
NO_WORDS = "I couldn't see any words in that. "
# When a message could not be dealt with even after several tries (the engine sets it aside).
SET_ASIDE = (
    "Sorry, something went wrong on our side with your last message. Could you send it"
    " again? Or type PERSON to reach someone."
)
MEDIA_ONLY = "Thanks. I can only read text messages for now: could you put that in words?"

NO_CONTEXT = Context()


def new_record(message: Inbound) -> ConversationRecord:
    """The record for someone we have not heard from before."""
    return ConversationRecord(
        channel=message.channel, address=message.address, state=listen.Listen.NEW
    )


def needs_options(record: ConversationRecord | None) -> bool:
    """Whether this message may lead to offering options, so the engine should look them up."""
    return record is not None and (
        record.state == listen.Listen.ASKED_AREA
        or record.state.startswith("connect.")
        or record.data.get(RESUME) == CONNECT_NEXT
    )


def needs_visits(record: ConversationRecord | None, message: Inbound, context: Context) -> bool:
    """Whether a visit may be involved, so the engine should read visits for this message."""
    if (message.event or "").startswith("visit_"):
        return True
    if record is not None and (
        record.state.startswith("accompany.") or record.data.get(visit.OPEN)
    ):
        return True
    return any(h.key == message.key and h.accompanies for h in context.roster)


def needs_bookings(record: ConversationRecord | None, message: Inbound) -> bool:
    """Whether peers may be asked to go with someone, so who is booked already matters."""
    if message.event == "visit_peer_cancelled":
        return True
    return record is not None and (record.state.startswith("accompany.") or record.state == NAMING)


def respond(
    record: ConversationRecord | None,
    message: Inbound,
    now: datetime,
    settings: FlowSettings,
    context: Context = NO_CONTEXT,
) -> Turn:
    """Decide what one message changes and what to say back."""
    # A copy, so the caller's record is never changed.
    current = (
        record.model_copy(update={"data": _copied(record.data)}) if record else new_record(message)
    )
    turn = _decide(current, message, now, settings, context)
    own = [r for r in turn.replies if r.to is None]
    if own:
        # A number typed on SMS is read against the buttons of the last message.
        turn.record.buttons = own[-1].buttons
    return turn


def _copied(value: Any) -> Any:
    """A deep copy of JSON-shaped data (a record's data); five times faster than a round
    trip through JSON, which was a measurable part of every message."""
    if type(value) is dict:
        return {key: _copied(item) for key, item in value.items()}
    if type(value) is list:
        return [_copied(item) for item in value]
    return value


def _decide(
    current: ConversationRecord,
    message: Inbound,
    now: datetime,
    settings: FlowSettings,
    context: Context,
    counted: bool = True,
) -> Turn:
    if message.event is not None:
        return _event(current, message, now, settings, context)
    message = _numbered_choice(current, message)
    keyword = None if message.press else classify(message.text)
    returning = _is_returning(current, now, settings)
    if current.opted_out:
        return _while_stopped(current, keyword, settings)
    current.last_seen_at = now
    if keyword is Keyword.STOP:
        return _keyword(current, message, keyword, settings, now, context)
    danger = not message.press and detect_danger(message.text) is not None
    held = handoff.held_links(context)
    if not held and (danger or (urgent.is_urgent(current) and keyword is None)):
        return urgent.respond(_handoff_talk(current, message, now, settings, context))
    if counted:
        flooded = _through_flood(current, message, now, keyword, danger, context)
        if isinstance(flooded, Turn):
            return flooded
        message = flooded
    if forget.is_pending(current):
        return forget.answer(current, message, _question(current, settings))
    if keyword in (Keyword.HELP, Keyword.FORGET) or (keyword is not None and not held):
        return _keyword(current, message, keyword, settings, now, context)
    if held:
        talk = _handoff_talk(current, message, now, settings, context)
        handoff.while_held(talk, danger)
        return talk.turn()
    helping = (
        holding.sign_in(current, message, context, settings.public_url)
        or holding.as_helper(current, message, context)
        or relay.as_helper(current, message, context)
        or visit_peer.as_peer(current, message, context)
        or relay.as_resident(current, message, context)
    )
    if helping is not None:
        return helping
    if offer.wants_to_help(message.text) and not current.state.startswith("offer."):
        return _begin_offer(current, settings)
    if len(message.text) > settings.max_text_chars:
        return Turn(record=current, replies=[Reply(text=TOO_LONG)])
    if not message.text.strip() and not message.press:
        if message.has_media:
            return Turn(record=current, replies=[Reply(text=MEDIA_ONLY)])
        return _reask(current, settings, NO_WORDS)
    about_visit = _open_visit(current, message, now, settings, context)
    if about_visit is not None:
        return about_visit
    if returning and not handoff.is_active(current):
        return _welcome_back(current, message, settings)
    return _flow(current, message, now, settings, context)


def _through_flood(
    current: ConversationRecord,
    message: Inbound,
    now: datetime,
    keyword: Keyword | None,
    danger: bool,
    context: Context,
) -> Turn | Inbound:
    """The message to answer (with what the pause held), or the turn that holds it.

    Presses, keywords, danger and anyone on the roster are never held: a worker's INBOX
    or accept, or a resident's PERSON, must not wait behind a flood.
    """
    if message.press or keyword is not None or danger or handoff.find_helper(context, current.key):
        return message
    said = flood.check(current.data, now)
    if said is None:
        text = flood.with_held(current.data, message.text)
        return message if text is message.text else message.model_copy(update={"text": text})
    flood.hold(current.data, message.text)
    if not said:
        return Turn(record=current)
    answer_later = StartTimer(name=flood.TIMER, due_at=now + flood.WINDOW)
    return Turn(record=current, replies=[Reply(text=said)], effects=[answer_later])


def _flood_over(
    record: ConversationRecord,
    message: Inbound,
    now: datetime,
    settings: FlowSettings,
    context: Context,
) -> Turn:
    """The pause is over: answer what was held, as one message (or wait on if it goes on)."""
    text = flood.release(record.data, now)
    if text is None:
        later = StartTimer(name=flood.TIMER, due_at=now + flood.WINDOW)
        return Turn(record=record, effects=[later])
    if not text:
        return Turn(record=record)
    said = message.model_copy(update={"event": None, "payload": {}, "text": text})
    return _decide(record, said, now, settings, context, counted=False)


def _handoff_talk(
    record: ConversationRecord,
    message: Inbound,
    now: datetime,
    settings: FlowSettings,
    context: Context,
) -> handoff.Talk:
    text = message.press or message.text
    return handoff.Talk(record=record, text=text, now=now, settings=settings, context=context)


def _event(
    record: ConversationRecord,
    message: Inbound,
    now: datetime,
    settings: FlowSettings,
    context: Context,
) -> Turn:
    """A timer set earlier has fired, or another conversation passed something on."""
    if message.event in handoff.EVENTS or message.event in visit.EVENTS:
        talk = _handoff_talk(record, message, now, settings, context)
        if message.event in visit.EVENTS:
            visit.on_event(talk, message)
        else:
            handoff.on_event(talk, message)
        if record.opted_out:  # others still hear what concerns them; after STOP, they don't
            talk.replies = [r for r in talk.replies if r.to is not None]
        return talk.turn()
    handler = TIMER_HANDLERS.get(message.event or "")
    if handler is None or record.opted_out:
        return Turn(record=record)
    return handler(record, message, now, settings, context)


def _intro_expired(
    record: ConversationRecord, message: Inbound, _: datetime, __: FlowSettings, context: Context
) -> Turn:
    helper = message.payload.get("helper") or ("", "")
    return relay.expire(record, (str(helper[0]), str(helper[1])), context)


TimerHandler = Callable[[ConversationRecord, Inbound, datetime, FlowSettings, Context], Turn]
TIMER_HANDLERS: dict[str, TimerHandler] = {
    "intro_expired": _intro_expired,
    flood.TIMER: _flood_over,
}


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


def _while_stopped(
    record: ConversationRecord, keyword: Keyword | None, settings: FlowSettings
) -> Turn:
    if keyword is not Keyword.START:
        return Turn(record=record)
    record.opted_out = False
    return _reask(record, settings, STARTED)


def _keyword(
    record: ConversationRecord,
    message: Inbound,
    keyword: Keyword,
    settings: FlowSettings,
    now: datetime,
    context: Context,
) -> Turn:
    if keyword is Keyword.STOP:
        record.opted_out = True
        quiet = message.channel in settings.carrier_confirms_stop
        return Turn(record=record, replies=[] if quiet else [Reply(text=STOPPED)])
    if keyword is Keyword.START:
        return _reask(record, settings, STILL_HERE)
    if keyword is Keyword.HELP:
        return Turn(record=record, replies=[Reply(text=HELP.format(area=settings.area))])
    if keyword is Keyword.FORGET:
        return forget.ask(record)
    talk = _handoff_talk(record, message, now, settings, context)
    handoff.begin(talk)
    return talk.turn()


def _question(record: ConversationRecord, settings: FlowSettings) -> Reply:
    """The question the conversation is waiting on, to ask again."""
    if handoff.is_active(record):
        return handoff.prompt(record)
    if record.state == NAMING:
        return Reply(text=ASK_NAME)
    if record.state.startswith("accompany."):
        now = record.last_seen_at or datetime.min.replace(tzinfo=UTC)  # set on every message
        return accompany.prompt(accompany.Accompany(record.state), record.data, now)
    if record.state.startswith("connect."):
        return connect.prompt(connect.Connect(record.state))
    if record.state.startswith("offer."):
        return offer.prompt(offer.Offer(record.state), settings.area)
    return listen.prompt(listen.Listen(record.state), record.data, settings)


def _reask(record: ConversationRecord, settings: FlowSettings, lead: str) -> Turn:
    if record.state == listen.Listen.NEW:
        greeting = listen.GREETING.format(area=settings.area)
        record.state = listen.Listen.ASKED_WHAT
        return Turn(record=record, replies=[Reply(text=greeting)])
    question = _question(record, settings)
    return Turn(record=record, replies=[Reply(text=lead + question.text, buttons=question.buttons)])


def _welcome_back(record: ConversationRecord, message: Inbound, settings: FlowSettings) -> Turn:
    if not record.state.startswith("listen."):
        lead = listen.WELCOME_BACK.format(said=quote(listen.last_said(record.data)))
        return _reask(record, settings, lead)
    talk = _listen_talk(record, message, settings)
    listen.welcome_back(talk)
    record.state = str(talk.fsm_state)
    return Turn(record=record, replies=talk.replies)


def _listen_talk(
    record: ConversationRecord, message: Inbound, settings: FlowSettings
) -> listen.Talk:
    return listen.Talk(
        fsm_state=listen.Listen(record.state),
        answers=record.data,
        text=message.press or message.text,
        settings=settings,
    )


def _flow(
    record: ConversationRecord,
    message: Inbound,
    now: datetime,
    settings: FlowSettings,
    context: Context,
) -> Turn:
    if handoff.is_active(record) or (
        record.state == connect.Connect.OFFERED and connect.wants_person(message.text, record.data)
    ):
        held = _handoff_talk(record, message, now, settings, context)
        handoff.step(held) if handoff.is_active(record) else handoff.begin(held)
        return held.turn()
    going = _visit(record, message, now, settings, context)
    if going is not None:
        return going
    if record.state.startswith("connect."):
        return _connect(record, message, now, settings, context, begin=False)
    if record.state.startswith("offer."):
        return _offer(record, message, settings)
    talk = _listen_talk(record, message, settings)
    listen.step(talk)
    record.state = str(talk.fsm_state)
    if talk.fsm_state != listen.Listen.LISTENED:
        return Turn(record=record, replies=talk.replies)
    if is_yes(str(record.data.get("helping", "")).split(" ")[0]):
        talk.replies[-1] = Reply(text=f"{talk.replies[-1].text} {offer.HINT}")
    if _offer_company(record, listen.said(record.data)):
        turn = _begin_accompany(record, now, settings, resume=CONNECT_NEXT)
    else:
        turn = _connect(record, message, now, settings, context, begin=True)
    return Turn(record=turn.record, replies=talk.replies + turn.replies, effects=turn.effects)


def _begin_offer(record: ConversationRecord, settings: FlowSettings) -> Turn:
    record.data[offer.RESUME] = record.state
    talk = offer.Talk(
        fsm_state=offer.Offer.BEEN_THROUGH, data=record.data, text="", area=settings.area
    )
    offer.begin(talk)
    if record.state == listen.Listen.NEW:  # a first reply always says who we are
        intro = listen.INTRO.format(area=settings.area)
        talk.replies[0] = Reply(text=f"{intro} {talk.replies[0].text}")
    record.state = str(talk.fsm_state)
    return Turn(record=record, replies=talk.replies)


def _offer(record: ConversationRecord, message: Inbound, settings: FlowSettings) -> Turn:
    talk = offer.Talk(
        fsm_state=offer.Offer(record.state),
        data=record.data,
        text=message.press or message.text,
        area=settings.area,
    )
    offer.step(talk)
    record.state = str(talk.fsm_state)
    if talk.fsm_state == offer.Offer.DONE:
        resume = str(record.data.pop(offer.RESUME, connect.Connect.RESTING))
        record.state = resume if resume != listen.Listen.NEW else connect.Connect.RESTING
    return Turn(record=record, replies=talk.replies, effects=talk.effects)


def _connect(
    record: ConversationRecord,
    message: Inbound,
    now: datetime,
    settings: FlowSettings,
    context: Context,
    begin: bool,
) -> Turn:
    state = record.state if record.state.startswith("connect.") else connect.Connect.RESTING
    if state == connect.Connect.WAITING and not _waiting_on_someone(context):
        state = connect.Connect.RESTING  # they answered, or the request lapsed
    talk = connect.Talk(
        fsm_state=connect.Connect(state),
        data=record.data,
        text="" if begin else (message.press or message.text),
        options=context.options,
        settings=settings,
        now=now,
        worker=context.worker,
    )
    connect.begin(talk) if begin else connect.step(talk)
    record.state = str(talk.fsm_state)
    turn = Turn(record=record, replies=talk.replies, effects=talk.effects)
    if any(isinstance(e, RecordConsent) and e.purpose == "group_contact" for e in turn.effects):
        # They are in touch with a group now: agree a check-in, as at the end of a handoff.
        later = _handoff_talk(record, message, now, settings, context)
        handoff.offer_check_in(later)
        turn.replies += later.replies
    return turn


def _waiting_on_someone(context: Context) -> bool:
    return any(link.status == "asked" for link in context.links_as_resident)


# Going with someone to an appointment ------------------------------------------------------

NAMING = "visit.naming"
ASK_NAME = "What name should they ask for when they meet you? A first name is plenty."
RESUME = "accompany_resume"
DECLINED_COMPANY = "accompany_declined"
MOVING = "visit_moving"
CONNECT_NEXT = "connect.next"  # after the request, offer what else fits


def _offer_company(record: ConversationRecord, text: str) -> bool:
    """Offer someone to go along: an appointment mentioned, none asked for, not turned down."""
    if record.data.get(visit.OPEN) or not accompany.mentions_appointment(text):
        return False
    return not record.data.get(DECLINED_COMPANY) or accompany.asks_for_company(text)


def _visit(
    record: ConversationRecord,
    message: Inbound,
    now: datetime,
    settings: FlowSettings,
    context: Context,
) -> Turn | None:
    """The accompany questions, or offering someone to go along."""
    if record.state.startswith("accompany.") or record.state == NAMING:
        return _accompany(record, message, now, settings, context)
    resting = (connect.Connect.RESTING, connect.Connect.OFFERED, connect.Connect.WAITING)
    if record.state in resting and _offer_company(record, message.text):
        return _begin_accompany(record, now, settings, resume=connect.Connect.RESTING)
    return None


def _open_visit(
    record: ConversationRecord,
    message: Inbound,
    now: datetime,
    settings: FlowSettings,
    context: Context,
) -> Turn | None:
    """CAN'T GO, CHANGE or how it went, about the resident's open visit (also on return)."""
    if context.visit is None or record.state.startswith("accompany."):
        return None
    talk = _handoff_talk(record, message, now, settings, context)
    if visit.on_message(talk):
        return talk.turn()
    if visit.wants_change(talk):
        return _move_visit(record, context.visit, now, settings)
    return None


def _begin_accompany(
    record: ConversationRecord, now: datetime, settings: FlowSettings, resume: str
) -> Turn:
    record.data[RESUME] = resume
    record.state = str(accompany.Accompany.OFFERED)
    talk = _accompany_talk(record, "", now, settings)
    accompany.begin(talk)
    record.state = str(talk.fsm_state)
    return Turn(record=record, replies=talk.replies)


def _accompany_talk(
    record: ConversationRecord, text: str, now: datetime, settings: FlowSettings
) -> accompany.Talk:
    return accompany.Talk(
        fsm_state=record.state, data=record.data, text=text, now=now, tz=settings.timezone
    )


def _move_visit(
    record: ConversationRecord, going: Visit, now: datetime, settings: FlowSettings
) -> Turn:
    """CHANGE: the accompany questions again, from what was asked for."""
    local = going.at.astimezone(visit.local_zone(settings))
    record.data[accompany.KEEP] = {
        "where": going.place,
        "when": local.isoformat(),
        "notes": going.notes,
    }
    record.data[MOVING] = True
    record.data.setdefault(RESUME, connect.Connect.RESTING)
    record.state = str(accompany.Accompany.CHANGING)
    question = accompany.prompt(accompany.Accompany.CHANGING, record.data, now)
    return Turn(record=record, replies=[question])


def _accompany(
    record: ConversationRecord,
    message: Inbound,
    now: datetime,
    settings: FlowSettings,
    context: Context,
) -> Turn:
    replies: list[Reply] = []
    if record.state == NAMING:
        record.data["name"] = quote(message.text, limit=40) if not is_skip(message.text) else ""
        state = accompany.Accompany.REQUESTED
        replies.append(Reply(text=accompany.REQUESTED))
    else:
        talk = _accompany_talk(record, message.press or message.text, now, settings)
        accompany.step(talk)
        state = accompany.Accompany(talk.fsm_state)
        record.state = str(state)
        if state not in (accompany.Accompany.REQUESTED, accompany.Accompany.DECLINED):
            return Turn(record=record, replies=talk.replies)
        if state is accompany.Accompany.REQUESTED and "name" not in record.data:
            record.state = NAMING  # the peer needs a name to meet them by
            return Turn(record=record, replies=[Reply(text=ASK_NAME)])
        replies += talk.replies
    effects: list[Effect] = []
    moving = context.visit if record.data.pop(MOVING, False) else None
    if state is accompany.Accompany.DECLINED:
        record.data[DECLINED_COMPANY] = True
    else:
        request = accompany.request(record.data)
        words = " ".join((listen.said(record.data), request.notes))
        request = request.model_copy(
            update={"languages": visit.languages_named(words, context.roster)}
        )
        asking = _handoff_talk(record, message, now, settings, context)
        if not visit.ask(asking, request, moved_from=moving):
            replies = []  # nobody to ask: the honest answer replaces the promise to ask
        replies += asking.replies
        effects = asking.effects
    resume = str(record.data.pop(RESUME, connect.Connect.RESTING))
    if resume != CONNECT_NEXT:
        record.state = resume
        return Turn(record=record, replies=replies, effects=effects)
    turn = _connect(record, message, now, settings, context, begin=True)
    return Turn(record=turn.record, replies=replies + turn.replies, effects=effects + turn.effects)
