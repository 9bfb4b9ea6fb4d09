"""Open the KG as a SPARQL store: in memory, on disk, or a remote SPARQL 1.1 endpoint.

Every backend answers through :meth:`Store.query` with a :class:`QueryResult` whose terms are
rdflib terms, normalised so that the same data gives equal rows whichever engine ran the
query::

    with open_store(None, kg_file=Path("out/kg.nq")) as store:
        result = store.query("SELECT ?s WHERE { ?s a ?type } ORDER BY ?s")
        for (s,) in result.rows:
            ...

Backends, chosen by :func:`open_store`'s ``spec``:

* ``None`` or ``"memory"`` -- :class:`OxigraphStore` in memory, loaded from the KG file;
* ``"rdflib"`` -- :class:`RdflibStore`, an rdflib ``Dataset`` in memory (pure Python);
* a directory -- a persistent :class:`OxigraphStore` built by :func:`write_persistent`;
* ``http://...`` or ``https://...`` -- :class:`EndpointStore`, a SPARQL 1.1 endpoint,
  loaded with :func:`push`.

What "the same answer" takes, and how each backend is brought in line:

* **The default graph is the set union of all graphs.** A query without ``GRAPH`` sees every
  triple of every graph *once* (RDF merge). rdflib's ``Dataset(default_union=True)`` does
  that. Oxigraph's own union (``use_default_graph_as_union``, ``--union-default-graph``,
  ``FROM a FROM b``) is a *bag*: a triple held by two graphs comes back twice. So the
  Oxigraph stores and :func:`push` write the union into the store's real default graph
  (each triple once), and queries run without Oxigraph's union flag. ``GRAPH ?g`` never
  sees the default graph, on every backend.
* **Literals are written the one way.** ``"x"^^xsd:string`` becomes the plain ``"x"``;
  language tags are lower case; numbers, booleans and dates take Oxigraph's canonical form,
  which is also what Oxigraph stores: every integer type (``xsd:int``, ``xsd:long``,
  ``xsd:nonNegativeInteger``, ...) becomes ``xsd:integer``, ``"007"`` becomes ``"7"``,
  ``"1.50"^^xsd:decimal`` becomes ``"1.5"``, ``"+00:00"`` becomes ``"Z"``. rdflib data is
  normalised the same way when loaded, and so are bound values.
* **``SELECT *`` lists its variables in alphabetical order** (engines differ otherwise).
* Row order is the engine's unless the query has ``ORDER BY`` (give ties a tie-breaker).
  Computed decimals and doubles (``AVG``, division) can differ in their last digits between
  engines; round them in the query when they must match.

Parameters go in through ``bindings`` (a variable name -> rdflib ``URIRef`` or ``Literal``),
never pasted into the query text. A bound variable must be one the query selects: rdflib
binds it before evaluation (``initBindings``), Oxigraph substitutes it (SEP-0007
``substitutions``), and an endpoint gets a ``VALUES`` block appended after the whole query
(SPARQL 1.1 ``Query ::= Prologue (Select|Construct|Describe|Ask) ValuesClause``), built from
escaped terms.

``timeout`` (seconds) stops a query with :class:`~kg.errors.QueryTimeout`:

* rdflib (pure Python): a ``SIGALRM`` timer interrupts evaluation in the main thread; in
  another thread the query runs in a forked worker process that is killed at the deadline.
* Oxigraph: evaluation runs in native code with the GIL released, in a thread of this
  process watched by the caller (:func:`kg.timeouts._run_watched`): the caller gets the
  timeout on time, and the query stops before its next row. A step that yields no row until
  it is done (``ORDER BY``, ``GROUP BY``) cannot be interrupted and finishes in the
  background first; ``kg query`` exits at the timeout, which ends it. No process is forked
  or started, so a query with a timeout costs what it costs without one.
* Endpoint: the HTTP socket timeout plus a deadline while reading the answer. The server may
  keep computing after the client gives up; Oxigraph stops only with ``serve --timeout-s``.

This module holds the interface, the two local backends and :func:`open_store`. The rest
lives next to it: :mod:`kg.terms` (canonical literals, escaped terms, bindings),
:mod:`kg.timeouts` (alarm and worker runners), :mod:`kg.persistent` (:func:`write_persistent`)
and :mod:`kg.endpoint` (:class:`EndpointStore`, :func:`push`); their public names can still
be imported from here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KGError, QueryError, StoreError
from kg.terms import _bind_with_values as _bind_with_values  # re-exported
from kg.terms import (
    _check_bindings,
    _rdflib_term_types,
    _term_from_json,
    _term_to_json,
    normalise_term,
    query_form,
)
from kg.terms import _values_clause as _values_clause  # re-exported
from kg.terms import canonical_lexical as canonical_lexical  # re-exported
from kg.terms import make_literal as make_literal  # re-exported
from kg.terms import sparql_term as sparql_term  # re-exported
from kg.timeouts import (
    _can_fork,
    _can_use_alarm,
    _Deadline,
    _run_forked,
    _run_watched,
    _run_with_alarm,
)

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph
    from rdflib.term import Identifier

    from kg.endpoint import EndpointStore, push
    from kg.persistent import write_persistent

__all__ = [
    "EndpointStore",
    "OxigraphStore",
    "QueryResult",
    "RdflibStore",
    "Store",
    "open_store",
    "push",
    "write_persistent",
]

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
#: Counts each triple once per named graph, plus default-graph triples that no named graph
#: holds (the same number on every backend, whatever the default graph is made of).
_COUNT_QUERY = (
    "SELECT (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION "
    "{ ?s ?p ?o FILTER NOT EXISTS { GRAPH ?h { ?s ?p ?o } } } }"
)
_STORE_HINT = "run kg build --store {dir}"


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


def _decode_result(payload: Mapping[str, Any]) -> QueryResult:
    """Turn an encoded result (SPARQL-JSON terms) into a :class:`QueryResult`."""
    form = payload["form"]
    if form == "ASK":
        return QueryResult("ASK", boolean=bool(payload["boolean"]))
    if form == "SELECT":
        rows = [tuple(_term_from_json(cell) for cell in row) for row in payload["rows"]]
        return QueryResult("SELECT", vars=list(payload["vars"]), rows=rows)
    from rdflib import Graph

    graph = Graph()
    for triple in payload["triples"]:
        s, p, o = (_term_from_json(part) for part in triple)
        graph.add((s, p, o))
    return QueryResult(form, graph=graph)


def _encode_result(result: QueryResult) -> dict[str, Any]:
    if result.form == "ASK":
        return {"form": "ASK", "boolean": result.boolean}
    if result.form == "SELECT":
        rows = [[_term_to_json(cell) for cell in row] for row in result.rows]
        return {"form": "SELECT", "vars": result.vars, "rows": rows}
    triples = [[_term_to_json(t) for t in triple] for triple in (result.graph or [])]
    return {"form": result.form, "triples": triples}


def _sorted_vars(result: QueryResult) -> QueryResult:
    order = sorted(range(len(result.vars)), key=lambda i: result.vars[i])
    if order == list(range(len(result.vars))):
        return result
    result.vars = [result.vars[i] for i in order]
    result.rows = [tuple(row[i] for i in order) for row in result.rows]
    return result


def _not_selected(var: str) -> QueryError:
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
        checked = _check_bindings(bindings)
        if timeout is not None and not timeout > 0:
            raise QueryError(f"timeout must be a positive number of seconds, not {timeout!r}")
        result = self._query(sparql, form, checked, timeout)
        if result.form == "SELECT":
            for var in checked:
                if var not in result.vars:
                    raise _not_selected(var)
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

    def close(self) -> None:
        """Release the store; later queries raise :class:`~kg.errors.StoreError`."""
        self._closed = True

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


# --- rdflib -------------------------------------------------------------------------------


def _line_of(path: Path, text: str) -> int | None:
    """The 1-based number of the first line of ``path`` equal to ``text``."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, start=1):
                if line.rstrip("\r\n") == text:
                    return number
    except OSError:
        return None
    return None


