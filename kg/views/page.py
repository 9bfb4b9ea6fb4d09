"""Draw a view graph as a self-contained interactive HTML page.

The page works offline: vis-network's JavaScript and CSS (shipped inside pyvis) are inlined,
nothing is fetched, and a Content-Security-Policy forbids every network request and every
script except the page's own (pinned by SHA-256 of the scripts as inlined). Article text is
inert everywhere: it reaches the page only as JSON inside a non-executed
``application/json`` block (with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped), every
other value is HTML-escaped by :func:`kg.views.assets.fill`, vis-network shows tooltips as
plain text (``innerText``), and the evidence panel is built with ``textContent`` only.

The markup lives in ``templates/`` (``page.html``, the legend's fragments and glyphs, the
page's CSS) and the page's script in ``static/page.js``; node and edge styles come from
:mod:`kg.views.style`; the graph attributes read are those of :mod:`kg.views.contract`.

Hovering an edge shows its evidence quotes with attribution, modality (and cue), polarity,
article and offsets (the first :data:`TOOLTIP_EVIDENCE_LIMIT`; the count of the rest is
stated); clicking an edge or node lists all of them in the side panel.

Use :func:`render_html` (or :func:`write_html`) for pages. The :class:`pyvis.network.Network`
from :func:`to_pyvis` carries the same nodes, edges and options, but pyvis's own
``write_html``/``show`` use pyvis's template, which links CDNs and switches to ``innerHTML``
tooltips when a title contains "href"; do not use them for article data.

Example::

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(title="Demo")
    >>> G.add_node("uk", label="United Kingdom", kind="state")
    >>> G.add_node("force", label="Multinational force", kind="proposal")
    >>> G.add_edge("uk", "force", kind="commits", label="commits to", weight=1)
    0
    >>> page = render_html(G)
    >>> page.startswith("<!DOCTYPE html>") and "https://" not in page.split("<script")[0]
    True
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.views.assets import Markup, fill, static_text, vis_network
from kg.views.contract import check_graph, display_text, edge_list, edge_weight, write_drawing
from kg.views.style import (
    EDGE_STYLES,
    NODE_STYLES,
    edge_bends,
    edge_style,
    edge_width,
    node_style,
    ordered_kinds,
)

if TYPE_CHECKING:
    import networkx as nx
    from pyvis.network import Network

__all__ = ["TOOLTIP_EVIDENCE_LIMIT", "render_html", "to_pyvis", "write_html"]

#: Evidence items listed in an edge's hover tooltip; the side panel lists all of them.
TOOLTIP_EVIDENCE_LIMIT = 6

#: The legend glyph template of each vis-network node shape; other shapes get the dot's.
GLYPHS = {
    "dot": "glyph-dot.svg",
    "square": "glyph-square.svg",
    "diamond": "glyph-diamond.svg",
    "triangle": "glyph-triangle.svg",
    "triangleDown": "glyph-triangleDown.svg",
    "hexagon": "glyph-hexagon.svg",
    "star": "glyph-star.svg",
}

_HEIGHT_RE = re.compile(r"^\d+(\.\d+)?(px|vh|em|rem|%)$")


# --------------------------------------------------------------------------- evidence text


def _evidence_items(u: object, v: object, data: Mapping[str, Any]) -> list[dict[str, Any]]:
    evidence = data.get("evidence") or []
    if not isinstance(evidence, list | tuple):
        raise ValueError(f"edge {u!r} -> {v!r}: evidence must be a list of dicts")
    items = []
    for item in evidence:
        if not isinstance(item, Mapping):
            raise ValueError(f"edge {u!r} -> {v!r}: evidence must be a list of dicts")
        items.append({str(k): item[k] for k in item})
    return items


def _evidence_text(item: Mapping[str, Any]) -> str:
    """One evidence item as two lines of plain text for a tooltip."""
    text = display_text
    quote = text(item.get("quote"))
    first = f"\u201c{quote}\u201d" if quote else "(no quote recorded)"
    details = []
    if item.get("attribution"):
        details.append(text(item["attribution"]))
    modality = text(item.get("modality"))
    if item.get("cue"):
        modality = f"{modality} ({text(item['cue'])})".strip()
    if modality:
        details.append(modality)
    if item.get("polarity"):
        details.append(text(item["polarity"]))
    where = text(item.get("article"))
    if item.get("start") is not None or item.get("end") is not None:
        where = f"{where} [{text(item.get('start'))}\u2013{text(item.get('end'))}]".strip()
    if where:
        details.append(where)
    return first + ("\n   \u2014 " + " \u00b7 ".join(details) if details else "")


def _edge_tooltip(
    head: str, kind: str, hedged: bool, weight: int, evidence: list[dict[str, Any]]
) -> str:
    """An edge's hover text: what it says, how firm, and its first pieces of evidence."""
    lines = [
        head,
        f"{kind} \u00b7 {'hedged' if hedged else 'firm'} \u00b7 "
        f"{weight} supporting claim{'s' if weight != 1 else ''}",
    ]
    lines += [_evidence_text(item) for item in evidence[:TOOLTIP_EVIDENCE_LIMIT]]
    if len(evidence) > TOOLTIP_EVIDENCE_LIMIT:
        rest = len(evidence) - TOOLTIP_EVIDENCE_LIMIT
        lines.append(f"\u2026 and {rest} more: click the edge to see all")
    if not evidence:
        lines.append("no quoted evidence (reference knowledge)")
    return "\n".join(lines)


