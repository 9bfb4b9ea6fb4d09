"""The attribute contract: what a view graph carries, read the same way by page and picture.

:mod:`kg.views.graphs` produces these graphs; :mod:`kg.views.page` and
:mod:`kg.views.picture` draw them.

Graph: ``networkx.MultiDiGraph`` (``DiGraph``, ``Graph`` and ``MultiGraph`` work too).
``G.graph`` may hold ``"title"`` (str, the heading), ``"note"`` (str, shown under the
heading, e.g. "showing the 50 most connected of 3,000 actors; use --limit to change") and
``"view"`` (str, the projection's name).

Node attributes:

- ``label`` (str; defaults to the node id)
- ``kind``: one of person, state, organisation, group, proposal, claim, place, office,
  outcome, article; any other kind gets a neutral grey style (:mod:`kg.views.style`)
- ``title``: plain text for the hover tooltip, may contain newlines
- ``group_label`` (optional str), shown in tooltip and panel

Edge attributes:

- ``kind``: one of commits, rules_out, supports, opposes, rejects, proposes, demands,
  represents, holds_office, member_of, part_of, participates, states, about,
  attributed_to; any other kind gets a neutral grey style
- ``label`` (str; defaults to the kind)
- ``hedged`` (bool): drawn dashed
- ``weight`` (int >= 1, default 1): number of supporting claims, drawn as edge width
- ``evidence``: list of dicts with keys claim, claim_kind, quote, attribution, modality,
  cue, polarity, article, start, end (any may be missing)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KGError
from kg.files import write_atomic

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["check_graph", "display_text", "edge_list", "edge_weight", "write_drawing"]


def display_text(value: object) -> str:
    """Return ``value`` as display text ('' for None)."""
    return "" if value is None else str(value)


def check_graph(G: object) -> None:
    """Refuse anything that is not a networkx graph."""
    import networkx as nx

    if not isinstance(G, nx.Graph):
        raise TypeError(f"expected a networkx graph, got {type(G).__name__}")


def edge_list(G: nx.Graph) -> list[tuple[Any, Any, dict[str, Any]]]:
    """All edges as (u, v, data), parallel edges included, in the graph's order."""
    if G.is_multigraph():
        return [(u, v, d) for u, v, _k, d in G.edges(keys=True, data=True)]
    return [(u, v, d) for u, v, d in G.edges(data=True)]


def edge_weight(u: object, v: object, data: Mapping[str, Any]) -> int:
    """The edge's ``weight`` (number of supporting claims), checked to be an integer >= 1."""
    weight = data.get("weight", 1)
    if isinstance(weight, bool) or not isinstance(weight, int | float) or weight < 1:
        raise ValueError(f"edge {u!r} -> {v!r}: weight must be an integer >= 1, got {weight!r}")
    return int(weight)


def write_drawing(path: str | os.PathLike[str], payload: bytes) -> Path:
    """Write ``payload`` to ``path`` atomically; the folder must exist."""
    target = Path(path)
    if not target.parent.is_dir():
        raise KGError(
            f"cannot write {target}: folder {target.parent} does not exist",
            hint="create the folder first or choose another output path",
        )
    return write_atomic(target, payload)
