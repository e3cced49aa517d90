"""The danger reader's data files: a broken one stops start-up, naming the file and entry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from flows.safety import PATTERNS, detect_danger
from flows.safety.tables import PATTERNS_FILE, WEIGHTS_FILE, TableError, read_patterns
from tests.flows_copy import copy_flows, import_refused

# One stem's weights as the trained file has them today (retraining changes the numbers).
_WEIGHTS = WEIGHTS_FILE.read_text("utf-8")
STEM = re.search(r'"([a-z]+)": \[[-0-9., ]+\]', _WEIGHTS[_WEIGHTS.index('"weights"') :])
assert STEM is not None


def start_with(tmp_path: Path, file: str, old: str | None, new: str = "") -> str:
    """Import the danger reader from a copy whose ``file`` has ``old`` replaced (None:
    the file removed); what it said on stderr, once it refused to start."""
    copy = copy_flows(tmp_path, "safety")
    edited = copy / "safety" / file
    if old is None:
        edited.unlink()
    else:
        text = edited.read_text("utf-8")
        assert text.count(old) == 1
        edited.write_text(text.replace(old, new), "utf-8")
    return import_refused(tmp_path, "flows.safety")


@pytest.mark.parametrize(
    ("file", "old", "new", "said"),
    [
        (
            "patterns.toml",
            "'(?:with|has|had|got|",
            "'((?:with|has|had|got|",
            "patterns.toml [patterns.immediate.weapon]: not a regex we can read",
        ),
        (
            "patterns.toml",
            "'{WHO} (?:is |s |are |re )?",
            "'{WHOM} (?:is |s |are |re )?",
            "patterns.toml [patterns.immediate.smashing_up]: no block {WHOM} above it",
        ),
        (
            "patterns.toml",
            "[patterns.child_at_risk]",
            "[patterns.child_in_danger]",
            "patterns.toml [patterns.child_in_danger]: not a kind of danger",
        ),
        (
            "patterns.toml",
            "done.weight = 2",
            'done.weight = "2"',
            "patterns.toml [concepts.self_harm.done.weight]: expected a whole number",
        ),
        ("patterns.toml", "GAP2 = '", "GAP2 = ", "patterns.toml: not valid TOML"),
        (
            "weights.json",
            STEM.group(0),
            f'"{STEM.group(1)}": [0.0, 0.4]',
            f"weights.json [weights.{STEM.group(1)}]: expected 4 numbers, one per kind",
        ),
        ("weights.json", '"kinds"', '"kind"', "weights.json [kinds]: missing"),
        ("weights.json", None, "", "weights.json: missing: it ships with the package"),
    ],
)
def test_a_broken_data_file_stops_start_up_saying_where(
    tmp_path: Path, file: str, old: str | None, new: str, said: str
) -> None:
    last = start_with(tmp_path, file, old, new)
    assert last.startswith("flows.safety.tables.TableError: ")
    assert said in last


def test_a_syntax_error_says_which_line(tmp_path: Path) -> None:
    last = start_with(tmp_path, "patterns.toml", "GAP3 = '", "GAP3 = ")
    line = 1 + next(
        n for n, text in enumerate(PATTERNS_FILE.read_text("utf-8").splitlines()) if "GAP3" in text
    )
    assert f"line {line}" in last


def test_a_missing_file_is_named_in_full(tmp_path: Path) -> None:
    with pytest.raises(TableError, match="missing") as raised:
        read_patterns(tmp_path / "patterns.toml")
    assert str(tmp_path / "patterns.toml") in str(raised.value)


def test_the_shipped_files_are_what_the_reader_reads() -> None:
    # Every kind of danger has named patterns, most urgent first, and they read messages.
    assert list(PATTERNS) == ["immediate", "child_at_risk", "harm_from_others", "self_harm"]
    assert WEIGHTS_FILE.exists()
    signal = detect_danger("he has a knife")
    assert signal is not None
    assert signal.cue == "weapon"
