"""Reading when an appointment is, from everyday UK words, without ever guessing.

API (pure: ``now`` and the time zone name are passed in, the clock is never read)::

    understand(text, now, tz="Europe/London", before=None) -> Understood | Unsure
    read_back(at, now) -> str            # "tomorrow at 2:30pm", "Tuesday 1 December at 10am"
    warm_up() -> None                    # at start-up: dateparser's first parse takes ~0.1 s

``Understood.at`` is an aware datetime in ``tz``. ``Unsure`` carries one ``question`` to ask
back, why (``reason``), and ``heard``: what was understood so far. Pass ``heard`` as
``before`` with the person's answer, so "tomorrow morning" then "10" makes 10am tomorrow.
``Heard.model_dump(mode="json")`` / ``Heard.model_validate(...)`` keep it in a
conversation's data between messages.

How times are read, and why:

- "half two" is 2:30 (UK speech), "half past nine" 9:30, "quarter to 3" 2:45,
  "noon"/"midday" 12:00; these are turned into digits before dateparser sees anything.
- A time written with am/pm, as 24-hour ("14:30", "09:00"), or with a part of the day
  ("in the morning", "this afternoon", "tonight") is taken as written.
- Otherwise the hour is read as appointments usually fall: 1 to 6 mean the afternoon
  (a 3am appointment is far less likely than 3pm), 8 to 11 mean the morning, 12 is midday.
  7 could as easily be a 7am clinic as a 7pm meeting, so we ask.
- A day with no time ("next Tuesday", "tomorrow morning") asks what time; a time with no
  day asks which day; anything already gone asks kindly for the next one.
- Weekday names mean the next such day after today ("Tuesday" said on a Tuesday is a week
  away, as dateparser reads it); "the 3rd" is the next 3rd to come. The caller reads the
  full date back for the person to confirm, so a different meaning can be corrected.
- "Next Tuesday" said on a Monday can be tomorrow or the Tuesday of next week: a day that
  can be read two ways is asked about with both (``Unsure.buttons``), and "the 8th",
  "next week", "tomorrow", "the second one" or a button settles it (see
  ``when_day.two_readings`` for which phrases, and why).
- Corrections are read in the person's words: "no", "wrong day" and what is ruled out
  ("not tomorrow") are set aside, and what is left changes only the parts it names. Pass
  ``Heard.of(agreed)`` as ``before`` to correct a time already read back; "next week" then
  moves that day on a week.

Beside this module: ``when_words`` readies the text (number words as digits),
``when_clock`` finds the time of day and ``when_day`` the calendar day (with dateparser);
here they are put together with what was heard before, decided on, and read back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from flows.accompany.when_clock import Part, find_part, find_time
from flows.accompany.when_day import WEEKDAYS, day_of_month, find_day, parse_day, two_readings
from flows.accompany.when_words import prepare, without_correction, without_filler

DEFAULT_TZ = "Europe/London"


class Doubt(StrEnum):
    """Why a phrase could not be taken as a definite time."""

    NO_DAY = "no_day"
    NO_TIME = "no_time"
    AM_OR_PM = "am_or_pm"
    UNREADABLE = "unreadable"
    PAST = "past"
    WHICH_DAY = "which_day"


QUESTIONS = {
    Doubt.NO_DAY: "Which day is it? For example: Friday, or the 3rd.",
    Doubt.NO_TIME: "What time {day}? For example: 10am, or half two.",
    Doubt.AM_OR_PM: "Is that {clock} in the morning, or {clock} in the evening?",
    Doubt.UNREADABLE: (
        "Sorry, I didn't follow the day or time. When is it? For example: Friday at 2pm."
    ),
    Doubt.PAST: (
        "That time seems to have gone by already. If you missed it, that's OK. "
        "When is the next one?"
    ),
    Doubt.WHICH_DAY: "Do you mean {first}, or {second}?",
}


class Heard(BaseModel):
    """What has been understood so far; ``sure`` is False while am/pm is still open, and
    ``either`` holds the two days a phrase could mean until the person says which."""

    model_config = ConfigDict(frozen=True)

    day: date | None = None
    hour: int | None = None
    minute: int = 0
    sure: bool = True
    part: Part | None = None
    either: tuple[date, date] | None = None

    @classmethod
    def of(cls, at: datetime) -> Heard:
        """A time already agreed, for a correction to change only the parts it names."""
        return cls(day=at.date(), hour=at.hour, minute=at.minute)


@dataclass(frozen=True)
class Understood:
    """A definite appointment time, aware, in the deployment's time zone."""

    at: datetime


@dataclass(frozen=True)
class Unsure:
    """One question to ask back (with buttons for the answers, if it offers a choice), and
    what was understood so far to pass in next time."""

    question: str
    reason: Doubt
    heard: Heard
    buttons: tuple[str, ...] = ()


When = Understood | Unsure

