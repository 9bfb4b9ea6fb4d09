"""Persistent Oxigraph stores on disk: written atomically, recovered after a kill.

:func:`write_persistent` builds the store in a temporary directory next to the target and
swaps it in (one atomic ``renameat2`` exchange on Linux, two renames elsewhere), so a
failure at any point leaves the previous store as it was. ``_check_store_dir`` (used when a
store is opened read-only) first undoes what a killed writer left behind.
:func:`bulk_load_nquads` loads an N-Quads file into a store on disk, quickly and in bounded
memory.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from kg.errors import StoreError
from kg.store import _STORE_HINT, OxigraphStore, _missing_kg


def _is_oxigraph_dir(path: Path) -> bool:
    return (path / "CURRENT").is_file()


def _check_store_dir(path: Path) -> None:
    _recover(path)
    if not path.exists():
        raise StoreError(f"no store at {path}", hint=_STORE_HINT.format(dir=path))
    if not path.is_dir():
        raise StoreError(
            f"{path} is a file, not a store directory",
            hint="give the directory written by kg build --store DIR",
        )
    if not _is_oxigraph_dir(path):
        raise StoreError(
            f"{path} is not an Oxigraph store (no CURRENT file)",
            hint=_STORE_HINT.format(dir=path),
        )


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _siblings(target: Path, kind: str) -> list[tuple[Path, int]]:
    """Leftover ``.NAME.building-PID-*`` / ``.NAME.old-PID-*`` directories and their pid."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.{kind}-(\d+)-.*")
    found = []
    if target.parent.is_dir():
        for entry in target.parent.iterdir():
            match = pattern.fullmatch(entry.name)
            if match and entry.is_dir():
                found.append((entry, int(match.group(1))))
    return found


def _recover(target: Path) -> None:
    """Undo what a killed :func:`write_persistent` left behind.

    If the target is missing but a backup of the previous store exists (the process was
    killed between its two renames), the backup is put back. Temporary directories of dead
    processes are removed.
    """
    try:
        if not target.exists():
            backups = sorted(_siblings(target, "old"), key=lambda item: item[0].stat().st_mtime)
            if backups:
                os.rename(backups[-1][0], target)
        for kind in ("building", "old"):
            for entry, pid in _siblings(target, kind):
                if not _pid_alive(pid) and target.exists():
                    shutil.rmtree(entry, ignore_errors=True)
    except OSError:
        pass


def _exchange_dirs(first: Path, second: Path) -> bool:
    """Atomically swap two directories (Linux ``renameat2(RENAME_EXCHANGE)``).

    Returns False where that is not available (other systems, some file systems).
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes += [ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _swap_in(new: Path, target: Path) -> None:
    """Put the directory ``new`` at ``target``, replacing what is there.

    On Linux the two are exchanged in one atomic step. Elsewhere the old store is first
    renamed to a backup; if the second rename fails the backup is put back, and if the
    process is killed in between, :func:`_recover` puts it back on the next open.
    """
    if not target.exists():
        os.rename(new, target)
        return
    if _exchange_dirs(new, target):
        shutil.rmtree(new, ignore_errors=True)  # it now holds the old store
        return
    backup = target.with_name(f".{target.name}.old-{os.getpid()}-{time.time_ns()}")
    os.rename(target, backup)
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(backup, target)
        raise
    shutil.rmtree(backup, ignore_errors=True)


# --- bulk loading -------------------------------------------------------------------------

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


#: :meth:`Store.triple_count` of a store just loaded by :meth:`OxigraphStore.load_nquads`,
#: without its NOT EXISTS test of every default-graph triple (slow on a big store): the default
#: graph holds the named graphs' triples once, so all quads less that many are the named
#: graphs' quads plus the default-graph triples no named graph holds.
_LOADED_COUNT = """SELECT ((?quads - ?union) AS ?n) WHERE {
  { SELECT (COUNT(*) AS ?quads) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } } }
  { SELECT (COUNT(*) AS ?union) WHERE { SELECT DISTINCT ?s ?p ?o { GRAPH ?g { ?s ?p ?o } } } }
}"""


def _build_store_dir(kg_file: Path, directory: Path, count: bool) -> int | None:
    """Load ``kg_file`` into a new persistent store in ``directory``; return its count if
    asked (it takes a tenth of the load)."""
    store = OxigraphStore(directory)
    try:
        store.load_nquads(kg_file)
        return int(store.query(_LOADED_COUNT).rows[0][0]) if count else None
    finally:
        store.close()


def _new_dir_mode(target: Path) -> int:
    """The mode of the store being replaced, or a new folder's under the current umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o777 & ~umask


def write_persistent(
    kg_file: str | Path, directory: str | Path, *, count: bool = True
) -> int | None:
    """Build a persistent Oxigraph store of ``kg_file`` in ``directory``, atomically.

    The store is built in a temporary directory next to the target and then swapped in, so
    a failure (or a kill) at any point leaves the previous store as it was. Returns the
    number of triples (see :meth:`Store.triple_count`), or None with ``count=False``.
    Refuses to replace a directory that is not an Oxigraph store.
    """
    kg_file = Path(kg_file)
    target = Path(directory)
    if not kg_file.is_file():
        raise _missing_kg(kg_file)
    _recover(target)
    if target.exists():
        if not target.is_dir():
            raise StoreError(f"{target} is a file; give a directory for the store")
        if not _is_oxigraph_dir(target) and any(target.iterdir()):
            raise StoreError(
                f"{target} exists and is not an Oxigraph store; it is left untouched",
                hint="choose another --store directory, or remove this one yourself",
            )
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(
        tempfile.mkdtemp(prefix=f".{target.name}.building-{os.getpid()}-", dir=target.parent)
    )
    try:
        os.chmod(building, _new_dir_mode(target))  # mkdtemp makes it 0700
        triples = _build_store_dir(kg_file, building, count)
        _swap_in(building, target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return triples
