"""The Oxigraph backend: a pyoxigraph store in memory or on disk, queried in-process."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from kg.errors import QueryError, StoreError
from kg.store.base import STORE_HINT, QueryResult, Store, missing_kg, not_selected
from kg.store.terms import make_literal, rdflib_term_types
from kg.store.timeouts import Deadline, run_watched

_PROJECTION_RE = re.compile(r"does not contains? variable \?(\w+) in its SELECT projection")


def _ox_to_rdflib(term: Any) -> Any:
    """A pyoxigraph term as a canonical rdflib term (as :func:`kg.store.terms.term_from_json`)."""
    _, URIRef, BNode = rdflib_term_types()
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


class _TermCache(dict[Any, Any]):
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

    ``bindings`` are rdflib terms. ``stopped`` (see :func:`kg.store.timeouts.run_watched`) is
    asked between solutions, every 256: a blocking step (ORDER BY, GROUP BY) is not
    interrupted, but no further rows are read once it says so.
    """
    import pyoxigraph as ox

    def check(count: int) -> None:
        if stopped is not None and count % 256 == 0 and stopped():
            raise Deadline

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
            raise not_selected(projection.group(1)) from None
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
    is quickest; on disk, :func:`kg.store.persistent.bulk_load_nquads` bulk-loads it.
    """
    import pyoxigraph as ox

    from kg.store.loading import bulk_load_nquads

    path = Path(path)
    if not path.exists():
        raise missing_kg(path)
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
        self._store: Any = None  # the pyoxigraph store; None once closed
        self.read_only = read_only
        if self.path is None:
            if read_only:
                raise StoreError("an in-memory store cannot be read-only")
            self._store = ox.Store()
        elif read_only:
            from kg.store.directory import check_store_dir

            check_store_dir(self.path)
            try:
                self._store = ox.Store.read_only(str(self.path))
            except OSError as exc:
                raise StoreError(
                    f"cannot open the store at {self.path}: {exc}",
                    hint=STORE_HINT.format(dir=self.path),
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
                hint=STORE_HINT.format(dir=self.path),
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
        return run_watched(run, timeout)

    def close(self) -> None:
        """Close the store (a persistent store releases its directory)."""
        super().close()
        self._store = None

