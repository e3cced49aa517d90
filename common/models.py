"""The shared vocabulary: messages in, messages out, and a conversation's record."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from common.places import Places


class Channel(StrEnum):
    """Where a message came from or goes to."""

    SMS = "sms"
    TELEGRAM = "telegram"
    WEB = "web"
    CONSOLE = "console"


class ConversationKey(NamedTuple):
    """One conversation: a channel and that channel's address for the person."""

    channel: str
    address: str


class Inbound(BaseModel):
    """A message from a person, as a connector normalised it."""

    model_config = ConfigDict(frozen=True)

    channel: str
    address: str = Field(min_length=1, max_length=64)
    external_id: str = Field(min_length=1, max_length=128)
    text: str = ""
    press: str | None = None
    has_media: bool = False
    received_at: datetime
    # A timer firing arrives as an event in its conversation, with what it was set with.
    event: str | None = None
    payload: dict[str, Any] = Field(default_factory=dict)

    @property
    def key(self) -> ConversationKey:
        return ConversationKey(self.channel, self.address)


class Reply(BaseModel):
    """Words a flow wants to send, with optional buttons (degraded per channel on sending).

    ``to`` is another conversation (a peer being asked, a relay); by default the reply goes
    back to the person who wrote.
    """

    model_config = ConfigDict(frozen=True)

    text: str
    buttons: tuple[str, ...] = ()
    to: ConversationKey | None = None


class Outbound(BaseModel):
    """A message ready to leave through a connector."""

    model_config = ConfigDict(frozen=True)

    channel: str
    address: str
    text: str
    buttons: tuple[str, ...] = ()
    outbox_id: int | None = None


class ConversationRecord(BaseModel):
    """What the store keeps about one conversation; flows read it and return a new one."""

    channel: str
    address: str
    state: str
    data: dict[str, Any] = Field(default_factory=dict)
    opted_out: bool = False
    last_seen_at: datetime | None = None
    buttons: tuple[str, ...] = ()

    @property
    def key(self) -> ConversationKey:
        return ConversationKey(self.channel, self.address)


class ForgetMe(BaseModel):
    """Erase everything held about this person; the replies go out, then are erased too."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["forget_me"] = "forget_me"


class StartTimer(BaseModel):
    """Come back to this conversation at ``due_at`` with event ``name``."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["start_timer"] = "start_timer"
    name: str
    due_at: datetime
    payload: dict[str, Any] = Field(default_factory=dict)


class CancelTimers(BaseModel):
    """Forget this conversation's pending timers called ``name``."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["cancel_timers"] = "cancel_timers"
    name: str


class AskHelper(BaseModel):
    """Ask a named person to take on this resident (an introduction or a handoff)."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["ask_helper"] = "ask_helper"
    link: Literal["intro", "handoff"]
    helper: ConversationKey
    helper_name: str
    resident_name: str
    summary: str


class AnswerLink(BaseModel):
    """A link changes status: accepted, declined, expired or closed."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["answer_link"] = "answer_link"
    link_id: int
    status: Literal["accepted", "declined", "expired", "closed"]


class BecomePeer(BaseModel):
    """Someone offered to help others; they join the roster as a peer with an offer."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["become_peer"] = "become_peer"
    name: str
    offer: str
    areas: tuple[str, ...] = ()
    free: str = ""
    # What residents will be shown about them, exactly as it was read back and agreed.
    shown: str = ""
    # They said they would go along with people (asked to, once they are welcomed).
    accompanies: bool = False


