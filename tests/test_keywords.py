"""STOP, START, HELP and PERSON are heard from any state, and only when they are meant."""

from __future__ import annotations

import pytest

from flows.anywhere.keywords import Keyword, classify


@pytest.mark.parametrize(
    "text",
    [
        "STOP",
        "stop",
        "Stop.",
        "STOP!!!",
        "Stop. Thank you",
        "please stop",
        "stop texting me",
        "STOPALL",
        "stop all",
        "UNSUBSCRIBE",
        "unsubscribe me",
        "Cancel",
        "END",
        "quit",
        "REVOKE",
        "OPTOUT",
        "opt out",
        "opt-out please",
        "  stop  ",
        "Thanks, but stop",
        "\uff33\uff34\uff2f\uff30",  # full-width letters, as some keyboards send
    ],
)
def test_opt_out_words_are_recognised_with_punctuation_and_a_few_words(text: str) -> None:
    assert classify(text) is Keyword.STOP


@pytest.mark.parametrize(
    "text",
    [
        "I can't stop crying",
        "I can\u2019t stop worrying about the rent",
        "cancel my appointment on tuesday",
        "the bus doesn't stop near me",
        "I want to quit drinking",
        "at the end of my tether",
        "when will this end",
        "I need help with my rent",
        "help me please, the landlord is changing the locks",
        "my person at the council is off sick",
        "hello",
        "",
    ],
)
def test_ordinary_sentences_that_contain_the_words_are_not_keywords(text: str) -> None:
    assert classify(text) is None


@pytest.mark.parametrize("text", ["START", "start", "Start please", "UNSTOP"])
def test_start(text: str) -> None:
    assert classify(text) is Keyword.START


@pytest.mark.parametrize("text", ["HELP", "help", "Help!", "help please", "INFO"])
def test_bare_help_asks_what_the_service_is(text: str) -> None:
    assert classify(text) is Keyword.HELP


@pytest.mark.parametrize(
    "text",
    [
        "PERSON",
        "person",
        "Person please",
        "human",
        "can I talk to a real person",
        "I want to speak to someone",
        "can i speak to somebody",
        "is there a real person there?",
        "talk to a human",
        "I'd rather chat with an actual person",
        "are you a real person",
        "i want a real person not a bot",
    ],
)
def test_plain_ways_of_asking_for_a_person(text: str) -> None:
    assert classify(text) is Keyword.PERSON


def test_long_messages_are_never_taken_as_a_keyword() -> None:
    assert classify("stop " + "and some more words " * 20) is None
