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
* Oxigraph: evaluation in native code cannot be interrupted from Python (a signal is only
  handled once the whole ``ORDER BY``/``GROUP BY`` step returns), so a query with a timeout
  runs in a worker that is killed at the deadline: a forked process for an in-memory store, a
  fresh interpreter opening the directory read-only for a persistent one.
* Endpoint: the HTTP socket timeout plus a deadline while reading the answer. The server may
  keep computing after the client gives up; Oxigraph stops only with ``serve --timeout-s``.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import stat
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg import errors
from kg.errors import KGError, QueryError, QueryTimeout, StoreError

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph
    from rdflib.term import Identifier

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

XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = XSD + "string"
_XSD_INTEGER = XSD + "integer"
_XSD_DECIMAL = XSD + "decimal"
_XSD_DOUBLE = XSD + "double"
_XSD_FLOAT = XSD + "float"
_XSD_BOOLEAN = XSD + "boolean"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_INTEGER_TYPES = frozenset(
    XSD + name
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
)
_TIME_TYPES = frozenset(XSD + name for name in ("dateTime", "dateTimeStamp", "time"))
_DATE_TYPES = _TIME_TYPES | {XSD + "date"}

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
#: Counts each triple once per named graph, plus default-graph triples that no named graph
#: holds (the same number on every backend, whatever the default graph is made of).
_COUNT_QUERY = (
    "SELECT (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION "
    "{ ?s ?p ?o FILTER NOT EXISTS { GRAPH ?h { ?s ?p ?o } } } }"
)
_SPARQL_JSON = "application/sparql-results+json"
_RDF_ACCEPT = "application/n-triples, text/turtle;q=0.9"
_DEFAULT_GRAPH_KEY = "default"
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


# --- literals: one canonical form -------------------------------------------------------

_DECIMAL_RE = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_DOUBLE_RE = re.compile(r"[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF)|NaN")
_LANG_RE = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
_BAD_IRI_CHARS = frozenset('<>"{}|^`\\') | frozenset(chr(i) for i in range(0x21))
_I64 = (-(2**63), 2**63 - 1)
_DECIMAL_LIMIT = Decimal(2**127) / Decimal(10**18)


def _plain_number(value: Decimal) -> str:
    """A decimal written without exponent or trailing zeros: ``1.5``, ``100``, ``-0``."""
    return format(value.normalize(), "f")


