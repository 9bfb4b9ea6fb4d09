"""kg.build: one named graph per article, canonical and reproducible N-Quads, atomic writes."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
from helpers import (
    KREMLIN_ID,
    MINI_IDS,
    ONTOLOGY,
    ONTOLOGY_GRAPH,
    REFERENCE_GRAPH,
    SEED_GRAPH,
    SEED_ID,
    UK_ID,
    graph_quads,
    load_nquads,
    make_project,
    quad_lines,
)
from rdflib import RDF, BNode, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.build import (
    BuildSummary,
    build,
    dataset_quads,
    load_corpus,
    nquads,
)
from kg.errors import KGError
from kg.model.namespaces import KG, KGI, article_graph, claim_iri
from kg.offline import parse_rdf
from kg.project import Project

KREMLIN_GRAPH = article_graph(KREMLIN_ID)
UK_GRAPH = article_graph(UK_ID)


def actor(name: str) -> URIRef:
    return KGI[f"actor/{name}"]


@pytest.fixture(scope="module")
def seed_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return make_project(tmp_path_factory.mktemp("build") / "seed", seed=True)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Dataset]:
    """The seed and both mini articles, built once, as an rdflib Dataset from dataset_quads."""
    project = make_project(tmp_path_factory.mktemp("build") / "corpus", seed=True, mini=MINI_IDS)
    registry, articles = load_corpus(project)
    dataset = Dataset()
    for s, p, o, g in dataset_quads(project, registry, articles):
        dataset.add((s, p, o, dataset.graph(g)))
    return project, dataset


def ontology_triples() -> int:
    return len(parse_rdf(ONTOLOGY / "kg.ttl", "turtle"))


# --- the written file -------------------------------------------------------------------------


def test_build_summary(seed_project: Project) -> None:
    summary = build(seed_project)
    assert summary == BuildSummary(
        kg_file=seed_project.kg_file,
        articles=1,
        claims=Counter(commitment=16, stance=10, statement=11, event=6),
        actors=31,
        triples=1914,
        graphs=3,
        warnings=[],
        store=None,
    )


def test_building_twice_gives_byte_identical_output(seed_project: Project, tmp_path: Path) -> None:
    first = build(seed_project, output=tmp_path / "first.nq").kg_file.read_bytes()
    second = build(seed_project, output=tmp_path / "second.nq").kg_file.read_bytes()
    assert first == second
    assert len(first) > 100_000


def test_output_is_canonical_sorted_and_free_of_blank_nodes(seed_project: Project) -> None:
    build(seed_project)
    text = seed_project.kg_file.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    assert len(lines) == 1914
    assert lines == sorted(lines)
    assert len(set(lines)) == len(lines)
    assert all(line.endswith(" .\n") for line in lines)
    assert "" not in (line.strip() for line in lines)
    dataset = load_nquads(seed_project.kg_file)
    terms = [t for quad in dataset.quads() for t in quad]
    assert not any(isinstance(t, BNode) for t in terms)
    # and nothing is lost or altered by the writer: rdflib reads back exactly these lines
    assert quad_lines(dataset) == set(lines)


def test_triple_counts_per_graph(seed_project: Project) -> None:
    build(seed_project)
    counts = Counter(g for _s, _p, _o, g in load_nquads(seed_project.kg_file).quads())
    assert counts == {
        ONTOLOGY_GRAPH: ontology_triples(),
        REFERENCE_GRAPH: 225,
        SEED_GRAPH: 1195,
    }


def test_reading_never_builds_and_warns_when_the_kg_is_out_of_date(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", seed=False, mini=[UK_ID])
    assert project.changed_since(project.kg_file)
    with pytest.raises(KGError) as missing:
        project.built_kg()
    assert (missing.value.message, missing.value.hint) == (
        f"no KG at {project.kg_file}", "run kg build first")
    assert not project.kg_file.exists()
    build(project)
    notes: list[str] = []
    assert project.built_kg(notify=notes.append) == project.kg_file
    assert notes == [] and not project.changed_since(project.kg_file)
    built = project.kg_file.stat().st_mtime
    annotation = project.seeds / f"{UK_ID}.yaml"
    os.utime(annotation, (built + 10, built + 10))
    assert project.built_kg(notify=notes.append) == project.kg_file
    assert notes == ["Warning: seeds or ontology changed after out/kg.nq was written; its "
                     "answers are out of date (run kg build)."]
    assert project.kg_file.stat().st_mtime == built  # not rebuilt


# --- canonical N-Quads terms ----------------------------------------------------------------


def test_nquads_terms() -> None:
    assert nquads.term(URIRef("https://w3id.org/newskg/id/actor/kremlin")) == (
        "<https://w3id.org/newskg/id/actor/kremlin>")
    assert nquads.term(Literal('say "no"\\\nnow\r')) == '"say \\"no\\"\\\\\\nnow\\r"'
    assert nquads.term(Literal("Kyiv’s — “x”")) == '"Kyiv’s — “x”"'
    assert nquads.term(Literal("firm", lang="en")) == '"firm"@en'
    assert nquads.term(Literal(42)) == '"42"^^<http://www.w3.org/2001/XMLSchema#integer>'
    assert nquads.term(Literal(True)) == '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'
    assert nquads.term(Literal("x", datatype=URIRef("http://www.w3.org/2001/XMLSchema#string"))) \
        == '"x"'


def test_nquads_refuses_blank_nodes_and_bad_iris() -> None:
    with pytest.raises(ValueError, match="blank nodes are not allowed in the KG"):
        nquads.term(BNode())
    with pytest.raises(ValueError, match="not a valid IRI for N-Quads"):
        nquads.term(URIRef("https://example.org/a b"))


def test_canonical_sorts_and_deduplicates() -> None:
    assert nquads.canonical(["b\n", "a\n", "b\n"]) == "a\nb\n"


# --- several articles: one named graph each ---------------------------------------------------


def test_each_article_has_its_own_graph_with_exact_counts(corpus: tuple[Project, Dataset]) -> None:
    _project, dataset = corpus
    counts = Counter(g.identifier for g in dataset.graphs() for _ in g)
    assert {g: n for g, n in counts.items() if n} == {
        ONTOLOGY_GRAPH: ontology_triples(),
        REFERENCE_GRAPH: 225,
        SEED_GRAPH: 1195,
        KREMLIN_GRAPH: 92,  # 9 article + 29 + 26 + 28 (counted by hand from the annotation)
        UK_GRAPH: 104,  # 10 article (with url) + 34 + 30 + 30
    }


def test_claims_land_only_in_their_own_graph(corpus: tuple[Project, Dataset]) -> None:
    _project, dataset = corpus
    expected = {
        SEED_GRAPH: 43,
        KREMLIN_GRAPH: 3,
        UK_GRAPH: 3,
    }
    for graph_id, article_id in ((SEED_GRAPH, SEED_ID), (KREMLIN_GRAPH, KREMLIN_ID),
                                 (UK_GRAPH, UK_ID)):
        prefix = str(KGI[f"claim/{article_id}/"])
        claims = {s for s, _p, _o in graph_quads(dataset, graph_id)
                  if isinstance(s, URIRef) and str(s).startswith(prefix) and "/evidence" not in s}
        assert len(claims) == expected[graph_id]
        # every statement about these claims (and their evidence) is in this graph only
        for s, _p, _o, g in dataset.quads():
            if str(s).startswith(prefix):
                assert g == graph_id, (s, g)
        # and the graph mentions no claim of another article
        for s, _p, o in graph_quads(dataset, graph_id):
            for term in (s, o):
                if isinstance(term, URIRef) and str(term).startswith(str(KGI["claim/"])):
                    assert str(term).startswith(prefix), (graph_id, term)


def test_claim_kinds_per_graph(corpus: tuple[Project, Dataset]) -> None:
    _project, dataset = corpus
    kinds = {KG.Commitment: "commitment", KG.Stance: "stance", KG.Statement: "statement",
             KG.Event: "event"}

    def by_kind(graph_id: URIRef) -> Counter:
        return Counter(kinds[o] for _s, p, o in graph_quads(dataset, graph_id)
                       if p == RDF.type and o in kinds)

    assert by_kind(SEED_GRAPH) == Counter(commitment=16, stance=10, statement=11, event=6)
    assert by_kind(KREMLIN_GRAPH) == Counter(stance=1, statement=1, event=1)
    assert by_kind(UK_GRAPH) == Counter(commitment=3)


def test_shared_actors_are_the_same_iris(corpus: tuple[Project, Dataset]) -> None:
    _project, dataset = corpus

    def actor_of(article_id: str, claim_id: str) -> URIRef:
        graph = dataset.graph(article_graph(article_id))
        return graph.value(claim_iri(article_id, claim_id), KG.actor)

    kremlin = actor("kremlin")
    assert actor_of(SEED_ID, "kremlin-rejects-nato-troops") == kremlin
    assert actor_of(KREMLIN_ID, "kremlin-rejects-nato-troops") == kremlin
    assert actor_of(KREMLIN_ID, "kremlin-open-to-talks") == kremlin
    assert actor_of(SEED_ID, "uk-troops-for-force") == actor("united-kingdom")
    assert actor_of(UK_ID, "uk-pledges-troops") == actor("united-kingdom")
    assert actor_of(SEED_ID, "france-troops-for-force") == actor("france")
    assert actor_of(UK_ID, "france-expected-to-commit") == actor("france")
    assert actor_of(SEED_ID, "backstop-air-defence") == actor("united-states")
    assert actor_of(UK_ID, "us-air-defence-backstop") == actor("united-states")
    # each actor is described once, in the reference graph; no article graph types it
    for name in ("kremlin", "united-kingdom", "france", "united-states"):
        typed_in = {g for s, p, _o, g in dataset.quads() if s == actor(name) and p == RDF.type}
        assert typed_in == {REFERENCE_GRAPH}
    # the same derived edge from two articles is kept once per article
    edge = (actor("france"), KG.hasRoleIn, KGI["proposal/multinational-force"])
    assert {g for s, p, o, g in dataset.quads() if (s, p, o) == edge} == {SEED_GRAPH, UK_GRAPH}
    # a reused claim id names two different claims
    assert claim_iri(SEED_ID, "putin-zelensky-meeting") != claim_iri(KREMLIN_ID,
                                                                      "putin-zelensky-meeting")


def test_mini_claims_in_full(corpus: tuple[Project, Dataset]) -> None:
    """Sourcing, modality, time and conditions of the two follow-up articles."""
    _project, dataset = corpus
    kremlin = dataset.graph(KREMLIN_GRAPH)
    uk = dataset.graph(UK_GRAPH)
    c = lambda claim: claim_iri(KREMLIN_ID, claim)  # noqa: E731
    u = lambda claim: claim_iri(UK_ID, claim)  # noqa: E731
    xsd_date = URIRef("http://www.w3.org/2001/XMLSchema#date")

    rejects = c("kremlin-rejects-nato-troops")
    assert kremlin.value(rejects, KG.stanceType) == KG.Rejects
    assert kremlin.value(rejects, KG.sourcing) == KG.ReporterVoice
    assert kremlin.value(rejects, KG.date) == Literal("2025-08-21", datatype=xsd_date)
    assert kremlin.value(rejects, KG.dateBasis) == KG.PublicationDate
    assert (actor("kremlin"), KG.opposes, KGI["outcome/nato-troops-in-ukraine"]) in kremlin

    talks = c("kremlin-open-to-talks")
    assert kremlin.value(talks, KG.sourcing) == KG.NamedSource
    assert kremlin.value(talks, KG.attributedTo) == actor("kremlin")
    assert kremlin.value(talks, KG.modality) == KG.Hedged
    assert set(kremlin.objects(talks, KG.cue)) == {Literal("could")}
    assert kremlin.value(talks, KG.condition) == Literal(
        "only if Ukraine gives up its bid for NATO membership")

    meeting = c("putin-zelensky-meeting")
    assert set(kremlin.objects(meeting, KG.participant)) == {actor("vladimir-putin"),
                                                             actor("volodymyr-zelensky")}
    assert kremlin.value(meeting, KG.eventStatus) == KG.Potential

    pledge = u("uk-pledges-troops")
    assert uk.value(pledge, KG.action) == KG.Pledge
    assert uk.value(pledge, KG.sourcing) == KG.NamedSource
    assert uk.value(pledge, KG.modality) == KG.Firm
    assert uk.value(pledge, KG.quantity) == Literal("several hundred soldiers")
    assert uk.value(pledge, KG.timeExpression) == Literal("on Friday")
    assert uk.value(pledge, KG.date) == Literal("2025-08-22", datatype=xsd_date)
    assert (actor("united-kingdom"), KG.commitsTo, KGI["proposal/multinational-force"]) in uk

    backstop = u("us-air-defence-backstop")
    assert uk.value(backstop, KG.sourcing) == KG.AnonymousSource
    assert uk.value(backstop, KG.attributedTo) == actor("unnamed-sources")
    assert set(uk.objects(backstop, KG.cue)) == {Literal("would"), Literal("probably")}

    article = KGI[f"article/{UK_ID}"]
    assert uk.value(article, PROV.hadPrimarySource) == Literal(
        "https://example.org/kg-tests/uk-pledges-troops")
    assert uk.value(article, DCTERMS.issued) == Literal("2025-08-23", datatype=xsd_date)
    assert uk.value(article, KG.dateAssumed) == Literal(False)


def test_dataset_quads_match_the_written_file(corpus: tuple[Project, Dataset]) -> None:
    project, dataset = corpus
    build(project)
    assert quad_lines(dataset) == quad_lines(load_nquads(project.kg_file))
