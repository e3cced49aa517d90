"""What a holder asks for, put to the resident first: CLOSE (at once if they have said
they're sorted), and BRING IN someone else, who is asked only once the resident agrees.
"""

from __future__ import annotations

from typing import Any

from common.models import CloseHandoff, Helper, OfferHandoff, RecordConsent
from flows.handoff.after import CHECK_IN_BUTTONS
from flows.handoff.card import card, card_text, holder_intro
from flows.handoff.start import ANSWER_BUTTONS
from flows.handoff.talk import Handoff, held_links, names_of
from flows.step import Step
from flows.text import first_name, is_yes, plain

CONFIRM_CLOSE = "{holder} thinks you might be sorted for now. Is it OK to close this?"
CLOSE_BUTTONS = ("Yes, close it", "Not yet")
ASKED_TO_CLOSE = "I've asked {name} if it's OK to close."
NOT_YET = "{name} isn't ready to close yet, so you're still with them."
CLOSED_RESIDENT = (
    "Thank you{by_name}. {holder} has closed this for now; text here any time and I'll ask "
    "them again. Shall I check in with you next week?"
)
CLOSED_HOLDER = "{name} agreed to close. Thank you for staying with them."
ASK_BRING_IN = (
    "{holder} would like to bring in {who} to help with this, and they'd see what you've "
    "shared so far. Is that OK?"
)
BRING_IN_BUTTONS = ("Yes, that's fine", "No thanks")
ASKED_RESIDENT = "I've asked {name} if that's OK."
BRING_IN_ASKED = "Thanks. I've asked {new}, and I'll tell you when they've said yes."
BRING_IN_REFUSED = "{name} would rather not bring {new} in, so you're still with them."
BRING_IN_NO = "That's fine: it stays with {holder}."
CANT_BRING_IN = "I couldn't find {who} among the people I can ask."


def _agreed(talk: Step, buttons: tuple[str, str]) -> bool:
    said = plain(talk.text)
    return said == plain(buttons[0]) or is_yes(talk.text)


def on_close(talk: Step, payload: dict[str, Any]) -> None:
    """A holder sent CLOSE: close now if the resident said they're sorted, else ask them."""
    held = held_links(talk.context)
    link = next((x for x in held if x.id == payload.get("link")), None)
    if link is None:
        return
    if talk.kept("handoff").get("said_sorted"):
        _close(talk)
        return
    talk.move(Handoff.CONFIRM_CLOSE)
    talk.say(CONFIRM_CLOSE.format(holder=first_name(link.helper_name)), CLOSE_BUTTONS)
    talk.say(ASKED_TO_CLOSE.format(name=talk.called()), to=link.helper)


def close_answer(talk: Step) -> None:
    """The resident's answer to closing: yes closes; anything else keeps the holder."""
    if _agreed(talk, CLOSE_BUTTONS):
        _close(talk)
        return
    talk.move(Handoff.HELD)
    for link in held_links(talk.context):
        talk.say(NOT_YET.format(name=talk.called()), to=link.helper)


def _close(talk: Step) -> None:
    held = held_links(talk.context)
    talk.effects.append(CloseHandoff())
    for link in held:
        talk.say(CLOSED_HOLDER.format(name=talk.called()), to=link.helper)
    main = held[-1] if held else None  # links come newest first: the first holder is last
    if main is not None:
        helper = talk.context.helper(main.helper)
        organisation = helper.organisation if helper else ""
        talk.data["last_holder"] = [*main.helper, main.helper_name, organisation]
    holder = names_of(held) if held else "The person you talked with"
    talk.data["handoff"] = {}
    talk.move(Handoff.CHECK_IN)
    talk.say(CLOSED_RESIDENT.format(by_name=talk.by_name, holder=holder), CHECK_IN_BUTTONS)


def on_bring_in(talk: Step, payload: dict[str, Any]) -> None:
    """A holder asked to bring someone in: only with the resident's agreement."""
    held = held_links(talk.context)
    link = next((x for x in held if x.id == payload.get("link")), None)
    if link is None:
        return
    person = talk.context.helper(tuple(payload.get("person") or ()))
    if person is None or not person.reachable or any(x.helper == person.key for x in held):
        talk.say(CANT_BRING_IN.format(who=payload.get("asked") or "them"), to=link.helper)
        return
    talk.kept("handoff")["bring_in"] = person.model_dump(mode="json")
    talk.move(Handoff.CONFIRM_BRING_IN)
    who = holder_intro(person.name, person.organisation)
    talk.say(ASK_BRING_IN.format(holder=first_name(link.helper_name), who=who), BRING_IN_BUTTONS)
    talk.say(ASKED_RESIDENT.format(name=talk.called()), to=link.helper)


def bring_in_answer(talk: Step) -> None:
    """The resident's answer to bringing someone in: yes asks them; no tells the holders."""
    person = Helper.model_validate(talk.kept("handoff").pop("bring_in"))
    held = held_links(talk.context)
    talk.move(Handoff.HELD)
    new = first_name(person.name)
    if not _agreed(talk, BRING_IN_BUTTONS):
        talk.say(BRING_IN_NO.format(holder=names_of(held)))
        for link in held:
            talk.say(BRING_IN_REFUSED.format(name=talk.called(), new=new), to=link.helper)
        return
    talk.kept("handoff")["joining"] = list(person.key)
    shared = card(talk.data)
    name = talk.data.get("name") or ""
    talk.effects.append(OfferHandoff(card=shared, resident_name=name, helpers=(person,), new=False))
    lead = f"{names_of(held)} would like to bring you in, and {talk.called()} has agreed. "
    text = lead + card_text(shared, talk.settings.area)
    talk.say(text, ANSWER_BUTTONS, to=person.key)
    with_whom = holder_intro(person.name, person.organisation)
    talk.effects.append(RecordConsent(purpose="handoff", shared_with=with_whom, shared=text))
    talk.say(BRING_IN_ASKED.format(new=new))
