"""What a deployment tells the flows: its area's name and a few limits."""

from __future__ import annotations

from datetime import timedelta

from pydantic import BaseModel, ConfigDict


class FlowSettings(BaseModel):
    """Per-deployment facts the flows need; the bot builds this from its settings."""

    model_config = ConfigDict(frozen=True)

    area: str = "Eastfield"
    # After this long without hearing from someone, they are greeted as a returning person.
    return_after: timedelta = timedelta(hours=12)
    # Longest message taken as an answer; longer ones are kept but get a polite reply.
    max_text_chars: int = 1600
    # Channels whose carrier itself confirms STOP (Twilio does on SMS): we stay quiet there.
    carrier_confirms_stop: frozenset[str] = frozenset({"sms"})
    # How long a peer has to answer a request before the resident is offered others.
    intro_wait: timedelta = timedelta(hours=24)
    # Said at once when a message suggests someone may be in danger.
    emergency: str = "999"
    crisis_line: str = "Samaritans: 116 123"
    # A handoff nobody has accepted by then goes to the duty coordinator.
    handoff_escalate_after: timedelta = timedelta(minutes=30)
    # An urgent card nobody has accepted by then goes to the duty coordinator.
    urgent_escalate_after: timedelta = timedelta(minutes=5)
    # What a resident is told about when the person who picks them up will text them.
    handoff_reply_within: timedelta = timedelta(hours=2)
    # When a check-in agreed at the end of a handoff comes.
    check_in_after: timedelta = timedelta(days=7)
    # How long peer advocates have to say yes to going with someone (at latest, the day before).
    visit_answer_within: timedelta = timedelta(hours=24)
    # Where workers open the inbox (the one-time sign-in links point here).
    public_url: str = "http://127.0.0.1:8000"
    # Local time, for "will text you by 4pm".
    timezone: str = "Europe/London"
