"""The named-query catalogue: find the ``queries/*.rq`` files, read their headers, bind
parameters, vet and run queries.

Each ``.rq`` file is one query; its file name (snake_case) is its name on the command line.
It starts with a header of comment lines::

    # title: Everything one actor committed to, offered, ruled out, demanded or said
    # question: What has this actor committed to ...? (continuation lines are indented)
    # param: actor (actor): the actor, as id, label or any surface form
    # param: capability (concept, optional): only this capability
    # example: kg query actor_claims --param actor=Trump

``param`` lines give the name (a variable the query selects), the kind and whether it is
optional. The kind says how a value typed by a user becomes an RDF term:

* ``actor``, ``proposal``, ``outcome``, ``concept``, ``claim``: the IRI of the one
  thing of that class whose id, label, surface form or claim id is the value. A full IRI
  is accepted too. Exact matches (character for character) are looked up first, by index;
  only when there is none are all names of the class listed and matched case-insensitively
  (accents dropped), then with spaces, ``-`` and ``_`` ignored. None: an error listing
  close names; several: an error listing them.
* ``iri``: an absolute IRI; ``string``: a plain literal; ``date``: an ``xsd:date``
  (YYYY-MM-DD); ``integer``: an ``xsd:integer``.

Values reach SPARQL only as bindings (:meth:`kg.store.Store.query`), never as query text,
and matching names against the KG happens in Python on the rows of fixed lookup queries
(``kg/sparql/lookup_*.rq``). Every query, named or ad hoc, is vetted by
:func:`kg.query.vetting.vet_query` first: read-only, no SERVICE or FROM unless allowed.

``example`` lines are calls that work on the seed KG; the tests run each of them and compare
its rows with ``tests/golden/<name>.json``.
"""

from __future__ import annotations

import difflib
import functools
import re
import shlex
import sys
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import QueryError

if TYPE_CHECKING:  # pragma: no cover
    from kg.project import Project
    from kg.query.vetting import VettedQuery
    from kg.store import QueryResult, Store

__all__ = [
    "PARAM_KINDS",
    "catalogue_result",
    "describe_query",
    "QueryParam",
    "QueryRun",
    "QuerySpec",
    "display_labels",
    "list_queries",
    "load_query",
    "parse_header",
    "parse_param_pairs",
    "resolve_params",
    "run_cli",
    "run_named",
    "run_query",
    "run_text",
]

KG_NS = "https://w3id.org/newskg/ns#"
SKOS_CONCEPT = "http://www.w3.org/2004/02/skos/core#Concept"
DEFAULT_TIMEOUT = 30.0
#: At most this many distinct IRIs of a result are looked up for their labels.
MAX_LABEL_LOOKUPS = 5000

#: Kinds of parameter resolved by name to the IRI of an instance of this class.
_NAMED_KINDS: dict[str, str] = {
    "actor": KG_NS + "Actor",
    "proposal": KG_NS + "Proposal",
    "outcome": KG_NS + "Outcome",
    "claim": KG_NS + "Claim",
    "concept": SKOS_CONCEPT,
}
PARAM_KINDS: tuple[str, ...] = (*_NAMED_KINDS, "iri", "string", "date", "integer")

_HEADER_KEYS = ("title", "question", "param", "example")
_FIELD_RE = re.compile(r"#\s?(title|question|param|example):\s*(.*)$")
_PARAM_RE = re.compile(
    r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\(\s*(?P<kind>[a-z]+)\s*(?:,\s*(?P<optional>optional)\s*)?\)"
    r"\s*:?\s*(?P<description>.*)$"
)
_IRI_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


# --- the catalogue ----------------------------------------------------------------------


@dataclass(frozen=True)
class QueryParam:
    """One parameter of a named query."""

    name: str
    kind: str
    description: str
    required: bool = True
    example: str | None = None

    def describe(self) -> str:
        """``name (kind)`` or ``name (kind, optional)``."""
        return f"{self.name} ({self.kind}{'' if self.required else ', optional'})"


