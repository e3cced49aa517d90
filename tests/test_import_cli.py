"""The import commands as a deployer runs them: summaries, reasons, and a progress bar."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path


def whatcanwedo(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WCWD_DB": str(tmp_path / "i.db")}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_a_large_import_shows_progress_and_a_summary_and_reimport_updates(tmp_path: Path) -> None:
    services = [
        {
            "id": str(uuid.uuid4()),
            "name": f"Group {n}",
            "description": "a lunch club",
            "status": "active",
        }
        for n in range(1_200)
    ]
    services.append({"id": "no-name-here", "description": "missing its name"})
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"contents": services}))
    first = whatcanwedo(tmp_path, "import", "hsds", str(big))
    assert first.returncode == 0, first.stderr
    assert "1200 imported, 0 updated, 1 skipped" in first.stdout
    assert "no-name-here" in first.stdout or "contents[1200]" in first.stdout
    assert "1200/1200" in first.stderr
    assert "#" in first.stderr
    again = whatcanwedo(tmp_path, "import", "hsds", str(big))
    assert "0 imported, 1200 updated, 1 skipped" in again.stdout


def test_importing_a_missing_file_says_so_and_fails(tmp_path: Path) -> None:
    result = whatcanwedo(tmp_path, "import", "people", str(tmp_path / "nope.json"))
    assert result.returncode == 2
    assert "no such file" in result.stdout


def test_the_sample_loads_once(tmp_path: Path) -> None:
    assert "imported" in whatcanwedo(tmp_path, "import", "sample").stdout
    assert "sample not loaded" in whatcanwedo(tmp_path, "import", "sample").stdout
