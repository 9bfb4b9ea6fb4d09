"""Render a query's answer as a terminal table, CSV, JSON or a Markdown table.

* ``table`` (the default) is for reading in a terminal: IRIs are shown by their label (a
  claim by its id), language tags and datatypes are dropped, long values are shortened with
  an ellipsis so the table fits the width, and a column ``x`` is left out when the result
  also has ``xLabel`` (the label column then takes the name ``x``).
* ``markdown`` is a pipe table with the same columns and labels, values in full.
* ``csv`` and ``json`` keep every value in full, IRIs as IRIs: they are for other programs.
  ``json`` is the SPARQL 1.1 Query Results JSON format (``application/sparql-results+json``).

An ASK answer is ``true`` or ``false`` (in ``json``: ``{"head": {}, "boolean": ...}``);
CONSTRUCT and DESCRIBE answers are Turtle in every format.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from kg.store import QueryResult

__all__ = ["FORMATS", "compact_iri", "render", "shorten", "sparql_json", "terminal_width"]

FORMATS = ("table", "csv", "json", "markdown")
ELLIPSIS = "\u2026"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: The widest a table cell gets before it is shortened, and the narrowest it is squeezed to.
MAX_CELL = 60
MIN_CELL = 8
GAP = "  "


def shorten(text: str, width: int) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis if longer."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    if width <= 1:
        return ELLIPSIS[:width]
    return flat[: width - 1].rstrip() + ELLIPSIS


def compact_iri(iri: str) -> str:
    """An IRI with a known namespace written as ``prefix:local`` (``kgi:actor/kremlin``)."""
    from kg.model.namespaces import PREFIXES

    best = ""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(PREFIXES.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else iri


def _display(term: Any, labels: Mapping[str, str]) -> str:
    from rdflib import BNode, URIRef

    if term is None:
        return ""
    if isinstance(term, URIRef):
        return labels.get(str(term)) or compact_iri(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _columns(names: Sequence[str]) -> list[tuple[int, str]]:
    """(index, header) of the columns people see: ``x`` folds into ``xLabel``."""
    present = set(names)
    shown = []
    for i, name in enumerate(names):
        if f"{name}Label" in present:
            continue
        header = name[: -len("Label")] if name.endswith("Label") and name[: -len("Label")] in (
            present) else name
        shown.append((i, header))
    return shown


def _fit(widths: list[int], limit: int | None) -> list[int]:
    """Squeeze the widest columns until the table (with gaps) fits ``limit`` characters."""
    widths = list(widths)
    if limit is None:
        return widths
    total = lambda: sum(widths) + len(GAP) * (len(widths) - 1)  # noqa: E731
    while total() > limit:
        widest = max(range(len(widths)), key=lambda i: widths[i])
        if widths[widest] <= MIN_CELL:
            break
        widths[widest] -= 1
    return widths


def _table(result: QueryResult, labels: Mapping[str, str], width: int | None) -> str:
    columns = _columns(result.vars)
    if not columns:
        return f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''}, no columns)\n"
    cells = [[shorten(_display(row[i], labels), MAX_CELL) for i, _ in columns]
             for row in result.rows]
    headers = [header for _, header in columns]
    widths = [max([len(h)] + [len(r[k]) for r in cells]) for k, h in enumerate(headers)]
    widths = _fit(widths, width)

    def line(values: Sequence[str]) -> str:
        parts = [shorten(v, w).ljust(w) for v, w in zip(values, widths, strict=True)]
        return GAP.join(parts).rstrip()

    out = [line(headers), GAP.join("-" * w for w in widths)]
    out.extend(line(r) for r in cells)
    count = len(result.rows)
    out.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(out) + "\n"


def _markdown(result: QueryResult, labels: Mapping[str, str]) -> str:
    columns = _columns(result.vars)

    def cell(text: str) -> str:
        return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")

    out = ["| " + " | ".join(cell(h) for _, h in columns) + " |",
           "|" + "|".join(" --- " for _ in columns) + "|"]
    for row in result.rows:
        out.append("| " + " | ".join(cell(_display(row[i], labels)) for i, _ in columns) + " |")
    return "\n".join(out) + "\n"


def _csv(result: QueryResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(result.vars)
    for row in result.rows:
        writer.writerow(["" if term is None else str(term) for term in row])
    return buffer.getvalue()


def _json_term(term: Any) -> dict[str, str]:
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        data = {"type": "literal", "value": str(term)}
        if term.language:
            data["xml:lang"] = term.language
        elif term.datatype is not None and str(term.datatype) != XSD_STRING:
            data["datatype"] = str(term.datatype)
        return data
    raise TypeError(f"not an RDF term: {term!r}")


def sparql_json(result: QueryResult) -> dict[str, Any]:
    """A SELECT or ASK answer as SPARQL 1.1 Query Results JSON (a dict)."""
    if result.form == "ASK":
        return {"head": {}, "boolean": bool(result.boolean)}
    bindings = [
        {name: _json_term(term) for name, term in zip(result.vars, row, strict=True)
         if term is not None}
        for row in result.rows
    ]
    return {"head": {"vars": list(result.vars)}, "results": {"bindings": bindings}}


def _turtle(result: QueryResult) -> str:
    from rdflib import Graph

    from kg.model.namespaces import PREFIXES

    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    for triple in result.graph or ():
        graph.add(triple)
    return graph.serialize(format="turtle")


def terminal_width() -> int | None:
    """The width of the terminal standard output goes to; None when it is not a terminal."""
    import shutil
    import sys

    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size((100, 24)).columns


def render(result: QueryResult, fmt: str = "table", *, labels: Mapping[str, str] | None = None,
           width: int | None = None) -> str:
    """The text to print for ``result`` in ``fmt`` (table, csv, json or markdown).

    ``labels`` maps IRIs to display names (see :func:`kg.query.run.display_labels`); ``width``
    is the terminal width a table should fit (None: no limit).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        return _turtle(result)
    if fmt == "json":
        return json.dumps(sparql_json(result), indent=2, ensure_ascii=False) + "\n"
    if result.form == "ASK":
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "csv":
        return _csv(result)
    if fmt == "markdown":
        return _markdown(result, labels or {})
    return _table(result, labels or {}, width)
