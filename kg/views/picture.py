"""Draw a view graph as a static PNG or SVG picture with matplotlib.

The same colours and shapes as the page (:mod:`kg.views.style`), read from the same graph
attributes (:mod:`kg.views.contract`): hedged edges dashed, width by weight, node labels, a
legend of the kinds present, and a seeded layout, so the same graph gives the same bytes.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import kg.views.style as style
from kg.errors import KGError
from kg.views.contract import check_graph, display_text, edge_list, edge_weight, write_drawing

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["render_static", "write_static"]

_FORMATS = ("png", "svg")

_Positions = dict[Any, tuple[float, float]]


def render_static(G: nx.Graph, fmt: str = "png", *, seed: int = 7) -> bytes:
    """Draw ``G`` with matplotlib and return PNG or SVG bytes.

    Same colours and shapes as the page, hedged edges dashed, width by weight, node
    labels, a legend, and a spring layout seeded with ``seed``: the same graph gives the
    same bytes (SVG ids and metadata are fixed). Label text is drawn literally (no
    mathtext). A connected component of 500 nodes or more needs scipy for its layout.
    """
    check_graph(G)
    if not isinstance(fmt, str) or fmt.lower() not in _FORMATS:
        raise KGError(f"unsupported image format {fmt!r}", hint="use png or svg")
    fmt = fmt.lower()
    try:
        pos = _layout(G, seed)
    except ImportError as error:
        raise KGError(
            "a static image of a connected component of 500 or more nodes needs scipy",
            hint="limit the view (e.g. --limit 200) or install scipy",
        ) from error

    fig, ax, side = _figure(G)
    node_kinds = {
        node: display_text(data.get("kind")) or "unknown" for node, data in G.nodes(data=True)
    }
    edge_kinds = _draw_edges(ax, G, pos)
    _draw_nodes(ax, G, pos, node_kinds)
    ax.margins(0.12)
    _draw_legends(fig, side, set(node_kinds.values()), set(edge_kinds))
    return _save(fig, fmt)


def _figure(G: nx.Graph) -> tuple[Figure, Axes, float]:
    """A figure sized for ``G`` with its title and note; the drawing axes; the side length."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    n = G.number_of_nodes()
    side = min(24.0, max(8.0, 2.4 * n**0.5 + 4.0))
    fig = Figure(figsize=(side + 3.6, side), dpi=100)
    FigureCanvasAgg(fig)
    left = side / (side + 3.6)
    ax = fig.add_axes((0.01, 0.01, left - 0.02, 0.88))
    ax.set_axis_off()
    ax.set_aspect("equal", adjustable="datalim")
    if n == 0:
        ax.text(0.5, 0.5, "empty graph", ha="center", va="center", color="#777777")

    title = display_text(G.graph.get("title")) or "kg graph"
    fig.text(0.01, 0.975, title, fontsize=14, weight="bold", va="top", parse_math=False)
    note = display_text(G.graph.get("note"))
    if note:
        fig.text(0.01, 0.935, note, fontsize=9, color="#555555", va="top", parse_math=False)
    return fig, ax, side


def _draw_edges(ax: Axes, G: nx.Graph, pos: _Positions) -> list[str]:
    """Draw every edge (arrow, loop, label); return the edges' kinds."""
    from matplotlib.patches import Circle, FancyArrowPatch

    directed = G.is_directed()
    edge_kinds = []
    for (u, v, data), curve in zip(edge_list(G), style.edge_bends(G), strict=True):
        kind = display_text(data.get("kind")) or "unknown"
        edge_kinds.append(kind)
        color = style.edge_style(kind).color
        width = style.edge_width(edge_weight(u, v, data)) * 0.8
        dash = "--" if data.get("hedged") else "-"
        (x1, y1), (x2, y2) = pos[u], pos[v]
        if u == v:
            ax.add_patch(
                Circle((x1, y1 + 0.05), 0.05, fill=False, ec=color, lw=width, ls=dash, zorder=1)
            )
            continue
        ax.add_patch(
            FancyArrowPatch(
                (x1, y1),
                (x2, y2),
                connectionstyle=f"arc3,rad={-curve}",
                arrowstyle="-|>" if directed else "-",
                mutation_scale=11,
                color=color,
                lw=width,
                linestyle=dash,
                shrinkA=9,
                shrinkB=9,
                zorder=1,
            )
        )
        label = display_text(data.get("label")) or kind
        # Midpoint of the quadratic curve arc3 draws: chord middle + rad/2 * (dy, -dx).
        mx = (x1 + x2) / 2 - curve / 2 * (y2 - y1)
        my = (y1 + y2) / 2 + curve / 2 * (x2 - x1)
        ax.text(
            mx,
            my,
            label,
            fontsize=6,
            color=color,
            ha="center",
            va="center",
            parse_math=False,
            zorder=2,
            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.75},
        )
    return edge_kinds


