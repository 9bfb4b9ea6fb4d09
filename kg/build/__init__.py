"""The build room: annotation records -> one RDF dataset -> canonical N-Quads (and a store).

:mod:`kg.build.quads` turns the registry, the articles and the ontology into quads;
:mod:`kg.build.nquads` writes terms and lines canonically; :mod:`kg.build.write` writes the
KG atomically under a lock. Nothing here reads a built KG: readers open it with
:func:`kg.store.open_project_store`.
"""

from __future__ import annotations

from kg.build.quads import dataset_quads, load_corpus
from kg.build.write import BuildSummary, build

__all__ = ["BuildSummary", "build", "dataset_quads", "load_corpus"]
