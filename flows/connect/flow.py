"""Connecting, not fixing: offer up to three people or groups, and let the person choose.

Each option is one line: who or what, where, and why it came up. Picking a group gets its
details (and, if it has a contact person, the offer to let them know you're coming).
Picking a peer is a double opt-in: the person agrees to what will be shared, the peer is
asked, and only when both say yes do they talk, through the bot's number.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from transitions import EventData

from common.models import AskHelper, Option, RecordConsent, Reply, StartTimer
from flows import approved
from flows.connect.choices import MATCHED, MORE_WORDS, NONE_WORDS, offer_text, pick
from flows.machine import build
from flows.step import Step
from flows.text import first_name, is_no, is_yes, plain, quote, tidy


class Connect(StrEnum):
    """Where the connecting part of a conversation is."""

    OFFERED = "connect.offered"
    GROUP_CONTACT = "connect.group_contact"
    ASK_NAME = "connect.ask_name"
    CONFIRM_SHARE = "connect.confirm_share"
    WAITING = "connect.waiting"
    RESTING = "connect.resting"
    STARTING = "connect.starting"  # listened: what fits comes next (kept on the return stack)


NOTHING_FITS = (
    "I'm sorry, I couldn't find a group that fits what you told me. Would you like a local "
    "person to talk it through? Reply PERSON any time."
)
NOTHING_FITS_NAMED = (
    "I'm sorry, I couldn't find a group that fits what you told me. Would you like to talk "
    "it through with {worker}, who works locally? Reply PERSON any time."
)
PERSON_ASKED = "person_asked"
NONE_FIT = (
    "That's fine. Tell me more about what would help and I'll look again, or reply PERSON "
    "to talk to someone local."
)
GROUP_CONTACT = "Would you like me to let {contact} there know you're coming? {what}"
GROUP_CONTACT_NAME = "I'd give them your name, {name}, and nothing else."
GROUP_CONTACT_NO_NAME = "I'd say someone is coming, without your name."
TOLD_CONTACT = "Done. I've let {contact} know. Text OPTIONS any time to see the others."
NO_CONTACT = "OK, I won't. Text OPTIONS any time to see the others."
ASK_NAME = "What name would you like {peer} to know you by? Any name is fine."
CONFIRM_SHARE = 'I\'d send {peer} your name, {name}, and this: "{summary}". Is that OK?'
MAIN_THING = (
    "What would you like {peer} to know about what you'd like help with? A sentence or two, "
    "in your own words."
)
ASKED_PEER = "Thank you. I've asked {peer}, and I'll tell you as soon as they answer."
STILL_WAITING = "I'm still waiting to hear from {peer}. I'll tell you as soon as they answer."
RESTING = (
    "Thanks, I've added that. Text OPTIONS to see who might help, or PERSON to talk to someone."
)
PEER_REQUEST = (
    "Hi {peer}, it's the {area} neighbours line. {name} would like some help with: "
    '"{summary}". Would you be up for it? Nothing more is shared unless you say yes.'
)
PEER_BUTTONS = ("Accept", "Not this time")
SHARE_BUTTONS = ("Yes", "No")
CONTACT_NOTE = (
    "Hello {contact}, it's the {area} neighbours line. {name} is planning to come along to "
    "{group}. They asked me to let you know."
)
SOMEONE = "Someone who texted us"
# What each kind of sharing keeps as read back (``flows.approved``).
INTRO, GROUP = "intro", "group_contact"


def offered(talk: Step) -> list[Option]:
    """The options this person was shown last."""
    return [Option.model_validate(o) for o in talk.data.get("offered", [])]


def chosen(talk: Step) -> Option:
    """The option this person picked."""
    return Option.model_validate(talk.data["chosen"])


def _talk(event: EventData) -> Step:
    assert isinstance(event.model, Step)
    return event.model


def _offer(event: EventData) -> None:
    talk = _talk(event)
    shown = talk.context.options[:MATCHED]
    talk.data["offered"] = [o.model_dump(mode="json") for o in shown]
    talk.say(offer_text(shown, again=bool(event.kwargs.get("again"))))


def _nothing_fits(event: EventData) -> None:
    talk = _talk(event)
    worker = talk.context.worker
    talk.say(NOTHING_FITS_NAMED.format(worker=worker) if worker else NOTHING_FITS)
    talk.data[PERSON_ASKED] = True  # a yes to that question is a yes to a person


def _none_fit(event: EventData) -> None:
    _talk(event).say(NONE_FIT)


def _choose(event: EventData) -> None:
    picked: Option = event.kwargs["picked"]
    _talk(event).data["chosen"] = picked.model_dump(mode="json")


def _introduce_group(event: EventData) -> None:
    talk = _talk(event)
    group = chosen(talk)
    contact = group.contact_name
    if group.contact is not None and contact:
        talk.say(f"{group.details}\n\n" + ask_contact(talk, contact), SHARE_BUTTONS)
    else:
        talk.say(f"{group.details}\n\nText OPTIONS any time to see the others.")


def ask_contact(talk: Step, contact: str) -> str:
    """Whether the group's contact may be told, with the name they would see, kept."""
    name = approved.whole(str(talk.data.get("name") or ""))
    approved.keep(talk.data, GROUP, name=name)
    what = GROUP_CONTACT_NAME.format(name=name) if name else GROUP_CONTACT_NO_NAME
    return GROUP_CONTACT.format(contact=contact, what=what)


