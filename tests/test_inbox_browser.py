"""A worker uses the inbox in real headless Chromium, on a phone-sized screen."""

from __future__ import annotations

import re

from playwright.async_api import Page, ViewportSize, expect

from bot.settings import Settings
from tests.browser import chromium
from tests.test_inbox_http import AMIRA, RESIDENT, World, served

PHONE: ViewportSize = {"width": 390, "height": 844}
URGENT_CARD = {
    "name": "Dee",
    "words": "the bailiffs are coming round tomorrow",
    "matters": "keeping the kids fed",
    "around": "my sister sometimes",
    "tried": "rang the council",
    "want": "someone to talk to the bailiffs with me",
    "urgent": True,
}


async def sign_in(world: World, page: Page) -> None:
    """Open the link the bot texted, as Amira would, and press Sign in."""
    token = await world.token(AMIRA)
    await page.goto(f"{world.url}/inbox/sign-in/{token}")
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_text("Signed in as Amira Hassan")).to_be_visible()


async def test_a_worker_signs_in_sees_a_card_and_takes_it(sample: Settings) -> None:
    async with served(sample) as world, chromium() as browser:
        handoff_id, links = await world.handoff([(AMIRA, "Amira Hassan", "asked")], URGENT_CARD)
        page = await browser.new_page(viewport=PHONE)
        await sign_in(world, page)
        card = page.locator(".card.offered")
        await expect(card).to_have_count(1)
        await expect(card).to_contain_text("URGENT")
        await expect(card).to_contain_text("the bailiffs are coming round tomorrow")
        await expect(card).to_contain_text("keeping the kids fed")
        await expect(card).to_contain_text("someone to talk to the bailiffs with me")
        box = await card.get_by_role("button", name="I'll take this").bounding_box()
        assert box is not None
        assert box["height"] >= 44

        await card.get_by_role("button", name="I'll take this").click()
        await expect(page).to_have_url(f"{world.url}/inbox/handoffs/{handoff_id}")
        await expect(page.get_by_role("heading", name="Dee")).to_be_visible()
        [sent] = await world.from_inbox()
        assert (sent["press"], sent["payload"]) == (
            "I'll take this",
            {"link": links["Amira Hassan"]},
        )


async def test_a_worker_replies_in_a_conversation_they_hold(sample: Settings) -> None:
    async with served(sample) as world, chromium() as browser:
        handoff_id, links = await world.handoff([(AMIRA, "Amira Hassan", "accepted")], URGENT_CARD)
        page = await browser.new_page(viewport=PHONE)
        await sign_in(world, page)
        held = page.locator(".card.held")
        await expect(held).to_contain_text("Dee")
        await held.get_by_role("link", name="Open the conversation").click()
        await page.get_by_label("Reply to Dee").fill("Hi Dee, it's Amira. I can come round at 4.")
        await page.get_by_role("button", name="Send").click()
        await expect(page).to_have_url(f"{world.url}/inbox/handoffs/{handoff_id}")
        await expect(page.get_by_label("Reply to Dee")).to_be_visible()
        [sent] = await world.from_inbox()
        assert sent["text"] == "Hi Dee, it's Amira. I can come round at 4."
        assert sent["payload"] == {"link": links["Amira Hassan"]}
        assert await world.count("SELECT count(*) FROM audit WHERE action = 'reply'") == 1


async def test_markup_in_a_card_is_shown_as_text_in_the_browser(sample: Settings) -> None:
    card = {"name": "<img src=x onerror=alert(1)>", "words": "<script>alert(2)</script>"}
    async with served(sample) as world, chromium() as browser:
        handoff_id, _ = await world.handoff([(AMIRA, "Amira Hassan", "asked")], card)
        page = await browser.new_page(viewport=PHONE)
        dialogs: list[str] = []
        page.on("dialog", lambda d: dialogs.append(d.message))
        await sign_in(world, page)
        await page.goto(f"{world.url}/inbox/handoffs/{handoff_id}")
        await expect(page.get_by_role("heading", level=1)).to_have_text(card["name"])
        await expect(page.locator(".card")).to_contain_text(card["words"])
        assert await page.locator("main img, main script").count() == 0
        assert dialogs == []


# Needs the handoff flow: accepting makes Amira the holder, and her reply is relayed.
async def test_the_residents_phone_shows_the_workers_reply(sample: Settings) -> None:
    async with served(sample) as world, chromium() as browser:
        handoff_id, _ = await world.handoff(
            [(AMIRA, "Amira Hassan", "asked")], URGENT_CARD, resident=RESIDENT
        )
        page = await browser.new_page(viewport=PHONE)
        await sign_in(world, page)
        await page.locator(".card.offered").get_by_role("button", name="I'll take this").click()
        await expect(page).to_have_url(f"{world.url}/inbox/handoffs/{handoff_id}")
        # The flow has made her the holder: the reply box is there.
        await page.get_by_label("Reply to Dee").fill("Hi Dee, it's Amira. I can come at 4.")
        await page.get_by_role("button", name="Send").click()
        await expect(page.locator(".msg.us").last).to_contain_text(
            "Amira: Hi Dee, it's Amira. I can come at 4."
        )

        phone = await browser.new_page(viewport={"width": 1280, "height": 900})
        await phone.goto(world.url)
        resident = phone.locator(".phone.resident")
        await expect(resident.locator(".bubble.bot").last).to_have_text(
            "Amira: Hi Dee, it's Amira. I can come at 4."
        )


async def test_a_worker_texts_inbox_and_the_link_they_get_signs_them_in(sample: Settings) -> None:
    async with served(sample) as world, chromium() as browser:
        page = await browser.new_page(viewport=PHONE)
        request = page.request
        await request.get(world.url)  # the sandbox page gives this browser its session
        sent = await request.post(
            f"{world.url}/sandbox/send",
            data={"channel": AMIRA[0], "address": AMIRA[1], "text": "INBOX"},
        )
        assert sent.status == 202
        link = ""
        for _ in range(100):
            got = await request.get(
                f"{world.url}/sandbox/messages", params={"channel": AMIRA[0], "address": AMIRA[1]}
            )
            texts = [m["text"] for m in (await got.json())["messages"]]
            link = next((t for t in texts if "/inbox/sign-in/" in t), "")
            if link:
                break
            await page.wait_for_timeout(50)
        path = re.search(r"/inbox/sign-in/[A-Za-z0-9_-]+", link)
        assert path is not None, link
        await page.goto(world.url + path.group(0))
        await page.get_by_role("button", name="Sign in").click()
        await expect(page.get_by_text("Signed in as Amira Hassan")).to_be_visible()
        await page.goto(world.url + path.group(0))
        await expect(page.get_by_role("heading", level=1)).to_have_text(
            "This link doesn't work any more"
        )
