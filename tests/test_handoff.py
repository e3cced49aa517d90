"""A warm handoff to a named person, through the real engine and store with the sample roster."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.settings import Settings
from common.models import Inbound, Outbound
from flows.anywhere.guards import HELP
from flows.handoff import after as handoff_after
from flows.handoff import flow as handoff
from flows.handoff import start as handoff_start
from flows.listen.flow import Listen
from tests.harness import SKINT_IN_MILLBROOK, Harness, harness
from tests.test_listen_flow import EVERY_STATE
from tests.test_urgent import walk_to

JO = "+447700900555"
AMIRA = ("telegram", "5550201")
TOM = ("sms", "+447700900401")
HELEN = ("sms", "+447700900402")
GRACE = ("telegram", "5550202")
SAM = ("telegram", "5550101")


@pytest.fixture
async def staffed(sample: Settings) -> AsyncIterator[Harness]:
    """The harness with the sample area's roster: Amira and Tom on duty, Helen coordinating."""
    async with harness(sample) as bot:
        yield bot


async def hand_off(bot: Harness, name: str = "Jo") -> list[Outbound]:
    """Jo asks for a person and approves the card: it goes to Amira and Tom. What her yes
    sent, to her and to them."""
    await bot.say("sms", JO, "hi")
    await bot.say("sms", JO, "the council keep losing my housing forms")
    for text in ("PERSON", name):
        await bot.say("sms", JO, text)
    return await bot.send("sms", JO, "yes")


async def held_by_amira(bot: Harness) -> None:
    await hand_off(bot)
    await bot.press(*AMIRA, "I'll take this")


async def links(bot: Harness, status: str) -> int:
    return await bot.count(
        "SELECT count(*) FROM links WHERE kind = 'handoff' AND status = ?", status
    )


# Until the first thing they say, a handoff asks what they'd like; after it, their words go.
SAID_NOTHING = (Listen.NEW, Listen.ASKED_WHAT)
ASKING_BOTH = handoff_start.ASK_NAME.format(who="Amira and Tom, on duty today,")
NAME_ASKED = "What name would you like them to use for you? Any name is fine."


@pytest.mark.parametrize("state", EVERY_STATE)
async def test_person_from_any_state_names_who_is_asked_then_reads_back_before_sharing(
    staffed: Harness, state: Listen
) -> None:
    bot = staffed
    await walk_to(bot, state)  # Jo's number
    [asked] = await bot.say("sms", JO, "PERSON")
    assert asked.startswith("I'll ask ")  # by name: Tom covers Millbrook, both cover the rest
    assert asked.endswith("Tom, on duty today, to pick this up and stay with you. " + NAME_ASKED)
    if state in SAID_NOTHING:
        assert await bot.say("sms", JO, "Jo") == [handoff_start.ASK_WANT]
        [read_back] = await bot.say("sms", JO, "someone to ring me")
        assert "someone to ring me" in read_back
    else:  # what they already told us is read back: no question about what they'd like
        [read_back] = await bot.say("sms", JO, "Jo")
    assert read_back.startswith("I'd tell the local people on duty your name, Jo, and this")
    assert await bot.count("SELECT count(*) FROM links") == 0  # nothing shared yet
    sent = await bot.send("sms", JO, "yes")
    cards = [m for m in sent if m.address != JO]
    assert cards
    assert all(m.buttons == ("I'll take this", "Not me") for m in cards)
    quoted = read_back.split('"')[1]
    assert all(f'In their words: "{quoted}"' in m.text for m in cards)
    [told] = [m.text for m in sent if m.address == JO]
    assert told.startswith("Thank you, Jo. I've sent that to")
    for banned in ("refer", "queue", "case", "client"):
        assert banned not in told.lower()


async def test_asking_for_a_person_inside_a_sentence_mid_conversation_starts_the_handoff(
    staffed: Harness,
) -> None:
    bot = staffed
    await bot.say("sms", JO, "hi")
    await bot.say("sms", JO, "my landlord won't fix the damp")
    asked = await bot.say("sms", JO, "no1 rly. ugh this is long can i just tlk to a PERSON")
    assert asked == [ASKING_BOTH]
    await bot.say("sms", JO, "Jo")
    sent = await bot.send("sms", JO, "yes")
    assert {(m.channel, m.address) for m in sent if m.address != JO} == {AMIRA, TOM}


async def test_choosing_a_local_person_among_the_options_starts_the_handoff(
    staffed: Harness,
) -> None:
    bot = staffed
    for text in SKINT_IN_MILLBROOK:
        replies = await bot.say("sms", JO, text)
    offered = replies[-1].splitlines()
    person = next(line for line in offered if line.endswith("A local person, who'd stay with you"))
    asking_tom = handoff_start.ASK_NAME.format(who="Tom, on duty today,")  # Millbrook is his
    assert await bot.say("sms", JO, person.split(".")[0]) == [asking_tom]


