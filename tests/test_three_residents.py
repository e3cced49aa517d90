"""Three residents as they would really write, played through the real replay command on the
sample area: each is answered before anything is asked, and offered something concrete
after at most the one question that changes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Settings
from tests.harness import replay

WIDOW, MOTHER, LAD = "+447700900571", "+447700900572", "+447700900573"
START = "2026-11-30T10:00:00+00:00"  # a Monday morning


def from_(address: str, *texts: str) -> list[dict[str, str]]:
    # A minute apart, as a person types.
    return [
        line
        for text in texts
        for line in ({"channel": "sms", "from": address, "text": text}, {"advance": "PT1M"})
    ]


def heard_by(out: list[dict[str, object]], address: str) -> list[str]:
    return [str(o["text"]) for o in out if o["to"] == address]


def questions_before(heard: list[str], offered: str) -> int:
    """Questions the bot asked before the first message containing ``offered``."""
    first = next(i for i, text in enumerate(heard) if offered in text)
    return sum("?" in text for text in heard[:first])


@pytest.fixture
def db(sample: Settings) -> Path:
    return sample.db


def test_a_widow_who_wants_company_is_heard_and_offered_people_after_one_question(
    db: Path,
) -> None:
    story = "My husband died in the spring and the house is so quiet. I'd just like some company."
    out = replay(db, from_(WIDOW, story, "Ashby Green"), START)
    heard = heard_by(out, WIDOW)
    assert "I'm a bot" in heard[0]
    assert "My husband died in the spring and the house is so quiet." in heard[0]
    assert "What can we do for you?" not in heard[0]
    assert heard[0].endswith(
        "Which part of Eastfield are you in? A neighbourhood or postcode is plenty."
    )
    assert questions_before(heard, "Here's who might help") == 1
    assert not [h for h in heard if "enjoy" in h or "help other people" in h]


def test_a_mother_who_needs_someone_at_the_housing_office_is_offered_it_straight_away(
    db: Path,
) -> None:
    story = (
        "they cut the gas off and ive got to go to the housing office thursday. "
        "can someone come with me, polish is easier for me"
    )
    out = replay(db, from_(MOTHER, "hi", story, "Northgate"), START)
    heard = heard_by(out, MOTHER)
    assert '"they cut the gas off and ive got to go to the housing office thursday."' in heard[1]
    offer = "Would you like someone who's been through it to come with you?"
    # The greeting's "What can we do for you?", then only the area.
    assert questions_before(heard, offer) == 2
    assert heard[2] == offer


def test_a_lad_typing_in_slang_who_wants_a_person_gets_one_mid_sentence(db: Path) -> None:
    out = replay(
        db, from_(LAD, "yo", "no1 rly. ugh this is long can i just tlk to a PERSON"), START
    )
    heard = heard_by(out, LAD)
    assert "a real local person is one message away" in heard[0]
    # Straight into the handoff: the name to use, nothing about what matters or his area.
    assert heard[1].startswith("Of course.") or "name" in heard[1].lower()
    assert not [h for h in heard if "What matters most" in h or "Which part" in h]


def test_a_first_message_naming_the_need_and_the_area_is_offered_what_fits_at_once(
    db: Path,
) -> None:
    said = "bailiffs coming friday for council tax, im in northgate, proper panicking"
    out = replay(db, from_(WIDOW, said), START)
    heard = heard_by(out, WIDOW)
    assert f'You said: "{said}".' in heard[0]
    assert heard[1].startswith("Here's who might help:")
    assert "Sam, a neighbour" in heard[1]  # Sam is in Northgate, and has been through it
    assert not [h for h in heard if "?" in h and "Which part" in h]
