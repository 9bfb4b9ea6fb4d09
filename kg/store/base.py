"""The store interface: :class:`Store`, whose every backend answers with a :class:`QueryResult`
of canonical rdflib terms (see :mod:`kg.store` for what "the same answer" takes)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import QueryError, StoreError
from kg.store.terms import check_bindings, query_form, term_from_json, term_to_json

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph
    from rdflib.term import Identifier

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
#: Each triple once per named graph (``?g`` bound), plus default-graph triples that no named
#: graph holds (``?g`` unbound): the same quads on every backend, whatever the default graph
#: is made of, and the lines of a canonical N-Quads file. (NOT EXISTS, not MINUS: MINUS is
#: faster on a persistent Oxigraph store, but rdflib evaluates it pairwise: 0.9 s -> 5.9 s
#: for the quads of the seed.)
_QUADS_PATTERN = (
    "{ { GRAPH ?g { ?s ?p ?o } } UNION "
    "{ ?s ?p ?o FILTER NOT EXISTS { GRAPH ?h { ?s ?p ?o } } } }"
)
_COUNT_QUERY = f"SELECT (COUNT(*) AS ?n) WHERE {_QUADS_PATTERN}"
_QUADS_QUERY = f"SELECT ?s ?p ?o ?g WHERE {_QUADS_PATTERN}"
STORE_HINT = "run kg build --store {dir}"


# --- results ----------------------------------------------------------------------------


@dataclass
class QueryResult:
    """The answer to one query, the same on every backend.

    ``form`` is ``"SELECT"``, ``"ASK"``, ``"CONSTRUCT"`` or ``"DESCRIBE"``. A SELECT fills
    ``vars`` (names without ``?``) and ``rows`` (tuples of rdflib terms, ``None`` where a
    variable is unbound); an ASK fills ``boolean``; CONSTRUCT and DESCRIBE fill ``graph``
    (an rdflib ``Graph``).
    """

    form: str
    vars: list[str] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None


# --- encoded results, shared by workers and backends -------------------------------------


def decode_result(payload: Mapping[str, Any]) -> QueryResult:
    """Turn an encoded result (SPARQL-JSON terms) into a :class:`QueryResult`."""
    form = payload["form"]
    if form == "ASK":
        return QueryResult("ASK", boolean=bool(payload["boolean"]))
    if form == "SELECT":
        rows = [tuple(term_from_json(cell) for cell in row) for row in payload["rows"]]
        return QueryResult("SELECT", vars=list(payload["vars"]), rows=rows)
    from rdflib import Graph

    graph = Graph()
    for triple in payload["triples"]:
        s, p, o = (term_from_json(part) for part in triple)
        graph.add((s, p, o))
    return QueryResult(form, graph=graph)


def encode_result(result: QueryResult) -> dict[str, Any]:
    if result.form == "ASK":
        return {"form": "ASK", "boolean": result.boolean}
    if result.form == "SELECT":
        rows = [[term_to_json(cell) for cell in row] for row in result.rows]
        return {"form": "SELECT", "vars": result.vars, "rows": rows}
    triples = [[term_to_json(t) for t in triple] for triple in (result.graph or [])]
    return {"form": result.form, "triples": triples}


def _sorted_vars(result: QueryResult) -> QueryResult:
    order = sorted(range(len(result.vars)), key=lambda i: result.vars[i])
    if order == list(range(len(result.vars))):
        return result
    result.vars = [result.vars[i] for i in order]
    result.rows = [tuple(row[i] for i in order) for row in result.rows]
    return result


def not_selected(var: str) -> QueryError:
    return QueryError(
        f"cannot bind ?{var}: the query does not select it",
        hint=f"add ?{var} to the SELECT clause, or bind another variable",
    )


# --- the Store interface ------------------------------------------------------------------


class Store:
    """One interface over several SPARQL engines; use as a context manager.

    Subclasses implement :meth:`_query` (and :meth:`load_nquads` where loading makes sense).
    """

    _closed = False

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Identifier] | None = None,
        timeout: float | None = None,
    ) -> QueryResult:
        """Run a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE).

        ``bindings`` maps variable names (with or without ``?``) to rdflib ``URIRef`` or
        ``Literal`` values; each must be a variable the query selects. ``timeout`` is in
        seconds. Raises :class:`~kg.errors.QueryError` for a bad query or binding,
        :class:`~kg.errors.QueryTimeout` past the timeout, :class:`~kg.errors.StoreError`
        when the store cannot be read.
        """
        if self._closed:
            raise StoreError(f"{self!r} is closed; open the store again")
        form, star = query_form(sparql)
        if form is not None and form not in FORMS:
            raise QueryError(
                f"only SELECT, ASK, CONSTRUCT and DESCRIBE queries can run here, not {form}",
                hint="updates (INSERT, DELETE, LOAD, CLEAR, ...) are not run by kg query",
            )
        checked = check_bindings(bindings)
        if timeout is not None and not timeout > 0:
            raise QueryError(f"timeout must be a positive number of seconds, not {timeout!r}")
        result = self._query(sparql, form, checked, timeout)
        if result.form == "SELECT":
            for var in checked:
                if var not in result.vars:
                    raise not_selected(var)
            if star:
                result = _sorted_vars(result)
        return result

    def _query(
        self, sparql: str, form: str | None, bindings: dict[str, Any], timeout: float | None
    ) -> QueryResult:
        raise NotImplementedError

    def load_nquads(self, path: str | Path) -> None:
        """Add the quads of an N-Quads file to the store."""
        raise StoreError(f"{self!r} cannot load files")

    def triple_count(self) -> int:
        """Triples in the named graphs (once per graph), plus default-graph triples no named
        graph holds: the number of lines of a canonical N-Quads file."""
        result = self.query(_COUNT_QUERY)
        return int(result.rows[0][0])

    def quads(self) -> list[tuple[Any, Any, Any, Any]]:
        """Every quad, as canonical rdflib terms ``(s, p, o, graph)``: the triples of each
        named graph, plus default-graph triples no named graph holds (``graph`` is ``None``)
        -- what a canonical N-Quads file of the store holds, in no particular order."""
        return [(s, p, o, g) for s, p, o, g in self.query(_QUADS_QUERY).rows]

    def close(self) -> None:
        """Release the store; later queries raise :class:`~kg.errors.StoreError`."""
        self._closed = True

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()



def missing_kg(path: Path) -> StoreError:
    """The error for a KG file that is not there."""
    return StoreError(f"no KG at {path}", hint="run kg build first, or give the right file")
