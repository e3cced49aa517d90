"""Starting a resident's handoff: asking the name they'd like and what they want, reading the
card back in their words (or taking new ones), and sending the cards to the people on duty
with the escalation timer running. In danger the cards go at once, marked urgent, with no
questions. The words said while starting, and the card's two answers, are kept here.
"""

from __future__ import annotations

from typing import Any

from common.models import Helper, OfferHandoff, RecordConsent, StartTimer
from flows import approved
from flows.handoff.card import PURPOSE, card, card_text, holder_intro
from flows.handoff.talk import (
    Handoff,
    asked_links,
    duty_coordinator,
    listed,
    on_duty_for,
)
from flows.step import Step
from flows.text import first_name, is_no, is_skip, is_yes, plain, quote, tidy

ASK_NAME = (
    "I'll ask {who} to pick this up and stay with you. What name would you like them to use "
    "for you? Any name is fine."
)
# Who is asked, said by name from the first reply: a person is one message away, by name.
ASKING_ON_DUTY = "{names}, on duty today,"
ASKING_NOBODY = "a local person"
ASK_WANT = "What would you most like from them? A call, help with a letter, a chat... SKIP is fine."
READ_BACK = "I'd tell the local people on duty {who}{what}. Is that OK to share?"
READ_BACK_NAME = "your name, {name}, and "
READ_BACK_SAID = 'this, in your words: "{words}"'
READ_BACK_NOTHING = "that you'd like someone to get in touch, and nothing more"
READ_BACK_BUTTONS = ("Yes, share it", "Change it")
REWRITE = "What would you like them to know? In your own words, as short as you like."
MAIN_THING = (
    "You've told me a lot, and I'd rather they read your words whole than cut short. "
    "What's the main thing you'd like them to know?"
)
SENT = (
    "Thank you{by_name}. I've sent that to {who}, on duty today. As soon as one of them picks "
    "it up I'll tell you their name and when they'll text you."
)
SENT_ONE = (
    "Thank you{by_name}. I've sent that to {who}. As soon as they pick it up I'll tell you, "
    "and when they'll text you."
)
NOBODY = (
    "I'm sorry{by_name}: there's nobody I can ask right now. Your words are kept, so you "
    "won't need to start again. If you're in danger, call {emergency}."
)
ANSWER_BUTTONS = ("I'll take this", "Not me")


def ask_next(talk: Step) -> None:
    """Ask the name, saying by name who will be asked; ask what they'd like only when they have
    told us nothing yet; then read the card back."""
    if "name" not in talk.data:
        talk.move(Handoff.NAMING)
        talk.say(ASK_NAME.format(who=asking(helpers_for(talk))))
    elif "want" not in talk.kept("handoff") and not words_to_share(talk.data):
        talk.move(Handoff.ASKED_WANT)
        talk.say(ASK_WANT)
    else:
        read_back(talk)


def asking(helpers: list[Helper]) -> str:
    """Who a card would go to, as the resident is told before they answer anything."""
    if not helpers:
        return ASKING_NOBODY
    names = listed([first_name(h.name) for h in helpers])
    on_duty = all(h.role == "worker" for h in helpers)
    return ASKING_ON_DUTY.format(names=names) if on_duty else names


def words_to_share(data: dict[str, Any]) -> str:
    """The resident's words for the card: new words if they gave some, else what they told
    us and what they'd like from the person."""
    handoff = data.get("handoff") or {}
    if "words" in handoff:
        return approved.whole(str(handoff["words"]))
    told = dict.fromkeys(str(data[k]) for k in ("opening", "words", "more") if data.get(k))
    story = " ".join(told)
    return approved.joined(story or str(data.get("matters") or ""), str(handoff.get("want") or ""))


def read_back_text(name: str, words: str) -> str:
    """The read-back a resident approves: their name and words, whole."""
    who = READ_BACK_NAME.format(name=name) if name else ""
    what = READ_BACK_SAID.format(words=words) if words else READ_BACK_NOTHING
    return READ_BACK.format(who=who, what=what)


def read_back(talk: Step) -> None:
    """Read back exactly what the card will carry, kept as it is shown; words too long to
    show whole in a text get a question for the main thing instead."""
    approved.drop(talk.data, PURPOSE)
    name, words = str(talk.data.get("name") or ""), words_to_share(talk.data)
    text = read_back_text(name, words)
    if not approved.fits(text):
        talk.move(Handoff.REWRITING)
        talk.say(MAIN_THING)
        return
    approved.keep(talk.data, PURPOSE, name=name, words=words)
    talk.move(Handoff.READING_BACK)
    talk.say(text, READ_BACK_BUTTONS)


