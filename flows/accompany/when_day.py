"""The calendar day a message names: "Tuesday", "the 3rd", "a week on Friday", "25/11"."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

from dateparser.conf import Settings
from dateparser.date import DateDataParser

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

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = "|".join(WEEKDAYS)
_DAY_OF_MONTH = re.compile(r"^(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?$")
_WEEK_ON = re.compile(rf"\ba\s+week\s+(?:on\s+)?(?P<a>{_WEEKDAY})\b|\b(?P<b>{_WEEKDAY})\s+week\b")
_WEEKDAY_RE = re.compile(rf"\b(?:{_WEEKDAY})\b")
_YEAR = re.compile(r"\b\d{4}\b|\d/\d{1,2}/\d{2}\b")
_A_WAIT = re.compile(r"\b(?:secs?|seconds?|mins?|minutes?|hours?|hrs?)\b")
_NEXT_WEEKDAY = re.compile(rf"^next (?P<d>{_WEEKDAY})$")
_IN_NEXT_WEEK = re.compile(
    rf"^(?:(?P<a>{_WEEKDAY}) next week|next week (?:on )?(?P<b>{_WEEKDAY}))$"
)


def two_readings(rest: str, today: date) -> tuple[date, date] | None:
    """The two days "next Friday" can mean, or None when it can mean only one.

    In the UK "next Friday" means the first Friday to come for some people, and the Friday
    of next week (Monday to Sunday) for others. The two agree when the first Friday to
    come already falls in next week ("next Tuesday" said on a Thursday is the 5 days on
    either way), so only a day later in this same week is asked about: "next Tuesday" on a
    Monday is tomorrow or the Tuesday of next week. "This Friday" and a bare "Friday" mean
    the first to come (a week on when said on a Friday) and are not asked about.
    """
    match = _NEXT_WEEKDAY.match(rest)
    if not match:
        return None
    ahead = WEEKDAYS.index(match.group("d")) - today.weekday()
    if ahead <= 0:
        return None
    coming = today + timedelta(days=ahead)
    return coming, coming + timedelta(days=7)


def _in_next_week(weekday: str, today: date) -> date:
    """ "Tuesday next week": that day in the week (Monday to Sunday) after this one."""
    monday = today + timedelta(days=7 - today.weekday())
    return monday + timedelta(days=WEEKDAYS.index(weekday))


def day_of_month(day: int, today: date) -> date | None:
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


def find_day(rest: str, today: date) -> date | Literal["span"] | None:
    """The calendar day ``rest`` names, "span" for a week or a month, None if unreadable."""
    named = _WEEKDAY_RE.findall(rest)
    match = _DAY_OF_MONTH.match(_WEEKDAY_RE.sub("", rest).strip())
    week_on = _WEEK_ON.search(rest)
    next_week = _IN_NEXT_WEEK.match(rest)
    if match:
        # dateparser puts a lone "the 3rd" in this month even when it has gone by.
        found = day_of_month(int(match.group("d")), today)
    elif week_on:
        later = find_day(week_on.group("a") or week_on.group("b"), today)
        found = later + timedelta(days=7) if isinstance(later, date) else None
    elif next_week:
        found = _in_next_week(next_week.group("a") or next_week.group("b"), today)
    else:
        found_or_span = parse_day(rest, today)
        if not isinstance(found_or_span, date):
            return found_or_span
        found = found_or_span
    if found is None or (named and WEEKDAYS[found.weekday()] not in named):
        return None  # "Tuesday the 3rd" when the 3rd is a Thursday: ask rather than pick
    return found


def parse_day(rest: str, today: date) -> date | Literal["span"] | None:
    """The day dateparser reads in ``rest``: "span" for a week or a month, None if none."""
    base = datetime.combine(today, time(12))
    parser = DateDataParser(languages=_LANGUAGES, settings=_SETTINGS.replace(RELATIVE_BASE=base))
    data = parser.get_date_data(rest)
    # A time left here is one we could not place: "3.12" would otherwise be 03:12. A short
    # wait ("one sec", "2 mins") is not a day, though dateparser reads it as today.
    if data.date_obj is None or _has_clock(rest) or _A_WAIT.search(rest):
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