_IN_A_WHILE = re.compile(
    r"\bin\s+(?P<n>an?|half\s+an|\d{1,3})\s+(?P<unit>hours?|hrs?|minutes?|mins?)\b"
)
_ALONE_AP = re.compile(r"^(?P<ap>[ap])\.?m\.?$")
# Answers to "Do you mean tomorrow, or Tuesday 8 December?" (filler words already gone;
# "one" is 1 and "second" 2nd by then), and a day moved on a week ("not Tuesday, next week").
_WEEK_ON = re.compile(r"^(?:(?:next|following) week|(?:a )?week (?:after|later))$")
_LATER = re.compile(
    r"^(?:(?:2nd|later|last|next|following)(?: 1| option| date| day)?|1 (?:next week|after))$"
)
_EARLIER = re.compile(
    r"^(?:(?:1st|earlier|sooner|first|this)(?: 1| option| date| day)?|this week|1 this week)$"
)
_BARE = re.compile(r"(?:its |it is )?(?P<n>\d{1,2})")  # "it's 11", after "no, not 10"
_ORDINAL = re.compile(r"^(?P<n>\d{1,2})(?:st|nd|rd|th)?$")


def _chosen(rest: str, before: Heard) -> date | None:
    """The day meant, when ``rest`` answers "Do you mean A, or B?" or moves a day a week on."""
    if before.either:
        ordinal = _ORDINAL.match(rest)
        n = int(ordinal.group("n")) if ordinal else None
        # "the 8th" is a date when one of the two is the 8th; otherwise "the 2nd" is B.
        for day in before.either:
            if day.day == n:
                return day
        if n in (1, 2):
            return before.either[n - 1]
        if _LATER.match(rest) or _WEEK_ON.match(rest):
            return before.either[1]
        return before.either[0] if _EARLIER.match(rest) else None
    if before.day is not None and _WEEK_ON.match(rest):
        return before.day + timedelta(days=7)
    return None


def _bare_number(n: int, before: Heard, today: date) -> Heard | None:
    """A lone "10": the hour, unless we already have the hour and wait for the day."""
    chosen = _chosen(str(n), before)
    if chosen is not None:
        return before.model_copy(update={"day": chosen, "either": None})
    # Waiting only for the day, a number is the date; while choosing between two days it
    # is a new time, and which day is asked again.
    if before.hour is not None and before.day is None and not before.either:
        day = day_of_month(n, today) if 1 <= n <= 31 else None
        return before.model_copy(update={"day": day, "either": None}) if day else None
    if n > 23:
        return None
    return _merge(before, Heard(hour=n, sure=n == 0 or n > 12))


def _in_a_while(match: re.Match[str], now_local: datetime) -> Heard:
    """ "In an hour", "in 20 mins": the moment itself, to the minute."""
    n = match.group("n")
    amount = 1.0 if n in ("a", "an") else 0.5 if n.startswith("half") else float(n)
    minutes = amount * (60 if match.group("unit").startswith("h") else 1)
    at = now_local + timedelta(minutes=minutes)
    return Heard(day=at.date(), hour=at.hour, minute=at.minute)


def _read(text: str, before: Heard, now_local: datetime) -> Heard | None:
    """What this message adds to what was heard before; None when we cannot read it."""
    today = now_local.date()
    words = without_correction(prepare(text))
    a_while = _IN_A_WHILE.search(words)
    if a_while:
        return _in_a_while(a_while, now_local)
    bare = _BARE.fullmatch(words)
    if bare:
        return _bare_number(int(bare.group("n")), before, today)
    alone = _ALONE_AP.match(words)
    if alone:  # an answer to "morning or evening?"
        words = "morning" if alone.group("ap") == "a" else "evening"
    rest, clock = find_time(words)
    rest, part, names_today = find_part(rest)
    rest = without_filler(rest)
    read = (today, None) if names_today or rest == "today" else _read_day(rest, before, today)
    if read is None:
        return None
    day, either = read
    if clock is None and part is None and day is None and not rest:
        return None
    hour, minute, sure = clock if clock else (None, 0, True)
    new = Heard(day=day, hour=hour, minute=minute, sure=sure, part=part, either=either)
    return _merge(before, new)


def _read_day(
    rest: str, before: Heard, today: date
) -> tuple[date | None, tuple[date, date] | None] | None:
    """The day ``rest`` names, or the two it could mean; None when it cannot be read."""
    if not rest:
        return None, None
    chosen = _chosen(rest, before)
    if chosen is not None:
        return chosen, None
    either = two_readings(rest, today)
    if either is not None:
        return None, either
    found = find_day(rest, today)
    if found is None:
        return None
    return (found if isinstance(found, date) else None), None


