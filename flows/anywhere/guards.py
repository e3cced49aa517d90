"""The guards the router tries before any journey: each takes the turn's ``Step`` and says
whether it dealt with the message. Their order is declared in ``flows.router``."""

from __future__ import annotations

from common.models import StartTimer, Turn
from flows import journeys
from flows.anywhere import flood, forget, safe_check
from flows.anywhere.keywords import Keyword
from flows.connect.choices import wants_person
from flows.connect.flow import PERSON_ASKED, Connect
from flows.handoff import flow as handoff
from flows.handoff import urgent
from flows.listen import flow as listen
from flows.safety.kinds import Tier
from flows.step import Step
from flows.text import is_greeting, is_yes, quote

HELP = (
    "The {area} neighbours line: a bot, with local people behind it, who put you in touch "
    "with neighbours and groups. PERSON to talk to someone, STOP to stop."
)
STOPPED = (
    "OK, you won't get any more messages from us. Text START if you ever want to pick up again."
)
STARTED = "Welcome back. "
STILL_HERE = "I'm still here. "
TOO_LONG = (
    "Thank you, I've kept all of that. It's more than I can take in at once: "
    "could you tell me the main thing in a few words?"
)
NO_WORDS = "I couldn't see any words in that. "
MEDIA_ONLY = "Thanks. I can only read text messages for now: could you put that in words?"


def while_stopped(talk: Step) -> bool:
    """After STOP nothing is said at all, until START."""
    if not talk.record.opted_out:
        return False
    if talk.keyword is Keyword.START:
        talk.record.opted_out = False
        journeys.ask_again(talk, STARTED)
    return True


def stop(talk: Step) -> bool:
    """STOP ends all messages (where the carrier confirms it, we say nothing more)."""
    if talk.keyword is not Keyword.STOP:
        return False
    talk.record.opted_out = True
    if talk.message.channel not in talk.settings.carrier_confirms_stop:
        talk.say(STOPPED)
    return True


def danger(talk: Step) -> bool:
    """Clear signs of danger, or any sign once they were asked if they're safe (or danger
    was seen before), bring in a person at once, unless held. An uncertain first sign is
    the next route's: they are asked first."""
    signal = talk.danger
    if signal is None or handoff.held_links(talk.context):
        return False  # the person holding it hears it straight away, marked urgent
    seen = safe_check.was_asked(talk) or urgent.is_urgent(talk.record)
    if signal.tier is Tier.CHECK_IN and not seen:
        return False
    urgent.respond(talk)
    return True


def flood_pause(talk: Step) -> bool:
    """A burst of messages is held and answered as one when it stops.

    Presses, keywords, danger and anyone on the roster are never held: a worker's INBOX
    or accept, or a resident's PERSON, must not wait behind a flood.
    """
    if talk.from_flood or talk.message.press or talk.keyword is not None or talk.danger:
        return False
    if talk.context.helper(talk.record.key):
        return False
    said = flood.check(talk.data, talk.now)
    if said is None:
        talk.join_held(flood.with_held(talk.data, talk.message.text))
        return False
    flood.hold(talk.data, talk.message.text)
    if said:
        talk.say(said)
        talk.effects.append(StartTimer(name=flood.TIMER, due_at=talk.now + flood.WINDOW))
    return True


def forget_asked(talk: Step) -> bool:
    """The answer to "delete everything?"."""
    if not forget.is_pending(talk.record):
        return False
    forget.answer(talk, journeys.flow_of(talk.fsm_state).prompt(talk))
    return True


def keywords(talk: Step) -> bool:
    """HELP and FORGET ME always; START and PERSON unless a named person holds it already."""
    keyword = talk.keyword
    if keyword is None:
        return False
    if keyword not in (Keyword.HELP, Keyword.FORGET) and handoff.held_links(talk.context):
        return False
    if keyword is Keyword.START:
        journeys.ask_again(talk, STILL_HERE)
    elif keyword is Keyword.HELP:
        talk.say(HELP.format(area=talk.settings.area))
    elif keyword is Keyword.FORGET:
        forget.ask(talk)
    else:
        handoff.begin(talk)
    return True


def held(talk: Step) -> bool:
    """While a named person holds it, the bot is quiet and the words go to them."""
    if not handoff.held_links(talk.context):
        return False
    signal = talk.danger
    handoff.while_held(talk, signal is not None and signal.tier is Tier.URGENT)
    return True


def too_long(talk: Step) -> bool:
    """More than can be taken in at once: kept, and asked for the main thing."""
    if len(talk.message.text) <= talk.settings.max_text_chars:
        return False
    talk.say(TOO_LONG)
    return True


def no_words(talk: Step) -> bool:
    """A picture or an empty message: asked for words."""
    if talk.message.text.strip() or talk.message.press:
        return False
    if talk.message.has_media:
        talk.say(MEDIA_ONLY)
    else:
        journeys.ask_again(talk, NO_WORDS)
    return True


def welcome_back(talk: Step) -> bool:
    """Back after a long gap: what they told us last time, then where they were."""
    if not talk.returning or handoff.is_active(talk.record):
        return False
    if talk.journey == "listen" or (talk.journey == "connect" and is_greeting(talk.text)):
        listen.welcome_back(talk)  # how things are now, and (once) what they enjoy
    elif is_greeting(talk.text):
        said = quote(listen.last_said(talk.data))
        journeys.ask_again(talk, listen.WELCOME_BACK.format(said=said))
    else:
        return False  # their words are answered where they are
    return True


def person_from_options(talk: Step) -> bool:
    """Asking for a person instead of the options shown, or yes when nothing fitted and a
    person was offered instead."""
    offered_person = talk.data.pop(PERSON_ASKED, False)  # asked once: only the next reply
    if offered_person and is_yes(talk.text.split(" ")[0]):
        handoff.begin(talk)
        return True
    if talk.fsm_state != Connect.OFFERED or not wants_person(talk.typed, talk.data):
        return False
    handoff.begin(talk)
    return True


def took(talk: Step, turn: Turn | None) -> bool:
    """Fold a helper's turn (a worker's, a peer's, a relayed message) into this one."""
    if turn is None:
        return False
    talk.record = turn.record
    talk.replies += turn.replies
    talk.effects += turn.effects
    return True
