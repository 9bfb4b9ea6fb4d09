"""The rdflib backend: an rdflib ``Dataset`` in memory, pure Python."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

from kg.errors import KGError, QueryError, StoreError
from kg.store.base import QueryResult, Store, decode_result, encode_result, missing_kg
from kg.store.terms import normalise_term
from kg.store.timeouts import Deadline, can_fork, can_use_alarm, run_forked, run_with_alarm


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



def read_quads(path: str | Path) -> Iterator[tuple[Any, Any, Any, Any]]:
    """The quads of an N-Quads file as canonical rdflib terms; graph ``None`` = default."""
    from rdflib import Dataset
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    path = Path(path)
    staging = Dataset()
    try:
        with open(path, "rb") as handle:
            staging.parse(file=handle, format="nquads")
    except FileNotFoundError:
        raise missing_kg(path) from None
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

        self._dataset: Any = Dataset(default_union=True)  # None once closed
        if kg_file is not None:
            self.load_nquads(kg_file)

    def __repr__(self) -> str:
        return "RdflibStore()"

    def load_nquads(self, path: str | Path) -> None:
        """Add the quads of an N-Quads file, literals normalised."""
        dataset = self._dataset
        graphs: dict[Any, Any] = {None: dataset.default_graph}

        def contexts() -> Iterator[tuple[Any, Any, Any, Any]]:
            for s, p, o, g in read_quads(path):
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
        if can_use_alarm():
            return run_with_alarm(run, timeout)
        if can_fork():
            return decode_result(run_forked(lambda: encode_result(run()), timeout))
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
                    rows = [
                        tuple(normalise_term(cell) for cell in cast("tuple[Any, ...]", row))
                        for row in answer
                    ]
                    return QueryResult("SELECT", vars=names, rows=rows)
                if answer.type == "ASK":
                    return QueryResult("ASK", boolean=bool(answer.askAnswer))
                graph = Graph()
                for s, p, o in answer.graph or []:
                    graph.add((s, p, normalise_term(o)))
                return QueryResult(answer.type, graph=graph)
        except ParseException as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from None
        except (KGError, Deadline):
            raise
        except Exception as exc:
            raise QueryError(f"the query failed in rdflib: {type(exc).__name__}: {exc}") from None
        finally:
            rdflib_sparql.SPARQL_LOAD_GRAPHS = load_graphs

    def close(self) -> None:
        """Drop the in-memory dataset."""
        super().close()
        self._dataset = None

