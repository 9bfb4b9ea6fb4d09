"""Read an article's annotation file into typed, checked records.

An annotation file ``seeds/NAME.yaml`` sits beside the article ``seeds/NAME.txt``. It holds
the article's metadata and its claims; each claim quotes its evidence verbatim and refers
to registry ids. :func:`load_article` checks everything a person can get wrong (unknown
ids, quotes not in the text, duplicate ids, bad dates, missing fields, wrong types) and
raises :class:`~kg.errors.AnnotationError` naming the file, the line and the claim.

The format is documented in ``docs/authoring.md``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.annotate.evidence import Span, closest_passage, find_all, locate, sentence_bounds
from kg.annotate.registry import CAPABILITIES, ID_PATTERN, Registry
from kg.annotate.yamlfile import LineDict, brief, load_yaml, read_text
from kg.errors import AnnotationError, a
from kg.project import MAX_ARTICLE_BYTES

KINDS = ("commitment", "stance", "statement", "event")
ACTIONS = {
    "offer": "Offer",
    "pledge": "Pledge",
    "provide": "Provide",
    "direct": "Direct",
    "envisage": "Envisage",
    "rule-out": "RuleOut",
}
STANCES = {
    "supports": "Supports",
    "welcomes": "Welcomes",
    "proposes": "Proposes",
    "demands": "Demands",
    "opposes": "Opposes",
    "rejects": "Rejects",
    "sceptical-of": "ScepticalOf",
}
EVENT_STATUSES = {"held": "Held", "planned": "Planned", "potential": "Potential"}
PROPOSAL_STATUSES = {
    "under-discussion": "UnderDiscussion",
    "in-preparation": "InPreparation",
    "agreed": "Agreed",
    "abandoned": "Abandoned",
}
MODALITIES = {"firm": "Firm", "hedged": "Hedged"}
POLARITIES = {"positive": "Positive", "negative": "Negative"}
DATE_BASES = {
    "stated": "StatedDate",
    "publication-date": "PublicationDate",
    "assumed-publication-date": "AssumedPublicationDate",
}
#: words that usually hedge a claim; a firm claim whose quote has one gets a warning
HEDGE_WORDS = (
    "may",
    "might",
    "could",
    "probably",
    "possibly",
    "potentially",
    "potential",
    "expected",
    "approximately",
    "anticipate",
    "likely",
    "reportedly",
    "perhaps",
    "ideally",
    "believe",
)

#: every key a claim may have, in the order annotation files write them
CLAIM_KEYS = (
    "id",
    "kind",
    "summary",
    "quote",
    "occurrence",
    "actor",
    "participants",
    "action",
    "stance",
    "channel",
    "status",
    "target",
    "expressed_in",
    "proposal_status",
    "location",
    "beneficiary",
    "capability",
    "quantity",
    "condition",
    "source",
    "modality",
    "cue",
    "polarity",
    "when",
    "date",
    "date_basis",
)
_KIND_KEYS = {"actor", "participants", "action", "stance", "channel", "status"}
_COMMON = set(CLAIM_KEYS) - _KIND_KEYS
_BY_KIND = {
    "commitment": {"actor", "action"},
    "stance": {"actor", "stance"},
    "statement": {"actor", "channel"},
    "event": {"participants", "status"},
}
_REQUIRED = ("id", "kind", "summary", "quote", "source", "modality")
_REQUIRED_BY_KIND = {
    "commitment": ("actor", "action"),
    "stance": ("actor", "stance", "target"),
    "statement": ("actor",),
    "event": ("status",),
}
_ARTICLE_KEYS = {
    "title",
    "publisher",
    "published",
    "published_assumed",
    "date_note",
    "url",
    "language",
}


@dataclass
class Claim:
    """One claim, with registry ids resolved and its evidence located."""

    id: str
    kind: str
    summary: str
    quote: str
    span: Span
    source: str
    sourcing: str  # NamedSource, AnonymousSource or ReporterVoice
    modality: str  # Firm or Hedged
    polarity: str  # Positive or Negative
    line: int
    cues: list[str] = field(default_factory=list)
    actor: str | None = None
    action: str | None = None
    stance: str | None = None
    channel: str | None = None
    participants: list[str] = field(default_factory=list)
    status: str | None = None
    target: str | None = None  # a registry id, or "claim:ID" for a claim of this article
    expressed_in: str | None = None  # a claim id of this article
    proposal_status: str | None = None
    location: str | None = None
    beneficiary: str | None = None
    capabilities: list[str] = field(default_factory=list)
    quantity: str | None = None
    condition: str | None = None
    when: str | None = None
    date: dt.date | None = None
    date_basis: str | None = None


@dataclass
class Article:
    """One article: its text, metadata and claims."""

    id: str
    text_path: Path
    annotation_path: Path
    text: str
    title: str
    publisher: str
    published: dt.date
    published_assumed: bool
    date_note: str | None
    url: str | None
    language: str
    claims: list[Claim]
    warnings: list[str] = field(default_factory=list)


ARTICLE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class _Reader:
    """Checks one annotation file; every failure names the file, line and claim."""

    def __init__(self, path: Path, registry: Registry) -> None:
        self.path = path
        self.registry = registry

    def fail(self, line: int | None, message: str, hint: str | None = None) -> AnnotationError:
        return AnnotationError(message, file=self.path, line=line, hint=hint)

    def text_field(
        self, entry: LineDict, key: str, where: str, *, required: bool = False
    ) -> str | None:
        value = entry.get(key)
        if value is None:
            if required:
                raise self.fail(entry.line, f"{where} is missing required field '{key}'")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.fail(
                entry.line, f"{where}: '{key}' must be text, got {type(value).__name__}"
            )
        text = str(value).strip()
        if not text:
            raise self.fail(entry.line, f"{where}: '{key}' is empty")
        return text

    def date_field(self, entry: LineDict, key: str, where: str) -> dt.date | None:
        value = entry.get(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise self.fail(
            entry.line,
            f"{where}: '{key}' is {brief(value)}, not a real date",
            hint="Write dates as YYYY-MM-DD, e.g. 2025-08-19.",
        )

    def choice(
        self,
        entry: LineDict,
        key: str,
        where: str,
        options: dict[str, str],
        *,
        default: str | None = None,
    ) -> str | None:
        value = entry.get(key, default)
        if value is None:
            return None
        if not isinstance(value, str) or value not in options:
            raise self.fail(
                entry.line, f"{where}: {key} {brief(value)} is not one of: {', '.join(options)}"
            )
        return options[value]

    def ref(
        self,
        entry: LineDict,
        key: str,
        where: str,
        kinds: tuple[str, ...],
        value: Any = None,
        claim_ids: set[str] | None = None,
    ) -> str | None:
        value = entry.get(key) if value is None else value
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail(entry.line, f"{where}: '{key}' must be an id, got {brief(value)}")
        if claim_ids is not None and value in claim_ids:
            return f"claim:{value}"
        entity = self.registry.get(value)
        if entity is not None and entity.kind in kinds:
            return value
        near = self.registry.suggest(value, kinds)
        what = " or ".join(kinds) + (" or claim of this article" if claim_ids is not None else "")
        hint = (f"Did you mean: {', '.join(near)}? " if near else "") + (
            f"If '{value}' is new, add it to {self.registry.path.name} (see docs/authoring.md)."
        )
        if entity is not None:
            hint = f"'{value}' is {a(entity.kind)} in the registry, but here {a(what)} is needed."
        raise self.fail(entry.line, f"{where}: unknown {what} '{value}' in '{key}'", hint=hint)

    def ref_list(self, entry: LineDict, key: str, where: str, kinds: tuple[str, ...]) -> list[str]:
        value = entry.get(key)
        if value is None:
            return []
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            raise self.fail(entry.line, f"{where}: '{key}' must be an id or a list of ids")
        return [self.ref(entry, key, where, kinds, value=item) for item in items]  # type: ignore[misc]


def _read_metadata(reader: _Reader, meta: Any, top_line: int) -> dict[str, Any]:
    if not isinstance(meta, LineDict):
        raise reader.fail(
            top_line, "the file needs an 'article:' mapping with title, publisher and published"
        )
    unknown = set(meta) - _ARTICLE_KEYS
    if unknown:
        raise reader.fail(
            meta.line,
            f"article: unknown key(s) {', '.join(sorted(map(str, unknown)))}",
            hint=f"Allowed keys: {', '.join(sorted(_ARTICLE_KEYS))}.",
        )
    where = "article"
    title = reader.text_field(meta, "title", where, required=True)
    publisher = reader.ref(meta, "publisher", where, ("actor",))
    if publisher is None:
        raise reader.fail(
            meta.line,
            "article is missing required field 'publisher'",
            hint="Give the registry id of the outlet, e.g. `publisher: 24brussels`.",
        )
    published = reader.date_field(meta, "published", where)
    if published is None:
        raise reader.fail(
            meta.line,
            "article is missing required field 'published'",
            hint="If the article has no date, give your best estimate and set "
            "`published_assumed: true` with a `date_note` saying why.",
        )
    assumed = meta.get("published_assumed", False)
    if not isinstance(assumed, bool):
        raise reader.fail(meta.line, "article: 'published_assumed' must be true or false")
    return {
        "title": title,
        "publisher": publisher,
        "published": published,
        "published_assumed": assumed,
        "date_note": reader.text_field(meta, "date_note", where),
        "url": reader.text_field(meta, "url", where),
        "language": reader.text_field(meta, "language", where) or "en",
    }


def _read_claim(
    reader: _Reader,
    entry: LineDict,
    text: str,
    bounds: list[tuple[int, int]],
    claim_ids: set[str],
    publisher: str,
) -> Claim:
    claim_id = entry.get("id")
    where = f"claim '{claim_id}'" if isinstance(claim_id, str) else "claim"
    for key in _REQUIRED:
        if key not in entry or entry[key] is None:
            raise reader.fail(entry.line, f"{where} is missing required field '{key}'")
    if not isinstance(claim_id, str) or not ID_PATTERN.match(claim_id):
        raise reader.fail(
            entry.line,
            f"bad claim id {brief(claim_id)}",
            hint="Claim ids are lower-case letters, digits and hyphens.",
        )
    kind = entry["kind"]
    if kind not in KINDS:
        raise reader.fail(
            entry.line, f"{where}: kind {brief(kind)} is not one of: {', '.join(KINDS)}"
        )
    allowed = _COMMON | _BY_KIND[kind]
    unknown = set(entry) - allowed
    if unknown:
        raise reader.fail(
            entry.line,
            f"{where}: key(s) {', '.join(sorted(map(str, unknown)))} do not belong to {a(kind)}",
            hint=f"{a(kind).capitalize()} takes: {', '.join(sorted(allowed))}.",
        )
    for key in _REQUIRED_BY_KIND[kind]:
        if entry.get(key) is None:
            raise reader.fail(
                entry.line, f"{where} is missing required field '{key}' (needed by {a(kind)})"
            )

    quote = entry["quote"]
    if not isinstance(quote, str) or not quote.strip():
        raise reader.fail(
            entry.line, f"{where}: 'quote' must be non-empty text copied from the article"
        )
    occurrence = entry.get("occurrence", 1)
    if not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 1:
        raise reader.fail(entry.line, f"{where}: 'occurrence' must be a whole number from 1")
    span = locate(text, quote, occurrence, bounds=bounds)
    if span is None:
        found = len(find_all(text, quote))
        if found:
            raise reader.fail(
                entry.line,
                f"{where}: the quote occurs {found} time(s), not {occurrence}",
                hint="Lower 'occurrence', or quote a longer passage.",
            )
        passage, at, ratio = closest_passage(text, quote)
        raise reader.fail(
            entry.line,
            f"{where}: quote not found verbatim in the article",
            hint=f"Quote:   {quote!r}\nClosest: {passage!r} (offset {at}, {ratio:.0%} alike)\n"
            "Copy the passage from the .txt file exactly: curly quotes (“ ” ’), dashes (—) "
            "and spaces must match.",
        )

    source = reader.ref(entry, "source", where, ("actor",))
    source_entity = reader.registry.get(source)  # type: ignore[arg-type]
    if source == publisher:
        sourcing = "ReporterVoice"
    elif source_entity is not None and source_entity.anonymous:
        sourcing = "AnonymousSource"
    else:
        sourcing = "NamedSource"

    modality = reader.choice(entry, "modality", where, MODALITIES)
    cue_value = entry.get("cue")
    cues = [cue_value] if isinstance(cue_value, str) else (cue_value or [])
    if not isinstance(cues, list) or not all(isinstance(c, str) and c.strip() for c in cues):
        raise reader.fail(
            entry.line, f"{where}: 'cue' must be a word or a list of words from the quote"
        )
    for cue in cues:
        if not re.search(r"(?<!\w)" + re.escape(cue.strip()) + r"(?!\w)", quote, re.IGNORECASE):
            raise reader.fail(
                entry.line,
                f"{where}: cue {cue!r} does not occur in the quote",
                hint="A cue is the hedging word as written in the quote.",
            )
    if modality == "Hedged" and not cues:
        raise reader.fail(
            entry.line,
            f"{where}: a hedged claim needs its cue word(s)",
            hint="e.g. `cue: probably` — the word in the quote that hedges it.",
        )

    action = reader.choice(entry, "action", where, ACTIONS) if kind == "commitment" else None
    default_polarity = "negative" if action == "RuleOut" else "positive"
    polarity = reader.choice(entry, "polarity", where, POLARITIES, default=default_polarity)
    if action == "RuleOut" and polarity != "Negative":
        raise reader.fail(
            entry.line,
            f"{where}: ruling out is always negative; drop 'polarity' or set it to negative",
        )

    date = reader.date_field(entry, "date", where)
    date_basis = reader.choice(entry, "date_basis", where, DATE_BASES)
    if date is not None and date_basis is None:
        raise reader.fail(
            entry.line,
            f"{where}: a resolved 'date' needs 'date_basis'",
            hint="One of: " + ", ".join(DATE_BASES) + ".",
        )
    if date_basis is not None and date is None:
        raise reader.fail(entry.line, f"{where}: 'date_basis' given without a 'date'")

    capabilities = entry.get("capability")
    caps = [capabilities] if isinstance(capabilities, str) else (capabilities or [])
    if not isinstance(caps, list):
        raise reader.fail(entry.line, f"{where}: 'capability' must be a name or a list of names")
    for cap in caps:
        if not isinstance(cap, str) or cap not in CAPABILITIES:
            raise reader.fail(
                entry.line,
                f"{where}: unknown capability {brief(cap)}",
                hint="Use one of: " + ", ".join(CAPABILITIES) + ".",
            )

    entity_kinds = ("actor", "proposal", "outcome", "place", "office")
    claim = Claim(
        id=claim_id,
        kind=kind,
        summary=reader.text_field(entry, "summary", where, required=True),  # type: ignore[arg-type]
        quote=quote,
        span=span,
        source=source,  # type: ignore[arg-type]
        sourcing=sourcing,
        modality=modality,  # type: ignore[arg-type]
        polarity=polarity,  # type: ignore[arg-type]
        line=entry.line,
        cues=[c.strip() for c in cues],
        actor=reader.ref(entry, "actor", where, ("actor",)),
        action=action,
        stance=reader.choice(entry, "stance", where, STANCES),
        channel=reader.ref(entry, "channel", where, ("actor",)),
        participants=reader.ref_list(entry, "participants", where, ("actor",)),
        status=reader.choice(entry, "status", where, EVENT_STATUSES),
        target=reader.ref(entry, "target", where, entity_kinds, claim_ids=claim_ids),
        expressed_in=None,
        proposal_status=reader.choice(entry, "proposal_status", where, PROPOSAL_STATUSES),
        location=reader.ref(entry, "location", where, ("place", "actor")),
        beneficiary=reader.ref(entry, "beneficiary", where, ("actor",)),
        capabilities=list(caps),
        quantity=reader.text_field(entry, "quantity", where),
        condition=reader.text_field(entry, "condition", where),
        when=reader.text_field(entry, "when", where),
        date=date,
        date_basis=date_basis,
    )
    expressed = entry.get("expressed_in")
    if expressed is not None:
        if not isinstance(expressed, str) or expressed not in claim_ids or expressed == claim_id:
            raise reader.fail(
                entry.line,
                f"{where}: expressed_in {brief(expressed)} is not another claim id of this article",
            )
        claim.expressed_in = expressed
    return claim


def load_article(
    text_path: Path, registry: Registry, annotation_path: Path | None = None
) -> Article:
    """Read and check one article and its annotation file."""
    annotation_path = annotation_path or text_path.with_suffix(".yaml")
    article_id = text_path.stem
    if not ARTICLE_ID.match(article_id):
        raise AnnotationError(
            f"article file name {text_path.name!r} cannot be an id",
            file=text_path,
            hint="Use letters, digits, '_', '-' and '.', e.g. 001_ceasefire_talks.txt.",
        )
    text = read_text(text_path, what="article", max_bytes=MAX_ARTICLE_BYTES)
    if not text.strip():
        raise AnnotationError(
            "article is empty",
            file=text_path,
            hint="Paste the article's text into it, or delete it with its .yaml.",
        )
    if not annotation_path.exists():
        raise AnnotationError(
            f"article has no annotation file {annotation_path.name}",
            file=text_path,
            hint=f"Create it with `kg new {text_path}` or delete the article.",
        )
    reader = _Reader(annotation_path, registry)
    data = load_yaml(annotation_path)
    if not isinstance(data, LineDict):
        raise reader.fail(1, "the annotation file must be a mapping with 'article' and 'claims'")
    unknown = set(data) - {"article", "claims"}
    if unknown:
        raise reader.fail(
            data.line,
            f"unknown top-level key(s): {', '.join(sorted(map(str, unknown)))}",
            hint="An annotation file has two keys: article and claims.",
        )
    meta = _read_metadata(reader, data.get("article"), data.line)
    entries = data.get("claims")
    if entries is None:
        entries = []
    if not isinstance(entries, list):
        raise reader.fail(data.line, "'claims' must be a list (use `claims: []` for none yet)")
    for entry in entries:
        if not isinstance(entry, LineDict):
            raise reader.fail(data.line, f"each claim must be a mapping, got {brief(entry)}")

    seen: dict[str, int] = {}
    for entry in entries:
        cid = entry.get("id")
        if isinstance(cid, str):
            if cid in seen:
                raise reader.fail(
                    entry.line,
                    f"duplicate claim id '{cid}' (first on line {seen[cid]})",
                    hint="Claim ids must be unique within an article.",
                )
            seen[cid] = entry.line
    bounds = sentence_bounds(text)
    claim_ids = set(seen)
    claims = [_read_claim(reader, e, text, bounds, claim_ids, meta["publisher"]) for e in entries]
    article = Article(
        id=article_id,
        text_path=text_path,
        annotation_path=annotation_path,
        text=text,
        claims=claims,
        **meta,
    )
    article.warnings = lint(article)
    return article


def lint(article: Article) -> list[str]:
    """Warnings that do not stop a build: a 'firm' claim whose quote has a hedge word."""
    warnings = []
    for claim in article.claims:
        if claim.modality != "Firm":
            continue
        words = set(re.findall(r"[a-z]+", claim.quote.casefold()))
        hedges = [w for w in HEDGE_WORDS if w in words]
        if hedges:
            warnings.append(
                f"{article.annotation_path}:{claim.line}: claim '{claim.id}' is marked firm "
                "but its "
                f"quote says {', '.join(repr(h) for h in hedges)}; mark it hedged with that cue, "
                "or keep it firm if the word does not qualify this claim"
            )
    return warnings
