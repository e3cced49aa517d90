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


ASKING_FOR_A_PERSON = [
    "PERSON",
    "a real person",
    "human",
    "someone real",
    "a real human",
    "talk to someone",
    "persn",
    "peson",
    "tlk to a person",
    "hooman",
    "real persom",
    "a human pls",
    "can i speak to sum1 real",
    "no1 rly. ugh this is long can i just tlk to a PERSON",
    "Can I talk to a real person please",
    "i want to speak to a human",
    "is there an actual person there?",
    "why can't I talk to a person",
    "just want a human being tbh, can i speak to some1",
    "persn pls",
    "I'd like to chat with someone real",
    "get me a real person",
    "need to talk 2 someone",
    "can i tlk to a real human pls",
    "let me speak to somebody",
    "are you a real human",
    "prson please",
    "I want a live person not a bot",
    "my landlord is driving me mad. can i talk to someone",
    "can i talk to sum1",
    "Human please!",
    "talk with a person",
    "i wanna talk to a human",
]
ABOUT_A_PERSON = [
    "the person at the council said I could get help",
    "my support worker is a lovely person",
    "he's a horrible human being",
    "I'm a people person",
    "my person at the council is off sick",
    "my son won't talk to anyone",
    "I don't want to talk to anyone right now",
    "she never speaks to anybody",
    "I've got nobody to talk to",
    "she's a real person, not like the last one",
    "he'd speak to someone at the school",
    "a person came round about the meter",
    "I met a lovely person at the group",
    "she's the only person who checks on me",
    "person centred care plan they said",
    "humans are the worst lol",
    "I talk to my neighbour sometimes",
    "I'd never speak to a human like that",
    "he's a real human being you know",
    "I feel like a different person",
    "the human body is strange",
    "she wants to talk to someone at the housing office",
    "they won't speak to a real person on the phone",
    "no one real cares",
    "I'm not talking to anyone",
    "my mum doesn't talk to anyone any more",
    "what a person needs is a warm house",
    "it's a real person who answers the phone at the surgery",
]


@pytest.mark.parametrize("text", ASKING_FOR_A_PERSON)
def test_asking_for_a_person_is_heard_anywhere_in_a_message_however_it_is_typed(
    text: str,
) -> None:
    assert classify(text) is Keyword.PERSON


@pytest.mark.parametrize("text", ABOUT_A_PERSON)
def test_a_sentence_about_a_person_is_not_asking_for_one(text: str) -> None:
    assert classify(text) is None


def test_long_messages_are_never_taken_as_a_keyword() -> None:
    assert classify("stop " + "and some more words " * 20) is None


def test_asking_for_a_person_at_the_end_of_a_long_story_is_heard() -> None:
    story = "my landlord won't fix the boiler and the kids are cold. " * 5
    assert classify(story + "can I just talk to a real person") is Keyword.PERSON