def _double_lexical(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "INF" if value > 0 else "-INF"
    return _plain_number(Decimal(repr(value)))


def _to_f32(value: float) -> float:
    try:
        return struct.unpack("<f", struct.pack("<f", value))[0]
    except OverflowError:
        return float("inf") if value > 0 else float("-inf")


def _float_lexical(value: float) -> str:
    value = _to_f32(value)
    if value != value or value in (float("inf"), float("-inf")):
        return _double_lexical(value)
    shortest = repr(value)
    for digits in range(1, 10):
        candidate = f"{value:.{digits}g}"
        if _to_f32(float(candidate)) == value:
            shortest = candidate
            break
    return _plain_number(Decimal(shortest))


def _xsd_float(lexical: str) -> float | None:
    if not _DOUBLE_RE.fullmatch(lexical):
        return None
    return float(lexical.replace("INF", "inf"))


def _date_lexical(lexical: str, datatype: str) -> str:
    lexical = re.sub(r"[+-]00:00$", "Z", lexical)
    if datatype in _TIME_TYPES:

        def trim(match: re.Match[str]) -> str:
            fraction = match.group(2).rstrip("0")
            return match.group(1) + ("." + fraction if fraction else "")

        lexical = re.sub(r"(\d\d:\d\d:\d\d)\.(\d+)(?=(Z|[+-]\d\d:\d\d)?$)", trim, lexical)
    return lexical


def canonical_lexical(lexical: str, datatype: str) -> tuple[str, str]:
    """Return ``(lexical form, datatype IRI)`` in the canonical form Oxigraph stores.

    Values that are not valid for their datatype (or beyond Oxigraph's native range) are
    returned unchanged, as Oxigraph keeps them.
    """
    try:
        if datatype in _INTEGER_TYPES:
            if re.fullmatch(r"[+-]?\d+", lexical):
                number = int(lexical)
                if _I64[0] <= number <= _I64[1]:
                    return str(number), _XSD_INTEGER
        elif datatype == _XSD_DECIMAL:
            if _DECIMAL_RE.fullmatch(lexical):
                number = Decimal(lexical).normalize()
                exponent = number.as_tuple().exponent
                if abs(number) < _DECIMAL_LIMIT and isinstance(exponent, int) and exponent >= -18:
                    return ("0" if number == 0 else _plain_number(number)), datatype
        elif datatype == _XSD_DOUBLE:
            value = _xsd_float(lexical)
            if value is not None:
                return _double_lexical(value), datatype
        elif datatype == _XSD_FLOAT:
            value = _xsd_float(lexical)
            if value is not None:
                return _float_lexical(value), datatype
        elif datatype == _XSD_BOOLEAN:
            if lexical in ("true", "1"):
                return "true", datatype
            if lexical in ("false", "0"):
                return "false", datatype
        elif datatype in _DATE_TYPES:
            return _date_lexical(lexical, datatype), datatype
    except (ValueError, InvalidOperation, OverflowError):
        pass
    return lexical, datatype


def make_literal(lexical: str, datatype: str | None = None, language: str | None = None) -> Any:
    """An rdflib ``Literal`` in canonical form (see :func:`canonical_lexical`)."""
    from rdflib import Literal, URIRef

    if language:
        return Literal(lexical, lang=language.lower())
    if datatype is None or datatype in (_XSD_STRING, _RDF_LANGSTRING):
        return Literal(lexical)
    lexical, datatype = canonical_lexical(lexical, datatype)
    return Literal(lexical, datatype=URIRef(datatype), normalize=False)


def normalise_term(term: Any) -> Any:
    """The canonical rdflib form of an rdflib term (``None`` stays ``None``)."""
    from rdflib import Literal

    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype is not None else None
        return make_literal(str(term), datatype, term.language)
    return term


# --- terms as JSON (SPARQL 1.1 JSON results) and as SPARQL / N-Triples text ---------------


def _term_to_json(term: Any) -> dict[str, str] | None:
    """An rdflib term as a SPARQL-JSON term object."""
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None:
            out["datatype"] = str(term.datatype)
        return out
    raise QueryError(f"cannot use {term!r} as an RDF term")


def _term_from_json(data: Mapping[str, Any] | None) -> Any:
    """A SPARQL-JSON term object as a canonical rdflib term."""
    from rdflib import BNode, URIRef

    if data is None:
        return None
    kind = data.get("type")
    if kind == "uri":
        return URIRef(data["value"])
    if kind == "bnode":
        return BNode(data["value"])
    if kind in ("literal", "typed-literal"):
        return make_literal(data["value"], data.get("datatype"), data.get("xml:lang"))
    if kind == "triple":
        raise QueryError("quoted triples (RDF-star) in results are not supported")
    raise StoreError(f"unknown term type {kind!r} in a SPARQL JSON result")


def _escape_string(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )


def _checked_iri(iri: str, what: str) -> str:
    if not iri or any(ch in _BAD_IRI_CHARS for ch in iri):
        raise QueryError(f'{what}: {iri!r} is not a valid IRI (no spaces, <>"{{}}|^`\\)')
    return iri


def sparql_term(term: Any) -> str:
    """One rdflib IRI or literal written as SPARQL (and N-Triples) text, fully escaped.

    Used to build ``VALUES`` blocks and N-Triples bodies: the value's text is always inside
    an escaped string or a checked IRI, so it can never become query syntax.
    """
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return f"<{_checked_iri(str(term), 'IRI')}>"
    if isinstance(term, Literal):
        text = f'"{_escape_string(str(term))}"'
        if term.language:
            if not _LANG_RE.fullmatch(term.language):
                raise QueryError(f"{term.language!r} is not a valid language tag")
            return f"{text}@{term.language}"
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return f"{text}^^<{_checked_iri(str(term.datatype), 'datatype')}>"
        return text
    if isinstance(term, BNode):
        return f"_:{re.sub(r'[^A-Za-z0-9_]', '_', str(term)) or 'b'}"
    raise QueryError(f"cannot write {term!r} as an RDF term")


def _check_bindings(bindings: Mapping[str, Any] | None) -> dict[str, Any]:
    """Validate bindings: SPARQL variable names to rdflib IRIs or literals, normalised."""
    from rdflib import BNode, Literal, URIRef

    checked: dict[str, Any] = {}
    for name, value in (bindings or {}).items():
        var = name[1:] if isinstance(name, str) and name[:1] in ("?", "$") else name
        if not isinstance(var, str) or not re.fullmatch(r"\w+", var):
            raise QueryError(f"cannot bind {name!r}: not a SPARQL variable name")
        if isinstance(value, BNode) or not isinstance(value, (URIRef, Literal)):
            raise QueryError(
                f"cannot bind ?{var} to {value!r}: give an rdflib URIRef or Literal",
                hint="e.g. bindings={'actor': URIRef(iri)} or {'label': Literal('text')}",
            )
        sparql_term(value)  # rejects malformed IRIs, datatypes and language tags
        checked[var] = normalise_term(value)
    return checked


def _values_clause(bindings: Mapping[str, Any]) -> str:
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(sparql_term(value) for value in bindings.values())
    return f"VALUES ({names}) {{ ({values}) }}"


def _outer_group_start(sparql: str, form: str) -> int | None:
    """Offset just after the ``{`` that opens the outermost WHERE group, or None.

    Scans only the query's top level, skipping comments, strings and IRIs, so a brace in a
    literal or a CONSTRUCT template is never mistaken for it.
    """
    opens: list[int] = []
    depth, i, n = 0, 0, len(sparql)
    words: list[str] = []
    while i < n:
        ch = sparql[i]
        if ch == "#":
            end = sparql.find("\n", i)
            i = n if end == -1 else end
            continue
        if ch in "'\"":
            quote = ch * 3 if sparql.startswith(ch * 3, i) else ch
            j = i + len(quote)
            while j < n and not sparql.startswith(quote, j):
                j += 2 if sparql[j] == "\\" else 1
            i = j + len(quote)
            continue
        if ch == "<":
            match = _IRIREF_RE.match(sparql, i)
            if match:
                i = match.end()
                continue
        if ch == "{":
            if depth == 0:
                if not opens:  # a CONSTRUCT template comes first unless it is CONSTRUCT WHERE
                    wanted = 2 if form == "CONSTRUCT" and words[-1:] != ["WHERE"] else 1
                opens.append(i + 1)
                if len(opens) == wanted:
                    return i + 1
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch.isalpha() and depth == 0:
            match = _WORD_RE.match(sparql, i)
            words.append(match.group().upper())  # type: ignore[union-attr]
            i = match.end()  # type: ignore[union-attr]
            continue
        i += 1
    return None


def _bind_with_values(sparql: str, form: str, bindings: Mapping[str, Any]) -> str:
    """The query with a VALUES block of escaped terms opening its outermost WHERE group.

    There, FILTERs of that group see the bound values, as with rdflib's ``initBindings`` and
    Oxigraph's ``substitutions``; the user's text is never pasted into the query.
    """
    at = _outer_group_start(sparql, form)
    if at is None:
        # no group found: the grammar's trailing ValuesClause, on a new line of its own so
        # that a comment on the last line cannot swallow it
        return sparql.rstrip() + "\n" + _values_clause(bindings) + "\n"
    return sparql[:at] + "\n  " + _values_clause(bindings) + "\n" + sparql[at:]


# --- reading the start of a query -------------------------------------------------------

_SKIP_RE = re.compile(r"(\s+|#[^\n\r]*)+")
_WORD_RE = re.compile(r"[A-Za-z]+")
_IRIREF_RE = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_PNAME_NS_RE = re.compile(r"[^\s:<>#]*:")


def query_form(sparql: str) -> tuple[str | None, bool]:
    """Return ``(form, select_star)`` read from the start of a query.

    ``form`` is the first keyword after the prologue (``BASE``/``PREFIX``), upper-cased,
    e.g. ``"SELECT"`` or ``"INSERT"``; ``None`` when the prologue cannot be read.
    ``select_star`` says whether the outer query is ``SELECT *``.
    """
    pos = 0

    def skip() -> None:
        nonlocal pos
        match = _SKIP_RE.match(sparql, pos)
        if match:
            pos = match.end()

    while True:
        skip()
        word = _WORD_RE.match(sparql, pos)
        if word is None:
            return None, False
        keyword = word.group().upper()
        pos = word.end()
        if keyword == "PREFIX":
            skip()
            pname = _PNAME_NS_RE.match(sparql, pos)
            if pname is None:
                return None, False
            pos = pname.end()
            skip()
        if keyword in ("PREFIX", "BASE"):
            skip()
            iri = _IRIREF_RE.match(sparql, pos)
            if iri is None:
                return None, False
            pos = iri.end()
            continue
        break
    star = False
    if keyword == "SELECT":
        skip()
        modifier = _WORD_RE.match(sparql, pos)
        if modifier and modifier.group().upper() in ("DISTINCT", "REDUCED"):
            pos = modifier.end()
            skip()
        star = sparql.startswith("*", pos)
    return keyword, star


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


def _timeout_error(timeout: float) -> QueryTimeout:
    return QueryTimeout(f"query stopped after {timeout:g} s; narrow it or raise --timeout")


def _not_selected(var: str) -> QueryError:
    return QueryError(
        f"cannot bind ?{var}: the query does not select it",
        hint=f"add ?{var} to the SELECT clause, or bind another variable",
    )


_ERROR_TYPES = {
    name: cls
    for name, cls in vars(errors).items()
    if isinstance(cls, type) and issubclass(cls, KGError)
}


def _error_to_wire(exc: BaseException) -> list[Any]:
    if isinstance(exc, KGError):
        return [type(exc).__name__, exc.message, exc.hint]
    return ["StoreError", f"the query worker failed: {type(exc).__name__}: {exc}", None]


def _error_from_wire(wire: list[Any]) -> KGError:
    name, message, hint = wire
    cls = _ERROR_TYPES.get(name, StoreError)
    if cls.__init__ is not KGError.__init__:  # a subclass with its own signature
        cls = QueryError if issubclass(cls, QueryError) else StoreError
    return cls(message, hint=hint)


# --- timeouts -----------------------------------------------------------------------------


class _Deadline(BaseException):
    """Raised by the alarm handler; a BaseException so that no library swallows it."""


def _can_use_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _run_with_alarm(fn: Callable[[], Any], timeout: float) -> Any:
    """Run ``fn`` in this (main) thread; interrupt it with SIGALRM after ``timeout`` s.

    A timer already set by someone else (pytest-timeout, say) keeps working: if it is due
    first its handler runs, and it is re-armed afterwards with the time it had left.
    """
    start = time.monotonic()
    deadline = start + timeout
    old_handler = signal.getsignal(signal.SIGALRM)
    old_delay, old_interval = signal.getitimer(signal.ITIMER_REAL)
    old_due = start + old_delay if old_delay > 0 else None
    old_fired = False

    def on_alarm(signum: int, frame: Any) -> None:
        nonlocal old_fired
        if time.monotonic() >= deadline - 0.001:
            raise _Deadline
        old_fired = True
        if callable(old_handler):
            old_handler(signum, frame)
        signal.setitimer(signal.ITIMER_REAL, max(deadline - time.monotonic(), 0.001))

    signal.signal(signal.SIGALRM, on_alarm)
    first = timeout if old_due is None else min(timeout, old_delay)
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, first)
            return fn()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Deadline:
        raise _timeout_error(timeout) from None
    finally:
        signal.signal(signal.SIGALRM, old_handler)
        if old_due is not None and not old_fired:
            left = max(old_due - time.monotonic(), 0.001)
            signal.setitimer(signal.ITIMER_REAL, left, old_interval)


