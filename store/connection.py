"""Opening SQLite connections the one safe way: WAL, autocommit, explicit transactions."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from pathlib import Path
from typing import Literal

import aiosqlite

BUSY_TIMEOUT_MS = 10_000
Synchronous = Literal["NORMAL", "FULL"]
SYNCHRONOUS: dict[str, str] = {"NORMAL": "NORMAL", "FULL": "FULL"}  # never text from outside

# aiosqlite logs every statement with its parameters at DEBUG: numbers and words in clear.
# Whatever level a deployment logs at, that must never reach a log.
logging.getLogger("aiosqlite").setLevel(logging.WARNING)


async def connect(
    path: str | Path, *, readonly: bool = False, synchronous: Synchronous = "NORMAL"
) -> aiosqlite.Connection:
    """Open ``path`` in autocommit mode with WAL and the pragmas every connection needs.

    Callers start transactions themselves with ``BEGIN IMMEDIATE`` (a deferred BEGIN can
    fail with "database is locked" in spite of the busy timeout). With WAL, ``synchronous``
    NORMAL survives the process being killed but may lose the last commits to a power cut;
    FULL survives that too, at a cost per commit.
    """
    conn = await aiosqlite.connect(str(path), isolation_level=None)
    conn.row_factory = sqlite3.Row
    await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if not readonly:
        await _wal(conn)
    await conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS[synchronous]}")
    await conn.execute("PRAGMA foreign_keys = ON")
    # Deleted rows are overwritten, not left in free pages: FORGET ME must leave no trace.
    await conn.execute("PRAGMA secure_delete = ON")
    if readonly:
        await conn.execute("PRAGMA query_only = ON")
    return conn


async def _wal(conn: aiosqlite.Connection) -> None:
    """Turn WAL on, waiting as the busy timeout would: switching a new file's journal mode
    can report "database is locked" at once, without waiting, when several processes open
    it together."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    delay = 0.005
    while True:
        try:
            await conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() >= deadline:
                raise
        await asyncio.sleep(delay)
        delay = min(delay * 2, 0.2)
