"""Export the built KG to other RDF formats, and count what is in it.

Both read the KG through the store layer (:func:`kg.store.open_project_store`): ``out/kg.nq``
loaded into memory by default, or a persistent store or SPARQL endpoint; the same KG gives
the same output from each. N-Quads is written canonically (sorted lines, as ``kg build``
writes them), so the default export is ``out/kg.nq`` byte for byte.

Turtle has no named graphs, so ``ttl`` merges all graphs (claims still say which article
they come from through ``kg:inArticle``); TriG, N-Quads and JSON-LD keep one named graph
per article. Prefixes come from :data:`kg.model.namespaces.PREFIXES`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from rdflib import RDF, Dataset, Graph

from kg.annotate.registry import ACTOR_TYPES
from kg.build import nquads
from kg.errors import StoreError
from kg.model.namespaces import KG, PREFIXES
from kg.project import Project

FORMATS = {"ttl": "turtle", "trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}

Quad = tuple[Any, Any, Any, Any]


def read_quads(
    project: Project, store_spec: str | None = None, notify: Callable[[str], None] | None = None
) -> list[Quad]:
    """Every quad of the project's KG as its store holds it (see :meth:`kg.store.Store.quads`).

    ``store_spec`` is what :func:`kg.store.open_project_store` takes (``None``: ``out/kg.nq``
    in memory); ``notify`` hears that the KG is older than the seeds or ontology.
    """
    from kg.store import open_project_store

    with open_project_store(project, store_spec, notify) as store:
        return store.quads()


def nquads_text(quads: Iterable[Quad]) -> str:
    """Canonical N-Quads (:func:`kg.build.nquads.canonical`); graph ``None`` is the default."""
    try:
        return nquads.canonical(
            nquads.line(s, p, o, g) if g is not None
            else f"{nquads.term(s)} {nquads.term(p)} {nquads.term(o)} .\n"
            for s, p, o, g in quads
        )
    except (TypeError, ValueError) as exc:  # a blank node or an odd term a server sent
        raise StoreError(f"the store holds a term the KG cannot hold: {exc}") from None


def as_dataset(quads: Iterable[Quad]) -> Dataset:
    """The quads as an rdflib Dataset with our prefixes bound."""
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, replace=True)
    graphs: dict[Any, Graph] = {None: dataset.default_graph}
    for s, p, o, g in quads:
        if g not in graphs:
            graphs[g] = dataset.graph(g)
        graphs[g].add((s, p, o))
    return dataset


def union_graph(quads: Iterable[Quad]) -> Graph:
    """All graphs merged into one (each triple once), with our prefixes bound."""
    union = Graph()
    for prefix, namespace in PREFIXES.items():
        union.bind(prefix, namespace, replace=True)
    for s, p, o, _g in quads:
        union.add((s, p, o))
    return union


def export_dataset(
    project: Project,
    fmt: str,
    store_spec: str | None = None,
    notify: Callable[[str], None] | None = None,
) -> str:
    """The KG serialised as ``fmt`` (ttl, trig, nquads or jsonld), read from ``store_spec``."""
    quads = read_quads(project, store_spec, notify)
    if fmt == "nquads":
        return nquads_text(quads)
    if fmt == "ttl":
        return union_graph(quads).serialize(format="turtle")
    if fmt == "jsonld":
        return _jsonld(as_dataset(quads))
    return _trig(as_dataset(quads))


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


def kg_stats(
    project: Project, store_spec: str | None = None, notify: Callable[[str], None] | None = None
) -> dict[str, dict[str, int]]:
    """Counts by section: totals, claims by kind/modality/sourcing, actors by type."""
    quads = read_quads(project, store_spec, notify)
    union = union_graph(quads)
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
            "triples": len(quads),
            "named graphs": len({g for _s, _p, _o, g in quads}),
        },
        "claims by kind": claims,
        "claims by modality": dict(sorted(modality.items())),
        "claims by sourcing": dict(sorted(sourcing.items())),
        "actors by type": {k: v for k, v in actor_types.items() if v},
    }
