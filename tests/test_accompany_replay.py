"""Going with someone to an appointment, through the replay harness on the sample roster,
with the clock moved: the offer, the questions, two peers asked, the first yes, reminders,
the visit, how it went and the time given; nobody saying yes; cancelling; moving it; a
timer that falls due while the process is stopped."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.settings import Settings
from tests.harness import replay

JO = "+447700900555"
RYAN, KASIA = "5550104", "5550103"  # peers who go with people, both in Eastfield Centre
AMIRA = "5550201"  # the worker on duty there
# A Thursday morning; "next Tuesday at 10" is then 1 December, 10am (UTC in winter).
START = "2026-11-26T09:00:00+00:00"
Script = list[dict[str, str]]


def run(db: Path, lines: Script, start: str = START) -> list[dict[str, object]]:
    return replay(db, lines, start)


@pytest.fixture
def db(sample: Settings) -> Path:
    return sample.db


def jo(*texts: str) -> Script:
    # A minute apart, as a person types: the flood guard is not what these tests are about.
    return [x for t in texts for x in ({"channel": "sms", "from": JO, "text": t}, wait("PT1M"))]


def peer(address: str, press: str) -> dict[str, str]:
    return {"channel": "telegram", "from": address, "press": press}


def typed(address: str, text: str) -> dict[str, str]:
    """An answer typed later, in another run (the harness presses only this run's buttons)."""
    return {"channel": "telegram", "from": address, "text": text}


def says(address: str, text: str) -> dict[str, str]:
    return {"channel": "telegram", "from": address, "text": text}


def wait(duration: str) -> dict[str, str]:
    return {"advance": duration}


LISTEN = jo(
    "hi",
    "I've got a housing appointment at the council and I'm dreading going on my own",
    "Eastfield Centre",  # the one question before someone to go with her is offered
)
REQUEST = jo(
    "yes please",
    "Eastfield council offices",
    "next Tuesday at 10",
    "I get panicky in queues",
    "Jo",
    "yes",
)


def to(out: list[dict[str, object]], address: str) -> list[str]:
    return [str(o["text"]) for o in out if o["to"] == address]


def request_visit(db: Path) -> list[dict[str, object]]:
    return run(db, LISTEN + REQUEST)


def visits(db: Path) -> list[sqlite3.Row]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute("SELECT * FROM visits ORDER BY id").fetchall()


def test_a_whole_accompaniment_from_the_offer_to_the_time_given(db: Path) -> None:
    # Ryan says yes first, then Kasia; Ryan goes and Kasia is thanked.
    out = run(db, [*LISTEN, *REQUEST, wait("PT3H"), peer(RYAN, "Accept"), peer(KASIA, "Accept")])
    assert "Would you like someone who's been through it to come with you?" in to(out, JO)
    confirm = next(t for t in to(out, JO) if t.startswith("Thanks. So that's"))
    assert '"Eastfield council offices", Tuesday 1 December at 10am' in confirm
    assert '"I get panicky in queues"' in confirm
    for asked in (RYAN, KASIA):
        request = to(out, asked)[0]
        assert "Jo would like someone who's been through it to come along" in request
        assert "Eastfield council offices, Tuesday 1 December at 10am" in request
        assert JO not in request
    assert not to(out, "5550101")  # Sam covers Northgate, not where Jo is

    going = to(out, JO)[-1]
    assert going.startswith("Good news: Ryan will go with you. Meet Ryan outside Eastfield")
    assert "Tuesday 1 December at 10am" in going
    assert to(out, RYAN)[1].startswith("Thank you, Ryan. You're going with Jo")
    assert to(out, KASIA)[1:] == [
        "Thank you. Someone else is going with Jo, so you're not needed this time.",
        "Thank you. That request isn't open any more.",
    ]

    # The day before, and two hours before: both are reminded. Then the visit.
    start = "2026-11-30T09:59:00Z"
    out = run(db, [wait("PT2M"), wait("PT21H"), wait("PT1H")], start=start)
    reminders = [o for o in out if "reminder" in str(o["text"])]
    assert [(o["after"], o["to"]) for o in reminders] == [(0, JO), (0, RYAN), (2, JO), (2, RYAN)]
    assert "Ryan is going with you to Eastfield council offices tomorrow at 10am" in str(
        reminders[0]["text"]
    )
    assert "today at 10am" in str(reminders[2]["text"])

    # Afterwards both are asked how it went; their words and Ryan's time are kept.
    out = run(
        db,
        [
            wait("PT4H"),
            says(RYAN, "It went well, she was brave"),
            says(RYAN, "about 2 and a half hours"),
            *jo("Really good, Ryan was lovely"),
        ],
        start="2026-12-01T09:00:00Z",
    )
    assert to(out, JO)[0] == "How did it go at Eastfield council offices?"
    assert to(out, RYAN)[0].startswith("How did it go with Jo at Eastfield council offices?")
    assert to(out, RYAN)[2] == (
        "Thank you, Ryan. I've noted 2 hours 30 minutes. "
        "That's 2 hours 30 minutes you've given neighbours so far."
    )
    assert to(out, JO)[-1] == "Thank you for telling me. I've kept that, in your words."
    (visit,) = visits(db)
    assert (visit["status"], visit["minutes"]) == ("done", 150)
    assert visit["resident_said"] == "Really good, Ryan was lovely"
    assert visit["peer_said"] == "It went well, she was brave"

    # Ryan's time is his: it stays, for thanks and recognition, when Jo is forgotten.
    run(db, [*jo("forget me", "yes")], start="2026-12-02T09:00:00Z")
    assert visits(db) == []
    with sqlite3.connect(db) as conn:
        given = conn.execute("SELECT peer_address, minutes, given_on FROM time_given").fetchall()
    assert given == [(RYAN, 150, "2026-12-01")]


def test_when_nobody_says_yes_the_worker_on_duty_is_told_and_jo_hears_honestly(
    db: Path,
) -> None:
    request_visit(db)
    out = run(db, [typed(RYAN, "Not this time"), typed(KASIA, "Not this time")])
    assert to(out, RYAN) == to(out, KASIA) == ["Thanks for letting me know."]
    (told,) = to(out, AMIRA)
    assert "no peer could" in told
    # She agreed to share her name and words with the peers asked, not with anyone else.
    assert "Jo" not in told
    assert "queues" not in told
    assert to(out, JO) == [
        "I'm sorry: nobody could say yes for Tuesday 1 December at 10am. I've let the team on "
        "duty know. Text PERSON if you'd like a local person to help you with it."
    ]
    assert visits(db)[0]["status"] == "unanswered"


def test_with_no_answer_in_time_the_request_lapses_and_late_answers_are_thanked(
    db: Path,
) -> None:
    request_visit(db)
    out = run(db, [wait("PT23H"), wait("PT2H"), typed(RYAN, "Accept")], start=START)
    assert [o["after"] for o in out if o["to"] == JO] == [1]
    assert "nobody could say yes" in to(out, JO)[0]
    assert to(out, RYAN) == ["Thank you. That request isn't open any more."]


def test_cancelling_tells_the_peer_at_once_and_stops_the_reminders(db: Path) -> None:
    request_visit(db)
    run(db, [typed(KASIA, "Accept")], start="2026-11-27T09:00:00Z")
    out = run(db, [*jo("can't go"), wait("P4D")], start="2026-11-28T09:00:00Z")
    assert to(out, JO) == [
        "OK, it's cancelled and I've told Kasia. If you'd like someone another time, just say."
    ]
    (told,) = to(out, KASIA)
    assert told.startswith("Jo has cancelled Eastfield council offices, Tuesday 1 December")
    assert visits(db)[0]["status"] == "cancelled"


def test_the_peer_cancelling_finds_a_replacement_for_jo(db: Path) -> None:
    request_visit(db)
    run(db, [typed(KASIA, "Accept")], start="2026-11-27T09:00:00Z")
    out = run(db, [says(KASIA, "can't make it"), typed(RYAN, "Accept")], start="2026-11-28T09:00Z")
    assert (
        to(out, KASIA)[0]
        == "Thanks for letting me know. I'll tell Jo and find someone else if I can."
    )
    assert to(out, JO)[:2] == [
        "Kasia can't make it now, I'm sorry.",
        "I'm asking others and will tell you who as soon as one says yes. "
        "Text CAN'T GO if you no longer need anyone.",
    ]
    assert to(out, JO)[2].startswith("Good news: Ryan will go with you.")
    assert len([t for t in to(out, KASIA) if "Could you go" in t]) == 0  # not asked again


def test_moving_it_asks_the_peer_again_for_the_new_time(db: Path) -> None:
    request_visit(db)
    run(db, [typed(RYAN, "Accept")], start="2026-11-27T09:00:00Z")
    out = run(
        db, [*jo("change", "when", "Thursday at half two", "yes")], start="2026-11-28T09:00:00Z"
    )
    assert to(out, JO)[0] == "What would you like to change: where, when, or the notes?"
    confirm = next(t for t in to(out, JO) if t.startswith("Thanks. So that's"))
    assert "Thursday 3 December at 2:30pm" in confirm
    moved = [t for t in to(out, RYAN) if "has moved" in t]
    assert moved == [
        "Jo's appointment has moved. It's now Eastfield council offices, Thursday 3 December "
        'at 2:30pm. They said: "I get panicky in queues". Can you still go?'
    ]
    out = run(db, [typed(RYAN, "Accept"), wait("P4D")], start="2026-11-28T10:00:00Z")
    assert "Thursday 3 December at 2:30pm" in to(out, JO)[0]
    # The old time's reminders said nothing; the new one's did.
    assert not [t for t in to(out, JO) if "1 December" in t]


def test_a_timer_that_fell_due_while_stopped_catches_up_but_a_late_reminder_is_not_sent(
    db: Path,
) -> None:
    request_visit(db)
    run(db, [typed(RYAN, "Accept")], start="2026-11-27T09:00:00Z")
    # The process is stopped from Friday until Tuesday afternoon, after the visit.
    run(db, [*jo("hello again")], start="2026-12-01T15:00:00Z")
    with sqlite3.connect(db) as conn:
        sent = [r[0] for r in conn.execute("SELECT text FROM outbox WHERE address = ?", (JO,))]
    assert "How did it go at Eastfield council offices?" in sent
    assert not [t for t in sent if "reminder" in t]


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("next Tuesday at 10", "Tuesday 1 December at 10am"),
        ("the 3rd at half two", "Thursday 3 December at 2:30pm"),
        ("tomorrow at 2pm", "tomorrow at 2pm"),
        ("Friday 4th December, 11am", "Friday 4 December at 11am"),
        ("4/12 at 9.30am", "Friday 4 December at 9:30am"),
        ("monday at quarter past 3", "Monday 30 November at 3:15pm"),
    ],
)
def test_everyday_dates_are_read_back_to_confirm(db: Path, said: str, expected: str) -> None:
    out = run(db, LISTEN + jo("yes please", "the GP", said, "skip", "Jo"))
    assert to(out, JO)[-1].startswith(f"Thanks. So that's \"the GP\", {expected}, and they'd ask")


