"""SMS segments: what a text costs, and long texts cut between words, never inside one."""

from __future__ import annotations

import pytest

from connectors.sms_segments import chunks, is_gsm7, segments, split, split_at_words, units
from flows.anywhere import guards
from flows.handoff import confirm as handoff_confirm
from flows.handoff import flow as handoff
from flows.handoff import start as handoff_start
from flows.listen import flow as listen


def words(parts: list[str]) -> list[str]:
    return " ".join(parts).split()


@pytest.mark.parametrize(
    ("text", "gsm7"),
    [
        ("Hi, this is the neighbours line. What's up?", True),
        ("Price: 5 EUR {or} [so] ~ish | caret^ back\\slash", True),
        ("Caf\u00e9 \u00e0 la r\u00fce", True),
        ("That\u2019s right", False),  # a curly apostrophe
        ("Thanks \U0001f600", False),  # an emoji
        ("\u00e7a va", False),  # lower-case c-cedilla is not in GSM-7, the capital is
    ],
)
def test_gsm7_is_recognised(text: str, gsm7: bool) -> None:
    assert is_gsm7(text) is gsm7


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("", 0),
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("{" * 80, 1),  # extension characters take two places: 160
        ("{" * 81, 2),
        ("\u2019" * 70, 1),
        ("\u2019" * 71, 2),
        ("\u2019" * 134, 2),
        ("\u2019" * 135, 3),
        ("\U0001f600" * 35, 1),  # surrogate pairs take two places: 70
        ("\U0001f600" * 36, 2),
    ],
)
def test_segments_count_as_carriers_bill(text: str, count: int) -> None:
    assert segments(text) == count


def test_one_curly_apostrophe_costs_a_long_message_its_gsm7_rate() -> None:
    straight = "That's right. " * 11  # 154 characters
    curly = straight.replace("'", "\u2019")
    assert segments(straight) == 1
    assert segments(curly) == 3


def test_a_text_that_fits_one_sms_is_left_whole() -> None:
    text = "Thanks. What matters most to you right now?"
    assert split(text) == [text]
    assert split("  ") == []


def test_a_long_text_is_cut_between_words_into_single_segments() -> None:
    text = " ".join(f"word{n}" for n in range(120))
    parts = split(text)
    assert len(parts) > 1
    assert all(units(p) <= 153 for p in parts)
    assert words(parts) == text.split()  # nothing lost, no word cut in two


def test_ucs2_parts_hold_67_and_never_split_a_surrogate_pair() -> None:
    text = " ".join(["caf\u00e9\u2019s", "\U0001f600\U0001f600"] * 30)
    parts = split(text)
    assert all(units(p) <= 67 for p in parts)
    assert words(parts) == text.split()


def test_extension_characters_count_twice_when_cutting() -> None:
    text = " ".join(["{braces}"] * 40)  # 8 characters, 10 places each
    parts = split(text)
    assert all(units(p) <= 153 for p in parts)
    assert words(parts) == text.split()


def test_only_a_word_longer_than_a_part_is_cut_inside() -> None:
    link = "https://example.org/" + "x" * 300
    parts = split(f"See {link} for more")
    assert parts[0] == "See"
    assert parts[-1].endswith("x for more")  # the words after it join its last piece
    assert "".join(parts[1:]).removesuffix(" for more") == link
    assert all(units(p) <= 153 for p in parts)


def test_line_breaks_inside_a_part_are_kept() -> None:
    text = "First line\nsecond line\n" + "more words " * 30
    assert split(text)[0].startswith("First line\nsecond line\n")


def test_chunks_group_whole_segments_and_keep_every_word() -> None:
    text = " ".join(f"w{n:03d}" for n in range(600))  # 2999 characters
    pieces = chunks(text, 10)
    assert len(pieces) == 2
    assert all(segments(p) <= 10 for p in pieces)
    assert words(pieces) == text.split()
    assert chunks("short", 10) == ["short"]


def test_split_at_words_refuses_a_limit_too_small_to_hold_anything() -> None:
    with pytest.raises(ValueError, match="at least two"):
        split_at_words("anything", 1)


@pytest.mark.parametrize(
    "text",
    [
        listen.GREETING,
        guards.HELP,
        guards.STOPPED,
        guards.MEDIA_ONLY,
        handoff_start.ASK_NAME,
        handoff_start.READ_BACK,
        handoff_start.SENT,
        handoff.HELD_RESIDENT,
        handoff_confirm.CLOSED_RESIDENT,
    ],
)
def test_the_bots_own_words_stay_in_gsm7(text: str) -> None:
    assert is_gsm7(text)
