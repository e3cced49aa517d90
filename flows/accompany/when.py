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
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any, Literal
from zoneinfo import ZoneInfo

from dateparser.conf import Settings
from dateparser.date import DateDataParser
from pydantic import BaseModel, ConfigDict

from flows.anywhere.keywords import normalise

DEFAULT_TZ = "Europe/London"
Part = Literal["morning", "afternoon", "evening"]


class Doubt(StrEnum):
    """Why a phrase could not be taken as a definite time."""

    NO_DAY = "no_day"
    NO_TIME = "no_time"
    AM_OR_PM = "am_or_pm"
    UNREADABLE = "unreadable"
    PAST = "past"


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
}


class Heard(BaseModel):
    """What has been understood so far; ``sure`` is False while am/pm is still open."""

    model_config = ConfigDict(frozen=True)

    day: date | None = None
    hour: int | None = None
    minute: int = 0
    sure: bool = True
    part: Part | None = None


@dataclass(frozen=True)
class Understood:
    """A definite appointment time, aware, in the deployment's time zone."""

    at: datetime


@dataclass(frozen=True)
class Unsure:
    """One question to ask back, and what was understood so far to pass in next time."""

    question: str
    reason: Doubt
    heard: Heard


When = Understood | Unsure

# Built once: only RELATIVE_BASE changes per call, and a parser is cheap to make from these
# (the language data dateparser loads slowly is cached inside dateparser itself). The date
# order must be set explicitly: with languages=["en"] dateparser otherwise reads 3/4 as
# March. "timestamp" and "no-spaces-time" are left out so "1030" is never a date.
_FIXED: dict[str, Any] = {
    "DATE_ORDER": "DMY",
    "PREFER_DATES_FROM": "future",
    "PREFER_DAY_OF_MONTH": "first",
    # Only the calendar day is taken from dateparser; we build the aware datetime ourselves.
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PARSERS": ["relative-time", "absolute-time"],
}
_SETTINGS = Settings().replace(mod_settings=_FIXED, **_FIXED)
_LANGUAGES = ["en"]

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SHORT_DAYS = {
    "mon": "monday",
    "tues": "tuesday",
    "tue": "tuesday",
    "weds": "wednesday",
    "wed": "wednesday",
    "thurs": "thursday",
    "thur": "thursday",
    "thu": "thursday",
    "fri": "friday",
    "sat": "saturday",
    "sun": "sunday",
}
_NUMBERS = {
    "twenty five": 25,
    "twenty-five": 25,
    "forty five": 45,
    "forty-five": 45,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
}
_ORDINAL_UNITS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
}
_ORDINAL_TEENS = {
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
}


def _word_re(words: list[str]) -> re.Pattern[str]:
    ordered = sorted(words, key=len, reverse=True)  # longest first: "twenty five" before "five"
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in ordered) + r")\b")


_ORDINALS = {
    **{f"{tens} {unit}": n + v for tens, n in (("twenty", 20), ("thirty", 30))
       for unit, v in _ORDINAL_UNITS.items() if n + v <= 31},
    **{f"{tens}-{unit}": n + v for tens, n in (("twenty", 20), ("thirty", 30))
       for unit, v in _ORDINAL_UNITS.items() if n + v <= 31},
    **_ORDINAL_UNITS,
    **_ORDINAL_TEENS,
}  # fmt: skip
_ORDINAL_RE = _word_re(list(_ORDINALS))
_NUMBER_RE = _word_re(list(_NUMBERS))
_SHORT_DAY_RE = _word_re(list(_SHORT_DAYS))
_WEEKDAY = "|".join(_WEEKDAYS)