# --------------------------------------------------------------------------- pyvis network


def to_pyvis(G: nx.Graph, *, seed: int = 7, height: str = "800px") -> Network:
    """Build a :class:`pyvis.network.Network` of ``G`` styled by node and edge kind.

    Node shape and colour follow the node's ``kind``, edge colour the edge's ``kind``;
    hedged edges are dashed and width grows with ``weight``. vis-network's
    ``layout.randomSeed`` is fixed to ``seed`` so the same graph gives the same picture.
    Node ids are ``n0, n1, ...`` and edge ids ``e0, e1, ...`` in the graph's order; each
    node keeps its networkx id (as text) in ``key``, each edge its ``kind``, ``hedged``,
    ``weight`` and ``evidence``. Titles are plain text.
    """
    from pyvis.network import Network

    check_graph(G)
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int, got {seed!r}")
    if not isinstance(height, str) or not _HEIGHT_RE.match(height):
        raise ValueError(f"height must look like '800px' or '90vh', got {height!r}")

    # directed=True keeps pyvis from merging parallel or reversed edges; arrows are set
    # per edge.
    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line")
    ids = _add_nodes(net, G)
    _add_edges(net, G, ids)
    net.options = _network_options(seed)
    return net


def _add_nodes(net: Network, G: nx.Graph) -> dict[Any, str]:
    """Add every node of ``G`` to ``net``; return the pyvis id of each networkx node."""
    text = display_text
    ids: dict[Any, str] = {}
    for index, (node, data) in enumerate(G.nodes(data=True)):
        node_id = f"n{index}"
        ids[node] = node_id
        kind = text(data.get("kind")) or "unknown"
        style = node_style(kind)
        label = text(data.get("label")) or text(node)
        title = text(data.get("title")) or f"{label}\n{kind}"
        group_label = text(data.get("group_label"))
        if group_label and group_label not in title:
            title = f"{title}\ngroup: {group_label}"
        net.add_node(
            node_id,
            label=label,
            shape=style.shape,
            color={
                "background": style.color,
                "border": style.border,
                "highlight": {"background": style.color, "border": "#111111"},
                "hover": {"background": style.color, "border": "#111111"},
            },
            size=style.size,
            title=title,
            kind=kind,
            key=text(node),
            group_label=group_label,
        )
    return ids


def _add_edges(net: Network, G: nx.Graph, ids: Mapping[Any, str]) -> None:
    """Add every edge of ``G`` to ``net``, with its tooltip, style and evidence."""
    text = display_text
    directed = G.is_directed()
    labels = {ids[n]: (text(d.get("label")) or text(n)) for n, d in G.nodes(data=True)}
    for index, ((u, v, data), curve) in enumerate(zip(edge_list(G), edge_bends(G), strict=True)):
        kind = text(data.get("kind")) or "unknown"
        color = edge_style(kind).color
        label = text(data.get("label")) or kind
        hedged = bool(data.get("hedged", False))
        weight = edge_weight(u, v, data)
        evidence = _evidence_items(u, v, data)
        head = f"{labels[ids[u]]} \u2192 {labels[ids[v]]}: {label}"
        smooth: dict[str, Any] = {"enabled": False}
        if curve:
            smooth = {
                "enabled": True,
                "type": "curvedCW" if curve > 0 else "curvedCCW",
                "roundness": abs(curve),
            }
        net.add_edge(
            ids[u],
            ids[v],
            id=f"e{index}",
            label=label,
            title=_edge_tooltip(head, kind, hedged, weight, evidence),
            color={"color": color, "highlight": color, "hover": color, "inherit": False},
            width=edge_width(weight),
            dashes=hedged,
            smooth=smooth,
            arrows={"to": {"enabled": directed, "scaleFactor": 0.6}},
            kind=kind,
            hedged=hedged,
            weight=weight,
            evidence=evidence,
        )