def _missing_kg(path: Path) -> StoreError:
    return StoreError(f"no KG at {path}", hint="run kg build first, or give the right file")


def _read_quads_rdflib(path: str | Path) -> Iterator[tuple[Any, Any, Any, Any]]:
    """The quads of an N-Quads file as canonical rdflib terms; graph ``None`` = default."""
    from rdflib import Dataset
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    path = Path(path)
    staging = Dataset()
    try:
        with open(path, "rb") as handle:
            staging.parse(file=handle, format="nquads")
    except FileNotFoundError:
        raise _missing_kg(path) from None
    except IsADirectoryError:
        raise StoreError(f"{path} is a directory, not an N-Quads file") from None
    except Exception as exc:  # rdflib's ParserError / BadSyntax and friends
        message = str(exc).strip()
        quoted = re.search(r":\n'(.*)'$", message, re.S)
        line = _line_of(path, quoted.group(1)) if quoted else None
        first = message.splitlines()[0] if message else type(exc).__name__
        raise StoreError(
            f"cannot read N-Quads: {first}", file=path, line=line, hint="rebuild it with kg build"
        ) from None
    for s, p, o, g in staging.quads((None, None, None, None)):
        graph = None if g is None or g == DATASET_DEFAULT_GRAPH_ID else g
        yield s, p, normalise_term(o), graph


