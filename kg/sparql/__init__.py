"""kg's own SPARQL queries (lookups, views, notebooks), one ``NAME.rq`` file each.

The user's catalogue is the project's ``queries/`` folder; these are the queries kg runs
for itself, shipped as package data and read through :func:`text`.
"""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).resolve().parent


def path(name: str) -> Path:
    """The file of kg's own query ``NAME``."""
    return FOLDER / f"{name}.rq"


def text(name: str) -> str:
    """The text of kg's own query ``NAME``."""
    return path(name).read_text(encoding="utf-8")
