"""Turn the registry, the annotated articles and the ontology into one RDF dataset.

The dataset has a named graph per article (its metadata, text, claims, evidence and the
direct edges derived from its claims), a reference graph (the registry: actors, offices,
memberships, proposals, outcomes, under the registry's own source) and an ontology graph.

It is written as canonical N-Quads (``out/kg.nq``): building twice gives byte-identical
output. Writing is atomic and serialised by a lock: a build that fails at any point leaves
the previous KG untouched, and two builds started at once do not interleave.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg import nquads
from kg.annotations import Article, Claim, load_article
from kg.errors import AnnotationError, BuildError, OntologyError
from kg.files import atomic_file
from kg.namespaces import (
    KG,
    OA,
    ONTOLOGY_GRAPH,
    ORG,
    REFERENCE_GRAPH,
    article_graph,
    article_iri,
    claim_iri,
    entity_iri,
)
from kg.project import MAX_ONTOLOGY_BYTES, Project

if TYPE_CHECKING:  # pragma: no cover
    from kg.store import Store
from kg.registry import ACTOR_TYPES, CAPABILITIES, Registry, load_registry

WIKIDATA = "http://www.wikidata.org/entity/"
KIND_CLASS = {
    "commitment": KG.Commitment,
    "stance": KG.Stance,
    "statement": KG.Statement,
    "event": KG.Event,
}

#: which derived direct edge a claim yields: (kind, action or stance, polarity) -> property
_ACTION_EDGE = {
    "Offer": KG.commitsTo,
    "Pledge": KG.commitsTo,
    "Provide": KG.commitsTo,
    "Direct": KG.commitsTo,
    "Envisage": KG.hasRoleIn,
    "RuleOut": KG.rulesOut,
}
_STANCE_EDGE = {
    "Supports": KG.supports,
    "Welcomes": KG.supports,
    "Proposes": KG.proposes,
    "Demands": KG.demands,
    "Opposes": KG.opposes,
    "Rejects": KG.opposes,
    "ScepticalOf": KG.scepticalOf,
}

Quad = tuple[URIRef, URIRef, URIRef | Literal, URIRef]


@dataclass
class BuildSummary:
    """What a build produced."""

    kg_file: Path
    articles: int
    claims: Counter = field(default_factory=Counter)
    actors: int = 0
    triples: int = 0
    graphs: int = 0
    warnings: list[str] = field(default_factory=list)
    store: Path | None = None


def _lit(value: object) -> Literal:
    return Literal(value)


def entity_node(registry: Registry, entity_id: str) -> URIRef:
    entity = registry.entities[entity_id]
    return entity_iri(entity.kind, entity_id)


def reference_quads(registry: Registry) -> Iterator[Quad]:
    """The registry as RDF, in the reference graph."""
    g = REFERENCE_GRAPH
    yield g, RDFS.label, _lit("Reference knowledge from the actor registry"), g
    yield g, DCTERMS.source, _lit(registry.source), g
    yield g, KG.sourceFile, _lit(registry.path.name), g
    for e in registry.entities.values():
        node = entity_iri(e.kind, e.id)
        yield node, RDFS.label, _lit(e.label), g
        if e.description:
            yield node, DCTERMS.description, _lit(e.description), g
        if e.wikidata:
            yield node, KG.wikidata, URIRef(WIKIDATA + e.wikidata), g
        for form in e.surface_forms:
            yield node, KG.surfaceForm, _lit(form), g
        if e.kind == "actor":
            yield node, RDF.type, KG[ACTOR_TYPES[e.type or "group"]], g
            for office in e.holds:
                yield node, ORG.holds, entity_node(registry, office), g
            for org in e.member_of:
                yield node, ORG.memberOf, entity_node(registry, org), g
            if e.speaks_for:
                yield node, KG.speaksFor, entity_node(registry, e.speaks_for), g
            if e.anonymous:
                yield node, KG.anonymous, _lit(True), g
        elif e.kind == "office":
            yield node, RDF.type, KG.Office, g
            yield node, ORG.postIn, entity_node(registry, e.of), g  # type: ignore[arg-type]
        elif e.kind == "place":
            yield node, RDF.type, KG.Place, g
        elif e.kind == "proposal":
            yield node, RDF.type, KG.Proposal, g
            if e.part_of:
                yield node, KG.partOf, entity_node(registry, e.part_of), g
            if e.beneficiary:
                yield node, KG.beneficiary, entity_node(registry, e.beneficiary), g
        elif e.kind == "outcome":
            yield node, RDF.type, KG.Outcome, g
            for cap in e.capability:
                yield node, KG.capability, KG[CAPABILITIES[cap]], g
            if e.location:
                yield node, KG.location, entity_node(registry, e.location), g
            if e.scope:
                yield node, KG.scope, entity_node(registry, e.scope), g


def _ref(registry: Registry, article: Article, ref: str) -> URIRef:
    if ref.startswith("claim:"):
        return claim_iri(article.id, ref.removeprefix("claim:"))
    return entity_node(registry, ref)


def claim_quads(registry: Registry, article: Article, claim: Claim) -> Iterator[Quad]:
    """One claim: the n-ary node, its evidence span and its derived direct edge."""
    g = article_graph(article.id)
    art = article_iri(article.id)
    c = claim_iri(article.id, claim.id)
    ref = lambda value: _ref(registry, article, value)  # noqa: E731
    yield c, RDF.type, KIND_CLASS[claim.kind], g
    yield c, KG.claimId, _lit(claim.id), g
    yield c, RDFS.label, _lit(claim.summary), g
    yield c, KG.inArticle, art, g
    yield c, KG.attributedTo, ref(claim.source), g
    yield c, KG.sourcing, KG[claim.sourcing], g
    yield c, KG.modality, KG[claim.modality], g
    yield c, KG.polarity, KG[claim.polarity], g
    for cue in claim.cues:
        yield c, KG.cue, _lit(cue), g
    if claim.actor:
        yield c, KG.actor, ref(claim.actor), g
    if claim.action:
        yield c, KG.action, KG[claim.action], g
    if claim.stance:
        yield c, KG.stanceType, KG[claim.stance], g
    if claim.channel:
        yield c, KG.channel, ref(claim.channel), g
    for who in claim.participants:
        yield c, KG.participant, ref(who), g
        yield ref(who), KG.participatesIn, c, g
    if claim.status:
        yield c, KG.eventStatus, KG[claim.status], g
    if claim.target:
        yield c, KG.target, ref(claim.target), g
    if claim.expressed_in:
        yield c, KG.expressedIn, claim_iri(article.id, claim.expressed_in), g
    if claim.proposal_status:
        yield c, KG.proposalStatus, KG[claim.proposal_status], g
    if claim.location:
        yield c, KG.location, ref(claim.location), g
    if claim.beneficiary:
        yield c, KG.beneficiary, ref(claim.beneficiary), g
    for cap in claim.capabilities:
        yield c, KG.capability, KG[CAPABILITIES[cap]], g
    if claim.quantity:
        yield c, KG.quantity, _lit(claim.quantity), g
    if claim.condition:
        yield c, KG.condition, _lit(claim.condition), g
    if claim.when:
        yield c, KG.timeExpression, _lit(claim.when), g
    if claim.date:
        yield c, KG.date, Literal(claim.date.isoformat(), datatype=XSD.date), g
        yield c, KG.dateBasis, KG[claim.date_basis], g  # type: ignore[index]

    ev = URIRef(f"{c}/evidence")
    pos = URIRef(f"{ev}/position")
    quote = URIRef(f"{ev}/quote")
    span = claim.span
    yield c, KG.evidence, ev, g
    yield ev, RDF.type, OA.SpecificResource, g
    yield ev, OA.hasSource, art, g
    yield ev, OA.hasSelector, pos, g
    yield ev, OA.hasSelector, quote, g
    yield ev, KG.sentence, _lit(span.sentence), g
    yield ev, KG.sentenceStart, _lit(span.sentence_start), g
    yield pos, RDF.type, OA.TextPositionSelector, g
    yield pos, OA.start, _lit(span.start), g
    yield pos, OA.end, _lit(span.end), g
    yield quote, RDF.type, OA.TextQuoteSelector, g
    yield quote, OA.exact, _lit(span.exact), g
    yield quote, OA.prefix, _lit(span.prefix), g
    yield quote, OA.suffix, _lit(span.suffix), g

    edge = None
    if claim.kind == "commitment" and claim.action:
        edge = KG.rulesOut if claim.polarity == "Negative" else _ACTION_EDGE[claim.action]
    elif claim.kind == "stance" and claim.stance and claim.polarity == "Positive":
        edge = _STANCE_EDGE[claim.stance]
    if edge is not None and claim.actor and claim.target:
        yield ref(claim.actor), edge, ref(claim.target), g


def article_quads(registry: Registry, article: Article) -> Iterator[Quad]:
    """An article's metadata and all its claims, in its own named graph."""
    g = article_graph(article.id)
    art = article_iri(article.id)
    yield g, DCTERMS.source, art, g
    yield art, RDF.type, KG.Article, g
    yield art, DCTERMS.title, _lit(article.title), g
    yield art, DCTERMS.publisher, entity_node(registry, article.publisher), g
    yield art, DCTERMS.issued, Literal(article.published.isoformat(), datatype=XSD.date), g
    yield art, KG.dateAssumed, _lit(article.published_assumed), g
    if article.date_note:
        yield art, KG.dateNote, _lit(article.date_note), g
    if article.url:
        yield art, PROV.hadPrimarySource, _lit(article.url), g
    yield art, DCTERMS.language, _lit(article.language), g
    yield art, KG.sourceFile, _lit(article.text_path.name), g
    yield art, KG.text, _lit(article.text), g
    for claim in article.claims:
        yield from claim_quads(registry, article, claim)


