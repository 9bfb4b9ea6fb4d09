"""Persistent Oxigraph stores on disk: :func:`write_persistent` writes one atomically.

The store is built in a temporary directory next to the target and swapped in by
:func:`kg.store.directory.swap_in`, so a failure at any point leaves the previous store as
it was.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

from kg.errors import StoreError
from kg.store.base import missing_kg
from kg.store.directory import is_oxigraph_dir, recover, swap_in
from kg.store.oxigraph import OxigraphStore

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
        raise missing_kg(kg_file)
    recover(target)
    if target.exists():
        if not target.is_dir():
            raise StoreError(f"{target} is a file; give a directory for the store")
        if not is_oxigraph_dir(target) and any(target.iterdir()):
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
        swap_in(building, target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return triples
