"""The ontology and query catalogue kg ships, for projects that do not have their own.

They are the repository's top-level ``ontology/`` and ``queries/`` folders (the single
source), mapped into the package as ``kg.defaults.ontology`` and ``kg.defaults.queries`` by
``[tool.setuptools.package-dir]`` in ``pyproject.toml``: an installed wheel carries copies,
an editable install reads the folders themselves. :class:`kg.project.Project` decides when
a project uses them.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from kg.errors import KGError


def folder(name: str) -> Path:
    """kg's own ``ontology`` or ``queries`` folder, as a folder on disk."""
    found = files(f"kg.defaults.{name}")
    if not isinstance(found, Path):  # e.g. a zipped install: kg reads these as files
        raise KGError(
            f"kg's own {name}/ is not a folder on disk ({found})",
            hint="Install kg with pip (from its wheel or the source folder).",
        )
    return found
