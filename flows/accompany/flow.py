"""Going with someone to an appointment: the resident's side, asking one thing at a time.

API for the wiring (pure: no clock, no store; ``now`` and the time zone come in the Step)::

    words.mentions_appointment(text)       # worth offering someone to go with them?
    begin(talk)                            # -> OFFERED, asks the offer question
    step(talk)                             # one message from the person moves it on
    request(data) -> AccompanyRequest      # once talk.fsm_state == Accompany.REQUESTED
    prompt(state, data, now) -> Reply      # the waiting question, to ask again on return

States (the strings are what the store keeps)::

    offered -> asked_where -> asked_when -> asked_notes -> confirming -> requested
    offered --no thanks--> declined
    confirming --change something--> changing -> asked_where | asked_when | asked_notes
                                               -> back to confirming

A date or time that is not certain is asked about again in asked_when (see flows.accompany.when); a
past one is asked about kindly, and one that can be read two ways is asked about with both.
A day or time given at the read-back (or while changing something) corrects the one read
back, in the person's words: "no, the 8th", "not tomorrow, next week", "wrong day, it's
Wednesday" change only what they name and read the whole back again.

Answers are kept in ``talk.data["accompany"]`` in the person's own words, with the
appointment time as ISO text under "when".

What the wiring does: call ``begin`` when ``words.mentions_appointment`` is true and the
person is not already in this flow; call ``step`` for each message while the state is not
``requested`` or ``declined`` (``step`` does nothing there); on ``requested``, build
``request(talk.data)``, add languages it knows, and ask peer advocates nearby, who each
say yes or no; on ``declined``, carry on where the person was before.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict
from transitions import EventData

from common.models import Reply
from flows import approved
from flows.accompany.when import Doubt, Heard, Understood, Unsure, When, read_back, understand
from flows.accompany.words import NOTHING, agrees, declines
from flows.machine import build
from flows.step import Step
from flows.text import is_skip, plain, tidy


class Accompany(StrEnum):
    """Where a request for someone to go along is."""

    OFFERED = "accompany.offered"
    ASKED_WHERE = "accompany.asked_where"
    ASKED_WHEN = "accompany.asked_when"
    ASKED_NOTES = "accompany.asked_notes"
    CONFIRMING = "accompany.confirming"
    CHANGING = "accompany.changing"
    REQUESTED = "accompany.requested"
    DECLINED = "accompany.declined"
    NAMING = "accompany.naming"  # before the read-back, when they haven't said what to call them


QUESTIONS = {
    Accompany.OFFERED: "Would you like someone who's been through it to come with you?",
    Accompany.ASKED_WHERE: "Where is it? The name of the place is plenty.",
    Accompany.ASKED_WHEN: "When is it? For example: Tuesday at 10, or the 3rd at half two.",
    Accompany.NAMING: "What name should they ask for when they meet you? A first name is plenty.",
    Accompany.ASKED_NOTES: "Anything they should know? Or SKIP.",
    Accompany.CONFIRMING: (
        "So that's \"{where}\", {when}{name}.{notes} Is that right? I'd share just this with "
        "the local people I ask."
    ),
    Accompany.CHANGING: "What would you like to change: where, when, or the notes?",
}
BUTTONS = {
    Accompany.OFFERED: ("Yes", "No thanks"),
    Accompany.CONFIRMING: ("Yes", "Change something"),
    Accompany.CHANGING: ("Where", "When", "Notes"),
}
NOTES = ' You said: "{notes}".'
NAME = ", and they'd ask for {name}"
MAIN_NOTES = (
    "That's a lot to fit in a text, and I'd rather they read it whole. What's the main "
    "thing they should know?"
)
PURPOSE = "accompany"
OFFER_AGAIN = (
    "Someone local who's been through something similar could meet you there and go in "
    "with you. Would you like that?"
)
NOTES_AGAIN = "Go ahead: what should they know?"
WHERE_AGAIN = "They'll need to know where to meet you. Where is it? A rough idea is fine."
DECLINED = "That's fine. If you change your mind, just say."
REQUESTED = (
    "Thank you. I'll ask a few local people who've been through it, and tell you their name "
    "as soon as one says yes."
)
THANKS = "Thanks. "
KEEP = "accompany"

_CHANGES = {
    Accompany.ASKED_WHERE: re.compile(r"\b(where|place|address|location)\b"),
    Accompany.ASKED_WHEN: re.compile(r"\b(when|time|day|date)\b"),
    Accompany.ASKED_NOTES: re.compile(r"\b(notes?|anything else)\b"),
}


class AccompanyRequest(BaseModel):
    """What peer advocates are asked about: in the person's words, with an aware time."""

    model_config = ConfigDict(frozen=True)

    where: str
    when: datetime
    notes: str = ""
    languages: tuple[str, ...] = ()
    name: str = ""  # what they'd ask for when they meet; empty when the person gave none