def _fork_child(fn: Callable[[], Any], connection: Any) -> None:
    try:
        reply = {"ok": fn()}
    except BaseException as exc:  # noqa: B036 - everything goes back to the parent
        reply = {"error": _error_to_wire(exc)}
    connection.send(reply)
    connection.close()


def _run_forked(fn: Callable[[], dict[str, Any]], timeout: float) -> dict[str, Any]:
    """Run ``fn`` in a forked child; kill it if it has not answered after ``timeout`` s.

    ``fn`` returns plain data (an encoded result), sent back through a pipe.
    """
    import multiprocessing

    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(target=_fork_child, args=(fn, writer), daemon=True)
    process.start()
    writer.close()
    try:
        if not reader.poll(timeout):
            raise _timeout_error(timeout)
        try:
            reply = reader.recv()
        except EOFError:
            process.join()
            raise StoreError(
                f"the query worker stopped without an answer (exit code {process.exitcode})"
            ) from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        reader.close()
    if "error" in reply:
        raise _error_from_wire(reply["error"])
    return reply["ok"]


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


def _ox_to_json(term: Any) -> dict[str, str] | None:
    """A pyoxigraph term as a SPARQL-JSON term object (no rdflib needed)."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        if term.language:
            return {"type": "literal", "value": term.value, "xml:lang": term.language}
        return {"type": "literal", "value": term.value, "datatype": term.datatype.value}
    raise QueryError("quoted triples (RDF-star) in results are not supported")


def _json_to_ox(data: Mapping[str, str]) -> Any:
    import pyoxigraph as ox

    if data["type"] == "uri":
        return ox.NamedNode(data["value"])
    if "xml:lang" in data:
        return ox.Literal(data["value"], language=data["xml:lang"])
    if "datatype" in data:
        return ox.Literal(data["value"], datatype=ox.NamedNode(data["datatype"]))
    return ox.Literal(data["value"])


def _ox_execute(
    store: Any,
    sparql: str,
    bindings: Mapping[str, Mapping[str, str]],
    engine_union: bool,
    form: str | None,
    deadline: float | None = None,
) -> dict[str, Any]:
    """Run a query on a pyoxigraph store; return the encoded result (plain data).

    ``bindings`` are SPARQL-JSON terms. ``deadline`` (``time.monotonic()``) is checked
    between solutions only: a blocking step (ORDER BY, GROUP BY) is not interrupted.
    """
    import pyoxigraph as ox

    def check_deadline(count: int) -> None:
        if deadline is not None and count % 256 == 0 and time.monotonic() > deadline:
            raise QueryTimeout("query stopped at its time limit; narrow it or raise --timeout")

    substitutions = {ox.Variable(k): _json_to_ox(v) for k, v in bindings.items()} or None
    try:
        answer = store.query(
            sparql, use_default_graph_as_union=engine_union, substitutions=substitutions
        )
        if isinstance(answer, ox.QueryBoolean):
            return {"form": "ASK", "boolean": bool(answer)}
        if isinstance(answer, ox.QuerySolutions):
            names = [v.value for v in answer.variables]
            rows = []
            for count, solution in enumerate(answer):
                check_deadline(count)
                rows.append([_ox_to_json(solution[i]) for i in range(len(names))])
            return {"form": "SELECT", "vars": names, "rows": rows}
        triples = []
        for count, triple in enumerate(answer):
            check_deadline(count)
            triples.append(
                [_ox_to_json(t) for t in (triple.subject, triple.predicate, triple.object)]
            )
        return {"form": form if form == "DESCRIBE" else "CONSTRUCT", "triples": triples}
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from None
    except RuntimeError as exc:
        projection = _PROJECTION_RE.search(str(exc))
        if projection:
            raise _not_selected(projection.group(1)) from None
        raise QueryError(f"the query failed in Oxigraph: {exc}") from None
    except OSError as exc:
        raise StoreError(f"Oxigraph could not run the query: {exc}") from None


def _oxigraph_worker_main() -> None:
    """Entry point of the worker process that runs one query on a store directory."""
    request = json.loads(sys.stdin.buffer.read())
    try:
        import pyoxigraph as ox

        try:
            store = ox.Store.read_only(request["path"])
        except OSError as exc:
            raise StoreError(f"cannot open the store at {request['path']}: {exc}") from None
        reply: dict[str, Any] = {
            "ok": _ox_execute(
                store, request["sparql"], request["bindings"], request["union"], request["form"]
            )
        }
    except BaseException as exc:  # noqa: B036 - everything goes back to the parent
        reply = {"error": _error_to_wire(exc)}
    sys.stdout.write(json.dumps(reply))
    sys.stdout.flush()


_WORKER_CODE = "from kg.store import _oxigraph_worker_main; _oxigraph_worker_main()"


def _run_worker_process(request: dict[str, Any], timeout: float) -> dict[str, Any]:
    """Run a query in a fresh interpreter that opens the store read-only; kill it at
    ``timeout`` seconds."""
    package_root = str(Path(__file__).resolve().parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [package_root] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])
    )
    process = subprocess.Popen(
        [sys.executable, "-c", _WORKER_CODE],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        out, err = process.communicate(json.dumps(request).encode("utf-8"), timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise _timeout_error(timeout) from None
    except BaseException:
        process.kill()
        process.communicate()
        raise
    try:
        reply = json.loads(out)
    except ValueError:
        tail = err.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise StoreError(
            f"the query worker failed (exit code {process.returncode}): {' | '.join(tail)}"
        ) from None
    if "error" in reply:
        raise _error_from_wire(reply["error"])
    return reply["ok"]


def _ox_quads_with_union(path: Path) -> Iterator[Any]:
    """The quads of an N-Quads file, each named-graph triple also into the default graph."""
    import pyoxigraph as ox

    default = ox.DefaultGraph()
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
        yield quad
        if quad.graph_name != default:
            yield ox.Quad(quad.subject, quad.predicate, quad.object, default)


def _ox_load(store: Any, path: str | Path) -> None:
    """Bulk-load an N-Quads file into a pyoxigraph store, with the union default graph."""
    path = Path(path)
    if not path.exists():
        raise _missing_kg(path)
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not an N-Quads file")
    try:
        store.bulk_extend(_ox_quads_with_union(path))
        store.flush()
    except SyntaxError as exc:
        message = re.sub(r"\s*\([^()]*, line \d+\)$", "", str(exc))
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
        _ox_load(self._store, path)
        self._engine_union = False

    def _query(
        self, sparql: str, form: str | None, bindings: dict[str, Any], timeout: float | None
    ) -> QueryResult:
        encoded = {name: _term_to_json(value) for name, value in bindings.items()}
        union = self._engine_union

        def run(deadline: float | None = None) -> dict[str, Any]:
            return _ox_execute(self._store, sparql, encoded, union, form, deadline)

        if timeout is None:
            payload = run()
        elif self.path is not None:
            request = {
                "path": str(self.path),
                "sparql": sparql,
                "bindings": encoded,
                "union": union,
                "form": form,
            }
            payload = _run_worker_process(request, timeout)
        elif _can_fork():
            payload = _run_forked(run, timeout)
        else:  # no fork: stop between solutions only
            try:
                payload = run(time.monotonic() + timeout)
            except QueryTimeout:
                raise _timeout_error(timeout) from None
        return _decode_result(payload)

    def close(self) -> None:
        """Close the store (a persistent store releases its directory)."""
        super().close()
        self._store = None


# --- persistent stores: open, write atomically --------------------------------------------


def _is_oxigraph_dir(path: Path) -> bool:
    return (path / "CURRENT").is_file()


def _check_store_dir(path: Path) -> None:
    _recover(path)
    if not path.exists():
        raise StoreError(f"no store at {path}", hint=_STORE_HINT.format(dir=path))
    if not path.is_dir():
        raise StoreError(
            f"{path} is a file, not a store directory",
            hint="give the directory written by kg build --store DIR",
        )
    if not _is_oxigraph_dir(path):
        raise StoreError(
            f"{path} is not an Oxigraph store (no CURRENT file)",
            hint=_STORE_HINT.format(dir=path),
        )


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _siblings(target: Path, kind: str) -> list[tuple[Path, int]]:
    """Leftover ``.NAME.building-PID-*`` / ``.NAME.old-PID-*`` directories and their pid."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.{kind}-(\d+)-.*")
    found = []
    if target.parent.is_dir():
        for entry in target.parent.iterdir():
            match = pattern.fullmatch(entry.name)
            if match and entry.is_dir():
                found.append((entry, int(match.group(1))))
    return found


