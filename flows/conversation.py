"""One message in, one decision out: global words first, then the conversation's flow.

From any state: STOP ends all messages until START; START picks up where it was; HELP
says what this is and how to stop; PERSON asks for a named human. After STOP, nothing
is said at all.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from common.models import ConversationRecord, Inbound, PersonRequested, Reply, Turn
from flows import listen
from flows.keywords import Keyword, classify
from flows.settings import FlowSettings
from flows.text import quote

HELP = (
    "This is the {area} neighbours line: a bot, with local people behind it, who put you "
    "in touch with neighbours and groups. PERSON to talk to someone, STOP to stop."
)
STOPPED = (
    "OK, you won't get any more messages from us. Text START if you ever want to pick up again."
)
STARTED = "Welcome back. "
STILL_HERE = "I'm still here. "
PERSON_ASKED = (
    "Thank you. I've asked for a local person to pick this up. They'll text you here, "
    "and I'll tell you their name as soon as they do."
)
PERSON_ALREADY = (
    "You've asked already and that's still open. Someone local will text you here, "
    "and I'll tell you their name first."
)
TOO_LONG = (
    "Thank you, I've kept all of that. It's more than I can take in at once: "
    "could you tell me the main thing in a few words?"
)
NO_WORDS = "I couldn't see any words in that. "
MEDIA_ONLY = "Thanks. I can only read text messages for now: could you put that in words?"


def new_record(message: Inbound) -> ConversationRecord:
    """The record for someone we have not heard from before."""
    return ConversationRecord(
        channel=message.channel, address=message.address, state=listen.Listen.NEW
    )


def respond(
    record: ConversationRecord | None, message: Inbound, now: datetime, settings: FlowSettings
) -> Turn:
    """Decide what one message changes and what to say back."""
    turn = _decide(record, message, now, settings)
    if turn.replies:
        # A number typed on SMS is read against the buttons of the last message.
        turn.record.buttons = turn.replies[-1].buttons
    return turn


def _decide(
    record: ConversationRecord | None, message: Inbound, now: datetime, settings: FlowSettings
) -> Turn:
    current = record.model_copy(deep=True) if record else new_record(message)
    if message.event is not None:
        return _timer(current, message, now, settings)
    message = _numbered_choice(current, message)
    keyword = None if message.press else classify(message.text)
    returning = _is_returning(current, now, settings)
    if current.opted_out:
        return _while_stopped(current, message, keyword, settings)
    current.last_seen_at = now
    if keyword is not None:
        return _keyword(current, message, keyword, settings)
    if len(message.text) > settings.max_text_chars:
        return Turn(record=current, replies=[Reply(text=TOO_LONG)])
    if not message.text.strip() and not message.press:
        if message.has_media:
            return Turn(record=current, replies=[Reply(text=MEDIA_ONLY)])
        return _reask(current, settings, NO_WORDS)
    return _flow(current, message, settings, returning)


def _timer(
    record: ConversationRecord, message: Inbound, now: datetime, settings: FlowSettings
) -> Turn:
    """A timer set earlier has fired; flows that set timers say what it means."""
    handler = TIMER_HANDLERS.get(message.event or "")
    if handler is None or record.opted_out:
        return Turn(record=record)
    return handler(record, message, now, settings)


TimerHandler = Callable[[ConversationRecord, Inbound, datetime, FlowSettings], Turn]
TIMER_HANDLERS: dict[str, TimerHandler] = {}


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
    record: ConversationRecord, message: Inbound, keyword: Keyword | None, settings: FlowSettings
) -> Turn:
    if keyword is not Keyword.START:
        return Turn(record=record)
    record.opted_out = False
    return _reask(record, settings, STARTED)


def _keyword(
    record: ConversationRecord, message: Inbound, keyword: Keyword, settings: FlowSettings
) -> Turn:
    if keyword is Keyword.STOP:
        record.opted_out = True
        quiet = message.channel in settings.carrier_confirms_stop
        return Turn(record=record, replies=[] if quiet else [Reply(text=STOPPED)])
    if keyword is Keyword.START:
        if record.state == listen.Listen.NEW:
            return _flow(record, message, settings, returning=False)
        return _reask(record, settings, STILL_HERE)
    if keyword is Keyword.HELP:
        return Turn(record=record, replies=[Reply(text=HELP.format(area=settings.area))])
    return _person(record)


def _person(record: ConversationRecord) -> Turn:
    if record.data.get("person_requested"):
        return Turn(record=record, replies=[Reply(text=PERSON_ALREADY)])
    record.data["person_requested"] = True
    summary = quote(listen.last_said(record.data), limit=300)
    return Turn(
        record=record,
        replies=[Reply(text=PERSON_ASKED)],
        effects=[PersonRequested(summary=summary)],
    )


def _reask(record: ConversationRecord, settings: FlowSettings, lead: str) -> Turn:
    if record.state == listen.Listen.NEW:
        greeting = listen.GREETING.format(area=settings.area)
        record.state = listen.Listen.ASKED_WHAT
        return Turn(record=record, replies=[Reply(text=greeting)])
    question = listen.prompt(listen.Listen(record.state), record.data, settings)
    return Turn(record=record, replies=[Reply(text=lead + question.text, buttons=question.buttons)])


def _flow(
    record: ConversationRecord, message: Inbound, settings: FlowSettings, returning: bool
) -> Turn:
    talk = listen.Talk(
        fsm_state=listen.Listen(record.state),
        answers=record.data,
        text=message.press or message.text,
        settings=settings,
    )
    if returning:
        listen.welcome_back(talk)
    else:
        listen.step(talk)
    record.state = str(talk.fsm_state)
    return Turn(record=record, replies=talk.replies)