def ontology_quads(path: Path) -> Iterator[Quad]:
    """The ontology file's triples in the ontology graph."""
    from kg.offline import parse_rdf

    try:
        graph = parse_rdf(path, "turtle", max_bytes=MAX_ONTOLOGY_BYTES)
    except AnnotationError as exc:
        raise OntologyError(exc.message, file=exc.file, line=exc.line, hint=exc.hint) from None
    for s, p, o in graph:
        yield s, p, o, ONTOLOGY_GRAPH  # type: ignore[misc]


def load_corpus(
    project: Project, progress: Callable[[Path], None] | None = None
) -> tuple[Registry, list[Article]]:
    """Read the registry and every annotated article of a project."""
    if not project.registry_file.exists():
        raise AnnotationError(
            "the project has no actor registry",
            file=project.registry_file,
            hint="Create seeds/registry.yaml (see docs/authoring.md).",
        )
    registry = load_registry(project.registry_file)
    articles = []
    for text_path in project.article_texts():
        articles.append(load_article(text_path, registry))
        if progress is not None:
            progress(text_path)
    return registry, articles


def dataset_quads(project: Project, registry: Registry, articles: list[Article]) -> Iterator[Quad]:
    """Every quad of the KG: ontology, reference and article graphs."""
    yield from ontology_quads(project.ontology_file)
    yield from reference_quads(registry)
    for article in articles:
        yield from article_quads(registry, article)


