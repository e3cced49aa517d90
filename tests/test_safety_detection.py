"""Danger signals: measured on a labelled set, read through text-speak, safe on any input."""

from __future__ import annotations

import json
import random
import re
from collections import Counter

import pytest

from bot.danger_reader import reader as reader_as_shipped
from flows import safety
from flows.safety import PATTERNS, DangerKind, detect_danger, prefilter, reader, words
from flows.safety.combine import combine
from flows.safety.kinds import DangerSignal, Tier
from flows.safety.plain import everyday_out
from flows.safety.regex_words import parse
from flows.safety.tables import WEIGHTS_FILE, weights_text
from tests.safety_set import DATA, examples, held_out, score, train_words, tuned
from tests.test_regex_words import sample

# "i want to kill myself" in full-width letters, as some phone keyboards send.
FULL_WIDTH = "".join(c if c == " " else chr(ord(c) + 0xFEE0) for c in "i want to kill myself")


def test_the_labelled_set_is_big_and_varied_enough_to_mean_something() -> None:
    items = examples()
    assert len(items) >= 700
    groups = {e.group for e in items}
    assert {"clear", "indirect", "slang", "ordinary_alarming", "ordinary"} <= groups
    assert {e.kind for e in items if e.danger} == {kind.value for kind in DangerKind}
    unseen = Counter(e.group for e in held_out())
    assert unseen["clear"] >= 20
    assert unseen["indirect"] >= 40
    assert unseen["slang"] >= 20
    assert unseen["ordinary_alarming"] >= 40


def shipped(text: str) -> DangerSignal | None:
    """The reading a resident's message gets: the patterns and the encoder together."""
    return combine(text, reader_as_shipped().read(text))


# On the tuned lines every issue target is met by the reader as shipped; the clear ones by
# the patterns alone.
def test_every_clear_danger_message_the_detector_was_tuned_on_is_caught() -> None:
    result = score(tuned())
    assert result.recall["clear"] == 1.0, [e.text for e in result.misses if e.group == "clear"]


@pytest.mark.parametrize("group", ["indirect", "slang"])
def test_tuned_indirect_phrasing_and_slang_are_caught_at_least_nine_times_in_ten(
    group: str,
) -> None:
    result = score(tuned(), shipped)
    assert result.recall[group] >= 0.9, [e.text for e in result.misses if e.group == group]


def test_tuned_ordinary_messages_with_alarming_words_rarely_raise_an_alarm() -> None:
    result = score(tuned(), shipped)
    assert result.false_positive_rate < 0.1, [e.text for e in result.false_alarms]


# On lines never tuned on, clear danger and false alarms meet the targets.
def test_every_clear_danger_message_never_seen_is_caught() -> None:
    result = score(held_out())
    assert result.recall["clear"] == 1.0, [e.text for e in result.misses if e.group == "clear"]


def test_ordinary_messages_never_seen_rarely_raise_an_alarm() -> None:
    result = score(held_out())
    assert result.false_positive_rate < 0.1, [e.text for e in result.false_alarms]


# Indirect phrasing and slang never seen do NOT meet the nine-in-ten target with the
# patterns alone: these are the levels measured, kept as floors so that nothing slips
# further. The word reading retrained with 341 ordinary lines raises fewer alarms and reads
# slang a little less (0.82 to 0.80); the encoder beside it is measured by bench/safety.py.
@pytest.mark.parametrize(("group", "floor"), [("indirect", 0.41), ("slang", 0.80)])
def test_indirect_phrasing_and_slang_never_seen_stay_at_least_at_the_measured_level(
    group: str, floor: float
) -> None:
    result = score(held_out())
    assert result.recall[group] >= floor, [e.text for e in result.misses if e.group == group]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("i feel like a waste of space", DangerKind.SELF_HARM),
        ("my little one has bruises and wont say why", DangerKind.CHILD_AT_RISK),
    ],
)
def test_cues_that_point_the_same_way_add_up_to_a_signal(text: str, kind: DangerKind) -> None:
    signal = detect_danger(text)
    assert signal is not None
    assert signal.kind is kind
    assert signal.cue == "concepts"
    assert signal.tier is Tier.CHECK_IN  # cues adding up are uncertain: ask first


def test_one_weak_cue_about_everyday_trouble_is_not_an_alarm() -> None:
    assert detect_danger("im done with the job centre") is None


