"""The closed KG namespace and ontology/kg.ttl declare exactly the same terms, and code uses
only declared terms."""

from __future__ import annotations

import re

import pytest
from helpers import MAIN, ONTOLOGY
from rdflib import RDFS, Graph, Literal, URIRef

import kg.annotate.annotations as annotation_records
import kg.annotate.registry as registry
from kg.model.namespaces import KG, KGI, PREFIXES, article_graph, article_iri, claim_iri, entity_iri
from kg.offline import parse_rdf

NS = str(KG)
SOURCES = sorted((MAIN / "kg").rglob("*.py"))


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return parse_rdf(ONTOLOGY / "kg.ttl", "turtle")


def declared_in_code() -> set[str]:
    return set(KG.__annotations__)


def declared_in_ontology(ontology: Graph) -> set[str]:
    return {str(s)[len(NS):] for s in ontology.subjects() if str(s).startswith(NS)}


def test_code_and_ontology_declare_the_same_terms(ontology: Graph) -> None:
    in_code, in_ontology = declared_in_code(), declared_in_ontology(ontology)
    assert sorted(in_code - in_ontology) == []
    assert sorted(in_ontology - in_code) == []
    assert {"Claim", "evidence", "RuleOut"} <= in_code  # the sets are not trivially empty


def test_every_term_has_an_english_label_and_comment(ontology: Graph) -> None:
    missing = []
    for name in sorted(declared_in_code()):
        term = KG[name]
        labels = list(ontology.objects(term, RDFS.label))
        comments = list(ontology.objects(term, RDFS.comment))
        ok = (len(labels) == 1 and len(comments) == 1
              and all(isinstance(x, Literal) and x.language == "en" and str(x).strip()
                      for x in labels + comments))
        if not ok:
            missing.append(name)
    assert missing == []


def test_the_ontology_uses_only_declared_kg_terms(ontology: Graph) -> None:
    used = {str(t)[len(NS):] for triple in ontology for t in triple
            if isinstance(t, URIRef) and str(t).startswith(NS)}
    assert sorted(used - declared_in_code()) == []


def test_the_shapes_use_only_declared_kg_terms() -> None:
    shapes = parse_rdf(ONTOLOGY / "shapes.ttl", "turtle")
    used = {str(t)[len(NS):] for triple in shapes for t in triple
            if isinstance(t, URIRef) and str(t).startswith(NS)}
    # SPARQL constraints name terms inside strings
    for text in (str(o) for o in shapes.objects(None, URIRef("http://www.w3.org/ns/shacl#select"))):
        used |= set(re.findall(r"\bkg:([A-Za-z]+)", text))
    assert used  # the shapes do use our vocabulary
    assert sorted(used - declared_in_code()) == []


def test_every_kg_attribute_used_in_the_code_is_declared() -> None:
    used: dict[str, set[str]] = {}
    for path in SOURCES:
        for name in re.findall(r"(?<![\w.])KG\.([A-Za-z_]\w*)", path.read_text(encoding="utf-8")):
            used.setdefault(name, set()).add(path.name)
    assert "Commitment" in used and "evidence" in used  # the scan finds what it should
    undeclared = {name: sorted(files) for name, files in used.items()
                  if name not in declared_in_code()}
    assert undeclared == {}


def test_sparql_files_use_only_declared_kg_terms() -> None:
    queries = sorted([*(MAIN / "kg").rglob("*.rq"), *(MAIN / "queries").glob("*.rq")])
    undeclared = sorted(
        f"{path.relative_to(MAIN)}: kg:{name}"
        for path in queries
        for name in set(re.findall(r"(?<![\w:])kg:([A-Za-z_]\w*)", path.read_text("utf-8")))
        if name not in declared_in_code()
    )
    assert undeclared == []


def bracketed_after(opening: str, source: str) -> list[str]:
    """What sits between ``opening`` (ending in "[") and its matching "]", each time."""
    found = []
    for match in re.finditer(r"(?<![\w.])" + re.escape(opening), source):
        depth, i = 1, match.end()
        while depth:
            depth += {"[": 1, "]": -1}.get(source[i], 0)
            i += 1
        found.append(source[match.end():i - 1])
    return found


def test_every_kg_item_looked_up_by_name_is_declared() -> None:
    """``KG[...]`` lookups take their names from these tables; each name must be a term."""
    tables = {
        "ACTOR_TYPES": registry.ACTOR_TYPES,
        "CAPABILITIES": registry.CAPABILITIES,
        "ACTIONS": annotation_records.ACTIONS,
        "STANCES": annotation_records.STANCES,
        "EVENT_STATUSES": annotation_records.EVENT_STATUSES,
        "PROPOSAL_STATUSES": annotation_records.PROPOSAL_STATUSES,
        "MODALITIES": annotation_records.MODALITIES,
        "POLARITIES": annotation_records.POLARITIES,
        "DATE_BASES": annotation_records.DATE_BASES,
        "sourcing": {s: s for s in ("NamedSource", "AnonymousSource", "ReporterVoice")},
    }
    undeclared = sorted(f"{table}:{term}" for table, mapping in tables.items()
                        for term in mapping.values() if term not in declared_in_code())
    assert undeclared == []
    # and no other KG[...] lookup exists in the code than those fed by these tables
    lookups = sorted(f"{p.name}:{key}" for p in SOURCES
                     for key in bracketed_after("KG[", p.read_text(encoding="utf-8")))
    assert lookups == [
        "export.py:cls",
        "quads.py:ACTOR_TYPES[e.type or \"group\"]",
        "quads.py:CAPABILITIES[cap]",
        "quads.py:CAPABILITIES[cap]",
        "quads.py:claim.action",
        "quads.py:claim.date_basis",
        "quads.py:claim.modality",
        "quads.py:claim.polarity",
        "quads.py:claim.proposal_status",
        "quads.py:claim.sourcing",
        "quads.py:claim.stance",
        "quads.py:claim.status",
    ]


def test_the_namespace_is_closed() -> None:
    with pytest.raises(AttributeError):
        KG.Comitment  # noqa: B018 - a misspelt term must fail
    assert KG.Commitment == URIRef(NS + "Commitment")


def test_instance_iris() -> None:
    assert PREFIXES["kg"] == "https://w3id.org/newskg/ns#"
    assert PREFIXES["kgi"] == str(KGI) == "https://w3id.org/newskg/id/"
    assert article_iri("001_x") == URIRef("https://w3id.org/newskg/id/article/001_x")
    assert article_graph("001_x") == URIRef("https://w3id.org/newskg/id/graph/article/001_x")
    assert claim_iri("001_x", "c-1") == URIRef("https://w3id.org/newskg/id/claim/001_x/c-1")
    assert entity_iri("outcome", "peace") == URIRef("https://w3id.org/newskg/id/outcome/peace")
