"""Talking to the bot in a terminal with the installed ``whatcanwedo chat`` command."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from bot.settings import Settings
from tests.harness import AFTER_YES, WITH_BUTTONS


def chat(tmp_path: Path, lines: str, **settings: str) -> str:
    command = [str(Path(sys.executable).parent / "whatcanwedo"), "chat", "--as", "+447700900123"]
    env = {**os.environ, "WCWD_DB": str(tmp_path / "chat.db"), **settings}
    result = subprocess.run(
        command,
        input=lines,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_person_can_talk_to_the_bot_in_a_terminal(tmp_path: Path) -> None:
    out = chat(tmp_path, f"hello\n{WITH_BUTTONS}\n1\n")
    assert "bot> Hi, this is the Eastfield neighbours line." in out
    assert f'bot> You said: "{WITH_BUTTONS}".' in out
    assert "     1. Yes" in out
    assert out.rstrip().endswith(f"bot> {AFTER_YES}")


def test_the_terminal_conversation_is_remembered_next_time(tmp_path: Path) -> None:
    chat(tmp_path, "hi\nthings are hard\n")  # asked what matters most; answered next time
    assert "bot> Thank you. Which part of Eastfield are you in?" in chat(tmp_path, "my kids\n")


def asked(db: Path) -> set[str]:
    """The channels of the people a card was sent to."""
    with contextlib.closing(sqlite3.connect(db)) as conn:
        rows = conn.execute("SELECT DISTINCT helper_channel FROM links").fetchall()
    return {str(row[0]) for row in rows}


PERSON = "hi\nthe council keep losing my forms\nPERSON\nJo\nyes\n"


def test_chat_beside_the_sandbox_asks_the_roster_on_its_stand_in_phones(sample: Settings) -> None:
    out = chat(sample.db.parent, PERSON, WCWD_DB=str(sample.db), WCWD_SANDBOX="on")
    assert "I've sent that to" in out
    assert asked(sample.db) == {"sms", "telegram"}  # picked up on the sandbox page


def test_chat_with_no_channel_on_asks_nobody_who_could_never_read_it(sample: Settings) -> None:
    out = chat(sample.db.parent, PERSON, WCWD_DB=str(sample.db), WCWD_SANDBOX="off")
    assert "there's nobody I can ask right now" in out  # honest, not a card that waits
    assert asked(sample.db) == set()
