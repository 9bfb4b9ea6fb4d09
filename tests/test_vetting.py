"""kg.query.vetting: which SPARQL texts `kg query` runs, and what it says about the rest."""

from __future__ import annotations

import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import KGError, QueryError, UnsafeQueryError
from kg.query.vetting import REMOTE_FLAG, VettedQuery, check_query_name, vet_query

REMOTE_HINT = (
    "  kg query reads only the KG; pass --allow-remote (allow_remote=True from Python) if you "
    "mean to contact these. To read a named graph of the KG, write GRAPH <iri> { ... } "
    "instead of FROM."
)
READ_ONLY_HINT = "  the KG is derived from the annotations: change those and run `kg build`"
CARET_HINT = "  the parser stopped at the caret; the mistake is there or just before it"


# --- accepted queries ---------------------------------------------------------------------


def test_select_with_its_projection_in_order() -> None:
    text = "SELECT ?actor (COUNT(?c) AS ?claims) ?b WHERE { ?c ?actor ?b } GROUP BY ?actor ?b"
    assert vet_query(text, source="queries/x.rq") == VettedQuery(
        text=text, form="SELECT", variables=("actor", "claims", "b"), source="queries/x.rq"
    )


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("ASK { ?s ?p ?o }", "ASK"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <http://example.org/a>", "DESCRIBE"),
        ("DESCRIBE ?s WHERE { ?s ?p ?o }", "DESCRIBE"),
    ],
)
def test_other_forms_have_no_columns(text: str, form: str) -> None:
    vetted = vet_query(text)
    assert (vetted.form, vetted.variables, vetted.source, vetted.remote) == (form, (), None, ())


SELECT_STAR = """
PREFIX ex: <http://example.org/>
SELECT * WHERE {
  { SELECT ?sub (1 AS ?one) WHERE { ?sub ?hidden ?b } }
  ?a ex:p/ex:q ?c ; ex:r [ ex:s ?blank ], (?first ?second) .
  GRAPH ?g { ?gs ex:p ?go }
  BIND(2 AS ?two)
  VALUES (?v1 ?v2) { (1 2) }
  FILTER(?only_in_filter)
  MINUS { ?m ?n ?o }
  { ?left ex:p 1 } UNION { ?right ex:p 2 }
  OPTIONAL { ?a ex:opt ?maybe }
  FILTER NOT EXISTS { ?a ex:q ?not_exists }
}
VALUES ?after { 1 }
"""
SELECT_STAR_VARIABLES = (
    "sub", "one", "a", "c", "blank", "first", "second", "g", "gs", "go", "two", "v1", "v2",
    "left", "right", "maybe", "after",
)  # fmt: skip


def test_select_star_lists_in_scope_variables_in_order_of_appearance() -> None:
    assert vet_query(SELECT_STAR).variables == SELECT_STAR_VARIABLES


@pytest.mark.parametrize(
    "text",
    [
        SELECT_STAR,
        "SELECT * { ?s ?p ?o }",
        "SELECT * { SELECT ?x { ?x ?y ?z } }",
        "SELECT * { ?s ?p ?o FILTER(?f) MINUS { ?s ?q ?m } }",
        "SELECT * {}",
    ],
)
def test_select_star_columns_match_pyoxigraph(text: str) -> None:
    """rdflib counts FILTER and MINUS variables too; the columns must not depend on the store."""
    columns = {v.value for v in pyoxigraph.Store().query(text).variables}
    assert set(vet_query(text).variables) == columns


def test_service_in_a_string_or_comment_is_not_refused() -> None:
    text = (
        "# SERVICE <http://example.org/sparql> and FROM <http://example.org/g>\n"
        'SELECT ?s WHERE { ?s ?p "SERVICE <http://example.org/sparql> { ?s ?p ?o }" .\n'
        "  ?s ?p <http://example.org/SERVICE> }  # LOAD <http://example.org/x>\n"
    )
    assert vet_query(text).variables == ("s",)


def test_prefixes_declared_by_the_caller_are_accepted() -> None:
    text = "SELECT ?x WHERE { ?x kg:says ?y }"
    assert vet_query(text, prefixes={"kg"}).variables == ("x",)


# --- syntax errors ------------------------------------------------------------------------


def test_syntax_error_names_file_line_column_and_shows_a_caret() -> None:
    text = "SELECT ?x WHERE {\n  ?x ?p ?o .\n  FILTER(?x = )\n}\n"
    with pytest.raises(QueryError) as caught:
        vet_query(text, source="queries/broken.rq")
    error = caught.value
    assert type(error) is QueryError
    assert (error.file, error.line) == ("queries/broken.rq", 3)
    assert str(error) == (
        "queries/broken.rq:3: SPARQL syntax error at line 3, column 3: unexpected 'FILTER'\n"
        "      FILTER(?x = )\n"
        "      ^\n" + CARET_HINT
    )


def test_syntax_error_without_a_file() -> None:
    with pytest.raises(QueryError) as caught:
        vet_query("SELECT * WHERE { ?s ?p ?o")
    assert str(caught.value) == (
        "SPARQL syntax error at line 1, column 26: the query ends too early\n"
        "    SELECT * WHERE { ?s ?p ?o\n"
        "                             ^\n" + CARET_HINT
    )


