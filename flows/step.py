"""One turn as every flow sees it (``Step``), and the stack of where to go back to."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from common.models import Context, ConversationKey, ConversationRecord, Effect, Inbound, Reply, Turn
from flows.anywhere.keywords import Keyword, classify_folded
from flows.safety import DangerSignal
from flows.safety.combine import ENCODER_CUE, combine
from flows.safety.kinds import Tier
from flows.settings import FlowSettings
from flows.text import Said

# The offer-help flow's states (``flows.offer``, which imports this module).
OFFERING = "offer."

# Where a sub-flow (an offer to help, going with someone, checking in) goes back to when
# it ends: a list of states in ``record.data``, the newest last.
RETURN_TO = "return_to"


@dataclass
class Step:
    """One message or event being decided: the record, the message read once, the clock,
    settings and context, and what the turn will say and do."""

    record: ConversationRecord
    message: Inbound
    now: datetime
    settings: FlowSettings
    context: Context
    replies: list[Reply] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
    returning: bool = False  # back after the return gap (read before this message counts)
    from_flood: bool = False  # what a flood pause held, answered now: not counted again
    safe_said: bool = False  # "are you safe?" answered or let pass: what raised it is read again

    @cached_property
    def text(self) -> Said:
        """What they typed or pressed, with its folded and plain forms kept."""
        return Said(self.message.press or self.message.text)

    @cached_property
    def typed(self) -> Said:
        """What they typed, never a button pressed, read once."""
        pressed = self.message.press
        return self.text if not pressed or pressed == self.message.text else Said(self.message.text)

    @cached_property
    def keyword(self) -> Keyword | None:
        """STOP, START, HELP, PERSON or FORGET typed (never pressed), or None."""
        if self.message.press or self.message.event:
            return None
        return classify_folded(self.text.folded)

    @cached_property
    def danger(self) -> DangerSignal | None:
        """Signs of danger in what they typed, read by the patterns and the encoder together
        (its reading in ``context.danger``), with how sure they are (read only when a guard
        asks). Danger is read for the person the conversation is about: the words of someone
        holding a resident's conversation, or talking with one through the bot, are theirs
        to pass on, so they are not read here."""
        if self.message.press or self.message.event or self.speaks_for_another or self.safe_said:
            return None
        signal = combine(self.message.text, self.context.danger)
        if signal is None or signal.cue != ENCODER_CUE:
            return signal
        return None if self._in_a_role or self._asks_person_on_a_lean(signal) else signal

    @property
    def _in_a_role(self) -> bool:
        """Someone on the roster ("it went well, she was brave"), or offering help and
        telling what they have been through ("been through the benefits tribunal twice"),
        writes in a role: the encoder's lean alone is not read for them; what the patterns
        read still counts."""
        offering = self.record.state.startswith(OFFERING)
        return offering or self.context.helper(self.record.key) is not None

    def _asks_person_on_a_lean(self, signal: DangerSignal) -> bool:
        """Someone asking for a person, with only a lean to ask about, is about to have one."""
        return signal.tier is Tier.CHECK_IN and self.keyword is Keyword.PERSON

    @property
    def speaks_for_another(self) -> bool:
        """They hold a resident's conversation, or talk with one through the bot."""
        return any(link.status == "accepted" for link in self.context.links_as_helper)

    # The flows' state machines keep their state on the record (``model_attribute``).
    @property
    def fsm_state(self) -> str:
        return self.record.state

    @fsm_state.setter
    def fsm_state(self, state: str) -> None:
        self.record.state = str(state)

    @property
    def journey(self) -> str:
        """The journey the conversation is in: "listen" for "listen.asked_what"."""
        return self.record.state.partition(".")[0]

    @property
    def data(self) -> dict[str, Any]:
        return self.record.data

    def kept(self, part: str) -> dict[str, Any]:
        """One journey's own answers inside the record's data (made empty the first time)."""
        found: dict[str, Any] = self.record.data.setdefault(part, {})
        return found

    @property
    def name(self) -> str:
        """How to address the resident: the name they gave, or "there"."""
        return str(self.data.get("name") or "there")

    def called(self, capital: bool = False) -> str:
        """The resident as the people on the roster hear of them: their name, or "the
        person" (they may have skipped the name, or an urgent card went before it)."""
        return str(self.data.get("name") or ("The person" if capital else "the person"))

    @property
    def by_name(self) -> str:
        """ ", Jo" to speak to them by name ("Thank you, Jo."), or nothing when they gave none."""
        name = self.data.get("name")
        return f", {name}" if name else ""

    def say(
        self, text: str, buttons: tuple[str, ...] = (), to: ConversationKey | None = None
    ) -> None:
        if to is None:  # our own words to them: no need to validate what a flow just wrote
            self.replies.append(Reply.model_construct(text=text, buttons=buttons, to=None))
        else:
            self.replies.append(Reply(text=text, buttons=buttons, to=to))

    def move(self, state: str) -> None:
        self.record.state = str(state)

    def join_held(self, text: str) -> None:
        """Go on with ``text``: this message with what a flood pause held before it."""
        if text is not self.message.text:
            self.message = self.message.model_copy(update={"text": text})
            self.__dict__.pop("text", None)
            self.__dict__.pop("typed", None)

    def read_again(self, text: str) -> None:
        """Decide on ``text`` as a message of its own (what a flood pause held, released, or
        the words that raised "are you safe?", once they said they are)."""
        update: dict[str, Any] = {"text": text, "press": None, "event": None, "payload": {}}
        self.message = self.message.model_copy(update=update)
        # The encoder read the message that arrived, not these words: the patterns read them.
        self.context = self.context.model_copy(update={"danger": None})
        self.from_flood = True
        for kept in ("text", "typed", "keyword", "danger"):
            self.__dict__.pop(kept, None)

    def turn(self) -> Turn:
        return Turn(record=self.record, replies=self.replies, effects=self.effects)

    # The return stack ------------------------------------------------------------------

    def push_return(self, state: str) -> None:
        """Come back to ``state`` when the sub-flow starting now ends."""
        self.data.setdefault(RETURN_TO, []).append(str(state))

    def pop_return(self, default: str) -> str:
        """Where the sub-flow that just ended came from (``default`` if nowhere was kept)."""
        stack = self.data.get(RETURN_TO) or []
        state = str(stack.pop()) if stack else default
        if not stack:
            self.data.pop(RETURN_TO, None)
        return state

    def returns_to(self) -> list[str]:
        """The states waiting underneath the current one, the newest last."""
        return [str(s) for s in self.data.get(RETURN_TO) or []]
