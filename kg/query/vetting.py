"""Decide whether a user's SPARQL text may run in ``kg query``: read-only, no surprise network I/O.

Vetting happens before any engine sees the text, so a query is accepted or refused the same
way whether it later runs on rdflib, on pyoxigraph or on a remote endpoint. The text is
parsed with rdflib's SPARQL grammar and the decision is taken on the parse tree, never on the
raw text: the word ``SERVICE`` in a string literal or a comment is harmless and passes.

Refused, with :class:`~kg.errors.UnsafeQueryError`:

* SPARQL updates (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``DROP``, ``CREATE``,
  ``ADD``, ``MOVE``, ``COPY``, ``WITH`` ...): ``kg query`` is read-only.
* ``SERVICE`` anywhere (subqueries, ``OPTIONAL``, ``UNION``, ``MINUS``, ``FILTER EXISTS``),
  ``FROM`` and ``FROM NAMED``: each makes an engine contact or load another document.
  ``allow_remote=True`` (the CLI's ``--allow-remote``) lets them through.

Refused, with :class:`~kg.errors.QueryError`: malformed SPARQL (line, column, the line and a
caret), an empty text, and prefixes used but never declared (rdflib would fill some in from
its defaults, other engines would not, so the answer would depend on the store).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from os import PathLike
from typing import Any, Literal

from kg.errors import QueryError, UnsafeQueryError

__all__ = ["VettedQuery", "check_query_name", "vet_query"]

QueryForm = Literal["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"]

REMOTE_FLAG = "--allow-remote"

_FORMS: dict[str, QueryForm] = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}

_UPDATE_KEYWORDS: dict[str, str] = {
    "InsertData": "INSERT DATA",
    "DeleteData": "DELETE DATA",
    "DeleteWhere": "DELETE WHERE",
    "Modify": "DELETE/INSERT ... WHERE",
    "Load": "LOAD",
    "Clear": "CLEAR",
    "Drop": "DROP",
    "Create": "CREATE",
    "Add": "ADD",
    "Move": "MOVE",
    "Copy": "COPY",
}
_UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)

_QUERY_NAME = re.compile(r"[a-z0-9_]+")


@dataclass(frozen=True)
class VettedQuery:
    """A SPARQL query that passed :func:`vet_query`.

    ``variables`` are the names (without ``?``) of the columns a SELECT returns, in order:
    the projection as written, or for ``SELECT *`` the in-scope variables in order of first
    appearance. Empty for ASK, CONSTRUCT and DESCRIBE. ``remote`` lists the SERVICE and FROM
    IRIs the query would contact or load; it can only be non-empty when the query was vetted
    with ``allow_remote=True``, and then the query must not run inside :func:`kg.offline.offline`.
    """

    text: str
    form: QueryForm
    variables: tuple[str, ...]
    source: str | None = None
    remote: tuple[str, ...] = ()


def check_query_name(name: str) -> str:
    """Return ``name`` if it can name a query in the catalogue, else raise QueryError.

    Only snake_case names (``a-z``, ``0-9``, ``_``) pass, so a name can never be a path
    (``../../etc/passwd``, ``a/b``, ``..``).
    """
    if isinstance(name, str) and _QUERY_NAME.fullmatch(name):
        return name
    raise QueryError(
        f"{name!r} is not a query name: query names are snake_case names from `kg queries` "
        "(letters a-z, digits and _)",
        hint="run `kg queries` to list them, or pass your own SPARQL as a .rq file",
    )


def vet_query(
    text: str,
    *,
    allow_remote: bool = False,
    source: str | PathLike[str] | None = None,
    prefixes: Iterable[str] = (),
) -> VettedQuery:
    """Check that ``text`` is one read-only SPARQL query that stays local; describe it.

    ``source`` (a file name) is named in every error. ``prefixes`` are prefix names the
    caller declares itself when it runs the query (``initNs``); any other prefix must be
    declared in the text. Raises :class:`~kg.errors.QueryError` for malformed or empty
    text and undeclared prefixes, :class:`~kg.errors.UnsafeQueryError` for updates and,
    unless ``allow_remote``, for SERVICE, FROM and FROM NAMED.
    """
    if not isinstance(text, str):
        raise TypeError(f"vet_query takes the query text as str, not {type(text).__name__}")
    source = None if source is None else str(source)
    return _vet(text, allow_remote, source, tuple(sorted(set(prefixes))))


@functools.lru_cache(maxsize=256)
def _vet(
    text: str, allow_remote: bool, source: str | None, prefixes: tuple[str, ...]
) -> VettedQuery:
    """:func:`vet_query`, remembered: parsing a long query takes up to a tenth of a second,
    and the catalogue and view queries run many times in one process. Only answers are
    remembered; a refused query is checked (and refused) again each time."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = parseQuery(text)
    except ParseBaseException as exc:
        raise _not_a_query(text, exc, source) from None
    except ValueError as exc:  # rdflib: "Invalid unicode code point: ..."
        raise _bad_escape(text, exc, source) from None
    except RecursionError:
        raise QueryError("the query is nested too deeply to parse", file=source) from None

    prologue, body = tree[0], tree[1]
    declared = _declared_prefixes(prologue)
    _check_prefixes(text, body, declared, set(prefixes), source)

    remote = _remote_targets(body, declared)
    if remote and not allow_remote:
        raise UnsafeQueryError(
            "refused remote access: " + "; ".join(what for what, _ in remote),
            file=source,
            hint=f"kg query reads only the KG; pass {REMOTE_FLAG} (allow_remote=True from "
            "Python) if you mean to contact these. To read a named graph of the KG, write "
            "GRAPH <iri> { ... } instead of FROM.",
        )

    form = _FORMS[body.name]
    variables: tuple[str, ...] = ()
    if form == "SELECT":
        variables = _select_variables(body)
    return VettedQuery(
        text=text,
        form=form,
        variables=variables,
        source=source,
        remote=tuple(dict.fromkeys(iri for _, iri in remote)),
    )


