"""kg.store against a real Oxigraph server: push, then the same answers as the local stores."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import quote

import endpoint_fixtures
import pytest
from endpoint_fixtures import free_port, running_oxigraph
from helpers import make_project
from rdflib import Literal, URIRef
from test_store import (
    BINDING_CASES,
    CASES,
    CROSS_PRODUCT,
    EX,
    HOSTILE,
    KG_FILE,
    PREFIXES,
    RDFS,
    UK_EN,
    UK_GB,
    integer,
    synthetic_nquads,
)

from kg.errors import QueryError, QueryTimeout, StoreError
from kg.store import EndpointStore, QueryResult, open_store, push
from kg.store import endpoint as kg_endpoint

pytestmark = pytest.mark.endpoint

#: the server fixture, registered for this module
oxigraph_server = endpoint_fixtures.oxigraph_server

PUSHED = {
    "https://example.org/kg/graph/a1": 16,
    "https://example.org/kg/graph/a2": 10,
    "https://example.org/kg/graph/ontology": 4,
    "https://example.org/kg/graph/reference": 6,
    # the union: 36 quads, of which 3 repeat a triple of another graph
    "default": 33,
}


@pytest.fixture(scope="module")
def endpoint(oxigraph_server: str):
    assert push(oxigraph_server + "/store", KG_FILE) == PUSHED
    return open_store(oxigraph_server + "/query")


@pytest.fixture(scope="module")
def reference():
    with open_store("rdflib", kg_file=KG_FILE) as store:
        yield store


@pytest.mark.parametrize("case", sorted(CASES))
def test_select_matches_the_local_stores(endpoint, reference, case: str) -> None:
    query, names, rows = CASES[case]
    result = endpoint.query(PREFIXES + query)
    assert result == QueryResult("SELECT", vars=names, rows=rows)
    assert result == reference.query(PREFIXES + query)


@pytest.mark.parametrize("case", sorted(BINDING_CASES))
def test_bindings(endpoint, case: str) -> None:
    query, bindings, rows = BINDING_CASES[case]
    assert endpoint.query(PREFIXES + query, bindings=bindings).rows == rows


def test_binding_after_a_comment_on_the_last_line(endpoint) -> None:
    query = PREFIXES + "SELECT ?claim ?actor WHERE { ?claim ex:by ?actor } ORDER BY ?claim # end"
    rows = endpoint.query(query, bindings={"actor": EX.france}).rows
    assert rows == [(EX.c2, EX.france)]


def test_hostile_binding_matches_nothing(endpoint) -> None:
    query = PREFIXES + "SELECT ?actor ?name WHERE { ?actor rdfs:label ?name }"
    assert endpoint.query(query, bindings={"name": Literal(HOSTILE)}).rows == []
    filtered = (
        PREFIXES + "SELECT ?actor ?name WHERE { ?actor rdfs:label ?l FILTER(STR(?l) = ?name) }"
    )
    assert endpoint.query(filtered, bindings={"name": Literal(HOSTILE)}).rows == []
    # the same text pasted into the query would have matched every label
    pasted = (
        PREFIXES + f'SELECT ?actor WHERE {{ ?actor rdfs:label ?l FILTER(STR(?l) = "{HOSTILE}") }}'
    )
    assert len(endpoint.query(pasted).rows) == 6


def test_binding_must_be_selected(endpoint) -> None:
    with pytest.raises(QueryError) as caught:
        endpoint.query(
            PREFIXES + "SELECT ?actor WHERE { ?claim ex:by ?actor }", bindings={"claim": EX.c1}
        )
    assert caught.value.message == "cannot bind ?claim: the query does not select it"


def test_ask(endpoint) -> None:
    assert endpoint.query(PREFIXES + "ASK { ex:uk ex:memberOf ex:nato }") == QueryResult(
        "ASK", boolean=True
    )
    ask = PREFIXES + "ASK { ?x ex:memberOf ex:nato }"
    assert endpoint.query(ask, bindings={"x": EX.starmer}).boolean is False


def test_construct_and_describe(endpoint, reference) -> None:
    query = (
        PREFIXES
        + "CONSTRUCT { ?a ex:member ?o ; ex:name ?l } WHERE { ?a ex:memberOf ?o ; rdfs:label ?l }"
    )
    result = endpoint.query(query, bindings={"a": EX.uk})
    assert result.form == "CONSTRUCT"
    assert set(result.graph) == {
        (EX.uk, EX.member, EX.nato),
        (EX.uk, EX.name, UK_GB),
        (EX.uk, EX.name, Literal("Royaume-Uni", lang="fr")),
        (EX.uk, EX.name, UK_EN),
    }
    assert set(result.graph) == set(reference.query(query, bindings={"a": EX.uk}).graph)
    described = endpoint.query(PREFIXES + "DESCRIBE ex:starmer")
    assert (described.form, set(described.graph)) == (
        "DESCRIBE",
        {
            (EX.starmer, RDFS.label, Literal("Keir Starmer", lang="en")),
            (EX.starmer, EX.holds, EX.pmUK),
        },
    )


def test_triple_count(endpoint) -> None:
    assert endpoint.triple_count() == 36


def test_push_again_replaces_and_post_merges(oxigraph_server: str, endpoint) -> None:
    assert push(oxigraph_server + "/store", KG_FILE) == PUSHED
    assert push(oxigraph_server + "/store", KG_FILE, replace=False) == PUSHED
    assert endpoint.triple_count() == 36
    assert endpoint.query(PREFIXES + CASES["union_is_a_set"][0]).rows == [(EX.State,)]


def test_syntax_error_is_a_query_error(endpoint) -> None:
    with pytest.raises(QueryError) as caught:
        endpoint.query("SELECT ?x WHERE { ?x ?y }")
    assert caught.value.message.startswith("the endpoint rejected the query: ")


def test_wrong_path_names_the_status(oxigraph_server: str) -> None:
    url = oxigraph_server + "/nowhere"
    with pytest.raises(StoreError) as caught:
        EndpointStore(url).query("ASK {}")
    assert caught.value.message.startswith(f"{url} answered HTTP 404 Not Found")
    assert caught.value.hint == (
        "check that the URL is the SPARQL query endpoint (Oxigraph: http://HOST:PORT/query) "
        "and look at the server's log"
    )


def test_push_to_the_query_endpoint_names_the_status(oxigraph_server: str) -> None:
    with pytest.raises(StoreError) as caught:
        push(oxigraph_server + "/query", KG_FILE)
    graph = quote("https://example.org/kg/graph/a1", safe="")
    assert caught.value.message == (
        f"PUT {oxigraph_server}/query?graph={graph} failed: HTTP 404 Not Found: "
        "PUT /query is not supported by this server"
    )


# --- an endpoint nobody answers -------------------------------------------------------------

REACH_HINT = (
    "start the server (e.g. oxigraph serve --location DIR --bind 127.0.0.1:7878) or check the URL"
)


def test_dead_endpoint_query() -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(StoreError) as caught:
        open_store(url).query("ASK {}")
    assert str(caught.value) == f"cannot reach {url}: connection refused\n  {REACH_HINT}"


def test_dead_endpoint_push() -> None:
    url = f"http://127.0.0.1:{free_port()}/store"
    with pytest.raises(StoreError) as caught:
        push(url, KG_FILE)
    graph = quote("https://example.org/kg/graph/a1", safe="")
    assert caught.value.message == f"cannot reach {url}?graph={graph}: connection refused"
    assert caught.value.hint == (
        f"{REACH_HINT}; the URL must be the Graph Store endpoint (Oxigraph: "
        "http://HOST:PORT/store) of a writable server (not serve-read-only)"
    )


def test_push_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        push("http://127.0.0.1:9/store", tmp_path / "kg.nq")
    assert caught.value.message == f"no KG at {tmp_path / 'kg.nq'}"


# --- timeouts, and a server loaded without kg push --------------------------------------------


@pytest.fixture(scope="module")
def slow_server(tmp_path_factory: pytest.TempPathFactory):
    """A server that gives up on queries after 1 s, holding a 200-triple graph."""
    folder = tmp_path_factory.mktemp("slow")
    with running_oxigraph(folder / "db", "--timeout-s", "1") as base:
        push(base + "/store", synthetic_nquads(folder / "cross.nq", 200))
        yield base


def test_timeout_client_side(slow_server: str) -> None:
    started = time.monotonic()
    with pytest.raises(QueryTimeout) as caught:
        open_store(slow_server + "/query").query(CROSS_PRODUCT, timeout=0.3)
    assert time.monotonic() - started < 1.0
    assert str(caught.value) == "query stopped after 0.3 s; narrow it or raise --timeout"


def test_timeout_server_side(slow_server: str) -> None:
    started = time.monotonic()
    with pytest.raises(QueryTimeout) as caught:
        open_store(slow_server + "/query").query(CROSS_PRODUCT, timeout=10)
    assert time.monotonic() - started < 3.0
    assert caught.value.message == f"{slow_server}/query stopped the query at its own time limit"


def test_union_parameter_for_servers_loaded_otherwise(slow_server: str) -> None:
    # A server whose default graph is empty (loaded without kg push): Oxigraph's own union,
    # asked for with its union-default-graph parameter, is a bag.
    triple = "<http://example.org/t1> <http://example.org/p> <http://example.org/o> .\n"
    for graph in ("http://example.org/x", "http://example.org/y"):
        answer = kg_endpoint._http(
            "PUT",
            f"{slow_server}/store?graph={quote(graph, safe='')}",
            body=triple.encode(),
            headers={"Content-Type": "application/n-triples"},
            timeout=5,
            hint="",
        )
        assert answer.status in (201, 204)
    query = "SELECT ?o WHERE { <http://example.org/t1> <http://example.org/p> ?o }"
    plain = EndpointStore(slow_server + "/query")
    union = EndpointStore(slow_server + "/query", union_default_graph=True)
    assert plain.query(query).rows == []
    assert union.query(query).rows == [(URIRef("http://example.org/o"),)] * 2


def test_generous_timeout_gives_the_answer(slow_server: str) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert open_store(slow_server + "/query").query(count, timeout=5).rows == [(integer(200),)]


# --- the CLI against a real server ------------------------------------------------------


@pytest.mark.endpoint
def test_kg_push_then_kg_query_on_the_endpoint_gives_the_local_answer(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    runner = CliRunner()
    project = ["--project", str(make_project(tmp_path / "seed", seed=True).root)]
    assert runner.invoke(main, ["build", *project]).exit_code == 0
    local = runner.invoke(main, ["query", "conflicts", "--format", "csv", *project])
    assert local.exit_code == 0, local.output
    with running_oxigraph(tmp_path / "db") as base:
        pushed = runner.invoke(main, ["push", f"{base}/store", *project])
        assert pushed.exit_code == 0, pushed.output
        assert pushed.stdout == f"Pushed 3 named graphs (1914 triples) to {base}/store\n"
        remote = runner.invoke(
            main,
            ["query", "conflicts", "--format", "csv", "--endpoint", f"{base}/query", *project],
        )
    assert remote.exit_code == 0, remote.output
    assert remote.stdout == local.stdout
    assert remote.stdout.count("\n") == 3  # header + the UK and France rows


@pytest.mark.endpoint
def test_kg_query_refuses_service_before_anything_reaches_the_endpoint(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    with running_oxigraph(tmp_path / "db") as base:
        result = CliRunner().invoke(main, [
            "query", "--endpoint", f"{base}/query", "--sparql",
            "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        ])
    assert result.exit_code == 2
    assert "refused remote access: SERVICE <http://127.0.0.1:9/sparql>" in result.output
