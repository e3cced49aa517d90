"""``whatcanwedo import``: local groups from an Open Referral directory, the roster, the sample."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TextIO, TypeVar

import aiosqlite

from bot.settings import Settings
from store import directory, migrations
from store.connection import connect
from store.directory import ImportSummary
from store.hsds import Skipped, read_path

BAR = 30
# Fewer groups than this import in a blink: no bar.
BAR_FROM = 1_000


class ProgressBar:
    """A one-line progress bar on a terminal (stderr), for imports that take a while."""

    def __init__(self, label: str, out: TextIO = sys.stderr) -> None:
        self._label = label
        self._out = out

    def __call__(self, done: int, total: int) -> None:
        filled = BAR * done // max(total, 1)
        self._out.write(f"\r{self._label} [{'#' * filled}{'.' * (BAR - filled)}] {done}/{total}")
        if done >= total:
            self._out.write("\n")
        self._out.flush()


def report(what: str, summary: ImportSummary, out: TextIO) -> None:
    """The summary line, then one line for each record skipped, with why."""
    out.write(f"{what}: {summary.line()}\n")
    for skipped in summary.skipped:
        out.write(f"  skipped {skipped}\n")


def import_hsds(settings: Settings, path: Path, out: TextIO) -> int:
    """Import or update the groups in an HSDS file or folder; exit code 2 if none could be read."""
    if not path.exists():
        out.write(f"no such file or folder: {path}\n")
        return 2
    records = read_path(path)
    groups = sum(1 for r in records if not isinstance(r, Skipped))
    progress = ProgressBar("importing groups") if groups >= BAR_FROM else None
    summary = asyncio.run(
        _with_store(settings, lambda c: directory.import_groups(c, records, progress))
    )
    report(f"groups from {path.name}", summary, out)
    return 0 if summary.imported or summary.updated or not summary.skipped else 2


def import_people(settings: Settings, path: Path, out: TextIO) -> int:
    """Import or update the people on a roster file."""
    if not path.exists():
        out.write(f"no such file: {path}\n")
        return 2
    summary = asyncio.run(_with_store(settings, lambda c: directory.import_people(c, path)))
    report(f"people from {path.name}", summary, out)
    return 0 if summary.imported or summary.updated or not summary.skipped else 2


def import_sample(settings: Settings, out: TextIO) -> int:
    """Load the fictional Eastfield directory and roster, only into a store with no groups."""
    summary = asyncio.run(_with_store(settings, directory.load_sample))
    if summary is None:
        out.write("the directory already has groups: sample not loaded\n")
    else:
        report("sample directory and roster", summary, out)
    return 0


T = TypeVar("T")


async def _with_store(
    settings: Settings, work: Callable[[aiosqlite.Connection], Awaitable[T]]
) -> T:
    """Run ``work`` on a migrated connection of its own (a running server may share the file)."""
    conn = await connect(settings.db)
    try:
        await migrations.apply(conn)
        return await work(conn)
    finally:
        await conn.close()
