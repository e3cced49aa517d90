"""Settings from the environment or ``.env``, validated at start-up."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from flows.settings import FlowSettings
from store.connection import Synchronous

# Where the inbox's sign-in links point when neither WCWD_PUBLIC_URL nor a served address
# is known (the console and replay, which serve nothing): the address `make run` uses.
LOCAL_URL = "http://127.0.0.1:8000"


class Settings(BaseSettings):
    """Every setting has a default that needs no accounts; the sandbox is on only when asked."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    db: Path = Field(default=Path("whatcanwedo.db"), alias="WCWD_DB")
    # NORMAL survives the process being killed; FULL survives a power cut too, more slowly.
    sqlite_synchronous: Synchronous = Field(default="NORMAL", alias="WCWD_SQLITE_SYNCHRONOUS")
    area: str = Field(default="Eastfield", alias="WCWD_AREA", min_length=1, max_length=60)
    return_after_hours: float = Field(default=12, alias="WCWD_RETURN_AFTER_HOURS", gt=0)
    max_text_chars: int = Field(default=1600, alias="WCWD_MAX_TEXT_CHARS", ge=160)
    retention_days: int = Field(default=365, alias="WCWD_RETENTION_DAYS", ge=1)
    log_key: str | None = Field(default=None, alias="WCWD_LOG_KEY", min_length=16)
    log_level: str = Field(default="INFO", alias="WCWD_LOG_LEVEL")
    handoff_escalate_after: float = Field(default=30, alias="WCWD_HANDOFF_ESCALATE_AFTER", gt=0)
    urgent_escalate_minutes: float = Field(default=5, alias="WCWD_URGENT_ESCALATE_MINUTES", gt=0)
    visit_answer_within: float = Field(default=24, alias="WCWD_VISIT_ANSWER_WITHIN", gt=0)
    timezone: str = Field(default="Europe/London", alias="WCWD_TIMEZONE")
    # The web sandbox lets anyone act as anyone: only for trying the bot on this machine.
    sandbox: bool = Field(default=False, alias="WCWD_SANDBOX")
    # Checked with the channel settings (bot.channels); here for the inbox's sign-in links.
    public_url: str | None = Field(default=None, alias="WCWD_PUBLIC_URL")
    # /metrics answers only with this bearer token, and not at all while it is unset.
    metrics_token: str | None = Field(default=None, alias="WCWD_METRICS_TOKEN", min_length=16)

    def flow_settings(self) -> FlowSettings:
        """The part of the settings the flows see."""
        return FlowSettings(
            area=self.area,
            return_after=timedelta(hours=self.return_after_hours),
            max_text_chars=self.max_text_chars,
            handoff_escalate_after=timedelta(minutes=self.handoff_escalate_after),
            urgent_escalate_after=timedelta(minutes=self.urgent_escalate_minutes),
            public_url=self.public_url or LOCAL_URL,
            visit_answer_within=timedelta(hours=self.visit_answer_within),
            timezone=self.timezone,
        )

    def served_at(self, host: str, port: int) -> Settings:
        """These settings, with links pointing at ``host:port`` unless WCWD_PUBLIC_URL is set."""
        if self.public_url:
            return self
        return self.model_copy(update={"public_url": local_url(host, port)})

    @field_validator("sandbox", mode="before")
    @classmethod
    def _on_or_off(cls, value: object) -> object:
        if isinstance(value, str):
            word = value.strip().lower()
            if word not in ("on", "off"):
                raise ValueError("WCWD_SANDBOX must be on or off")
            return word == "on"
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (KeyError, ValueError) as error:
            raise ValueError(f"unknown time zone {name!r}; try Europe/London") from error
        return name


def local_url(host: str, port: int) -> str:
    """The http URL of ``host:port``; an IPv6 host in brackets, "anywhere" as this machine."""
    host = host.strip("[]")
    if host in ("", "0.0.0.0", "::"):  # noqa: S104 (mapped to loopback, not bound)
        host = "::1" if host == "::" else "127.0.0.1"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