class RdflibStore(Store):
    """An rdflib ``Dataset`` in memory whose default graph is the union of all graphs.

    Pure Python: slow on big data, but needs nothing native. Literals are normalised on
    loading so that filters and joins behave as in Oxigraph.
    """

    def __init__(self, kg_file: str | Path | None = None) -> None:
        from rdflib import Dataset

        self._dataset = Dataset(default_union=True)
        if kg_file is not None:
            self.load_nquads(kg_file)

    def __repr__(self) -> str:
        return "RdflibStore()"

    def load_nquads(self, path: str | Path) -> None:
        """Add the quads of an N-Quads file, literals normalised."""
        dataset = self._dataset
        graphs: dict[Any, Any] = {None: dataset.default_graph}

        def contexts() -> Iterator[tuple[Any, Any, Any, Any]]:
            for s, p, o, g in _read_quads_rdflib(path):
                if g not in graphs:
                    graphs[g] = dataset.graph(g)
                yield s, p, o, graphs[g]

        dataset.addN(contexts())

    def _query(
        self, sparql: str, form: str | None, bindings: dict[str, Any], timeout: float | None
    ) -> QueryResult:
        def run() -> QueryResult:
            return self._evaluate(sparql, form, bindings)

        if timeout is None:
            return run()
        if _can_use_alarm():
            return _run_with_alarm(run, timeout)
        if _can_fork():
            return _decode_result(_run_forked(lambda: _encode_result(run()), timeout))
        return run()  # no way to interrupt: the query runs to its end

    def _evaluate(self, sparql: str, form: str | None, bindings: dict[str, Any]) -> QueryResult:
        import rdflib.plugins.sparql as rdflib_sparql
        from pyparsing import ParseException
        from rdflib import Graph

        from kg.offline import offline

        load_graphs = rdflib_sparql.SPARQL_LOAD_GRAPHS
        rdflib_sparql.SPARQL_LOAD_GRAPHS = False  # FROM <x> must never fetch x
        try:
            with offline():
                answer = self._dataset.query(sparql, initBindings=bindings or None)
                if answer.type == "SELECT":
                    names = [str(v) for v in (answer.vars or [])]
                    rows = [tuple(normalise_term(cell) for cell in row) for row in answer]
                    return QueryResult("SELECT", vars=names, rows=rows)
                if answer.type == "ASK":
                    return QueryResult("ASK", boolean=bool(answer.askAnswer))
                graph = Graph()
                for s, p, o in answer.graph or []:
                    graph.add((s, p, normalise_term(o)))
                return QueryResult(answer.type, graph=graph)
        except ParseException as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from None
        except (KGError, _Deadline):
            raise
        except Exception as exc:
            raise QueryError(f"the query failed in rdflib: {type(exc).__name__}: {exc}") from None
        finally:
            rdflib_sparql.SPARQL_LOAD_GRAPHS = load_graphs

    def close(self) -> None:
        """Drop the in-memory dataset."""
        super().close()
        self._dataset = None


# --- Oxigraph -----------------------------------------------------------------------------

_PROJECTION_RE = re.compile(r"does not contains? variable \?(\w+) in its SELECT projection")


