"""Building a flow's state machine once, from its declared states and transitions table."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from transitions import Machine

# transitions logs every state change and callback at INFO: noise, and a cost per message.
logging.getLogger("transitions").setLevel(logging.WARNING)


def _plain(value: Any) -> Any:
    """Enum members become their strings: the store keeps strings, and transitions handles
    plain string states several times faster than enum ones."""
    if isinstance(value, StrEnum):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def build(
    states: Iterable[StrEnum | dict[str, Any]], transitions: list[dict[str, Any]], initial: StrEnum
) -> Machine:
    """One machine per flow, shared by every conversation (no model is kept in it)."""
    return Machine(
        model=None,
        states=[
            {**s, "name": _plain(s["name"])} if isinstance(s, dict) else _plain(s) for s in states
        ],
        transitions=[
            {k: _plain(v) if k in ("source", "dest") else v for k, v in t.items()}
            for t in transitions
        ],
        initial=_plain(initial),
        model_attribute="fsm_state",
        auto_transitions=False,
        send_event=True,
    )