def keep_name(talk: Step) -> None:
    """The name they would like to be called (SKIP for none), then the next question."""
    talk.data["name"] = "" if is_skip(talk.text) else quote(talk.text, limit=40)
    ask_next(talk)


def keep_want(talk: Step) -> None:
    """What they would most like from the person (SKIP for nothing), then the next question."""
    talk.kept("handoff")["want"] = "" if is_skip(talk.text) else approved.whole(talk.text)
    ask_next(talk)


def read_back_answer(talk: Step) -> None:
    """Yes sends the cards; no or "change it" asks again; anything else is new words."""
    said = plain(talk.text)
    agreed = is_yes(said.split(" ")[0]) or said == plain(READ_BACK_BUTTONS[0])
    if agreed and approved.kept(talk.data, PURPOSE) is None:
        read_back(talk)  # nothing of theirs goes that they have not seen read back
    elif agreed:
        send_cards(talk, helpers_for(talk))
    elif is_no(talk.text) or said in ("change it", "change", "shorter"):
        talk.move(Handoff.REWRITING)
        talk.say(REWRITE)
    else:
        rewrite(talk)


def helpers_for(talk: Step) -> list[Helper]:
    """The same person again when that was asked for and they can be reached, else the
    people on duty, else the duty coordinator."""
    last = talk.kept("handoff").get("same_person") or []
    if len(last) >= 2:
        person = talk.context.helper((str(last[0]), str(last[1])))
        if person is not None and person.reachable:
            return [person]
    return on_duty_for(talk) or fallback(talk)


def fallback(talk: Step) -> list[Helper]:
    """Who to ask when nobody on duty fits: the duty coordinator, if there is one."""
    coordinator = duty_coordinator(talk.context)
    return [coordinator] if coordinator else []


def rewrite(talk: Step) -> None:
    """The resident's new words for the card, then read back again."""
    if tidy(talk.text):
        talk.kept("handoff")["words"] = approved.whole(talk.text)
    ask_next(talk)


def send_cards(talk: Step, helpers: list[Helper], urgent: bool = False) -> None:
    """Cards out to ``helpers``, with the escalation timer running."""
    name = talk.data.get("name") or ""
    if not helpers:
        talk.move(Handoff.WAITING)
        talk.say(NOBODY.format(by_name=talk.by_name, emergency=talk.settings.emergency))
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
    # Nobody picking up an urgent card is noticed within minutes, not half an hour.
    wait = talk.settings.urgent_escalate_after if urgent else talk.settings.handoff_escalate_after
    talk.effects.append(StartTimer(name="handoff_escalate", due_at=talk.now + wait))
    if urgent and talk.journey != "handoff":
        return  # the conversation goes on where it was while someone is on the way
    talk.move(Handoff.WAITING)
    if not urgent:
        who = listed([first_name(h.name) for h in helpers])
        text = SENT if len(helpers) > 1 else SENT_ONE
        talk.say(text.format(by_name=talk.by_name, who=who))


def urgent(talk: Step, words: str | None = None) -> None:
    """Danger: cards marked urgent go to the people on duty at once, with no questions;
    ``words`` (this message's, unless given) are what the card carries."""
    said = tidy(words if words is not None else talk.text)
    asked = asked_links(talk.context)
    if asked:
        for link in asked:
            talk.say(f"URGENT update from {talk.called()}: {said}", to=link.helper)
        return
    approved.drop(talk.data, PURPOSE)  # an urgent card carries the words of danger
    talk.kept("handoff").update(words=approved.whole(said), urgent=True)
    helpers = urgent_helpers(talk)
    if helpers:
        talk.kept("handoff")["told"] = [list(h.key) for h in helpers]
        send_cards(talk, helpers, urgent=True)


def urgent_helpers(talk: Step) -> list[Helper]:
    """Who an urgent card goes to: the workers on duty, and the duty coordinator."""
    on_duty = on_duty_for(talk)
    coordinator = duty_coordinator(talk.context)
    return on_duty + ([coordinator] if coordinator and coordinator not in on_duty else [])
