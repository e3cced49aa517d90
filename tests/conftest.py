"""Shared fixtures: a real SQLite file per test, and the conversation harness on it."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.settings import Settings
from tests.harness import Harness, harness, import_sample, settings_for


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings pointing at a fresh database file, ignoring any local .env."""
    return settings_for(tmp_path / "whatcanwedo.db")


@pytest.fixture
async def bot(settings: Settings) -> AsyncIterator[Harness]:
    """The real engine and store, with a hand-moved clock and recorded sends."""
    async with harness(settings) as h:
        yield h


@pytest.fixture
def sample(settings: Settings) -> Settings:
    """The settings, with the sample area's groups and roster loaded by the real command."""
    import_sample(settings.db)
    return settings


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample roster and groups, imported once per test module (the import is slow)."""
    db = tmp_path_factory.mktemp("sample") / "whatcanwedo.db"
    import_sample(db)
    return db


@pytest.fixture
def sample_copy(sample_db: Path, tmp_path: Path) -> Settings:
    """A fresh copy of the sample database for one test: the `sample` fixture, faster."""
    copy = tmp_path / sample_db.name
    shutil.copyfile(sample_db, copy)
    return settings_for(copy)
