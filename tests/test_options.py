"""Options as a resident gets them, through the real option finder on the sample area.

Two found options and the local person (three in all), in two SMS segments at most; each
reason a whole phrase of theirs; and a neighbour offered for what they have been through.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.options import OptionFinder, group_option
from common.models import ConversationRecord, Inbound, Option
from connectors.sms_segments import segments
from flows.connect.choices import offer_text
from store.sqlite import SqliteStore
from tests.test_matching import WHOLE, labelled, open_sample

RESIDENT = "+447700900000"


@pytest.fixture
async def find(tmp_path: Path) -> AsyncIterator[OptionFinder]:
    path = tmp_path / "options.db"
    await (await open_sample(path)).close()
    store = await SqliteStore.open(path)
    try:
        yield OptionFinder(store, WHOLE)
    finally:
        await store.close()


async def options_for(find: OptionFinder, text: str, area: str | None = None) -> list[Option]:
    """The options a resident who said ``text`` (in ``area``) is about to be shown."""
    data = {"words": text, **({"area": area} if area else {})}
    record = ConversationRecord(
        channel="sms", address=RESIDENT, state="connect.starting", data=data
    )
    message = Inbound(
        channel="sms", address=RESIDENT, external_id="t", received_at=datetime.now(UTC)
    )
    return await find(record, message)


def quoted(options: list[Option]) -> list[str]:
    """Every phrase the reasons quote or mention."""
    phrases = []
    for option in options:
        if option.why.startswith("you mentioned "):
            phrases += option.why.removeprefix("you mentioned ").split(" and ")
        phrases += re.findall(r'"([^"]+)"', option.why)
    return phrases


async def test_every_options_message_is_three_lines_at_most_in_two_texts(
    find: OptionFinder,
) -> None:
    shown = 0
    for item in labelled():
        options = await options_for(find, item.text, item.area)
        if not options:
            continue
        shown += 1
        for again in (False, True):
            message = offer_text(options, again=again)
            assert segments(message) <= 2, message
            numbered = [line for line in message.splitlines() if re.match(r"\d\. ", line)]
            assert len(numbered) <= 3, message
            assert numbered[-1].endswith("A local person, who'd stay with you"), message
    assert shown >= 45


@pytest.mark.parametrize(
    ("text", "whole", "fragments"),
    [
        ("my husband died in the spring", "your husband died", {"died", "your husband"}),
        (
            "can someone come with me to the housing office",
            "the housing office",
            {"the housing", "housing"},
        ),
    ],
)
async def test_a_reason_quotes_a_whole_phrase_never_a_fragment(
    find: OptionFinder, text: str, whole: str, fragments: set[str]
) -> None:
    phrases = quoted(await options_for(find, text))
    assert whole in phrases
    assert not fragments & set(phrases)


async def test_meeting_people_does_not_bring_the_neighbour_whose_offer_is_being_sober(
    find: OptionFinder,
) -> None:
    meeting = await options_for(find, "i'd really like meeting people")
    assert meeting
    assert "Dean Walsh" not in {o.name for o in meeting}
    # He is still offered for what his offer is about.
    drinking = await options_for(find, "i'm worried about my drinking")
    assert "Dean Walsh" in {o.name for o in drinking}


async def test_a_groups_details_read_as_sentences_with_one_stop_each(tmp_path: Path) -> None:
    path = tmp_path / "groups.db"
    await (await open_sample(path)).close()
    store = await SqliteStore.open(path)
    try:
        words = ["help", "support", "advice", "food", "group", "money", "older", "family"]
        hits = {h.id: h for w in words for h in await store.search_groups([w], None)}
    finally:
        await store.close()
    assert len(hits) > 20
    for hit in hits.values():
        details = group_option(hit, "").details
        # A cut line ends "..." and a sentence one stop: never "...." or "..", nor ". ."
        assert ".." not in details.replace("...", "\u2026"), details
        assert ". ." not in details, details


@pytest.mark.parametrize(
    ("text", "area", "first"),
    [
        ("my partner checks my phone and takes my wages off me", None, "Eastfield Domestic Abuse"),
        ("been in a b and b with the kids for months", None, "Eastfield Housing Advice Centre"),
        ("since my husband passed i barely leave the house", None, "Eastfield Bereavement"),
        ("our little one has autism and i never get a minute to myself", None, "Eastfield Carers"),
        ("my lad is 14 and always out getting into bother", None, "Northgate Youth Club"),
        ("debt collectors ringing every day and im so stressed", "Northgate", "Money Worries"),
    ],
)
async def test_the_group_that_answers_what_was_said_comes_first(
    find: OptionFinder, text: str, area: str | None, first: str
) -> None:
    options = await options_for(find, text, area)
    assert options, text
    assert options[0].name.startswith(first), [o.name for o in options]


async def test_a_group_for_another_neighbourhood_is_not_offered_when_town_wide_ones_fit(
    find: OptionFinder,
) -> None:
    options = await options_for(find, "would love a hot lunch and some company", "Northgate")
    assert options
    assert not {"Holloway Park Lunch Club", "Ashby Green Friendship Lunch"} & {
        o.name for o in options
    }


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("he keeps my bank card and makes me ask for money for the shopping", "Eastfield Domestic"),
        ("my ex will not leave me alone, messages me constantly", "Eastfield Domestic"),
        ("my dad cant get in and out of the bath on his own now", "Age Well"),
        ("my husband drinks till he passes out most nights, the kids see it all", "Families"),
        ("got an official letter and i dont understand what it means", "Eastfield Advice"),
        ("my son's 13 and stays in his room gaming half the night", "Northgate Youth"),
        ("been feelin a bit low lately", "Mind Matters"),
    ],
)
async def test_a_situation_told_without_naming_a_service_finds_the_group_for_it(
    find: OptionFinder, text: str, wanted: str
) -> None:
    options = await options_for(find, text)
    assert any(o.name.startswith(wanted) for o in options), [o.name for o in options]


async def test_a_hotel_is_read_by_what_else_was_said(find: OptionFinder) -> None:
    fled = await options_for(find, "we fled syria and the home office put us in a hotel")
    assert fled[0].name == "Eastfield Welcome Network", [o.name for o in fled]
    evicted = "the council put me and the kids in a hotel after the eviction"
    housed = await options_for(find, evicted)
    assert housed[0].name == "Eastfield Housing Advice Centre", [o.name for o in housed]


async def test_starting_something_new_is_not_read_as_starving(find: OptionFinder) -> None:
    options = await options_for(find, "im starting a new job monday but have no bus fare")
    assert options
    assert "Eastfield Food Bank" not in {o.name for o in options}


async def test_a_phrase_said_with_another_possessive_still_finds_its_group(
    find: OptionFinder,
) -> None:
    options = await options_for(find, "im on me own most days and it gets to me")
    assert "Good Neighbours Befriending" in {o.name for o in options}, options


async def test_a_real_word_ending_in_ing_is_not_read_as_a_typo(find: OptionFinder) -> None:
    # "chucking" is one letter from "clucking" (coming off drugs).
    options = await options_for(find, "my toddler keeps chucking his food on the floor")
    assert "Fresh Start Recovery Group" not in {o.name for o in options}, options


async def test_control_told_as_what_he_does_finds_domestic_abuse_support(
    find: OptionFinder,
) -> None:
    options = await options_for(find, "he reads my texts and says no one would believe me")
    assert "Eastfield Domestic Abuse Support" in {o.name for o in options}, options
