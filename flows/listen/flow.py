"""First contact: listen with open questions, one at a time, and keep the answers.

The conversation, in order: a one-line hello that says we are a bot with local people
behind it and asks "What can we do for you?"; a reflection of what was heard, in the
person's own words; what matters most; who is around; what they enjoy or are good at;
whether they would like to help others; their area. Any question can be skipped.
"""

from __future__ import annotations

import itertools
from enum import StrEnum
from typing import Any

from transitions import EventData

from common.models import Reply
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


# The questions in the order they are asked, with the answer each one keeps.
ORDER = (
    Listen.ASKED_MATTERS,
    Listen.ASKED_AROUND,
    Listen.ASKED_ENJOY,
    Listen.ASKED_HELPING,
    Listen.ASKED_AREA,
    Listen.LISTENED,
)
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
    Listen.ASKED_AREA: (
        "Which part of {area} are you in? A neighbourhood or the start of your postcode is plenty."
    ),
    Listen.CHECKING_IN: "How are things now?",
    Listen.LISTENED: "What would you like to happen next? Type PERSON to talk to someone local.",
}
BUTTONS = {
    Listen.REFLECTING: ("That's right", "Not quite"),
    Listen.ASKED_HELPING: ("Yes", "Maybe later", "No"),
}
ACK = {"answer": "Thank you. ", "skip": "That's fine. ", "confirm": "Thanks. "}
RETELL = "Sorry I got that wrong. Tell me again, in your own words: what can we do for you?"
LISTENED = (
    "Thank you for telling me all that. I've kept it in your words, so nobody will ask you "
    "to start again."
)
WHY = (
    "So that whoever you talk to already knows, and you don't have to repeat yourself. "
    "You can skip any question. "
)
WELCOME_BACK = 'Welcome back. Last time you told me: "{said}". '
UPDATE_THANKS = "Thanks for telling me how things are. "


def _talk(event: EventData) -> Step:
    assert isinstance(event.model, Step)
    return event.model


def _keep(event: EventData) -> None:
    talk = _talk(event)
    source = event.transition.source if event.transition else talk.fsm_state
    talk.data[KEEPS[Listen(source)]] = tidy(talk.text)


def _ask(event: EventData) -> None:
    talk = _talk(event)
    state = Listen(talk.fsm_state)
    if state is Listen.LISTENED:
        talk.say(LISTENED)
        return
    reply = prompt(state, talk.data, talk.settings)
    talk.say(ACK.get(event.event.name, "") + reply.text, reply.buttons)


def _greet(event: EventData) -> None:
    talk = _talk(event)
    talk.say(GREETING.format(area=talk.settings.area))


def _retell(event: EventData) -> None:
    _talk(event).say(RETELL)


def _chain(states: tuple[Listen, ...]) -> list[dict[str, Any]]:
    """answer/skip from each question to the next, keeping what was said."""
    steps = []
    for source, dest in itertools.pairwise(states):
        steps.append({"trigger": "answer", "source": source, "dest": dest, "before": _keep})
        steps.append({"trigger": "skip", "source": source, "dest": dest})
    return steps


TRANSITIONS: list[dict[str, Any]] = [
    {"trigger": "hello", "source": Listen.NEW, "dest": Listen.ASKED_WHAT, "after": _greet},
    {"trigger": "answer", "source": Listen.ASKED_WHAT, "dest": Listen.REFLECTING, "before": _keep},
    {"trigger": "skip", "source": Listen.ASKED_WHAT, "dest": Listen.ASKED_MATTERS},
    {"trigger": "confirm", "source": Listen.REFLECTING, "dest": Listen.ASKED_MATTERS},
    {"trigger": "deny", "source": Listen.REFLECTING, "dest": Listen.ASKED_WHAT, "after": _retell},
    {
        "trigger": "answer",
        "source": Listen.REFLECTING,
        "dest": Listen.ASKED_MATTERS,
        "before": _keep,
    },
    {"trigger": "skip", "source": Listen.REFLECTING, "dest": Listen.ASKED_MATTERS},
    *_chain(ORDER),
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
        return "hello"
    if state is Listen.REFLECTING:
        if is_yes(text):
            return "confirm"
        if is_no(text):
            return "deny"
    return "skip" if is_skip(text) else "answer"


def step(talk: Step) -> None:
    """Move the conversation on by one message from the person."""
    state = Listen(talk.fsm_state)
    if state is Listen.CHECKING_IN:
        resume(talk, talk.pop_return(Listen.LISTENED), update=talk.text)
        return
    if state is not Listen.NEW and talk.text.strip().lower().startswith("why"):
        talk.say(WHY + prompt(state, talk.data, talk.settings).text)
        return
    if state is Listen.NEW and not is_greeting(talk.text) and tidy(talk.text):
        talk.data["opening"] = tidy(talk.text)
    MACHINE.events[_event_for(state, talk.text)].trigger(talk)


def resume(talk: Step, state: str, update: str | None) -> None:
    """Carry on where the person left off, keeping any news they brought."""
    lead = ""
    if update is not None and not is_skip(update) and tidy(update):
        talk.data.setdefault("updates", []).append(tidy(update))
        lead = UPDATE_THANKS
    talk.fsm_state = str(Listen(state))
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
