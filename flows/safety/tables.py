"""The danger reader's tables, read once from the data files shipped beside this module.

``patterns.toml`` holds what a message is read for: named patterns, everyday phrases and
weighted concepts. ``weights.json`` holds the word reading's weights, written by
``bench/safety.py --train`` and never by hand. A file that is missing or malformed stops
the import with a TableError that names the file and the entry.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from flows.data_files import DataFileError, exactly, read_text, read_toml
from flows.safety.kinds import DangerKind

HERE = Path(__file__).parent
PATTERNS_FILE = HERE / "patterns.toml"
WEIGHTS_FILE = HERE / "weights.json"
WRITTEN_BY = "bench/safety.py --train, from the tuned lines; not edited by hand"
_SECTIONS = ("blocks", "patterns", "everyday", "concepts")
_BLOCK = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
# Names become regex group names and stems are normalised words.
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_STEM = re.compile(r"[a-z0-9]+")
_T = TypeVar("_T")


class TableError(DataFileError):
    """A data file of the danger reader is missing or malformed: which file, which entry."""


@dataclass(frozen=True)
class Tables:
    """What a message is read for, each regex written out in full, in the file's order."""

    file: Path
    blocks: dict[str, str]
    patterns: dict[DangerKind, dict[str, str]]
    everyday: dict[str, str]
    concepts: dict[DangerKind, dict[str, tuple[int, str]]]

    def entries(self) -> Iterator[tuple[str, str]]:
        """Every regex with the name of its entry, as the file spells it."""
        yield from ((f"blocks.{name}", regex) for name, regex in self.blocks.items())
        for kind, table in self.patterns.items():
            yield from ((f"patterns.{kind}.{name}", regex) for name, regex in table.items())
        yield from ((f"everyday.{name}", regex) for name, regex in self.everyday.items())
        for kind, cues in self.concepts.items():
            yield from ((f"concepts.{kind}.{name}", cue) for name, (_, cue) in cues.items())

    def checked(self, build: Callable[[], _T], check: Callable[[str], object]) -> _T:
        """``build()``; if a regex breaks it, a TableError naming the first entry ``check``
        refuses. Each entry is checked only then, as compiling each costs time at start-up."""
        try:
            return build()
        except ValueError:  # re.error is one
            for entry, regex in self.entries():
                try:
                    check(regex)
                except ValueError as bad:
                    raise TableError(self.file, entry, f"not a regex we can read: {bad}") from bad
            raise


@dataclass(frozen=True)
class Weights:
    """The word reading's weights: a bias per kind, and per stem one weight per kind."""

    bias: dict[DangerKind, float]
    weights: dict[str, tuple[float, ...]]


def read_patterns(file: Path = PATTERNS_FILE) -> Tables:
    """The tables in ``file``, with every "{BLOCK}" written out."""
    data = _sections(file, "", read_toml(file, TableError), _SECTIONS)
    blocks: dict[str, str] = {}
    for name, value in _table(file, "blocks", data["blocks"]).items():
        blocks[name] = _regex(file, f"blocks.{name}", value, blocks)
    patterns = _by_kind(file, "patterns", data["patterns"], _regex, blocks)
    everyday = {
        _name(file, f"everyday.{name}"): _regex(file, f"everyday.{name}", value, blocks)
        for name, value in _table(file, "everyday", data["everyday"]).items()
    }
    concepts = _by_kind(file, "concepts", data["concepts"], _concept, blocks)
    return Tables(file, blocks, patterns, everyday, concepts)


def _by_kind(
    file: Path,
    section: str,
    value: object,
    read: Callable[[Path, str, object, Mapping[str, str]], _T],
    blocks: Mapping[str, str],
) -> dict[DangerKind, dict[str, _T]]:
    """A section of named entries under each kind of danger, each read by ``read``."""
    return {
        _kind(file, f"{section}.{kind}", kind): {
            _name(file, f"{section}.{kind}.{name}"): read(
                file, f"{section}.{kind}.{name}", entry, blocks
            )
            for name, entry in _table(file, f"{section}.{kind}", table).items()
        }
        for kind, table in _table(file, section, value).items()
    }


def _sections(file: Path, entry: str, data: dict[str, Any], names: Sequence[str]) -> dict[str, Any]:
    return exactly(file, entry, data, names, TableError)