def _network_options(seed: int) -> dict[str, Any]:
    """vis-network's options: seeded layout, physics until stable, hover, fonts."""
    return {
        "layout": {"randomSeed": seed, "improvedLayout": True},
        "physics": {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -9000,
                "springLength": 170,
                "springConstant": 0.03,
                "avoidOverlap": 0.4,
            },
            "stabilization": {"enabled": True, "iterations": 600, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": False},
        "nodes": {
            "font": {"size": 14, "face": "DejaVu Sans, Arial, sans-serif", "color": "#222222"},
            "borderWidth": 1.5,
        },
        "edges": {
            "font": {
                "size": 10,
                "face": "DejaVu Sans, Arial, sans-serif",
                "color": "#444444",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
            "selectionWidth": 1.5,
        },
    }


# --------------------------------------------------------------------------- HTML page


def _script_json(value: object) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>``, ``&``, U+2028/9."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _counts(items: list[dict[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in items:
        counts[item["kind"]] = counts.get(item["kind"], 0) + 1
    return counts


def _legend_html(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> Markup:
    """The legend: node kinds with glyph and count, a show/hide checkbox per edge kind."""
    node_counts, edge_counts = _counts(nodes), _counts(edges)
    rows = []
    for kind in ordered_kinds(node_counts, NODE_STYLES):
        style = node_style(kind)
        glyph = fill(GLYPHS.get(style.shape, GLYPHS["dot"]), fill=style.color, border=style.border)
        rows.append(fill("legend-node.html", glyph=glyph, kind=kind, count=node_counts[kind]))
    node_rows = "\n".join(rows) or fill("legend-empty.html", things="nodes")

    rows = []
    for kind in ordered_kinds(edge_counts, EDGE_STYLES):
        glyph = fill("glyph-line.svg", color=edge_style(kind).color)
        rows.append(fill("legend-edge.html", glyph=glyph, kind=kind, count=edge_counts[kind]))
    edge_rows = "\n".join(rows) or fill("legend-empty.html", things="edges")
    return fill(
        "legend.html",
        node_rows=Markup(node_rows),
        edge_rows=Markup(edge_rows),
        hedged_glyph=fill("glyph-line-dashed.svg", color="#555555"),
    )


def _page(net: Network, meta: Mapping[str, Any], height: str) -> str:
    vis_js, vis_css = vis_network()
    # The page's own behaviour: it reads data only from the JSON block and writes text only
    # through textContent; no innerHTML, no eval, no URLs. Inlined after a line break.
    page_js = "\n" + static_text("page.js")
    title = display_text(meta.get("title")) or "kg graph"
    note = display_text(meta.get("note"))
    view = display_text(meta.get("view"))
    n_nodes, n_edges = len(net.nodes), len(net.edges)
    csp = "; ".join(
        [
            "default-src 'none'",
            f"script-src {_csp_hash(vis_js)} {_csp_hash(page_js)}",
            "style-src 'unsafe-inline'",
            "img-src data:",
            "font-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    summary = f"{n_nodes} node{'s' if n_nodes != 1 else ''}, "
    summary += f"{n_edges} edge{'s' if n_edges != 1 else ''}"
    if view:
        summary = f"view: {view} \u00b7 " + summary
    page = fill(
        "page.html",
        csp=csp,
        title=title,
        note=Markup(fill("note.html", note=note) + "\n" if note else ""),
        summary=summary,
        legend=_legend_html(net.nodes, net.edges),
        data=Markup(_script_json({"nodes": net.nodes, "edges": net.edges, "options": net.options})),
        vis_css=Markup(vis_css),
        page_css=fill("page.css", height=height),
        vis_js=Markup(vis_js),
        page_js=Markup(page_js),
    )
    return page + "\n"


def render_html(G: nx.Graph, *, seed: int = 7, height: str = "800px") -> str:
    """Return a self-contained interactive HTML page of ``G``; it needs no network.

    The page has the graph's ``title`` and ``note`` as heading, a legend of the node and
    edge kinds present, a checkbox per edge kind that hides or shows those edges, hover
    tooltips and a side panel listing the evidence of the clicked edge or node. The same
    graph and seed give the same bytes. In the page, ``window.kgView`` exposes the
    vis ``network`` and its ``nodes``/``edges`` DataSets; ``kgView.ready`` turns true once
    the layout has settled.
    """
    net = to_pyvis(G, seed=seed, height=height)
    return _page(net, G.graph, height)


def write_html(
    G: nx.Graph, path: str | os.PathLike[str], *, seed: int = 7, height: str = "800px"
) -> Path:
    """Write :func:`render_html` of ``G`` to ``path`` atomically and return the path.

    The page is rendered first, then written to a temporary file next to ``path`` and
    moved into place, so a failure leaves any previous file untouched.
    """
    page = render_html(G, seed=seed, height=height)
    return write_drawing(path, page.encode("utf-8"))