_IN_A_WHILE = re.compile(
    r"\bin\s+(?P<n>an?|half\s+an|\d{1,3})\s+(?P<unit>hours?|hrs?|minutes?|mins?)\b"
)
_TIMES = (
    re.compile(
        r"\b(?P<m>quarter|half|\d{1,2})\s+(?:minutes?\s+)?(?P<dir>past|to|after)\s+"
        r"(?P<h>\d{1,2})\b(?:\s*(?P<ap>[ap])\.?m\b\.?)?"
    ),
    re.compile(r"\b(?P<half>half)\s+(?P<h>\d{1,2})\b(?:\s*(?P<ap>[ap])\.?m\b\.?)?"),
    re.compile(r"\b(?P<h>\d{1,2})(?:[:.](?P<mm>\d{2}))?\s*(?P<ap>[ap])\.?m\b\.?"),
    re.compile(r"\b(?P<h>\d{1,2})[:.](?P<mm>\d{2})\b(?!\s*[/.]\d)"),
    re.compile(r"\b(?P<h>\d{1,2})\s*o\s*clock\b"),
    re.compile(
        r"\b(?:at|for|from|around|about|by|before)\s+(?P<h>\d{1,2})(?:\s*ish)?\b"
        r"(?!\s*(?:st|nd|rd|th|/|[.]\d|days?|weeks?|months?|hours?|mins?|minutes?)\b)"
    ),
    re.compile(r"\b(?:12\s+)?(?P<noon>noon|midday|midnight)\b"),
)
_PARTS = re.compile(
    r"\b(?:(?P<this>this)\s+|in\s+the\s+)?(?P<part>morning|afternoon|evening|night)\b"
    r"|\b(?P<tonight>tonight)\b"
)
_PART_OF: dict[str, Part] = {"morning": "morning", "afternoon": "afternoon"}
_ALONE_AP = re.compile(r"^(?P<ap>[ap])\.?m\.?$")
_DAY_OF_MONTH = re.compile(r"^(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?$")
_WEEK_ON = re.compile(rf"\ba\s+week\s+(?:on\s+)?(?P<a>{_WEEKDAY})\b|\b(?P<b>{_WEEKDAY})\s+week\b")
_WEEKDAY_RE = re.compile(rf"\b(?:{_WEEKDAY})\b")
_YEAR = re.compile(r"\b\d{4}\b|\d/\d{1,2}/\d{2}\b")
_FILLER = _word_re(
    "at on its it is the my appointment for around about ish please and then by from "
    "um er ok okay thanks i think".split()
)
_PUNCTUATION = re.compile(r"[,!?;()\"]+|\.(?=\s|$)")
_SPACES = re.compile(r"\s+")


def _prepare(text: str) -> str:
    """Lower-case, with words for numbers and short day names turned into what we match."""
    text = _PUNCTUATION.sub(" ", normalise(text))
    text = _ORDINAL_RE.sub(lambda m: _ordinal(_ORDINALS[m.group(1)]), text)
    text = _NUMBER_RE.sub(lambda m: str(_NUMBERS[m.group(1)]), text)
    text = _SHORT_DAY_RE.sub(lambda m: _SHORT_DAYS[m.group(1)], text)
    return _SPACES.sub(" ", text).strip()


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _cut(text: str, match: re.Match[str]) -> str:
    return f"{text[: match.start()]} {text[match.end() :]}"


def _clock_from(match: re.Match[str]) -> tuple[int, int, bool] | None:
    """(hour, minute, sure) from one time match; None when the numbers are not a time."""
    found = match.groupdict()
    if found.get("noon"):
        return (0, 0, True) if found["noon"] == "midnight" else (12, 0, True)
    hour, minute = int(found["h"]), int(found.get("mm") or 0)
    if found.get("dir"):
        m = found["m"]
        minute = 15 if m == "quarter" else 30 if m == "half" else int(m)
        if found["dir"] == "to":
            hour, minute = (hour - 1) % 24, 60 - minute
    elif found.get("half"):
        minute = 30  # "half two" is 2:30 in UK speech, never 1:30
    if hour > 23 or minute > 59:
        return None
    if found.get("mm") and not found.get("ap") and "." in match.group(0) and minute % 5:
        return None  # "3.12" is more likely 3 December than 3:12
    ap = found.get("ap")
    if ap and hour <= 12:
        return (hour % 12 + (12 if ap == "p" else 0), minute, True)
    # 24-hour forms ("14:30", "09:00") say which half of the day they mean.
    written_24h = hour == 0 or hour > 12 or match.group(0).lstrip().startswith("0")
    return hour, minute, bool(ap) or written_24h


def _find_time(text: str) -> tuple[str, tuple[int, int, bool] | None]:
    for pattern in _TIMES:
        for match in pattern.finditer(text):
            clock = _clock_from(match)
            if clock is not None:
                return _cut(text, match), clock
    return text, None


