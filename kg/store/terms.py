"""RDF terms as kg writes them: canonical literals, SPARQL-JSON terms, escaped SPARQL text.

* :func:`canonical_lexical`, :func:`make_literal`, :func:`normalise_term` -- every literal in
  the one canonical form Oxigraph stores (see :mod:`kg.store` for why);
* ``term_to_json`` / ``term_from_json`` -- terms as SPARQL 1.1 JSON results objects;
* :func:`sparql_term` -- a term as escaped SPARQL / N-Triples text, so that a value can never
  become query syntax; ``check_bindings`` validates bound values, ``bind_with_values``
  adds them to a query as a ``VALUES`` block;
* :func:`query_form` -- the form (SELECT, ASK, ...) read from the start of a query.

Imports rdflib only inside functions.
"""

from __future__ import annotations

import functools
import re
import struct
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from kg.errors import QueryError, StoreError

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
                decimal = Decimal(lexical).normalize()
                exponent = decimal.as_tuple().exponent
                if abs(decimal) < _DECIMAL_LIMIT and isinstance(exponent, int) and exponent >= -18:
                    return ("0" if decimal == 0 else _plain_number(decimal)), datatype
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


@functools.cache
def rdflib_term_types() -> tuple[Any, Any, Any]:
    """rdflib's ``Literal``, ``URIRef`` and ``BNode``, imported on first use (an import
    statement in a function run for every cell of a large result costs more than the work)."""
    from rdflib import BNode, Literal, URIRef

    return Literal, URIRef, BNode


def make_literal(lexical: str, datatype: str | None = None, language: str | None = None) -> Any:
    """An rdflib ``Literal`` in canonical form (see :func:`canonical_lexical`)."""
    Literal, URIRef, _ = rdflib_term_types()

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


def term_to_json(term: Any) -> dict[str, str] | None:
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


def term_from_json(data: Mapping[str, Any] | None) -> Any:
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


def check_bindings(bindings: Mapping[str, Any] | None) -> dict[str, Any]:
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


def values_clause(bindings: Mapping[str, Any]) -> str:
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


def bind_with_values(sparql: str, form: str, bindings: Mapping[str, Any]) -> str:
    """The query with a VALUES block of escaped terms opening its outermost WHERE group.

    There, FILTERs of that group see the bound values, as with rdflib's ``initBindings`` and
    Oxigraph's ``substitutions``; the user's text is never pasted into the query.
    """
    at = _outer_group_start(sparql, form)
    if at is None:
        # no group found: the grammar's trailing ValuesClause, on a new line of its own so
        # that a comment on the last line cannot swallow it
        return sparql.rstrip() + "\n" + values_clause(bindings) + "\n"
    return sparql[:at] + "\n  " + values_clause(bindings) + "\n" + sparql[at:]


def bind_many(sparql: str, form: str, variable: str, terms: Iterable[Any]) -> str:
    """The query with ``VALUES ?variable { t1 t2 ... }`` opening its outermost WHERE group.

    For looking up many terms in one query (e.g. the labels of every IRI in a result); each
    term is checked and escaped by :func:`sparql_term`, never pasted as given.
    """
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", variable):
        raise QueryError(f"bad variable name {variable!r}")
    block = f"VALUES ?{variable} {{ " + " ".join(sparql_term(t) for t in terms) + " }"
    at = _outer_group_start(sparql, form)
    if at is None:
        return sparql.rstrip() + "\n" + block + "\n"
    return sparql[:at] + "\n  " + block + "\n" + sparql[at:]


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
