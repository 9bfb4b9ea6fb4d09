"""The one place that knows how a kg project is laid out.

A project is a folder with ``seeds/`` (article texts ``NAME.txt``, their annotations
``NAME.yaml`` and the shared actor registry ``registry.yaml``), ``ontology/`` (``kg.ttl``
and ``shapes.ttl``) and ``queries/`` (``*.rq``). Built output goes to ``out/``. Every
command takes ``--project DIR`` so a user can point it at their own corpus laid out the
same way; without it, the current directory is used if it looks like a project, else the
project this package was installed from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KGError

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
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
        return self.root / "ontology"

    @property
    def ontology_file(self) -> Path:
        return self.ontology_dir / "kg.ttl"

    @property
    def shapes_file(self) -> Path:
        return self.ontology_dir / "shapes.ttl"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

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


def find_project(root: str | Path | None = None) -> Project:
    """Resolve ``--project``: the given folder, the current one if it has ``seeds/``, or ours."""
    if root is not None:
        path = Path(root).expanduser().resolve()
        if not (path / "seeds").is_dir():
            raise KGError(
                f"{path} is not a kg project: it has no seeds/ folder",
                hint="Point --project at a folder with seeds/, ontology/ and queries/, "
                "or create one with `kg new` inside it.",
            )
        return Project(path)
    cwd = Path.cwd()
    if (cwd / "seeds").is_dir() and (cwd / "ontology").is_dir():
        return Project(cwd)
    return Project(PACKAGE_ROOT)
