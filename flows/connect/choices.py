"""The options as a resident reads them, and how their answer picks one: a number, a name,
or the local person who would stay with them."""

from __future__ import annotations

import re
from typing import Any

from common.models import Option
from flows.text import first_name, plain

# Asking to see the options again, and turning them all down.
MORE_WORDS = frozenset({"options", "more", "show me", "others", "other options", "again"})
NONE_WORDS = frozenset({"none", "none of these", "none of them", "neither", "nothing", "no"})
PERSON_LINE = "A local person, who'd stay with you"
# Options found for the person's words; the local person line makes three.
MATCHED = 2
PERSON_CHOICES = frozenset({"a person", "a local person", "person", "someone local"})
OFFER = "Here's who might help:\n{lines}\nReply with a number, or NONE if none of these fit."
OFFER_AGAIN = (
    "Thanks. With that in mind, here's who might help:\n{lines}\nReply with a number, or NONE."
)


def option_lines(options: list[Option]) -> str:
    """One line an option: number, who or what, and why it came up."""
    lines = []
    for number, option in enumerate(options, start=1):
        why = f" ({option.why})" if option.why else ""
        lines.append(f"{number}. {option.line}{why}")
    return "\n".join(lines)


def offer_text(options: list[Option], again: bool = False) -> str:
    """The options message: each option on its line, then the local person, then how to reply."""
    person = f"\n{len(options) + 1}. {PERSON_LINE}"
    return (OFFER_AGAIN if again else OFFER).format(lines=option_lines(options) + person)


def wants_person(text: str, data: dict[str, Any]) -> bool:
    """True when the person chose the last option: a local person who stays with them."""
    number = str(len(data.get("offered") or []) + 1)
    return text.strip().rstrip(".)") == number or plain(text) in PERSON_CHOICES


def pick(text: str, offered: list[Option]) -> Option | None:
    """The option meant by "2", "the food bank" or "Sam", if any."""
    words = plain(text)
    number = re.fullmatch(r"(?:number\s*)?(\d)", words)
    if number:
        index = int(number.group(1)) - 1
        return offered[index] if 0 <= index < len(offered) else None
    for option in offered:
        name = plain(option.name)
        if name and (name in words or first_name(name) == words):
            return option
    return None
