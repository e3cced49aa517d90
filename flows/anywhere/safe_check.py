"""An uncertain sign of danger: ask, gently and directly, whether they are safe right now.

Nothing goes to anyone unless they answer that they are not safe, or what they say next
is clear danger; then it is the urgent path (``flows.handoff.urgent``). "I'm safe" (or words
that mean it) is thanked, and what raised the question is answered where they were (the
return stack). Anything else leaves the question unanswered, which sends nothing: what
raised it is heard together with their next message, from where they were. It is asked
once in a conversation: a later sign, uncertain or clear, goes straight to the urgent path.
"""

from __future__ import annotations

from enum import StrEnum

from common.models import Reply
from flows.handoff import urgent
from flows.handoff.talk import held_links
from flows.listen.flow import Listen
from flows.safety.kinds import Tier
from flows.step import Step
from flows.text import is_no, is_yes, plain, sentences

ASK = (
    "Thank you for telling me. Can I ask: are you safe right now? If you're in danger, "
    "call {emergency}. {crisis_line}, free, any time."
)
BUTTONS = ("I'm safe", "Not really")
SAFE = "Thank you, I'm glad. I'm here if that changes, any time."
# Their answer, as people put it: "not" first, since "not ok" has "ok" in it.
NOT_SAFE_WORDS = ("not really", "not safe", "not ok", "not okay", "not fine", "no im not", "scared")
SAFE_WORDS = ("safe", "fine", "ok", "okay", "alright", "all right", "all good", "im good")
ASKED_AT = "safe_asked_at"  # when it was asked: once in a conversation
RAISED_BY = "safe_raised_by"  # the words that raised it, answered once they say they're safe


class SafeCheck(StrEnum):
    """Waiting on the answer to "are you safe right now?"."""

    ASKED = "safe_check.asked"


def ask(talk: Step) -> bool:
    """A first uncertain sign in this conversation: ask, and remember where they were."""
    signal = talk.danger
    if signal is None or signal.tier is not Tier.CHECK_IN or held_links(talk.context):
        return False
    talk.data[ASKED_AT] = talk.now.isoformat()
    talk.data[RAISED_BY] = talk.message.text
    talk.push_return(talk.fsm_state)
    talk.move(SafeCheck.ASKED)
    talk.say(question(talk).text, BUTTONS)
    return True


def was_asked(talk: Step) -> bool:
    """True once they have been asked in this conversation."""
    return ASKED_AT in talk.data


def answer(talk: Step) -> bool:
    """Their answer: not safe, or clear danger, is urgent; safe is thanked and what raised it
    is read again where they were (``talk.safe_said``); anything else goes on from there."""
    if talk.fsm_state != SafeCheck.ASKED:
        return False
    talk.move(talk.pop_return(Listen.ASKED_WHAT))
    raised = str(talk.data.pop(RAISED_BY, ""))
    signal, safe = talk.danger, is_safe(plain(talk.text))
    clear = signal is not None and signal.tier is Tier.URGENT
    if clear or safe is False or (signal is not None and safe is None):  # a second worry too
        urgent.respond(talk, " / ".join(w for w in (raised, talk.message.text) if w))
        return True
    if safe is None:  # unanswered: nothing is sent; what raised it is heard with this
        if not raised:
            return False
        talk.safe_said = True  # read for danger once already: no second check-in for it
        talk.read_again(sentences(raised, talk.message.text))
        return True
    talk.say(SAFE)
    if raised:
        talk.safe_said = True
        talk.read_again(raised)
    return True


def is_safe(said: str) -> bool | None:
    """What an answer to "are you safe?" says: safe, not safe, or neither (None)."""
    padded = f" {said} "
    if any(f" {w} " in padded for w in NOT_SAFE_WORDS):
        return False
    if any(f" {w} " in padded for w in SAFE_WORDS):
        return True
    first = said.split(" ")[0] if said else ""
    if is_yes(first) or is_no(first):
        return is_yes(first)
    return None


def question(talk: Step) -> Reply:
    """The question, to ask again after START or a cancelled FORGET ME."""
    settings = talk.settings
    text = ASK.format(emergency=settings.emergency, crisis_line=settings.crisis_line)
    return Reply(text=text, buttons=BUTTONS)


def step(talk: Step) -> None:
    """Reached only when the answer route let a message through: nothing more to do."""
