"""First contact: hear what was said, answer it, and ask only what changes the offer.

A first message with substance is said back in the person's words and acted on: someone
to go with them is offered at once; a need we know leads to what fits, after asking
their area only if no message named it; otherwise one open question ("What matters
most?"), then the area. A bare hello gets a one-line hello that says we are a bot and
that a person is one message away. What they enjoy and whether they'd help others is
asked on a later visit, never before help. Any question can be skipped.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from transitions import EventData

from common.models import Reply
from flows.connect.flow import Connect
from flows.connect.flow import prompt as connect_prompt
from flows.listen.hearing import keep_place, kept_answer, names_a_need, said_back
from flows.machine import build
from flows.settings import FlowSettings
from flows.step import Step
from flows.text import is_greeting, is_no, is_skip, is_yes, quote, tidy


class Listen(StrEnum):
    """Where a first-contact conversation is; the string is what the store keeps."""

    NEW = "listen.new"
    ASKED_WHAT = "listen.asked_what"
    REFLECTING = "listen.reflecting"
    ASKED_MATTERS = "listen.asked_matters"
    ASKED_AROUND = "listen.asked_around"
    ASKED_ENJOY = "listen.asked_enjoy"
    ASKED_HELPING = "listen.asked_helping"
    ASKED_AREA = "listen.asked_area"
    CHECKING_IN = "listen.checking_in"
    LISTENED = "listen.listened"


# Asked on a later visit, after "How are things now?": never before help.
LATER = (Listen.ASKED_ENJOY, Listen.ASKED_HELPING)
# What each answer is kept as.
KEEPS = {
    Listen.ASKED_WHAT: "words",
    Listen.REFLECTING: "more",
    Listen.ASKED_MATTERS: "matters",
    Listen.ASKED_AROUND: "around",
    Listen.ASKED_ENJOY: "enjoy",
    Listen.ASKED_HELPING: "helping",
    Listen.ASKED_AREA: "area",
}

INTRO = (
    "Hi, this is the {area} neighbours line. I'm a bot; a real local person is one message "
    "away: just say PERSON."
)
GREETING = INTRO + " What can we do for you?"
QUESTIONS = {
    Listen.NEW: "What can we do for you?",
    Listen.ASKED_WHAT: "What can we do for you?",
    Listen.REFLECTING: 'You said: "{words}". Have I got that right, or is there more?',
    Listen.ASKED_MATTERS: "What matters most to you right now?",
    Listen.ASKED_AROUND: "Who's around you at the moment?",
    Listen.ASKED_ENJOY: "What do you enjoy, or what are you good at?",
    Listen.ASKED_HELPING: "Would you ever like to help other people round here, in your own way?",
    Listen.ASKED_AREA: "Which part of {area} are you in? A neighbourhood or postcode is plenty.",
    Listen.CHECKING_IN: "How are things now?",
    Listen.LISTENED: "What would you like to happen next? Type PERSON to talk to someone local.",
}
BUTTONS = {
    Listen.REFLECTING: ("That's right", "Not quite"),
    Listen.ASKED_HELPING: ("Yes", "Maybe later", "No"),
}
ACK = {"answer": "Thank you. ", "skip": "That's fine. ", "confirm": "Thanks. "}
ASKED_LATER = "asked_later"  # the later-visit questions were asked once: never again
RETELL = "Sorry I got that wrong. Tell me again, in your own words: what can we do for you?"
WHY = (
    "So that whoever you talk to already knows, and you don't have to repeat yourself. "
    "You can skip any question. "
)
WELCOME_BACK = 'Welcome back. Last time you told me: "{said}". '
UPDATE_THANKS = "Thanks for telling me how things are. "


def _talk(event: EventData) -> Step:
    assert isinstance(event.model, Step)
    return event.model


def _ask(event: EventData) -> None:
    talk = _talk(event)
    state = Listen(talk.fsm_state)
    lead = str(event.kwargs.get("lead", ""))
    if state is Listen.LISTENED:  # what fits comes next: only what was heard is said first
        if event.event.name == "heard":
            talk.say(lead)
        return
    reply = prompt(state, talk.data, talk.settings)
    talk.say(f"{lead} {reply.text}".strip(), reply.buttons)


def _greet(event: EventData) -> None:
    talk = _talk(event)
    talk.say(GREETING.format(area=talk.settings.area))


def _retell(event: EventData) -> None:
    _talk(event).say(RETELL)


def _need(event: EventData) -> bool:
    """A need we can act on in everything said so far (or one open question was asked)."""
    talk = _talk(event)
    source = event.transition.source if event.transition else talk.fsm_state
    return source not in HEARING or names_a_need(said(talk.data))


def _area_known(event: EventData) -> bool:
    return bool(_talk(event).data.get("area"))


def _later(event: EventData) -> bool:
    """On a later visit: go back to where they were after these questions."""
    return bool(_talk(event).returns_to())


def _heard(source: list[Listen], trigger: str) -> list[dict[str, Any]]:
    """From ``source``: what fits now, else the area, else what matters most."""
    return [
        {
            "trigger": trigger,
            "source": source,
            "dest": Listen.LISTENED,
            "conditions": [_need, _area_known],
        },
        {"trigger": trigger, "source": source, "dest": Listen.ASKED_AREA, "conditions": [_need]},
        {"trigger": trigger, "source": source, "dest": Listen.ASKED_MATTERS},
    ]


# Where what someone tells us is still being heard; after that, the area and the offer.
HEARING = [Listen.NEW, Listen.ASKED_WHAT, Listen.REFLECTING]
ANSWERED = [Listen.ASKED_MATTERS, Listen.ASKED_AROUND, Listen.ASKED_ENJOY, Listen.ASKED_HELPING]
TRANSITIONS: list[dict[str, Any]] = [
    {"trigger": "hello", "source": Listen.NEW, "dest": Listen.ASKED_WHAT, "after": _greet},
    *_heard(HEARING, "heard"),
    *_heard([Listen.REFLECTING], "confirm"),
    {"trigger": "skip", "source": HEARING, "dest": Listen.ASKED_MATTERS},
    {"trigger": "deny", "source": Listen.REFLECTING, "dest": Listen.ASKED_WHAT, "after": _retell},
    # On a later visit, what they enjoy and whether they'd help (``step`` then goes back).
    {"trigger": "later", "source": Listen.CHECKING_IN, "dest": Listen.ASKED_ENJOY},
    {
        "trigger": "next",
        "source": Listen.ASKED_ENJOY,
        "dest": Listen.ASKED_HELPING,
        "conditions": [_later],
    },
    # After what matters most (or a question older code asked): the area if unknown, then
    # what fits.
    {"trigger": "next", "source": ANSWERED, "dest": Listen.LISTENED, "conditions": [_area_known]},
    {"trigger": "next", "source": ANSWERED, "dest": Listen.ASKED_AREA},
    {"trigger": "next", "source": Listen.ASKED_AREA, "dest": Listen.LISTENED},
]
# Replies are said on entering a state, except where a transition speaks for itself.
_QUIET_ENTRY = {Listen.ASKED_WHAT}

MACHINE = build(
    [{"name": s, "on_enter": [] if s in _QUIET_ENTRY else [_ask]} for s in Listen],
    TRANSITIONS,
    initial=Listen.NEW,
)


def prompt(state: Listen, answers: dict[str, Any], settings: FlowSettings) -> Reply:
    """The question for ``state``, as it is asked (also when asked again)."""
    words = quote(str(answers.get("words", "")))
    text = QUESTIONS[state].format(area=settings.area, words=words)
    return Reply(text=text, buttons=BUTTONS.get(state, ()))


def said(answers: dict[str, Any]) -> str:
    """Everything the person told us while listening, in their words, as one text."""
    parts = [answers.get("opening"), *(answers.get(k) for k in KEEPS.values())]
    return " ".join(str(p) for p in [*parts, *(answers.get("updates") or [])] if p)


def last_said(answers: dict[str, Any]) -> str:
    """What the person told us most recently about why they came, in their words."""
    updates = answers.get("updates") or []
    if updates:
        return str(updates[-1])
    return str(answers.get("words") or answers.get("opening") or "")


def _event_for(state: Listen, text: str) -> str:
    if state is Listen.NEW:
        return "hello" if is_greeting(text) or not tidy(text) else "heard"
    if state is Listen.REFLECTING and is_yes(text):
        return "confirm"
    if state is Listen.REFLECTING and is_no(text):
        return "deny"
    if state in HEARING:
        return "skip" if is_skip(text) else "heard"
    return "next"


def step(talk: Step) -> None:
    """Move the conversation on by one message from the person."""
    state = Listen(talk.fsm_state)
    if state is Listen.CHECKING_IN:
        _checked_in(talk)
        return
    if state is not Listen.NEW and talk.text.strip().lower().startswith("why"):
        talk.say(WHY + prompt(state, talk.data, talk.settings).text)
        return
    event = _event_for(state, talk.text)
    kept = kept_answer(talk.text, to_area=state is Listen.ASKED_AREA)
    if event in ("heard", "next") and kept is not None:
        talk.data["opening" if state is Listen.NEW else KEEPS[state]] = kept
        keep_place(talk, talk.text)
    if state is Listen.ASKED_HELPING and talk.returns_to():
        resume(talk, talk.pop_return(Listen.LISTENED), update=None, lead=ACK["answer"])
        return
    lead = said_back(talk.text) if event == "heard" else _ack(event, talk.text)
    if state is Listen.NEW:
        lead = f"{INTRO.format(area=talk.settings.area)} {lead}"
    MACHINE.events[event].trigger(talk, lead=lead)


def _ack(event: str, text: str) -> str:
    if event == "confirm":
        return ACK["confirm"].strip()
    if event == "skip" or (event == "next" and is_skip(text)):
        return ACK["skip"].strip()
    return ACK["answer"].strip() if event == "next" else ""


def _checked_in(talk: Step) -> None:
    """How things are now: kept; then, once, what they enjoy; then where they were."""
    update = talk.text
    if talk.data.get(ASKED_LATER) or "enjoy" in talk.data:
        resume(talk, talk.pop_return(Listen.LISTENED), update=update)
        return
    talk.data[ASKED_LATER] = True
    lead = ""
    if not is_skip(update) and tidy(update):
        talk.data.setdefault("updates", []).append(tidy(update))
        lead = UPDATE_THANKS.strip()
    keep_place(talk, update)
    MACHINE.events["later"].trigger(talk, lead=lead)


def resume(talk: Step, state: str, update: str | None, lead: str = "") -> None:
    """Carry on where the person left off, keeping any news they brought."""
    if update is not None and not is_skip(update) and tidy(update):
        talk.data.setdefault("updates", []).append(tidy(update))
        lead = UPDATE_THANKS
    talk.fsm_state = str(state)
    if talk.journey == "connect":  # back from a later visit's questions, between offers
        reply = connect_prompt(Connect(state))
    else:
        reply = prompt(Listen(state), talk.data, talk.settings)
    talk.say(lead + reply.text, reply.buttons)


def welcome_back(talk: Step) -> None:
    """Greet a returning person with what they told us last time, then carry on."""
    said = quote(last_said(talk.data))
    lead = WELCOME_BACK.format(said=said)
    if is_greeting(talk.text):
        talk.push_return(talk.fsm_state)
        talk.fsm_state = str(Listen.CHECKING_IN)
        talk.say(lead + QUESTIONS[Listen.CHECKING_IN])
        return
    before = len(talk.replies)
    resume(talk, talk.fsm_state, update=talk.text)
    first = talk.replies[before]
    talk.replies[before] = Reply(text=lead + first.text, buttons=first.buttons)
