"""The course's one cast: the fictional people, places and handles, read from ``cast.toml``.

The sample community joins its members from here, and tests/test_cast.py holds every lesson,
exercise and quiz to it, so Rosa lives in the same town in lesson 2 and lesson 8.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["Cast", "Member", "Person", "Place", "cast"]


@dataclass(frozen=True)
class Member:
    """A member of the sample community."""

    handle: str
    name: str
    role: str
    signature: str | None = None
    also: tuple[str, ...] = ()  # other spellings of the name (Nour for نور)


@dataclass(frozen=True)
class Person:
    """Someone the lessons name who is not a sample member."""

    name: str
    surname: str = ""
    towns: tuple[str, ...] = ()
    role: str = ""


@dataclass(frozen=True)
class Place:
    name: str
    kind: str


@dataclass(frozen=True)
class Cast:
    title: str
    town: str
    members: tuple[Member, ...]
    people: tuple[Person, ...]
    places: tuple[Place, ...]
    handles: dict[str, str]  # handle -> who it is (members included)
    not_cast: frozenset[str]
    sources: tuple[str, ...] = ()  # real guides and organisations credited in trainer notes

    def names(self) -> frozenset[str]:
        """Every first name, surname and other spelling the cast knows."""
        found = {m.name for m in self.members} | {a for m in self.members for a in m.also}
        for person in self.people:
            found.add(person.name)
            found.update(part for part in person.surname.split("-") if part)
        return frozenset(found)

    def place_words(self) -> frozenset[str]:
        """Every word of every place name ("Market", "Road", ...)."""
        return frozenset(word for place in self.places for word in place.name.split())

    def source_words(self) -> frozenset[str]:
        """Every word of every credited source's name ("Surveillance", "Detox", ...)."""
        return frozenset(re.findall(r"[A-Za-z]+", " ".join(self.sources)))

    def towns(self) -> frozenset[str]:
        return frozenset(p.name for p in self.places if p.kind == "town")


def _load(text: str) -> Cast:
    data = tomllib.loads(text)
    members = tuple(
        Member(m["handle"], m["name"], m["role"], m.get("signature"), tuple(m.get("also", ())))
        for m in data["members"]
    )
    handles = {m.handle: m.name for m in members} | {
        h["handle"]: h["who"] for h in data.get("handles", [])
    }
    return Cast(
        title=data["community"]["title"],
        town=data["community"]["town"],
        members=members,
        people=tuple(
            Person(p["name"], p.get("surname", ""), tuple(p.get("towns", ())), p.get("role", ""))
            for p in data.get("people", [])
        ),
        places=tuple(Place(p["name"], p["kind"]) for p in data.get("places", [])),
        handles=handles,
        not_cast=frozenset(data.get("words", {}).get("not_cast", ())),
        sources=tuple(source["name"] for source in data.get("sources", [])),
    )


@cache
def cast() -> Cast:
    """The cast in ``toolkit/forum/cast.toml`` (read once)."""
    return _load((resources.files("toolkit") / "forum" / "cast.toml").read_text("utf-8"))
