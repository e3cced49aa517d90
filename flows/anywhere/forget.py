"""FORGET ME: ask once, then erase everything held about the person, and say it is done."""

from __future__ import annotations

from common.models import ConversationRecord, ForgetMe, Inbound, Reply, Turn
from flows.text import is_yes

ASK = (
    "Do you want us to delete everything you've told us, and this number? It can't be "
    "undone. Reply YES to delete it all, or anything else to keep it."
)
DONE = (
    "Done. Everything we held about you has been deleted, this number too. "
    "If you text again, we'll start afresh."
)
KEPT = "OK, nothing has been deleted. "
ASKED = "forget_asked"


def ask(record: ConversationRecord) -> Turn:
    """The first FORGET ME: check it is meant."""
    record.data[ASKED] = True
    return Turn(record=record, replies=[Reply(text=ASK)])


def is_pending(record: ConversationRecord) -> bool:
    """True while we wait for the answer to :data:`ASK`."""
    return bool(record.data.get(ASKED))


def answer(record: ConversationRecord, message: Inbound, carry_on: Reply) -> Turn:
    """YES erases everything (the effect does it); anything else keeps it all."""
    record.data.pop(ASKED, None)
    if is_yes(message.press or message.text):
        return Turn(record=record, replies=[Reply(text=DONE)], effects=[ForgetMe()])
    return Turn(record=record, replies=[Reply(text=KEPT + carry_on.text, buttons=carry_on.buttons)])
