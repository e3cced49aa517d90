"""Meeting new neighbours: someone who offers help by text waits until a coordinator has
welcomed them, told honestly who will say hello; the coordinator's card carries the line they
approved. Pure flow tests first, then the real engine and store on the sample area."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.settings import Settings
from common.models import (
    BecomePeer,
    Context,
    ConversationKey,
    ConversationRecord,
    Helper,
    Inbound,
    Tell,
    Turn,
    WelcomePeer,
)
from flows.accompany import visit
from flows.accompany.flow import AccompanyRequest
from flows.offer import welcome
from flows.router import respond
from flows.settings import FlowSettings
from flows.step import Step
from tests.harness import harness

T0 = datetime(2026, 11, 3, 10, 0, tzinfo=UTC)
ZOE = ConversationKey("sms", "+447700900555")
HELEN = Helper(
    name="Helen Wright",
    role="coordinator",
    key=ConversationKey("sms", "+447700900402"),
    on_duty=True,
)
ANSWERS = ("I'd like to help", "the housing office", "going along with people", "Northgate")


def message(key: ConversationKey, text: str, **extra: object) -> Inbound:
    return Inbound(
        channel=key.channel,
        address=key.address,
        external_id="x",
        text=text,
        received_at=T0,
        **extra,
    )


def zoe_says(record: ConversationRecord | None, text: str, context: Context) -> Turn:
    return respond(record, message(ZOE, text), T0, FlowSettings(), context)


def zoe(welcomed: bool) -> Helper:
    return Helper(
        name="Zoe", role="peer", key=ZOE, areas=("Northgate",), accompanies=True, welcomed=welcomed
    )


def test_a_yes_to_the_read_back_waits_for_a_named_hello_and_the_coordinator_gets_the_card() -> None:
    context = Context(roster=[HELEN])
    turn = None
    for text in (*ANSWERS, "evenings", "Zoe"):
        turn = zoe_says(turn.record if turn else None, text, context)
    assert turn is not None
    shown = turn.replies[0].text.split('"')[1]
    turn = zoe_says(turn.record, "yes", context)
    [joined] = turn.effects
    assert isinstance(joined, BecomePeer)
    assert joined.shown == shown
    assert joined.accompanies
    to_zoe, card = turn.replies[:2]
    assert to_zoe.to is None
    assert to_zoe.text.startswith(
        "Thank you, Zoe. Before anyone is put in touch with you, Helen from round here will"
        " say hello."
    )
    assert card.to == HELEN.key
    assert card.text == f'New neighbour: Zoe would like to help: "{shown}". ' + (
        "Nobody here has met them yet. Welcome, or Let's talk first?"
    )
    assert card.buttons == ("Welcome", "Let's talk first")


def test_someone_already_on_the_roster_who_offers_again_sends_no_card() -> None:
    context = Context(roster=[HELEN, zoe(welcomed=True)])
    turn = None
    for text in (*ANSWERS, "evenings", "Zoe", "yes"):
        turn = zoe_says(turn.record if turn else None, text, context)
    assert turn is not None
    assert [r.to for r in turn.replies if r.to is not None] == []
    assert "You're now one of the neighbours I can ask" in turn.replies[0].text


def test_a_coordinators_welcome_is_decided_in_the_new_neighbours_conversation() -> None:
    context = Context(roster=[HELEN, zoe(welcomed=False)])
    record = ConversationRecord(channel="sms", address=HELEN.key.address, state="connect.resting")
    turn = respond(record, message(HELEN.key, "Welcome"), T0, FlowSettings(), context)
    [tell] = turn.effects
    assert isinstance(tell, Tell)
    assert tell.to == ZOE
    assert tell.event == welcome.EVENT
    event = message(ZOE, "", event=tell.event, payload=tell.payload)
    record = ConversationRecord(channel="sms", address=ZOE.address, state="connect.resting")
    turn = respond(record, event, T0, FlowSettings(), context)
    assert turn.effects == [WelcomePeer(answer="welcome", by=HELEN.key, by_name="Helen Wright")]
    assert turn.replies[0].text.startswith("Good news, Zoe: Helen has welcomed you")
    # A second coordinator answering once she is welcomed changes nothing.
    welcomed = Context(roster=[HELEN, zoe(welcomed=True)])
    turn = respond(record, event, T0, FlowSettings(), welcomed)
    assert turn.effects == []
    assert [r.text for r in turn.replies] == ["Thank you: Zoe has been welcomed already."]


def test_a_neighbour_waiting_to_be_welcomed_is_never_asked_to_go_along() -> None:
    request = AccompanyRequest(where="the housing office", when=T0 + timedelta(days=2))
    resident = ConversationRecord(
        channel="sms", address="+447700900001", state="accompany.asked_when"
    )
    for welcomed, asked in ((False, []), (True, [ZOE])):
        context = Context(roster=[HELEN, zoe(welcomed)])
        talk = Step(resident, message(resident.key, "ok"), T0, FlowSettings(), context)
        assert [h.key for h in visit.fitting(talk, request, ())] == asked


PAT = ("sms", "+447700900777")
HELEN_SMS = ("sms", "+447700900402")


async def test_lets_talk_first_is_a_conversation_through_the_bot_until_welcome(
    sample: Settings,
) -> None:
    async with harness(sample) as bot:
        await bot.say(*PAT, "hi, I'd like to help")
        for answer in ["the housing office", "a chat", "Riverside", "evenings", "Pat", "yes"]:
            await bot.say(*PAT, answer)
        assert await bot.say(*HELEN_SMS, "Let's talk first") == [
            welcome.TALKING.format(by="Helen", area="Eastfield"),
            welcome.TALKING_BY.format(name="Pat"),
        ]
        assert await bot.say(*PAT, "hi Helen, happy to chat") == ["Pat: hi Helen, happy to chat"]
        assert await bot.say(*HELEN_SMS, "lovely, tea on Friday?") == [
            "Helen: lovely, tea on Friday?"
        ]
        assert await bot.count("SELECT count(*) FROM people WHERE welcomed = 0") == 1
        assert "Pat" not in [
            p.name for p in await bot.runtime.store.search_peers(["housing"], None)
        ]
        await bot.say(*HELEN_SMS, "welcome")
        assert await bot.count("SELECT count(*) FROM people WHERE welcomed = 0") == 0
        assert await bot.count("SELECT count(*) FROM links WHERE status = 'accepted'") == 0
        assert "Pat" in [p.name for p in await bot.runtime.store.search_peers(["housing"], None)]
