"""kg — a knowledge graph of who committed to what, who opposes what, and who said so.

The library is organised by room: :mod:`kg.annotate.annotations` reads annotation files,
:mod:`kg.build` turns them into an RDF dataset, :mod:`kg.query.run` runs the named
SPARQL catalogue, :mod:`kg.views.graphs` projects the KG into networkx graphs and
:mod:`kg.views.page` and :mod:`kg.views.picture` draw them. Heavy dependencies are imported
lazily so that ``import kg`` and ``kg --help`` stay fast.
"""

from __future__ import annotations

__version__ = "0.1.0"
