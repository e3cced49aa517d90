"""Versioned schema migrations: numbered SQL files applied in order at start-up.

The database's ``PRAGMA user_version`` holds the number of the last file applied, so a
database made by an older version upgrades in place and an up-to-date one is left alone.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from importlib import resources
from itertools import pairwise

import aiosqlite

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    """One numbered SQL file."""

    version: int
    name: str
    sql: str


class MigrationError(RuntimeError):
    """The database is newer than this code, or a migration file is malformed."""


def available() -> list[Migration]:
    """All migration files shipped with the package, in order; each number used once.

    A number may be skipped: work done side by side reserves its numbers in advance, and a
    file taken in before another's is not a missing one.
    """
    found = []
    for entry in resources.files("store.schema").iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    for before, migration in pairwise(found):
        if migration.version == before.version:
            raise MigrationError(f"migrations {before.name} and {migration.name} share a number")
    return found


async def current_version(conn: aiosqlite.Connection) -> int:
    """The schema version the database is at (0 for a new file)."""
    async with conn.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


async def apply(conn: aiosqlite.Connection, target: int | None = None) -> list[str]:
    """Bring the schema up to ``target`` (default: newest); returns the names applied.

    Each file runs in its own transaction with the version bump, so a failure leaves the
    database at the last good version. The version is read again inside that transaction,
    so two processes starting together apply each file once. ``conn`` must be in
    autocommit mode.
    """
    migrations = available()
    newest = migrations[-1].version if migrations else 0
    target = newest if target is None else target
    version = await current_version(conn)
    if version > newest:
        raise MigrationError(
            f"the database is at schema version {version}, newer than this code ({newest})"
        )
    applied = []
    for migration in migrations:
        if version < migration.version <= target and await _apply_one(conn, migration):
            applied.append(migration.name)
    return applied


async def _apply_one(conn: aiosqlite.Connection, migration: Migration) -> bool:
    """Apply one file unless another process did first; True when this call applied it."""
    await conn.execute("BEGIN IMMEDIATE")
    try:
        if await current_version(conn) >= migration.version:
            await conn.execute("ROLLBACK")
            return False
        # executescript would commit first, outside our lock: run statement by statement.
        for statement in statements(migration.sql):
            await conn.execute(statement)
        await conn.execute(f"PRAGMA user_version = {migration.version}")
        await conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            await conn.execute("ROLLBACK")
        raise
    return True


def statements(script: str) -> list[str]:
    """Split an SQL script into whole statements (a trigger's body stays in one piece)."""
    found: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            found.append(pending.strip())
            pending = ""
    leftover = [x for x in pending.splitlines() if x.strip() and not x.strip().startswith("--")]
    if leftover:
        raise MigrationError(f"a statement without its closing semicolon: {leftover[0]!r}")
    return found
