"""Reading Open Referral HSDS 3.0 directories into flat group records.

Accepts every shape a directory publishes: a single service, an organization with its
services, a service at a location, a paged list (``contents``), a plain JSON list, a
folder of such files, or the tabular CSV datapackage (``services.csv`` and the tables
that hang off it). Pure: reads files, writes nothing. A record that cannot be used is
returned as ``Skipped``, saying where it was and which field was wrong.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import phonenumbers
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from common.places import Place
from store.places import from_address, from_service_area

Status = Literal["active", "inactive", "defunct", "temporarily closed"]
Row = dict[str, Any]

# Phone types someone can send a text message to; HSDS leaves the type as free text.
_TEXTABLE = frozenset({"cell", "mobile", "sms", "text"})
_DAYS = {"MO": "Mon", "TU": "Tue", "WE": "Wed", "TH": "Thu", "FR": "Fri", "SA": "Sat", "SU": "Sun"}
_NTH = {"1": "1st", "2": "2nd", "3": "3rd", "4": "4th", "5": "5th", "-1": "last"}
_TIME = re.compile(r"^\s*(\d{1,2}):(\d{2})")


class GroupRecord(BaseModel):
    """One local group as the store keeps it: a directory service, flattened."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(min_length=1, max_length=200)
    name: str = Field(min_length=1, max_length=300)
    status: Status = "active"
    organization: str = ""
    description: str = ""
    keywords: str = ""
    email: str | None = None
    url: str | None = None
    phones: tuple[str, ...] = ()
    schedule: str = ""
    place: str = ""
    address: str = ""
    areas: tuple[str, ...] = ()
    contact_name: str | None = None
    contact_phone: str | None = None
    extra: dict[str, Any] = Field(default_factory=dict)
    # Where its service areas and addresses say places are (kept in the places table).
    places: tuple[Place, ...] = ()


class Skipped(BaseModel):
    """A record that was not imported: where it was, and why."""

    model_config = ConfigDict(frozen=True)

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


Parsed = GroupRecord | Skipped


# What is read from HSDS: only the fields used, lenient about the rest (feeds vary).
class _In(BaseModel):
    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True, str_strip_whitespace=True)


class _Phone(_In):
    number: str | None = None
    extension: str | None = None
    type: str | None = None


class _Contact(_In):
    name: str | None = None
    email: str | None = None
    phones: list[_Phone] = Field(default_factory=list)


class _Schedule(_In):
    description: str | None = None
    freq: str | None = None
    byday: str | None = None
    opens_at: str | None = None
    closes_at: str | None = None


class _Address(_In):
    address_1: str | None = None
    address_2: str | None = None
    city: str | None = None
    postal_code: str | None = None


class _Location(_In):
    name: str | None = None
    location_type: str | None = None
    addresses: list[_Address] = Field(default_factory=list)
    phones: list[_Phone] = Field(default_factory=list)
    contacts: list[_Contact] = Field(default_factory=list)
    schedules: list[_Schedule] = Field(default_factory=list)


class _AtLocation(_In):
    location: _Location | None = None
    phones: list[_Phone] = Field(default_factory=list)
    contacts: list[_Contact] = Field(default_factory=list)
    schedules: list[_Schedule] = Field(default_factory=list)


class _Named(_In):
    name: str | None = None
    description: str | None = None


class _Attribute(_In):
    taxonomy_term: _Named | None = None


class _Organization(_In):
    name: str | None = None
    email: str | None = None
    website: str | None = None
    phones: list[_Phone] = Field(default_factory=list)


class _Service(_In):
    id: str = Field(min_length=1, max_length=200)
    name: str = Field(min_length=1, max_length=300)
    status: Status = "active"
    alternate_name: str | None = None
    description: str | None = None
    url: str | None = None
    email: str | None = None
    fees_description: str | None = None
    application_process: str | None = None
    last_modified: str | None = None
    organization: _Organization | None = None
    program: _Named | None = None
    phones: list[_Phone] = Field(default_factory=list)
    schedules: list[_Schedule] = Field(default_factory=list)
    service_areas: list[_Named] = Field(default_factory=list)
    service_at_locations: list[_AtLocation] = Field(default_factory=list)
    contacts: list[_Contact] = Field(default_factory=list)
    languages: list[_Named] = Field(default_factory=list)
    attributes: list[_Attribute] = Field(default_factory=list)


