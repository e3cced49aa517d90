"""Starting a resident's handoff: asking the name they'd like and what they want, reading the
card back in their words (or taking new ones), and sending the cards to the people on duty
with the escalation timer running. In danger the cards go at once, marked urgent, with no
questions. The words said while starting, and the card's two answers, are kept here.
"""

from __future__ import annotations

from common.models import Helper, OfferHandoff, RecordConsent, StartTimer
from flows.handoff.card import card, card_text, holder_intro
from flows.handoff.talk import Handoff, asked_links, duty_coordinator, listed, on_duty_for
from flows.step import Step
from flows.text import first_name, is_no, is_skip, is_yes, plain, quote, tidy

ASK_NAME = (
    "I'll ask a local person to pick this up and stay with you. What name would you like "
    "them to use for you? Any name is fine."
)
ASK_WANT = "What would you most like from them? A call, help with a letter, a chat... SKIP is fine."
READ_BACK = (
    'This is what I\'d let them know, in your words: "{words}". Is that OK to share? Only '
    "the local people on duty who could pick this up will see it."
)
READ_BACK_BUTTONS = ("Yes, share it", "Change it")
REWRITE = "What would you like them to know? In your own words, as short as you like."
SENT = (
    "Thank you, {name}. I've sent that to {who}, on duty today. As soon as one of them picks "
    "it up I'll tell you their name and when they'll text you."
)
SENT_ONE = (
    "Thank you, {name}. I've sent that to {who}. As soon as they pick it up I'll tell you, "
    "and when they'll text you."
)
NOBODY = (
    "I'm sorry, {name}: there's nobody I can ask right now. Your words are kept, so you "
    "won't need to start again. If you're in danger, call {emergency}."
)
ANSWER_BUTTONS = ("I'll take this", "Not me")


def ask_next(talk: Step) -> None:
    """Ask for whatever the card still needs (a name, then what they want), then read it back."""
    if "name" not in talk.data:
        talk.move(Handoff.NAMING)
        talk.say(ASK_NAME)
    elif "want" not in talk.kept("handoff"):
        talk.move(Handoff.ASKED_WANT)
        talk.say(ASK_WANT)
    else:
        talk.move(Handoff.READING_BACK)
        words = card(talk.data)["words"]
        talk.say(READ_BACK.format(words=quote(words, limit=200)), READ_BACK_BUTTONS)


def keep_name(talk: Step) -> None:
    """The name they would like to be called (SKIP for none), then the next question."""
    talk.data["name"] = "" if is_skip(talk.text) else quote(talk.text, limit=40)
    ask_next(talk)


def keep_want(talk: Step) -> None:
    """What they would most like from the person (SKIP for nothing), then the next question."""
    talk.kept("handoff")["want"] = "" if is_skip(talk.text) else quote(talk.text, limit=200)
    ask_next(talk)


def read_back_answer(talk: Step) -> None:
    """Yes sends the cards; no or "change it" asks again; anything else is new words."""
    said = plain(talk.text)
    if is_yes(said.split(" ")[0]) or said == plain(READ_BACK_BUTTONS[0]):
        send_cards(talk, on_duty_for(talk) or fallback(talk))
    elif is_no(talk.text) or said in ("change it", "change", "shorter"):
        talk.move(Handoff.REWRITING)
        talk.say(REWRITE)
    else:
        rewrite(talk)


def fallback(talk: Step) -> list[Helper]:
    """Who to ask when nobody on duty fits: the duty coordinator, if there is one."""
    coordinator = duty_coordinator(talk.context)
    return [coordinator] if coordinator else []


def rewrite(talk: Step) -> None:
    """The resident's new words for the card, then read back again."""
    if tidy(talk.text):
        talk.kept("handoff")["words"] = quote(talk.text, limit=300)
    ask_next(talk)


def send_cards(talk: Step, helpers: list[Helper], urgent: bool = False) -> None:
    """Cards out to ``helpers``, with the escalation timer running."""
    name = talk.data.get("name") or ""
    if not helpers:
        talk.move(Handoff.WAITING)
        talk.say(NOBODY.format(name=name or "sorry", emergency=talk.settings.emergency))
        return
    shared = card(talk.data, urgent=urgent)
    talk.effects.append(
        OfferHandoff(card=shared, resident_name=name, helpers=tuple(helpers), urgent=urgent)
    )
    sent = card_text(shared, talk.settings.area)
    for helper in helpers:
        talk.say(sent, ANSWER_BUTTONS, to=helper.key)
    if not urgent:  # an urgent card goes without asking, so there is no agreement to record
        with_whom = listed([holder_intro(h.name, h.organisation) for h in helpers])
        talk.effects.append(RecordConsent(purpose="handoff", shared_with=with_whom, shared=sent))
    due = talk.now + talk.settings.handoff_escalate_after
    talk.effects.append(StartTimer(name="handoff_escalate", due_at=due))
    talk.move(Handoff.WAITING)
    if not urgent:
        who = listed([first_name(h.name) for h in helpers])
        text = SENT if len(helpers) > 1 else SENT_ONE
        talk.say(text.format(name=name or "for telling me", who=who))


def urgent(talk: Step) -> None:
    """Danger: cards marked urgent go to the people on duty at once, with no questions."""
    asked = asked_links(talk.context)
    if asked:
        for link in asked:
            talk.say(f"URGENT update from {talk.name}: {tidy(talk.text)}", to=link.helper)
        return
    talk.kept("handoff")["words"] = quote(talk.text, limit=300)
    helpers = urgent_helpers(talk)
    if helpers:
        send_cards(talk, helpers, urgent=True)


def urgent_helpers(talk: Step) -> list[Helper]:
    """Who an urgent card goes to: the workers on duty, and the duty coordinator."""
    on_duty = on_duty_for(talk)
    coordinator = duty_coordinator(talk.context)
    return on_duty + ([coordinator] if coordinator and coordinator not in on_duty else [])
