"""Two people talking through the bot's number: asking the helper, and relaying once both agree.

Neither sees the other's number or account. Each message is passed on with the sender's
first name in front. Either side sends DONE: the resident's ends it, a peer's asks her first
(``flows.connect.finish``).
"""

from __future__ import annotations

from common.models import AnswerLink, ConversationRecord, Inbound, Link, Reply, Turn
from flows.connect import finish
from flows.step import Step
from flows.text import first_name, plain, tidy

ACCEPT_WORDS = frozenset({"accept", "yes", "yep", "yeah", "ok", "okay", "sure", "y", "i can"})
DECLINE_WORDS = frozenset({"not this time", "no", "nope", "n", "cant", "i cant", "sorry no"})
DONE_WORDS = frozenset({"done", "finished", "all done"})

ACCEPTED_HELPER = (
    "Thank you. I've told {resident}. Anything you send here goes to them from this number, "
    "and their replies come to you. Send DONE when you've finished."
)
ACCEPTED_RESIDENT = (
    "Good news: {helper} said yes and will message you here. You both talk through this "
    "number, so your own numbers stay private."
)
DECLINED_HELPER = "No problem, thank you for letting me know."
DECLINED_RESIDENT = (
    "{helper} can't this time. Text OPTIONS to see the others, or PERSON to talk to someone."
)
EXPIRED_RESIDENT = (
    "{helper} hasn't been able to answer, so I won't keep you waiting. Text OPTIONS to see "
    "the others, or PERSON to talk to someone."
)
EXPIRED_HELPER = "No need to answer the request for {resident} now. Thank you."
ANSWER_FIRST = "Could you answer the request first? Accept, or Not this time."
ANSWER_BUTTONS = ("Accept", "Not this time")


def _first(links: list[Link], status: str) -> Link | None:
    """The newest introduction with ``status`` (handoffs are ``flows.handoff.holding``'s)."""
    return next((x for x in links if x.status == status and x.kind == "intro"), None)


def as_helper(talk: Step) -> Turn | None:
    """A peer or worker answering a request, or writing to the person they are talking with."""
    record, message, context = talk.record, talk.message, talk.context
    words = plain(talk.text)
    asked = _first(context.links_as_helper, "asked")
    accepted = _first(context.links_as_helper, "accepted")
    if asked is not None and words in ACCEPT_WORDS:
        return _answer(record, asked, "accepted")
    if asked is not None and words in DECLINE_WORDS:
        return _answer(record, asked, "declined")
    if accepted is not None:
        return _relay(record, message, accepted, from_helper=True)
    if asked is not None:
        return Turn(record=record, replies=[Reply(text=ANSWER_FIRST, buttons=ANSWER_BUTTONS)])
    return None


def as_resident(talk: Step) -> Turn | None:
    """A resident writing while a peer or worker is talking with them."""
    accepted = _first(talk.context.links_as_resident, "accepted")
    if accepted is None:
        return None
    relayed = _relay(talk.record, talk.message, accepted, from_helper=False)
    if finish.is_asked(talk, accepted):  # the peer asked to finish: this is her answer
        return finish.answer(talk, accepted, relayed)
    return relayed


def _answer(record: ConversationRecord, link: Link, status: str) -> Turn:
    helper = first_name(link.helper_name)
    if status == "accepted":
        replies = [
            Reply(text=ACCEPTED_HELPER.format(resident=link.resident_name)),
            Reply(text=ACCEPTED_RESIDENT.format(helper=helper), to=link.resident),
        ]
    else:
        replies = [
            Reply(text=DECLINED_HELPER),
            Reply(text=DECLINED_RESIDENT.format(helper=helper), to=link.resident),
        ]
    effect = AnswerLink(link_id=link.id, status="accepted" if status == "accepted" else "declined")
    return Turn(record=record, replies=replies, effects=[effect])


def _relay(record: ConversationRecord, message: Inbound, link: Link, from_helper: bool) -> Turn:
    me, other = (link.helper, link.resident) if from_helper else (link.resident, link.helper)
    my_name = first_name(link.helper_name) if from_helper else link.resident_name
    words = tidy(message.press or message.text)
    if plain(words) in DONE_WORDS:
        if from_helper:
            return finish.peer_done(record, link)
        return finish.closed(record, link, from_helper=False)
    if not words:
        return Turn(record=record)
    assert me == record.key
    return Turn(record=record, replies=[Reply(text=f"{my_name}: {words}", to=other)])


def expire(talk: Step) -> Turn:
    """A request nobody answered in time: tell the resident honestly, let the helper off."""
    record, context = talk.record, talk.context
    found = talk.message.payload.get("helper") or ("", "")
    helper = (str(found[0]), str(found[1]))
    asked = next(
        (
            x
            for x in context.links_as_resident
            if x.status == "asked" and tuple(x.helper) == tuple(helper)
        ),
        None,
    )
    if asked is None:
        return Turn(record=record)
    replies = [
        Reply(text=EXPIRED_RESIDENT.format(helper=first_name(asked.helper_name))),
        Reply(text=EXPIRED_HELPER.format(resident=asked.resident_name), to=asked.helper),
    ]
    return Turn(
        record=record, replies=replies, effects=[AnswerLink(link_id=asked.id, status="expired")]
    )
