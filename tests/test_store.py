"""kg.store: the same answers from rdflib and Oxigraph (in memory and on disk).

The endpoint backend is tested in test_endpoint.py with the same cases (CASES below).
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from rdflib import BNode, Literal, Namespace, URIRef

from kg.errors import QueryError, QueryTimeout, StoreError
from kg.store import (
    OxigraphStore,
    QueryResult,
    RdflibStore,
    directory,
    open_store,
    oxigraph,
    write_persistent,
)
from kg.store.terms import canonical_lexical, query_form, values_clause

KG_FILE = Path(__file__).parent / "data" / "store_small.nq"
EX = Namespace("https://example.org/kg/")
# Plain namespaces: pytest probes module globals, and rdflib's closed ones warn when it does.
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
GRAPH = Namespace("https://example.org/kg/graph/")
PREFIXES = (
    "PREFIX ex: <https://example.org/kg/>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
)
HOSTILE = 'x" || true || "'


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


def date(text: str) -> Literal:
    return Literal(text, datatype=XSD.date)


UK_EN = Literal("United Kingdom", lang="en")
UK_GB = Literal("UK", lang="en-gb")

#: name -> (query without prefixes, expected vars, expected rows). Every query orders its
#: rows completely, so the rows are compared as lists.
CASES: dict[str, tuple[str, list[str], list[tuple]]] = {
    "optional_filter_lang_dates": (
        """SELECT ?claim ?actor ?label ?date WHERE {
             ?claim ex:by ?actor .
             ?actor rdfs:label ?label FILTER(langMatches(lang(?label), "en"))
             OPTIONAL { ?claim ex:date ?date }
           } ORDER BY ?claim STR(?label)""",
        ["claim", "actor", "label", "date"],
        [
            (EX.c1, EX.uk, UK_GB, date("2025-09-02")),
            (EX.c1, EX.uk, UK_EN, date("2025-09-02")),
            (EX.c2, EX.france, Literal("France", lang="en"), date("2025-09-03")),
            (EX.c3, EX.uk, UK_GB, None),
            (EX.c3, EX.uk, UK_EN, None),
            (EX.c4, EX.starmer, Literal("Keir Starmer", lang="en"), date("2025-09-04")),
        ],
    ),
    "group_count": (
        """SELECT ?actor (COUNT(?claim) AS ?n) WHERE { ?claim ex:by ?actor }
           GROUP BY ?actor ORDER BY DESC(?n) ?actor""",
        ["actor", "n"],
        [(EX.uk, integer(2)), (EX.france, integer(1)), (EX.starmer, integer(1))],
    ),
    "graph_var": (
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
        ["g", "n"],
        [
            (GRAPH.a1, integer(16)),
            (GRAPH.a2, integer(10)),
            (GRAPH.ontology, integer(4)),
            (GRAPH.reference, integer(6)),
        ],
    ),
    # ex:uk a ex:State is in three graphs: the union default graph holds it once.
    "union_is_a_set": (
        "SELECT ?type WHERE { ex:uk a ?type }",
        ["type"],
        [(EX.State,)],
    ),
    "literal_forms": (
        "SELECT ?p ?o WHERE { ?c ?p ?o FILTER(?c IN (ex:c1, ex:c2)) } ORDER BY ?c ?p",
        ["p", "o"],
        [
            (RDF.type, EX.Commitment),
            (EX.by, EX.uk),
            (EX.date, date("2025-09-02")),
            (EX.firm, Literal("true", datatype=XSD.boolean)),
            (EX.quote, Literal("We are ready")),
            (EX.share, Literal("0.5", datatype=XSD.decimal)),
            (EX.troops, integer(5000)),
            (RDF.type, EX.Commitment),
            (EX.by, EX.france),
            (EX.date, date("2025-09-03")),
            (EX.quote, Literal("We are ready")),
            (EX.troops, integer(800)),
        ],
    ),
    "date_filter": (
        """SELECT ?c ?date WHERE { ?c ex:date ?date FILTER(?date >= "2025-09-03"^^xsd:date) }
           ORDER BY ?date""",
        ["c", "date"],
        [(EX.c2, date("2025-09-03")), (EX.c4, date("2025-09-04"))],
    ),
    "string_equals_plain": (
        'SELECT ?c WHERE { ?c ex:quote "We are ready" } ORDER BY ?c',
        ["c"],
        [(EX.c1,), (EX.c2,)],
    ),
    "select_star_sorted": (
        "SELECT * WHERE { ?c ex:modality ?m ; ex:cue ?cue }",
        ["c", "cue", "m"],
        [(EX.c3, Literal("peut-être", lang="fr"), Literal("hedged"))],
    ),
    "language_and_sum": (
        """SELECT (LANG(?l) AS ?lang) (SUM(?t) AS ?sum)
           WHERE { ex:uk rdfs:label ?l . ?c ex:troops ?t } GROUP BY ?l ORDER BY ?lang""",
        ["lang", "sum"],
        [
            (Literal("en"), integer(5800)),
            (Literal("en-gb"), integer(5800)),
            (Literal("fr"), integer(5800)),
        ],
    ),
}

BINDING_CASES = {
    "iri": (
        "SELECT ?claim ?actor WHERE { ?claim ex:by ?actor } ORDER BY ?claim",
        {"actor": EX.uk},
        [(EX.c1, EX.uk), (EX.c3, EX.uk)],
    ),
    "language_literal": (
        "SELECT ?actor ?label WHERE { ?actor rdfs:label ?label } ORDER BY ?actor",
        {"?label": Literal("France", lang="en")},
        [(EX.france, Literal("France", lang="en"))],
    ),
    "language_tag_case": (
        "SELECT ?actor ?label WHERE { ?actor rdfs:label ?label } ORDER BY ?actor",
        {"label": Literal("UK", lang="EN-GB")},
        [(EX.uk, UK_GB)],
    ),
    "plain_matches_xsd_string": (
        "SELECT ?c ?q WHERE { ?c ex:quote ?q } ORDER BY ?c",
        {"q": Literal("We are ready", datatype=XSD.string)},
        [(EX.c1, Literal("We are ready")), (EX.c2, Literal("We are ready"))],
    ),
    "integer_matches_int": (
        "SELECT ?c ?t WHERE { ?c ex:troops ?t }",
        {"$t": Literal(800)},
        [(EX.c2, integer(800))],
    ),
    "date": (
        "SELECT ?c ?d WHERE { ?c ex:date ?d }",
        {"d": date("2025-09-04")},
        [(EX.c4, date("2025-09-04"))],
    ),
    "two_variables": (
        # A bound variable is filled in where OPTIONAL left it unbound (c3 has no date), the
        # same on every backend.
        "SELECT ?c ?a ?d WHERE { ?c ex:by ?a OPTIONAL { ?c ex:date ?d } } ORDER BY ?c",
        {"a": EX.uk, "d": date("2025-09-02")},
        [(EX.c1, EX.uk, date("2025-09-02")), (EX.c3, EX.uk, date("2025-09-02"))],
    ),
    "no_match": (
        "SELECT ?claim ?actor WHERE { ?claim ex:by ?actor }",
        {"actor": EX.nobody},
        [],
    ),
}

CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?p ?d . ?e ?p ?f }"


def synthetic_nquads(path: Path, triples: int) -> Path:
    """A graph of ``triples`` triples sharing one predicate: cross products explode."""
    lines = [
        f'<http://example.org/s{i}> <http://example.org/p> "{i}" <http://example.org/g> .\n'
        for i in range(triples)
    ]
    path.write_text("".join(lines), encoding="utf-8")
    return path


# --- fixtures -----------------------------------------------------------------------------

LOCAL = ["rdflib", "oxigraph-memory", "oxigraph-disk"]


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("persistent") / "store"
    assert write_persistent(KG_FILE, directory) == 36
    return directory


@pytest.fixture(scope="module")
def local_stores(store_dir: Path):
    stores = {
        "rdflib": open_store("rdflib", kg_file=KG_FILE),
        "oxigraph-memory": open_store(None, kg_file=KG_FILE),
        "oxigraph-disk": open_store(str(store_dir)),
    }
    yield stores
    for each in stores.values():
        each.close()


@pytest.fixture(params=LOCAL)
def store(request: pytest.FixtureRequest, local_stores):
    return local_stores[request.param]


# --- identical answers --------------------------------------------------------------------


@pytest.mark.parametrize("case", sorted(CASES))
def test_select_gives_the_expected_rows(store, case: str) -> None:
    query, names, rows = CASES[case]
    result = store.query(PREFIXES + query)
    assert result == QueryResult("SELECT", vars=names, rows=rows)


@pytest.mark.parametrize("case", sorted(BINDING_CASES))
def test_bindings(store, case: str) -> None:
    query, bindings, rows = BINDING_CASES[case]
    result = store.query(PREFIXES + query, bindings=bindings)
    assert result.rows == rows


def test_unordered_rows_match_as_sets(local_stores) -> None:
    query = PREFIXES + "SELECT ?s ?o WHERE { ?s ex:memberOf ?o }"
    answers = {name: sorted(s.query(query).rows) for name, s in local_stores.items()}
    assert answers["rdflib"] == [(EX.france, EX.nato), (EX.uk, EX.nato)]
    assert answers["oxigraph-memory"] == answers["rdflib"] == answers["oxigraph-disk"]


def test_hostile_binding_matches_nothing(store) -> None:
    query = PREFIXES + "SELECT ?actor ?name WHERE { ?actor rdfs:label ?name }"
    assert store.query(query, bindings={"name": Literal(HOSTILE)}).rows == []
    filtered = (
        PREFIXES + "SELECT ?actor ?name WHERE { ?actor rdfs:label ?l FILTER(STR(?l) = ?name) }"
    )
    assert store.query(filtered, bindings={"name": Literal(HOSTILE)}).rows == []


def test_values_clause_escapes_every_value() -> None:
    clause = values_clause(
        {"name": Literal(HOSTILE), "a": EX.uk, "t": Literal("x\ny", lang="en")}
    )
    assert clause == (
        'VALUES (?name ?a ?t) { ("x\\" || true || \\"" <https://example.org/kg/uk> "x\\ny"@en) }'
    )


@pytest.mark.parametrize(
    ("bindings", "message"),
    [
        ({"x) } #": EX.uk}, "cannot bind 'x) } #': not a SPARQL variable name"),
        ({"actor": "uk"}, "cannot bind ?actor to 'uk': give an rdflib URIRef or Literal"),
        (
            {"actor": BNode("b1")},
            "cannot bind ?actor to rdflib.term.BNode('b1'): give an rdflib URIRef or Literal",
        ),
        (
            {"actor": URIRef("http://x> } #")},
            "IRI: 'http://x> } #' is not a valid IRI (no spaces, <>\"{}|^`\\)",
        ),
        ({"claim": EX.c1}, "cannot bind ?claim: the query does not select it"),
    ],
)
def test_bad_bindings_are_refused(store, bindings, message: str) -> None:
    query = PREFIXES + "SELECT ?actor WHERE { ?claim ex:by ?actor }"
    with pytest.raises(QueryError) as caught:
        store.query(query, bindings=bindings)
    assert caught.value.message == message


def test_ask(store) -> None:
    assert store.query(PREFIXES + "ASK { ex:uk ex:memberOf ex:nato }") == QueryResult(
        "ASK", boolean=True
    )
    assert store.query(PREFIXES + "ASK { ex:starmer ex:memberOf ex:nato }").boolean is False
    ask = PREFIXES + "ASK { ?x ex:memberOf ex:nato }"
    assert store.query(ask, bindings={"x": EX.france}).boolean is True
    assert store.query(ask, bindings={"x": EX.starmer}).boolean is False


def test_construct(store) -> None:
    query = (
        PREFIXES
        + "CONSTRUCT { ?a ex:member ?o ; ex:name ?l } WHERE { ?a ex:memberOf ?o ; rdfs:label ?l }"
    )
    result = store.query(query, bindings={"a": EX.uk})
    assert result.form == "CONSTRUCT"
    assert set(result.graph) == {
        (EX.uk, EX.member, EX.nato),
        (EX.uk, EX.name, UK_GB),
        (EX.uk, EX.name, Literal("Royaume-Uni", lang="fr")),
        (EX.uk, EX.name, UK_EN),
    }


def test_describe(store) -> None:
    result = store.query(PREFIXES + "DESCRIBE ex:starmer")
    assert result.form == "DESCRIBE"
    assert set(result.graph) == {
        (EX.starmer, RDFS.label, Literal("Keir Starmer", lang="en")),
        (EX.starmer, EX.holds, EX.pmUK),
    }


def test_triple_count(store) -> None:
    assert store.triple_count() == 36


def test_syntax_error_is_a_query_error(store) -> None:
    with pytest.raises(QueryError) as caught:
        store.query("SELECT ?x WHERE { ?x ?y }")
    assert caught.value.message.startswith("SPARQL syntax error: ")


def test_updates_are_refused(store) -> None:
    with pytest.raises(QueryError) as caught:
        store.query("PREFIX ex: <https://example.org/kg/> INSERT DATA { ex:a ex:b ex:c }")
    assert caught.value.message == (
        "only SELECT, ASK, CONSTRUCT and DESCRIBE queries can run here, not INSERT"
    )


def test_rdflib_never_fetches_from(local_stores) -> None:
    query = "SELECT ?s FROM <http://127.0.0.1:9/remote.ttl> WHERE { ?s ?p ?o }"
    assert local_stores["rdflib"].query(query).rows == []


# --- the query's start ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SELECT * WHERE {}", ("SELECT", True)),
        (
            "# note: ASK\nPREFIX ex: <http://e/> BASE <http://b/>\nselect distinct *{}",
            ("SELECT", True),
        ),
        ("PREFIX : <http://e/#> SELECT ?x (1 AS ?y) {}", ("SELECT", False)),
        ("prefix ex:<http://e/>construct where {}", ("CONSTRUCT", False)),
        ("  ask {}", ("ASK", False)),
        ("DESCRIBE <http://e/x>", ("DESCRIBE", False)),
        ("DELETE WHERE { ?s ?p ?o }", ("DELETE", False)),
        ("PREFIX ex <http://e/> SELECT", (None, False)),
        ("", (None, False)),
    ],
)
def test_query_form(text: str, expected: tuple) -> None:
    assert query_form(text) == expected


# --- canonical literals -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lexical", "datatype", "expected"),
    [
        ("+0800", "int", ("800", "integer")),
        ("07", "nonNegativeInteger", ("7", "integer")),
        ("99999999999999999999", "integer", ("99999999999999999999", "integer")),
        ("abc", "integer", ("abc", "integer")),
        ("1.50", "decimal", ("1.5", "decimal")),
        ("3.00", "decimal", ("3", "decimal")),
        ("-0.0", "decimal", ("0", "decimal")),
        ("1.50E0", "double", ("1.5", "double")),
        ("1e20", "double", ("100000000000000000000", "double")),
        ("1e-7", "double", ("0.0000001", "double")),
        ("-0", "double", ("-0", "double")),
        ("INF", "double", ("INF", "double")),
        ("NaN", "double", ("NaN", "double")),
        ("12345678.9", "float", ("12345679", "float")),
        ("0.1", "float", ("0.1", "float")),
        ("1", "boolean", ("true", "boolean")),
        ("0", "boolean", ("false", "boolean")),
        ("2025-09-02+00:00", "date", ("2025-09-02Z", "date")),
        ("2025-09-02T10:00:00.500-00:00", "dateTime", ("2025-09-02T10:00:00.5Z", "dateTime")),
        ("10:00:00.0", "time", ("10:00:00", "time")),
        ("P12M", "yearMonthDuration", ("P12M", "yearMonthDuration")),
    ],
)
def test_canonical_lexical(lexical: str, datatype: str, expected: tuple[str, str]) -> None:
    form, iri = canonical_lexical(lexical, str(XSD) + datatype)
    assert (form, iri) == (expected[0], str(XSD) + expected[1])


# --- persistent stores ------------------------------------------------------------------------

ASK_NEW = PREFIXES + "ASK { ex:new ex:p ex:o }"


def test_persistent_store_reopens_in_a_new_object(store_dir: Path) -> None:
    query = PREFIXES + CASES["group_count"][0]
    with OxigraphStore(store_dir, read_only=True) as first:
        expected = first.query(query).rows
    with OxigraphStore(store_dir, read_only=True) as second, open_store(str(store_dir)) as third:
        assert second.query(query).rows == expected == CASES["group_count"][2]
        assert third.triple_count() == 36


def test_read_only_store_refuses_to_load(store_dir: Path) -> None:
    with OxigraphStore(store_dir, read_only=True) as store, pytest.raises(StoreError) as caught:
        store.load_nquads(KG_FILE)
    assert str(caught.value) == (
        f"the store at {store_dir} is open read-only\n  run kg build --store {store_dir}"
    )


def _second_version(tmp_path: Path) -> Path:
    newer = tmp_path / "v2.nq"
    newer.write_text(
        KG_FILE.read_text(encoding="utf-8")
        + "<https://example.org/kg/new> <https://example.org/kg/p> <https://example.org/kg/o> "
        "<https://example.org/kg/graph/a3> .\n",
        encoding="utf-8",
    )
    return newer


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.parent.iterdir() if p.name.startswith("."))


def test_write_persistent_replaces_the_old_store(tmp_path: Path) -> None:
    target = tmp_path / "store"
    write_persistent(KG_FILE, target)
    assert write_persistent(_second_version(tmp_path), target) == 37
    with open_store(str(target)) as store:
        assert store.query(ASK_NEW).boolean is True
    assert _leftovers(target) == []


def test_write_persistent_can_skip_the_count(tmp_path: Path) -> None:
    """kg build knows the count already (the lines it wrote) and skips the counting query."""
    directory = tmp_path / "store"
    assert write_persistent(KG_FILE, directory, count=False) is None
    with open_store(str(directory)) as store:
        assert store.triple_count() == 36


def test_failed_build_leaves_the_old_store(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "store"
    write_persistent(KG_FILE, target)
    real_load = oxigraph._ox_load

    def load_then_fail(ox_store, path, **options):
        real_load(ox_store, path, **options)  # the new data is in the temporary store...
        raise OSError("disk full")  # ...when the build fails

    monkeypatch.setattr(oxigraph, "_ox_load", load_then_fail)
    with pytest.raises(OSError, match="disk full"):
        write_persistent(_second_version(tmp_path), target)
    with open_store(str(target)) as store:
        assert store.query(ASK_NEW).boolean is False
        assert store.triple_count() == 36
    assert _leftovers(target) == []


def test_failed_swap_without_exchange_restores_the_old_store(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "store"
    write_persistent(KG_FILE, target)
    monkeypatch.setattr(directory, "_exchange_dirs", lambda first, second: False)
    real_rename = os.rename

    def rename(source, destination):
        if Path(destination) == target and ".building-" in str(source):
            raise OSError("interrupted")
        real_rename(source, destination)

    monkeypatch.setattr(directory.os, "rename", rename)
    with pytest.raises(OSError, match="interrupted"):
        write_persistent(_second_version(tmp_path), target)
    monkeypatch.undo()
    with open_store(str(target)) as store:
        assert store.query(ASK_NEW).boolean is False
    assert _leftovers(target) == []


def test_swap_without_exchange_succeeds(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "store"
    write_persistent(KG_FILE, target)
    monkeypatch.setattr(directory, "_exchange_dirs", lambda first, second: False)
    assert write_persistent(_second_version(tmp_path), target) == 37
    with open_store(str(target)) as store:
        assert store.query(ASK_NEW).boolean is True
    assert _leftovers(target) == []


def test_store_killed_between_renames_is_recovered(tmp_path: Path) -> None:
    target = tmp_path / "store"
    write_persistent(KG_FILE, target)
    # What a kill between the two renames leaves: the old store under its backup name (of a
    # process that no longer exists) and a half-built temporary directory.
    os.rename(target, tmp_path / ".store.old-999999999-1")
    (tmp_path / ".store.building-999999999-x").mkdir()
    with open_store(str(target)) as store:
        assert store.triple_count() == 36
    assert _leftovers(target) == []


def test_write_persistent_refuses_a_directory_that_is_not_a_store(tmp_path: Path) -> None:
    target = tmp_path / "notes"
    target.mkdir()
    (target / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        write_persistent(KG_FILE, target)
    assert (
        caught.value.message
        == f"{target} exists and is not an Oxigraph store; it is left untouched"
    )
    assert (target / "keep.txt").read_text(encoding="utf-8") == "mine"


# --- open_store and its errors ------------------------------------------------------------------


def test_open_store_kinds(tmp_path: Path, store_dir: Path) -> None:
    assert isinstance(open_store(None, kg_file=KG_FILE), OxigraphStore)
    assert isinstance(open_store("memory", kg_file=KG_FILE), OxigraphStore)
    assert isinstance(open_store("rdflib", kg_file=KG_FILE), RdflibStore)
    disk = open_store(str(store_dir))
    assert (disk.path, disk.read_only) == (store_dir, True)
    assert repr(open_store("http://127.0.0.1:7878/query")) == (
        "EndpointStore('http://127.0.0.1:7878/query')"
    )


def test_missing_store_directory(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(StoreError) as caught:
        open_store(str(missing))
    assert str(caught.value) == f"no store at {missing}\n  run kg build --store {missing}"


def test_store_path_that_is_a_file() -> None:
    with pytest.raises(StoreError) as caught:
        open_store(str(KG_FILE))
    assert caught.value.message == f"{KG_FILE} is a file, not a store directory"


def test_directory_that_is_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        open_store(str(tmp_path))
    assert caught.value.message == f"{tmp_path} is not an Oxigraph store (no CURRENT file)"


@pytest.mark.parametrize("spec", [None, "rdflib"])
def test_missing_kg_file(tmp_path: Path, spec) -> None:
    with pytest.raises(StoreError) as caught:
        open_store(spec, kg_file=tmp_path / "kg.nq")
    assert (
        str(caught.value)
        == f"no KG at {tmp_path / 'kg.nq'}\n  run kg build first, or give the right file"
    )


@pytest.mark.parametrize("spec", [None, "rdflib"])
def test_bad_nquads_names_the_line(tmp_path: Path, spec) -> None:
    bad = tmp_path / "bad.nq"
    bad.write_text(
        '<http://e/a> <http://e/p> "x" <http://e/g> .\n<http://e/a> <http://e/p> x .\n',
        encoding="utf-8",
    )
    with pytest.raises(StoreError) as caught:
        open_store(spec, kg_file=bad)
    assert (caught.value.file, caught.value.line) == (str(bad), 2)
    assert caught.value.message.startswith("cannot read N-Quads: ")


def test_closed_store_refuses_queries() -> None:
    with open_store(None, kg_file=KG_FILE) as store:
        assert store.triple_count() == 36
    with pytest.raises(StoreError) as caught:
        store.query("ASK {}")
    assert caught.value.message == "OxigraphStore(memory) is closed; open the store again"


# --- timeouts ----------------------------------------------------------------------------------


def _assert_times_out(
    store, timeout: float, limit: float = 3.0, query: str = CROSS_PRODUCT
) -> None:
    started = time.monotonic()
    with pytest.raises(QueryTimeout) as caught:
        store.query(query, timeout=timeout)
    assert time.monotonic() - started < limit
    assert str(caught.value) == f"query stopped after {timeout:g} s; narrow it or raise --timeout"


def test_timeout_rdflib_main_thread(tmp_path: Path) -> None:
    with RdflibStore(synthetic_nquads(tmp_path / "cross.nq", 100)) as store:
        _assert_times_out(store, 0.3)
        assert store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", timeout=5).rows == [
            (integer(100),)
        ]


def test_timeout_rdflib_other_thread(tmp_path: Path) -> None:
    store = RdflibStore(synthetic_nquads(tmp_path / "cross.nq", 100))
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            _assert_times_out(store, 0.3)
            outcome["count"] = store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", timeout=5).rows
        except BaseException as exc:  # noqa: B036 - reported to the main thread
            outcome["error"] = exc

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(10)
    assert outcome == {"count": [(integer(100),)]}


def test_timeout_oxigraph_memory(tmp_path: Path) -> None:
    with OxigraphStore() as store:
        store.load_nquads(synthetic_nquads(tmp_path / "cross.nq", 300))
        _assert_times_out(store, 0.3)
        assert store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", timeout=5).rows == [
            (integer(300),)
        ]


def test_timeout_oxigraph_disk(tmp_path: Path) -> None:
    target = tmp_path / "store"
    write_persistent(synthetic_nquads(tmp_path / "cross.nq", 300), target)
    with open_store(str(target)) as store:
        _assert_times_out(store, 0.5)
        assert store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", timeout=5).rows == [
            (integer(300),)
        ]


def test_oxigraph_timeout_stops_reading_rows_and_starts_no_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A watched thread, not a worker process: no fork, no interpreter, no copy of the KG."""
    import multiprocessing
    import subprocess

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a query must not start a process")

    monkeypatch.setattr(os, "fork", refuse)
    monkeypatch.setattr(subprocess, "Popen", refuse)
    monkeypatch.setattr(multiprocessing, "get_context", refuse)
    streaming = "SELECT ?a ?c ?e WHERE { ?a ?p ?b . ?c ?p ?d . ?e ?p ?f }"  # 27 million rows
    with OxigraphStore() as store:
        store.load_nquads(synthetic_nquads(tmp_path / "cross.nq", 300))
        before = threading.active_count()
        _assert_times_out(store, 0.3, query=streaming)
        started = time.monotonic()
        while threading.active_count() > before and time.monotonic() - started < 10:
            time.sleep(0.05)  # the abandoned streaming query stops at its next row
        assert threading.active_count() == before
        assert store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", timeout=5).rows == [
            (integer(300),)
        ]


