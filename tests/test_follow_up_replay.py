"""Follow-ups at the end of a connection, through the replay harness with the clock moved:
a check-in agreed after being put in touch with a group's contact or after talking with a
peer; when things aren't better, the same named person again, never a restart."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Settings
from tests.test_connect_replay import LISTEN, SAM, dee, offered, run, sam

CHECK_IN = "Shall I check in with you next week to see how it went?"


@pytest.fixture
def db(sample: Settings) -> Path:
    return sample.db


def texts_to(out: list[dict[str, object]], address: str) -> list[str]:
    return [str(o["text"]) for o in out if o["to"] == address]


def choose(db: Path, name: str) -> str:
    out = run(db, [dee(t) for t in LISTEN])
    return next(line[0] for line in offered(out).splitlines() if name in line)


def test_after_a_groups_contact_is_told_a_check_in_is_agreed_and_comes_a_week_on(
    db: Path,
) -> None:
    number = choose(db, "Money Worries")
    out = run(db, [dee(number), dee("yes"), dee("yes please")])
    told = texts_to(out, "+447700900001")
    assert told[1].startswith("Done. I've let")
    assert told[2] == CHECK_IN
    assert told[3] == "I'll check in with you next week. Take care."
    out = run(db, [{"advance": "P6DT23H"}, {"advance": "PT2H"}, dee("not great to be honest")])
    assert out[0]["after"] == 1  # not a day early
    assert "checking in as we agreed. How are things now?" in str(out[0]["text"])
    # Nobody was named yet, so a person who'd stay with them is offered, not a new start.
    assert str(out[-1]["text"]).startswith("Thank you for telling me. Would you like a local")


def test_not_better_after_talking_with_a_peer_offers_the_same_peer_again(db: Path) -> None:
    number = choose(db, "Sam, a neighbour")
    out = run(
        db,
        [
            dee(number),
            dee("Dee"),
            dee("yes"),
            sam("Accept"),
            dee("thanks Sam"),
            {"advance": "PT2M"},  # a person's pace, under the flood guard
            dee("done"),
            dee("yes please"),
        ],
    )
    assert texts_to(out, "+447700900001")[-2] == CHECK_IN
    out = run(
        db,
        [
            {"advance": "P7DT1H"},
            dee("still struggling with the bailiffs"),
            dee("yes please"),
            dee("yes"),
        ],
    )
    asked = texts_to(out, "+447700900001")
    assert asked[1] == (
        "Thank you for telling me. Would you like Sam again? They know what you've told us."
    )
    assert '"still struggling with the bailiffs"' in asked[2]  # read back before it goes
    card = [o for o in out if o["to"] == SAM and o["buttons"]]
    assert card, "the card goes to Sam, and only Sam"
    assert "still struggling with the bailiffs" in str(card[0]["text"])
    assert {o["to"] for o in out if o["buttons"] == ["I'll take this", "Not me"]} == {SAM}


def test_declining_the_check_in_sets_no_timer(db: Path) -> None:
    number = choose(db, "Money Worries")
    run(db, [dee(number), dee("yes"), dee("no thanks")])
    out = run(db, [{"advance": "P8D"}])
    assert out == []