async def test_the_resident_can_change_what_is_shared_and_only_that_goes(staffed: Harness) -> None:
    bot = staffed
    await bot.say("sms", JO, "hi")
    await bot.say("sms", JO, "my landlord won't fix the damp and the kids keep coughing")
    await bot.say("sms", JO, "PERSON")
    await bot.say("sms", JO, "Jo")
    await bot.say("sms", JO, "skip")
    assert await bot.press("sms", JO, "Change it") == [handoff_start.REWRITE]
    [read_back] = await bot.say("sms", JO, "I need help with my housing")
    assert '"I need help with my housing"' in read_back
    sent = await bot.send("sms", JO, "yes")
    card = next(m.text for m in sent if (m.channel, m.address) == AMIRA)
    assert "I need help with my housing" in card
    assert "landlord" not in card
    assert "coughing" not in card


async def test_two_workers_accepting_at_once_give_one_holder(staffed: Harness) -> None:
    bot = staffed
    await hand_off(bot)
    bot.sent.clear()
    for who in (AMIRA, TOM):
        press = Inbound(
            channel=who[0],
            address=who[1],
            external_id=uuid.uuid4().hex,
            text="I'll take this",
            press="I'll take this",
            received_at=bot.clock.now(),
        )
        await bot.runtime.engine.receive(press)  # both queued before either is processed
    await bot.runtime.wait_idle()
    assert await links(bot, "accepted") == 1
    got = {(m.channel, m.address): m.text for m in bot.sent}
    assert got[AMIRA].startswith("It's yours.")
    assert got[TOM] == handoff.TAKEN_OTHER.format(holder="Amira", name="Jo")  # told once
    assert got[("sms", JO)].startswith("Amira from the Community Hub has picked this up")


async def test_once_held_words_go_both_ways_with_first_names_and_the_bot_is_quiet(
    staffed: Harness,
) -> None:
    bot = staffed
    await held_by_amira(bot)
    sent = await bot.send("sms", JO, "thanks, mornings are best")
    assert [(m.channel, m.address, m.text) for m in sent] == [
        (*AMIRA, "Jo: thanks, mornings are best")
    ]
    sent = await bot.send(*AMIRA, "Great, I'll ring at 10 tomorrow")
    assert [(m.channel, m.address, m.text) for m in sent] == [
        ("sms", JO, "Amira: Great, I'll ring at 10 tomorrow")
    ]
    sent = await bot.send("sms", JO, "PERSON")  # held: even PERSON goes to Amira
    assert [(m.channel, m.address) for m in sent] == [AMIRA]
    assert await bot.say("sms", JO, "HELP") == [HELP.format(area="Eastfield")]


async def test_bringing_someone_in_needs_the_residents_yes_and_theirs(staffed: Harness) -> None:
    bot = staffed
    await held_by_amira(bot)
    sent = await bot.send(*AMIRA, "BRING IN Grace")
    [ask] = [m.text for m in sent if m.address == JO]
    assert ask.startswith("Amira would like to bring in Grace from Northgate Family Centre")
    assert await bot.count("SELECT count(*) FROM links WHERE helper_address = ?", GRACE[1]) == 0
    sent = await bot.send("sms", JO, "yes")
    assert any(m.address == GRACE[1] and "Jo has agreed" in m.text for m in sent)
    joined = await bot.press(*GRACE, "I'll take this")
    assert any("you're now talking with Amira and Grace" in t for t in joined)
    assert await links(bot, "accepted") == 2
    sent_to_both = await bot.send("sms", JO, "thank you both")
    assert {m.address for m in sent_to_both} == {AMIRA[1], GRACE[1]}


async def test_a_resident_can_say_no_to_someone_being_brought_in(staffed: Harness) -> None:
    bot = staffed
    await held_by_amira(bot)
    await bot.say(*AMIRA, "bring in Grace")
    sent = await bot.send("sms", JO, "No thanks")
    assert [m.text for m in sent if m.address == JO] == ["That's fine: it stays with Amira."]
    assert [m.text for m in sent if m.address == AMIRA[1]] == [
        "Jo would rather not bring Grace in, so you're still with them."
    ]
    assert await bot.count("SELECT count(*) FROM links WHERE helper_address = ?", GRACE[1]) == 0
    relayed = await bot.send("sms", JO, "ok")
    assert [m.address for m in relayed] == [AMIRA[1]]


async def test_a_third_pair_of_hands_raises_a_flag_with_the_coordinator(staffed: Harness) -> None:
    bot = staffed
    await held_by_amira(bot)
    for name, who in (("Grace", GRACE), ("Sam", SAM)):
        await bot.say(*AMIRA, f"bring in {name}")
        await bot.say("sms", JO, "yes")
        sent = await bot.send(*who, "I'll take this")
    flags = [m.text for m in sent if (m.channel, m.address) == HELEN]
    assert flags == [
        "Heads up: Jo's conversation has now been with 3 people (Amira, Grace and Sam). "
        "Could you take a look, so they're not going round in circles?"
    ]