def test_syntax_error_column_counts_a_tab_as_one_character() -> None:
    with pytest.raises(QueryError) as caught:
        vet_query("SELECT ?x WHERE {\n\t?x ?p ?o .\n\tFILTER(?x = )\n}")
    assert str(caught.value) == (
        "SPARQL syntax error at line 3, column 2: unexpected 'FILTER'\n"
        "            FILTER(?x = )\n"
        "            ^\n" + CARET_HINT
    )


def test_long_lines_are_cut_around_the_caret() -> None:
    text = "SELECT * { " + "?s ?p ?o . " * 20 + "?x }"
    with pytest.raises(QueryError) as caught:
        vet_query(text)
    assert str(caught.value) == (
        "SPARQL syntax error at line 1, column 232: unexpected '?'\n"
        "    ...?o . ?s ?p ?o . ?s ?p ?o . ?s ?p ?o . ?s ?p ?o . ?s ?p ?o . ?x }\n"
        "                                                                   ^\n" + CARET_HINT
    )


def test_undeclared_prefix_is_located() -> None:
    text = 'SELECT * WHERE {\n  ?x <http://example.org/a#b> "foo:" . # foo:\n  ?x foo:bar ?o }'
    with pytest.raises(QueryError) as caught:
        vet_query(text, source="q.rq")
    assert str(caught.value) == (
        "q.rq:3: prefix foo: is not declared (line 3, column 6)\n"
        "      ?x foo:bar ?o }\n"
        "         ^\n"
        "  add `PREFIX foo: <...>` at the top of the query"
    )


def test_invalid_unicode_escape() -> None:
    with pytest.raises(QueryError) as caught:
        vet_query('SELECT * { ?s ?p "\\UFFFFFFFF" }')
    assert str(caught.value) == (
        "invalid unicode escape \\UFFFFFFFF: no such code point (line 1, column 19)\n"
        '    SELECT * { ?s ?p "\\UFFFFFFFF" }\n'
        "                      ^"
    )


@pytest.mark.parametrize("text", ["", "   \n", "# just a comment\n"])
def test_empty_text(text: str) -> None:
    with pytest.raises(QueryError) as caught:
        vet_query(text, source="q.rq")
    assert type(caught.value) is QueryError
    assert str(caught.value) == (
        "q.rq: the query is empty\n  write a SELECT, ASK, CONSTRUCT or DESCRIBE query"
    )


SPARQLISH = st.text(
    alphabet=st.sampled_from(list("SELCTWHRANDIOPFXUVG{}()<>?.;,:*'\"#\\\n\t =!&|^0123456789")),
    max_size=60,
)


@settings(max_examples=60, deadline=None)
@given(SPARQLISH)
def test_no_parser_exception_escapes(text: str) -> None:
    try:
        vetted = vet_query(text)
    except KGError:
        return
    assert vetted.form in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


# --- updates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "keywords"),
    [
        ("INSERT DATA { <a:a> <a:b> <a:c> }", "INSERT DATA"),
        ("DELETE DATA { <a:a> <a:b> <a:c> }", "DELETE DATA"),
        ("DELETE WHERE { ?s ?p ?o }", "DELETE WHERE"),
        ("DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", "DELETE/INSERT ... WHERE"),
        ("WITH <g:a> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "DELETE/INSERT ... WHERE"),
        ("LOAD <http://example.org/x.ttl>", "LOAD"),
        ("LOAD SILENT <http://example.org/x.ttl> INTO GRAPH <g:a>", "LOAD"),
        ("CLEAR ALL", "CLEAR"),
        ("DROP GRAPH <g:a>", "DROP"),
        ("CREATE GRAPH <g:a>", "CREATE"),
        ("ADD <g:a> TO <g:b>", "ADD"),
        ("MOVE DEFAULT TO <g:a>", "MOVE"),
        ("COPY <g:a> TO DEFAULT", "COPY"),
        ("PREFIX ex: <http://example.org/>\nCLEAR DEFAULT ; DROP ALL", "CLEAR, DROP"),
    ],
)
def test_updates_are_refused(text: str, keywords: str) -> None:
    with pytest.raises(UnsafeQueryError) as caught:
        vet_query(text, source="q.rq", allow_remote=True)
    assert isinstance(caught.value, QueryError)
    assert str(caught.value) == (
        f"q.rq: kg query is read-only: this is a SPARQL update ({keywords}), "
        "and updates are refused\n" + READ_ONLY_HINT
    )


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        ("PREFIX ex: <http://example.org/>\nINSERT DATA { ex:a ex:b }", "INSERT"),
        ("# comment\ndelete { ?s ?p ?o } where { ?s ?p", "DELETE"),
    ],
)
def test_broken_updates_are_refused_not_reported_as_syntax(text: str, keyword: str) -> None:
    with pytest.raises(UnsafeQueryError) as caught:
        vet_query(text)
    assert str(caught.value) == (
        f"kg query is read-only: this looks like a SPARQL update (it starts with {keyword}), "
        "and updates are refused\n" + READ_ONLY_HINT
    )


