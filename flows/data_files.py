"""Reading the flows' data files once at start-up, and refusing a missing or malformed one
with the file and the entry named (each reader raises its own subclass of the error)."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from importlib.resources.abc import Traversable
from typing import Any


class DataFileError(ValueError):
    """A data file is missing or malformed: which file, which entry, why."""

    def __init__(self, file: Traversable, entry: str, problem: str) -> None:
        super().__init__(f"{file}{f' [{entry}]' if entry else ''}: {problem}")


def read_text(file: Traversable, error: type[DataFileError]) -> str:
    """The text of ``file``, or ``error`` saying why not."""
    try:
        return file.read_text("utf-8")
    except FileNotFoundError as missing:
        raise error(file, "", "missing: it ships with the package") from missing
    except (OSError, UnicodeDecodeError) as unreadable:
        raise error(file, "", f"cannot be read ({unreadable})") from unreadable


def read_toml(file: Traversable, error: type[DataFileError]) -> dict[str, Any]:
    """``file`` parsed as TOML, or ``error`` saying why not."""
    try:
        return tomllib.loads(read_text(file, error))
    except tomllib.TOMLDecodeError as malformed:
        raise error(file, "", f"not valid TOML: {malformed}") from malformed


def exactly(
    file: Traversable,
    entry: str,
    data: dict[str, Any],
    names: Sequence[str],
    error: type[DataFileError],
) -> dict[str, Any]:
    """``data`` (the entry ``entry``, or the whole file), once it holds exactly ``names``."""
    where = f"{entry}." if entry else ""
    if missing := [name for name in names if name not in data]:
        raise error(file, where + missing[0], "missing")
    if extra := [name for name in data if name not in names]:
        raise error(file, where + extra[0], f"not read (only {', '.join(names)})")
    return data