def _talk(event: EventData) -> Step:
    assert isinstance(event.model, Step)
    return event.model


def _keep_where(event: EventData) -> None:
    talk = _talk(event)
    talk.kept(KEEP)["where"] = tidy(talk.text)


def _keep_when(event: EventData) -> None:
    talk, when = _talk(event), event.kwargs["when"]
    assert isinstance(when, Understood)
    talk.kept(KEEP).update(when=when.at.isoformat(), said_when=tidy(talk.text))
    talk.kept(KEEP).pop("heard", None)


def _keep_notes(event: EventData) -> None:
    talk = _talk(event)
    nothing = is_skip(talk.text) or declines(talk.text) or plain(talk.text) in NOTHING
    talk.kept(KEEP)["notes"] = "" if nothing else tidy(talk.text)


def _ask_back(event: EventData) -> None:
    """A date or time we are not sure of: ask about it, and remember what we did follow."""
    talk, when = _talk(event), event.kwargs["when"]
    assert isinstance(when, Unsure)
    talk.kept(KEEP)["heard"] = when.heard.model_dump(mode="json")
    talk.say(when.question, when.buttons)


def _settled(event: EventData) -> bool:
    return isinstance(event.kwargs.get("when"), Understood)


def _changing(event: EventData) -> bool:
    return bool(_talk(event).kept(KEEP).get("changing"))


def _start_change(event: EventData) -> None:
    talk = _talk(event)
    talk.kept(KEEP)["changing"] = True
    if event.transition and event.transition.dest == Accompany.ASKED_WHEN:
        talk.kept(KEEP).pop("heard", None)  # a new time starts afresh


def _ask(event: EventData) -> None:
    talk = _talk(event)
    state = Accompany(talk.fsm_state)
    if isinstance(event.kwargs.get("when"), Unsure):
        _ask_back(event)  # a correction still open: ask about just that, not "When is it?"
        return
    lead = THANKS if event.event.name in ("answer", "correct") else ""
    if state is Accompany.CONFIRMING:
        talk.kept(KEEP).pop("changing", None)
        confirm(talk, lead)
        return
    reply = prompt(state, talk.data, talk.now)
    talk.say(lead + reply.text, reply.buttons)


def confirm(talk: Step, lead: str = "") -> None:
    """Read back what peers would be told, kept as shown: the name to ask for first if
    there is none yet, and notes too long to show whole asked again for the main thing."""
    if "name" not in talk.data:
        talk.move(Accompany.NAMING)
        talk.say(lead + QUESTIONS[Accompany.NAMING])
        return
    kept = talk.kept(KEEP)
    shown = {k: approved.whole(str(kept.get(k) or "")) for k in ("where", "notes")}
    approved.keep(talk.data, PURPOSE, **shown, name=approved.whole(str(talk.data["name"])))
    reply = prompt(Accompany.CONFIRMING, talk.data, talk.now)
    if shown["notes"] and not approved.fits(lead + reply.text):
        approved.drop(talk.data, PURPOSE)
        kept["changing"] = True  # the shorter notes go straight back to the read-back
        talk.move(Accompany.ASKED_NOTES)
        talk.say(MAIN_NOTES)
        return
    talk.move(Accompany.CONFIRMING)
    talk.say(lead + reply.text, reply.buttons)


