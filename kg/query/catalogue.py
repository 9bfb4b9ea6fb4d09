"""The named-query catalogue: find the ``queries/*.rq`` files, read their headers, list and
describe them.

Each ``.rq`` file is one query; its file name (snake_case) is its name on the command line.
It starts with a header of comment lines::

    # title: Everything one actor committed to, offered, ruled out, demanded or said
    # question: What has this actor committed to ...? (continuation lines are indented)
    # param: actor (actor): the actor, as id, label or any surface form
    # param: capability (concept, optional): only this capability
    # example: kg query actor_claims --param actor=Trump

``param`` lines give the name (a variable the query selects), the kind and whether it is
optional. The kind says how a value typed by a user becomes an RDF term:

* ``actor``, ``proposal``, ``outcome``, ``concept``, ``claim``: the IRI of the one thing of
  that class the value names (id, label, surface form, claim id or IRI), found by
  :func:`kg.query.names.resolve`, as ``kg viz`` and the notebooks find it.
* ``iri``: an absolute IRI; ``string``: a plain literal; ``date``: an ``xsd:date``
  (YYYY-MM-DD); ``integer``: an ``xsd:integer``.

:mod:`kg.query.run` binds the values and runs the query.

``example`` lines are calls that work on the seed KG; the tests run each of them and compare
its rows with ``tests/golden/<name>.json``.
"""

from __future__ import annotations

import difflib
import functools
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import QueryError
from kg.query.names import KINDS

if TYPE_CHECKING:  # pragma: no cover
    from kg.project import Project
    from kg.store import QueryResult

__all__ = [
    "PARAM_KINDS",
    "catalogue_result",
    "describe_query",
    "QueryParam",
    "QuerySpec",
    "list_queries",
    "load_query",
    "parse_header",
]

#: The kinds a ``# param:`` line may give: names resolved to IRIs, then plain values.
PARAM_KINDS: tuple[str, ...] = (*KINDS, "iri", "string", "date", "integer")

_HEADER_KEYS = ("title", "question", "param", "example")
_FIELD_RE = re.compile(r"#\s?(title|question|param|example):\s*(.*)$")
_PARAM_RE = re.compile(
    r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\(\s*(?P<kind>[a-z]+)\s*(?:,\s*(?P<optional>optional)\s*)?\)"
    r"\s*:?\s*(?P<description>.*)$"
)


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
