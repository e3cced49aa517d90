"""Reading appointment times from everyday UK words, and asking back instead of guessing."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from connectors.sms_segments import is_gsm7, segments
from flows.accompany.when import QUESTIONS, Doubt, Heard, Understood, Unsure, read_back, understand

LONDON = ZoneInfo("Europe/London")
# A Wednesday afternoon, in winter (GMT).
NOW = datetime(2026, 11, 25, 14, 0, tzinfo=LONDON)


def at(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def understood(text: str, now: datetime = NOW, before: Heard | None = None) -> datetime:
    result = understand(text, now, before=before)
    assert isinstance(result, Understood), f"{text!r}: {result}"
    return result.at


def unsure(text: str, now: datetime = NOW, before: Heard | None = None) -> Unsure:
    result = understand(text, now, before=before)
    assert isinstance(result, Unsure), f"{text!r} was read as {result}"
    return result


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("next Tuesday at 10", at(2026, 12, 1, 10, 0)),
        ("the 3rd at half two", at(2026, 12, 3, 14, 30)),
        ("Friday 2pm", at(2026, 11, 27, 14, 0)),
        ("3/4 at 11", at(2027, 4, 3, 11, 0)),
        ("half past nine on Monday", at(2026, 11, 30, 9, 30)),
        ("quarter to 3 thursday", at(2026, 11, 26, 14, 45)),
        ("in two days at noon", at(2026, 11, 27, 12, 0)),
        ("25th December 10am", at(2026, 12, 25, 10, 0)),
        ("this afternoon at 4", at(2026, 11, 25, 16, 0)),
        ("tonight at 8", at(2026, 11, 25, 20, 0)),
        ("tomorrow at 7 in the evening", at(2026, 11, 26, 19, 0)),
        ("Tues 14:30", at(2026, 12, 1, 14, 30)),
        ("thurs at 9.30", at(2026, 11, 26, 9, 30)),
        ("twenty past two tomorrow", at(2026, 11, 26, 14, 20)),
        ("10 o'clock friday", at(2026, 11, 27, 10, 0)),
        ("the third of december at eleven", at(2026, 12, 3, 11, 0)),
        ("it's on Tuesday at 10ish", at(2026, 12, 1, 10, 0)),
        ("Tuesday week at 10", at(2026, 12, 8, 10, 0)),
        ("the 31st at 10am", at(2026, 12, 31, 10, 0)),
        ("25/11 at 4pm", at(2026, 11, 25, 16, 0)),
        ("monday at 09:00", at(2026, 11, 30, 9, 0)),
        ("in an hour", at(2026, 11, 25, 15, 0)),
    ],
)
def test_everyday_phrases_give_the_exact_time(text: str, expected: datetime) -> None:
    assert understood(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("at 7 tomorrow", Doubt.AM_OR_PM),
        ("next Tuesday", Doubt.NO_TIME),
        ("tomorrow morning", Doubt.NO_TIME),
        ("at 10am", Doubt.NO_DAY),
        ("next week", Doubt.NO_DAY),
        ("yesterday at 3", Doubt.PAST),
        ("today at 1pm", Doubt.PAST),
        ("last Tuesday", Doubt.PAST),
        ("whenever they can fit me in", Doubt.UNREADABLE),
        ("Tuesday the 3rd at 10", Doubt.UNREADABLE),
        ("", Doubt.UNREADABLE),
    ],
)
def test_what_is_not_certain_comes_back_as_a_question(text: str, reason: Doubt) -> None:
    result = unsure(text)
    assert result.reason is reason
    assert result.question.endswith("?") or "?" in result.question


def test_questions_name_what_was_understood() -> None:
    assert unsure("tomorrow morning").question.startswith("What time tomorrow morning?")
    assert unsure("next Tuesday").question.startswith("What time on Tuesday 1 December?")
    assert unsure("at 7 friday").question == "Is that 7 in the morning, or 7 in the evening?"
    assert "missed it, that's OK" in unsure("yesterday at 3").question


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (["at 7", "tomorrow", "evening"], at(2026, 11, 26, 19, 0)),
        (["at 7", "friday", "7am"], at(2026, 11, 27, 7, 0)),
        (["tomorrow morning", "10"], at(2026, 11, 26, 10, 0)),
        (["tomorrow morning", "at 7"], at(2026, 11, 26, 7, 0)),
        (["next tuesday", "half two"], at(2026, 12, 1, 14, 30)),
        (["7pm", "3"], at(2026, 12, 3, 19, 0)),
        (["tomorrow morning", "no idea", "9"], at(2026, 11, 26, 9, 0)),
        (["yesterday at 3", "friday at 3"], at(2026, 11, 27, 15, 0)),
    ],
)
def test_answers_to_a_question_build_on_what_was_heard(
    answers: list[str], expected: datetime
) -> None:
    before: Heard | None = None
    for answer in answers[:-1]:
        before = unsure(answer, before=before).heard
        # What was heard survives being kept in a conversation's data as JSON.
        before = Heard.model_validate(before.model_dump(mode="json"))
    assert understood(answers[-1], before=before) == expected


def test_a_past_time_forgets_what_it_heard_rather_than_carry_it_over() -> None:
    assert unsure("yesterday at 3").heard == Heard()


@pytest.mark.parametrize(
    ("hour", "expected"),
    [(1, 13), (6, 18), (8, 8), (11, 11), (12, 12), (19, 19)],
)
def test_an_hour_without_am_or_pm_is_read_as_appointments_fall(hour: int, expected: int) -> None:
    assert understood(f"friday at {hour}").hour == expected


def test_summer_time_and_an_aware_now_from_another_zone() -> None:
    # 23:30 UTC on 30 June is already 1 July in London.
    now = datetime(2026, 6, 30, 23, 30, tzinfo=ZoneInfo("UTC"))
    result = understood("tomorrow at 10am", now=now)
    assert result == at(2026, 7, 2, 10, 0)
    assert result.utcoffset() == timedelta(hours=1)


def test_another_deployment_time_zone_is_used() -> None:
    result = understand("tomorrow at 10am", NOW, tz="America/New_York")
    assert isinstance(result, Understood)
    assert result.at == datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("America/New_York"))


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        understand("tomorrow at 10", datetime(2026, 11, 25, 14, 0))


@pytest.mark.parametrize(
    ("when", "words"),
    [
        (at(2026, 12, 1, 10, 0), "Tuesday 1 December at 10am"),
        (at(2026, 11, 26, 14, 30), "tomorrow at 2:30pm"),
        (at(2026, 11, 25, 16, 0), "today at 4pm"),
        (at(2026, 11, 27, 12, 0), "Friday 27 November at midday"),
        (at(2027, 9, 3, 9, 15), "Friday 3 September 2027 at 9:15am"),
    ],
)
def test_read_back_in_plain_words(when: datetime, words: str) -> None:
    assert read_back(when, NOW) == words


@pytest.mark.parametrize("text", list(QUESTIONS.values()))
def test_questions_are_one_plain_sms(text: str) -> None:
    longest = "Wednesday 30 September"
    sample = text.format(
        day=f"on {longest} in the afternoon",
        clock="7:30",
        first=f"tomorrow, {longest}",
        second=longest,
    )
    assert is_gsm7(sample)
    assert segments(sample) == 1


# The week of Monday 30 November 2026, at 9am: each day in turn is "today".
WEEK = [datetime(2026, 11, 30, 9, 0, tzinfo=LONDON) + timedelta(days=n) for n in range(7)]
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# On each day, the days "next <day>" could mean this week or next: those later this week.
TWO_WAYS = {
    "monday": DAYS[1:],
    "tuesday": DAYS[2:],
    "wednesday": DAYS[3:],
    "thursday": DAYS[4:],
    "friday": DAYS[5:],
    "saturday": DAYS[6:],
    "sunday": (),
}


def first_after(today: datetime, day: str) -> datetime:
    """The first such weekday after today, at 10am."""
    ahead = (DAYS.index(day) - today.weekday() - 1) % 7 + 1
    return (today + timedelta(days=ahead)).replace(hour=10)


def long_day(when: datetime) -> str:
    return f"{when:%A} {when.day} {when:%B}"


@pytest.mark.parametrize("today", WEEK, ids=lambda d: f"{d:%A}")
@pytest.mark.parametrize("day", DAYS)
def test_next_weekday_later_this_week_asks_which_of_the_two(today: datetime, day: str) -> None:
    coming = first_after(today, day)
    if day not in TWO_WAYS[f"{today:%A}".lower()]:
        # The first one to come is already in next week: both readings are the same day.
        assert understood(f"next {day} at 10", now=today) == coming
        return
    asked = unsure(f"next {day} at 10", now=today)
    assert asked.reason is Doubt.WHICH_DAY
    later = coming + timedelta(days=7)
    first = f"tomorrow, {long_day(coming)}" if (coming.date() - today.date()).days == 1 else None
    assert asked.question == f"Do you mean {first or long_day(coming)}, or {long_day(later)}?"
    assert asked.buttons == (long_day(coming), long_day(later))
    for pressed, meant in zip(asked.buttons, (coming, later), strict=True):
        assert understood(pressed, now=today, before=asked.heard) == meant


def test_next_tuesday_on_a_monday_asks_tomorrow_or_the_week_after() -> None:
    asked = unsure("next Tuesday at 10", now=WEEK[0])
    assert asked.question == "Do you mean tomorrow, Tuesday 1 December, or Tuesday 8 December?"
    assert asked.buttons == ("Tuesday 1 December", "Tuesday 8 December")
    # Without a time, which day is asked first, then the time on the day they chose.
    asked = unsure("next Friday", now=WEEK[0])
    assert asked.question == "Do you mean Friday 4 December, or Friday 11 December?"
    then = unsure("the later one", now=WEEK[0], before=asked.heard)
    assert then.question.startswith("What time on Friday 11 December?")


@pytest.mark.parametrize("today", WEEK, ids=lambda d: f"{d:%A}")
def test_this_weekday_and_a_weekday_next_week_are_never_asked_about(today: datetime) -> None:
    for n, day in enumerate(DAYS):
        this_week = today + timedelta(days=n - today.weekday())
        if this_week.date() >= today.date():  # "this Friday" is the Friday of this week
            assert understood(f"this {day} at 10", now=today) == this_week.replace(hour=10)
        in_next_week = this_week.replace(hour=10) + timedelta(days=7)
        assert understood(f"{day} next week at 10", now=today) == in_next_week
        assert understood(f"next week on {day} at 10", now=today) == in_next_week


MONDAY = WEEK[0]
TOMORROW_10 = at(2026, 12, 1, 10, 0)
WEEK_AFTER_10 = at(2026, 12, 8, 10, 0)


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("Tuesday 8 December", WEEK_AFTER_10),  # the button
        ("Tuesday 1 December", TOMORROW_10),
        ("the 8th", WEEK_AFTER_10),
        ("8th", WEEK_AFTER_10),
        ("8", WEEK_AFTER_10),
        ("next week", WEEK_AFTER_10),
        ("the week after", WEEK_AFTER_10),
        ("the one next week", WEEK_AFTER_10),
        ("the second one", WEEK_AFTER_10),
        ("second", WEEK_AFTER_10),
        ("the later one", WEEK_AFTER_10),
        ("tomorrow", TOMORROW_10),
        ("this week", TOMORROW_10),
        ("the first one", TOMORROW_10),
        ("first", TOMORROW_10),
        ("the 1st", TOMORROW_10),
        ("the 8th at half 11", at(2026, 12, 8, 11, 30)),
        ("tomorrow but at 2", at(2026, 12, 1, 14, 0)),
    ],
)
def test_each_answer_to_which_day_settles_it(answer: str, expected: datetime) -> None:
    asked = unsure("next Tuesday at 10", now=MONDAY)
    kept = Heard.model_validate(asked.heard.model_dump(mode="json"))
    assert understood(answer, now=MONDAY, before=kept) == expected


@pytest.mark.parametrize(
    ("correction", "expected"),
    [
        ("it's the 8th december at 10am, not tomorrow", WEEK_AFTER_10),
        ("no, the 8th", WEEK_AFTER_10),
        ("not tomorrow, next week", WEEK_AFTER_10),
        ("wrong day, it's Wednesday", at(2026, 12, 2, 10, 0)),
        ("No its not the 1st its the 8th", WEEK_AFTER_10),
        ("nope, thursday at 2", at(2026, 12, 3, 14, 0)),
    ],
)
def test_a_correction_changes_only_what_it_names(correction: str, expected: datetime) -> None:
    # To the read-back of tomorrow at 10am, and to the question about which Tuesday.
    assert understood(correction, now=MONDAY, before=Heard.of(TOMORROW_10)) == expected
    asked = unsure("next Tuesday at 10", now=MONDAY)
    assert understood(correction, now=MONDAY, before=asked.heard) == expected


@pytest.mark.parametrize("correction", ["wrong time, 11", "it's 11 not 10", "no, at 11"])
def test_a_corrected_time_keeps_the_day_or_asks_it_again(correction: str) -> None:
    assert understood(correction, now=MONDAY, before=Heard.of(TOMORROW_10)) == at(
        2026, 12, 1, 11, 0
    )
    asked = unsure("next Tuesday at 10", now=MONDAY)
    again = unsure(correction, now=MONDAY, before=asked.heard)
    assert again.question == asked.question
    assert understood("the 8th", now=MONDAY, before=again.heard) == at(2026, 12, 8, 11, 0)


@pytest.mark.parametrize(
    "text", ["no", "the place is wrong", "change the time", "wrong date", "one sec", "Notes"]
)
def test_words_that_name_no_day_or_time_correct_nothing(text: str) -> None:
    assert unsure(text, now=MONDAY, before=Heard.of(TOMORROW_10)).reason is Doubt.UNREADABLE


def test_next_week_with_no_day_yet_still_asks_which_day() -> None:
    assert unsure("not tomorrow, next week", now=MONDAY).reason is Doubt.NO_DAY