@dataclass(frozen=True)
class QuerySpec:
    """A query of the catalogue (or an ad hoc query file with a header)."""

    name: str
    title: str
    question: str
    params: tuple[QueryParam, ...]
    examples: tuple[str, ...]
    path: Path | None
    text: str = field(repr=False)

    @property
    def example(self) -> str:
        """The first example call (``kg query NAME ...``)."""
        return self.examples[0] if self.examples else f"kg query {self.name}"

    def param(self, name: str) -> QueryParam | None:
        """The parameter called ``name``, or None."""
        return next((p for p in self.params if p.name == name), None)

    def example_params(self) -> list[dict[str, str]]:
        """The ``--param`` values of each example call, in order."""
        return [_example_values(call) for call in self.examples]


def _example_values(call: str) -> dict[str, str]:
    words = shlex.split(call)
    values: dict[str, str] = {}
    for flag, value in zip(words, words[1:], strict=False):
        if flag == "--param":
            key, _, text = value.partition("=")
            values[key] = text
    return values


def parse_header(text: str, *, name: str, path: Path | None = None) -> QuerySpec:
    """Read a query's header comments into a :class:`QuerySpec`.

    Raises :class:`~kg.errors.QueryError` naming the file and line when the header lacks a
    title or question, a ``param`` line cannot be read, or an example does not fit.
    """
    fields: dict[str, list[tuple[int, list[str]]]] = {key: [] for key in _HEADER_KEYS}
    current: list[str] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line.startswith("#"):
            if line:
                break  # the header ends at the first line of SPARQL
            current = None
            continue
        match = _FIELD_RE.match(line)
        if match:
            entry = [match.group(2).strip()]
            fields[match.group(1)].append((number, entry))
            current = entry
        elif current is not None and line.lstrip("#").strip():
            current.append(line.lstrip("#").strip())
        else:
            current = None
    joined = {key: [(n, " ".join(parts)) for n, parts in items] for key, items in fields.items()}
    where = path or name
    for key in ("title", "question"):
        if not joined[key]:
            raise QueryError(
                f"the query header has no `# {key}:` line",
                file=where,
                hint="start the file with `# title: ...`, `# question: ...`, optional "
                "`# param: NAME (KIND): ...` lines and `# example: kg query ...`",
            )
    params = []
    for number, value in joined["param"]:
        match = _PARAM_RE.match(value)
        if not match or match.group("kind") not in PARAM_KINDS:
            raise QueryError(
                f"cannot read the parameter line {value!r}",
                file=where,
                line=number,
                hint="write `# param: NAME (KIND): description` or `(KIND, optional)`, with "
                "KIND one of " + ", ".join(PARAM_KINDS),
            )
        params.append(
            QueryParam(
                name=match.group("name"),
                kind=match.group("kind"),
                description=match.group("description").strip(),
                required=match.group("optional") is None,
            )
        )
    examples = tuple(value for _, value in joined["example"])
    for number, call in joined["example"]:
        try:
            words = shlex.split(call)
        except ValueError as exc:
            raise QueryError(f"cannot read the example {call!r}: {exc}", file=where,
                             line=number) from None
        if words[:3] != ["kg", "query", name]:
            raise QueryError(f"the example {call!r} does not start with `kg query {name}`",
                             file=where, line=number)
        known = {p.name for p in params}
        unknown = sorted(set(_example_values(call)) - known)
        if unknown:
            raise QueryError(f"the example {call!r} sets {', '.join(unknown)}, which is not "
                             "a parameter of the query", file=where, line=number)
    firsts: dict[str, str] = {}
    for call in examples:
        for key, value in _example_values(call).items():
            firsts.setdefault(key, value)
    params = [
        QueryParam(p.name, p.kind, p.description, p.required, firsts.get(p.name)) for p in params
    ]
    return QuerySpec(
        name=name,
        title=joined["title"][0][1],
        question=joined["question"][0][1],
        params=tuple(params),
        examples=examples,
        path=path,
        text=text,
    )


def list_queries(project: Project) -> list[QuerySpec]:
    """Every query of the project's catalogue (kg's and its own ``queries/*.rq``), by name."""
    from kg.query.vetting import check_query_name

    specs = []
    for path in project.query_files().values():
        try:
            check_query_name(path.stem)
        except QueryError:
            raise QueryError(
                f"{path.name} cannot be a named query: names are snake_case (a-z, 0-9, _)",
                file=path,
                hint="rename the file",
            ) from None
        specs.append(_read_spec(path))
    return specs


def _read_spec(path: Path) -> QuerySpec:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise QueryError("the query file is not UTF-8 text", file=path) from None
    except OSError as exc:
        raise QueryError(f"cannot read the query file: {exc.strerror}", file=path) from None
    return parse_header(text, name=path.stem, path=path)