def _confirm(event: EventData) -> None:
    confirm(_talk(event))


def _read_back(event: EventData) -> bool:
    return approved.kept(_talk(event).data, PURPOSE) is not None


def _again(event: EventData) -> None:
    talk = _talk(event)
    state = Accompany(talk.fsm_state)
    text = {
        Accompany.OFFERED: OFFER_AGAIN,
        Accompany.ASKED_WHERE: WHERE_AGAIN,
        Accompany.ASKED_NOTES: NOTES_AGAIN,
    }.get(state)
    reply = prompt(state, talk.data, talk.now)
    talk.say(text or reply.text, reply.buttons)


def _said(words: str) -> Callable[[EventData], None]:
    return lambda event: _talk(event).say(words)


_CHANGE_FROM = [Accompany.CONFIRMING, Accompany.CHANGING]
_NEXT = {
    Accompany.ASKED_WHERE: ("where", Accompany.ASKED_WHEN, _keep_where),
    Accompany.ASKED_WHEN: ("when", Accompany.ASKED_NOTES, _keep_when),
    Accompany.ASKED_NOTES: ("notes", Accompany.CONFIRMING, _keep_notes),
}


def _answers() -> list[dict[str, Any]]:
    """An answer moves to the next question, or straight back to confirming after a change."""
    steps: list[dict[str, Any]] = []
    for source, (what, dest, keep) in _NEXT.items():
        back = {"trigger": "answer", "source": source, "dest": Accompany.CONFIRMING}
        steps.append({**back, "conditions": _changing, "before": keep})
        steps.append({"trigger": "answer", "source": source, "dest": dest, "before": keep})
        change = {"trigger": f"change_{what}", "source": _CHANGE_FROM, "dest": source}
        steps.append({**change, "before": _start_change})
    return steps


TRANSITIONS: list[dict[str, Any]] = [
    {"trigger": "begin", "source": "*", "dest": Accompany.OFFERED},
    {"trigger": "yes", "source": Accompany.OFFERED, "dest": Accompany.ASKED_WHERE},
    {
        "trigger": "no",
        "source": Accompany.OFFERED,
        "dest": Accompany.DECLINED,
        "after": _said(DECLINED),
    },
    *_answers(),
    {"trigger": "unsure", "source": Accompany.ASKED_WHEN, "dest": None, "after": _ask_back},
    {
        "trigger": "yes",
        "source": Accompany.CONFIRMING,
        "dest": Accompany.REQUESTED,
        "conditions": _read_back,
        "after": _said(REQUESTED),
    },
    # Nothing kept as read back (a request stored by older code): read it back first.
    {"trigger": "yes", "source": Accompany.CONFIRMING, "dest": None, "after": _confirm},
    {"trigger": "change", "source": Accompany.CONFIRMING, "dest": Accompany.CHANGING},
    {
        "trigger": "correct",
        "source": _CHANGE_FROM,
        "dest": Accompany.CONFIRMING,
        "conditions": _settled,
        "before": _keep_when,
    },
    {
        "trigger": "correct",
        "source": _CHANGE_FROM,
        "dest": Accompany.ASKED_WHEN,
        "before": _start_change,
    },
    {"trigger": "again", "source": list(Accompany), "dest": None, "after": _again},
]
# Words for the end states come from the transition into them, not from entering them.
_QUIET = {Accompany.REQUESTED, Accompany.DECLINED, Accompany.NAMING}

MACHINE = build(
    [{"name": s, "on_enter": [] if s in _QUIET else [_ask]} for s in Accompany],
    TRANSITIONS,
    initial=Accompany.OFFERED,
)


