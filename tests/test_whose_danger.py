"""Danger is read for the person the conversation is about: words a worker or a peer passes
on about a resident go to her as relayed, and a holder raises it urgently themselves."""

from __future__ import annotations

from bot.settings import Settings
from flows.handoff import alarm
from tests.harness import harness
from tests.test_danger_graded import HELEN, TOM, to
from tests.test_ending import DEE, SAM, talking_with_sam
from tests.test_handoff import AMIRA, JO, held_by_amira

TO_HER = "if he hits you again tonight ring me, I can help you get somewhere safe"
ABOUT_HER = "her partner hit her again last night, can you help her get somewhere safe"


async def test_a_holder_passing_on_danger_about_the_resident_is_relayed_not_alarmed(
    sample: Settings,
) -> None:
    async with harness(sample) as bot:
        await held_by_amira(bot)
        for _ in range(2):  # and the next relay too: nothing is stuck
            sent = await bot.send(*AMIRA, ABOUT_HER)
            assert [(m.channel, m.address, m.text) for m in sent] == [
                ("sms", JO, f"Amira: {ABOUT_HER}")
            ]
        assert await bot.count("SELECT count(*) FROM handoffs WHERE urgent = 1") == 0


async def test_a_holder_can_raise_it_urgently_for_the_resident(sample: Settings) -> None:
    async with harness(sample) as bot:
        await held_by_amira(bot)
        sent = await bot.send(*AMIRA, "URGENT: he is outside her door")
        raised = alarm.RAISED.format(
            area="Eastfield",
            holder="Amira",
            name="Jo",
            said=alarm.RAISED_SAID.format(holder="Amira", words="he is outside her door"),
        )
        assert to(sent, TOM) == [raised]
        assert to(sent, HELEN) == [raised]
        assert to(sent, AMIRA) == [alarm.RAISED_HOLDER.format(who="Tom and Helen")]
        assert not to(sent, ("sms", JO))


async def test_a_peer_passing_on_danger_about_the_resident_is_relayed_not_alarmed(
    sample: Settings,
) -> None:
    async with harness(sample) as bot:
        await talking_with_sam(bot)
        sent = await bot.send(*SAM, TO_HER)
        assert [((m.channel, m.address), m.text) for m in sent] == [(DEE, f"Sam: {TO_HER}")]
        assert await bot.count("SELECT count(*) FROM handoffs") == 0
