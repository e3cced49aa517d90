"""Talking to the bot in a terminal with the installed ``whatcanwedo chat`` command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def chat(tmp_path: Path, lines: str) -> str:
    command = [str(Path(sys.executable).parent / "whatcanwedo"), "chat", "--as", "+447700900123"]
    env = {**os.environ, "WCWD_DB": str(tmp_path / "chat.db")}
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
    out = chat(tmp_path, "hello\nthe bailiffs came today\n1\n")
    assert "bot> Hi, this is the Eastfield neighbours line." in out
    assert 'bot> Thank you. You said: "the bailiffs came today".' in out
    assert "     1. That's right" in out
    assert out.rstrip().endswith("bot> Thanks. What matters most to you right now?")


def test_the_terminal_conversation_is_remembered_next_time(tmp_path: Path) -> None:
    chat(tmp_path, "hi\nlonely\n")
    assert "bot> Thanks. What matters most to you right now?" in chat(tmp_path, "yes\n")
