"""Run queries: vet them, bind their parameters, run them on a store, look up display labels.

What ``kg query`` does (:func:`run_cli`), and what notebooks call (:func:`run_named`,
:func:`run_text`, :func:`run_query`). Every query, named or ad hoc, is vetted by
:func:`kg.query.vetting.vet_query` first: read-only, no SERVICE or FROM unless allowed.

Parameter values reach SPARQL only as bindings (:meth:`kg.store.Store.query`), never as
query text. A parameter's kind (see :mod:`kg.query.catalogue`) says how its text becomes an
RDF term; named kinds are resolved by :func:`kg.query.names.resolve`.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import QueryError
from kg.query.catalogue import QueryParam, QuerySpec, load_query, parse_header
from kg.query.names import KINDS, is_absolute_iri, resolve

if TYPE_CHECKING:  # pragma: no cover
    from kg.project import Project
    from kg.query.vetting import VettedQuery
    from kg.store import QueryResult, Store

__all__ = [
    "DEFAULT_TIMEOUT",
    "MAX_LABEL_LOOKUPS",
    "QueryRun",
    "display_labels",
    "parse_param_pairs",
    "resolve_params",
    "run_cli",
    "run_named",
    "run_query",
    "run_text",
]

DEFAULT_TIMEOUT = 30.0
#: At most this many distinct IRIs of a result are looked up for their labels.
MAX_LABEL_LOOKUPS = 5000

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


# --- parameters -------------------------------------------------------------------------


def parse_param_pairs(pairs: Iterable[str]) -> dict[str, str]:
    """``["actor=Trump", ...]`` (the CLI's ``--param``) as a dict; each key once."""
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise QueryError(f"--param {pair!r} is not KEY=VALUE",
                             hint="for example --param actor=Trump")
        if key in values:
            raise QueryError(f"--param {key} is given twice")
        values[key] = value
    return values


def _resolve_value(param: QueryParam, value: str, store: Store, timeout: float | None) -> Any:
    from rdflib import XSD, Literal, URIRef

    if param.kind in KINDS:
        return URIRef(resolve(store, param.kind, value, timeout))
    if param.kind == "iri":
        iri = value.strip()
        if iri.startswith("<") and iri.endswith(">"):
            iri = iri[1:-1]
        if not is_absolute_iri(iri):
            raise QueryError(f"{param.name}={value!r} is not an absolute IRI",
                             hint="for example https://w3id.org/newskg/id/actor/kremlin")
        return URIRef(iri)
    if param.kind == "date":
        import datetime

        try:
            day = datetime.date.fromisoformat(value.strip()) if _DATE_RE.fullmatch(
                value.strip()) else None
        except ValueError:
            day = None
        if day is None:
            raise QueryError(f"{param.name}={value!r} is not a date",
                             hint="write it as YYYY-MM-DD, e.g. 2025-08-19")
        return Literal(day.isoformat(), datatype=XSD.date)
    if param.kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise QueryError(f"{param.name}={value!r} is not a whole number")
        return Literal(int(value), datatype=XSD.integer)
    return Literal(value)


def resolve_params(
    spec: QuerySpec,
    values: Mapping[str, str],
    store: Store,
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> dict[str, Any]:
    """Turn ``--param`` texts into RDF terms to bind, by each parameter's kind.

    Unknown parameters, missing required ones and values that name nothing raise
    :class:`~kg.errors.QueryError`.
    """
    known = {p.name for p in spec.params}
    unknown = sorted(set(values) - known)
    if unknown:
        accepted = ", ".join(p.describe() for p in spec.params) or "no parameters"
        raise QueryError(
            f"{spec.name} has no parameter {', '.join(unknown)}; it takes {accepted}",
            hint=f"for example: {spec.example}",
        )
    missing = [p.name for p in spec.params if p.required and p.name not in values]
    if missing:
        raise QueryError(
            f"{spec.name} needs --param {missing[0]}=...",
            hint=f"for example: {spec.example}",
        )
    return {
        p.name: _resolve_value(p, values[p.name], store, timeout)
        for p in spec.params
        if p.name in values
    }


def _untyped_params(values: Mapping[str, str]) -> dict[str, Any]:
    """Bindings for an ad hoc query without a header: ``<iri>`` is an IRI, else a string."""
    from rdflib import Literal, URIRef

    bound: dict[str, Any] = {}
    for key, value in values.items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            raise QueryError(f"--param {key}=...: {key!r} is not a SPARQL variable name")
        text = value.strip()
        if text.startswith("<") and text.endswith(">") and is_absolute_iri(text[1:-1]):
            bound[key] = URIRef(text[1:-1])
        else:
            bound[key] = Literal(value)
    return bound


# --- labels for display -----------------------------------------------------------------


def display_labels(store: Store, result: QueryResult, *,
                   timeout: float | None = DEFAULT_TIMEOUT) -> dict[str, str]:
    """A short display name for each IRI in a SELECT result: a claim's id, else a label.

    Plain labels are preferred over language-tagged ones; IRIs without either are left out
    (formatters show them compacted). Looks up at most :data:`MAX_LABEL_LOOKUPS` IRIs.
    """
    from rdflib import URIRef

    iris = sorted({str(cell) for row in result.rows for cell in row
                   if isinstance(cell, URIRef)})[:MAX_LABEL_LOOKUPS]
    if not iris:
        return {}
    from kg import sparql as internal
    from kg.store.terms import bind_many

    sparql = internal.text("lookup_label")
    answer = store.query(bind_many(sparql, "SELECT", "thing", [URIRef(i) for i in iris]),
                         timeout=timeout)
    index = {name: i for i, name in enumerate(answer.vars)}
    claim_ids: dict[str, list[str]] = {}
    plain: dict[str, list[str]] = {}
    tagged: dict[str, list[str]] = {}
    for row in answer.rows:
        iri = str(row[index["thing"]])
        claim_id, label = row[index["claimId"]], row[index["label"]]
        if claim_id is not None:
            claim_ids.setdefault(iri, []).append(str(claim_id))
        if label is not None:
            (tagged if getattr(label, "language", None) else plain).setdefault(iri, []).append(
                str(label))
    labels: dict[str, str] = {}
    for iri in iris:
        for choice in (claim_ids.get(iri), plain.get(iri), tagged.get(iri)):
            if choice:
                labels[iri] = sorted(choice)[0]
                break
    return labels


# --- running ----------------------------------------------------------------------------


@dataclass
class QueryRun:
    """A query's answer, with what a formatter needs to show it."""

    result: QueryResult
    vetted: VettedQuery
    spec: QuerySpec | None = None
    bindings: dict[str, Any] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_query(
    store: Store,
    text: str,
    *,
    spec: QuerySpec | None = None,
    params: Mapping[str, str] | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    allow_remote: bool = False,
    source: str | None = None,
    labels: bool = False,
) -> QueryRun:
    """Vet ``text``, bind ``params`` (typed by ``spec`` when given), run it on ``store``.

    With ``labels``, also look up display names of the IRIs in a SELECT result.
    """
    from kg.query.vetting import vet_query

    vetted = vet_query(text, allow_remote=allow_remote, source=source)
    values = dict(params or {})
    if spec is not None:
        bindings = resolve_params(spec, values, store, timeout=timeout)
    else:
        bindings = _untyped_params(values)
    if vetted.form == "SELECT":
        for name in bindings:
            if name not in vetted.variables:
                raise QueryError(
                    f"cannot bind ?{name}: the query does not select it",
                    file=source,
                    hint=f"add ?{name} to the SELECT clause",
                )
    result = store.query(vetted.text, bindings=bindings or None, timeout=timeout)
    run = QueryRun(result=result, vetted=vetted, spec=spec, bindings=bindings)
    if labels and result.form == "SELECT":
        run.labels = display_labels(store, result, timeout=timeout)
    return run


def run_named(
    project: Project,
    name: str,
    params: Mapping[str, str] | None = None,
    *,
    store_spec: str | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    labels: bool = False,
    notify: Callable[[str], None] | None = _stderr,
    store: Store | None = None,
) -> QueryRun:
    """Run the catalogue query ``name`` with ``params`` (``--param`` texts).

    Opens ``store_spec`` (see :func:`kg.store.open_store`; a local store is rebuilt first
    when the KG is stale, saying so through ``notify``) unless an open ``store`` is given.
    """
    spec = load_query(project, name)
    return _run_on(project, store_spec, store, notify, lambda s: run_query(
        s, spec.text, spec=spec, params=params, timeout=timeout, source=str(spec.path),
        labels=labels))


def run_text(
    project: Project,
    text: str,
    params: Mapping[str, str] | None = None,
    *,
    store_spec: str | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    allow_remote: bool = False,
    source: str | None = None,
    labels: bool = False,
    notify: Callable[[str], None] | None = _stderr,
    store: Store | None = None,
) -> QueryRun:
    """Run an ad hoc query (``--sparql`` text or a ``--file``).

    If the text has a header with ``# param:`` lines, parameters are typed as in the
    catalogue; otherwise ``<...>`` values bind IRIs and anything else a string.
    """
    spec = None
    if re.search(r"^\s*#\s?param:", text, re.M):
        spec = parse_header(text, name=Path(source).stem if source else "query",
                            path=Path(source) if source else None)
    return _run_on(project, store_spec, store, notify, lambda s: run_query(
        s, text, spec=spec, params=params, timeout=timeout, allow_remote=allow_remote,
        source=source, labels=labels))


def _run_on(project: Project, store_spec: str | None, store: Store | None,
            notify: Callable[[str], None] | None, work: Callable[[Store], QueryRun]) -> QueryRun:
    if store is not None:
        return work(store)
    from kg.store import open_project_store

    opened = open_project_store(project, store_spec, notify)
    try:
        return work(opened)
    finally:
        opened.close()


def run_cli(
    project: Project,
    *,
    name: str | None = None,
    file: Path | None = None,
    sparql: str | None = None,
    param_pairs: Sequence[str] = (),
    store_spec: str | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    allow_remote: bool = False,
    labels: bool = False,
) -> QueryRun:
    """What ``kg query`` does: exactly one of a catalogue ``name``, a ``file`` or ``sparql``."""
    given = [x for x in (name, file, sparql) if x is not None]
    if len(given) != 1:
        raise QueryError("give one query: a NAME from `kg queries`, --file FILE.rq or "
                         "--sparql 'SELECT ...'")
    params = parse_param_pairs(param_pairs)
    if name is not None:
        if allow_remote:
            raise QueryError("--allow-remote is for your own queries (--file, --sparql); "
                             "catalogue queries never contact other servers")
        return run_named(project, name, params, store_spec=store_spec, timeout=timeout,
                         labels=labels)
    if file is not None:
        try:
            text = Path(file).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise QueryError("the query file is not UTF-8 text", file=file) from None
        except OSError as exc:
            raise QueryError(f"cannot read the query file: {exc.strerror}", file=file) from None
        source = str(file)
    else:
        text, source = str(sparql), None
    return run_text(project, text, params, store_spec=store_spec, timeout=timeout,
                    allow_remote=allow_remote, source=source, labels=labels)
