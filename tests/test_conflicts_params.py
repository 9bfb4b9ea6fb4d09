"""The optional parameters of the ``conflicts`` catalogue query: ``opponent`` and ``actor``.

``queries/conflicts.rq`` takes a different route through the KG when an opponent alone is
given than without parameters or with an actor (see the comments in the query), so these
tests pin the rows of every combination on the seed KG, check that each parameter gives
exactly the unfiltered rows of that actor for every actor of the KG, compare the engines, and
check that a name naming no actor is refused with the usual message.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import catalogue_rows
from rdflib import URIRef

from kg.errors import QueryError
from kg.model.namespaces import KGI, claim_iri
from kg.project import Project
from kg.query.catalogue import load_query
from kg.store import Store, open_store, write_persistent

PROJECT = Project(Path(__file__).resolve().parent.parent)
SEED_ID = "000_3622f00dcd344a76"
BACKENDS = ["rdflib", "oxigraph-memory", "oxigraph-disk"]


def _row(actor: str, label: str, claim: str) -> dict[str, str]:
    """One of the two conflicts of the seed article: the Kremlin against a pledge of troops."""
    return {
        "opponent": str(KGI["actor/kremlin"]),
        "opponentLabel": "The Kremlin",
        "opposition": "rejects",
        "opposed": str(KGI["outcome/nato-troops-in-ukraine"]),
        "opposedLabel": "NATO troops stationed on Ukrainian territory",
        "actor": str(KGI[f"actor/{actor}"]),
        "actorLabel": label,
        "position": "envisaged to provide",
        "capability": "troops",
        "positionTarget": str(KGI["proposal/multinational-force"]),
        "positionTargetLabel": "Multinational force in Ukraine",
        "basis": "troops in Ukraine by a member of NATO",
        "positionModality": "firm",
        "positionSourcing": "anonymous source",
        "opposingClaim": str(claim_iri(SEED_ID, "kremlin-rejects-nato-troops")),
        "claim": str(claim_iri(SEED_ID, claim)),
    }


FRANCE = _row("france", "France", "france-troops-for-force")
UK = _row("united-kingdom", "United Kingdom", "uk-troops-for-force")

#: --param values -> the exact rows, in order, on the seed KG.
EXPECTED: list[tuple[dict[str, str], list[dict[str, str]]]] = [
    ({}, [FRANCE, UK]),
    ({"opponent": "Kremlin"}, [FRANCE, UK]),
    ({"opponent": "The Kremlin", "actor": "France"}, [FRANCE]),
    ({"actor": "United Kingdom"}, [UK]),
    ({"actor": "france"}, [FRANCE]),
    ({"opponent": "France"}, []),
    ({"actor": "Kremlin"}, []),
    ({"opponent": "Kremlin", "actor": "Kremlin"}, []),
]


@pytest.fixture(scope="module")
def stores(seed_kg: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Store]]:
    directory = tmp_path_factory.mktemp("conflicts") / "store"
    write_persistent(seed_kg, directory)
    opened = {
        "rdflib": open_store("rdflib", kg_file=seed_kg),
        "oxigraph-memory": open_store("memory", kg_file=seed_kg),
        "oxigraph-disk": open_store(str(directory)),
    }
    yield opened
    for store in opened.values():
        store.close()


def conflicts(store: Store, params: dict[str, str]) -> list[dict[str, Any]]:
    """The rows of ``kg query conflicts`` with these --param values, as dicts of strings."""
    return catalogue_rows(store, "conflicts", **params)


def test_the_query_declares_both_parameters_as_optional_actors() -> None:
    spec = load_query(PROJECT, "conflicts")
    assert [(p.name, p.kind, p.required) for p in spec.params] == [
        ("actor", "actor", False),
        ("opponent", "actor", False),
    ]
    assert spec.examples[0] == "kg query conflicts"


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("params", "expected"), EXPECTED,
                         ids=[repr(params) for params, _ in EXPECTED])
def test_each_parameter_gives_exactly_its_rows(
    stores: dict[str, Store], backend: str, params: dict[str, str],
    expected: list[dict[str, str]]
) -> None:
    assert conflicts(stores[backend], params) == expected


def _actors(store: Store) -> list[URIRef]:
    answer = store.query(
        "PREFIX kg: <https://w3id.org/newskg/ns#> "
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT DISTINCT ?actor WHERE { ?actor a ?class . ?class rdfs:subClassOf* kg:Actor } "
        "ORDER BY ?actor"
    )
    return [row[0] for row in answer.rows]


@pytest.mark.parametrize("backend", ["oxigraph-memory", "oxigraph-disk"])
def test_every_route_agrees_with_the_unfiltered_rows(stores: dict[str, Store],
                                                     backend: str) -> None:
    store = stores[backend]
    everything = conflicts(store, {})
    actors = _actors(store)
    assert len(actors) > 20
    for iri in actors:
        for param in ("opponent", "actor"):
            wanted = [row for row in everything if row[param] == str(iri)]
            assert conflicts(store, {param: str(iri)}) == wanted, (param, iri)
        both = {"opponent": str(KGI["actor/kremlin"]), "actor": str(iri)}
        wanted = [row for row in everything
                  if row["actor"] == str(iri) and row["opponent"] == both["opponent"]]
        assert conflicts(store, both) == wanted, iri


@pytest.mark.parametrize("param", ["opponent", "actor"])
def test_an_unknown_actor_is_refused_with_close_names(stores: dict[str, Store],
                                                      param: str) -> None:
    with pytest.raises(QueryError) as caught:
        conflicts(stores["oxigraph-memory"], {param: "Kremlinn"})
    assert caught.value.message == "no actor is called 'Kremlinn'"
    assert caught.value.hint.startswith("close names: The Kremlin (kremlin)")
