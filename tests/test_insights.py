"""Insights: counts kept as things happen, shown only to coordinators, with no personal data.

A sample run drives residents through the real engine on a real SQLite file (options, a
gap, a handoff and its check-in, a FORGET ME); then the page over real HTTP, and the JSON
and CSV from the real command, are scanned byte for byte for anything of theirs.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from importlib.resources import files
from pathlib import Path

from bot.clock import ManualClock
from bot.settings import Settings
from flows.insights.report import NOT_SAID
from flows.insights.suppress import FEWER
from flows.insights.themes import OTHER, all_themes
from tests.harness import Harness, harness
from tests.test_inbox_http import AMIRA, HELEN, served

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday
SKINT = ("sms", "+447700900601")
NOTHING_FITS = ("sms", "+447700900602")
HANDED = ("sms", "+447700900603")
FORGOTTEN = ("telegram", "5550999")
SAID = {
    SKINT: ["hi", "im skint and the bailiffs keep coming round", "Millbrook"],
    NOTHING_FITS: ["hi", "where can i go zorbing", "EF3"],  # EF3 is in Millbrook
    HANDED: ["hi", "the council keep losing my housing paperwork", "PERSON", "Zebedee", "yes"],
    FORGOTTEN: [
        "hi",
        "so lonely since my wife died. my neighbour has a giraffe umbrella",
        "Riverside",
    ],
}
AFTER_CHECK_IN = "not great, the paperwork is lost again"


async def sample_run(bot: Harness) -> None:
    """Four residents: options offered, nothing fitting, a handoff held, closed and checked
    in on (not better), and one who is forgotten."""
    for (channel, address), texts in SAID.items():
        for text in texts:
            await bot.say(channel, address, text)
    bot.advance(timedelta(minutes=20))
    await bot.press(*AMIRA, "I'll take this")
    await bot.say(*AMIRA, "CLOSE")
    await bot.say(*HANDED, "yes")
    await bot.say(*HANDED, "yes please")  # a check-in in a week
    bot.advance(timedelta(days=7, minutes=1))
    await bot.say(*SKINT, "thanks")  # the check-in timer fires meanwhile
    await bot.say(*HANDED, AFTER_CHECK_IN)
    await bot.say(*FORGOTTEN, "FORGET ME")
    await bot.say(*FORGOTTEN, "YES")


async def counted(bot: Harness) -> dict[tuple[str, str, str], int]:
    """The counts kept, by (measure, area, item), summed over weeks."""
    rows = await bot.runtime.store.write(
        lambda conn: conn.execute_fetchall(
            "SELECT measure, area, item, sum(count) FROM insight_counts GROUP BY 1, 2, 3"
        )
    )
    return {(r[0], r[1], r[2]): int(r[3]) for r in rows}


def command(db: Path, *args: str) -> str:
    """``whatcanwedo insights ...`` on ``db``: what it printed."""
    env = {**os.environ, "WCWD_DB": str(db)}
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "insights", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def personal(db_settings: Settings) -> set[str]:
    """Everything of anyone's in the run: roster names and numbers, residents' numbers and
    chat ids, the name given, and every word of six letters or more a resident typed that
    is not a theme's or a place's name."""
    roster = json.loads((files("store") / "sample" / "roster.json").read_text("utf-8"))
    found = {p["name"] for p in roster} | {part for p in roster for part in p["name"].split()}
    found |= {p["address"] for p in roster} | {p["address"].replace(" ", "") for p in roster}
    found |= {"+44" + p["address"].replace(" ", "")[1:] for p in roster if p["address"][0] == "0"}
    found |= {address for _, address in SAID} | {a.removeprefix("+") for _, a in SAID}
    typed = " ".join(t for texts in SAID.values() for t in texts) + " " + AFTER_CHECK_IN
    shown_words = {w for theme in all_themes() for w in theme.split()} | {
        "Millbrook",
        "Northgate",
        "Riverside",
        "PERSON",
        "neighbour",  # the page's own word: "introductions to a neighbour"
    }
    found |= {w for w in re.findall(r"[A-Za-z]{6,}", typed) if w not in shown_words}
    return found


def leaks(text: str, secrets: set[str]) -> list[str]:
    """The secrets found in ``text``, as whole words (case ignored)."""
    return sorted(s for s in secrets if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", text, re.I))


async def test_a_sample_run_is_counted_as_it_happens_and_forget_me_leaves_the_counts(
    sample: Settings,
) -> None:
    async with harness(sample, ManualClock(T0)) as bot:
        await sample_run(bot)
        kept = await counted(bot)
    assert kept[("theme", "Millbrook", "money")] == 1
    assert kept[("gap", "Millbrook", OTHER)] == 1
    assert kept[("theme", "", "housing")] == 1
    assert kept[("first_named", "", "15 to 60 minutes")] == 1
    assert kept[("hands", "", "1")] == 1
    assert kept[("check_in", "", "not better")] == 1
    # Counted before FORGET ME, and still there after it.
    assert kept[("theme", "Riverside", "loneliness and grief")] == 1


async def test_the_page_json_and_csv_show_the_same_figures_and_nothing_of_anyones(
    sample: Settings,
) -> None:
    async with harness(sample, ManualClock(T0)) as bot:
        await sample_run(bot)
    secrets = personal(sample)
    async with served(sample) as world:
        # The page's clock as the command's, so both see the same conversations gone quiet.
        world.clock.advance(datetime.now(UTC) - world.clock.now())
        async with world.signed_in(HELEN) as helen:
            response = await helen.get("/insights", follow_redirects=True)
    assert response.status_code == 200
    page = response.text
    as_json, as_csv = command(sample.db, "--json"), command(sample.db, "--csv")
    for shown in (page, as_json, as_csv):
        assert leaks(shown, secrets) == []
    assert leaks(page + as_csv, {"bailiffs", "Amira"}) == []  # the scan can see
    assert leaks("the bailiffs, Amira", {"bailiffs", "Amira"}) == ["Amira", "bailiffs"]
    data = json.loads(as_json)
    themes = next(t for t in data["tables"] if t["key"] == "themes_by_area")
    money = next(r for r in themes["rows"] if r["row"] == "money")
    assert money["cells"][themes["columns"].index("Millbrook")] == FEWER  # one resident
    assert NOT_SAID in themes["columns"]
    rows = list(csv.DictReader(io.StringIO(as_csv)))
    assert {
        "table": "themes_by_area",
        "row": "money",
        "column": "Millbrook",
        "value": FEWER,
    } in rows
    assert "Gaps: asked for where nothing and nobody fitted" in page
    assert page.count("<svg") == sum(1 for t in data["tables"] if t["rows"])
    quiet = next(t for t in data["tables"] if t["key"] == "quiet")
    assert quiet["rows"]  # everyone in the run has been quiet since
    assert all(f'<th scope="row">{row["row"]}</th>' in page for row in quiet["rows"])
    assert "<script" not in page


async def test_only_a_signed_in_coordinator_sees_insights_and_each_look_is_audited(
    sample: Settings,
) -> None:
    async with served(sample) as world:
        async with world.client() as nobody:
            bounced = await nobody.get("/insights")
            assert (bounced.status_code, bounced.headers["location"]) == (303, "/inbox/insights")
            signed_out = await nobody.get("/inbox/insights")
            assert signed_out.status_code == 401
            assert "Text INBOX to the bot to get a sign-in link." in signed_out.text
        async with world.signed_in(AMIRA) as amira:
            refused = await amira.get("/inbox/insights")
            assert refused.status_code == 403
            assert "Only for coordinators" in refused.text
            assert "/inbox/insights" not in (await amira.get("/inbox")).text
        async with world.signed_in(HELEN) as helen:
            assert "/inbox/insights" in (await helen.get("/inbox")).text
            shown = await helen.get("/inbox/insights")
            assert shown.status_code == 200
            assert "Nothing counted yet." in shown.text
        assert [a for a, _ in await world.audit() if a.startswith("insights")] == [
            "insights refused",
            "insights",
        ]


async def test_retention_keeps_where_a_conversation_went_quiet(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, WCWD_DB=str(tmp_path / "r.db"), WCWD_RETENTION_DAYS=30)
    async with harness(settings, ManualClock(T0)) as bot:
        await bot.say("sms", "+447700900444", "hi")
        await bot.say("sms", "+447700900444", "my landlord wont fix the boiler")
        bot.advance(timedelta(days=31))
        await bot.runtime.wait_idle()
        assert await bot.count("SELECT count(*) FROM conversations") == 0
        kept = await counted(bot)
    [(state, n)] = [(item, n) for (measure, _, item), n in kept.items() if measure == "quiet"]
    assert n == 1
    assert state.startswith("listen.")
    assert b"landlord" not in (tmp_path / "r.db").read_bytes()
