"""The matcher's family guess: a wording no vocabulary phrase has still finds its group.

The shipped classifier (``bot/families.json``) reads the encoder's static embedding of the
whole message; the families it names widen the search, and nothing is named when unsure.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.family_guess import FamiliesFileError, family_guess, read_model
from bot.options import OptionFinder
from flows.connect.vocabulary import mentions
from store.sqlite import SqliteStore
from tests.harness import harness, import_sample, settings_for
from tests.test_matching import WHOLE, open_sample
from tests.test_options import options_for

# No vocabulary phrase is in it: the phrases alone offer nothing.
UNPHRASED = "cant get my head straight, everything is grey"


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteStore]:
    path = tmp_path / "guess.db"
    await (await open_sample(path)).close()
    opened = await SqliteStore.open(path)
    try:
        yield opened
    finally:
        await opened.close()


async def test_a_wording_no_phrase_has_finds_its_group(store: SqliteStore) -> None:
    assert not [m for m in mentions(UNPHRASED) if not m.own_words]
    assert await options_for(OptionFinder(store, WHOLE), UNPHRASED) == []
    guessed = await options_for(OptionFinder(store, WHOLE, guess=family_guess()), UNPHRASED)
    assert "Mind Matters Peer Support Group" in {o.name for o in guessed}, guessed


@pytest.mark.parametrize("text", ["hi", "yes please", "1", "Northgate", "ok thanks"])
def test_a_message_that_names_no_need_adds_nothing(text: str) -> None:
    assert family_guess()(text) == []


async def test_a_resident_texting_it_is_offered_the_group(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    import_sample(db)
    async with harness(settings_for(db)) as bot:
        replies = await bot.say("sms", "+447700900001", UNPHRASED)
        replies += await bot.say("sms", "+447700900001", "Northgate")
    assert any("Mind Matters" in reply for reply in replies), replies


def test_a_malformed_file_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "families.json"
    bad.write_text('{"classes": ["none", "not a family"], "threshold": 0.2}', "utf-8")
    with pytest.raises(FamiliesFileError, match=r"families\.json.*not a family"):
        read_model(bad)
