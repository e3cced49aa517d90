"""Finishing an introduction: the resident's DONE ends it at once (it is her conversation);
a peer's DONE is put to her first, and decided in her conversation, one message at a time.

She answers YES to finish; anything else goes on to the peer and the introduction stays
open. If she says nothing for ``QUIET_FOR`` it ends as the peer asked: a day lets someone
who only looks at her phone in the evening answer, and a peer who has said goodbye is not
left receiving messages for ever (her later words come back to the bot, which offers the
same peer again).
"""

from __future__ import annotations

from datetime import timedelta

from common.models import (
    AnswerLink,
    CancelTimers,
    ConversationRecord,
    Effect,
    Link,
    Reply,
    StartTimer,
    Tell,
    Turn,
)
from flows.step import Step
from flows.text import first_name, is_no, is_yes, plain

ASKED = "intro_finish_asked"  # an event in the resident's conversation: a peer sent DONE
QUIET = "intro_finish_quiet"  # the timer that ends it if she does not answer
QUIET_FOR = timedelta(hours=24)
WAITING_ON = "finish_asked"  # in the resident's data: the link she is being asked about

CLOSED = "You and {other} have finished talking here. Thank you both."
ASK_RESIDENT = (
    "{helper} would like to finish here. Is that OK, or is there something else? "
    "Reply YES to finish."
)
ASK_BUTTONS = ("Yes, finish", "Something else")
ASKED_HELPER = "Thanks. I've asked {resident} if it's OK to finish, and I'll let you know."
NOT_YET = "{resident} has something else, so you're still talking."
QUIET_RESIDENT = "I haven't heard back, so you and {helper} have finished talking here for now."


def closed(record: ConversationRecord, link: Link, from_helper: bool, own: str = CLOSED) -> Turn:
    """End the introduction for both (``own`` is said to whoever's turn this is); the
    resident's conversation then offers a check-in, with the peer to offer again."""
    helper, resident = first_name(link.helper_name), link.resident_name
    theirs, mine = (resident, helper) if from_helper else (helper, resident)
    to = link.resident if from_helper else link.helper
    replies = [
        Reply(text=own.format(other=theirs, helper=helper)),
        Reply(text=CLOSED.format(other=mine), to=to),
    ]
    payload = {"helper": list(link.helper), "name": link.helper_name}
    effects: list[Effect] = [
        AnswerLink(link_id=link.id, status="closed"),
        Tell(to=link.resident, event="intro_closed", payload=payload),
    ]
    return Turn(record=record, replies=replies, effects=effects)


def peer_done(record: ConversationRecord, link: Link) -> Turn:
    """A peer sent DONE: the resident is asked in her own conversation, never ended for her."""
    tell = Tell(to=link.resident, event=ASKED, payload={"link": link.id})
    reply = Reply(text=ASKED_HELPER.format(resident=link.resident_name))
    return Turn(record=record, replies=[reply], effects=[tell])


def ask(talk: Step) -> None:
    """In the resident's conversation: put the peer's DONE to her, and start the quiet timer."""
    link = _open(talk, talk.message.payload.get("link"))
    if link is None or talk.data.get(WAITING_ON) == link.id:
        return  # over already, or asked already (the peer sent DONE twice)
    talk.data[WAITING_ON] = link.id
    talk.say(ASK_RESIDENT.format(helper=first_name(link.helper_name)), ASK_BUTTONS)
    due = talk.now + QUIET_FOR
    talk.effects.append(StartTimer(name=QUIET, due_at=due, payload={"link": link.id}))


def is_asked(talk: Step, link: Link) -> bool:
    """Whether this message answers the question whether ``link`` may finish."""
    return bool(talk.data.get(WAITING_ON) == link.id)


def answer(talk: Step, link: Link, relayed: Turn) -> Turn:
    """Her answer: yes ends it for both; anything else goes to the peer (``relayed``), and
    the peer is told it stays open."""
    talk.data.pop(WAITING_ON, None)
    stop = CancelTimers(name=QUIET)
    said = plain(talk.text)
    if is_yes(talk.text) or said == plain(ASK_BUTTONS[0]):
        done = closed(talk.record, link, from_helper=False)
        return Turn(record=done.record, replies=done.replies, effects=[stop, *done.effects])
    if any(isinstance(e, AnswerLink) for e in relayed.effects):
        return relayed  # her own DONE: it ends at once, as always
    note = Reply(text=NOT_YET.format(resident=link.resident_name), to=link.helper)
    bare = is_no(talk.text) or said == plain(ASK_BUTTONS[1])
    replies = [note] if bare else [note, *relayed.replies]
    return Turn(record=talk.record, replies=replies, effects=[stop])


def quiet(talk: Step) -> None:
    """The timer: she has not answered, so it ends as the peer asked."""
    wanted = talk.message.payload.get("link")
    if talk.data.get(WAITING_ON) != wanted:
        return  # she answered
    talk.data.pop(WAITING_ON, None)
    link = _open(talk, wanted)
    if link is not None:
        done = closed(talk.record, link, from_helper=False, own=QUIET_RESIDENT)
        talk.replies += done.replies
        talk.effects += done.effects


def _open(talk: Step, link_id: object) -> Link | None:
    return next(
        (
            x
            for x in talk.context.links_as_resident
            if x.id == link_id and x.kind == "intro" and x.status == "accepted"
        ),
        None,
    )
