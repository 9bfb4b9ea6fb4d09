"""How each kind looks, the same on the page and in the picture.

One table of node styles (vis-network shape, matplotlib marker, colours, size) and one of
edge colours, with a neutral grey style for kinds outside the contract
(:mod:`kg.views.contract`); the width of an edge by its weight; the bend that keeps
parallel edges apart; and the order in which legends list kinds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.views.contract import edge_list

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "EDGE_STYLES",
    "NEUTRAL_EDGE",
    "NEUTRAL_NODE",
    "NODE_STYLES",
    "EdgeStyle",
    "NodeStyle",
    "edge_bends",
    "edge_style",
    "edge_width",
    "node_style",
    "ordered_kinds",
]


@dataclass(frozen=True)
class NodeStyle:
    """How one node kind is drawn: vis-network shape, matplotlib marker, colours, size."""

    shape: str
    marker: str
    color: str
    border: str
    size: int


@dataclass(frozen=True)
class EdgeStyle:
    """How one edge kind is drawn."""

    color: str


NODE_STYLES: dict[str, NodeStyle] = {
    "person": NodeStyle("dot", "o", "#4e79a7", "#2d4a66", 14),
    "state": NodeStyle("square", "s", "#e15759", "#8f2f31", 14),
    "organisation": NodeStyle("hexagon", "h", "#f28e2b", "#9a5510", 15),
    "group": NodeStyle("triangle", "^", "#b07aa1", "#6e4664", 14),
    "proposal": NodeStyle("diamond", "D", "#59a14f", "#2f5f29", 15),
    "claim": NodeStyle("dot", "o", "#bab0ac", "#7d7370", 8),
    "place": NodeStyle("triangleDown", "v", "#76b7b2", "#3f7a75", 13),
    "office": NodeStyle("star", "*", "#edc948", "#9c8016", 15),
    "outcome": NodeStyle("diamond", "D", "#ff9da7", "#b35862", 13),
    "article": NodeStyle("square", "s", "#9c755f", "#5e4535", 11),
    "capability": NodeStyle("ellipse", "o", "#c5e1a5", "#689f38", 11),
}
#: Style for node kinds outside the contract.
NEUTRAL_NODE = NodeStyle("dot", "o", "#d0d0d0", "#8a8a8a", 11)

EDGE_STYLES: dict[str, EdgeStyle] = {
    "commits": EdgeStyle("#2e7d32"),
    "rules_out": EdgeStyle("#c62828"),
    "supports": EdgeStyle("#7cb342"),
    "opposes": EdgeStyle("#ef6c00"),
    "rejects": EdgeStyle("#8e24aa"),
    "proposes": EdgeStyle("#1565c0"),
    "demands": EdgeStyle("#ad1457"),
    "represents": EdgeStyle("#6d4c41"),
    "holds_office": EdgeStyle("#c49000"),
    "member_of": EdgeStyle("#00838f"),
    "part_of": EdgeStyle("#546e7a"),
    "participates": EdgeStyle("#29b6f6"),
    "states": EdgeStyle("#37474f"),
    "about": EdgeStyle("#8d8d8d"),
    "attributed_to": EdgeStyle("#d81b60"),
    "role": EdgeStyle("#9ccc65"),
    "conflicts": EdgeStyle("#d50000"),
}
#: Style for edge kinds outside the contract.
NEUTRAL_EDGE = EdgeStyle("#b4b4b4")


def node_style(kind: object) -> NodeStyle:
    """The style of node ``kind``, neutral for unknown kinds."""
    return NODE_STYLES.get(kind, NEUTRAL_NODE) if isinstance(kind, str) else NEUTRAL_NODE


def edge_style(kind: object) -> EdgeStyle:
    """The style of edge ``kind``, neutral for unknown kinds."""
    return EDGE_STYLES.get(kind, NEUTRAL_EDGE) if isinstance(kind, str) else NEUTRAL_EDGE


def edge_width(weight: int) -> float:
    """Edge width in pixels for ``weight`` supporting claims (1.5 for one, capped at 9)."""
    return min(1.5 + 1.5 * (weight - 1), 9.0)


def ordered_kinds(present: Iterable[str], known: Mapping[str, object]) -> list[str]:
    """The kinds in ``present``: known ones in table order, then the others sorted."""
    present = set(present)
    return [k for k in known if k in present] + sorted(present - set(known))


def edge_bends(G: nx.Graph) -> list[float]:
    """Signed bend per edge (0 = straight) so that parallel edges between a pair separate.

    The sign is relative to a canonical direction of the pair, so A->B and B->A edges bend
    to different sides rather than on top of each other.
    """
    order = {n: i for i, n in enumerate(G.nodes)}
    seen: dict[tuple[int, int], int] = {}
    pairs = []
    for u, v, _ in edge_list(G):
        a, b = order[u], order[v]
        key = (min(a, b), max(a, b))
        seen[key] = seen.get(key, 0) + 1
        pairs.append((key, a <= b, seen[key] - 1))
    curves = []
    for key, forward, index in pairs:
        if seen[key] == 1 or key[0] == key[1]:
            curves.append(0.0)
            continue
        amount = 0.18 * (1 + index // 2) * (1 if index % 2 == 0 else -1)
        curves.append(amount if forward else -amount)
    return curves