def test_being_a_bother_is_a_burden_but_saying_sorry_to_be_one_is_manners() -> None:
    # "be a bother" once ran into the next cue and matched nothing; the polite formula is
    # taken out first, as it starts half the messages a help line gets.
    signal = detect_danger("i dont want to be a bother")
    assert signal is not None
    assert signal.kind is DangerKind.SELF_HARM
    assert detect_danger("sorry to be a bother but when do you open on saturday") is None
    assert detect_danger("i hate to be a bother, could someone ring me back") is None


def test_words_that_lean_one_way_are_read_when_no_pattern_or_concept_matches() -> None:
    signal = detect_danger("i just cant see it getting any better for me anymore")
    assert signal == safety.DangerSignal(DangerKind.SELF_HARM, "words", Tier.CHECK_IN)
    assert detect_danger("i just cant see the council fixing the boiler before christmas") is None


@pytest.mark.parametrize(
    "text",
    ["no, keep it", "i want to help", "all sorted now, thanks", "I want to speak to someone"],
)
def test_a_few_words_leaning_one_way_are_not_enough(text: str) -> None:
    # Everyday replies in a conversation: each word leans a little, but too few of them.
    assert detect_danger(text) is None


def test_the_word_weights_are_what_the_tuned_lines_train() -> None:
    # Never edited by hand, and never trained on a held-out line: retrain and compare, down
    # to the text of the file, which is what `bench/safety.py --train` writes.
    model = train_words(tuned())
    assert model.bias == safety.WORD_BIAS
    assert model.weights == safety.WORD_WEIGHTS
    assert weights_text(model.bias, model.weights) == WEIGHTS_FILE.read_text("utf-8")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("i want to kill myself", DangerKind.SELF_HARM),
        ("I've been cutting myself again", DangerKind.SELF_HARM),
        ("my boyfriend hits me", DangerKind.HARM_FROM_OTHERS),
        ("my ex said he's going to kill me", DangerKind.HARM_FROM_OTHERS),
        ("my kids aren't safe with him", DangerKind.CHILD_AT_RISK),
        ("my stepdad touches my little sister", DangerKind.CHILD_AT_RISK),
        ("someone is trying to break in", DangerKind.IMMEDIATE),
        ("my dad has collapsed and he's not breathing", DangerKind.IMMEDIATE),
    ],
)
def test_the_kind_of_danger_is_named_and_the_cue_is_a_pattern_not_their_words(
    text: str, kind: DangerKind
) -> None:
    signal = detect_danger(text)
    assert signal is not None
    assert signal.kind is kind
    assert signal.cue in PATTERNS[kind]
    assert signal.tier is Tier.URGENT  # said outright: clear


def test_the_most_urgent_kind_wins_when_a_message_says_several_things() -> None:
    signal = detect_danger("he hits me and now he's outside with a knife")
    assert signal is not None
    assert signal.kind is DangerKind.IMMEDIATE


@pytest.mark.parametrize(
    "text",
    [
        "I want to kill myself",
        "i wanna kil myslef",
        "I WANT TO KIIIIILL MYSELF!!!",
        "i want 2 k1ll my self",
        FULL_WIDTH,
        "i want to ki\u200bll myself",
        "i want to kíll mysélf",
    ],
)
def test_text_speak_misspellings_and_odd_characters_read_the_same(text: str) -> None:
    assert detect_danger(text) == detect_danger("i want to kill myself")


@pytest.mark.parametrize(
    "text",
    [
        "this rent is killing me",
        "I could murder a cup of tea",
        "the bailiffs are threatening to take the car",
        "my boss is going to kill me if I'm late",
        "going to end it with my boyfriend, he's useless",
        "cut myself shaving this morning",
    ],
)
def test_everyday_figures_of_speech_are_not_alarms(text: str) -> None:
    assert detect_danger(text) is None


def test_a_figure_of_speech_does_not_hide_a_real_signal_beside_it() -> None:
    signal = detect_danger("this rent is killing me and honestly i want to die")
    assert signal is not None
    assert signal.kind is DangerKind.SELF_HARM


