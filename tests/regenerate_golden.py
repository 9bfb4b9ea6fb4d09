"""Regenerate the expected rows of the named queries, ``tests/golden/<name>.json``.

``tests/test_queries.py`` runs every example call in the header of every ``queries/*.rq``
(``# example: kg query NAME --param ...``) on the seed KG, on Oxigraph and on rdflib, and
compares the answer with the golden file exactly. After a deliberate change (a new or edited
query, a new example, a changed annotation), regenerate and review::

    .venv/bin/python tests/regenerate_golden.py            # every query
    .venv/bin/python tests/regenerate_golden.py conflicts  # only these
    git diff tests/golden                                  # read what changed

The KG is built from the project's seeds into a temporary folder (``out/`` is not touched).
A file is only written when Oxigraph and rdflib give the same answer; otherwise the script
names the query and exits with status 1, because the catalogue must be standard SPARQL 1.1.

Golden file layout: ``{"query": NAME, "cases": [{"call": ..., "params": {...},
"result": ...}]}``, one case per example call. ``result`` is ``{"vars": [...], "rows": [...]}``
for SELECT, one row per line, each value written as in N-Triples (``"<iri>"``,
``"\"text\""``, ``"\"2\"^^<...#integer>"``) or null when unbound, rows in the query's
order; ``{"boolean": true}`` for ASK; ``{"triples": [sorted N-Triples lines]}`` for
CONSTRUCT.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parent
MAIN = TESTS.parent
GOLDEN = TESTS / "golden"

sys.path.insert(0, str(MAIN))

from kg.build import build  # noqa: E402
from kg.project import Project  # noqa: E402
from kg.query.catalogue import QuerySpec, list_queries  # noqa: E402
from kg.query.run import run_query  # noqa: E402
from kg.store import QueryResult, Store, open_store, sparql_term  # noqa: E402

PROJECT = Project(MAIN)


def result_data(result: QueryResult) -> dict[str, Any]:
    """A query answer as plain JSON data, for exact comparison with a golden file."""
    if result.form == "ASK":
        return {"boolean": bool(result.boolean)}
    if result.form == "SELECT":
        rows = [[None if term is None else sparql_term(term) for term in row]
                for row in result.rows]
        return {"vars": list(result.vars), "rows": rows}
    lines = sorted(
        f"{sparql_term(s)} {sparql_term(p)} {sparql_term(o)} ." for s, p, o in result.graph or ()
    )
    return {"triples": lines}


def run_case(store: Store, spec: QuerySpec, params: dict[str, str]) -> dict[str, Any]:
    """Run one example call of ``spec`` on ``store``; its answer as plain JSON data."""
    return result_data(run_query(store, spec.text, spec=spec, params=params, timeout=60).result)


def golden_path(name: str) -> Path:
    return GOLDEN / f"{name}.json"


def golden_text(spec: QuerySpec, cases: list[dict[str, Any]]) -> str:
    """The golden file: indented JSON with each row (or triple) on a line of its own."""
    dump = lambda value: json.dumps(value, ensure_ascii=False)  # noqa: E731
    out = ["{", f' "query": {dump(spec.name)},', ' "cases": [']
    for n, case in enumerate(cases):
        result = case["result"]
        out += ["  {", f'   "call": {dump(case["call"])},', f'   "params": {dump(case["params"])},']
        if "boolean" in result:
            out.append(f'   "result": {dump(result)}')
        else:
            key = "rows" if "rows" in result else "triples"
            out.append('   "result": {')
            if key == "rows":
                out.append(f'    "vars": {dump(result["vars"])},')
            items = result[key]
            out.append(f'    "{key}": [' + ("" if items else "]"))
            out += [f"     {dump(item)}{',' if i < len(items) - 1 else ''}"
                    for i, item in enumerate(items)]
            if items:
                out.append("    ]")
            out.append("   }")
        out.append("  }" + ("," if n < len(cases) - 1 else ""))
    out += [" ]", "}"]
    text = "\n".join(out) + "\n"
    assert json.loads(text) == {"query": spec.name, "cases": cases}
    return text


def main(names: list[str]) -> int:
    specs = [s for s in list_queries(PROJECT) if not names or s.name in names]
    unknown = sorted(set(names) - {s.name for s in specs})
    if unknown:
        print(f"no such query: {', '.join(unknown)}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        kg_file = Path(tmp) / "kg.nq"
        build(PROJECT, output=kg_file)
        oxigraph = open_store("memory", kg_file=kg_file)
        rdflib = open_store("rdflib", kg_file=kg_file)
        GOLDEN.mkdir(exist_ok=True)
        failed = []
        for spec in specs:
            cases, agree = [], True
            for call, params in zip(spec.examples, spec.example_params(), strict=True):
                expected = run_case(oxigraph, spec, params)
                if run_case(rdflib, spec, params) != expected:
                    failed.append(f"{call}: Oxigraph and rdflib disagree")
                    agree = False
                cases.append({"call": call, "params": params, "result": expected})
            if agree:
                golden_path(spec.name).write_text(golden_text(spec, cases), encoding="utf-8")
                print(f"wrote {golden_path(spec.name).relative_to(MAIN)}")
        oxigraph.close()
        rdflib.close()
    for message in failed:
        print(f"NOT written: {message}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
