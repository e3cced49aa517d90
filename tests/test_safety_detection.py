"""Danger signals: measured on a labelled set, and safe on any input."""

from __future__ import annotations

import pytest

from flows.safety import DangerKind, detect_danger
from tests.safety_set import examples, score


def test_the_labelled_set_is_big_and_varied_enough_to_mean_something() -> None:
    items = examples()
    assert len(items) >= 60
    groups = {e.group for e in items}
    assert {"clear", "indirect", "slang", "ordinary_alarming", "ordinary"} <= groups


def test_every_clear_danger_message_is_caught() -> None:
    result = score(examples())
    assert result.recall["clear"] == 1.0, [e.text for e in result.misses]


@pytest.mark.parametrize("group", ["indirect", "slang"])
def test_indirect_phrasing_and_slang_are_caught_at_least_nine_times_in_ten(group: str) -> None:
    result = score(examples())
    assert result.recall[group] >= 0.9, [e.text for e in result.misses if e.group == group]


def test_ordinary_messages_with_alarming_words_rarely_raise_an_alarm() -> None:
    result = score(examples())
    assert result.false_positive_rate < 0.1, [e.text for e in result.false_alarms]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("i want to kill myself", DangerKind.SELF_HARM),
        ("my boyfriend hits me", DangerKind.HARM_FROM_OTHERS),
        ("my kids aren't safe with him", DangerKind.CHILD_AT_RISK),
        ("someone is trying to break in", DangerKind.IMMEDIATE),
    ],
)
def test_the_kind_of_danger_is_named(text: str, kind: DangerKind) -> None:
    signal = detect_danger(text)
    assert signal is not None
    assert signal.kind is kind
    assert text not in signal.cue


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\x00\x07\x1b[31m",
        "\U0001f62d" * 500,
        "x" * 10_000,
        "'; DROP TABLE inbound; --",
        "<script>alert(1)</script>",
        'NEAR(a b) AND "*"',
        "Привет, мне нужна помощь",
        "\u202eevil",
    ],
)
def test_any_input_is_safe(text: str) -> None:
    detect_danger(text)