def _find_part(text: str) -> tuple[str, Part | None, bool]:
    """The part of the day named, and whether it also names today ("this afternoon")."""
    match = _PARTS.search(text)
    if not match:
        return text, None, False
    if match.group("tonight"):
        return _cut(text, match), "evening", True
    part = _PART_OF.get(match.group("part"), "evening")
    return _cut(text, match), part, bool(match.group("this"))


def _day_of_month(day: int, today: date) -> date | None:
    """The next date from today that falls on this day of the month, if there is one soon."""
    year, month = today.year, today.month
    for _ in range(12):
        try:
            found = date(year, month, day)
        except ValueError:
            found = None  # no 31st this month: try the next
        if found is not None and found >= today:
            return found
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def _find_day(rest: str, today: date) -> date | Literal["span"] | None:
    """The calendar day ``rest`` names, "span" for a week or a month, None if unreadable."""
    named = _WEEKDAY_RE.findall(rest)
    match = _DAY_OF_MONTH.match(_WEEKDAY_RE.sub("", rest).strip())
    week_on = _WEEK_ON.search(rest)
    if match:
        # dateparser puts a lone "the 3rd" in this month even when it has gone by.
        found = _day_of_month(int(match.group("d")), today)
    elif week_on:
        later = _find_day(week_on.group("a") or week_on.group("b"), today)
        found = later + timedelta(days=7) if isinstance(later, date) else None
    else:
        found_or_span = _parse_day(rest, today)
        if not isinstance(found_or_span, date):
            return found_or_span
        found = found_or_span
    if found is None or (named and _WEEKDAYS[found.weekday()] not in named):
        return None  # "Tuesday the 3rd" when the 3rd is a Thursday: ask rather than pick
    return found


def _parse_day(rest: str, today: date) -> date | Literal["span"] | None:
    base = datetime.combine(today, time(12))
    parser = DateDataParser(languages=_LANGUAGES, settings=_SETTINGS.replace(RELATIVE_BASE=base))
    data = parser.get_date_data(rest)
    # A time left here is one we could not place: "3.12" would otherwise be 03:12.
    if data.date_obj is None or _has_clock(rest):
        return None
    if data.period != "day":
        return "span"  # "next week", "March": we need the day
    found = data.date_obj.date()
    if not _YEAR.search(rest) and found == _a_year_on(today):
        found = today  # dateparser sends today's own date ("25/11") to next year
    return found


def _has_clock(text: str) -> bool:
    return bool(re.search(r"\d[:.]\d", text))


def _a_year_on(day: date) -> date | None:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return None  # 29 February


def _bare_number(n: int, before: Heard, today: date) -> Heard | None:
    """A lone "10": the hour, unless we already have the hour and wait for the day."""
    if before.hour is not None and before.day is None:
        day = _day_of_month(n, today) if 1 <= n <= 31 else None
        return before.model_copy(update={"day": day}) if day else None
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
    words = _prepare(text)
    a_while = _IN_A_WHILE.search(words)
    if a_while:
        return _in_a_while(a_while, now_local)
    if re.fullmatch(r"\d{1,2}", words):
        return _bare_number(int(words), before, today)
    alone = _ALONE_AP.match(words)
    if alone:  # an answer to "morning or evening?"
        words = "morning" if alone.group("ap") == "a" else "evening"
    rest, clock = _find_time(words)
    rest, part, names_today = _find_part(rest)
    rest = _SPACES.sub(" ", _FILLER.sub(" ", rest)).strip()
    day = today if names_today or rest == "today" else None
    if rest and day is None:
        found = _find_day(rest, today)
        if found is None:
            return None
        day = found if isinstance(found, date) else None
    if clock is None and part is None and day is None and not rest:
        return None
    hour, minute, sure = clock if clock else (None, 0, True)
    return _merge(before, Heard(day=day, hour=hour, minute=minute, sure=sure, part=part))


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
    return Heard(day=new.day or before.day, hour=hour, minute=minute, sure=sure, part=part)


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
    words = f"{_WEEKDAYS[day.weekday()].title()} {day.day} {day:%B}"
    return f"{words} {day.year}" if (day - today).days > 180 else words


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
    _parse_day("tomorrow", date(2000, 1, 1))