def _tell_contact(event: EventData) -> None:
    talk = _talk(event)
    group = chosen(talk)
    name = (approved.kept(talk.data, GROUP) or {}).get("name") or SOMEONE
    note = CONTACT_NOTE.format(
        contact=first_name(group.contact_name or ""),
        area=talk.settings.area,
        name=name,
        group=group.name,
    )
    talk.say(note, to=group.contact)
    # The resident said yes to this note going to this person: the record is the note itself.
    with_whom = f"{group.contact_name} at {group.name}"
    talk.effects.append(RecordConsent(purpose="group_contact", shared_with=with_whom, shared=note))
    talk.say(TOLD_CONTACT.format(contact=first_name(group.contact_name or "")))


def _no_contact(event: EventData) -> None:
    _talk(event).say(NO_CONTACT)


def _ask_name(event: EventData) -> None:
    talk = _talk(event)
    talk.say(ASK_NAME.format(peer=first_name(chosen(talk).name)))


def _keep_name(event: EventData) -> None:
    talk = _talk(event)
    talk.data["name"] = quote(talk.text, limit=40)


def summary(data: dict[str, Any]) -> str:
    """What the person said they want help with, in their words, whole: words given for
    this introduction, else what they told us when they came."""
    given = (data.get(INTRO) or {}).get("words")
    if given is not None:
        return approved.whole(str(given))
    told = dict.fromkeys(str(data[k]) for k in ("opening", "words", "more") if data.get(k))
    return approved.whole(" ".join(told) or str(data.get("matters") or ""))


def _ask_share(event: EventData) -> None:
    ask_share(_talk(event))


def ask_share(talk: Step) -> None:
    """Read back the name and words the peer would get, kept as shown; words that are
    missing or too long for a text get a question for the main thing instead."""
    peer = first_name(chosen(talk).name)
    approved.drop(talk.data, INTRO)
    name, said = approved.whole(str(talk.data.get("name") or "")), summary(talk.data)
    text = CONFIRM_SHARE.format(peer=peer, name=name, summary=said)
    if not said or not approved.fits(text):
        talk.say(MAIN_THING.format(peer=peer))
        return
    approved.keep(talk.data, INTRO, name=name, words=said)
    talk.say(text, SHARE_BUTTONS)


def _keep_words(event: EventData) -> None:
    talk = _talk(event)
    talk.data[INTRO] = {"words": approved.whole(talk.text)}


def _ask_peer(event: EventData) -> None:
    talk = _talk(event)
    peer = chosen(talk)
    assert peer.contact is not None
    shown = approved.kept(talk.data, INTRO) or {}
    name, said = shown.get("name") or SOMEONE, shown.get("words", "")
    talk.effects.append(
        AskHelper(
            link="intro",
            helper=peer.contact,
            helper_name=peer.name,
            resident_name=name,
            summary=said,
        )
    )
    due = talk.now + talk.settings.intro_wait
    talk.effects.append(
        StartTimer(name="intro_expired", due_at=due, payload={"helper": list(peer.contact)})
    )
    request = PEER_REQUEST.format(
        peer=first_name(peer.name), area=talk.settings.area, name=name, summary=said
    )
    talk.say(request, PEER_BUTTONS, to=peer.contact)
    # They approved their name and these words for this peer; the request is what carries them.
    talk.effects.append(RecordConsent(purpose="intro", shared_with=peer.name, shared=request))
    talk.say(ASKED_PEER.format(peer=first_name(peer.name)))


def _still_waiting(event: EventData) -> None:
    talk = _talk(event)
    talk.say(STILL_WAITING.format(peer=first_name(chosen(talk).name)))


def _rest(event: EventData) -> None:
    talk = _talk(event)
    if tidy(talk.text):
        talk.data.setdefault("notes", []).append(tidy(talk.text))
    talk.say(RESTING)


def _is_group(event: EventData) -> bool:
    picked: Option = event.kwargs["picked"]
    return picked.kind == "group"


def _has_contact(event: EventData) -> bool:
    picked: Option = event.kwargs["picked"]
    return picked.contact is not None and bool(picked.contact_name)


def _read_back(event: EventData) -> bool:
    return approved.kept(_talk(event).data, INTRO) is not None


def _knows_name(event: EventData) -> bool:
    return bool(_talk(event).data.get("name"))