@pytest.mark.parametrize(
    ("said", "question"),
    [
        ("Tuesday at 7", "Is that 7 in the morning, or 7 in the evening?"),
        ("yesterday at 10", "That time seems to have gone by already."),
        ("at 10", "Which day is it?"),
        ("Saturday", "What time on Saturday 28 November?"),
        ("whenever they give me", "Sorry, I didn't follow the day or time."),
    ],
)
def test_unclear_or_past_dates_get_a_question_back_not_a_guess(
    db: Path, said: str, question: str
) -> None:
    out = run(db, LISTEN + jo("yes please", "the GP", said))
    assert to(out, JO)[-1].startswith(question)


def test_after_stop_the_resident_hears_nothing_but_the_peer_is_still_reminded(db: Path) -> None:
    request_visit(db)
    run(db, [typed(RYAN, "Accept"), *jo("STOP")], start="2026-11-27T09:00:00Z")
    out = run(db, [wait("PT2M")], start="2026-11-30T09:59:00Z")
    assert to(out, JO) == []
    assert to(out, RYAN)[0].startswith("A reminder: you're going with Jo")


def test_the_worker_told_nobody_could_go_can_pick_it_up_and_text_jo(db: Path) -> None:
    request_visit(db)
    run(db, [typed(RYAN, "Not this time"), typed(KASIA, "Not this time")])
    out = run(db, [typed(AMIRA, "I'll take this"), wait("PT1M")])
    assert to(out, JO)[0].startswith("Amira from the Community Hub has picked this up")
    out = run(db, [says(AMIRA, "Hi, it's Amira. I could come with you on Tuesday.")])
    assert to(out, JO) == ["Amira: Hi, it's Amira. I could come with you on Tuesday."]
    with sqlite3.connect(db) as conn:
        [card] = conn.execute("SELECT card FROM handoffs").fetchall()
    # Nothing of hers but when it is: she agreed to share her name and words with peers only.
    assert card == (
        '{"want": "someone to go with them to an appointment, Tuesday 1 December at 10am"}',
    )
