"""The part of a Telegram update the bot reads, checked before anything is taken from it.

python-telegram-bot parses leniently (a message without a chat parses, then breaks
whoever reads its chat), so the fields we use are validated here first: exact types, no
nulls, ids within the 52 bits Telegram promises. What else an update holds is ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    ValidationError,
    field_validator,
)
from telegram.constants import MessageAttachmentType

# Telegram: user and chat ids "have at most 52 significant bits".
MAX_ID = 2**52
Id = Annotated[StrictInt, Field(ge=-MAX_ID, le=MAX_ID)]


class MalformedUpdate(ValueError):
    """Not the shape Telegram sends; ``kind`` says where it went wrong, never what it held."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class _Shape(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    @field_validator("*", mode="before")
    @classmethod
    def _not_null(cls, value: object) -> object:
        # Telegram leaves a field out rather than sending null: a null is not its doing.
        if value is None:
            raise ValueError("null where a value belongs")
        return value


class Chat(_Shape):
    """Where a message was written: only a private chat is a conversation."""

    id: Id
    type: StrictStr


class User(_Shape):
    """Who pressed a button."""

    id: Id


class Button(_Shape):
    """An inline button of a message the bot sent."""

    text: StrictStr
    callback_data: StrictStr | None = None


class Keyboard(_Shape):
    """The inline keyboard under a message."""

    inline_keyboard: list[list[Button]] = []


class Message(_Shape):
    """A message, new or edited, or the one a pressed button was under."""

    model_config = ConfigDict(frozen=True, extra="allow")  # attachments are read by name

    chat: Chat
    date: StrictInt  # 0 marks a message too old for Telegram to show us
    text: StrictStr | None = None
    caption: StrictStr | None = None
    reply_markup: Keyboard | None = None

    @property
    def has_media(self) -> bool:
        """Whether it carries a photo, voice note, sticker or any other attachment."""
        extra = self.model_extra or {}
        return any(extra.get(kind.value) for kind in MessageAttachmentType)


class CallbackQuery(_Shape):
    """A button press."""

    id: StrictStr
    from_: User = Field(alias="from")
    message: Message | None = None
    data: StrictStr | None = None


class Update(_Shape):
    """One update: at most one of the kinds we take in; any other kind is ignored."""

    update_id: Annotated[StrictInt, Field(ge=0, le=MAX_ID)]
    message: Message | None = None
    edited_message: Message | None = None
    callback_query: CallbackQuery | None = None


S = TypeVar("S", bound=_Shape)


class _Numbered(_Shape):
    update_id: Annotated[StrictInt, Field(ge=0, le=MAX_ID)]


def read_update(data: object) -> Update:
    """``data`` checked as an update; MalformedUpdate when it is not one."""
    return _validate(Update, data)


def update_id_of(data: object) -> int | None:
    """The update's number, if it has a readable one (to confirm it when long polling)."""
    try:
        return _validate(_Numbered, data).update_id
    except MalformedUpdate:
        return None


def _validate(model: type[S], data: object) -> S:
    if not isinstance(data, Mapping):
        raise MalformedUpdate("an update is a JSON object")
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise MalformedUpdate(_where(error)) from error


def _where(error: ValidationError) -> str:
    # The place and the kind of fault only: the input may quote a person's words.
    first = error.errors(include_input=False, include_url=False)[0]
    place = ".".join(str(part) for part in first["loc"]) or "update"
    return f"{place}: {first['type']}"
