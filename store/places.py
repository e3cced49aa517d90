"""Where places are, as imports describe them: a places file, HSDS service areas and
addresses, and the areas on the roster; kept in the ``places`` table.

Reading is pure; :func:`save_places` runs inside the caller's transaction. A place learned
twice keeps every district either time gave it, and a parent once known is kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import aiosqlite
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from common.directory import districts
from common.places import Place

# "EF1 to EF6", "EF1-EF6": every district between, as a service area's description says.
_RANGE = re.compile(r"\b([a-z]{1,2})(\d{1,2})\s*(?:to|-)\s*\1(\d{1,2})\b", re.IGNORECASE)
# A capitalised name after "of" or "in": "the Northgate neighbourhood of Eastfield".
_NAME = r"([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)"
_OF = re.compile(rf"\b(?:of|in)\s+(?:the\s+)?{_NAME}")
_SHORT = 4
_LONGEST_RANGE = 30


class PlaceEntry(BaseModel):
    """One place as a file writes it: its name, the area it is part of, its districts."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=100)
    parent: str | None = Field(default=None, max_length=100)
    districts: list[str] = Field(default_factory=list)

    def place(self) -> Place:
        """As the store and flows keep it, districts in upper case."""
        codes = tuple(dict.fromkeys(d.strip().upper() for d in self.districts if d.strip()))
        parent = self.parent if self.parent and _key(self.parent) != _key(self.name) else None
        return Place(name=self.name, parent=parent, districts=codes)


def read_places_file(path: Path) -> list[Place]:
    """The places in a JSON list of ``{"name", "parent", "districts"}``; raises ValueError."""
    try:
        data = json.loads(path.read_text("utf-8-sig"))
        return [PlaceEntry.model_validate(entry).place() for entry in data]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, TypeError) as error:
        raise ValueError(f"{path.name}: not a JSON list of places ({error})") from error
    except ValidationError as error:
        raise ValueError(f"{path.name}: {error.errors()[0]['msg']}") from error


def from_service_area(name: str, description: str) -> Place | None:
    """The place an HSDS service area names, its parent and districts, if it names one.

    "Northgate" described as "The Northgate neighbourhood of Eastfield, EF2" is Northgate,
    part of Eastfield, with EF2; a sentence ("all residents of the MyCity area, including
    all postcodes starting with AB1, AB2 and AB3") names MyCity with those districts.
    """
    # An area named only by its postcode district is a district, not a place.
    place = _place_name(name) if name.strip() else _place_name(description)
    if place is None:
        return None
    parents = [p for p in _OF.findall(f"{name} {description}") if _key(p) != _key(place)]
    codes = sorted(districts_in(f"{name} {description}"))
    return PlaceEntry(name=place, parent=parents[0] if parents else None, districts=codes).place()


def from_address(city: str | None, postal_code: str | None) -> Place | None:
    """A town and the postcode district of an address in it ("Eastfield", "EF2 4NP": EF2)."""
    codes = districts(postal_code or "")
    if not city or not city.strip() or not codes:
        return None
    return PlaceEntry(name=city, districts=sorted(codes)).place()


def from_areas(areas: Iterable[str]) -> list[Place]:
    """The named places among a roster entry's areas (a postcode district is not a place)."""
    return [Place(name=a.strip()) for a in areas if a.strip() and not _only_districts(a)]


def districts_in(text: str) -> set[str]:
    """Postcode districts ``text`` names, ranges ("EF1 to EF6") filled in."""
    found = districts(text)
    for letters, first, last in _RANGE.findall(text):
        low, high = sorted((int(first), int(last)))
        if high - low <= _LONGEST_RANGE:
            found |= {f"{letters.casefold()}{n}" for n in range(low, high + 1)}
    return found


async def save_places(conn: aiosqlite.Connection, places: Sequence[Place]) -> None:
    """Add or widen places, inside the caller's transaction."""
    merged = _merge(await load_places(conn, [p.name for p in places]), places)
    await conn.executemany(
        "INSERT INTO places (name, parent, districts) VALUES (?, ?, ?)"
        " ON CONFLICT (name) DO UPDATE SET parent = excluded.parent,"
        " districts = excluded.districts"
        " WHERE parent IS NOT excluded.parent OR districts IS NOT excluded.districts",
        [(p.name, p.parent, json.dumps(list(p.districts))) for p in merged],
    )


async def load_places(
    conn: aiosqlite.Connection, names: Sequence[str] | None = None
) -> list[Place]:
    """Every place the store knows (or only those called ``names``)."""
    rows = await conn.execute_fetchall("SELECT name, parent, districts FROM places ORDER BY name")
    wanted = None if names is None else {_key(n) for n in names}
    return [
        Place(name=r[0], parent=r[1], districts=tuple(json.loads(r[2])))
        for r in rows
        if wanted is None or _key(r[0]) in wanted
    ]


def _merge(known: list[Place], new: Sequence[Place]) -> list[Place]:
    by_name = {_key(p.name): p for p in known}
    for place in new:
        old = by_name.get(_key(place.name))
        if old is not None:
            codes = tuple(dict.fromkeys((*old.districts, *place.districts)))
            place = Place(name=old.name, parent=place.parent or old.parent, districts=codes)
        by_name[_key(place.name)] = place
    return list(by_name.values())


def _place_name(text: str) -> str | None:
    """``text`` itself when it is a short name, else the name a sentence says it is "of"."""
    text = " ".join(text.split()).strip(" .")
    if not text or _only_districts(text):
        return None
    if len(text.split()) <= _SHORT and not re.search(r"[,.;:]", text):
        return text
    named = _OF.findall(text)
    return str(named[0]) if named else None


def _only_districts(text: str) -> bool:
    letters = re.sub(r"\b[a-z]{1,2}\d[\da-z]?(?:\s*\d[a-z]{2})?\b", "", text.casefold())
    return bool(districts(text)) and not re.search(r"[a-z]", letters)


def _key(name: str) -> str:
    return " ".join(name.casefold().split())