def is_stale(project: Project, kg_file: Path | None = None) -> bool:
    """True if the built KG is missing or older than any seed or ontology file."""
    kg_file = kg_file or project.kg_file
    if not kg_file.exists():
        return True
    built = kg_file.stat().st_mtime
    sources = [*project.seeds.glob("*"), *project.ontology_dir.glob("*.ttl")]
    return any(p.stat().st_mtime > built for p in sources if p.is_file())


def ensure_built(project: Project, notify: Callable[[str], None] | None = None) -> Path:
    """The project's KG file, (re)built first if it is missing or out of date."""
    if is_stale(project):
        if notify is not None:
            notify("Building the KG first (seeds or ontology changed since the last build)...")
        build(project)
    return project.kg_file


def open_project_store(
    project: Project, store_spec: str | None, notify: Callable[[str], None] | None = None
) -> Store:
    """Open the store a command reads (see :func:`kg.store.open_store` for ``store_spec``).

    A local in-memory store is loaded from ``out/kg.nq``, (re)built first when it is
    missing or out of date. A persistent store is read as it is; when seeds or ontology
    changed after it was written, ``notify`` says so (its answers are then out of date).
    """
    from kg.store import open_store

    if store_spec in (None, "memory", "rdflib"):
        ensure_built(project, notify=notify)
    elif not store_spec.startswith(("http://", "https://")):
        written = Path(store_spec) / "CURRENT"
        if notify is not None and written.is_file() and is_stale(project, written):
            notify(f"Warning: seeds or ontology changed after the store at {store_spec} was "
                   f"written; its answers are out of date (run kg build --store {store_spec}).")
    return open_store(store_spec, kg_file=project.kg_file)