# --- SERVICE and FROM ------------------------------------------------------------------------

SERVICE = "SERVICE <http://example.org/sparql> { ?s ?p ?o }"
SERVICE_SAID = "SERVICE <http://example.org/sparql> would send part of the query to that endpoint"


@pytest.mark.parametrize(
    "text",
    [
        f"SELECT * WHERE {{ {SERVICE} }}",
        f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ {SERVICE} }} }}",
        f"SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ {SERVICE} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o MINUS {{ {SERVICE} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ {SERVICE} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER (NOT EXISTS {{ {SERVICE} }} && true) }}",
        f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ {{ SELECT ?s WHERE {{ {SERVICE} }} }} }} }} }}",
        f"SELECT * WHERE {{ GRAPH ?g {{ {SERVICE} }} }}",
        f"ASK {{ {SERVICE} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {SERVICE} }}",
        f"DESCRIBE ?s WHERE {{ {SERVICE} }}",
        f"SELECT (EXISTS {{ {SERVICE} }} AS ?e) {{ }}",
        "select * where { service silent <http://example.org/sparql> { ?s ?p ?o } }",
        "PREFIX ex: <http://example.org/>\nSELECT * { SERVICE <http://example.org/sparql> {} }",
        # \\u escapes are decoded before parsing (SPARQL 1.1, 19.2), so this is SERVICE too
        "SELECT * { \\u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    ],
)
def test_service_anywhere_is_refused(text: str) -> None:
    with pytest.raises(UnsafeQueryError) as caught:
        vet_query(text, source="q.rq")
    assert str(caught.value) == f"q.rq: refused remote access: {SERVICE_SAID}\n" + REMOTE_HINT


def test_service_variable_and_prefixed_name() -> None:
    text = (
        "PREFIX ex: <http://example.org/>\n"
        "SELECT * { SERVICE ?endpoint { ?s ?p ?o } SERVICE ex:sparql { ?s ?p ?o } }"
    )
    with pytest.raises(UnsafeQueryError) as caught:
        vet_query(text)
    assert str(caught.value) == (
        "refused remote access: SERVICE ?endpoint would send part of the query to whatever "
        "endpoint ?endpoint is bound to; SERVICE ex:sparql (<http://example.org/sparql>) would "
        "send part of the query to that endpoint\n" + REMOTE_HINT
    )


@pytest.mark.parametrize(
    ("clause", "said"),
    [
        ("FROM <http://example.org/g>", "FROM <http://example.org/g>"),
        ("FROM NAMED <http://example.org/g>", "FROM NAMED <http://example.org/g>"),
        ("FROM <file:///etc/passwd>", "FROM <file:///etc/passwd>"),
        ("FROM ex:g", "FROM ex:g (<http://example.org/g>)"),
    ],
)
def test_from_is_refused(clause: str, said: str) -> None:
    text = f"PREFIX ex: <http://example.org/>\nSELECT * {clause} WHERE {{ ?s ?p ?o }}"
    with pytest.raises(UnsafeQueryError) as caught:
        vet_query(text)
    assert str(caught.value) == (
        f"refused remote access: {said} would load that document, possibly over the network\n"
        + REMOTE_HINT
    )


def test_from_on_other_forms_is_refused() -> None:
    for text in (
        "ASK FROM <http://example.org/g> { ?s ?p ?o }",
        "CONSTRUCT { ?s ?p ?o } FROM NAMED <http://example.org/g> WHERE { ?s ?p ?o }",
        "DESCRIBE ?s FROM <http://example.org/g> WHERE { ?s ?p ?o }",
    ):
        with pytest.raises(UnsafeQueryError, match="^refused remote access: FROM"):
            vet_query(text)


def test_allow_remote_lets_them_through_and_lists_them() -> None:
    text = (
        "SELECT ?s FROM <http://example.org/g> FROM NAMED <http://example.org/n> "
        "WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } "
        "SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    )
    vetted = vet_query(text, allow_remote=True)
    assert vetted.variables == ("s",)
    assert vetted.remote == (
        "http://example.org/g",
        "http://example.org/n",
        "http://example.org/sparql",
    )


def test_the_flag_named_is_the_cli_flag() -> None:
    assert REMOTE_FLAG == "--allow-remote"


# --- query names -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["commitments_by_actor", "q1", "_", "stance_2025"])
def test_snake_case_query_names_pass(name: str) -> None:
    assert check_query_name(name) == name


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "/etc/passwd",
        "a/b",
        "..",
        ".",
        "",
        "Commitments",
        "commitments.rq",
        "with-dash",
        "with space",
        "name\n",
        "a\\b",
        "caf\u00e9",
    ],
)
def test_odd_query_names_are_refused(name: str) -> None:
    with pytest.raises(QueryError) as caught:
        check_query_name(name)
    assert str(caught.value) == (
        f"{name!r} is not a query name: query names are snake_case names from `kg queries` "
        "(letters a-z, digits and _)\n"
        "  run `kg queries` to list them, or pass your own SPARQL as a .rq file"
    )