def test_a_long_message_is_read_to_the_end() -> None:
    text = "we have had a hard year with the flat and the money. " * 180 + "i want to die"
    assert len(text) > 9_000
    assert detect_danger(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\x00\x07\x1b[31m\r\n\t",
        "\U0001f62d" * 500,
        "x" * 10_000,
        "he " * 3_400,
        "'; DROP TABLE inbound; --",
        "<script>alert(1)</script>",
        'NEAR(a b) AND "*"',
        "(((((((((((((((((((((((((",
        "Привет, мне нужна помощь",
        "\u202eevil",
        "\ud800 lone surrogate",
        "9" * 5_000,
    ],
)
def test_any_input_is_safe(text: str) -> None:
    signal = detect_danger(text)
    assert signal is None or isinstance(signal.kind, DangerKind)


# The prefilter only skips a reading that cannot match, so it must never change a result.
def every_labelled_line() -> list[str]:
    """Every line of every danger set, then every message of the matching set."""
    lines = (DATA / "match_labelled.jsonl").read_text("utf-8").splitlines()
    return [e.text for e in examples()] + [json.loads(line)["text"] for line in lines if line]


def test_the_prefilter_changes_no_result_on_any_labelled_line() -> None:
    lines = every_labelled_line()
    assert len(lines) > 800
    changed = [t for t in lines if reader.detect(t, prefilter=False) != reader.detect(t)]
    assert changed == []


def test_no_pattern_or_concept_is_ruled_out_of_a_line_it_matches() -> None:
    # Finer than results: a wrong guess could hide behind another cue that matches anyway.
    regexes = [(bit, re.compile(rf"\b(?:{p})\b")) for bit, p in prefilter.SOURCES]
    ruled_out = []
    for line in every_labelled_line():
        for repeats in (r"\1\1", r"\1"):
            plain = safety.normalise(line, repeats)
            possible = prefilter.possible(plain)
            for text in (plain, everyday_out(plain)):
                ruled_out += [
                    r.pattern for bit, r in regexes if not possible & bit and r.search(text)
                ]
    assert ruled_out == []


def test_the_word_reading_is_never_skipped_where_it_would_find_something() -> None:
    # Its own shortcut: skipped when even all of a message's leaning words could not do it.
    skipped = []
    for line in every_labelled_line():
        plain = safety.normalise(line)
        if words.read_words(plain, None) != words.read_words(plain, None, prefilter=False):
            skipped.append(line)
    assert skipped == []


def test_random_matches_of_every_pattern_and_concept_are_never_ruled_out() -> None:
    # Beyond the labelled lines: texts each regex does match, with words either side.
    rng = random.Random(20)
    checked, ruled_out = 0, []
    for bit, pattern in prefilter.SOURCES:
        regex, tree = re.compile(rf"\b(?:{pattern})\b"), parse(pattern)
        for _ in range(100):
            text = rng.choice(["", "so ", "x", "i said "]) + sample(tree, rng)
            text += rng.choice(["", " now", "s"])
            if regex.search(text):
                checked += 1
                ruled_out += [] if prefilter.possible(text) & bit else [text]
    assert checked > 5_000
    assert ruled_out == []


def test_the_prefilter_rules_out_both_readings_for_most_ordinary_messages() -> None:
    # What it is for: if new cues could match almost anything, this says the saving is gone.
    lines = (DATA / "match_labelled.jsonl").read_text("utf-8").splitlines()
    ordinary = [safety.normalise(json.loads(line)["text"]) for line in lines if line]
    possible = [prefilter.possible(plain) for plain in ordinary]
    skipped = [p for p in possible if not (p & prefilter.PATTERN_BIT or prefilter.could_add_up(p))]
    assert len(skipped) >= 0.6 * len(ordinary)