class WelcomePeer(BaseModel):
    """A coordinator answered a new neighbour's card, kept in the neighbour's conversation:
    ``welcome`` lets residents be offered them; ``talk`` opens a conversation with them first."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["welcome_peer"] = "welcome_peer"
    answer: Literal["welcome", "talk"]
    by: ConversationKey
    by_name: str


class Helper(BaseModel):
    """Someone on the roster a flow may ask: a worker, the duty coordinator or a peer."""

    model_config = ConfigDict(frozen=True)

    name: str
    role: Literal["worker", "coordinator", "peer"]
    key: ConversationKey
    organisation: str = ""
    areas: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    accompanies: bool = False
    on_duty: bool = False
    # False where their channel is off in this deployment: a card or a request to them
    # would wait for ever, so nobody asks them (the engine sets it from the channels on).
    # Also False while a coordinator has paused them: nobody new is sent their way.
    reachable: bool = True
    # Paused by a coordinator: what they hold stays theirs; they are asked nothing new.
    paused: bool = False
    # False for someone who offered help by text and whom no coordinator has welcomed yet:
    # residents are not offered them, and they are not asked to go with anyone.
    welcomed: bool = True


class OfferHandoff(BaseModel):
    """Offer a resident's card to these people: a new handoff, or more people for the open one.

    A resident has at most one open handoff, so the store finds it by the resident alone.
    """

    model_config = ConfigDict(frozen=True)

    kind: Literal["offer_handoff"] = "offer_handoff"
    card: dict[str, Any]
    resident_name: str
    helpers: tuple[Helper, ...]
    urgent: bool = False
    new: bool = True


class CloseHandoff(BaseModel):
    """The resident's open handoff is over: it is marked closed, and so are its held links."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["close_handoff"] = "close_handoff"


class MarkAlarm(BaseModel):
    """The resident's open handoff's alarm changed, for the inbox to show on its card: they
    said it was a misunderstanding (``words``), or a holder (``by``) stood it down or raised it."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["mark_alarm"] = "mark_alarm"
    change: Literal["misunderstood", "stood_down", "raised"]
    by: str = ""
    words: str = ""


class Tell(BaseModel):
    """Pass an event to another conversation, processed there in its turn.

    A worker's "I'll take this" is decided in the resident's conversation, one message at
    a time, so two presses at the same moment give one holder.
    """

    model_config = ConfigDict(frozen=True)

    kind: Literal["tell"] = "tell"
    to: ConversationKey
    event: str
    payload: dict[str, Any] = Field(default_factory=dict)


class IssueSignIn(BaseModel):
    """Send this person a one-time link to the worker inbox; ``{token}`` in ``text`` is its key."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["issue_sign_in"] = "issue_sign_in"
    text: str


class SetOnDuty(BaseModel):
    """The person texting is on duty now (new cards come to them), or off duty."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["set_on_duty"] = "set_on_duty"
    on: bool


class RecordConsent(BaseModel):
    """The person agreed to share ``shared`` with ``shared_with``; kept as the record of consent."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["record_consent"] = "record_consent"
    purpose: Literal["group_contact", "intro", "handoff", "accompany"]
    shared_with: str
    shared: str


VisitStatus = Literal["asking", "covered", "after", "unanswered", "cancelled", "done"]


class AskVisit(BaseModel):
    """Ask these peers to go with the resident: a new request, or a new round for the open one."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["ask_visit"] = "ask_visit"
    resident_name: str
    place: str
    at: datetime
    notes: str = ""
    peers: tuple[Helper, ...]
    new: bool = True


class AnswerVisit(BaseModel):
    """A peer's answer to a request; accepted makes them the one who goes, withdrawn undoes it."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["answer_visit"] = "answer_visit"
    visit_id: int
    peer: ConversationKey
    answer: Literal["accepted", "declined", "withdrawn"]


class UpdateVisit(BaseModel):
    """A visit moves on: its status, or what each said afterwards and the time given."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["update_visit"] = "update_visit"
    visit_id: int
    status: VisitStatus | None = None
    resident_said: str | None = None
    peer_said: str | None = None
    minutes: int | None = None


class Count(BaseModel):
    """Add one to an anonymous count kept for insights: a week, a measure, a neighbourhood
    and an item from a fixed list (a theme, a question); never a person, a number or words."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["count"] = "count"
    week: str  # the Monday of the ISO week, YYYY-MM-DD
    measure: str
    area: str = ""
    item: str = ""


