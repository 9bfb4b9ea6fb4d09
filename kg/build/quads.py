"""Turn the registry, the annotated articles and the ontology into the quads of one dataset.

The dataset has a named graph per article (its metadata, text, claims, evidence and the
direct edges derived from its claims), a reference graph (the registry: actors, offices,
memberships, proposals, outcomes, under the registry's own source) and an ontology graph.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.annotate.annotations import Article, Claim, load_article
from kg.annotate.registry import ACTOR_TYPES, CAPABILITIES, Registry, load_registry
from kg.errors import AnnotationError, OntologyError
from kg.model.namespaces import (
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

