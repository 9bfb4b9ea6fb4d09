"""The named-query catalogue (``queries/*.rq``), kg.query.catalogue, kg.query.run and
kg.query.formatting.

Every query parses, is vetted, declares a header that reads, and answers each of its example
calls on the seed KG with exactly the rows of ``tests/golden/<name>.json``, on Oxigraph and on
rdflib alike (so the catalogue is plain SPARQL 1.1). After a deliberate change, regenerate
the golden files with ``.venv/bin/python tests/regenerate_golden.py [NAME ...]`` and review
``git diff tests/golden`` (see that script's docstring).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import catalogue_rows as select
from rdflib import Literal, URIRef
from regenerate_golden import GOLDEN, golden_path, result_data, run_case

from kg.errors import QueryError, UnsafeQueryError
from kg.model.namespaces import KG, KGI, claim_iri
from kg.project import Project
from kg.query.catalogue import QuerySpec, list_queries, load_query, parse_header
from kg.query.formatting import render, shorten, sparql_json
from kg.query.run import display_labels, parse_param_pairs, run_query, run_text
from kg.query.vetting import vet_query
from kg.store import QueryResult, Store, open_store

TESTS = Path(__file__).resolve().parent
MAIN = TESTS.parent
PROJECT = Project(MAIN)
SEED_ID = "000_3622f00dcd344a76"
SEED_TEXT = MAIN / "seeds" / f"{SEED_ID}.txt"
HOSTILE = 'x" || true || "'

SPECS = list_queries(PROJECT)
CASES = [
    pytest.param(spec, n, id=f"{spec.name}-{n}")
    for spec in SPECS
    for n in range(len(spec.examples))
]


def actor(name: str) -> URIRef:
    return KGI[f"actor/{name}"]


def claim(name: str) -> URIRef:
    return claim_iri(SEED_ID, name)


@pytest.fixture(scope="module")
def oxigraph(seed_kg: Path) -> Iterator[Store]:
    with open_store("memory", kg_file=seed_kg) as store:
        yield store


@pytest.fixture(scope="module")
def rdflib_store(seed_kg: Path) -> Iterator[Store]:
    with open_store("rdflib", kg_file=seed_kg) as store:
        yield store


@pytest.fixture(params=["oxigraph", "rdflib"])
def store(request: pytest.FixtureRequest) -> Store:
    """Each test using it runs once per engine."""
    return request.getfixturevalue("rdflib_store" if request.param == "rdflib" else "oxigraph")


# --- the catalogue itself ------------------------------------------------------------------


def test_the_catalogue_has_the_queries_analysts_asked_for() -> None:
    names = {spec.name for spec in SPECS}
    assert len(SPECS) >= 15
    assert {
        "actor_claims", "capability_offers", "ruled_out", "proposals", "conflicts",
        "claims_by_certainty", "claims_by_attribution", "quotes", "events", "offices",
        "evidence", "timeline", "actor_profile", "demands_and_red_lines", "summary_counts",
    } <= names


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_every_query_has_a_usable_header_and_is_vetted(spec: QuerySpec) -> None:
    assert spec.path == PROJECT.queries_dir / f"{spec.name}.rq"
    assert 10 <= len(spec.title) <= 60, "titles must fit the `kg queries` table"
    assert spec.question.endswith(("?", ".", ")")) and len(spec.question) > 40
    assert spec.examples, "each query needs at least one example call"
    vetted = vet_query(spec.text, source=str(spec.path))
    assert vetted.remote == ()
    for param in spec.params:
        assert param.description
        if param.required:
            assert all(param.name in call for call in spec.example_params())
        if vetted.form == "SELECT":
            assert param.name in vetted.variables, f"?{param.name} must be selected to bind it"
    if vetted.form == "SELECT":
        assert "ORDER BY" in spec.text, "SELECT queries must order their rows"


def test_every_query_has_a_golden_file_and_no_golden_file_is_stale() -> None:
    assert sorted(p.stem for p in GOLDEN.glob("*.json")) == sorted(s.name for s in SPECS)
    for spec in SPECS:
        data = json.loads(golden_path(spec.name).read_text(encoding="utf-8"))
        assert data["query"] == spec.name
        assert [c["call"] for c in data["cases"]] == list(spec.examples)
        assert [c["params"] for c in data["cases"]] == spec.example_params()


@pytest.mark.parametrize(("spec", "n"), CASES)
def test_each_example_gives_its_golden_rows_on_oxigraph_and_rdflib(
    spec: QuerySpec, n: int, oxigraph: Store, rdflib_store: Store
) -> None:
    expected = json.loads(golden_path(spec.name).read_text(encoding="utf-8"))["cases"][n]
    params = spec.example_params()[n]
    assert run_case(oxigraph, spec, params) == expected["result"]
    assert run_case(rdflib_store, spec, params) == expected["result"]


def test_golden_answers_are_not_trivial() -> None:
    for spec in SPECS:
        for case in json.loads(golden_path(spec.name).read_text(encoding="utf-8"))["cases"]:
            result = case["result"]
            assert result.get("rows", result.get("triples", [True])), f"{case['call']} is empty"


# --- facts checked by hand -----------------------------------------------------------------


def test_conflicts_pit_the_kremlin_against_the_british_and_french_troops(store: Store) -> None:
    rows = select(store, "conflicts")
    found = [(r["opponentLabel"], r["opposition"], r["opposedLabel"], r["actorLabel"],
              r["capability"], r["basis"], r["opposingClaim"], r["claim"]) for r in rows]
    troops = "NATO troops stationed on Ukrainian territory"
    basis = "troops in Ukraine by a member of NATO"
    assert found == [
        ("The Kremlin", "rejects", troops, "France", "troops", basis,
         str(claim("kremlin-rejects-nato-troops")), str(claim("france-troops-for-force"))),
        ("The Kremlin", "rejects", troops, "United Kingdom", "troops", basis,
         str(claim("kremlin-rejects-nato-troops")), str(claim("uk-troops-for-force"))),
    ]
    # Both troop commitments come from unnamed sources: never firm facts.
    assert {r["positionSourcing"] for r in rows} == {"anonymous source"}


def test_ruled_out_has_trump_ruling_out_combat_troops(store: Store) -> None:
    rows = select(store, "ruled_out")
    assert [(r["actorLabel"], r["how"], r["capability"], r["targetLabel"], r["polarity"])
            for r in rows] == [
        ("Donald Trump", "rules out", "combat troops", "American troops in combat in Ukraine",
         "negative"),
        ("The Kremlin", "rejects", None, "NATO troops stationed on Ukrainian territory",
         "positive"),
    ]


def test_evidence_offsets_point_at_the_quote_in_the_article(store: Store) -> None:
    text = SEED_TEXT.read_text(encoding="utf-8")
    [row] = select(store, "evidence", claim="kremlin-rejects-nato-troops")
    quote = "rejects the possibility of NATO troops being stationed on Ukrainian territory"
    assert (row["start"], row["end"], row["exact"]) == ("2475", "2552", quote)
    assert text[2475:2552] == quote
    start = int(row["sentenceStart"])
    assert text[start:start + len(row["sentence"])] == row["sentence"]
    assert row["sentence"].startswith("The Kremlin, which demands")
    assert row["article"] == str(KGI[f"article/{SEED_ID}"])


def test_every_evidence_span_matches_the_article_text(store: Store) -> None:
    text = SEED_TEXT.read_text(encoding="utf-8")
    rows = select(store, "evidence")
    assert len(rows) == 43
    for row in rows:
        assert text[int(row["start"]):int(row["end"])] == row["exact"], row["claimId"]


def test_hedged_and_anonymous_claims_are_never_firm_facts(store: Store) -> None:
    rows = {r["claim"].rsplit("/", 1)[-1]: r for r in select(store, "capability_offers")}
    assert (rows["backstop-air-defence"]["cues"], rows["backstop-air-defence"]["firmFact"]) == (
        "potentially", "false")
    assert rows["uk-troops-for-force"]["sourcing"] == "anonymous source"
    assert rows["uk-troops-for-force"]["firmFact"] == "false"
    assert rows["deployment-after-hostilities"]["condition"] == (
        "following the cessation of hostilities")
    assert rows["deployment-after-hostilities"]["firmFact"] == "false"
    assert rows["us-offers-equipment"]["firmFact"] == "true"
    for row in select(store, "claims_by_certainty"):
        if row["modalityLabel"] == "hedged":
            assert row["cue"] and row["firmFact"] == "false"


def test_a_claim_with_two_cues_has_a_row_for_each(store: Store) -> None:
    rows = select(store, "claims_by_certainty", modality="hedged")
    costa = [r["cue"] for r in rows if r["claim"] == str(claim("costa-conditions-expected"))]
    assert costa == ["expected", "ideally"]
    [quote] = [r for r in select(store, "quotes") if r["speakerLabel"] == "António Costa"]
    assert (quote["cues"], quote["placeLabel"]) == ("expected, ideally", "Lisbon")


def test_summary_counts_add_up_to_the_43_claims(store: Store) -> None:
    rows = select(store, "summary_counts")
    by_kind: dict[str, int] = {}
    for row in rows:
        by_kind[row["kind"]] = by_kind.get(row["kind"], 0) + int(row["claims"])
    assert by_kind == {"Commitment": 16, "Event": 6, "Stance": 10, "Statement": 11}


# --- parameters ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", [
    "Caroline Levitt", "caroline levitt", "LEVITT", "Karoline Leavitt", "karoline-leavitt",
    "karoline_leavitt", str(actor("karoline-leavitt")), f"<{actor('karoline-leavitt')}>",
])
def test_an_actor_is_found_by_id_label_or_surface_form(oxigraph: Store, name: str) -> None:
    spec = load_query(PROJECT, "actor_profile")
    run = run_query(oxigraph, spec.text, spec=spec, params={"actor": name})
    assert run.bindings == {"actor": actor("karoline-leavitt")}
    assert ("holds office", "White House Press Secretary") in [
        (str(row[1]), str(row[3])) for row in run.result.rows]


@pytest.mark.parametrize(("name", "expected"), [
    ("Kyiv", "ukraine"), ("Washington", "united-states"), ("the kremlin", "kremlin"),
    ("Antonio Costa", "antonio-costa"), ("antónio costa", "antonio-costa"),
    ("UK", "united-kingdom"),
])
def test_surface_forms_and_accents_resolve(oxigraph: Store, name: str, expected: str) -> None:
    spec = load_query(PROJECT, "actor_claims")
    run = run_query(oxigraph, spec.text, spec=spec, params={"actor": name})
    assert run.bindings["actor"] == actor(expected)


def test_an_unknown_actor_gets_close_names(oxigraph: Store) -> None:
    spec = load_query(PROJECT, "actor_claims")
    with pytest.raises(QueryError) as caught:
        run_query(oxigraph, spec.text, spec=spec, params={"actor": "Trumpp"})
    assert caught.value.message == "no actor is called 'Trumpp'"
    assert caught.value.hint.startswith("close names: Donald Trump (donald-trump)")


def _actors_kg(folder: Path, actors: list[tuple[str, str, str]]) -> Path:
    """A tiny KG of people: (id, label, surface form) each."""
    person = "<https://w3id.org/newskg/ns#Person>"
    sub = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
    a = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    form = "<https://w3id.org/newskg/ns#surfaceForm>"
    lines = [f"{person} {sub} <https://w3id.org/newskg/ns#Actor> ."]
    for who, name, surface in actors:
        iri = f"<{actor(who)}>"
        lines += [f"{iri} {a} {person} .", f'{iri} {label} "{name}" .',
                  f'{iri} {form} "{surface}" .']
    data = folder / "people.nq"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return data


def test_an_ambiguous_name_lists_the_candidates(tmp_path: Path) -> None:
    data = _actors_kg(tmp_path, [("john-smith", "John Smith", "Smith"),
                                 ("jane-smith", "Jane Smith", "Smith")])
    spec = load_query(PROJECT, "actor_claims")
    for value in ("smith", "Smith"):  # matched exactly by both, and case-insensitively
        with open_store("memory", kg_file=data) as two, pytest.raises(QueryError) as caught:
            run_query(two, spec.text, spec=spec, params={"actor": value})
        assert caught.value.message == (
            f"more than one actor is called {value!r}: Jane Smith (jane-smith); "
            "John Smith (john-smith)")
        assert caught.value.hint == "give the id instead, e.g. jane-smith"


@pytest.mark.parametrize("backend", ["memory", "rdflib"])
def test_an_exact_name_wins_over_a_case_insensitive_one(tmp_path: Path, backend: str) -> None:
    data = _actors_kg(tmp_path, [("anna-berg", "Anna Berg", "Berg"),
                                 ("berg-group", "Berg Group", "BERG")])
    spec = load_query(PROJECT, "actor_claims")
    with open_store(backend, kg_file=data) as two:
        for value, who in (("Berg", "anna-berg"), ("BERG", "berg-group"),
                           ("berg-group", "berg-group"), (str(actor("anna-berg")), "anna-berg")):
            run = run_query(two, spec.text, spec=spec, params={"actor": value})
            assert run.bindings == {"actor": actor(who)}, value
        with pytest.raises(QueryError) as caught:  # no exact match: both fold to "berg"
            run_query(two, spec.text, spec=spec, params={"actor": "berg"})
        assert caught.value.message == (
            "more than one actor is called 'berg': Anna Berg (anna-berg); "
            "Berg Group (berg-group)")


def test_an_exact_value_is_resolved_without_listing_every_name(store: Store) -> None:
    spy = RecordingStore(store)
    spec = load_query(PROJECT, "actor_claims")
    for value in ("Donald Trump", "donald-trump", str(actor("donald-trump")), "Trump"):
        spy.seen.clear()
        run = run_query(spy, spec.text, spec=spec, params={"actor": value})
        assert run.bindings == {"actor": actor("donald-trump")}
        lookups = [text for text, _ in spy.seen[:-1]]  # the last one is actor_claims itself
        assert lookups and all(
            "named exactly by a text" in text or "Which of some IRIs" in text for text in lookups
        ), value
        assert spy.seen[-1][0] == spec.text
    spy.seen.clear()  # a case-insensitive name falls back to the full list of names
    run_query(spy, spec.text, spec=spec, params={"actor": "donald TRUMP"})
    assert any("Names of the things of one class" in text for text, _ in spy.seen)


def test_concepts_resolve_by_label_or_name(store: Store) -> None:
    for value in ("air defence", "AirDefence", "air-defence", "AIR DEFENCE"):
        rows = select(store, "capability_offers", capability=value)
        assert [(r["capabilityLabel"], r["claim"]) for r in rows] == [
            ("air defence", str(claim("backstop-air-defence")))]
    assert {r["statusLabel"] for r in select(store, "events", status="planned")} == {"planned"}


class RecordingStore(Store):
    """Passes queries to another store and remembers their text and bindings."""

    def __init__(self, inner: Store) -> None:
        self.inner = inner
        self.seen: list[tuple[str, dict[str, Any]]] = []

    def query(self, sparql: str, *, bindings: Any = None, timeout: Any = None) -> QueryResult:
        self.seen.append((sparql, dict(bindings or {})))
        return self.inner.query(sparql, bindings=bindings, timeout=timeout)


def test_a_hostile_string_matches_nothing_and_never_enters_the_query_text(store: Store) -> None:
    spy = RecordingStore(store)
    spec = load_query(PROJECT, "find_actor")
    run = run_query(spy, spec.text, spec=spec, params={"name": HOSTILE})
    assert run.result.rows == []
    assert [text for text, _ in spy.seen] == [spec.text]
    assert spy.seen[0][1] == {"name": Literal(HOSTILE)}
    # the same query finds real names, so the empty answer is the value's doing
    assert [r["matched"] for r in select(store, "find_actor", name="levitt")] == [
        "Caroline Levitt", "Levitt"]


def test_a_hostile_actor_name_names_no_actor(oxigraph: Store) -> None:
    spy = RecordingStore(oxigraph)
    spec = load_query(PROJECT, "actor_claims")
    with pytest.raises(QueryError, match="no actor is called"):
        run_query(spy, spec.text, spec=spec, params={"actor": HOSTILE})
    assert all(HOSTILE not in text for text, _ in spy.seen)


def test_a_hostile_value_for_an_ad_hoc_query_is_only_a_string(store: Store) -> None:
    sparql = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
              "SELECT ?thing ?name WHERE { ?thing rdfs:label ?name } ORDER BY ?thing")
    run = run_text(PROJECT, sparql, {"name": HOSTILE}, store=store)
    assert run.result.rows == []
    run = run_text(PROJECT, sparql, {"name": "The Kremlin"}, store=store)
    assert [str(r[0]) for r in run.result.rows] == [str(actor("kremlin"))]


def test_parameter_mistakes_are_explained(oxigraph: Store) -> None:
    spec = load_query(PROJECT, "actor_claims")
    with pytest.raises(QueryError) as caught:
        run_query(oxigraph, spec.text, spec=spec, params={})
    assert str(caught.value) == (
        "actor_claims needs --param actor=...\n"
        "  for example: kg query actor_claims --param actor=Trump")
    with pytest.raises(QueryError) as caught:
        run_query(oxigraph, spec.text, spec=spec, params={"actor": "Trump", "who": "x"})
    assert caught.value.message == "actor_claims has no parameter who; it takes actor (actor)"
    with pytest.raises(QueryError, match="'actor' is not KEY=VALUE"):
        parse_param_pairs(["actor"])
    with pytest.raises(QueryError, match="--param a is given twice"):
        parse_param_pairs(["a=1", "a=2"])
    assert parse_param_pairs(["actor=a=b", "x="]) == {"actor": "a=b", "x": ""}


def test_typed_parameters_check_their_values(oxigraph: Store) -> None:
    text = ("# title: Claims on a date\n# question: Which claims resolve to this date?\n"
            "# param: day (date): the date\n# param: n (integer, optional): a number\n"
            "# param: thing (iri, optional): any IRI\n"
            "PREFIX kg: <https://w3id.org/newskg/ns#>\n"
            "SELECT ?claim ?day ?n ?thing WHERE { ?claim kg:date ?day } ORDER BY ?claim\n")
    run = run_text(PROJECT, text, {"day": "2025-08-19", "n": "7", "thing": "urn:x:y"},
                   store=oxigraph)
    assert [str(r[0]) for r in run.result.rows] == [str(claim("officials-discuss-deployment"))]
    for params, message in (
        ({"day": "19 August"}, "day='19 August' is not a date"),
        ({"day": "2025-02-30"}, "day='2025-02-30' is not a date"),
        ({"day": "2025-08-19", "n": "seven"}, "n='seven' is not a whole number"),
        ({"day": "2025-08-19", "thing": "not an iri"}, "thing='not an iri' is not an absolute IRI"),
    ):
        with pytest.raises(QueryError) as caught:
            run_text(PROJECT, text, params, store=oxigraph)
        assert caught.value.message == message


# --- catalogue errors ----------------------------------------------------------------------


def test_unknown_query_names_suggest_the_closest() -> None:
    with pytest.raises(QueryError) as caught:
        load_query(PROJECT, "conflict")
    assert caught.value.message == "there is no query called 'conflict'"
    assert caught.value.hint == "did you mean conflicts? run `kg queries` to list them"
    with pytest.raises(QueryError, match="is not a query name"):
        load_query(PROJECT, "../seeds/registry")


@pytest.mark.parametrize(("header", "message", "line"), [
    ("# question: Why?\nSELECT * {}", "the query header has no `# title:` line", None),
    ("# title: T\nSELECT * {}", "the query header has no `# question:` line", None),
    ("# title: T\n# question: Q?\n# param: actor: the actor\nSELECT * {}",
     "cannot read the parameter line 'actor: the actor'", 3),
    ("# title: T\n# question: Q?\n# param: a (colour): x\nSELECT * {}",
     "cannot read the parameter line 'a (colour): x'", 3),
    ("# title: T\n# question: Q?\n# example: kg query other\nSELECT * {}",
     "the example 'kg query other' does not start with `kg query mine`", 3),
    ("# title: T\n# question: Q?\n# example: kg query mine --param b=1\nSELECT * {}",
     "the example 'kg query mine --param b=1' sets b, which is not a parameter of the query", 3),
])
def test_bad_headers_name_the_file_and_line(header: str, message: str, line: int | None) -> None:
    with pytest.raises(QueryError) as caught:
        parse_header(header, name="mine", path=Path("queries/mine.rq"))
    assert (caught.value.message, caught.value.file, caught.value.line) == (
        message, "queries/mine.rq", line)


def test_a_header_with_continuation_lines_and_optional_params() -> None:
    spec = parse_header(
        "# title: A title\n# question: First line\n#   and second line.\n"
        "# param: who (actor, optional): someone,\n#   described at length\n"
        "# example: kg query mine --param who=\"A B\"\n\nSELECT ?who {} ORDER BY ?who\n",
        name="mine")
    assert spec.question == "First line and second line."
    [param] = spec.params
    assert (param.name, param.kind, param.required, param.description, param.example) == (
        "who", "actor", False, "someone, described at length", "A B")
    assert param.describe() == "who (actor, optional)"


def test_unsafe_queries_are_refused_before_any_store_sees_them(oxigraph: Store) -> None:
    spy = RecordingStore(oxigraph)
    for sparql in ("INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                   "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
                   "SELECT * FROM <http://example.org/data> WHERE { ?s ?p ?o }"):
        with pytest.raises(UnsafeQueryError):
            run_text(PROJECT, sparql, store=spy)
    with pytest.raises(QueryError) as caught:
        run_text(PROJECT, "SELECT ?s WHERE {\n  ?s ?p\n}", store=spy)
    assert caught.value.message == (
        "SPARQL syntax error at line 2, column 3: unexpected '?'\n      ?s ?p\n      ^")
    assert spy.seen == []


# --- labels and formatting -----------------------------------------------------------------


def test_display_labels_prefer_claim_ids_then_plain_labels(oxigraph: Store) -> None:
    result = QueryResult("SELECT", vars=["x"], rows=[
        (actor("kremlin"),), (claim("uk-troops-for-force"),), (KG.Firm,), (URIRef("urn:x"),),
        (Literal("text"),), (None,)])
    assert display_labels(oxigraph, result) == {
        str(actor("kremlin")): "The Kremlin",
        str(claim("uk-troops-for-force")): "uk-troops-for-force",
        str(KG.Firm): "firm",
    }


def _ruled_out(store: Store) -> tuple[QueryResult, dict[str, str]]:
    spec = load_query(PROJECT, "ruled_out")
    run = run_query(store, spec.text, spec=spec, labels=True)
    return run.result, run.labels


def test_the_table_shows_labels_folds_iri_columns_and_shortens(oxigraph: Store) -> None:
    result, labels = _ruled_out(oxigraph)
    table = render(result, "table", labels=labels)
    lines = table.splitlines()
    assert lines[0].split() == ["actor", "how", "capability", "target", "polarity", "modality",
                                "sourcing", "firmFact", "claim", "summary"]
    assert lines[2].startswith("Donald Trump  rules out  combat troops")
    assert "trump-rules-out-combat-troops" in lines[2]
    assert "https://" not in table
    assert lines[-1] == "(2 rows)"
    narrow = render(result, "table", labels=labels, width=100)
    assert max(len(line) for line in narrow.splitlines()) <= 100
    assert "\u2026" in narrow
    assert shorten("a  long\nvalue here", 8) == "a long\u2026"
    assert shorten("short", 8) == "short"


def test_csv_and_json_keep_full_values(oxigraph: Store) -> None:
    result, labels = _ruled_out(oxigraph)
    csv_lines = render(result, "csv", labels=labels).splitlines()
    assert csv_lines[0] == ("actor,actorLabel,how,capability,target,targetLabel,polarity,"
                            "modality,sourcing,firmFact,claim,summary")
    assert csv_lines[2].startswith(f"{actor('kremlin')},The Kremlin,rejects,,")
    data = json.loads(render(result, "json"))
    assert data == sparql_json(result)
    assert data["head"]["vars"][:2] == ["actor", "actorLabel"]
    first = data["results"]["bindings"][0]
    assert first["actor"] == {"type": "uri", "value": str(actor("donald-trump"))}
    assert first["how"] == {"type": "literal", "value": "rules out"}
    assert first["firmFact"] == {"type": "literal", "value": "true",
                                 "datatype": "http://www.w3.org/2001/XMLSchema#boolean"}
    assert "capability" in first and "capability" not in data["results"]["bindings"][1]


def test_markdown_is_a_pipe_table_with_escaped_cells() -> None:
    result = QueryResult("SELECT", vars=["thing", "thingLabel", "note"], rows=[
        (actor("kremlin"), Literal("The Kremlin"), Literal("a | b\nc"))])
    assert render(result, "markdown") == (
        "| thing | note |\n| --- | --- |\n| The Kremlin | a \\| b c |\n")


def test_ask_and_construct_answers_render(oxigraph: Store) -> None:
    ask = QueryResult("ASK", boolean=False)
    assert render(ask, "table") == "false\n"
    assert json.loads(render(ask, "json")) == {"head": {}, "boolean": False}
    run = run_query(oxigraph, load_query(PROJECT, "direct_edges").text)
    turtle = render(run.result, "csv")
    from rdflib import Graph

    graph = Graph().parse(data=turtle, format="turtle")
    assert (actor("kremlin"), KG.opposes, KGI["outcome/nato-troops-in-ukraine"]) in graph
    assert result_data(run.result)["triples"]


# --- a real SPARQL endpoint ----------------------------------------------------------------


@pytest.fixture(scope="module")
def endpoint(seed_kg: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The seed KG pushed to a fresh Oxigraph server on loopback."""
    from endpoint_fixtures import running_oxigraph

    from kg.store import push

    with running_oxigraph(tmp_path_factory.mktemp("oxigraph") / "db") as base:
        push(f"{base}/store", seed_kg)
        with open_store(f"{base}/query") as store:
            yield store


ENDPOINT_CASES = CASES


@pytest.mark.endpoint
@pytest.mark.parametrize(("spec", "n"), ENDPOINT_CASES)
def test_each_example_gives_its_golden_rows_on_an_endpoint(
    spec: QuerySpec, n: int, endpoint: Store
) -> None:
    expected = json.loads(golden_path(spec.name).read_text(encoding="utf-8"))["cases"][n]
    assert run_case(endpoint, spec, spec.example_params()[n]) == expected["result"]