Effect = Annotated[
    StartTimer
    | CancelTimers
    | ForgetMe
    | AskHelper
    | AnswerLink
    | BecomePeer
    | WelcomePeer
    | OfferHandoff
    | CloseHandoff
    | MarkAlarm
    | Tell
    | IssueSignIn
    | SetOnDuty
    | RecordConsent
    | AskVisit
    | AnswerVisit
    | UpdateVisit
    | Count,
    Field(discriminator="kind"),
]


class Link(BaseModel):
    """A resident and one named person talking through the bot (see ``AskHelper``)."""

    id: int
    kind: Literal["intro", "handoff"]
    status: Literal["asked", "accepted", "declined", "expired", "closed"]
    resident: ConversationKey
    resident_name: str
    helper: ConversationKey
    helper_name: str
    summary: str
    handoff_id: int | None = None


class Visit(BaseModel):
    """A request for a peer to go with a resident to an appointment (see ``AskVisit``)."""

    id: int
    status: VisitStatus
    resident: ConversationKey
    resident_name: str
    place: str
    at: datetime
    notes: str = ""
    peer: ConversationKey | None = None
    peer_name: str = ""
    # Peers asked who have not answered yet, and those who said no (not asked again).
    asked: tuple[ConversationKey, ...] = ()
    declined: tuple[ConversationKey, ...] = ()
    resident_said: str | None = None
    peer_said: str | None = None
    minutes: int | None = None


class Option(BaseModel):
    """One thing the bot can offer a person: a local group or a peer, with why it came up."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["group", "peer"]
    ref: str
    name: str
    line: str
    why: str = ""
    details: str = ""
    contact_name: str | None = None
    contact: ConversationKey | None = None


class DangerReading(BaseModel):
    """What the sentence encoder read in a message, worked out by the engine off the event
    loop before the turn: the tier ("urgent" or "check_in", or "quiet" when it is sure there
    is none) and the kind of danger it leans to."""

    tier: Literal["urgent", "check_in", "quiet"]
    kind: str


class Context(BaseModel):
    """What the engine looked up for a flow before it decides (flows do no I/O)."""

    options: list[Option] = Field(default_factory=list)
    # The first name of a local worker on duty, to offer by name when nothing else fits.
    worker: str | None = None
    links_as_resident: list[Link] = Field(default_factory=list)
    links_as_helper: list[Link] = Field(default_factory=list)
    # Workers, the coordinator and peers: who a handoff can go to (small, read from a cache).
    roster: list[Helper] = Field(default_factory=list)
    # Where places are, read with the roster: who serves where a resident is.
    places: Places = Field(default_factory=Places)
    # Read only when a visit may be involved (see flows.accompany.visit): the open request,
    # the requests this person is asked about or going to, their time given; and, only when
    # peers may be asked, every visit a peer is booked for.
    visit: Visit | None = None
    visits_as_peer: list[Visit] = Field(default_factory=list)
    minutes_given: int = 0
    booked: list[Visit] = Field(default_factory=list)
    # Read only when someone answers a card none is waiting on them for: who holds the
    # handoff whose card they were sent last (empty when nobody does, or it is closed).
    last_card_holders: list[Link] = Field(default_factory=list)
    # The encoder's reading of this message, when it found a sign of danger.
    danger: DangerReading | None = None

    def helper(self, key: ConversationKey | tuple[Any, ...]) -> Helper | None:
        """The person on the roster with this key, or None if they are not on it."""
        return next((h for h in self.roster if tuple(h.key) == tuple(key)), None)


class Turn(BaseModel):
    """What a flow decided for one message: the new record, replies and effects."""

    record: ConversationRecord
    replies: list[Reply] = Field(default_factory=list)
    effects: list[Effect] = Field(default_factory=list)