def load_query(project: Project, name: str) -> QuerySpec:
    """The catalogue query called ``name``; unknown names get the closest names suggested."""
    from kg.query.vetting import check_query_name

    check_query_name(name)
    files = project.query_files()
    if name in files:
        return _read_spec(files[name])
    names = list(files)
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
    close += [n for n in names if name in n and n not in close][: 3 - len(close)]
    hint = "run `kg queries` to list them"
    if close:
        hint = "did you mean " + " or ".join(close) + "? " + hint
    raise QueryError(f"there is no query called {name!r}", hint=hint)


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


def _fold(text: str) -> str:
    """Case-insensitive form of a name, with accents dropped: "António" -> "antonio"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def _squash(text: str) -> str:
    """A name with everything but letters and digits dropped: "air-support" -> "airsupport"."""
    return re.sub(r"[\W_]+", "", _fold(text))


def _local_name(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


@dataclass
class _Names:
    """The things of one class and the texts that name them."""

    texts: dict[str, set[str]]  # IRI -> its label, surface forms, claim id, local name
    shown: dict[str, str]  # IRI -> a name to show in messages

    def find(self, value: str) -> list[str]:
        iri = value[1:-1] if value.startswith("<") and value.endswith(">") else value
        if iri in self.texts:
            return [iri]
        for key in (_fold, _squash):
            wanted = key(value)
            if not wanted:
                return []
            hits = sorted(iri for iri, texts in self.texts.items()
                          if any(key(t) == wanted for t in texts))
            if hits:
                return hits
        return []

    def close(self, value: str) -> list[str]:
        by_text: dict[str, str] = {}
        for iri, texts in sorted(self.texts.items()):
            for text in sorted(texts):
                by_text.setdefault(_fold(text), iri)
        matches = difflib.get_close_matches(_fold(value), list(by_text), n=8, cutoff=0.6)
        contained = [t for t in by_text if _fold(value) and _fold(value) in t]
        iris = []
        for text in matches + sorted(contained):
            if by_text[text] not in iris:
                iris.append(by_text[text])
        return iris[:5]


def _names(store: Store, root: str, timeout: float | None) -> _Names:
    from rdflib import URIRef

    sparql = _internal_query("lookup_names")
    result = store.query(sparql, bindings={"root": URIRef(root)}, timeout=timeout)
    index = {name: i for i, name in enumerate(result.vars)}
    texts: dict[str, set[str]] = {}
    labels: dict[str, list[tuple[bool, str]]] = {}
    for row in result.rows:
        thing, label, text = row[index["thing"]], row[index["label"]], row[index["text"]]
        if not isinstance(thing, URIRef):
            continue
        iri = str(thing)
        texts.setdefault(iri, {_local_name(iri)})
        if text is not None:
            texts[iri].add(str(text))
        if label is not None:  # plain labels sort before language-tagged ones
            labels.setdefault(iri, []).append((bool(getattr(label, "language", None)), str(label)))
    shown = {iri: min(labels[iri])[1] if iri in labels else _local_name(iri) for iri in texts}
    return _Names(texts, shown)


#: Kinds of registry entity, whose ids are the last segment of their IRI.
_ENTITY_KINDS = ("actor", "office", "place", "proposal", "outcome")
_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]*")


def _candidate_iris(value: str) -> list[str]:
    """IRIs that ``value`` may be exactly: itself (``<...>`` or bare), or an id in one of
    the KG's own namespaces (registry entities, ontology terms)."""
    from kg.model.namespaces import INSTANCE_BASE

    iri = value[1:-1] if value.startswith("<") and value.endswith(">") else value
    if _IRI_RE.fullmatch(iri):
        return [iri]
    if _ID_RE.fullmatch(value):
        return [f"{INSTANCE_BASE}{kind}/{value}" for kind in _ENTITY_KINDS] + [KG_NS + value]
    return []


def _internal_query(name: str) -> str:
    """The text of one of kg's own queries, ``kg/sparql/NAME.rq``."""
    from kg import sparql

    return sparql.text(name)


