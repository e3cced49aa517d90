"""What the danger reader says about a message: the kind of danger, and what it matched."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class DangerKind(StrEnum):
    """What kind of danger a message suggests."""

    SELF_HARM = "self_harm"
    HARM_FROM_OTHERS = "harm_from_others"
    CHILD_AT_RISK = "child_at_risk"
    IMMEDIATE = "immediate"


class Tier(StrEnum):
    """How sure the reading is: clear danger gets the urgent path, an uncertain one a check-in."""

    URGENT = "urgent"
    CHECK_IN = "check_in"


@dataclass(frozen=True)
class DangerSignal:
    """A match: the kind, the pattern's name, "concepts" or "words" (never their words), and
    the tier it calls for."""

    kind: DangerKind
    cue: str
    tier: Tier = Tier.URGENT