def _table(file: Path, entry: str, value: object) -> dict[str, Any]:
    """``value``, which must be a table."""
    if not isinstance(value, dict):
        raise TableError(file, entry, "expected a table of named entries")
    return value


def _kind(file: Path, entry: str, key: str) -> DangerKind:
    """``key`` as a kind of danger."""
    try:
        return DangerKind(key)
    except ValueError:
        kinds = ", ".join(DangerKind)
        raise TableError(file, entry, f"not a kind of danger (one of {kinds})") from None


def _name(file: Path, entry: str) -> str:
    """The last part of ``entry``, which names a pattern or concept."""
    name = entry.rpartition(".")[2]
    if not _NAME.fullmatch(name):
        raise TableError(file, entry, "a name is lower-case letters, digits and _")
    return name


def _regex(file: Path, entry: str, value: object, blocks: Mapping[str, str]) -> str:
    """``value`` (a string, or a list of parts to join) with its blocks written out."""
    if isinstance(value, list) and value and all(isinstance(part, str) for part in value):
        value = "".join(value)
    if not isinstance(value, str) or not value:
        raise TableError(file, entry, "expected a regex: a string, or a list of strings")

    def block(found: re.Match[str]) -> str:
        if found.group(1) not in blocks:
            raise TableError(file, entry, f"no block {found.group(0)} above it in [blocks]")
        return blocks[found.group(1)]

    return _BLOCK.sub(block, value)


def _concept(file: Path, entry: str, value: object, blocks: Mapping[str, str]) -> tuple[int, str]:
    """A concept's weight and cue regex."""
    table = _sections(file, entry, _table(file, entry, value), ("weight", "cue"))
    weight = table["weight"]
    if not isinstance(weight, int) or isinstance(weight, bool):
        raise TableError(file, f"{entry}.weight", "expected a whole number")
    return weight, _regex(file, f"{entry}.cue", table["cue"], blocks)


def read_weights(file: Path = WEIGHTS_FILE) -> Weights:
    """The word weights in ``file``: columns in the order of DangerKind."""
    try:
        data = json.loads(read_text(file, TableError))
    except json.JSONDecodeError as error:
        raise TableError(file, "", f"not valid JSON: {error}") from error
    data = _sections(file, "", _table(file, "", data), ("written_by", "kinds", "bias", "weights"))
    kinds = [kind.value for kind in DangerKind]
    if data["kinds"] != kinds:
        raise TableError(file, "kinds", f"expected {kinds}, the columns of every weight")
    bias = _table(file, "bias", data["bias"])
    _sections(file, "bias", bias, kinds)
    weights = {
        stem: _numbers(file, f"weights.{stem}", ws, len(kinds))
        for stem, ws in _table(file, "weights", data["weights"]).items()
    }
    if bad := [stem for stem in weights if not _STEM.fullmatch(stem)]:
        raise TableError(file, f"weights.{bad[0]}", "a stem is lower-case letters and digits")
    numbers = _numbers(file, "bias", [bias[kind] for kind in kinds], len(kinds))
    return Weights(dict(zip(DangerKind, numbers, strict=True)), weights)


def _numbers(file: Path, entry: str, value: object, size: int) -> tuple[float, ...]:
    """``value`` as ``size`` floats."""
    if (
        not isinstance(value, list)
        or len(value) != size
        or not all(isinstance(n, int | float) and not isinstance(n, bool) for n in value)
    ):
        raise TableError(file, entry, f"expected {size} numbers, one per kind")
    return tuple(float(n) for n in value)


def weights_text(bias: Mapping[DangerKind, float], weights: Mapping[str, Sequence[float]]) -> str:
    """The weights as ``weights.json`` holds them: one stem a line, in order, so that a
    retrained file differs from the last one only where a weight did."""
    rows = [
        f"    {json.dumps(s)}: {json.dumps([float(w) for w in weights[s]])}"
        for s in sorted(weights)
    ]
    head = {
        "written_by": WRITTEN_BY,
        "kinds": [kind.value for kind in DangerKind],
        "bias": {kind.value: float(bias[kind]) for kind in DangerKind},
    }
    lines = [f"  {json.dumps(key)}: {json.dumps(value)}," for key, value in head.items()]
    return "\n".join(["{", *lines, '  "weights": {', ",\n".join(rows), "  }", "}", ""])


# Read once, at start-up.
TABLES = read_patterns()
WEIGHTS = read_weights()