def prompt(state: Accompany, data: dict[str, Any], now: datetime) -> Reply:
    """The question waiting in ``state``, as it is asked (also when asked again)."""
    kept: dict[str, Any] = data.get(KEEP, {})
    text = QUESTIONS.get(state, QUESTIONS[Accompany.OFFERED])
    if state is Accompany.CONFIRMING:
        # What was kept as read back; a request stored by older code shows its answers.
        shown = approved.kept(data, PURPOSE) or {
            "where": approved.whole(str(kept.get("where") or "")),
            "notes": approved.whole(str(kept.get("notes") or "")),
            "name": approved.whole(str(data.get("name") or "")),
        }
        text = text.format(
            where=shown["where"],
            when=read_back(datetime.fromisoformat(kept["when"]), now),
            name=NAME.format(name=shown["name"]) if shown["name"] else "",
            notes=NOTES.format(notes=shown["notes"]) if shown["notes"] else "",
        )
    return Reply(text=text, buttons=BUTTONS.get(state, ()))


def request(data: dict[str, Any]) -> AccompanyRequest:
    """The confirmed request, exactly as it was read back, for asking peer advocates."""
    shown = approved.kept(data, PURPOSE) or {}
    return AccompanyRequest(
        where=shown.get("where", ""),
        when=datetime.fromisoformat(data[KEEP]["when"]),
        notes=shown.get("notes", ""),
        name=shown.get("name", ""),
    )


def begin(talk: Step) -> None:
    """Offer someone to go along with them, keeping nothing from an earlier request."""
    talk.data.pop(KEEP, None)
    MACHINE.events["begin"].trigger(talk)


def _change_event(text: str) -> str | None:
    words = plain(text)
    for state, pattern in _CHANGES.items():
        if pattern.search(words):
            return f"change_{_NEXT[state][0]}"
    return None


def _event_for(talk: Step) -> tuple[str, dict[str, Any]]:
    """Which event this message is, with anything its callbacks need."""
    state, text = Accompany(talk.fsm_state), talk.text
    if state is Accompany.OFFERED:
        return ("yes" if agrees(text) else "no" if declines(text) else "again"), {}
    if state is Accompany.ASKED_WHERE:
        return ("again" if is_skip(text) or not tidy(text) else "answer"), {}
    if state is Accompany.ASKED_WHEN:
        kept = talk.kept(KEEP)
        before = _agreed(talk) if kept.get("changing") else None  # what they don't name stays
        if "heard" in kept:
            before = Heard.model_validate(kept["heard"])
        when = understand(text, talk.now, talk.settings.timezone, before)
        return ("answer" if isinstance(when, Understood) else "unsure"), {"when": when}
    if state is Accompany.CONFIRMING and agrees(text):
        return "yes", {}
    correction = _correction(talk)
    if correction is not None:
        return "correct", {"when": correction}
    change = _change_event(text)
    if change:
        return change, {}
    return ("change" if state is Accompany.CONFIRMING else "again"), {}


def _agreed(talk: Step) -> Heard | None:
    """The time read back to them, if there is one yet."""
    when = talk.kept(KEEP).get("when")
    return Heard.of(datetime.fromisoformat(when)) if when else None


def _correction(talk: Step) -> When | None:
    """A day or time said in answer to the read-back, changing the one read back; None
    when the message names no day or time (or names the same one again)."""
    agreed = _agreed(talk)
    if agreed is None:
        return None
    when = understand(talk.text, talk.now, talk.settings.timezone, agreed)
    if isinstance(when, Unsure):
        return None if when.reason is Doubt.UNREADABLE else when
    return None if Heard.of(when.at) == agreed else when


def step(talk: Step) -> None:
    """Move the request on by one message; nothing happens once it is requested or declined."""
    if talk.fsm_state in (Accompany.REQUESTED, Accompany.DECLINED):
        return
    if talk.fsm_state == Accompany.ASKED_NOTES:
        # A bare "yes" means there is something to tell: ask for it rather than keep "yes".
        MACHINE.events["again" if agrees(talk.text) else "answer"].trigger(talk)
        return
    name, kwargs = _event_for(talk)
    MACHINE.events[name].trigger(talk, **kwargs)
