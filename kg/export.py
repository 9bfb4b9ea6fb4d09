"""Export the built KG to other RDF formats, and count what is in it.

Turtle has no named graphs, so ``ttl`` merges all graphs (claims still say which article
they come from through ``kg:inArticle``); TriG, N-Quads and JSON-LD keep one named graph
per article. Prefixes come from :data:`kg.model.namespaces.PREFIXES`.
"""

from __future__ import annotations

import json
from collections import Counter

from rdflib import RDF, Dataset, Graph

from kg.annotate.registry import ACTOR_TYPES
from kg.model.namespaces import KG, PREFIXES
from kg.offline import parse_rdf
from kg.project import Project

FORMATS = {"ttl": "turtle", "trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}


def load_dataset(project: Project) -> Dataset:
    """The project's KG (see :meth:`kg.project.Project.built_kg`) as an rdflib Dataset."""
    dataset = parse_rdf(project.built_kg(), "nquads")
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, replace=True)
    return dataset  # type: ignore[return-value]


def export_dataset(project: Project, fmt: str) -> str:
    """The KG serialised as ``fmt`` (ttl, trig, nquads or jsonld)."""
    if fmt == "nquads":
        return project.built_kg().read_text(encoding="utf-8")
    dataset = load_dataset(project)
    if fmt == "ttl":
        merged = Graph()
        for prefix, namespace in PREFIXES.items():
            merged.bind(prefix, namespace, replace=True)
        for s, p, o, _g in dataset.quads():
            merged.add((s, p, o))
        return merged.serialize(format="turtle")
    if fmt == "jsonld":
        return _jsonld(dataset)
    return _trig(dataset)


def _graphs(dataset: Dataset) -> list[Graph]:
    """Non-empty named graphs in IRI order (rdflib's own order changes between runs)."""
    return sorted((g for g in dataset.graphs() if len(g)), key=lambda g: str(g.identifier))


def _copy(graph: Graph) -> Graph:
    copy = Graph()
    for prefix, namespace in PREFIXES.items():
        copy.bind(prefix, namespace, replace=True)
    for triple in graph:
        copy.add(triple)
    return copy


def _trig(dataset: Dataset) -> str:
    """TriG with graphs in IRI order, each graph's body as rdflib's (sorted) Turtle."""
    header = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items()))
    blocks = []
    for graph in _graphs(dataset):
        body = _copy(graph).serialize(format="turtle")
        # drop the leading @prefix block only; literals may span lines, so no re-indenting
        lines = body.split("\n")
        while lines and (lines[0].startswith("@prefix") or not lines[0].strip()):
            lines.pop(0)
        triples = "\n".join(lines).strip("\n")
        blocks.append(f"<{graph.identifier}> {{\n{triples}\n}}\n")
    return header + "\n" + "\n".join(blocks)


def _sorted_json(value: object) -> object:
    if isinstance(value, dict):
        return {k: _sorted_json(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _jsonld(dataset: Dataset) -> str:
    """JSON-LD with one entry per named graph, nodes and values in a stable order."""
    graphs = []
    for graph in _graphs(dataset):
        doc = json.loads(_copy(graph).serialize(format="json-ld", context=dict(PREFIXES)))
        nodes = doc.get("@graph", [doc]) if isinstance(doc, dict) else doc
        nodes = [{k: v for k, v in n.items() if k != "@context"} for n in nodes]
        graphs.append({"@id": str(graph.identifier), "@graph": _sorted_json(nodes)})
    document = {"@context": dict(sorted(PREFIXES.items())), "@graph": graphs}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def kg_stats(project: Project) -> dict[str, dict[str, int]]:
    """Counts by section: totals, claims by kind/modality/sourcing, actors by type."""
    dataset = load_dataset(project)
    union = Graph()
    for s, p, o, _g in dataset.quads():
        union.add((s, p, o))
    kinds = {
        "commitment": KG.Commitment,
        "stance": KG.Stance,
        "statement": KG.Statement,
        "event": KG.Event,
    }
    claims = {name: len(set(union.subjects(RDF.type, cls))) for name, cls in kinds.items()}
    label = lambda node: str(node).rsplit("#", 1)[-1]  # noqa: E731
    modality = Counter(label(o) for o in union.objects(None, KG.modality))
    sourcing = Counter(label(o) for o in union.objects(None, KG.sourcing))
    actor_types = {
        name: len(set(union.subjects(RDF.type, KG[cls]))) for name, cls in ACTOR_TYPES.items()
    }
    return {
        "totals": {
            "articles": len(set(union.subjects(RDF.type, KG.Article))),
            "claims": sum(claims.values()),
            "actors": sum(actor_types.values()),
            "proposals": len(set(union.subjects(RDF.type, KG.Proposal))),
            "triples": sum(1 for _ in dataset.quads()),
            "named graphs": sum(1 for g in dataset.graphs() if len(g)),
        },
        "claims by kind": claims,
        "claims by modality": dict(sorted(modality.items())),
        "claims by sourcing": dict(sorted(sourcing.items())),
        "actors by type": {k: v for k, v in actor_types.items() if v},
    }
