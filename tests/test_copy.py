"""The bot's own words: GSM-7 only (one curly quote makes an SMS cost twice), short, and
free of the words VOICE.md rules out."""

from __future__ import annotations

import importlib
import pkgutil
import re
from types import ModuleType

import pytest

import flows
from connectors.sms_segments import is_gsm7, segments

# Every flow module that speaks (the danger reader's tables are what people say, not us).
MODULES = [
    importlib.import_module(info.name)
    for info in pkgutil.walk_packages(flows.__path__, "flows.")
    if not info.ispkg and not info.name.startswith("flows.safety")
]
NEVER = re.compile(
    r"\b(service user|client|case|vulnerable|deprived|non-compliant|referr\w*|eligib\w*|"
    r"hard to reach|chaotic|complex|beneficiar\w*|powerless|assessment|queue)\b",
    re.IGNORECASE,
)
# Copy that has to carry several options or a request: allowed two segments, never more.
LONGER = {"OFFER", "OFFER_AGAIN", "PEER_REQUEST", "CONTACT_NOTE", "ACCEPTED_HELPER", "DONE"}


def copy(module: ModuleType) -> list[tuple[str, str]]:
    """Every upper-case string constant of a flow module: its words to people."""
    found = []
    for name, value in vars(module).items():
        if name.isupper() and isinstance(value, str) and " " in value:
            found.append((f"{module.__name__}.{name}", value))
        elif name.isupper() and isinstance(value, dict):
            found += [
                (f"{module.__name__}.{name}[{k}]", v)
                for k, v in value.items()
                if isinstance(v, str) and " " in v
            ]
    return found


ALL_COPY = [item for module in MODULES for item in copy(module)]


def test_there_is_copy_to_check() -> None:
    assert len(ALL_COPY) > 40


@pytest.mark.parametrize(("name", "text"), ALL_COPY)
def test_the_bots_words_are_gsm7_and_short(name: str, text: str) -> None:
    filled = text.replace("{", "").replace("}", "")
    assert is_gsm7(filled), f"{name} has a character outside GSM-7"
    budget = 2 if name.split(".")[-1].split("[")[0] in LONGER else 1
    sample = re.sub(r"\{[a-z_]+\}", "Eastfield", text)
    assert segments(sample) <= budget, f"{name} is {segments(sample)} SMS segments"


@pytest.mark.parametrize(("name", "text"), ALL_COPY)
def test_the_bot_never_uses_the_words_voice_rules_out(name: str, text: str) -> None:
    assert not NEVER.search(text), f"{name}: {NEVER.search(text)}"
