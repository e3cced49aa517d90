"""Where places are: each neighbourhood's parent area and postcode districts, and the one rule
that says whether an area someone serves covers the place a person named.

The store keeps the table and the engine hands it to flows in their context; offering a
group or a peer, asking peers to go with someone and finding workers on duty all ask
:meth:`Places.fit`, so they never disagree about who is local.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import IntEnum
from functools import cached_property

from pydantic import BaseModel, ConfigDict

from common.directory import districts, place_named, same_place, words


class Fit(IntEnum):
    """How well an area someone serves fits where a person is; a bigger value fits better."""

    NO = 0  # they serve somewhere else
    ANYWHERE = 1  # they serve the whole area, or nobody knows where in it the person is
    HERE = 2  # they serve the person's own neighbourhood or postcode district


class Place(BaseModel):
    """A named place: the area it is part of (none: the served area) and its districts."""

    model_config = ConfigDict(frozen=True)

    name: str
    parent: str | None = None
    districts: tuple[str, ...] = ()


class Places(BaseModel):
    """The served area (``WCWD_AREA``) and the places in it, as the store knows them."""

    model_config = ConfigDict(frozen=True)

    whole: str = ""
    parts: tuple[Place, ...] = ()

    def fit(self, areas: Sequence[str], place: str | None) -> Fit:
        """How well someone serving ``areas`` fits a person who said they are in ``place``.

        Serving nowhere in particular, or a person who named nowhere more particular than
        the whole area, fits anywhere.
        """
        if not areas:
            return Fit.ANYWHERE if not self._outside(place or "") else Fit.NO
        return max(self._fit_one(served, place or "") for served in areas)

    def place_in(self, text: str, also: Iterable[str] = ()) -> str | None:
        """The place (or postcode district) ``text`` names, as this table names it, or one
        of ``also``. The listen flow keeps it and the options look-up reads it: one reader,
        so they agree."""
        return place_named(text, {self.whole, *(p.name for p in self.parts), *also})

    def covers(self, areas: Sequence[str], place: str | None) -> bool:
        """Whether someone serving ``areas`` serves a person in ``place`` (see :meth:`fit`)."""
        return self.fit(areas, place) is not Fit.NO

    def _fit_one(self, served: str, place: str) -> Fit:
        if self._is_whole(served):
            return Fit.NO if self._outside(place) else Fit.ANYWHERE
        named = self.named(place)
        if not words(place).strip() or named == {self._key(self.whole)}:
            return Fit.ANYWHERE
        if same_place(served, place):
            return Fit.HERE
        if self.parts and not named and not districts(place):
            # Where the table knows the area's parts, words that name none of them ("round
            # the back of the big tesco") say no more than a skip: somewhere in the area.
            return Fit.ANYWHERE
        return Fit.HERE if self.named(served) & self.within(named) else Fit.NO

    def named(self, text: str) -> set[str]:
        """The most particular known places ``text`` names, by name or postcode district."""
        said, codes = words(text), districts(text)
        found = {
            self._key(p.name)
            for p in self._all()
            if words(p.name) in said or codes & {d.casefold() for d in p.districts}
        }
        # "Eastfield Centre" and "EF2" also name the areas they are in: keep the smallest.
        return {n for n in found if not any(n in self._above(m) for m in found)}

    def within(self, named: set[str]) -> set[str]:
        """The places named and every area each is part of, up to the served area."""
        return named | {a for n in named for a in self._above(n)}

    @cached_property
    def _parents(self) -> dict[str, str]:
        return {self._key(p.name): self._key(p.parent or self.whole) for p in self.parts}

    def _above(self, key: str) -> set[str]:
        parents = self._parents
        seen: set[str] = set()
        while key in parents and parents[key] not in seen and parents[key] != key:
            key = parents[key]
            seen.add(key)
        if key != self._key(self.whole) and self.whole:
            seen.add(self._key(self.whole))
        return seen

    def _is_whole(self, served: str) -> bool:
        whole = self._key(self.whole)
        return bool(whole) and (self._key(served) == whole or self.named(served) == {whole})

    def _outside(self, place: str) -> bool:
        """A postcode district nobody here knows, where the table knows the area's districts."""
        known = {d.casefold() for p in self.parts for d in p.districts}
        codes = districts(place)
        return bool(codes and known) and not (codes & known) and not self.named(place)

    def _all(self) -> tuple[Place, ...]:
        return (*self.parts, Place(name=self.whole)) if self.whole else self.parts

    @staticmethod
    def _key(name: str) -> str:
        return words(name).strip()
