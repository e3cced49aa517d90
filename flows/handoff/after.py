"""After a handoff closes or an introduction ends: a check-in a week on if they'd like one,
and when things aren't better, the same person again (or a local person who'd stay).
"""

from __future__ import annotations

from typing import Any

from common.models import StartTimer
from flows import approved
from flows.handoff.start import ask_next
from flows.handoff.talk import Handoff
from flows.step import Step
from flows.text import first_name, is_yes, normalise, plain, tidy

CHECK_IN_BUTTONS = ("Yes please", "No thanks")
CHECK_IN_SET = "I'll check in with you next week. Take care."
CHECK_IN_NOT = "That's fine. Take care, and text here any time."
CHECK_IN_QUESTION = (
    "Hi {name}, it's the {area} neighbours line, checking in as we agreed. How are things now?"
)
GLAD = "That's really good to hear. Text here any time."
SAME_AGAIN = (
    "Thank you for telling me. Would you like {holder} again? They know what you've told us."
)
SAME_BUTTONS = ("Yes please", "No thanks")
NEW_PERSON = (
    "Thank you for telling me. Would you like a local person who'd stay with you on this? "
    "They'd see what you've told us."
)
CHECK_IN_OFFER = "Shall I check in with you next week to see how it went?"
SOMETHING_ELSE = "That's fine. What would you like to happen next? PERSON to talk to someone local."


def check_in_answer(talk: Step) -> None:
    """Whether they'd like a check-in next week: yes starts its timer."""
    talk.move(Handoff.CLOSED)
    if is_yes(plain(talk.text).split(" ")[0]) or plain(talk.text) == "yes please":
        due = talk.now + talk.settings.check_in_after
        talk.effects.append(StartTimer(name="check_in", due_at=due))
        talk.say(CHECK_IN_SET)
    else:
        talk.say(CHECK_IN_NOT)


def offer_check_in(talk: Step, last: list[str] | None = None) -> None:
    """At the end of a connection, agree a check-in; ``last`` is the person they were put in
    touch with (channel, address, name, organisation), to offer again if things aren't better."""
    if last:
        talk.data["last_holder"] = last
    talk.data["handoff"] = {}
    talk.move(Handoff.CHECK_IN)
    talk.say(CHECK_IN_OFFER, CHECK_IN_BUTTONS)


def on_intro_closed(talk: Step, payload: dict[str, Any]) -> None:
    """An introduction ended (either said DONE): a check-in, with the peer to offer again."""
    channel, address = payload.get("helper") or ("", "")
    offer_check_in(talk, [str(channel), str(address), str(payload.get("name") or ""), ""])


def on_check_in(talk: Step, payload: dict[str, Any]) -> None:
    """The agreed check-in: an open question, only if nothing else has started since."""
    if talk.record.state != Handoff.CLOSED:
        return
    talk.move(Handoff.CHECKING_IN)
    talk.say(CHECK_IN_QUESTION.format(name=talk.name, area=talk.settings.area))


def checked_in(talk: Step) -> None:
    """Their answer to the check-in: glad if things are better, else the same person again."""
    _keep_update(talk)
    said = normalise(talk.text)
    if any(w in said for w in ("better", "good", "great", "fine", "sorted")) and not any(
        w in said for w in ("not", "no ", "worse")
    ):
        talk.move(Handoff.CLOSED)
        talk.say(GLAD)
        return
    ask_same_again(talk)


def _keep_update(talk: Step) -> None:
    if tidy(talk.text):
        talk.data.setdefault("updates", []).append(tidy(talk.text))


def come_back(talk: Step) -> None:
    """A message after closing: kept, and the same person offered again."""
    _keep_update(talk)
    ask_same_again(talk)


def ask_same_again(talk: Step) -> None:
    """Offer the last person again, or a local person who'd stay if none was named."""
    last = talk.data.get("last_holder")
    talk.move(Handoff.SAME_AGAIN)
    if not last:  # put in touch with a group: nobody named yet, so offer someone who'd stay
        talk.say(NEW_PERSON, SAME_BUTTONS)
        return
    talk.say(SAME_AGAIN.format(holder=first_name(str(last[2]))), SAME_BUTTONS)


def same_again_answer(talk: Step) -> None:
    """Yes: cards to the same person (or whoever is on duty); no: a fresh start."""
    last = talk.data.get("last_holder") or []
    said = plain(talk.text)
    if not (is_yes(said.split(" ")[0]) or said == "yes please"):
        talk.record.state = "connect.resting"  # a fresh start, not a half-finished question
        talk.say(SOMETHING_ELSE)
        return
    if len(last) < 4:
        talk.data["handoff"] = {}
        ask_next(talk)
        return
    # What they said since is read back first; the card goes to the same person if they
    # can still be reached (``helpers_for``), else to whoever is on duty.
    updates = [str(u) for u in talk.data.get("updates") or []]
    talk.data["handoff"] = {"want": "", "same_person": last[:2]}
    if updates:
        talk.kept("handoff")["words"] = approved.joined(*updates[-3:])
    ask_next(talk)
