"""The one place that knows how a kg project is laid out, and which folder is the project.

A project is a folder with ``seeds/``: article texts ``NAME.txt``, their annotations
``NAME.yaml`` and the shared actor registry ``registry.yaml`` (``kg init DIR`` creates an
empty one). Built output goes to ``out/``. The ontology (``kg.ttl``, ``shapes.ttl``) and
the query catalogue (``NAME.rq``) are kg's own (:mod:`kg.defaults`) unless the project has
its own: an ``ontology/`` folder replaces kg's ontology, and each ``queries/NAME.rq``
replaces kg's query of that name or adds one.

Which project a command works on, one rule: the folder given by ``--project DIR`` (or
``$KG_PROJECT``), else the nearest folder at or above the current one that has ``seeds/``.
Anywhere else there is no project, and the command fails saying where it searched from.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg.defaults import folder as kg_folder
from kg.errors import KGError

MAX_ARTICLE_BYTES = 2_000_000
MAX_ONTOLOGY_BYTES = 20_000_000


@dataclass(frozen=True)
class Project:
    """Paths of one project; nothing is read until asked for."""

    root: Path

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def registry_file(self) -> Path:
        return self.seeds / "registry.yaml"

    @property
    def ontology_dir(self) -> Path:
        """Where the ontology is read from: the project's ``ontology/`` if any, else kg's."""
        own = self.root / "ontology"
        return own if own.is_dir() else kg_folder("ontology")

    @property
    def ontology_file(self) -> Path:
        return self.ontology_dir / "kg.ttl"

    @property
    def shapes_file(self) -> Path:
        return self.ontology_dir / "shapes.ttl"

    @property
    def queries_dir(self) -> Path:
        """The project's own catalogue folder (it may not exist); see :meth:`query_files`."""
        return self.root / "queries"

    def query_files(self) -> dict[str, Path]:
        """The catalogue, ``NAME`` -> file in name order: kg's queries, the project's over them."""
        found = {p.stem: p for p in kg_folder("queries").glob("*.rq")}
        if self.queries_dir.is_dir():
            found.update((p.stem, p) for p in self.queries_dir.glob("*.rq"))
        return dict(sorted(found.items()))

    @property
    def out_dir(self) -> Path:
        return self.root / "out"

    @property
    def kg_file(self) -> Path:
        """The built KG: canonical N-Quads, sorted, one named graph per article."""
        return self.out_dir / "kg.nq"

    def article_texts(self) -> list[Path]:
        """Article text files in name order (the registry is not an article)."""
        return sorted(p for p in self.seeds.glob("*.txt") if p.stem != "registry")

    def annotation_for(self, text_path: Path) -> Path:
        return text_path.with_suffix(".yaml")

    def changed_since(self, built: Path) -> bool:
        """True if ``built`` is missing or older than any seed or ontology file."""
        if not built.exists():
            return True
        when = built.stat().st_mtime
        sources = [*self.seeds.glob("*"), *self.ontology_dir.glob("*.ttl")]
        return any(p.stat().st_mtime > when for p in sources if p.is_file())

    def built_kg(self, notify: Callable[[str], None] | None = None) -> Path:
        """The built KG file; ``notify`` hears when it is older than the seeds or ontology.

        Reading never builds: a missing KG is an error that says to run ``kg build``.
        """
        if not self.kg_file.is_file():
            raise KGError(f"no KG at {self.kg_file}", hint="run kg build first")
        if notify is not None and self.changed_since(self.kg_file):
            notify("Warning: seeds or ontology changed after out/kg.nq was written; its "
                   "answers are out of date (run kg build).")
        return self.kg_file


def is_project(path: Path) -> bool:
    """True if ``path`` is a project folder: it has ``seeds/``."""
    return (path / "seeds").is_dir()


def find_project(root: str | Path | None = None) -> Project:
    """The project of ``--project root``, or the nearest one at or above the current folder."""
    if root is not None:
        path = Path(root).expanduser().resolve()
        if not is_project(path):
            raise KGError(
                f"{path} is not a kg project: it has no seeds/ folder",
                hint="Point --project at a folder with seeds/, or create a project there "
                f"with `kg init {shlex.quote(str(root))}`.",
            )
        return Project(path)
    try:
        here = Path.cwd()
    except FileNotFoundError:
        raise KGError("the current folder no longer exists", hint="cd into a project") from None
    for folder in (here, *here.parents):
        if is_project(folder):
            return Project(folder)
    raise KGError(
        f"no kg project here: neither {here} nor any folder above it has seeds/",
        hint="Create one with `kg init DIR`, or point at one with --project DIR.",
    )