async def test_nobody_accepting_in_time_goes_to_the_duty_coordinator(staffed: Harness) -> None:
    bot = staffed
    await hand_off(bot)
    bot.advance(timedelta(minutes=29))
    assert await bot.say("sms", "+447700900999", "hi")  # time passes, nothing fires yet
    assert await links(bot, "asked") == 2
    bot.advance(timedelta(minutes=2))
    sent = await bot.send("sms", "+447700900999", "hello again")
    to_jo = [m.text for m in sent if m.address == JO]
    assert to_jo == [handoff.ESCALATED.format(coordinator="Helen")]
    helen = [m for m in sent if (m.channel, m.address) == HELEN]
    assert helen[0].text.startswith("Nobody on duty has picked this up yet.")
    assert {m.address for m in sent if "Helen has it" in m.text} == {AMIRA[1], TOM[1]}
    assert await bot.press(*HELEN, "I'll take this")
    assert await links(bot, "accepted") == 1


async def test_everyone_saying_not_me_goes_to_the_coordinator_at_once(staffed: Harness) -> None:
    bot = staffed
    await hand_off(bot)
    assert await bot.press(*AMIRA, "Not me") == [handoff.DECLINED]
    sent = await bot.send(*TOM, "no", press="Not me")
    assert any((m.channel, m.address) == HELEN for m in sent)
    assert any(m.address == JO and "Helen" in m.text for m in sent)


async def test_closing_with_agreement_then_a_check_in_offers_the_same_person(
    staffed: Harness,
) -> None:
    bot = staffed
    await held_by_amira(bot)
    sent = await bot.send(*AMIRA, "CLOSE")
    assert [m.text for m in sent if m.address == JO] == [
        "Amira thinks you might be sorted for now. Is it OK to close this?"
    ]
    sent = await bot.send("sms", JO, "not yet")
    assert [m.text for m in sent] == ["Jo isn't ready to close yet, so you're still with them."]
    await bot.say("sms", JO, "all sorted now, thanks")  # relayed, and remembered
    sent = await bot.send(*AMIRA, "close")
    [thanks] = [m.text for m in sent if m.address == JO]
    assert thanks.startswith("Thank you, Jo. Amira has closed this for now")
    assert await links(bot, "closed") == 1
    assert await bot.say("sms", JO, "yes please") == [handoff_after.CHECK_IN_SET]
    bot.advance(timedelta(days=7, minutes=1))
    sent = await bot.send("sms", "+447700900999", "hi")  # the check-in timer fires meanwhile
    assert [m.text for m in sent if m.address == JO] == [
        handoff_after.CHECK_IN_QUESTION.format(name="Jo", area="Eastfield")
    ]
    replies = await bot.say("sms", JO, "not great, the forms are lost again")
    assert replies == [handoff_after.SAME_AGAIN.format(holder="Amira")]
    [read_back] = await bot.say("sms", JO, "yes please")  # what goes is read back first
    assert '"not great, the forms are lost again"' in read_back
    sent = await bot.send("sms", JO, "yes")
    cards = [m for m in sent if m.address != JO]
    assert [(m.channel, m.address) for m in cards] == [AMIRA]  # the same person, no new round
    assert '"not great, the forms are lost again"' in cards[0].text


async def test_after_close_coming_back_is_offered_the_same_person(staffed: Harness) -> None:
    bot = staffed
    await held_by_amira(bot)
    await bot.say("sms", JO, "that's sorted, thank you")
    await bot.say(*AMIRA, "CLOSE")
    await bot.say("sms", JO, "no thanks")
    replies = await bot.say("sms", JO, "hi, it's happened again")
    assert replies == [handoff_after.SAME_AGAIN.format(holder="Amira")]
    assert await bot.say("sms", JO, "no thanks") == [handoff_after.SOMETHING_ELSE]


async def test_roster_people_get_a_one_time_inbox_link_and_residents_do_not(
    staffed: Harness,
) -> None:
    bot = staffed
    [link] = await bot.say(*AMIRA, "INBOX")
    assert "/inbox/sign-in/" in link
    token = link.rsplit("/", 1)[1]
    assert await bot.count("SELECT count(*) FROM outbox WHERE text LIKE '%' || ? || '%'", token)
    replies = await bot.say("sms", JO, "inbox")
    assert not any("/inbox/sign-in/" in r for r in replies)


async def test_a_resident_who_gives_no_name_is_never_called_there_to_the_workers(
    staffed: Harness,
) -> None:
    bot = staffed
    sent = await hand_off(bot, name="skip")
    [told] = [m.text for m in sent if m.address == JO]
    assert told.startswith("Thank you. I've sent that to")
    taken = await bot.send(*AMIRA, "I'll take this", press="I'll take this")
    relayed = await bot.send("sms", JO, "thanks, after 3 is best")
    to_workers = [m.text for m in [*sent, *taken, *relayed] if m.address != JO]
    assert to_workers
    assert not any(re.search(r"\bthere\b", text) for text in to_workers), to_workers
    assert "The person: thanks, after 3 is best" in to_workers
