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
    sample = text.format(day="on Wednesday 30 September in the afternoon", clock="7:30")
    assert is_gsm7(sample)
    assert segments(sample) == 1