def _recover(target: Path) -> None:
    """Undo what a killed :func:`write_persistent` left behind.

    If the target is missing but a backup of the previous store exists (the process was
    killed between its two renames), the backup is put back. Temporary directories of dead
    processes are removed.
    """
    try:
        if not target.exists():
            backups = sorted(_siblings(target, "old"), key=lambda item: item[0].stat().st_mtime)
            if backups:
                os.rename(backups[-1][0], target)
        for kind in ("building", "old"):
            for entry, pid in _siblings(target, kind):
                if not _pid_alive(pid) and target.exists():
                    shutil.rmtree(entry, ignore_errors=True)
    except OSError:
        pass


def _exchange_dirs(first: Path, second: Path) -> bool:
    """Atomically swap two directories (Linux ``renameat2(RENAME_EXCHANGE)``).

    Returns False where that is not available (other systems, some file systems).
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes += [ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _swap_in(new: Path, target: Path) -> None:
    """Put the directory ``new`` at ``target``, replacing what is there.

    On Linux the two are exchanged in one atomic step. Elsewhere the old store is first
    renamed to a backup; if the second rename fails the backup is put back, and if the
    process is killed in between, :func:`_recover` puts it back on the next open.
    """
    if not target.exists():
        os.rename(new, target)
        return
    if _exchange_dirs(new, target):
        shutil.rmtree(new, ignore_errors=True)  # it now holds the old store
        return
    backup = target.with_name(f".{target.name}.old-{os.getpid()}-{time.time_ns()}")
    os.rename(target, backup)
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(backup, target)
        raise
    shutil.rmtree(backup, ignore_errors=True)


def _build_store_dir(kg_file: Path, directory: Path) -> int:
    """Load ``kg_file`` into a new persistent store in ``directory``; return its count."""
    store = OxigraphStore(directory)
    try:
        store.load_nquads(kg_file)
        return store.triple_count()
    finally:
        store.close()


def _new_dir_mode(target: Path) -> int:
    """The mode of the store being replaced, or a new folder's under the current umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o777 & ~umask