def _draw_nodes(ax: Axes, G: nx.Graph, pos: _Positions, node_kinds: dict[Any, str]) -> None:
    """Draw the nodes, one marker style per kind, and their labels."""
    for kind in style.ordered_kinds(set(node_kinds.values()), style.NODE_STYLES):
        look = style.node_style(kind)
        members = [node for node, k in node_kinds.items() if k == kind]
        ax.scatter(
            [pos[m][0] for m in members],
            [pos[m][1] for m in members],
            s=(look.size * 1.25) ** 2 * (1.6 if look.marker == "*" else 1.0),
            marker=look.marker,
            c=look.color,
            edgecolors=look.border,
            linewidths=1.0,
            zorder=3,
        )
    for node, data in G.nodes(data=True):
        x, y = pos[node]
        ax.annotate(
            display_text(data.get("label")) or display_text(node),
            (x, y),
            xytext=(0, -13),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=8,
            parse_math=False,
            zorder=4,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
        )


def _draw_legends(fig: Figure, side: float, node_kinds: set[str], edge_kinds: set[str]) -> None:
    """The node legend and, under it, the edge legend, right of the drawing."""
    from matplotlib.lines import Line2D

    node_handles = _dedupe(
        [
            Line2D(
                [],
                [],
                linestyle="none",
                marker=style.node_style(k).marker,
                markersize=9,
                markerfacecolor=style.node_style(k).color,
                markeredgecolor=style.node_style(k).border,
                label=k if k in style.NODE_STYLES else "other",
            )
            for k in style.ordered_kinds(node_kinds, style.NODE_STYLES)
        ]
    )
    edge_handles = [
        Line2D(
            [],
            [],
            color=style.edge_style(k).color,
            lw=2.5,
            label=k if k in style.EDGE_STYLES else "other",
        )
        for k in style.ordered_kinds(edge_kinds, style.EDGE_STYLES)
    ]
    edge_handles.append(Line2D([], [], color="#555555", lw=1.8, ls="--", label="hedged"))
    legend_x = side / (side + 3.6) + 0.005
    options: dict[str, Any] = {
        "loc": "upper left",
        "frameon": False,
        "fontsize": 9,
        "title_fontsize": 10,
    }
    if node_handles:
        nodes_legend = fig.legend(
            handles=node_handles,
            bbox_to_anchor=(legend_x, 0.9),
            title="nodes",
            alignment="left",
            **options,
        )
        fig.add_artist(nodes_legend)
    # Place the edge legend under the node legend: a row is about 0.22 inch high.
    edges_top = 0.9 - (len(node_handles) + 2.2) * 0.22 / side if node_handles else 0.9
    fig.legend(
        handles=_dedupe(edge_handles),
        bbox_to_anchor=(legend_x, edges_top),
        title="edges",
        alignment="left",
        **options,
    )


def _save(fig: Figure, fmt: str) -> bytes:
    """The figure as PNG or SVG bytes, with fixed metadata (and fixed SVG ids)."""
    import io

    import matplotlib

    buffer = io.BytesIO()
    if fmt == "svg":
        with matplotlib.rc_context({"svg.hashsalt": "kg", "svg.fonttype": "path"}):
            fig.savefig(
                buffer,
                format="svg",
                metadata={"Date": None, "Creator": "kg with matplotlib"},
            )
    else:
        fig.savefig(buffer, format="png", metadata={"Software": "kg with matplotlib"})
    return buffer.getvalue()


