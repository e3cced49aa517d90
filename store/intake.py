"""Messages kept by a process that only acknowledges, in a file of its own, until the
answering process moves them into the database (``serve --processes N``).

Acknowledging needs one durable insert. Into the shared database that insert waits for its
write lock, which the answering process holds for the length of each turn's transaction,
and longer when it is busy: measured, two processes acknowledged fewer webhooks than one.
Here each acknowledging process is the only writer of its own file, so nothing it does
waits on the answering one. That process moves what is kept into ``inbound``, oldest first
across the files (a repeat delivery is a repeat there, as ever), as it has room to answer,
so a backlog waits here, and deletes them here once moved. A crash before the delete moves
those again, and the repeats change nothing.
"""

from __future__ import annotations

import contextlib
import heapq
from pathlib import Path

import aiosqlite

from common.models import Inbound
from store.batching import Batcher
from store.connection import Synchronous, connect

# AUTOINCREMENT: an id is never used twice, even once every row was deleted, so deleting
# what was moved (up to the last id taken) never reaches a message kept after the take.
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS intake (id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " channel TEXT NOT NULL,"
    " external_id TEXT NOT NULL, received_at TEXT NOT NULL, message TEXT NOT NULL,"
    " UNIQUE (channel, external_id))"
)
# Moved per file per round, so one round's memory stays small under a backlog.
MOVE_AT_ONCE = 512


def folder_of(db: str | Path) -> Path:
    """Where the acknowledging processes keep their files: ``bot.db`` has ``bot.db.intake``."""
    return Path(f"{db}.intake")


class Intake:
    """One acknowledging process's file: keep a message durably, in group commits."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn
        self._writes: Batcher[Inbound, bool] = Batcher(self._keep_batch)

    @classmethod
    async def open(cls, db: str | Path, name: str, synchronous: Synchronous) -> Intake:
        """Open (creating if need be) this process's file beside the database ``db``."""
        folder = folder_of(db)
        folder.mkdir(mode=0o700, exist_ok=True)
        conn = await _open(folder / f"{name}.db", synchronous)
        return cls(conn)

    async def keep(self, message: Inbound) -> bool:
        """Keep ``message`` durably; False when this file holds it already (a repeat)."""
        return await self._writes.submit(message)

    async def close(self) -> None:
        """Finish queued writes and close the file."""
        await self._writes.close()
        await self._conn.close()

    async def _keep_batch(self, messages: list[Inbound]) -> list[bool]:
        await self._conn.execute("BEGIN IMMEDIATE")
        try:
            kept = [await self._insert(m) for m in messages]
            await self._conn.execute("COMMIT")
        except BaseException:
            await self._conn.execute("ROLLBACK")
            raise
        return kept

    async def _insert(self, m: Inbound) -> bool:
        cursor = await self._conn.execute(
            "INSERT INTO intake (channel, external_id, received_at, message)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (channel, external_id) DO NOTHING",
            (m.channel, m.external_id, m.received_at.isoformat(), m.model_dump_json()),
        )
        return cursor.rowcount == 1


async def _open(path: Path, synchronous: Synchronous) -> aiosqlite.Connection:
    conn = await connect(path, synchronous=synchronous)
    await conn.execute(SCHEMA)
    return conn


class IntakeFiles:
    """Every acknowledging process's file, as the answering process reads them."""

    def __init__(self, db: str | Path, synchronous: Synchronous = "NORMAL") -> None:
        self._folder = folder_of(db)
        self._synchronous = synchronous
        self._open: dict[Path, aiosqlite.Connection] = {}

    async def take(self) -> list[tuple[Path, int, Inbound]]:
        """What the files hold (up to ``MOVE_AT_ONCE`` from each), oldest first across them.

        Everything a file holds is still to move: what was moved is deleted (``moved``).
        """
        found: list[list[tuple[str, Path, int, Inbound]]] = []
        for path in sorted(self._folder.glob("*.db")):
            conn = self._open.get(path) or await self._connect(path)
            rows = await conn.execute_fetchall(
                "SELECT id, received_at, message FROM intake ORDER BY id LIMIT ?",
                (MOVE_AT_ONCE,),
            )
            found.append([(r[1], path, int(r[0]), Inbound.model_validate_json(r[2])) for r in rows])
        merged = heapq.merge(*found, key=lambda row: (row[0], str(row[1]), row[2]))
        return [(path, id_, message) for _, path, id_, message in merged]

    async def moved(self, taken: list[tuple[Path, int, Inbound]]) -> None:
        """Delete from the files what was taken, now that the database has it. (If this
        fails, the next take finds it again, and moving it again is a repeat.)"""
        last: dict[Path, int] = {}
        for path, id_, _ in taken:
            last[path] = max(last.get(path, 0), id_)
        for path, id_ in last.items():
            await self._open[path].execute("DELETE FROM intake WHERE id <= ?", (id_,))

    async def close(self) -> None:
        """Close every file opened."""
        for conn in self._open.values():
            with contextlib.suppress(Exception):
                await conn.close()
        self._open.clear()

    async def _connect(self, path: Path) -> aiosqlite.Connection:
        self._open[path] = conn = await _open(path, self._synchronous)
        return conn


async def waiting(db: str | Path) -> tuple[int, str | None]:
    """How many messages the intake files hold and when the oldest came, for ``/metrics``."""
    count, oldest = 0, None
    for path in sorted(folder_of(db).glob("*.db")):
        conn = await connect(path, readonly=True)
        try:
            rows = await conn.execute_fetchall("SELECT count(*), min(received_at) FROM intake")
        except aiosqlite.OperationalError:
            continue  # created but its table not yet: nothing in it
        finally:
            await conn.close()
        held, first = next(iter(rows))
        count += int(held)
        if first is not None and (oldest is None or first < oldest):
            oldest = str(first)
    return count, oldest