def _ox_to_rdflib(term: Any) -> Any:
    """A pyoxigraph term as a canonical rdflib term (as :func:`kg.terms._term_from_json`)."""
    _, URIRef, BNode = _rdflib_term_types()
    kind = type(term).__name__
    if kind == "NamedNode":
        return URIRef(term.value)
    if kind == "Literal":
        if term.language:
            return make_literal(term.value, None, term.language)
        return make_literal(term.value, term.datatype.value)
    if kind == "BlankNode":
        return BNode(term.value)
    raise QueryError("quoted triples (RDF-star) in results are not supported")


def _rdflib_to_ox(term: Any) -> Any:
    """A (checked, canonical) rdflib IRI or literal as a pyoxigraph term, for substitutions."""
    import pyoxigraph as ox
    from rdflib import URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is not None:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


class _TermCache(dict):  # type: ignore[type-arg]
    """pyoxigraph term -> rdflib term, each distinct term converted once per result
    (results repeat the same labels, classes and values on many rows)."""

    def __missing__(self, term: Any) -> Any:
        converted = self[term] = _ox_to_rdflib(term)
        return converted

    def row(self, solution: Any, width: int) -> tuple[Any, ...]:
        cells = []
        for i in range(width):
            term = solution[i]
            cells.append(None if term is None else self[term])
        return tuple(cells)


