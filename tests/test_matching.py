"""Matching a person's words to local groups: measured on a labelled set, and area order.

The labelled set (``data/match_labelled.jsonl``) is messages written the way people
text, each with the sample directory groups that would genuinely help. The helpers here
are shared with ``bench/match.py``.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiosqlite
import pytest

from common.directory import GroupHit
from common.places import Places
from flows.connect.matching import ELSEWHERE, EVERYWHERE, NEAR, nearness, order, rank, why
from flows.connect.vocabulary import MAX_TERMS, mentions, query_terms
from flows.connect.vocabulary_file import VOCABULARY_FILE, VocabularyFileError, read_vocabulary
from store import migrations
from store.connection import connect
from store.directory import (
    SAMPLE_DIRECTORY,
    SAMPLE_ROSTER,
    import_groups,
    import_people,
    search_groups,
    search_peers,
)
from store.hsds import read_path
from tests.flows_copy import copy_flows, import_refused

LABELLED = Path(__file__).parent / "data" / "match_labelled.jsonl"
WHOLE = "Eastfield"
PLACES = Places(whole=WHOLE)
TARGET = 0.9


@dataclass(frozen=True)
class Labelled:
    """A message, where the person is (if they said), and the groups that would help."""

    text: str
    area: str | None
    expect: tuple[str, ...]
    names: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    """What the top three were for one message, and how many expected groups they held."""

    item: Labelled
    got: tuple[GroupHit, ...]

    @property
    def recall(self) -> float:
        found = {hit.id for hit in self.got} & set(self.item.expect)
        return len(found) / len(self.item.expect)


def labelled(path: Path = LABELLED) -> list[Labelled]:
    """The labelled messages in ``path`` (the tuned set unless told), in file order."""
    items = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            items.append(
                Labelled(row["text"], row["area"], tuple(row["expect"]), tuple(row["names"]))
            )
    return items


async def open_sample(path: Path) -> aiosqlite.Connection:
    """A database file at ``path`` holding the sample directory and roster."""
    conn = await connect(path)
    try:
        await migrations.apply(conn)
        await import_groups(conn, read_path(SAMPLE_DIRECTORY))
        await import_people(conn, SAMPLE_ROSTER)
    except BaseException:
        await conn.close()
        raise
    return conn


async def top3(conn: aiosqlite.Connection, text: str, area: str | None) -> list[GroupHit]:
    """The three groups the bot would offer for ``text``: search, then order by the needs
    they answer and nearness."""
    hits = await search_groups(conn, query_terms(text), area, limit=10)
    return order(hits, mentions(text), area, PLACES)[:3]


async def evaluate(conn: aiosqlite.Connection, items: list[Labelled]) -> list[Outcome]:
    """Every labelled message run through the real search."""
    return [Outcome(item, tuple(await top3(conn, item.text, item.area))) for item in items]


def top3_recall(outcomes: list[Outcome]) -> float:
    """Mean share of each message's expected groups found in its top three."""
    return sum(o.recall for o in outcomes) / len(outcomes)


@pytest.fixture
async def directory(tmp_path: Path) -> AsyncIterator[aiosqlite.Connection]:
    conn = await open_sample(tmp_path / "directory.db")
    try:
        yield conn
    finally:
        await conn.close()


async def test_the_labelled_set_is_big_and_names_real_sample_groups(
    directory: aiosqlite.Connection,
) -> None:
    items = labelled()
    assert len(items) >= 45
    rows = await directory.execute_fetchall("SELECT id, name FROM services")
    names = {row[0]: row[1] for row in rows}
    for item in items:
        assert 1 <= len(item.expect) <= 3, item.text
        assert [names.get(i) for i in item.expect] == list(item.names), item.text


async def test_top3_recall_on_the_labelled_set_meets_the_target(
    directory: aiosqlite.Connection,
) -> None:
    outcomes = await evaluate(directory, labelled())
    misses = [
        f"{o.item.text!r}: wanted {o.item.names}, got {[h.name for h in o.got]}"
        for o in outcomes
        if o.recall < 1
    ]
    assert top3_recall(outcomes) >= TARGET, "\n".join(misses)


async def test_a_nearby_group_comes_first_when_the_words_fit_both_equally(
    directory: aiosqlite.Connection,
) -> None:
    text = "somewhere i can get a hot lunch and a bit of company, im 79"
    holloway = await top3(directory, text, "Holloway Park")
    ashby = await top3(directory, text, "Ashby Green")
    assert holloway[0].name == "Holloway Park Lunch Club"
    assert ashby[0].name == "Ashby Green Friendship Lunch"


def test_rank_puts_same_neighbourhood_then_whole_town_then_elsewhere() -> None:
    far = GroupHit(id="far", name="Far", areas=("Riverside", "EF5"), score=5.0)
    town = GroupHit(id="town", name="Town", areas=("Eastfield",), score=5.0)
    near = GroupHit(id="near", name="Near", areas=("Millbrook", "EF3"), score=5.0)
    hits = [far, town, near]
    assert [h.id for h in rank(hits, "Millbrook", PLACES)] == ["near", "town", "far"]
    assert [h.id for h in rank(hits, "EF5 2XY", PLACES)] == ["far", "town", "near"]
    assert next(h.id for h in rank(hits, "millbrook near the co-op", PLACES)) == "near"
    # Not knowing where someone is, or only that they are in town, keeps the search order.
    assert [h.id for h in rank(hits, None, PLACES)] == ["far", "town", "near"]
    assert [h.id for h in rank(hits, "Eastfield", PLACES)] == ["far", "town", "near"]


