"""An urgent card after it went out: said to be a misunderstanding, stood down, or raised.

A resident who says it was a misunderstanding ("it was a joke", "my friend took my phone")
is believed enough to pass it on, not enough to call anyone off: someone else may be
reading or writing on their phone. The people asked hear it, and whoever picks the card up
decides whether to stand it down; everyone who was sent the card is then told. A holder
can also raise a conversation they hold as urgent themselves (URGENT, or "URGENT: words"):
the coordinator and the workers on duty are told about the resident, and it can be stood
down as a card can. Each of these is marked on the handoff, for the inbox to show on its card.
"""

from __future__ import annotations

from typing import Any

from common.models import ConversationKey, MarkAlarm
from flows.handoff.start import ANSWER_BUTTONS, urgent_helpers
from flows.handoff.talk import asked_links, held_links, listed
from flows.step import Step
from flows.text import first_name, plain, quote, tidy

MISUNDERSTOOD_WORDS = (
    "a joke", "joking", "misunderstanding", "misunderstood", "took my phone", "had my phone",
    "on my phone", "wasnt me", "didnt mean it", "by mistake", "a mistake", "ignore that",
    "ignore my last", "false alarm", "not serious",
)  # fmt: skip
MISUNDERSTOOD_RESIDENT = (
    "Thanks for letting me know. I've passed that on. Someone may still text you, just to "
    "check you're OK. If you're in danger, call {emergency}."
)
MISUNDERSTOOD_WORKER = (
    '{name} has since said: "{words}". Whoever picks this up can check with them, and send '
    "STAND DOWN if it was a false alarm."
)
STOOD_DOWN_OTHERS = "{holder} has checked with {name} and stood the urgent card down. Thank you."
STOOD_DOWN_HOLDER = "Stood down: everyone who had the card has been told. You're still with {name}."
NOTHING_TO_STAND_DOWN = "There's no urgent card open for {name} to stand down."
RAISED = (
    "URGENT. From the {area} neighbours line: {holder} is with {name} and has raised it as "
    "urgent.{said} Please get in touch with {holder} now."
)
RAISED_SAID = ' {holder} says: "{words}".'
RAISED_HOLDER = "I've told {who} that it's urgent."
RAISED_NOBODY = "There's nobody else I can tell right now. If they're in danger, call {emergency}."


def keep_words(talk: Step) -> bool:
    """While an urgent card waits, what they say is kept for whoever picks it up, and then
    answered as any message is: this never takes the message."""
    words = tidy(talk.typed)
    if words and not talk.message.press and _card_waiting(talk):
        talk.kept("handoff").setdefault("more", []).append(quote(words, limit=300))
    return False


def _card_waiting(talk: Step) -> bool:
    kept = talk.data.get("handoff") or {}
    return bool(kept.get("urgent")) and bool(asked_links(talk.context))


def told_misunderstanding(talk: Step) -> bool:
    """The resident says the alarm was a misunderstanding while nobody has the card yet.
    Read before danger: such words often sound like it ("she took my phone"), and the
    people asked see them either way."""
    said = f" {plain(talk.typed)} "
    if not _card_waiting(talk) or not any(f" {w} " in said for w in MISUNDERSTOOD_WORDS):
        return False
    words = quote(tidy(talk.typed), limit=300)
    talk.kept("handoff").setdefault("more", []).append(words)
    said = talk.kept("handoff").setdefault("misunderstood", [])
    said.append(words)
    talk.effects.append(MarkAlarm(change="misunderstood", words=" / ".join(said)))
    for link in asked_links(talk.context):
        text = MISUNDERSTOOD_WORKER.format(name=talk.called(capital=True), words=words)
        talk.say(text, ANSWER_BUTTONS, to=link.helper)
    talk.say(MISUNDERSTOOD_RESIDENT.format(emergency=talk.settings.emergency))
    return True


def _holder(talk: Step, payload: dict[str, Any]) -> tuple[ConversationKey, str] | None:
    """Who sent this, if they hold the conversation: their key and first name."""
    link = next((x for x in held_links(talk.context) if x.id == payload.get("link")), None)
    return (link.helper, first_name(link.helper_name)) if link else None


def on_stand_down(talk: Step, payload: dict[str, Any]) -> None:
    """The holder stands the urgent card down: everyone who had it is told."""
    holder = _holder(talk, payload)
    if holder is None:
        return
    key, name = holder
    kept = talk.kept("handoff")
    if not kept.get("urgent"):
        talk.say(NOTHING_TO_STAND_DOWN.format(name=talk.called()), to=key)
        return
    kept.update(urgent=False, stood_down=True)
    talk.effects.append(MarkAlarm(change="stood_down", by=name))
    for other in kept.get("told") or []:
        if tuple(other) != tuple(key):
            text = STOOD_DOWN_OTHERS.format(holder=name, name=talk.called())
            talk.say(text, to=ConversationKey(*other))
    talk.say(STOOD_DOWN_HOLDER.format(name=talk.called()), to=key)


def on_raised(talk: Step, payload: dict[str, Any]) -> None:
    """The holder raises it as urgent: the coordinator and workers on duty are told."""
    holder = _holder(talk, payload)
    if holder is None:
        return
    key, name = holder
    holding = {x.helper for x in held_links(talk.context)}
    told = [h for h in urgent_helpers(talk) if h.key not in holding]
    _mark_raised(talk, name, [h.key for h in told])
    if not told:
        talk.say(RAISED_NOBODY.format(emergency=talk.settings.emergency), to=key)
        return
    words = tidy(str(payload.get("words") or ""))
    said = RAISED_SAID.format(holder=name, words=words) if words else ""
    area = talk.settings.area
    text = RAISED.format(area=area, holder=name, name=talk.called(), said=said)
    for helper in told:
        talk.say(text, to=helper.key)
    talk.say(RAISED_HOLDER.format(who=listed([first_name(h.name) for h in told])), to=key)


def _mark_raised(talk: Step, holder: str, told: list[ConversationKey]) -> None:
    """Urgent now, on the inbox's card too; those told hear if it is stood down."""
    kept = talk.kept("handoff")
    kept["urgent"] = True
    had = kept.setdefault("told", [])
    had.extend(list(k) for k in told if list(k) not in had)
    talk.effects.append(MarkAlarm(change="raised", by=holder))