def _exact_hits(store: Store, root: str, value: str, timeout: float | None) -> list[str]:
    """The things of class ``root`` that ``value`` names exactly: their IRI, their id, or
    their label, surface form or claim id, character for character.

    Two small index lookups, where listing every name of a class (:func:`_names`) reads
    every claim of a large KG. An IRI that is a thing of the class is the answer on its own.
    """
    from rdflib import Literal, URIRef

    from kg.store.terms import bind_many

    def things(sparql: str, **bound: Any) -> list[str]:
        result = store.query(sparql, bindings={"root": URIRef(root), **bound}, timeout=timeout)
        column = result.vars.index("thing")
        return [str(row[column]) for row in result.rows]

    candidates = [URIRef(iri) for iri in _candidate_iris(value)]
    by_iri = []
    if candidates:  # checked IRIs, escaped by bind_many: no user text becomes syntax
        by_iri = things(bind_many(_internal_query("lookup_exact_iri"), "SELECT", "thing",
                                  candidates))
    if by_iri and _IRI_RE.fullmatch(value.strip("<>")):
        return by_iri  # the value is the IRI of a thing of the class
    if not value:
        return []
    by_text = things(_internal_query("lookup_exact_text"), text=Literal(value),
                     tagged=Literal(value, lang="en"))
    return sorted(set(by_iri) | set(by_text))


def _resolve_named(param: QueryParam, value: str, store: Store, timeout: float | None) -> Any:
    from rdflib import URIRef

    root = _NAMED_KINDS[param.kind]
    exact = _exact_hits(store, root, value.strip(), timeout)
    if len(exact) == 1:
        return URIRef(exact[0])
    names = _names(store, root, timeout)
    hits = exact or names.find(value.strip())
    if len(hits) == 1:
        return URIRef(hits[0])
    what = param.kind
    if hits:
        listed = "; ".join(f"{names.shown[i]} ({_local_name(i)})" for i in hits)
        raise QueryError(
            f"{param.name}={value!r} names more than one {what}: {listed}",
            hint=f"give the id instead, e.g. --param {param.name}={_local_name(hits[0])}",
        )
    close = names.close(value)
    hint = "`kg query find_actor --param name=...` searches actor names" if (
        param.kind == "actor") else None
    if close:
        listed = ", ".join(f"{names.shown[i]} ({_local_name(i)})" for i in close)
        hint = f"close names: {listed}" + (f"; {hint}" if hint else "")
    raise QueryError(f"no {what} is called {value!r} (parameter {param.name})", hint=hint)


def _resolve_value(param: QueryParam, value: str, store: Store, timeout: float | None) -> Any:
    from rdflib import XSD, Literal, URIRef

    if param.kind in _NAMED_KINDS:
        return _resolve_named(param, value, store, timeout)
    if param.kind == "iri":
        iri = value.strip()
        if iri.startswith("<") and iri.endswith(">"):
            iri = iri[1:-1]
        if not _IRI_RE.fullmatch(iri):
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
        if text.startswith("<") and text.endswith(">") and _IRI_RE.fullmatch(text[1:-1]):
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
    from kg.store.terms import bind_many

    sparql = _internal_query("lookup_label")
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


# --- describing the catalogue -----------------------------------------------------------


def catalogue_result(project: Project) -> QueryResult:
    """The catalogue as a result with columns name, title and parameters (for ``kg queries``)."""
    from rdflib import Literal

    from kg.store import QueryResult

    rows = []
    for spec in list_queries(project):
        params = ", ".join(p.describe() for p in spec.params)
        rows.append((Literal(spec.name), Literal(spec.title), Literal(params)))
    return QueryResult("SELECT", vars=["name", "title", "parameters"], rows=rows)


def describe_query(project: Project, name: str) -> str:
    """One catalogue query in full: title, question, parameters, examples and its SPARQL."""
    import textwrap

    spec = load_query(project, name)
    wrap = functools.partial(textwrap.fill, width=88, initial_indent="  ",
                             subsequent_indent="  ")
    out = [f"{spec.name}: {spec.title}", "", wrap(spec.question), ""]
    if spec.params:
        out.append("Parameters:")
        for p in spec.params:
            out.append(wrap(f"{p.describe()}: {p.description}"))
        out.append("")
    out.append("Examples:")
    out.extend(f"  {call}" for call in spec.examples or (spec.example,))
    out += ["", f"SPARQL ({spec.path}):", "", spec.text.rstrip(), ""]
    return "\n".join(out)
