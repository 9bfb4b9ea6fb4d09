"""Helpers shared by the foundation tests: throwaway project copies, CLI runs, graph access.

Import them explicitly (``from helpers import make_project``); shared pytest fixtures live
in ``conftest.py``, which another part of the suite owns. Nothing here depends on the
working directory: every path starts from this file.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from rdflib import Dataset, Graph, URIRef

from kg.build import nquads
from kg.cli import main
from kg.model.namespaces import KGI, article_graph
from kg.offline import parse_rdf
from kg.project import Project

TESTS = Path(__file__).resolve().parent
MAIN = TESTS.parent
SEEDS = MAIN / "seeds"
ONTOLOGY = MAIN / "ontology"
FIXTURES = TESTS / "fixtures"
MINI_SEEDS = FIXTURES / "mini" / "seeds"

SEED_ID = "000_3622f00dcd344a76"
KREMLIN_ID = "001_kremlin_rejects_deployment"
UK_ID = "002_uk_pledges_troops"
MINI_IDS = (KREMLIN_ID, UK_ID)

SEED_GRAPH = article_graph(SEED_ID)
REFERENCE_GRAPH = KGI["graph/reference"]
ONTOLOGY_GRAPH = KGI["graph/ontology"]


def make_project(root: Path, *, seed: bool = True, mini: Iterable[str] = ()) -> Project:
    """A project in ``root`` laid out like the main one, built from copies.

    The registry is always ``seeds/registry.yaml`` of the main project and the ontology its
    ``ontology/*.ttl``, copied now so they never drift; ``seed`` adds the seed article,
    ``mini`` the named articles of ``tests/fixtures/mini/seeds``.
    """
    seeds = root / "seeds"
    seeds.mkdir(parents=True)
    (root / "ontology").mkdir()
    shutil.copyfile(SEEDS / "registry.yaml", seeds / "registry.yaml")
    for ttl in ("kg.ttl", "shapes.ttl"):
        shutil.copyfile(ONTOLOGY / ttl, root / "ontology" / ttl)
    names = ([(SEEDS, SEED_ID)] if seed else []) + [(MINI_SEEDS, name) for name in mini]
    for folder, name in names:
        for suffix in (".txt", ".yaml"):
            shutil.copyfile(folder / f"{name}{suffix}", seeds / f"{name}{suffix}")
    return Project(root)


def run_cli(*args: str | Path) -> Result:
    """Run ``kg ARGS`` in-process; stdout and stderr are kept apart."""
    return CliRunner().invoke(main, [str(a) for a in args])


def load_nquads(path: Path) -> Dataset:
    """An N-Quads file as an rdflib Dataset (through kg's own offline parser)."""
    return parse_rdf(path, "nquads")  # type: ignore[return-value]


def quad_lines(dataset: Dataset) -> set[str]:
    """Every quad of a dataset as a canonical N-Quads line, for exact set comparisons."""
    return {nquads.line(s, p, o, g) for s, p, o, g in dataset.quads()}


def union_graph(dataset: Dataset) -> Graph:
    """All graphs of a dataset merged into one graph."""
    union = Graph()
    for s, p, o, _g in dataset.quads():
        union.add((s, p, o))
    return union


def graph_quads(dataset: Dataset, graph: URIRef) -> set[tuple]:
    """The (s, p, o) triples of one named graph."""
    return {(s, p, o) for s, p, o, g in dataset.quads() if g == graph}


def line_of(path: Path, text: str) -> int:
    """The 1-based number of the first line of ``path`` that equals ``text``."""
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def catalogue_rows(store: Any, query: str, **params: str) -> list[dict[str, Any]]:
    """Run a catalogue query of this project on ``store`` with ``--param`` texts; its rows as
    dicts of Python strings (None where a variable is unbound)."""
    from kg.query.catalogue import load_query
    from kg.query.run import run_query

    spec = load_query(Project(MAIN), query)
    result = run_query(store, spec.text, spec=spec, params=params).result
    return [
        {var: None if cell is None else str(cell) for var, cell in zip(result.vars, row,
                                                                        strict=True)}
        for row in result.rows
    ]
