"""Connecting through the replay harness, on the sample directory: options, a group's
details, and double opt-in with a peer (accept, decline, no answer)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Settings
from tests.harness import SKINT_IN_MILLBROOK, replay

DEE = "+447700900001"
SAM = "5550101"  # Sam Okafor, a peer on Telegram in the sample roster

LISTEN = SKINT_IN_MILLBROOK


def run(db: Path, lines: list[dict[str, str]]) -> list[dict[str, object]]:
    return replay(db, lines)


@pytest.fixture
def db(sample: Settings) -> Path:
    return sample.db


def dee(text: str) -> dict[str, str]:
    return {"channel": "sms", "from": DEE, "text": text}


def sam(press: str) -> dict[str, str]:
    return {"channel": "telegram", "from": SAM, "press": press}


def offered(out: list[dict[str, object]]) -> str:
    return next(str(o["text"]) for o in out if str(o["text"]).startswith("Here's who might help"))


def test_after_listening_the_bot_offers_up_to_three_fitting_options_with_why(db: Path) -> None:
    text = offered(run(db, [dee(t) for t in LISTEN]))
    *lines, person = text.splitlines()[1:-1]
    assert person.endswith("A local person, who'd stay with you")
    assert 1 <= len(lines) <= 3
    assert any("Money Worries" in line for line in lines)
    assert any("Sam, a neighbour" in line for line in lines)  # a peer, where one fits
    assert all("(you said" in line or "(you mentioned" in line for line in lines)


def test_picking_a_peer_asks_them_and_both_must_say_yes_before_they_talk(db: Path) -> None:
    out = run(db, [dee(t) for t in LISTEN])
    number = next(line[0] for line in offered(out).splitlines() if "Sam, a neighbour" in line)
    out = run(
        db,
        [
            dee(number),
            dee("Dee"),
            dee("yes"),
            sam("Accept"),
            {"channel": "telegram", "from": SAM, "text": "Hi Dee, happy to help"},
            dee("thank you!"),
        ],
    )
    request = next(o for o in out if o["to"] == SAM and o["buttons"])
    assert request["buttons"] == ["Accept", "Not this time"]
    assert "Dee" in str(request["text"])
    assert DEE not in str(request["text"])
    told = [o for o in out if o["to"] == DEE and "Good news: Sam said yes" in str(o["text"])]
    assert len(told) == 1
    assert {"to": DEE, "text": "Sam: Hi Dee, happy to help"}.items() <= next(
        o for o in out if o["text"] == "Sam: Hi Dee, happy to help"
    ).items()
    assert next(o for o in out if o["text"] == "Dee: thank you!")["to"] == SAM


def test_a_peer_saying_not_this_time_is_told_kindly_to_the_resident(db: Path) -> None:
    out = run(db, [dee(t) for t in LISTEN])
    number = next(line[0] for line in offered(out).splitlines() if "Sam, a neighbour" in line)
    out = run(db, [dee(number), dee("Dee"), dee("yes"), sam("Not this time"), dee("OPTIONS")])
    assert any(o["to"] == DEE and "Sam can't this time" in str(o["text"]) for o in out)
    assert offered(out).startswith("Here's who might help")


def test_no_answer_in_a_day_lets_the_resident_know_honestly(db: Path) -> None:
    out = run(db, [dee(t) for t in LISTEN])
    number = next(line[0] for line in offered(out).splitlines() if "Sam, a neighbour" in line)
    out = run(db, [dee(number), dee("Dee"), dee("yes"), {"advance": "PT25H"}, sam("Accept")])
    lapsed = [o for o in out if o["after"] == 3]
    assert {o["to"] for o in lapsed} == {DEE, SAM}
    assert any("hasn't been able to answer" in str(o["text"]) for o in lapsed)
    late = [o for o in out if o["after"] == 4]
    assert not any("Good news" in str(o["text"]) for o in late)


def test_picking_a_group_gives_its_details(db: Path) -> None:
    out = run(db, [dee(t) for t in LISTEN])
    number = next(line[0] for line in offered(out).splitlines() if "Money Worries" in line)
    details = run(db, [dee(number)])[0]
    assert str(details["text"]).startswith("Money Worries Drop-in:")


def test_with_no_good_match_the_bot_says_so_and_offers_a_named_person(db: Path) -> None:
    script = [
        dee("hi"),
        dee("\U0001f937 zzz qqq"),
        dee("skip"),  # what matters most: the one open question when nothing was named
        dee("skip"),  # the area
    ]
    last = run(db, script)[-1]
    assert str(last["text"]).startswith("I'm sorry, I couldn't find a group that fits")
    assert "with Amira, who works locally" in str(last["text"])
