"""SPARQL 1.1 endpoints over HTTP: :class:`EndpointStore` queries one, :func:`push` loads one.

Only the standard library's ``urllib`` is used. Bound values reach the endpoint as a
``VALUES`` block of escaped terms (see :func:`kg.store.terms.sparql_term`), never as pasted text.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import QueryError, QueryTimeout, StoreError
from kg.store.base import QueryResult, Store
from kg.store.rdflib_store import read_quads
from kg.store.terms import bind_with_values, normalise_term, sparql_term, term_from_json
from kg.store.timeouts import timeout_error

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph

__all__ = ["EndpointStore", "push"]

_SPARQL_JSON = "application/sparql-results+json"
_RDF_ACCEPT = "application/n-triples, text/turtle;q=0.9"
_DEFAULT_GRAPH_KEY = "default"


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
            text = bind_with_values(sparql, form, bindings)
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
            raise timeout_error(timeout or 0) from None
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
                tuple(term_from_json(binding.get(name)) for name in names)
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
    for s, p, o, g in read_quads(nquads_path):
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