@pytest.mark.parametrize("case", ["optional_filter_lang_dates", "select_star_sorted"])
def test_worker_answers_equal_direct_answers(store, case: str) -> None:
    query = PREFIXES + CASES[case][0]
    assert store.query(query, timeout=10) == store.query(query)
    bound = PREFIXES + BINDING_CASES["two_variables"][0]
    bindings = BINDING_CASES["two_variables"][1]
    assert (
        store.query(bound, bindings=bindings, timeout=10).rows == BINDING_CASES["two_variables"][2]
    )


def test_worker_reports_query_errors(store) -> None:
    with pytest.raises(QueryError) as caught:
        store.query(
            PREFIXES + "SELECT ?actor WHERE { ?c ex:by ?actor }", bindings={"c": EX.c1}, timeout=10
        )
    assert caught.value.message == "cannot bind ?c: the query does not select it"


def test_timeout_must_be_positive(store) -> None:
    with pytest.raises(QueryError) as caught:
        store.query("ASK {}", timeout=0)
    assert caught.value.message == "timeout must be a positive number of seconds, not 0"


# --- where an endpoint's VALUES block goes ---------------------------------------------


@pytest.mark.parametrize(
    ("query", "form", "expected"),
    [
        ("SELECT ?x WHERE { ?x ?p ?o }", "SELECT", "SELECT ?x WHERE {\n  VALUES"),
        ("PREFIX a: <http://x/#>\nSELECT ?x { ?x ?p '{' }", "SELECT", "SELECT ?x {\n  VALUES"),
        ("CONSTRUCT { ?x ?p ?o } WHERE { ?x ?p ?o }", "CONSTRUCT", "} WHERE {\n  VALUES"),
        ("CONSTRUCT WHERE { ?x ?p ?o }", "CONSTRUCT", "CONSTRUCT WHERE {\n  VALUES"),
        ('# { not this\nASK { ?x ?p """}{""" }', "ASK", "ASK {\n  VALUES"),
    ],
)
def test_endpoint_values_open_the_outermost_where_group(
    query: str, form: str, expected: str
) -> None:
    from rdflib import URIRef

    from kg.store.terms import bind_with_values

    text = bind_with_values(query, form, {"x": URIRef("http://example.org/a")})
    assert expected + " (?x) { (<http://example.org/a>) }\n" in text
    assert text.count("VALUES") == 1


def test_bind_many_looks_up_many_terms_in_one_query_escaped() -> None:
    from rdflib import Literal, URIRef

    from kg.store.terms import bind_many

    text = bind_many(
        "SELECT ?x ?l WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?l }",
        "SELECT",
        "x",
        [URIRef("http://example.org/a"), Literal('x" } ; DROP ALL ; {')],
    )
    assert text == (
        "SELECT ?x ?l WHERE {\n"
        '  VALUES ?x { <http://example.org/a> "x\\" } ; DROP ALL ; {" }\n'
        " ?x <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    )
