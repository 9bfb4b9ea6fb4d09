"""Find a quote in its article: exact character offsets, the sentence around it, or the
closest passage when the quote is not there verbatim.

Offsets count characters (Unicode code points) into the article text exactly as stored,
like the W3C Web Annotation TextPositionSelector: ``text[start:end] == quote``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

#: a sentence ends at . ! ? (optionally followed by a closing quote) before white space and
#: a capital letter or an opening quote, or at a line break
_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"’']?(?=\s+[“\"A-Z0-9])|\n")
CONTEXT_CHARS = 32


@dataclass(frozen=True)
class Span:
    """Where a quote sits in an article."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    sentence: str
    sentence_start: int


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence, with surrounding white space trimmed."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end() if match.group() != "\n" else match.start()
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    trimmed = []
    for s, e in bounds:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed


def find_all(text: str, quote: str) -> list[int]:
    """Start offsets of every occurrence of ``quote`` in ``text``."""
    starts, i = [], text.find(quote)
    while i != -1:
        starts.append(i)
        i = text.find(quote, i + 1)
    return starts


def locate(text: str, quote: str, occurrence: int = 1, *, bounds: list[tuple[int, int]] | None = None) -> Span | None:
    """The ``occurrence``-th (1-based) exact match of ``quote``, or None if there is none."""
    starts = find_all(text, quote) if quote else []
    if len(starts) < occurrence:
        return None
    start = starts[occurrence - 1]
    end = start + len(quote)
    if bounds is None:
        bounds = sentence_bounds(text)
    covering = [(s, e) for s, e in bounds if s < end and e > start]
    s0 = covering[0][0] if covering else start
    e0 = covering[-1][1] if covering else end
    return Span(
        start=start,
        end=end,
        exact=quote,
        prefix=text[max(0, start - CONTEXT_CHARS):start],
        suffix=text[end:end + CONTEXT_CHARS],
        sentence=text[s0:e0],
        sentence_start=s0,
    )


def closest_passage(text: str, quote: str) -> tuple[str, int, float]:
    """The passage of ``text`` most like ``quote``: (passage, start offset, similarity 0..1).

    Looks at every window of the quote's length that starts at a word boundary, scoring
    with difflib; good enough to point an annotator at a typo or a curly quote.
    """
    if not text or not quote:
        return "", 0, 0.0
    n = len(quote)
    best = ("", 0, -1.0)
    starts = [0] + [m.end() for m in re.finditer(r"\s+", text)]
    quick = difflib.SequenceMatcher(autojunk=False)
    quick.set_seq2(quote)
    for s in starts:
        window = text[s:s + n]
        quick.set_seq1(window)
        if quick.real_quick_ratio() <= best[2] or quick.quick_ratio() <= best[2]:
            continue
        ratio = quick.ratio()
        if ratio > best[2]:
            best = (window, s, ratio)
    return best[0], best[1], max(best[2], 0.0)
