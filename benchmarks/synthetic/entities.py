"""The in-memory registry articles are written from: entries, weighted pools, text helpers."""

from __future__ import annotations

import bisect
import random
import re
from dataclasses import dataclass, field
from typing import Any

from kg.annotate.annotations import HEDGE_WORDS
from kg.annotate.registry import SECTIONS

from .names import STATES

#: the registry's kinds of entry, in the order its file lists them ("actors" -> "actor")
KINDS = tuple(section.removesuffix("s") for section in SECTIONS)


@dataclass
class Ent:
    """One registry entry, with what the text generator needs to write about it."""

    kind: str
    id: str
    label: str
    fields: dict[str, Any] = field(default_factory=dict)  # YAML fields after id and label
    mentions: list[str] = field(default_factory=list)  # ways a text names it
    home: str | None = None  # the state a person, body or group belongs to
    role: str | None = None  # "Poland’s defence minister", for people
    phrase: str | None = None  # running-text form of a proposal or outcome
    caps: list[str] = field(default_factory=list)
    anonymous: bool = False

    @property
    def type(self) -> str | None:
        return self.fields.get("type")


#: words that keep their capital in running text: demonyms, country names, acronyms
PROPER_WORDS = frozenset(
    word
    for row in STATES.splitlines()
    for word in (row.split("|")[0].split()[0], row.split("|")[2])
) | {"NATO", "American", "European", "US", "UN", "EU", "G7", "White", "Security Council"}


def running(label: str) -> str:
    """A label as it reads inside a sentence: "Elections in X" -> "elections in X"."""
    first = label.split(" ", 1)[0].rstrip(":,")
    if first in PROPER_WORDS or (first.isupper() and len(first) > 1) or label[1:2].isupper():
        return label
    return label[:1].lower() + label[1:]


_HEDGED_WORD = re.compile(r"\b(" + "|".join(HEDGE_WORDS) + r")\b", re.IGNORECASE)
_ASCII = str.maketrans("áíłńóśżățș", "ailnoszats")


def slug(text: str) -> str:
    """A registry id made from a name: "Suwałki Gap" -> "suwalki-gap"."""
    text = text.casefold().replace("’", "").replace("'", "").translate(_ASCII)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


class Pool:
    """Weighted (Zipf-like) choice among ids: earlier ids are mentioned far more often."""

    def __init__(self, ids: list[str], exponent: float = 0.9) -> None:
        self.ids = ids
        total = 0.0
        self.cum: list[float] = []
        for rank in range(len(ids)):
            total += 1.0 / (rank + 1) ** exponent
            self.cum.append(total)
        self.total = total

    def pick(self, rng: random.Random) -> str:
        return self.ids[min(bisect.bisect(self.cum, rng.random() * self.total), len(self.ids) - 1)]

    def __bool__(self) -> bool:
        return bool(self.ids)


class World:
    """All registry entries plus the pools articles draw actors, plans and outcomes from."""

    def __init__(self) -> None:
        self.ents: dict[str, Ent] = {}
        self.order: dict[str, list[str]] = {k: [] for k in KINDS}
        self.demonym: dict[str, str] = {}
        self.holders: dict[str, list[str]] = {}  # state -> people holding its offices
        self.pools: dict[str, Pool] = {}
        self.seed_ids: set[str] = set()  # ids taken from the template project's registry

    def add(self, ent: Ent) -> Ent:
        base, n = ent.id, 2
        while ent.id in self.ents:
            ent.id = f"{base}-{n}"
            n += 1
        self.ents[ent.id] = ent
        self.order[ent.kind].append(ent.id)
        # a name with a hedge word in it ("approximately ten nations") would make a firm
        # claim's quote look hedged; texts use the other names
        ent.mentions = [m for m in ent.mentions if not _HEDGED_WORD.search(m)] or [ent.label]
        return ent

    def actors(self, *types: str, anonymous: bool | None = None) -> list[str]:
        return [
            i
            for i in self.order["actor"]
            if (not types or self.ents[i].type in types)
            and (anonymous is None or self.ents[i].anonymous == anonymous)
        ]
