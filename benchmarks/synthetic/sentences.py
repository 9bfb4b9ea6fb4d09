"""Sentences as lists of parts with quote markers, and the claims each sentence carries."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any


class Quote:
    """A marker in a list of sentence parts: the quote ``key`` opens (True) or closes here."""

    __slots__ = ("key", "opens")

    def __init__(self, key: str, opens: bool) -> None:
        self.key, self.opens = key, opens


#: what a sentence is made of: text, and markers where a claim's quote starts and ends
Parts = list[str | Quote]

_OPENING_QUOTE = re.compile(r"(?<=“)[a-z]")


def opening(key: str = "q") -> Quote:
    return Quote(key, True)


def closing(key: str = "q") -> Quote:
    return Quote(key, False)


def assemble(parts: Parts) -> tuple[str, dict[str, tuple[int, int]]]:
    """Join parts into a sentence (first letter upper-cased) and the spans of its quotes."""
    out: list[str] = []
    pos = 0
    opened: dict[str, int] = {}
    spans: dict[str, tuple[int, int]] = {}
    for part in parts:
        if isinstance(part, Quote):
            if part.opens:
                opened[part.key] = pos
            else:
                spans[part.key] = (opened.pop(part.key), pos)
        else:
            out.append(part)
            pos += len(part)
    sentence = _OPENING_QUOTE.sub(lambda m: m.group(0).upper(), "".join(out))
    return sentence[:1].upper() + sentence[1:], spans


@dataclass
class Claim:
    """A claim being written: its kind, its annotation fields, and which quote is its evidence."""

    kind: str
    fields: dict[str, Any]
    key: str  # which quote span of its sentence is its evidence
    id: str = ""


@dataclass
class Sentence:
    parts: Parts
    claims: list[Claim] = field(default_factory=list)
