"""Logs never hold a phone number, a chat id or a message's words, even at DEBUG."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

NUMBER = "+447700900616"
CHAT = "5550616"
WORDS = "tangerine submarine fortnight"


def test_a_whole_conversation_logs_only_keyed_hashes(tmp_path: Path) -> None:
    lines = [
        {"channel": "sms", "from": NUMBER, "text": "hello"},
        {"channel": "sms", "from": NUMBER, "text": f"it's about the {WORDS}"},
        {"channel": "telegram", "from": CHAT, "text": f"hi, {WORDS} again"},
        {"channel": "sms", "from": NUMBER, "text": "PERSON"},
        {"channel": "sms", "from": NUMBER, "text": "STOP"},
        {"channel": "sms", "from": NUMBER, "text": f"still {WORDS}"},
    ]
    script = tmp_path / "s.jsonl"
    script.write_text("\n".join(json.dumps(line) for line in lines))
    env = {**os.environ, "WCWD_DB": str(tmp_path / "l.db"), "WCWD_LOG_LEVEL": "DEBUG"}
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "replay", str(script)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    log = result.stderr
    tags = re.findall(r"\bsms:[0-9a-f]{12}\b", log)
    assert len(tags) >= 5
    assert len(set(tags)) == 1
    for secret in (NUMBER, NUMBER[1:], NUMBER[-10:], CHAT, WORDS, "tangerine"):
        assert secret not in log
