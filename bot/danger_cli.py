"""``whatcanwedo danger``: how the reader reads a phrase, one JSON line per phrase.

Each phrase goes through the same path as a resident's typed message in the engine: the
encoder's reading (``bot.danger_reader``), then the patterns with it (``flows.safety``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TextIO

from bot.danger_reader import DangerReader, embedder, reader
from flows.safety.combine import combine

EXIT_USAGE = 2


class BadLine(ValueError):
    """A line on standard input that is not a JSON object with a "text" string."""


def texts_from(lines: Iterable[str]) -> Iterator[str]:
    """The "text" of each JSON line (blank lines skipped)."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            raise BadLine(f"line {number} is not JSON ({error.msg})") from error
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise BadLine(f'line {number} has no "text" string: give {{"text": "..."}}')
        yield item["text"]


def reading(shipped: DangerReader, text: str) -> dict[str, str | None]:
    """What the reader makes of ``text``, as printed."""
    signal = combine(text, shipped.read(text))
    return {
        "text": text,
        "tier": signal.tier.value if signal else None,
        "kind": signal.kind.value if signal else None,
    }


def run(texts: Iterable[str], out: TextIO, err: TextIO) -> int:
    """Print one JSON line per text; a bad input line stops with a usage error."""
    shipped = reader()
    try:
        for text in texts:
            out.write(json.dumps(reading(shipped, text), ensure_ascii=False) + "\n")
            out.flush()
    except BadLine as error:
        err.write(f"whatcanwedo danger: {error}\n")
        return EXIT_USAGE
    return 0


def prepare(out: TextIO) -> int:
    """Check the model's files and build its static table now, not on first use."""
    table = embedder().table
    out.write(f"model checked; static table of {len(table)} tokens ready\n")
    return 0
