"""The side of the people who pick up handoffs: answering a card, then holding it.

Their answers and words are decided in the resident's conversation (``flows.handoff.flow``),
so each is passed there as an event: two workers pressing "I'll take this" at the same
moment are then taken one after the other, and the second is told who has it. In the
inbox the link is named in the message; on a phone it is the newest card or conversation.
"""

from __future__ import annotations

import re

from common.models import Context, ConversationRecord, Inbound, IssueSignIn, Link, Reply, Tell, Turn
from flows.handoff.flow import ANSWER_BUTTONS
from flows.step import Step
from flows.text import first_name, plain, tidy

TAKE_WORDS = frozenset({"ill take this", "take", "take it", "yes", "accept", "ok", "okay"})
NOT_ME_WORDS = frozenset({"not me", "no", "not this time", "pass", "cant", "sorry no"})
SIGN_IN_WORDS = frozenset({"inbox", "sign in", "signin", "login", "log in"})
ANSWER_FIRST = "Could you answer the card first? I'll take this, or Not me."
NOT_OPEN = "That conversation isn't open any more. Thank you."
SIGN_IN = (
    "Here's your link to the inbox. It works once, in the next 15 minutes, and only for you: {link}"
)
_BRING_IN = re.compile(r"^bring (?:in )?(.*)$")
# URGENT alone, or "URGENT: her partner hit her again" (not "urgent appointment tomorrow").
_URGENT = re.compile(r"^urgent\s*(?:[:!.-]+\s*(.*))?$", re.IGNORECASE | re.DOTALL)
# What a holder's one-word keywords ask of the resident's conversation.
HOLDER_WORDS = {"close": "handoff_close", "stand down": "handoff_stand_down"}


def sign_in(talk: Step) -> Turn | None:
    """Someone on the roster texts INBOX: they get a one-time sign-in link."""
    record, context, public_url = talk.record, talk.context, talk.settings.public_url
    if talk.message.press or plain(talk.text) not in SIGN_IN_WORDS:
        return None
    if not any(h.key == record.key for h in context.roster):
        return None
    link = public_url.rstrip("/") + "/inbox/sign-in/{token}"
    return Turn(record=record, effects=[IssueSignIn(text=SIGN_IN.replace("{link}", link))])


def as_helper(talk: Step) -> Turn | None:
    """A card answered, or a holder's message, CLOSE or BRING IN; None if no handoff is theirs."""
    record, message, context = talk.record, talk.message, talk.context
    links = [x for x in context.links_as_helper if x.kind == "handoff"]
    chosen = message.payload.get("link")
    if chosen is not None:
        links = [x for x in links if x.id == chosen]
        if not links:
            return Turn(record=record, replies=[Reply(text=NOT_OPEN)])
    if not links:
        return None
    words = plain(talk.text)
    asked = [x for x in links if x.status == "asked"]
    held = [x for x in links if x.status == "accepted"]
    if asked and (words in TAKE_WORDS | NOT_ME_WORDS or not held):
        return _answer(record, asked[0], words)
    return _holding(record, message, held[0], context)


def _answer(record: ConversationRecord, link: Link, words: str) -> Turn:
    if words not in TAKE_WORDS | NOT_ME_WORDS:
        return Turn(record=record, replies=[Reply(text=ANSWER_FIRST, buttons=ANSWER_BUTTONS)])
    answer = "accept" if words in TAKE_WORDS else "decline"
    payload = {"link": link.id, "answer": answer, "by": list(record.key)}
    tell = Tell(to=link.resident, event="handoff_answer", payload=payload)
    return Turn(record=record, effects=[tell])


def _holding(record: ConversationRecord, message: Inbound, link: Link, context: Context) -> Turn:
    words = tidy(message.press or message.text)
    said = plain(words)
    if not words:
        return Turn(record=record)
    if said in HOLDER_WORDS:
        tell = Tell(to=link.resident, event=HOLDER_WORDS[said], payload={"link": link.id})
        return Turn(record=record, effects=[tell])
    raised = _URGENT.match(words)
    if raised:
        payload = {"link": link.id, "words": raised.group(1) or ""}
        tell = Tell(to=link.resident, event="handoff_urgent", payload=payload)
        return Turn(record=record, effects=[tell])
    bring = _BRING_IN.match(said)
    if bring:
        asked = bring.group(1).strip()
        person = message.payload.get("person") or _find(context, asked)
        payload = {"link": link.id, "person": person, "asked": asked}
        tell = Tell(to=link.resident, event="handoff_bring_in", payload=payload)
        return Turn(record=record, effects=[tell])
    text = f"{first_name(link.helper_name)}: {words}"
    return Turn(record=record, replies=[Reply(text=text, to=link.resident)])


def _find(context: Context, name: str) -> list[str] | None:
    """A roster person by full or first name ("Grace", "grace mensah")."""
    wanted = plain(name)
    for helper in context.roster:
        if wanted and wanted in (plain(helper.name), plain(first_name(helper.name))):
            return list(helper.key)
    return None
