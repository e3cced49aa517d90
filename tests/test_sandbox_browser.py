"""A person tries the bot in the sandbox page, in real headless Chromium."""

from __future__ import annotations

from playwright.async_api import expect

from bot.app import create_app
from bot.settings import Settings
from tests.browser import chromium
from tests.harness import AFTER_YES, BUTTONS, SKINT_IN_MILLBROOK, WITH_BUTTONS, with_sandbox
from tests.live import serve_app


async def test_a_person_texts_the_bot_from_the_sandbox_phone_and_sees_its_replies(
    settings: Settings,
) -> None:
    async with serve_app(create_app(with_sandbox(settings))) as url, chromium() as browser:
        page = await browser.new_page(viewport={"width": 390, "height": 844})
        await page.goto(url)
        resident = page.locator(".phone").first
        await resident.locator(".text").fill("hi there")
        await resident.locator(".send").click()
        bot = resident.locator(".bubble.bot")
        await expect(bot.first).to_contain_text("What can we do for you?")
        await expect(resident.locator(".bubble.me").first).to_have_text("hi there")

        await resident.locator(".text").fill(WITH_BUTTONS)
        await resident.locator(".text").press("Enter")
        await expect(bot.nth(1)).to_contain_text("come with you?")
        await resident.get_by_role("button", name=BUTTONS[0], exact=True).click()
        await expect(bot.nth(2)).to_have_text(AFTER_YES)
        await expect(page.get_by_role("button", name=BUTTONS[1])).to_have_count(0)


async def test_a_name_with_markup_is_shown_as_text_never_run(settings: Settings) -> None:
    async with serve_app(create_app(with_sandbox(settings))) as url, chromium() as browser:
        page = await browser.new_page()
        await page.goto(url)
        resident = page.locator(".phone").first
        await resident.locator(".text").fill("hi")
        await resident.locator(".send").click()
        await expect(resident.locator(".bubble.bot").first).to_be_visible()
        await resident.locator(".text").fill("<img src=x onerror=alert(1)>")
        await resident.locator(".send").click()
        reflected = resident.locator(".bubble.bot").nth(1)
        await expect(reflected).to_contain_text("<img src=x onerror=alert(1)>")
        assert await page.locator(".thread img").count() == 0


async def test_a_resident_and_a_neighbour_are_introduced_in_the_sandbox(sample: Settings) -> None:
    settings = sample
    async with serve_app(create_app(with_sandbox(settings))) as url, chromium() as browser:
        page = await browser.new_page(viewport={"width": 1280, "height": 900})
        await page.goto(url)
        resident, helper = page.locator(".phone").first, page.locator(".phone.helper")
        for words in SKINT_IN_MILLBROOK:
            count = await resident.locator(".bubble.bot").count()
            await resident.locator(".text").fill(words)
            await resident.locator(".send").click()
            await expect(resident.locator(".bubble.bot")).not_to_have_count(count)
        offer = resident.locator(".bubble.bot", has_text="Here's who might help")
        await expect(offer).to_have_count(1)
        lines = (await offer.inner_text()).splitlines()
        number = next(line[0] for line in lines if "Sam, a neighbour" in line)
        for words in [number, "Dee", "yes"]:
            await resident.locator(".text").fill(words)
            await resident.locator(".send").click()
        await helper.locator(".who").select_option(label="Sam Okafor (peer, telegram)")
        await expect(helper.locator(".bubble.bot").first).to_contain_text("Dee would like")
        await helper.get_by_role("button", name="Accept").click()
        await expect(resident.locator(".bubble.bot").last).to_contain_text(
            "Good news: Sam said yes"
        )
        await helper.locator(".text").fill("Hi Dee, I can come with you on Tuesday")
        await helper.locator(".send").click()
        await expect(resident.locator(".bubble.bot").last).to_have_text(
            "Sam: Hi Dee, I can come with you on Tuesday"
        )