def read_path(path: Path) -> list[Parsed]:
    """Every service in the file or folder at ``path``, as records or reasons to skip."""
    if path.is_dir() and (path / "services.csv").is_file():
        return list(_csv_services(path))
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".json" and p.is_file())
        return [parsed for file in files for parsed in _read_json(file)]
    return list(_read_json(path))


def parse_document(data: Any, where: str) -> list[Parsed]:
    """The services inside one HSDS JSON document, whatever its shape."""
    return list(_document(data, where))


def to_record(service: Any, where: str) -> Parsed:
    """One HSDS service object (nested form) as a record, or why it cannot be used."""
    if not isinstance(service, dict):
        return Skipped(where=where, reason=f"expected a service object, found {_kind(service)}")
    try:
        return _flatten(_Service.model_validate(service))
    except ValidationError as error:
        return Skipped(where=where, reason=_reason(error))


def _read_json(file: Path) -> Iterator[Parsed]:
    try:
        data = json.loads(file.read_text("utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        yield Skipped(where=file.name, reason=f"not readable as JSON ({error})")
        return
    yield from _document(data, file.name)


def _document(data: Any, where: str) -> Iterator[Parsed]:
    if isinstance(data, list):
        for index, item in enumerate(data):
            yield from _document(item, f"{where}[{index}]")
    elif not isinstance(data, dict):
        yield Skipped(where=where, reason=f"expected an HSDS object, found {_kind(data)}")
    elif isinstance(data.get("contents"), list):
        for index, item in enumerate(data["contents"]):
            yield from _document(item, f"{where} contents[{index}]")
    elif isinstance(data.get("service"), dict):
        # A service at a location: the service, seen at that one place.
        at_location = {k: v for k, v in data.items() if k != "service"}
        yield to_record({**data["service"], "service_at_locations": [at_location]}, where)
    elif isinstance(data.get("services"), list) and "status" not in data:
        # An organization with its services: each service belongs to it.
        organization = {k: v for k, v in data.items() if k != "services"}
        for index, item in enumerate(data["services"]):
            service = {"organization": organization, **item} if isinstance(item, dict) else item
            yield to_record(service, f"{where} services[{index}]")
    else:
        yield to_record(data, where)


def _flatten(service: _Service) -> GroupRecord:
    organization = service.organization or _Organization()
    locations = [s.location for s in service.service_at_locations if s.location]
    contacts = _contacts(service)
    contact = next((c for c in contacts if c.name), None)
    return GroupRecord(
        id=service.id,
        name=service.name,
        status=service.status,
        organization=organization.name or "",
        description=service.description or "",
        keywords=_keywords(service),
        email=service.email or organization.email,
        url=service.url or organization.website,
        phones=_phones(service, organization),
        schedule=_schedules(service),
        place=_place(locations),
        address=_address(locations),
        areas=_unique(a.name or a.description for a in service.service_areas),
        contact_name=contact.name if contact else None,
        contact_phone=_textable(contact.phones) if contact else None,
        extra=_extra(service, locations),
        places=_places(service, locations),
    )


def _places(service: _Service, locations: list[_Location]) -> tuple[Place, ...]:
    areas = (from_service_area(a.name or "", a.description or "") for a in service.service_areas)
    towns = (from_address(a.city, a.postal_code) for loc in locations for a in loc.addresses)
    return tuple(p for p in (*areas, *towns) if p is not None)


def _contacts(service: _Service) -> list[_Contact]:
    at = service.service_at_locations
    return [
        *service.contacts,
        *(c for s in at for c in s.contacts),
        *(c for s in at if s.location for c in s.location.contacts),
    ]


def _keywords(service: _Service) -> str:
    words = [service.alternate_name, service.program.name if service.program else None]
    words += [a.taxonomy_term.name for a in service.attributes if a.taxonomy_term]
    # Languages spoken there are searchable: "she only speaks Arabic" should find them.
    words += [language.name for language in service.languages]
    return "; ".join(_unique(words))


def _phones(service: _Service, organization: _Organization) -> tuple[str, ...]:
    at = service.service_at_locations
    found = [
        *service.phones,
        *(p for s in at for p in s.phones),
        *(p for s in at if s.location for p in s.location.phones),
        *organization.phones,
    ]
    shown = (display_phone(p.number, p.extension) for p in found if (p.type or "") != "fax")
    return _unique(shown)


def _schedules(service: _Service) -> str:
    at = service.service_at_locations
    found = [
        *service.schedules,
        *(s for a in at for s in a.schedules),
        *(s for a in at if a.location for s in a.location.schedules),
    ]
    return "; ".join(_unique(_schedule_text(s) for s in found))


def _place(locations: list[_Location]) -> str:
    for location in locations:
        if location.name:
            return location.name
        if location.addresses and location.addresses[0].address_1:
            return location.addresses[0].address_1
    return ""


def _address(locations: list[_Location]) -> str:
    for location in locations:
        for address in location.addresses:
            parts = [location.name, address.address_1, address.address_2, address.city]
            line = ", ".join(_unique(parts))
            return f"{line} {address.postal_code}".strip() if address.postal_code else line
    return ""


def _extra(service: _Service, locations: list[_Location]) -> dict[str, Any]:
    extra: dict[str, Any] = {
        "alternate_name": service.alternate_name,
        "fees": service.fees_description,
        "how_to_go": service.application_process,
        "last_modified": service.last_modified,
        "languages": list(_unique(lang.name for lang in service.languages)),
        "other_places": list(_unique(loc.name for loc in locations[1:])),
    }
    return {key: value for key, value in extra.items() if value}


def _schedule_text(schedule: _Schedule) -> str:
    """When a schedule is open, in a few words ("Tue and Thu 10am-2pm")."""
    days = _days(schedule.byday or "", schedule.freq or "")
    hours = _hours(schedule.opens_at, schedule.closes_at)
    structured = " ".join(part for part in (days, hours) if part)
    return structured or (schedule.description or "")


def _days(byday: str, freq: str) -> str:
    names = []
    for code in (c.strip().upper() for c in byday.split(",") if c.strip()):
        day = _DAYS.get(code[-2:])
        nth = _NTH.get(code[:-2]) if code[:-2] else None
        if day:
            names.append(f"{nth} {day}" if nth else day)
    if not names:
        return ""
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    if freq.upper() == "MONTHLY":
        return f"{listed} of the month"
    return listed


def _hours(opens: str | None, closes: str | None) -> str:
    start, end = _clock(opens), _clock(closes)
    if start and end:
        return f"{start}-{end}"
    return f"from {start}" if start else ""


def _clock(value: str | None) -> str:
    match = _TIME.match(value or "")
    if not match:
        return ""
    hour, minute = int(match.group(1)), match.group(2)
    suffix = "am" if hour < 12 else "pm"
    hour = hour % 12 or 12
    return f"{hour}{suffix}" if minute == "00" else f"{hour}.{minute}{suffix}"


def _parse_phone(raw: str | None, region: str = "GB") -> phonenumbers.PhoneNumber | None:
    cleaned = (raw or "").strip().strip("\"'").strip()
    if not cleaned:
        return None
    try:
        number = phonenumbers.parse(cleaned, region)
    except phonenumbers.NumberParseException:
        return None
    # "Possible", not "valid": reserved fictional ranges are well-formed but never "valid".
    return number if phonenumbers.is_possible_number(number) else None


def e164(raw: str | None, region: str = "GB") -> str | None:
    """A phone number in E.164 ("+447700900123"), or None when it is not a phone number."""
    number = _parse_phone(raw, region)
    return (
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if number else None
    )


def display_phone(raw: str | None, extension: str | None = None) -> str | None:
    """A number as people dial it here ("01632 960101"), keeping text that is not a number."""
    number = _parse_phone(raw)
    if number is None:
        cleaned = (raw or "").strip().strip("\"'").strip()
        return cleaned if sum(c.isdigit() for c in cleaned) >= 3 else None
    style = phonenumbers.PhoneNumberFormat
    shown = phonenumbers.format_number(
        number, style.NATIONAL if number.country_code == 44 else style.INTERNATIONAL
    )
    return f"{shown} ext. {extension}" if extension else shown


def _textable(phones: list[_Phone]) -> str | None:
    for phone in phones:
        number = _parse_phone(phone.number)
        if number is None:
            continue
        mobile = number.country_code == 44 and str(number.national_number).startswith("7")
        if mobile or (phone.type or "").lower() in _TEXTABLE:
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


def _unique(values: Any) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for value in values:
        text = " ".join(str(value).split()) if value else ""
        if text and text.casefold() not in {s.casefold() for s in seen}:
            seen[text] = None
    return tuple(seen)


def _kind(value: Any) -> str:
    return {list: "a list", str: "text", type(None): "null"}.get(type(value), type(value).__name__)


def _reason(error: ValidationError) -> str:
    problems = []
    for item in error.errors()[:3]:
        field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in item["loc"])
        problems.append(f"{field.lstrip('.') or 'record'}: {item['msg']}")
    return "; ".join(problems)


# The tabular datapackage: one CSV per table, joined back into nested services.


def _csv_services(folder: Path) -> Iterator[Parsed]:
    tables = _Tables(folder)
    for number, row in enumerate(tables.rows("services"), start=2):
        where = f"services.csv line {number}"
        yield to_record(tables.nest(row), where)


class _Tables:
    """The CSV tables of a datapackage, indexed by the ids that link them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.by_id = {name: self._index(name) for name in _BY_ID}
        self.children: dict[tuple[str, str], dict[str, list[Row]]] = {}

    def rows(self, table: str) -> list[Row]:
        path = self.folder / f"{table}.csv"
        if not path.is_file():
            return []
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return [
                {k: v for k, v in r.items() if k and v not in ("", None)}
                for r in csv.DictReader(handle)
            ]

    def _index(self, table: str) -> dict[str, Row]:
        return {row["id"]: row for row in self.rows(table) if "id" in row}

    def of(self, table: str, key: str, value: str | None) -> list[Row]:
        """Rows of ``table`` whose ``key`` column is ``value``."""
        if (table, key) not in self.children:
            grouped: dict[str, list[Row]] = defaultdict(list)
            for row in self.rows(table):
                if key in row:
                    grouped[row[key]].append(row)
            self.children[(table, key)] = grouped
        return self.children[(table, key)].get(value or "", [])

    def nest(self, service: Row) -> Row:
        """A services.csv row with its linked rows, in the nested JSON shape."""
        sid = service.get("id")
        return {
            **service,
            "organization": self._organization(service.get("organization_id")),
            "program": self.by_id["programs"].get(service.get("program_id", "")),
            "service_areas": self.of("service_areas", "service_id", sid),
            "phones": self.of("phones", "service_id", sid),
            "schedules": self.of("schedules", "service_id", sid),
            "contacts": self._contacts("service_id", sid),
            "languages": self.of("languages", "service_id", sid),
            "attributes": self._attributes(sid),
            "service_at_locations": [
                self._at_location(at) for at in self.of("service_at_location", "service_id", sid)
            ],
        }

    def _organization(self, oid: str | None) -> Row | None:
        organization = self.by_id["organizations"].get(oid or "")
        if organization is None:
            return None
        return {**organization, "phones": self.of("phones", "organization_id", oid)}

    def _contacts(self, key: str, value: str | None) -> list[Row]:
        return [
            {**c, "phones": self.of("phones", "contact_id", c.get("id"))}
            for c in self.of("contacts", key, value)
        ]

    def _attributes(self, sid: str | None) -> list[Row]:
        terms = self.by_id["taxonomy_terms"]
        return [
            {**a, "taxonomy_term": terms.get(a.get("taxonomy_term_id", ""))}
            for a in self.of("attributes", "link_id", sid)
        ]

    def _at_location(self, at: Row) -> Row:
        lid, aid = at.get("location_id"), at.get("id")
        location = self.by_id["locations"].get(lid or "")
        if location is not None:
            location = {**location, "addresses": self.of("addresses", "location_id", lid)}
        return {
            **at,
            "location": location,
            "phones": self.of("phones", "service_at_location_id", aid),
            "schedules": self.of("schedules", "service_at_location_id", aid),
            "contacts": self._contacts("service_at_location_id", aid),
        }


_BY_ID = ("organizations", "programs", "locations", "taxonomy_terms")