@contextlib.contextmanager
def build_lock(out_dir: Path) -> Iterator[None]:
    """Serialise builds of the same project (an advisory lock on ``out/.lock``)."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        handle = open(out_dir / ".lock", "w")
    except OSError as exc:
        raise BuildError(
            f"cannot use the output folder: {exc.strerror}", file=exc.filename or out_dir
        ) from None
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _remove_stale_temporaries(path: Path) -> None:
    """Temporary files a killed build left beside ``path`` (call only under the build lock)."""
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


def _write_lines_synced(path: Path, lines: list[str]) -> None:
    """Write N-Quads lines as UTF-8 one by one (no joined copy of a 250 MB text)."""
    with open(path, "wb") as handle:
        handle.writelines(text.encode("utf-8") for text in lines)
        handle.flush()
        os.fsync(handle.fileno())


def build(
    project: Project,
    *,
    output: Path | None = None,
    store_dir: Path | None = None,
    progress: Callable[[Path], None] | None = None,
) -> BuildSummary:
    """Build the KG of ``project`` into ``output`` (default ``out/kg.nq``), atomically.

    With ``store_dir``, also (re)write a persistent Oxigraph store there, atomically.
    """
    output = output or project.kg_file
    registry, articles = load_corpus(project, progress)
    summary = BuildSummary(kg_file=output, articles=len(articles))
    for article in articles:
        summary.claims.update(c.kind for c in article.claims)
        summary.warnings.extend(article.warnings)
    summary.actors = len(registry.of_kind("actor"))
    summary.graphs = 2 + len(articles)
    line = nquads.line
    unique = {line(*q) for q in dataset_quads(project, registry, articles)}
    del articles  # their texts are in the lines now: free them before sorting
    lines = sorted(unique)  # canonical order, as nquads.canonical, without a joined copy
    del unique
    summary.triples = len(lines)
    with build_lock(output.parent):
        _remove_stale_temporaries(output)
        try:
            with atomic_file(output) as tmp:
                _write_lines_synced(tmp, lines)
                lines.clear()  # 300 MB at 10,000 articles: free before the store is loaded
                if store_dir is not None:
                    # the store is rewritten (atomically) before the KG file is replaced, so
                    # a failure leaves both as they were
                    from kg.store import write_persistent

                    try:
                        write_persistent(tmp, store_dir, count=False)  # known: the lines
                    except OSError as exc:
                        raise BuildError(
                            f"could not write the store: {exc.strerror}",
                            file=exc.filename or store_dir,
                        ) from None
                    summary.store = store_dir
        except OSError as exc:
            raise BuildError(f"could not write the KG: {exc.strerror}", file=output) from None
    return summary