def write_persistent(kg_file: str | Path, directory: str | Path) -> int:
    """Build a persistent Oxigraph store of ``kg_file`` in ``directory``, atomically.

    The store is built in a temporary directory next to the target and then swapped in, so
    a failure (or a kill) at any point leaves the previous store as it was. Returns the
    number of triples (see :meth:`Store.triple_count`). Refuses to replace a directory that
    is not an Oxigraph store.
    """
    kg_file = Path(kg_file)
    target = Path(directory)
    if not kg_file.is_file():
        raise _missing_kg(kg_file)
    _recover(target)
    if target.exists():
        if not target.is_dir():
            raise StoreError(f"{target} is a file; give a directory for the store")
        if not _is_oxigraph_dir(target) and any(target.iterdir()):
            raise StoreError(
                f"{target} exists and is not an Oxigraph store; it is left untouched",
                hint="choose another --store directory, or remove this one yourself",
            )
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(
        tempfile.mkdtemp(prefix=f".{target.name}.building-{os.getpid()}-", dir=target.parent)
    )
    try:
        os.chmod(building, _new_dir_mode(target))  # mkdtemp makes it 0700
        count = _build_store_dir(kg_file, building)
        _swap_in(building, target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return count


# --- SPARQL endpoints over HTTP -----------------------------------------------------------


class _HTTPTimeout(Exception):
    pass


@dataclass
class _HTTPAnswer:
    status: int
    reason: str
    content_type: str
    body: bytes


def _opener(url: str) -> Any:
    """A urllib opener; loopback addresses never go through a proxy."""
    import urllib.parse
    import urllib.request

    host = urllib.parse.urlsplit(url).hostname or ""
    if host in ("127.0.0.1", "localhost", "::1"):
        return urllib.request.build_opener(urllib.request.ProxyHandler({}))
    return urllib.request.build_opener()


def _http(
    method: str,
    url: str,
    *,
    body: bytes | None,
    headers: Mapping[str, str],
    timeout: float | None,
    hint: str,
) -> _HTTPAnswer:
    """One HTTP exchange. Connection failures raise StoreError; HTTP errors are returned.

    ``timeout`` bounds each socket operation and the whole read of the answer.
    """
    import http.client
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, data=body, method=method, headers=dict(headers))
    request.add_header("User-Agent", "kg (SPARQL client)")
    deadline = time.monotonic() + timeout if timeout is not None else None
    try:
        try:
            response = _opener(url).open(request, timeout=timeout)
        except urllib.error.HTTPError as exc:
            answer_body = exc.read() if exc.fp is not None else b""
            content_type = exc.headers.get("Content-Type", "") if exc.headers else ""
            return _HTTPAnswer(exc.code, str(exc.reason), content_type, answer_body)
        with response:
            chunks = []
            try:
                while True:
                    chunk = response.read(65536)
                    if not chunk:
                        break
                    chunks.append(chunk)
                    if deadline is not None and time.monotonic() > deadline:
                        raise _HTTPTimeout
            except http.client.IncompleteRead as exc:
                chunks.append(exc.partial)
            return _HTTPAnswer(
                response.status,
                str(response.reason),
                response.headers.get("Content-Type", ""),
                b"".join(chunks),
            )
    except TimeoutError:
        raise _HTTPTimeout from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise _HTTPTimeout from None
        reason = exc.reason
        if isinstance(reason, ConnectionRefusedError):
            what = "connection refused"
        elif isinstance(reason, OSError):
            what = reason.strerror or str(reason)
        else:
            what = str(reason)
        raise StoreError(f"cannot reach {url}: {what}", hint=hint) from None
    except (ConnectionError, http.client.HTTPException) as exc:
        raise StoreError(f"the connection to {url} failed: {exc}", hint=hint) from None