def test_a_much_better_match_still_beats_a_nearer_one() -> None:
    far = GroupHit(id="far", name="Far", areas=("Riverside",), score=10.0)
    near = GroupHit(id="near", name="Near", areas=("Millbrook",), score=3.0)
    assert [h.id for h in rank([near, far], "Millbrook", PLACES)] == ["far", "near"]


def test_the_need_the_person_came_back_to_comes_first() -> None:
    debt = ("debt", "creditors", "repayment")
    bills = GroupHit(id="debt", name="Debt", areas=("Eastfield",), score=2.0, matched=debt)
    walks = ("walks", "walking", "exercise")
    walking = GroupHit(id="walk", name="Walk", areas=("Eastfield",), score=9.0, matched=walks)
    heard = mentions("the overdraft is maxed out and the credit cards too; i like walking")
    assert [h.id for h in order([walking, bills], heard, None, PLACES)] == ["debt", "walk"]


def test_nearness_reads_names_and_postcode_districts() -> None:
    assert nearness(("Holloway Park",), "holloway") == NEAR
    assert nearness(("EF4",), "EF4 3HP") == NEAR
    assert nearness(("EF1",), "EF12 3AB") == ELSEWHERE
    assert nearness(("Eastfield",), "Riverside", PLACES) == EVERYWHERE
    assert nearness((), "Riverside", PLACES) == EVERYWHERE


async def test_why_quotes_what_the_person_said(directory: aiosqlite.Connection) -> None:
    text = "im skint and the bailiffs keep coming round"
    best = (await top3(directory, text, None))[0]
    assert best.name == "Money Worries Drop-in"
    assert why(best, mentions(text)) == 'you said "skint" and "the bailiffs"'
    rent = "my rent is too high"
    housing = next(h for h in await top3(directory, rent, None) if "Housing" in h.name)
    assert why(housing, mentions(rent)) == "you mentioned your rent"


def test_why_is_empty_when_nothing_the_person_said_matched() -> None:
    hit = GroupHit(id="x", name="Library", matched=("books",))
    assert why(hit, mentions("my boiler is broken")) == ""


async def test_peers_are_found_through_their_own_offer(directory: aiosqlite.Connection) -> None:
    peers = await search_peers(directory, query_terms("the bailiffs are after me"), None, 3)
    assert peers[0].name == "Sam Okafor"
    assert peers[0].accompanies
    carers = await search_peers(directory, query_terms("i look after my dad"), "Millbrook", 3)
    assert carers[0].name == "Bev Collins"
    workers = await search_peers(directory, query_terms("money housing family"), None, 10)
    assert "Amira Hassan" not in {p.name for p in workers}


def test_everyday_words_become_directory_terms() -> None:
    assert {"bailiffs", "debt"} <= set(query_terms("bailifs at the door"))
    assert "prepayment meters" in query_terms("key meter's run out")
    assert "befriending" in query_terms("no one to talk to")
    assert query_terms("hi, um, just wondering, thanks") == []


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '" OR 1',
        "AND",
        "OR",
        "NOT",
        "*",
        "NEAR(",
        "-",
        ":",
        "^",
        "name:x",
        "\x00",
        "\U0001f600\U0001f622",
        "",
        "   ",
        "the and of to",
        "a" * 2000,
        "bailiffs " * 300,
    ],
)
def test_query_terms_takes_anything_and_stays_small(text: str) -> None:
    terms = query_terms(text)
    assert isinstance(terms, list)
    assert len(terms) <= MAX_TERMS


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ('"budgeting", "benefit checks"]', '"budgeting", "benefit checks"', ": not valid TOML"),
        ('finds = ["money", "debt", ', 'find = ["money", "debt", ', " [topic 1.finds]: missing"),
        ('"skint", "broke", ', '"skint", 3, ', " [topic 1.said]: expected a list of strings"),
        ('"brassic", ', '"brassic", "!!", ', " [topic 1]: '!!' has no word in it"),
        ('"cant", ', '"can\'t", ', ' [stop_words]: "can\'t" is not one lower-case word'),
    ],
)
def test_a_broken_vocabulary_file_is_refused_naming_the_file_and_entry(
    tmp_path: Path, old: str, new: str, said: str
) -> None:
    text = VOCABULARY_FILE.read_text("utf-8")
    assert text.count(old) == 1
    broken = tmp_path / "vocabulary.toml"
    broken.write_text(text.replace(old, new), "utf-8")
    with pytest.raises(VocabularyFileError) as refused:
        read_vocabulary(broken)
    assert str(refused.value).startswith(f"{broken}{said}")


def test_without_its_vocabulary_file_the_matcher_does_not_start(tmp_path: Path) -> None:
    names = ("__init__.py", "phrase.py", "vocabulary.py", "vocabulary_file.py")
    copy_flows(tmp_path, *(f"connect/{name}" for name in names))
    said = import_refused(tmp_path, "flows.connect.vocabulary")
    missing = tmp_path / "flows" / "connect" / "vocabulary.toml"
    assert said.endswith(f"VocabularyFileError: {missing}: missing: it ships with the package")
