"""Find a quote in its article: exact character offsets, the sentence around it, or the
closest passage when the quote is not there verbatim.

Offsets count characters (Unicode code points) into the article text exactly as stored,
like the W3C Web Annotation TextPositionSelector: ``text[start:end] == quote``.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter
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


def locate(
    text: str, quote: str, occurrence: int = 1, *, bounds: list[tuple[int, int]] | None = None
) -> Span | None:
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
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
        sentence=text[s0:e0],
        sentence_start=s0,
    )


#: characters of a quote compared when looking for its closest passage (its start locates it)
PROBE_CHARS = 300
#: at most this many windows are scored; a longer article is searched near the quote's words
MAX_WINDOWS = 5_000


def _candidate_starts(text: str, probe: str, starts: list[int]) -> list[int]:
    """Word starts where ``probe`` would begin if one of its words were in place, by votes."""
    votes: Counter[int] = Counter()
    offsets: dict[str, int] = {}
    for match in re.finditer(r"\w{4,}", probe):
        offsets.setdefault(match.group(), match.start())
    for word, offset in list(offsets.items())[:24]:
        for hit in re.finditer(re.escape(word), text):
            i = bisect.bisect_right(starts, max(hit.start() - offset, 0)) - 1
            votes[starts[max(i, 0)]] += 1
    return sorted(s for s, _ in votes.most_common(MAX_WINDOWS)) or starts[:MAX_WINDOWS]


def closest_passage(text: str, quote: str) -> tuple[str, int, float]:
    """The passage of ``text`` most like ``quote``: (passage, start offset, similarity 0..1).

    Looks at windows of the quote's length that start at a word boundary, scoring their first
    :data:`PROBE_CHARS` characters with difflib; in a long article only the windows near
    where the quote's words occur. Good enough to point an annotator at a typo or a curly
    quote, in bounded time whatever the sizes.
    """
    if not text or not quote:
        return "", 0, 0.0
    probe = quote[:PROBE_CHARS]
    best = ("", 0, -1.0)
    starts = [0] + [m.end() for m in re.finditer(r"\s+", text)]
    if len(starts) > MAX_WINDOWS:
        starts = _candidate_starts(text, probe, starts)
    quick = difflib.SequenceMatcher(autojunk=False)
    quick.set_seq2(probe)
    for s in starts:
        window = text[s : s + len(probe)]
        quick.set_seq1(window)
        if quick.real_quick_ratio() <= best[2] or quick.quick_ratio() <= best[2]:
            continue
        ratio = quick.ratio()
        if ratio > best[2]:
            best = (window, s, ratio)
    return text[best[1] : best[1] + len(quote)], best[1], max(best[2], 0.0)
