"""One synthetic article: its text and its annotation file, from the seed and its number.

Each article has its own random stream (seeded with the corpus seed and its index), so it
depends only on those and the registry: a smaller corpus is a prefix of a larger one.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass
from typing import Any

from kg.annotate.annotations import CLAIM_KEYS
from kg.annotate.evidence import find_all

from .claims import WRITERS
from .entities import World
from .names import CAP_PHRASE, FILLERS
from .sentences import Claim, Sentence, assemble
from .writer import ArticleWriter
from .yaml_out import yaml_value

FIRST_DAY = dt.date(2024, 1, 1)
DAYS = 731  # 2024-01-01 .. 2025-12-31
#: how often each kind of claim is written
KIND_WEIGHTS = (("commitment", 35), ("stance", 25), ("statement", 25), ("event", 15))

_ACTION_VERB = {
    "offer": "offers",
    "pledge": "pledges",
    "provide": "provides",
    "direct": "directs coordination of",
    "envisage": "would contribute",
    "rule-out": "rules out",
}
_STANCE_VERB = {
    "supports": "supports",
    "welcomes": "welcomes",
    "proposes": "proposes",
    "demands": "demands",
    "opposes": "opposes",
    "rejects": "rejects",
    "sceptical-of": "is sceptical of",
}
_EVENT_VERB = {"held": "met", "planned": "plan to meet", "potential": "may meet"}
_TITLE_VERB = {
    "commitment": "weighs contribution to",
    "stance": "takes position on",
    "statement": "speaks on",
    "event": "meets over",
}


@dataclass(frozen=True)
class _Head:
    """What the annotation says about the article itself."""

    stem: str
    title: str
    publisher: str
    published: dt.date
    assumed: bool


def write_article(world: World, seed: int, index: int) -> tuple[str, str, str, Counter]:
    """Article ``index``: (file stem, text, annotation YAML, claims by kind)."""
    rng = random.Random(f"kg-synthetic:{seed}:article:{index}")
    stem = f"{index:05d}_{rng.getrandbits(32):08x}"
    publisher = world.pools["outlet"].pick(rng)
    published = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
    assumed = rng.random() < 0.05
    writer = ArticleWriter(world, rng, publisher, published, assumed)
    sentences = _draft(writer, rng)
    _number_claims(sentences)
    head = _Head(stem, _title(world, writer.focus, sentences), publisher, published, assumed)
    text, located = _lay_out(head.title, sentences, rng)
    counts: Counter = Counter(claim.kind for claim, _quote, _offset in located)
    annotation = _annotation(world, seed, head, rng, text, located)
    return stem, text, annotation, counts


def _draft(writer: ArticleWriter, rng: random.Random) -> list[Sentence]:
    """One to six claims of weighted kinds, with a filler sentence here and there."""
    n_claims = rng.choices((1, 2, 3, 4, 5, 6), (7, 22, 32, 21, 12, 6))[0]
    sentences: list[Sentence] = []
    made = 0
    kinds = [k for k, _ in KIND_WEIGHTS]
    weights = [w for _, w in KIND_WEIGHTS]
    while made < n_claims:
        new = WRITERS[rng.choices(kinds, weights)[0]](writer)
        made += sum(len(s.claims) for s in new)
        sentences.extend(new)
        if rng.random() < 0.3:
            sentences.append(Sentence([rng.choice(FILLERS)]))
    return sentences


def _number_claims(sentences: list[Sentence]) -> None:
    """Claim ids, in order; an event that follows an earlier event gets its real id."""
    counter = 0
    last_event: str | None = None
    for sentence in sentences:
        for claim in sentence.claims:
            counter += 1
            lead = claim.fields.get("actor") or claim.fields.get("participants", ["x"])[0]
            claim.id = f"{counter:02d}-{claim.kind}-{lead}"[:60].rstrip("-")
            if claim.fields.get("target") == "claim:pending":
                if last_event:
                    claim.fields["target"] = last_event
                else:
                    del claim.fields["target"]
            if claim.kind == "event":
                last_event = claim.id
    for sentence in sentences:
        for claim in sentence.claims:
            speech = claim.fields.get("expressed_in")
            if isinstance(speech, Claim):
                claim.fields["expressed_in"] = speech.id


def _title(world: World, focus: str, sentences: list[Sentence]) -> str:
    first = sentences[0].claims[0] if sentences[0].claims else None
    topic = world.ents[focus].label
    if first is not None and first.fields.get("actor") in world.ents:
        head = world.ents[first.fields["actor"]].label
        return f"{head} {_TITLE_VERB[first.kind]} {topic}"
    return f"Talks continue on {topic}"


def _lay_out(
    title: str, sentences: list[Sentence], rng: random.Random
) -> tuple[str, list[tuple[Claim, str, int]]]:
    """The text in paragraphs of one to three sentences, and each claim with its quote and
    where the quote landed."""
    text_parts = [title, "\n"]
    pos = len(title) + 1
    located: list[tuple[Claim, str, int]] = []  # claim, quote, offset
    i = 0
    while i < len(sentences):
        group = sentences[i : i + rng.choice((1, 2, 2, 3))]
        i += len(group)
        for j, sentence in enumerate(group):
            if j:
                text_parts.append(" ")
                pos += 1
            body, spans = assemble(sentence.parts)
            for claim in sentence.claims:
                start, end = spans[claim.key]
                located.append((claim, body[start:end], pos + start))
            text_parts.append(body)
            pos += len(body)
        text_parts.append("\n")
        pos += 1
    return "".join(text_parts), located


def _annotation(
    world: World,
    seed: int,
    head: _Head,
    rng: random.Random,
    text: str,
    located: list[tuple[Claim, str, int]],
) -> str:
    """The annotation file, in the real format: article metadata, then each claim."""
    y = yaml_value
    lines = [
        f"# Synthetic article {head.stem}, generated by kg.synthetic (seed {seed}).",
        "",
        "article:",
        f"  title: {y(head.title)}",
        f"  publisher: {y(head.publisher)}",
        f"  published: {head.published.isoformat()}",
    ]
    if head.assumed:
        lines += [
            "  published_assumed: true",
            f"  date_note: {y('The article states no date; taken from its feed entry.')}",
        ]
    if rng.random() < 0.5:
        lines.append(f"  url: {y(f'https://example.org/{head.publisher}/{head.stem}')}")
    lines += ["  language: en", "", "claims:"]
    for claim, quote, offset in located:
        lines += _claim_lines(world, claim, quote, find_all(text, quote).index(offset) + 1)
    return "\n".join(lines)


def _claim_lines(world: World, claim: Claim, quote: str, occurrence: int) -> list[str]:
    y = yaml_value
    f = claim.fields
    lines = [
        f"  - id: {y(claim.id)}",
        f"    kind: {claim.kind}",
        f"    summary: {y(summary(world, claim.kind, f))}",
        f"    quote: {y(quote)}",
    ]
    if occurrence > 1:
        lines.append(f"    occurrence: {occurrence}")
    for key in CLAIM_KEYS[CLAIM_KEYS.index("actor") :]:
        value = f.get(key)
        if value is None:
            continue
        if isinstance(value, str) and value.startswith("claim:"):
            value = value.removeprefix("claim:")
        lines.append(f"    {key}: {y(value)}")
    lines.append("")
    return lines


def summary(world: World, kind: str, f: dict[str, Any]) -> str:
    """A claim's one-line summary, from its fields: "Poland pledges troops for ..."."""

    def label(ent_id: str) -> str:
        return world.ents[ent_id].label if ent_id in world.ents else "an earlier event"

    target = f.get("target")
    if isinstance(target, str) and target.startswith("claim:"):
        target = None
    about = label(target) if target else None
    actor = label(f["actor"]) if "actor" in f else None
    if kind == "commitment":
        caps = ", ".join(CAP_PHRASE[c] for c in f["capability"])
        text = f"{actor} {_ACTION_VERB[f['action']]} {caps}" + (f" for {about}" if about else "")
    elif kind == "stance":
        verb = _STANCE_VERB[f["stance"]]
        if f.get("polarity") == "negative":
            verb = "does not " + verb.rstrip("s")
        text = f"{actor} {verb} {about}" if about else f"{actor} {_STANCE_VERB[f['stance']]}"
    elif kind == "statement":
        text = f"{actor} comments on " + (about or "the talks")
    else:
        who = " and ".join(label(p) for p in f["participants"])
        text = f"{who} {_EVENT_VERB[f['status']]}" + (f" about {about}" if about else "")
    if f.get("modality") == "hedged":
        text += " (hedged)"
    return text
