"""Schema migrations: numbered files applied at start-up; older databases upgrade in place."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from store import migrations
from store.connection import connect
from store.sqlite import SqliteStore


async def test_a_new_database_gets_every_migration(tmp_path: Path) -> None:
    store = await SqliteStore.open(tmp_path / "new.db")
    try:
        version = await store.scalar("PRAGMA user_version")
    finally:
        await store.close()
    assert version == migrations.available()[-1].version


async def test_an_older_database_upgrades_in_place_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = await connect(path)
    try:
        await migrations.apply(conn, target=1)
        await conn.execute(
            "INSERT INTO conversations (channel, address, state, data, updated_at)"
            " VALUES ('sms', '+447700900001', 'listen.asked_around', '{\"words\": \"rent\"}', 'x')"
        )
    finally:
        await conn.close()

    store = await SqliteStore.open(path)
    try:
        assert await store.scalar("PRAGMA user_version") == migrations.available()[-1].version
        assert await store.scalar("SELECT count(*) FROM handoffs") == 0
        assert await store.scalar("SELECT data FROM conversations") == '{"words": "rent"}'
    finally:
        await store.close()


async def test_opening_twice_applies_nothing_twice(tmp_path: Path) -> None:
    for _ in range(2):
        conn = await connect(tmp_path / "x.db")
        try:
            applied = await migrations.apply(conn)
        finally:
            await conn.close()
    assert applied == []


async def test_a_database_from_a_newer_version_is_refused_clearly(tmp_path: Path) -> None:
    conn = await connect(tmp_path / "future.db")
    try:
        await conn.execute("PRAGMA user_version = 999")
        with pytest.raises(migrations.MigrationError, match="newer than this code"):
            await migrations.apply(conn)
    finally:
        await conn.close()


def test_migration_files_are_numbered_once_each_in_order() -> None:
    versions = [m.version for m in migrations.available()]
    assert versions == sorted(set(versions))
    assert versions[0] == 1


async def test_processes_starting_together_on_a_new_file_migrate_it_once(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    stores = await asyncio.gather(
        *(SqliteStore.open(path) for _ in range(3)), return_exceptions=True
    )
    opened = [s for s in stores if isinstance(s, SqliteStore)]
    try:
        assert [s for s in stores if not isinstance(s, SqliteStore)] == []
        assert await opened[0].scalar("PRAGMA user_version") == migrations.available()[-1].version
    finally:
        for store in opened:
            await store.close()