# --- syntax errors and updates ------------------------------------------------------------


def _not_a_query(text: str, exc: Any, source: str | None) -> QueryError:
    """The text is not a query: refuse it as an update, or report the syntax error."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        update = parseUpdate(text)
    except (ParseBaseException, ValueError, RecursionError):
        update = None
    if update is not None:
        operations = [op.name for op in (_get(update, "request") or [])]
        if not operations:
            return QueryError(
                "the query is empty",
                file=source,
                hint="write a SELECT, ASK, CONSTRUCT or DESCRIBE query",
            )
        keywords = ", ".join(dict.fromkeys(_UPDATE_KEYWORDS.get(op, op) for op in operations))
        return _read_only(f"this is a SPARQL update ({keywords})", source)
    first = _first_keyword(text)
    if first in _UPDATE_WORDS:
        return _read_only(f"this looks like a SPARQL update (it starts with {first})", source)
    return _syntax_error(text, exc, source)


def _read_only(what: str, source: str | None) -> UnsafeQueryError:
    return UnsafeQueryError(
        f"kg query is read-only: {what}, and updates are refused",
        file=source,
        hint="the KG is derived from the annotations: change those and run `kg build`",
    )


def _excerpt(line_text: str, column: int) -> str:
    """The line (tabs expanded, long lines cut around the column) and a caret under it."""
    shown = line_text.expandtabs()
    caret = len(line_text[: column - 1].expandtabs())
    if len(shown) > 100:
        start = max(caret - 60, 0)
        end = caret + 40
        shown = ("..." if start else "") + shown[start:end] + ("..." if end < len(shown) else "")
        caret = caret - start + (3 if start else 0)
    return f"\n    {shown.rstrip()}\n    {' ' * caret}^"


def _syntax_error(text: str, exc: Any, source: str | None) -> QueryError:
    line_no = exc.lineno
    # pyparsing reports columns in the text with tabs expanded; count characters instead.
    lines = text.split("\n")
    line_text = lines[line_no - 1].rstrip("\r") if line_no <= len(lines) else exc.line
    column = 1
    while column <= len(line_text) and len(line_text[: column - 1].expandtabs()) < exc.col - 1:
        column += 1
    if len(line_text[: column - 1].expandtabs()) != exc.col - 1:  # \u escapes moved things
        line_text, column = exc.line, exc.col
    found = getattr(exc, "found", "") or ""
    detail = "the query ends too early" if found in ("", "end of text") else f"unexpected {found}"
    return QueryError(
        f"SPARQL syntax error at line {line_no}, column {column}: {detail}"
        + _excerpt(line_text, column),
        file=source,
        line=line_no,
        hint="the parser stopped at the caret; the mistake is there or just before it",
    )


def _bad_escape(text: str, exc: ValueError, source: str | None) -> QueryError:
    code = str(exc).rsplit(":", 1)[-1].strip()
    where = _locate(text, r"\\[uU]" + re.escape(code), code_only=False)
    message = f"invalid unicode escape \\U{code}: no such code point"
    line_no = None
    if where is not None:
        line_no, column, line_text = where
        message += f" (line {line_no}, column {column})" + _excerpt(line_text, column)
    return QueryError(message, file=source, line=line_no)


# --- masking: find a token in the text outside comments, strings and IRIs -----------------

_NOT_CODE = re.compile(
    r"""
      \#[^\n]*                                  # comment
    | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"       # long strings
    | '''(?:[^'\\]|\\.|'(?!''))*'''
    | "(?:[^"\\\n]|\\.)*"                       # short strings
    | '(?:[^'\\\n]|\\.)*'
    | <[^<>"{}|^`\\\x00-\x20]*>                 # IRI
    """,
    re.VERBOSE | re.DOTALL,
)


def _code_only(text: str) -> str:
    """``text`` with comments, string literals and IRIs blanked (same length, same lines)."""
    return _NOT_CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _first_keyword(text: str) -> str | None:
    """The first keyword after any PREFIX and BASE declarations, upper-cased."""
    for word in re.findall(r"[A-Za-z_][\w.-]*:?", _code_only(text)):
        if word.endswith(":") or word.upper() in ("PREFIX", "BASE"):
            continue
        return word.upper()
    return None


def _locate(text: str, pattern: str, *, code_only: bool = True) -> tuple[int, int, str] | None:
    """Line, column and line text of the first match of ``pattern`` (in code, by default)."""
    match = re.search(pattern, _code_only(text) if code_only else text)
    if match is None:
        return None
    start = match.start()
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_text = text[line_start : line_end if line_end != -1 else len(text)]
    return text.count("\n", 0, start) + 1, start - line_start + 1, line_text


# --- walking the parse tree ------------------------------------------------------------


def _walk(node: Any) -> Iterator[Any]:
    """Every node of an rdflib SPARQL parse tree, depth first, in document order."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        item = stack.pop()
        yield item
        if isinstance(item, CompValue):
            children = list(dict.values(item))
        elif isinstance(item, (ParseResults, list, tuple)):
            children = list(item)
        else:
            continue
        stack.extend(reversed(children))


def _get(node: Any, key: str) -> Any:
    """A child of a parse-tree node, or None (``CompValue.get`` returns the key itself)."""
    return dict.get(node, key)


def _is_comp(node: Any, *names: str) -> bool:
    from rdflib.plugins.sparql.parserutils import CompValue

    return isinstance(node, CompValue) and node.name in names


def _declared_prefixes(prologue: Any) -> dict[str, str]:
    declared: dict[str, str] = {}
    for node in _walk(prologue):
        if _is_comp(node, "PrefixDecl"):
            declared[str(_get(node, "prefix") or "")] = str(_get(node, "iri"))
    return declared


def _check_prefixes(
    text: str, body: Any, declared: dict[str, str], given: set[str], source: str | None
) -> None:
    for node in _walk(body):
        if not _is_comp(node, "pname"):
            continue
        prefix = str(_get(node, "prefix") or "")
        if prefix in declared or prefix in given:
            continue
        where = _locate(text, rf"(?<![\w.:-]){re.escape(prefix)}:")
        message = f"prefix {prefix}: is not declared"
        line_no = None
        if where is not None:
            line_no, column, line_text = where
            message = (
                f"prefix {prefix}: is not declared (line {line_no}, column {column})"
                + _excerpt(line_text, column)
            )
        raise QueryError(
            message,
            file=source,
            line=line_no,
            hint=f"add `PREFIX {prefix}: <...>` at the top of the query",
        )


def _term_text(term: Any, declared: dict[str, str]) -> tuple[str, str]:
    """How to show a SERVICE / FROM target, and the IRI (or variable) it stands for."""
    from rdflib.term import URIRef, Variable

    if isinstance(term, Variable):
        return f"?{term}", f"?{term}"
    if isinstance(term, URIRef):
        return f"<{term}>", str(term)
    if _is_comp(term, "pname"):
        prefix = str(_get(term, "prefix") or "")
        iri = declared.get(prefix, "") + str(_get(term, "localname") or "")
        return f"{prefix}:{_get(term, 'localname') or ''} (<{iri}>)", iri
    return str(term), str(term)


def _remote_targets(body: Any, declared: dict[str, str]) -> list[tuple[str, str]]:
    """Every SERVICE and FROM / FROM NAMED in the query: (what it would do, the IRI)."""
    found: list[tuple[str, str]] = []
    for node in _walk(body):
        if _is_comp(node, "ServiceGraphPattern"):
            shown, iri = _term_text(_get(node, "term"), declared)
            if shown.startswith("?"):
                what = f"SERVICE {shown} would send part of the query to whatever endpoint "
                what += f"{shown} is bound to"
            else:
                what = f"SERVICE {shown} would send part of the query to that endpoint"
            found.append((what, iri))
        elif _is_comp(node, "DatasetClause"):
            named = _get(node, "named") is not None
            term = _get(node, "named") if named else _get(node, "default")
            shown, iri = _term_text(term, declared)
            keyword = "FROM NAMED" if named else "FROM"
            found.append(
                (f"{keyword} {shown} would load that document, possibly over the network", iri)
            )
    return found


# --- the columns of a SELECT -------------------------------------------------------------


def _select_variables(select: Any) -> tuple[str, ...]:
    projection = _get(select, "projection")
    if projection:
        names = []
        for item in projection:
            var = _get(item, "var") if _get(item, "var") is not None else _get(item, "evar")
            names.append(str(var))
        return tuple(names)
    names = _in_scope(_get(select, "where"))
    values = _get(select, "valuesClause")
    if values is not None:
        names += _variables_in(_get(values, "var"))
    return tuple(dict.fromkeys(names))


def _variables_in(node: Any) -> list[str]:
    from rdflib.term import Variable

    return [str(n) for n in _walk(node) if isinstance(n, Variable)]


def _in_scope(pattern: Any) -> list[str]:
    """In-scope variables of a graph pattern (SPARQL 1.1, 18.2.1), in order of appearance.

    FILTER and MINUS add none; a subquery adds only what it projects.
    """
    if pattern is None:
        return []
    if _is_comp(pattern, "SubSelect"):
        return list(_select_variables(pattern))
    names: list[str] = []
    if _is_comp(pattern, "GroupGraphPatternSub"):
        for part in _get(pattern, "part") or []:
            names += _in_scope(part)
    elif _is_comp(pattern, "TriplesBlock"):
        names += _variables_in(_get(pattern, "triples"))
    elif _is_comp(pattern, "OptionalGraphPattern"):
        names += _in_scope(_get(pattern, "graph"))
    elif _is_comp(pattern, "GroupOrUnionGraphPattern"):
        for branch in _get(pattern, "graph") or []:
            names += _in_scope(branch)
    elif _is_comp(pattern, "GraphGraphPattern", "ServiceGraphPattern"):
        names += _variables_in(_get(pattern, "term"))
        names += _in_scope(_get(pattern, "graph"))
    elif _is_comp(pattern, "Bind"):
        names.append(str(_get(pattern, "var")))
    elif _is_comp(pattern, "InlineData"):
        names += _variables_in(_get(pattern, "var"))
    return names
