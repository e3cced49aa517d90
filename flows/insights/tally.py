"""What one turn adds to the anonymous counts kept for insights (pure: no I/O, no clock).

The engine asks after every turn; what comes back is a ``Count`` effect each, kept in the
same transaction as the turn. A conversation's themes are counted once the bot has acted on
what was said (options offered, nothing fitted, a handoff), in the neighbourhood known then;
themes heard later are added as they come. Nothing counted names anyone.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

from common.models import ConversationRecord, Count
from common.places import Places
from flows.connect.flow import PERSON_ASKED
from flows.handoff.talk import Handoff
from flows.insights.themes import OTHER, conversation_themes
from flows.listen.flow import QUESTIONS

THEME, GAP, CHECK_IN, QUIET = "theme", "gap", "check_in", "quiet"
NOT_BETTER, BETTER = "not better", "better"
_ACTED_IN = ("connect.", "handoff.", "accompany.")
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def week_of(moment: datetime) -> str:
    """The Monday of ``moment``'s ISO week (UTC), as YYYY-MM-DD."""
    day: date = moment.astimezone(UTC).date()
    return (day - timedelta(days=day.weekday())).isoformat()


def neighbourhood(places: Places, said: object) -> str:
    """The neighbourhood of the places table that ``said`` names, or "" (none, or only the
    whole area): a name the directory or roster gave, never the person's words."""
    name = places.place_in(str(said)) if said else None
    if not name:
        return ""
    found = [
        place.name
        for place in places.parts
        if place.name.casefold() != places.whole.casefold()
        and (place.name.casefold() == name.casefold() or name.upper() in place.districts)
    ]
    # A district shared by several neighbourhoods names none of them in particular.
    return found[0] if len(found) == 1 else ""


def counts(
    before: ConversationRecord | None,
    after: ConversationRecord,
    places: Places,
    now: datetime,
    nothing_fitted: bool = False,
) -> list[Count]:
    """The counts a turn adds: new themes, a gap where nothing fitted, a check-in's answer.

    ``nothing_fitted``: the engine looked up options for this turn and found none.
    """
    week, old = week_of(now), before.data if before else {}
    heard = conversation_themes(after.data) if _acted_on(after) else ()
    counted = _counted(before)
    new_themes = [theme for theme in heard if theme not in counted]
    gap = nothing_fitted and after.data.get(PERSON_ASKED) and not old.get(PERSON_ASKED)
    found: list[Count] = []
    if new_themes or gap:  # the neighbourhood is read only when something is counted by it
        area = neighbourhood(places, after.data.get("area"))
        found += [Count(week=week, measure=THEME, area=area, item=t) for t in new_themes]
        gaps = conversation_themes(after.data) or (OTHER,) if gap else ()
        found += [Count(week=week, measure=GAP, area=area, item=g) for g in gaps]
    answer = _check_in(before, after)
    if answer:
        found.append(Count(week=week, measure=CHECK_IN, item=answer))
    return found


def _acted_on(record: ConversationRecord) -> bool:
    """Whether the bot has acted on what this person said (so their themes count)."""
    data: dict[str, Any] = record.data
    return bool(data.get("offered") or data.get(PERSON_ASKED) or record.state.startswith(_ACTED_IN))


def _counted(record: ConversationRecord | None) -> set[str]:
    """The themes already counted for a conversation."""
    if record is None or not _acted_on(record):
        return set()
    return set(conversation_themes(record.data))


def _check_in(before: ConversationRecord | None, after: ConversationRecord) -> str:
    """How a check-in came back: "better", "not better", or "" (this turn was no answer)."""
    if before is None or before.state != Handoff.CHECKING_IN or after.state == before.state:
        return ""
    return BETTER if after.state == Handoff.CLOSED else NOT_BETTER


def quiet(record: ConversationRecord, idle_since: datetime) -> Count:
    """Where an idle conversation went quiet: the state it was left in (retention);
    ``idle_since`` stands in for a record with no time it was last seen."""
    moment = record.last_seen_at or idle_since
    return Count(week=week_of(moment), measure=QUIET, item=record.state)


def question(state: str) -> str:
    """What the bot last asked in ``state``, in its own words where the state is one of
    first contact's questions (a placeholder for the person's words shown as "..."); else
    the state's name."""
    asked = next((text for key, text in QUESTIONS.items() if key == state), None)
    return _PLACEHOLDER.sub("...", asked) if asked else state
