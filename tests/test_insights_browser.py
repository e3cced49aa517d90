"""A coordinator reads insights in real headless Chromium, on a phone and on a desktop,
with scripts off: every chart is drawn, named for a screen reader, and has its table."""

from __future__ import annotations

import pytest
from playwright.async_api import ViewportSize, expect

from bot.settings import Settings
from tests.browser import chromium
from tests.test_inbox_browser import PHONE
from tests.test_inbox_http import HELEN, World, served

DESKTOP: ViewportSize = {"width": 1280, "height": 900}
WEEKS = ("2025-02-17", "2025-02-24")
# (measure, area, item, count) for each week: enough that most counts can be shown.
KEPT = [
    ("theme", "Millbrook", "money", 9),
    ("theme", "Northgate", "money", 6),
    ("theme", "Northgate", "housing", 7),
    ("theme", "", "loneliness and grief", 2),
    ("gap", "Northgate", "activities and wellbeing", 5),
    ("first_named", "", "under 15 minutes", 6),
    ("first_named", "", "1 to 4 hours", 5),
    ("hands", "", "1", 8),
    ("hands", "", "3 or more", 1),
    ("check_in", "", "better", 6),
    ("check_in", "", "not better", 5),
    ("introductions", "", "", 5),
    ("accompanied", "", "", 5),
    ("minutes_given", "", "", 600),
    ("quiet", "", "listen.asked_area", 7),
]


async def keep_counts(world: World) -> None:
    """Counts as the engine and the database's triggers keep them."""
    for week in WEEKS:
        for measure, area, item, count in KEPT:
            await world.write(
                "INSERT INTO insight_counts (week, measure, area, item, count)"
                " VALUES (?, ?, ?, ?, ?)",
                *(week, measure, area, item, count),
            )


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
async def test_a_coordinator_reads_every_chart_and_its_table_without_scripts(
    sample: Settings, viewport: ViewportSize
) -> None:
    async with served(sample) as world, chromium() as browser:
        await keep_counts(world)
        context = await browser.new_context(viewport=viewport, java_script_enabled=False)
        page = await context.new_page()
        token = await world.token(HELEN)
        await page.goto(f"{world.url}/inbox/sign-in/{token}")
        await page.get_by_role("button", name="Sign in").click()
        await page.get_by_role("link", name="Insights: what people came about").click()
        await expect(page.get_by_role("heading", level=1)).to_have_text("Insights")

        sections = page.locator("section.insight")
        await expect(sections).to_have_count(8)
        for i in range(8):
            section = sections.nth(i)
            title = await section.get_by_role("heading", level=2).inner_text()
            chart = section.get_by_role("img", name=title)
            await expect(chart).to_be_visible()
            box = await chart.bounding_box()
            assert box is not None
            assert box["width"] > 200
            assert box["height"] > 100
            assert box["x"] + box["width"] <= viewport["width"]
            assert await chart.locator("rect.rect").count() > 0  # bars are drawn
            await expect(section.get_by_role("table", name=title)).to_be_visible()

        money = page.locator("#themes_by_area tbody tr", has_text="money")
        await expect(money.locator("td")).to_have_text(["18", "12", "0", "30"])
        lonely = page.locator("#themes_by_week tbody tr", has_text="loneliness")
        await expect(lonely.locator("td")).to_have_text(
            ["fewer than 5", "fewer than 5", "fewer than 5"]
        )
        width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"]  # nothing wider than the screen
        await context.close()