def _layout(G: nx.Graph, seed: int) -> _Positions:
    """Seeded spring layout per connected component, components packed in rows.

    Laying out components apart keeps a large component from being squeezed into a corner
    by the repulsion of small ones. Components are ordered by size, then by their first
    node's position in ``G``, so the result depends only on the graph and the seed.
    """
    import math

    import networkx as nx

    order = {node: index for index, node in enumerate(G.nodes)}
    components = (
        nx.weakly_connected_components(G) if G.is_directed() else nx.connected_components(G)
    )
    ordered = sorted(
        (sorted(c, key=order.__getitem__) for c in components),
        key=lambda c: (-len(c), order[c[0]]),
    )
    placed: list[tuple[list[Any], dict[Any, Any], float]] = []
    for members in ordered:
        radius = 0.35 + 0.5 * math.sqrt(len(members) - 1)
        if len(members) == 1:
            local = {members[0]: (0.0, 0.0)}
        else:
            sub = _undirected(G, members)
            # Kamada-Kawai spreads hub-and-spoke graphs evenly (spring layouts knot them);
            # seeded from a spring layout so it stays deterministic. Too slow past ~300 nodes.
            start = nx.spring_layout(sub, seed=seed)
            if len(members) <= 300:
                local = nx.kamada_kawai_layout(sub, pos=start, scale=radius, center=(0.0, 0.0))
            else:
                local = nx.rescale_layout_dict(start, scale=radius)
        placed.append((members, local, radius))
    return _pack(placed)


def _undirected(G: nx.Graph, members: list[Any]) -> nx.Graph:
    """The subgraph of ``members`` as an undirected simple graph, nodes in ``members`` order.

    The edges and edge data of ``nx.Graph(G.subgraph(members))`` (parallel and reversed
    edges merged as networkx merges them), but that walks a small subgraph's nodes in set
    order, which changes with PYTHONHASHSEED and with it the layout.
    """
    import networkx as nx

    inside = set(members)
    sub = nx.Graph()
    sub.add_nodes_from(members)
    seen: set[tuple[Any, Any]] = set()  # a multigraph's pair is merged once, from u's side
    for u in members:
        for v, data in G.adj[u].items():
            if v not in inside:
                continue
            if not G.is_multigraph():
                sub.add_edge(u, v, **data)
            elif (u, v) not in seen:
                sub.add_edges_from((u, v, attributes) for attributes in data.values())
                seen.add((v, u))
    return sub


def _pack(placed: list[tuple[list[Any], dict[Any, Any], float]]) -> _Positions:
    """Place laid-out components (members, local positions, radius) left to right in rows."""
    import math

    total = sum((2 * r) ** 2 for _, _, r in placed)
    row_width = max(2 * placed[0][2], math.sqrt(total) * 1.3) if placed else 0.0
    pos: _Positions = {}
    x = y = row_height = 0.0
    gap = 0.5
    for members, local, radius in placed:
        if x > 0 and x + 2 * radius > row_width:
            x, y, row_height = 0.0, y - row_height - gap, 0.0
        for node in members:
            lx, ly = local[node]
            pos[node] = (x + radius + float(lx), y - radius + float(ly))
        x += 2 * radius + gap
        row_height = max(row_height, 2 * radius)
    return pos


def _dedupe(handles: list[Any]) -> list[Any]:
    """Drop legend handles whose label repeats (several unknown kinds share 'other')."""
    seen: set[str] = set()
    unique = []
    for handle in handles:
        if handle.get_label() not in seen:
            seen.add(handle.get_label())
            unique.append(handle)
    return unique


def write_static(
    G: nx.Graph, path: str | os.PathLike[str], *, fmt: str | None = None, seed: int = 7
) -> Path:
    """Write :func:`render_static` of ``G`` to ``path`` atomically and return the path.

    ``fmt`` defaults to the path's suffix (``.png`` or ``.svg``).
    """
    if fmt is None:
        fmt = Path(path).suffix.lstrip(".").lower()
    return write_drawing(path, render_static(G, fmt, seed=seed))
