"""Someone who offers help becomes a peer others can be offered; forgetting them removes it."""

from __future__ import annotations

from bot.settings import Settings
from tests.harness import harness

PAT = "+447700900777"
HELEN = "+447700900402"  # the sample area's duty coordinator
OFFER = "been through the benefits tribunal twice"


async def offer_help(settings: Settings) -> None:
    async with harness(settings) as bot:
        await bot.say("sms", PAT, "hi, I'd like to help")
        for answer in [OFFER, "going along with people", "Riverside", "evenings", "Pat", "yes"]:
            await bot.say("sms", PAT, answer)


async def test_an_offer_of_help_puts_a_peer_on_the_roster_found_once_welcomed(
    sample: Settings,
) -> None:
    await offer_help(sample)
    async with harness(sample) as bot:
        assert await bot.runtime.store.search_peers(["tribunal"], None) == []
        await bot.say("sms", HELEN, "welcome")
        found = await bot.runtime.store.search_peers(["tribunal"], None)
        assert [(p.name, p.channel, p.address) for p in found] == [("Pat", "sms", PAT)]
        assert "usually free: evenings" in found[0].line


async def test_forgetting_a_peer_leaves_no_trace_of_their_offer(settings: Settings) -> None:
    await offer_help(settings)
    async with harness(settings) as bot:
        await bot.say("sms", PAT, "forget me")
        await bot.say("sms", PAT, "yes")
        assert await bot.runtime.store.search_peers(["tribunal"], None) == []
    raw = b"".join(p.read_bytes() for p in settings.db.parent.glob(settings.db.name + "*"))
    assert b"tribunal" not in raw
    assert PAT.encode() not in raw