def _with_param(url: str, param: str) -> str:
    return url + ("&" if "?" in url else "?") + param


def _body_excerpt(body: bytes) -> str:
    text = body.decode("utf-8", "replace").strip()
    return text if len(text) <= 300 else text[:300] + "..."


_REACH_HINT = (
    "start the server (e.g. oxigraph serve --location DIR --bind 127.0.0.1:7878) or check the URL"
)


class EndpointStore(Store):
    """A remote SPARQL 1.1 endpoint, queried over HTTP (SPARQL 1.1 Protocol, POST).

    ``url`` is the query endpoint (Oxigraph: ``http://HOST:PORT/query``). Load it with
    :func:`push`, which writes the union of all graphs into the default graph. For an
    Oxigraph server loaded by other means, ``union_default_graph=True`` sends Oxigraph's
    ``union-default-graph`` parameter instead (a bag: a triple in two graphs comes back
    twice). ``graph_store_url`` (Oxigraph: ``.../store``) lets :meth:`load_nquads` push.
    """

    def __init__(
        self,
        url: str,
        *,
        union_default_graph: bool = False,
        graph_store_url: str | None = None,
    ) -> None:
        self.url = url
        self.union_default_graph = union_default_graph
        self.graph_store_url = graph_store_url

    def __repr__(self) -> str:
        return f"EndpointStore({self.url!r})"

    def load_nquads(self, path: str | Path) -> None:
        """Push an N-Quads file to ``graph_store_url`` (see :func:`push`)."""
        if self.graph_store_url is None:
            raise StoreError(
                f"{self!r} has no Graph Store URL to load into",
                hint="use kg push URL (Oxigraph: http://HOST:PORT/store)",
            )
        push(self.graph_store_url, path)

    def _query(
        self, sparql: str, form: str | None, bindings: dict[str, Any], timeout: float | None
    ) -> QueryResult:
        if form is None:
            raise QueryError(
                "cannot tell whether this is a SELECT, ASK, CONSTRUCT or DESCRIBE query",
                hint="check the PREFIX/BASE lines at its start",
            )
        text = sparql
        if bindings:
            text = _bind_with_values(sparql, form, bindings)
        url = _with_param(self.url, "union-default-graph") if self.union_default_graph else self.url
        accept = _SPARQL_JSON if form in ("SELECT", "ASK") else _RDF_ACCEPT
        headers = {"Content-Type": "application/sparql-query; charset=utf-8", "Accept": accept}
        try:
            answer = _http(
                "POST",
                url,
                body=text.encode("utf-8"),
                headers=headers,
                timeout=timeout,
                hint=_REACH_HINT,
            )
        except _HTTPTimeout:
            raise _timeout_error(timeout or 0) from None
        if answer.status == 400:
            raise QueryError(f"the endpoint rejected the query: {_body_excerpt(answer.body)}")
        if not 200 <= answer.status < 300:
            raise StoreError(
                f"{self.url} answered HTTP {answer.status} {answer.reason}: "
                f"{_body_excerpt(answer.body)}",
                hint="check that the URL is the SPARQL query endpoint "
                "(Oxigraph: http://HOST:PORT/query) and look at the server's log",
            )
        if form in ("SELECT", "ASK"):
            return self._parse_results(answer)
        return QueryResult(form, graph=self._parse_graph(answer))

    def _server_gave_up(self, answer: _HTTPAnswer) -> bool:
        return b"cancelled" in answer.body[-200:] or b"timeout" in answer.body[-200:].lower()

    def _parse_results(self, answer: _HTTPAnswer) -> QueryResult:
        try:
            data = json.loads(answer.body)
            if "boolean" in data:
                return QueryResult("ASK", boolean=bool(data["boolean"]))
            names = list(data["head"].get("vars", []))
            rows = [
                tuple(_term_from_json(binding.get(name)) for name in names)
                for binding in data["results"]["bindings"]
            ]
            return QueryResult("SELECT", vars=names, rows=rows)
        except (ValueError, KeyError, TypeError, AttributeError):
            if self._server_gave_up(answer):
                raise QueryTimeout(
                    f"{self.url} stopped the query at its own time limit",
                    hint="narrow the query, or ask the server's operator to raise its "
                    "timeout (oxigraph serve --timeout-s)",
                ) from None
            raise StoreError(
                f"{self.url} sent an answer that is not SPARQL JSON results "
                f"({answer.content_type or 'no content type'}): {_body_excerpt(answer.body)}"
            ) from None

    def _parse_graph(self, answer: _HTTPAnswer) -> Graph:
        from rdflib import Graph

        media = answer.content_type.split(";")[0].strip().lower()
        formats = {"application/n-triples": "nt", "text/plain": "nt", "text/turtle": "turtle"}
        if media not in formats:
            raise StoreError(
                f"{self.url} answered a graph query with {media or 'no content type'}; "
                "kg reads N-Triples or Turtle"
            )
        raw = Graph()
        try:
            raw.parse(data=answer.body.decode("utf-8"), format=formats[media])
        except Exception:  # rdflib BadSyntax is a SyntaxError; never let it escape
            if self._server_gave_up(answer):
                raise QueryTimeout(f"{self.url} stopped the query at its own time limit") from None
            raise StoreError(
                f"{self.url} sent a graph that cannot be read: {_body_excerpt(answer.body)}"
            ) from None
        graph = Graph()
        for s, p, o in raw:
            graph.add((s, p, normalise_term(o)))
        return graph