ANYWHERE = "*"
TRANSITIONS: list[dict[str, Any]] = [
    {"trigger": "offer", "source": ANYWHERE, "dest": Connect.OFFERED, "after": _offer},
    {"trigger": "nothing", "source": ANYWHERE, "dest": Connect.RESTING, "after": _nothing_fits},
    {"trigger": "none", "source": Connect.OFFERED, "dest": Connect.RESTING, "after": _none_fit},
    {
        "trigger": "pick",
        "source": Connect.OFFERED,
        "dest": Connect.GROUP_CONTACT,
        "conditions": [_is_group, _has_contact],
        "before": _choose,
        "after": _introduce_group,
    },
    {
        "trigger": "pick",
        "source": Connect.OFFERED,
        "dest": Connect.RESTING,
        "conditions": _is_group,
        "before": _choose,
        "after": _introduce_group,
    },
    {
        "trigger": "pick",
        "source": Connect.OFFERED,
        "dest": Connect.CONFIRM_SHARE,
        "conditions": _knows_name,
        "before": _choose,
        "after": _ask_share,
    },
    {
        "trigger": "pick",
        "source": Connect.OFFERED,
        "dest": Connect.ASK_NAME,
        "before": _choose,
        "after": _ask_name,
    },
    {
        "trigger": "answer",
        "source": Connect.ASK_NAME,
        "dest": Connect.CONFIRM_SHARE,
        "before": _keep_name,
        "after": _ask_share,
    },
    {
        "trigger": "yes",
        "source": Connect.CONFIRM_SHARE,
        "dest": Connect.WAITING,
        "conditions": _read_back,
        "after": _ask_peer,
    },
    # A yes to the question for the main thing, or new words at the read-back: read back.
    {"trigger": "yes", "source": Connect.CONFIRM_SHARE, "dest": None, "after": _ask_share},
    {
        "trigger": "answer",
        "source": Connect.CONFIRM_SHARE,
        "dest": None,
        "before": _keep_words,
        "after": _ask_share,
    },
    {"trigger": "no", "source": Connect.CONFIRM_SHARE, "dest": Connect.OFFERED, "after": _offer},
    {
        "trigger": "yes",
        "source": Connect.GROUP_CONTACT,
        "dest": Connect.RESTING,
        "after": _tell_contact,
    },
    {
        "trigger": "no",
        "source": Connect.GROUP_CONTACT,
        "dest": Connect.RESTING,
        "after": _no_contact,
    },
    {"trigger": "answer", "source": Connect.WAITING, "dest": None, "after": _still_waiting},
    {"trigger": "answer", "source": Connect.RESTING, "dest": None, "after": _rest},
]

MACHINE = build(list(Connect), TRANSITIONS, initial=Connect.RESTING)


def begin(talk: Step) -> None:
    """The listening is done: offer what fits, or say honestly that nothing does."""
    MACHINE.events["offer" if talk.context.options else "nothing"].trigger(talk)


def step(talk: Step) -> None:
    """Move the connecting conversation on by one message."""
    state, words = Connect(talk.fsm_state), plain(talk.text)
    if state is Connect.OFFERED:
        picked = pick(talk.text, offered(talk))
        if picked is not None:
            MACHINE.events["pick"].trigger(talk, picked=picked)
        elif words in NONE_WORDS:
            MACHINE.events["none"].trigger(talk)
        else:
            begin_again(talk)
    elif state in (Connect.CONFIRM_SHARE, Connect.GROUP_CONTACT) and (
        is_yes(talk.text) or is_no(talk.text)
    ):
        MACHINE.events["yes" if is_yes(talk.text) else "no"].trigger(talk, again=True)
    elif state is Connect.RESTING and words in MORE_WORDS:
        begin_again(talk)
    elif state in (Connect.ASK_NAME, Connect.WAITING, Connect.RESTING, Connect.CONFIRM_SHARE):
        MACHINE.events["answer"].trigger(talk)
    else:
        prompt_again(talk)


def begin_again(talk: Step) -> None:
    """Offer again, with whatever the person has added in mind."""
    added = bool(tidy(talk.text)) and plain(talk.text) not in MORE_WORDS
    if added:
        talk.data.setdefault("notes", []).append(tidy(talk.text))
    if talk.context.options:
        MACHINE.events["offer"].trigger(talk, again=added)
    else:
        MACHINE.events["nothing"].trigger(talk)


def prompt_again(talk: Step) -> None:
    """A yes/no question got something else: ask it again, plainly."""
    contact = str(chosen(talk).contact_name or "")
    talk.say("Sorry, was that a yes or a no? " + ask_contact(talk, contact), SHARE_BUTTONS)


PROMPTS = {
    Connect.OFFERED: "Reply with a number to choose, or NONE if none of these fit.",
    Connect.GROUP_CONTACT: "Would you like me to let them know you're coming?",
    Connect.ASK_NAME: "What name would you like them to know you by?",
    Connect.CONFIRM_SHARE: "Shall I send it? Reply YES or NO.",
    Connect.WAITING: "I'll tell you as soon as they answer.",
    Connect.RESTING: "Text OPTIONS to see who might help, or PERSON to talk to someone.",
}
PROMPTS[Connect.STARTING] = PROMPTS[Connect.RESTING]


def prompt(state: Connect) -> Reply:
    """What the conversation is waiting on, to say again (after START or a long gap)."""
    buttons = SHARE_BUTTONS if state in (Connect.GROUP_CONTACT, Connect.CONFIRM_SHARE) else ()
    return Reply(text=PROMPTS[state], buttons=buttons)