def _ox_execute(
    store: Any,
    sparql: str,
    bindings: Mapping[str, Any],
    engine_union: bool,
    form: str | None,
    stopped: Callable[[], bool] | None = None,
) -> QueryResult:
    """Run a query on a pyoxigraph store, in this process; return a :class:`QueryResult`.

    ``bindings`` are rdflib terms. ``stopped`` (see :func:`kg.timeouts._run_watched`) is
    asked between solutions, every 256: a blocking step (ORDER BY, GROUP BY) is not
    interrupted, but no further rows are read once it says so.
    """
    import pyoxigraph as ox

    def check(count: int) -> None:
        if stopped is not None and count % 256 == 0 and stopped():
            raise _Deadline

    substitutions = {ox.Variable(k): _rdflib_to_ox(v) for k, v in bindings.items()} or None
    terms = _TermCache()
    answer = item = None
    try:
        answer = store.query(
            sparql, use_default_graph_as_union=engine_union, substitutions=substitutions
        )
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult("ASK", boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            names = [v.value for v in answer.variables]
            width = len(names)
            rows = []
            for count, item in enumerate(answer):
                check(count)
                rows.append(terms.row(item, width))
            return QueryResult("SELECT", vars=names, rows=rows)
        from rdflib import Graph

        graph = Graph()
        for count, item in enumerate(answer):
            check(count)
            graph.add((terms[item.subject], terms[item.predicate], terms[item.object]))
        return QueryResult(form if form == "DESCRIBE" else "CONSTRUCT", graph=graph)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from None
    except RuntimeError as exc:
        projection = _PROJECTION_RE.search(str(exc))
        if projection:
            raise _not_selected(projection.group(1)) from None
        raise QueryError(f"the query failed in Oxigraph: {exc}") from None
    except OSError as exc:
        raise StoreError(f"Oxigraph could not run the query: {exc}") from None
    finally:
        # pyoxigraph's result objects belong to the thread that made them: drop them here,
        # not wherever a traceback that still holds this frame ends up
        answer = item = None  # noqa: F841


def _ox_load(store: Any, path: str | Path, *, in_memory: bool = False) -> None:
    """Load an N-Quads file into a pyoxigraph store, with the union default graph.

    In memory, one native load and a SPARQL copy of the named graphs into the default graph
    is quickest; on disk, :func:`kg.persistent.bulk_load_nquads` bulk-loads it.
    """
    import pyoxigraph as ox

    from kg.persistent import bulk_load_nquads

    path = Path(path)
    if not path.exists():
        raise _missing_kg(path)
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not an N-Quads file")
    try:
        if in_memory:
            store.load(path=path, format=ox.RdfFormat.N_QUADS)
            store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        else:
            bulk_load_nquads(store, path)
    except SyntaxError as exc:
        message = re.sub(r"\s*\((?:[^()]*, )?line \d+\)$", "", str(exc))
        raise StoreError(
            f"cannot read N-Quads: {message}",
            file=path,
            line=getattr(exc, "lineno", None),
            hint="rebuild it with kg build",
        ) from None
    except OSError as exc:
        raise StoreError(f"cannot load {path}: {exc}") from None


class OxigraphStore(Store):
    """A pyoxigraph store, in memory (``path=None``) or persistent in a directory.

    ``read_only=True`` opens an existing directory without taking its write lock, so
    several processes (and a running ``oxigraph serve-read-only``) can share it.
    """

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        import pyoxigraph as ox

        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        if self.path is None:
            if read_only:
                raise StoreError("an in-memory store cannot be read-only")
            self._store = ox.Store()
        elif read_only:
            from kg.persistent import _check_store_dir

            _check_store_dir(self.path)
            try:
                self._store = ox.Store.read_only(str(self.path))
            except OSError as exc:
                raise StoreError(
                    f"cannot open the store at {self.path}: {exc}",
                    hint=_STORE_HINT.format(dir=self.path),
                ) from None
        else:
            try:
                self._store = ox.Store(str(self.path))
            except OSError as exc:
                raise StoreError(
                    f"cannot open the store at {self.path}: {exc}",
                    hint="another process may hold it open for writing; stop it or open "
                    "the store read-only",
                ) from None
        self._engine_union = self._needs_engine_union()

    def __repr__(self) -> str:
        where = "memory" if self.path is None else str(self.path)
        return f"OxigraphStore({where}{', read-only' if self.read_only else ''})"

    def _needs_engine_union(self) -> bool:
        """A store written by other tools has an empty default graph: fall back to
        Oxigraph's own (bag) union so that queries without GRAPH still see the data."""
        import pyoxigraph as ox

        default = self._store.quads_for_pattern(None, None, None, ox.DefaultGraph())
        if next(iter(default), None) is not None:
            return False
        return next(iter(self._store.named_graphs()), None) is not None

    def load_nquads(self, path: str | Path) -> None:
        """Bulk-load an N-Quads file; the default graph gets the union of all graphs."""
        if self._closed:
            raise StoreError(f"{self!r} is closed")
        if self.read_only:
            raise StoreError(
                f"the store at {self.path} is open read-only",
                hint=_STORE_HINT.format(dir=self.path),
            )
        _ox_load(self._store, path, in_memory=self.path is None)
        self._engine_union = False

    def _query(
        self, sparql: str, form: str | None, bindings: dict[str, Any], timeout: float | None
    ) -> QueryResult:
        store, union = self._store, self._engine_union

        def run(stopped: Callable[[], bool] | None = None) -> QueryResult:
            return _ox_execute(store, sparql, bindings, union, form, stopped)

        if timeout is None:
            return run()
        return _run_watched(run, timeout)

    def close(self) -> None:
        """Close the store (a persistent store releases its directory)."""
        super().close()
        self._store = None


# --- choosing a store ---------------------------------------------------------------------


def open_store(spec: str | None, *, kg_file: Path | None = None) -> Store:
    """Open the store a user asked for (the ``--store`` option).

    * ``None`` or ``"memory"``: Oxigraph in memory, loaded from ``kg_file``;
    * ``"rdflib"``: rdflib in memory, loaded from ``kg_file``;
    * ``"http://..."`` or ``"https://..."``: a SPARQL query endpoint (see :func:`push`);
    * anything else: the directory of a persistent store (see :func:`write_persistent`),
      opened read-only.
    """
    if spec is None or spec in ("memory", "rdflib"):
        if kg_file is None:
            raise StoreError("no KG file to load", hint="run kg build first")
        kg_file = Path(kg_file)
        if not kg_file.is_file():
            raise _missing_kg(kg_file)
        if spec == "rdflib":
            return RdflibStore(kg_file)
        store = OxigraphStore()
        store.load_nquads(kg_file)
        return store
    if spec.startswith(("http://", "https://")):
        from kg.endpoint import EndpointStore

        return EndpointStore(spec)
    return OxigraphStore(Path(spec), read_only=True)


#: Names that moved to kg.endpoint and kg.persistent (which import this module), still
#: importable from here; loaded on first use so that neither import runs in a cycle.
_MOVED = {
    "EndpointStore": "kg.endpoint",
    "push": "kg.endpoint",
    "_http": "kg.endpoint",
    "write_persistent": "kg.persistent",
}


def __getattr__(name: str) -> Any:
    """Resolve a name that lives in kg.endpoint or kg.persistent (PEP 562)."""
    module = _MOVED.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
