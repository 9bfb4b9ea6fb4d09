"""Bulk loads of N-Quads into a pyoxigraph store on disk, in bounded memory."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

#: Bytes of whole lines given to one native bulk load, which holds all it is given in memory
#: (about 1 KB a quad): a big file goes in slices.
_SLICE = 32 << 20


def _slices(path: Path) -> Iterator[bytes]:
    """The file in slices of about :data:`_SLICE` bytes of whole lines."""
    with open(path, "rb") as handle:
        while data := handle.read(_SLICE) + handle.readline():
            yield data


def _quads_with_union(data: bytes) -> Iterator[Any]:
    """The quads of N-Quads text, each named-graph triple also into the default graph.

    Parsed in Python, which keeps blank-node labels as written: the native loader names a
    blank node afresh on each call, so it would not be the same node from slice to slice.
    """
    import pyoxigraph as ox

    default = ox.DefaultGraph()
    for quad in ox.parse(data, ox.RdfFormat.N_QUADS):
        yield quad
        if quad.graph_name != default:
            yield ox.Quad(quad.subject, quad.predicate, quad.object, default)


def _union_ntriples(data: bytes) -> bytes:
    """The triples of N-Quads text as N-Triples: each line cut before its last ``" <"``.

    That drops the graph IRI of ``s p o <g> .``. Where the cut is wrong (a default-graph
    triple ending with an IRI, a graph label without a space before it) what is left is a
    prefix of the line ending between two terms or inside a literal: invalid N-Triples,
    never another triple (or only ``s p o`` itself, already in the default graph).
    """
    lines = data.split(b"\n")
    return b"\n".join(
        [line if (cut := line.rfind(b" <")) < 0 else line[:cut] + b" ." for line in lines]
    )


def _load_union(store: Any, path: Path, stop: threading.Event) -> None:
    """The triples of each slice into the default graph, for :func:`bulk_load_nquads`."""
    import pyoxigraph as ox

    for data in _slices(path):
        if stop.is_set():
            return
        if b"_:" in data:  # loaded with its quads
            continue
        try:
            store.bulk_load(_union_ntriples(data), ox.RdfFormat.N_TRIPLES)
        except SyntaxError:  # a line _union_ntriples cut wrong: parse the slice
            store.bulk_extend(_quads_with_union(data))


def _from_start(error: SyntaxError, lines: int) -> SyntaxError:
    """``error`` from a slice, its line numbers counted from the start of the file."""
    where, colon, what = error.msg.partition(": ")  # "Parser error at line 2 column 5: ..."
    where = re.sub(r"(?<=line )\d+", lambda number: str(int(number[0]) + lines), where)
    line = None if error.lineno is None else error.lineno + lines
    return SyntaxError(where + colon + what, (error.filename, line, error.offset, error.text))


def bulk_load_nquads(store: Any, path: Path) -> None:
    """Load an N-Quads file into a pyoxigraph store on disk, with the union default graph.

    Done natively, in slices (:data:`_SLICE`) to bound the memory: one thread bulk-loads the
    quads of each slice, another the same lines cut into triples for the default graph (a
    SPARQL copy of the named graphs would be one slow transaction). A slice with blank nodes
    is parsed in Python instead. Raises ``SyntaxError`` naming a line of the whole file.
    """
    import pyoxigraph as ox

    stop = threading.Event()
    with ThreadPoolExecutor(1) as pool:
        union = pool.submit(_load_union, store, path, stop)
        done = 0  # lines before the slice being loaded
        try:
            for data in _slices(path):
                if b"_:" in data:
                    store.bulk_extend(_quads_with_union(data))
                else:
                    store.bulk_load(data, ox.RdfFormat.N_QUADS)
                done += data.count(b"\n")
        except SyntaxError as exc:
            stop.set()
            raise _from_start(exc, done) from None
        except BaseException:
            stop.set()
            raise
        union.result()
    store.flush()
