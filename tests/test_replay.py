"""The replay contract: a JSONL script in, every message sent out as one JSON line."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

SMS = "+447700900001"
TG = "5550001"


def run(
    tmp_path: Path, lines: list[object], db: Path | None = None
) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "script.jsonl"
    script.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n"
    )
    env = {**os.environ, "WCWD_DB": str(tmp_path / "env-default.db")}
    command = [sys.executable, "-m", "bot.cli", "replay", str(script)]
    if db is not None:
        command += ["--db", str(db)]
    return subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=60, check=False, cwd=tmp_path
    )


def outputs(result: subprocess.CompletedProcess[str]) -> list[dict[str, object]]:
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def say(text: str, channel: str = "sms", sender: str = SMS) -> dict[str, str]:
    return {"channel": channel, "from": sender, "text": text}


def test_a_whole_first_contact_prints_each_message_with_the_line_that_caused_it(
    tmp_path: Path,
) -> None:
    out = outputs(
        run(
            tmp_path,
            [
                say("hello"),
                say("hi", "telegram", TG),
                say("my rent is behind"),
                {"channel": "telegram", "from": TG, "text": "lonely since I moved"},
                {"channel": "telegram", "from": TG, "text": "Northgate"},
                say("Millbrook"),
            ],
            db=tmp_path / "r.db",
        )
    )
    assert [(o["after"], o["channel"], o["to"]) for o in out] == [
        (0, "sms", SMS),
        (1, "telegram", TG),
        (2, "sms", SMS),
        (3, "telegram", TG),
        (4, "telegram", TG),
        (5, "sms", SMS),
    ]
    assert out[0]["text"] == (
        "Hi, this is the Eastfield neighbours line. I'm a bot; a real local person is one "
        "message away: just say PERSON. What can we do for you?"
    )
    assert out[3]["text"] == (
        'You said: "lonely since I moved". Which part of Eastfield are you in? A neighbourhood'
        " or postcode is plenty."
    )
    # An empty directory: nothing fits, said honestly, to each.
    assert out[4]["text"] == out[5]["text"]
    assert str(out[4]["text"]).startswith("I'm sorry, I couldn't find")
    assert all(set(o) == {"after", "channel", "to", "text", "buttons"} for o in out)
    assert not (tmp_path / "env-default.db").exists()  # --db was used, not WCWD_DB


def test_advancing_the_clock_makes_a_returning_person(tmp_path: Path) -> None:
    out = outputs(
        run(
            tmp_path,
            [
                say("hi"),
                say("the damp in the flat"),
                {"advance": "P2DT3H"},
                say("hello again"),
            ],
        )
    )
    assert out[-1] == {
        "after": 3,
        "channel": "sms",
        "to": SMS,
        "buttons": [],
        "text": 'Welcome back. Last time you told me: "the damp in the flat". How are things now?',
    }
    assert (tmp_path / "env-default.db").exists()


def test_stop_then_silence_then_start_resumes(tmp_path: Path) -> None:
    out = outputs(
        run(
            tmp_path,
            [
                say("hi", "telegram", TG),
                say("STOP", "telegram", TG),
                say("hello?", "telegram", TG),
                say("START", "telegram", TG),
            ],
        )
    )
    assert [o["after"] for o in out] == [0, 1, 3]
    assert out[2]["text"] == "Welcome back. What can we do for you?"


def test_the_database_keeps_the_conversation_between_runs(tmp_path: Path) -> None:
    db = tmp_path / "kept.db"
    outputs(run(tmp_path, [say("hi"), say("things are hard")], db=db))
    out = outputs(run(tmp_path, [say("keeping the flat")], db=db))
    assert out[0]["text"] == (
        "Thank you. Which part of Eastfield are you in? A neighbourhood or postcode is plenty."
    )


@pytest.mark.parametrize(
    ("bad", "problem"),
    [
        ("{not json", "line 2: not valid JSON"),
        ("[1, 2]", "line 2: expected a JSON object"),
        ({"channel": "fax", "from": SMS, "text": "hi"}, "line 2: channel"),
        ({"channel": "sms", "from": "07700 900001", "text": "hi"}, "not a valid sms address"),
        ({"channel": "telegram", "from": "alice", "text": "hi"}, "not a valid telegram address"),
        ({"channel": "sms", "from": SMS}, "line 2: text: Field required"),
        ({"channel": "sms", "from": SMS, "text": 7}, "line 2: text"),
        ({"advance": "two hours"}, "line 2: advance"),
        ({"advance": "-PT1H"}, "line 2: advance"),
        ({"channel": "sms", "from": SMS, "text": "hi", "extra": 1}, "line 2: extra"),
    ],
)
def test_a_malformed_line_stops_with_exit_2_naming_the_line_and_changes_nothing(
    tmp_path: Path, bad: object, problem: str
) -> None:
    db = tmp_path / "bad.db"
    result = run(tmp_path, [say("hello"), bad, say("never sent")], db=db)
    assert result.returncode == 2
    assert problem in result.stderr
    assert result.stdout == ""
    assert not db.exists() or sqlite3.connect(db).execute(
        "SELECT count(*) FROM inbound"
    ).fetchone() == (0,)


def test_pressing_a_button_that_is_not_there_is_an_error_naming_the_line(tmp_path: Path) -> None:
    result = run(
        tmp_path, [say("hi", "telegram", TG), {"channel": "telegram", "from": TG, "press": "Yes"}]
    )
    assert result.returncode == 2
    assert "line 2: no button 'Yes'" in result.stderr
    assert json.loads(result.stdout.splitlines()[0])["after"] == 0


def test_blank_lines_are_skipped_but_still_counted(tmp_path: Path) -> None:
    out = outputs(run(tmp_path, ["", say("hi")]))
    assert out[0]["after"] == 1