# Clear danger said outright in the families the patterns once missed: hurt done to the
# person and someone at home, something thrown or poured, a child left alone long or in
# peril, sexual messages or touching aimed at a child, someone down and not breathing, an
# attack happening now, a place to jump from with the intent said.
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("my stepdad smacks my brother and me when hes had a drink", DangerKind.HARM_FROM_OTHERS),
        ("my girlfriend chucked a glass bottle straight at me", DangerKind.HARM_FROM_OTHERS),
        ("he poured a pan of hot fat over me last night", DangerKind.HARM_FROM_OTHERS),
        ("my mums fella burned my little brother with a lighter", DangerKind.CHILD_AT_RISK),
        (
            "the lady upstairs goes out drinking and leaves her two year old till morning",
            DangerKind.CHILD_AT_RISK,
        ),
        (
            "my mum goes off for days and leaves me and my baby brother with nothing to eat",
            DangerKind.CHILD_AT_RISK,
        ),
        ("theres a little boy by himself on a window ledge up on the third floor", None),
        ("some man online keeps sending my 11 year old nude pictures", DangerKind.CHILD_AT_RISK),
        ("my daughters swimming coach has been texting her sexual stuff", None),
        ("my uncle comes into my bedroom when everyone is asleep and touches me, i am 12", None),
        ("my husband just dropped in the hallway and i cant find a pulse", DangerKind.IMMEDIATE),
        ("grandad slumped over at the table and hes not responding", DangerKind.IMMEDIATE),
        ("two lads are kicking a man on the ground outside the chippy", DangerKind.IMMEDIATE),
        ("someone is getting beaten up in the street outside my window", DangerKind.IMMEDIATE),
        ("im on the top floor of the multi storey and im going to jump", DangerKind.SELF_HARM),
        ("standing at the railings on the viaduct, i just want to jump", DangerKind.SELF_HARM),
        ("sliced my thigh on purpose with a razor and it wont stop", DangerKind.SELF_HARM),
        ("my son's girlfriend pushed him and his wrist is fractured", DangerKind.HARM_FROM_OTHERS),
        ("the twins are home alone again with nothing to eat", DangerKind.CHILD_AT_RISK),
        ("two men are trying to get in through our back door", DangerKind.IMMEDIATE),
        ("a gang outside with baseball bats smashing cars", DangerKind.IMMEDIATE),
        ("my brother laid into me with his belt last night", DangerKind.HARM_FROM_OTHERS),
        ("the baby has gone all floppy and wont wake up", DangerKind.IMMEDIATE),
        ("my grandad's lips have gone blue and he isnt answering me", DangerKind.IMMEDIATE),
        ("my nana wont wake up and her hands are cold", DangerKind.IMMEDIATE),
    ],
)
def test_clear_danger_in_words_the_patterns_once_missed_is_urgent(
    text: str, kind: DangerKind | None
) -> None:
    signal = detect_danger(text)
    assert signal is not None
    assert signal.tier is Tier.URGENT
    assert signal.cue in PATTERNS[signal.kind]
    assert kind is None or signal.kind is kind


# Ordinary messages that once sent an urgent card: a joke threat about something small,
# danger long past and got through, working or volunteering in the field, what happened to
# a child the person does not know, a thing broken into, the weather.
@pytest.mark.parametrize(
    "text",
    [
        "my wife will kill me for booking another holiday lol",
        "my mam said shell kill me if i dont ring her when i land",
        "ate the last slice of her birthday cake, my sister is going to murder me",
        "i took an overdose back in 2009 and now i help run a peer support group",
        "i self harmed as a teenager, im in a good place now and would like to mentor",
        "my aunt died of an overdose when i was little, is there a group for families",
        "im doing a sponsored run for a suicide prevention charity, can you share the link",
        "i volunteer at a womens refuge and want to know which groups are near",
        "a boy from our estate was stabbed last year and his family are doing a memorial match",
        "a girl in my sons class died in a crash and the children are all shaken by it",
        "i cant take any more of this rain, the washing will never dry",
        "my van was broken into overnight and all my tools went",
        "i had suicidal thoughts back at college, twenty years on i'm grand and want to help",
        "ages ago i was in an abusive marriage, long safe now, can i volunteer at a refuge",
        "that man who was shot outside the pub in 2019, his mum is raising money for a bench",
        "sick of living off beans on toast, any cheap cookery courses",
        "dad wants to die at home not in a hospice, who helps with care",
        "my dad used to beat us when we were small, now hes ill and i dont know what to feel",
        "my lad went blue in the face shouting at the telly",
        "my daughter has been a bit blue about her exams, any study groups",
    ],
)
def test_ordinary_messages_that_only_sound_alarming_are_not_urgent(text: str) -> None:
    signal = detect_danger(text)
    assert signal is None or signal.tier is not Tier.URGENT


# Taking out the past, the joke or the job must not hide danger that is there now.
@pytest.mark.parametrize(
    "text",
    [
        "i overdosed years ago and got better but im gonna take all my tablets tonight",
        "i was abused as a child and now my husband hits me",
        "my mum will kill me for being late lol but my stepdad punched me last night",
        "i volunteer at a refuge but im scared to go home, he said hell kill me",
    ],
)
def test_danger_now_is_urgent_beside_danger_past_or_a_joke(text: str) -> None:
    signal = detect_danger(text)
    assert signal is not None
    assert signal.tier is Tier.URGENT
