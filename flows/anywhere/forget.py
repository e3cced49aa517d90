"""FORGET ME: ask once, then erase everything held about the person, and say it is done."""

from __future__ import annotations

from common.models import ConversationRecord, ForgetMe, Reply
from flows.step import Step
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


def ask(talk: Step) -> None:
    """The first FORGET ME: check it is meant."""
    talk.data[ASKED] = True
    talk.say(ASK)


def is_pending(record: ConversationRecord) -> bool:
    """True while we wait for the answer to :data:`ASK`."""
    return bool(record.data.get(ASKED))


def answer(talk: Step, carry_on: Reply) -> None:
    """YES erases everything (the effect does it); anything else keeps it all."""
    talk.data.pop(ASKED, None)
    if is_yes(talk.text):
        talk.say(DONE)
        talk.effects.append(ForgetMe())
    else:
        talk.say(KEPT + carry_on.text, carry_on.buttons)
