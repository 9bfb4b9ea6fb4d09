"""Write the KG: canonical N-Quads (``out/kg.nq``), and a persistent store when asked.

Building twice gives byte-identical output. Writing is atomic and serialised by a lock: a
build that fails at any point leaves the previous KG untouched, and two builds started at
once do not interleave.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.build.nquads import line as nquad_line
from kg.build.quads import dataset_quads, load_corpus
from kg.errors import BuildError
from kg.files import atomic_file
from kg.project import Project


@dataclass
class BuildSummary:
    """What a build produced."""

    kg_file: Path
    articles: int
    claims: Counter = field(default_factory=Counter)
    actors: int = 0
    triples: int = 0
    graphs: int = 0
    warnings: list[str] = field(default_factory=list)
    store: Path | None = None


@contextlib.contextmanager
def build_lock(out_dir: Path) -> Iterator[None]:
    """Serialise builds of the same project (an advisory lock on ``out/.lock``)."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        handle = open(out_dir / ".lock", "w")
    except OSError as exc:
        raise BuildError(
            f"cannot use the output folder: {exc.strerror}", file=exc.filename or out_dir
        ) from None
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _remove_stale_temporaries(path: Path) -> None:
    """Temporary files a killed build left beside ``path`` (call only under the build lock)."""
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


def _write_lines_synced(path: Path, lines: list[str]) -> None:
    """Write N-Quads lines as UTF-8 one by one (no joined copy of a 250 MB text)."""
    with open(path, "wb") as handle:
        handle.writelines(text.encode("utf-8") for text in lines)
        handle.flush()
        os.fsync(handle.fileno())


def build(
    project: Project,
    *,
    output: Path | None = None,
    store_dir: Path | None = None,
    progress: Callable[[Path], None] | None = None,
) -> BuildSummary:
    """Build the KG of ``project`` into ``output`` (default ``out/kg.nq``), atomically.

    With ``store_dir``, also (re)write a persistent Oxigraph store there, atomically.
    """
    output = output or project.kg_file
    registry, articles = load_corpus(project, progress)
    summary = BuildSummary(kg_file=output, articles=len(articles))
    for article in articles:
        summary.claims.update(c.kind for c in article.claims)
        summary.warnings.extend(article.warnings)
    summary.actors = len(registry.of_kind("actor"))
    summary.graphs = 2 + len(articles)
    unique = {nquad_line(*q) for q in dataset_quads(project, registry, articles)}
    del articles  # their texts are in the lines now: free them before sorting
    lines = sorted(unique)  # canonical order, as kg.build.nquads.canonical, without a joined copy
    del unique
    summary.triples = len(lines)
    with build_lock(output.parent):
        _remove_stale_temporaries(output)
        try:
            with atomic_file(output) as tmp:
                _write_lines_synced(tmp, lines)
                lines.clear()  # 300 MB at 10,000 articles: free before the store is loaded
                if store_dir is not None:
                    # the store is rewritten (atomically) before the KG file is replaced, so
                    # a failure leaves both as they were
                    from kg.store.persistent import write_persistent

                    try:
                        write_persistent(tmp, store_dir, count=False)  # known: the lines
                    except OSError as exc:
                        raise BuildError(
                            f"could not write the store: {exc.strerror}",
                            file=exc.filename or store_dir,
                        ) from None
                    summary.store = store_dir
        except OSError as exc:
            raise BuildError(f"could not write the KG: {exc.strerror}", file=output) from None
    return summary
