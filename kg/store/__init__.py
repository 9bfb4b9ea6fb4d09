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
  process watched by the caller (:func:`kg.store.timeouts.run_watched`): the caller gets the
  timeout on time, and the query stops before its next row. A step that yields no row until
  it is done (``ORDER BY``, ``GROUP BY``) cannot be interrupted and finishes in the
  background first; ``kg query`` exits at the timeout, which ends it. No process is forked
  or started, so a query with a timeout costs what it costs without one.
* Endpoint: the HTTP socket timeout plus a deadline while reading the answer. The server may
  keep computing after the client gives up; Oxigraph stops only with ``serve --timeout-s``.

This package holds :func:`open_store`; the pieces live in its modules, each importing only
those below it: :mod:`kg.store.base` (the interface and results), :mod:`kg.store.terms`
(canonical literals, escaped terms, bindings), :mod:`kg.store.timeouts` (alarm, fork and
watched-thread runners), :mod:`kg.store.rdflib_store`, :mod:`kg.store.oxigraph`,
:mod:`kg.store.loading` (bulk loads), :mod:`kg.store.directory` (store folders swapped
atomically, recovered after a kill), :mod:`kg.store.persistent` (:func:`write_persistent`)
and :mod:`kg.store.endpoint` (:class:`EndpointStore`, :func:`push`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import StoreError
from kg.store.base import QueryResult, Store, missing_kg
from kg.store.endpoint import EndpointStore, push
from kg.store.oxigraph import OxigraphStore
from kg.store.persistent import write_persistent
from kg.store.rdflib_store import RdflibStore
from kg.store.terms import make_literal, sparql_term

if TYPE_CHECKING:  # pragma: no cover
    from kg.project import Project

__all__ = [
    "EndpointStore",
    "OxigraphStore",
    "QueryResult",
    "RdflibStore",
    "Store",
    "make_literal",
    "open_project_store",
    "open_store",
    "push",
    "sparql_term",
    "write_persistent",
]

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
            raise missing_kg(kg_file)
        if spec == "rdflib":
            return RdflibStore(kg_file)
        store = OxigraphStore()
        store.load_nquads(kg_file)
        return store
    if spec.startswith(("http://", "https://")):
        return EndpointStore(spec)
    return OxigraphStore(Path(spec), read_only=True)




def open_project_store(
    project: Project, store_spec: str | None, notify: Callable[[str], None] | None = None
) -> Store:
    """Open the store a reading command reads (see :func:`open_store` for ``store_spec``).

    A local store is loaded from the project's ``out/kg.nq``; a persistent store is read as
    it is. Reading never builds: when the seeds or the ontology changed after the KG (or the
    store) was written, ``notify`` gets a warning that its answers are out of date.
    """
    if store_spec is None or store_spec in ("memory", "rdflib"):
        return open_store(store_spec, kg_file=project.built_kg(notify))
    if notify is not None and not store_spec.startswith(("http://", "https://")):
        written = Path(store_spec) / "CURRENT"
        if written.is_file() and project.changed_since(written):
            notify(f"Warning: seeds or ontology changed after the store at {store_spec} was "
                   f"written; its answers are out of date (run kg build --store {store_spec}).")
    return open_store(store_spec, kg_file=project.kg_file)