def push(
    endpoint_url: str,
    nquads_path: str | Path,
    *,
    replace: bool = True,
    timeout: float | None = 60.0,
) -> dict[str, int]:
    """Load an N-Quads dataset into a SPARQL 1.1 Graph Store (HTTP Protocol).

    ``endpoint_url`` is the Graph Store endpoint (Oxigraph: ``http://HOST:PORT/store``).
    Each named graph is sent as N-Triples in one request to ``?graph=IRI``: ``PUT``
    (replace the graph) when ``replace``, else ``POST`` (add to it). Then the default
    graph (``?default``) gets the union of every graph in the file, each triple once, so
    that queries without ``GRAPH`` see the same as the local stores. Graphs already on the
    server that the file does not have are left alone (and are not in that union).

    Returns the triple count per graph IRI, and under ``"default"`` the size of the union.
    Raises :class:`~kg.errors.StoreError` naming the URL and HTTP status on failure.
    """
    from urllib.parse import quote

    graphs: dict[str | None, list[str]] = {}
    union: dict[str, None] = {}
    for s, p, o, g in _read_quads_rdflib(nquads_path):
        line = f"{sparql_term(s)} {sparql_term(p)} {sparql_term(o)} .\n"
        graphs.setdefault(None if g is None else str(g), []).append(line)
        union[line] = None
    method = "PUT" if replace else "POST"
    hint = (
        f"{_REACH_HINT}; the URL must be the Graph Store endpoint (Oxigraph: "
        "http://HOST:PORT/store) of a writable server (not serve-read-only)"
    )
    headers = {"Content-Type": "application/n-triples; charset=utf-8"}
    named = sorted(name for name in graphs if name is not None)
    targets = [(name, f"graph={quote(name, safe='')}", graphs[name]) for name in named]
    targets.append((_DEFAULT_GRAPH_KEY, "default", list(union)))
    counts: dict[str, int] = {}
    for name, param, lines in targets:
        url = _with_param(endpoint_url, param)
        try:
            answer = _http(
                method,
                url,
                body="".join(lines).encode("utf-8"),
                headers=headers,
                timeout=timeout,
                hint=hint,
            )
        except _HTTPTimeout:
            raise StoreError(f"{method} {url}: no answer within {timeout:g} s", hint=hint) from None
        if not 200 <= answer.status < 300:
            raise StoreError(
                f"{method} {url} failed: HTTP {answer.status} {answer.reason}: "
                f"{_body_excerpt(answer.body)}",
                hint=hint,
            )
        counts[name] = len(lines)
    return counts


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
        return EndpointStore(spec)
    return OxigraphStore(Path(spec), read_only=True)