def _merge(before: Heard, new: Heard) -> Heard:
    """The new message's parts win; a part of the day settles an hour still open."""
    hour, minute, sure = (
        (new.hour, new.minute, new.sure)
        if new.hour is not None
        else (before.hour, before.minute, before.sure)
    )
    part = new.part or before.part
    if hour is not None:
        hour, sure = _with_part(hour, sure, part)
    # A day named settles the choice between two; a new two-way phrase replaces the day.
    day, either = (
        (new.day, None) if new.day else (None, new.either) if new.either else
        (before.day, before.either)
    )  # fmt: skip
    return Heard(day=day, hour=hour, minute=minute, sure=sure, part=part, either=either)


def _with_part(hour: int, sure: bool, part: Part | None) -> tuple[int, bool]:
    # Only where the two agree: "half two" after "tomorrow morning" still means 2:30pm.
    if sure or part is None:
        return hour, sure
    if part == "morning":
        return hour, 5 <= hour <= 12
    return (hour + 12, True) if 1 <= hour <= 11 else (hour, sure)


def _likely_hour(hour: int) -> int | None:
    """An hour without am/pm, as appointments fall; None for 7, which could be either."""
    if 1 <= hour <= 6:
        return hour + 12
    return None if hour == 7 else hour


def _unsure(reason: Doubt, heard: Heard, **words: str) -> Unsure:
    return Unsure(question=QUESTIONS[reason].format(**words), reason=reason, heard=heard)


def _decide(heard: Heard, now_local: datetime) -> When:
    today = now_local.date()
    if heard.day is not None and heard.day < today:
        return _unsure(Doubt.PAST, Heard())  # start afresh: the old time may not carry over
    if heard.day is None and heard.either:
        return _which_day(heard, today)
    if heard.day is None:
        return _unsure(Doubt.NO_DAY, heard)
    if heard.hour is None:
        return _unsure(Doubt.NO_TIME, heard, day=_asking_day(heard.day, heard.part, today))
    hour = heard.hour if heard.sure else _likely_hour(heard.hour)
    if hour is None:
        clock = f"{heard.hour}:{heard.minute:02d}" if heard.minute else str(heard.hour)
        return _unsure(Doubt.AM_OR_PM, heard, clock=clock)
    at = datetime.combine(heard.day, time(hour, heard.minute), tzinfo=now_local.tzinfo)
    if at < now_local:
        return _unsure(Doubt.PAST, Heard())
    return Understood(at=at)


def _which_day(heard: Heard, today: date) -> Unsure:
    """Both days a phrase could mean, in words and as buttons."""
    assert heard.either is not None
    first, second = (_full_day(d) for d in heard.either)
    said_first = f"tomorrow, {first}" if heard.either[0] == today + timedelta(days=1) else first
    question = QUESTIONS[Doubt.WHICH_DAY].format(first=said_first, second=second)
    return Unsure(question, Doubt.WHICH_DAY, heard, buttons=(first, second))


def understand(text: str, now: datetime, tz: str = DEFAULT_TZ, before: Heard | None = None) -> When:
    """When an appointment is, from the person's words; a question back if not certain.

    ``now`` must be aware; ``before`` is the ``heard`` of the last ``Unsure``, if any.
    """
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    now_local = now.astimezone(ZoneInfo(tz))
    before = before or Heard()
    heard = _read(text, before, now_local)
    if heard is None:
        return _unsure(Doubt.UNREADABLE, before)
    return _decide(heard, now_local)


def _day_words(day: date, today: date) -> str:
    if day == today:
        return "today"
    if day == today + timedelta(days=1):
        return "tomorrow"
    words = _full_day(day)
    return f"{words} {day.year}" if (day - today).days > 180 else words


def _full_day(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()].title()} {day.day} {day:%B}"


def _asking_day(day: date, part: Part | None, today: date) -> str:
    """ "this morning", "tomorrow", "on Tuesday 1 December": to ask what time."""
    words = _day_words(day, today)
    if words == "today":
        return f"this {part}" if part else "today"
    if words == "tomorrow":
        return f"tomorrow {part}" if part else "tomorrow"
    return f"on {words} in the {part}" if part else f"on {words}"


def _clock_words(clock: time) -> str:
    if clock == time(12):
        return "midday"
    if clock == time(0):
        return "midnight"
    hour = clock.hour % 12 or 12
    half = "am" if clock.hour < 12 else "pm"
    return f"{hour}:{clock.minute:02d}{half}" if clock.minute else f"{hour}{half}"


def read_back(at: datetime, now: datetime) -> str:
    """The appointment time in plain words: "tomorrow at 2:30pm", "Tuesday 1 December at 10am"."""
    today = now.astimezone(at.tzinfo).date() if at.tzinfo else now.date()
    return f"{_day_words(at.date(), today)} at {_clock_words(at.time())}"


def warm_up() -> None:
    """Load dateparser's language data now (about 0.1 s), so no person waits for it later."""
    parse_day("tomorrow", date(2000, 1, 1))
