"""Draw a networkx projection: a self-contained interactive HTML page and a static PNG/SVG.

The page works offline: vis-network's JavaScript and CSS (shipped inside pyvis) are inlined,
nothing is fetched, and a Content-Security-Policy forbids every network request and every
script except the page's own (pinned by SHA-256). Article text is inert everywhere: it
reaches the page only as JSON inside a non-executed ``application/json`` block (with ``<``,
``>``, ``&``, U+2028 and U+2029 escaped), vis-network shows tooltips as plain text
(``innerText``), and the evidence panel is built with ``textContent`` only.

Attribute contract (what :mod:`kg.views.graphs` produces and this module reads):

Graph: ``networkx.MultiDiGraph`` (``DiGraph``, ``Graph`` and ``MultiGraph`` work too).
``G.graph`` may hold ``"title"`` (str, the page heading), ``"note"`` (str, shown under the
heading, e.g. "showing the 50 most connected of 3,000 actors; use --limit to change") and
``"view"`` (str, the projection's name).

Node attributes:

- ``label`` (str; defaults to the node id)
- ``kind``: one of person, state, organisation, group, proposal, claim, place, office,
  outcome, article; any other kind gets a neutral grey style
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
import html
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KGError
from kg.files import write_atomic

if TYPE_CHECKING:
    import networkx as nx
    from pyvis.network import Network

__all__ = [
    "EDGE_STYLES",
    "NODE_STYLES",
    "TOOLTIP_EVIDENCE_LIMIT",
    "render_html",
    "render_static",
    "to_pyvis",
    "write_html",
    "write_static",
]

#: Evidence items listed in an edge's hover tooltip; the side panel lists all of them.
TOOLTIP_EVIDENCE_LIMIT = 6


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

_HEIGHT_RE = re.compile(r"^\d+(\.\d+)?(px|vh|em|rem|%)$")
_STATIC_FORMATS = ("png", "svg")


# --------------------------------------------------------------------------- shared helpers


def _node_style(kind: object) -> NodeStyle:
    return NODE_STYLES.get(kind, NEUTRAL_NODE) if isinstance(kind, str) else NEUTRAL_NODE


def _edge_style(kind: object) -> EdgeStyle:
    return EDGE_STYLES.get(kind, NEUTRAL_EDGE) if isinstance(kind, str) else NEUTRAL_EDGE


def _text(value: object) -> str:
    """Return ``value`` as display text ('' for None)."""
    return "" if value is None else str(value)


def _weight(u: object, v: object, data: Mapping[str, Any]) -> int:
    weight = data.get("weight", 1)
    if isinstance(weight, bool) or not isinstance(weight, int | float) or weight < 1:
        raise ValueError(f"edge {u!r} -> {v!r}: weight must be an integer >= 1, got {weight!r}")
    return int(weight)


def _edge_width(weight: int) -> float:
    """Edge width in pixels for ``weight`` supporting claims (1.5 for one, capped at 9)."""
    return min(1.5 + 1.5 * (weight - 1), 9.0)


def _check_graph(G: object) -> None:
    import networkx as nx

    if not isinstance(G, nx.Graph):
        raise TypeError(f"expected a networkx graph, got {type(G).__name__}")


def _edges(G: nx.Graph) -> list[tuple[Any, Any, dict[str, Any]]]:
    """All edges as (u, v, data), parallel edges included, in the graph's order."""
    if G.is_multigraph():
        return [(u, v, d) for u, v, _k, d in G.edges(keys=True, data=True)]
    return [(u, v, d) for u, v, d in G.edges(data=True)]


def _curves(G: nx.Graph) -> list[float]:
    """Signed bend per edge (0 = straight) so that parallel edges between a pair separate.

    The sign is relative to a canonical direction of the pair, so A->B and B->A edges bend
    to different sides rather than on top of each other.
    """
    order = {n: i for i, n in enumerate(G.nodes)}
    seen: dict[tuple[int, int], int] = {}
    pairs = []
    for u, v, _ in _edges(G):
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
    quote = _text(item.get("quote"))
    first = f"\u201c{quote}\u201d" if quote else "(no quote recorded)"
    details = []
    if item.get("attribution"):
        details.append(_text(item["attribution"]))
    modality = _text(item.get("modality"))
    if item.get("cue"):
        modality = f"{modality} ({_text(item['cue'])})".strip()
    if modality:
        details.append(modality)
    if item.get("polarity"):
        details.append(_text(item["polarity"]))
    where = _text(item.get("article"))
    if item.get("start") is not None or item.get("end") is not None:
        where = f"{where} [{_text(item.get('start'))}\u2013{_text(item.get('end'))}]".strip()
    if where:
        details.append(where)
    return first + ("\n   \u2014 " + " \u00b7 ".join(details) if details else "")


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

    _check_graph(G)
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int, got {seed!r}")
    if not isinstance(height, str) or not _HEIGHT_RE.match(height):
        raise ValueError(f"height must look like '800px' or '90vh', got {height!r}")

    directed = G.is_directed()
    # directed=True keeps pyvis from merging parallel or reversed edges; arrows are set
    # per edge below.
    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line")
    ids: dict[Any, str] = {}
    for index, (node, data) in enumerate(G.nodes(data=True)):
        node_id = f"n{index}"
        ids[node] = node_id
        kind = _text(data.get("kind")) or "unknown"
        style = _node_style(kind)
        label = _text(data.get("label")) or _text(node)
        title = _text(data.get("title")) or f"{label}\n{kind}"
        group_label = _text(data.get("group_label"))
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
            key=_text(node),
            group_label=group_label,
        )

    labels = {ids[n]: (_text(d.get("label")) or _text(n)) for n, d in G.nodes(data=True)}
    for index, ((u, v, data), curve) in enumerate(zip(_edges(G), _curves(G), strict=True)):
        kind = _text(data.get("kind")) or "unknown"
        color = _edge_style(kind).color
        label = _text(data.get("label")) or kind
        hedged = bool(data.get("hedged", False))
        weight = _weight(u, v, data)
        evidence = _evidence_items(u, v, data)
        lines = [
            f"{labels[ids[u]]} \u2192 {labels[ids[v]]}: {label}",
            f"{kind} \u00b7 {'hedged' if hedged else 'firm'} \u00b7 "
            f"{weight} supporting claim{'s' if weight != 1 else ''}",
        ]
        lines += [_evidence_text(item) for item in evidence[:TOOLTIP_EVIDENCE_LIMIT]]
        if len(evidence) > TOOLTIP_EVIDENCE_LIMIT:
            rest = len(evidence) - TOOLTIP_EVIDENCE_LIMIT
            lines.append(f"\u2026 and {rest} more: click the edge to see all")
        if not evidence:
            lines.append("no quoted evidence (reference knowledge)")
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
            title="\n".join(lines),
            color={"color": color, "highlight": color, "hover": color, "inherit": False},
            width=_edge_width(weight),
            dashes=hedged,
            smooth=smooth,
            arrows={"to": {"enabled": directed, "scaleFactor": 0.6}},
            kind=kind,
            hedged=hedged,
            weight=weight,
            evidence=evidence,
        )

    net.options = {
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
    return net


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


def _vis_assets() -> tuple[str, str]:
    """vis-network's JavaScript and CSS as shipped inside pyvis."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    for name, text in (("vis-network.min.js", js), ("vis-network.css", css)):
        # Either would end the inline element early.
        if re.search(r"</(script|style)", text, re.IGNORECASE):
            raise RuntimeError(f"{name} cannot be inlined safely")
    return js, css


def _shape_svg(shape: str, fill: str, border: str) -> str:
    """A 14x14 inline SVG glyph of a vis-network node shape, for the legend."""
    common = f'fill="{fill}" stroke="{border}" stroke-width="1.2"'
    shapes = {
        "dot": f'<circle cx="7" cy="7" r="5.5" {common}/>',
        "square": f'<rect x="1.5" y="1.5" width="11" height="11" {common}/>',
        "diamond": f'<polygon points="7,0.8 13.2,7 7,13.2 0.8,7" {common}/>',
        "triangle": f'<polygon points="7,1 13,12.5 1,12.5" {common}/>',
        "triangleDown": f'<polygon points="1,1.5 13,1.5 7,13" {common}/>',
        "hexagon": f'<polygon points="7,0.8 12.6,4 12.6,10 7,13.2 1.4,10 1.4,4" {common}/>',
        "star": (
            '<polygon points="7,0.6 8.7,5 13.4,5.2 9.7,8.1 11,12.8 7,10.1 3,12.8 4.3,8.1 '
            f'0.6,5.2 5.3,5" {common}/>'
        ),
    }
    body = shapes.get(shape, shapes["dot"])
    return (
        '<svg class="glyph" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">'
        f"{body}</svg>"
    )


def _line_svg(color: str, dashed: bool = False) -> str:
    dash = ' stroke-dasharray="4 3"' if dashed else ""
    return (
        '<svg class="glyph" width="26" height="10" viewBox="0 0 26 10" aria-hidden="true">'
        f'<line x1="1" y1="5" x2="25" y2="5" stroke="{color}" stroke-width="2.5"{dash}/></svg>'
    )


def _ordered_kinds(present: Iterable[str], known: Mapping[str, object]) -> list[str]:
    present = set(present)
    return [k for k in known if k in present] + sorted(present - set(known))


def _legend_html(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> str:
    esc = _escape
    node_counts: dict[str, int] = {}
    for node in nodes:
        node_counts[node["kind"]] = node_counts.get(node["kind"], 0) + 1
    edge_counts: dict[str, int] = {}
    for edge in edges:
        edge_counts[edge["kind"]] = edge_counts.get(edge["kind"], 0) + 1

    rows = []
    for kind in _ordered_kinds(node_counts, NODE_STYLES):
        style = _node_style(kind)
        rows.append(
            f"<li>{_shape_svg(style.shape, style.color, style.border)}"
            f'<span class="kind">{esc(kind)}</span>'
            f'<span class="count">{node_counts[kind]}</span></li>'
        )
    node_list = "\n".join(rows) or '<li class="empty">no nodes</li>'

    rows = []
    for kind in _ordered_kinds(edge_counts, EDGE_STYLES):
        color = _edge_style(kind).color
        rows.append(
            f'<li><label><input type="checkbox" checked data-edge-kind="{esc(kind)}">'
            f'{_line_svg(color)}<span class="kind">{esc(kind)}</span>'
            f'<span class="count">{edge_counts[kind]}</span></label></li>'
        )
    edge_list = "\n".join(rows) or '<li class="empty">no edges</li>'
    return (
        '<section id="kg-legend" aria-label="Legend">\n'
        "<h2>Nodes</h2>\n"
        f'<ul class="legend" id="kg-node-legend">\n{node_list}\n</ul>\n'
        "<h2>Edges <small>(untick to hide)</small></h2>\n"
        f'<ul class="legend" id="kg-edge-filters">\n{edge_list}\n</ul>\n'
        f'<p class="hedged-key">{_line_svg("#555555", dashed=True)} dashed = hedged '
        "(e.g. \u201cmay\u201d, \u201cprobably\u201d, anonymous sources); "
        "thicker = more supporting claims</p>\n"
        "</section>"
    )


_PAGE_CSS = """
html, body { margin: 0; padding: 0; }
body { font: 14px/1.45 "DejaVu Sans", Arial, sans-serif; color: #222; background: #f4f4f2; }
header { padding: 10px 16px 8px; background: #fff; border-bottom: 1px solid #ddd; }
header h1 { margin: 0; font-size: 20px; font-weight: 600; }
header .note { margin: 3px 0 0; color: #555; font-size: 13px; }
header .meta { margin: 2px 0 0; color: #777; font-size: 12px; }
main { display: flex; align-items: stretch; }
#kg-graph { flex: 1 1 auto; min-width: 0; height: @HEIGHT@; background: #fff; position: relative; }
aside { flex: 0 0 370px; height: @HEIGHT@; overflow-y: auto; box-sizing: border-box;
        padding: 6px 14px 14px; background: #fbfbfa; border-left: 1px solid #ddd; }
aside h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: #555;
           margin: 12px 0 4px; }
aside h2 small { text-transform: none; letter-spacing: 0; font-weight: normal; color: #888; }
ul.legend { list-style: none; margin: 0; padding: 0; columns: 2; column-gap: 10px; }
ul.legend li { break-inside: avoid; display: flex; align-items: center; gap: 6px;
               padding: 1px 0; font-size: 13px; }
ul.legend label { display: flex; align-items: center; gap: 5px; cursor: pointer; width: 100%; }
ul.legend .kind { flex: 1 1 auto; }
ul.legend .count { color: #888; font-size: 11px; }
svg.glyph { flex: 0 0 auto; }
.hedged-key { font-size: 12px; color: #555; margin: 6px 0 0; }
#kg-details { border-top: 1px solid #ddd; margin-top: 10px; }
#kg-details .hint { color: #777; font-style: italic; }
#kg-details h3 { font-size: 15px; margin: 8px 0 4px; overflow-wrap: anywhere; }
#kg-details .badges { margin: 0 0 6px; }
#kg-details .badge { display: inline-block; font-size: 11px; padding: 0 6px; margin: 0 4px 2px 0;
                     border-radius: 8px; background: #e6e6e3; color: #333; }
#kg-details .badge.hedged { background: #fff0c2; }
#kg-details .node-text { white-space: pre-wrap; font-size: 13px; color: #333;
                         overflow-wrap: anywhere; }
.evidence { margin: 8px 0 10px; padding: 6px 8px; background: #fff; border: 1px solid #e2e2df;
            border-left: 4px solid #999; border-radius: 3px; }
.evidence blockquote { margin: 0 0 4px; font-style: italic; overflow-wrap: anywhere; }
.evidence .summary { margin: 0 0 4px; font-weight: 600; }
.evidence dl { display: grid; grid-template-columns: max-content 1fr; gap: 0 8px;
               margin: 0; font-size: 12px; }
.evidence dt { color: #777; }
.evidence dd { margin: 0; overflow-wrap: anywhere; }
.edge-head { font-size: 13px; margin: 10px 0 2px; font-weight: 600; overflow-wrap: anywhere; }
div.vis-tooltip { white-space: pre-wrap; max-width: 440px; font: 12px/1.4 "DejaVu Sans", Arial,
                  sans-serif; color: #222; background: #fffdf4; border: 1px solid #b9b39a;
                  padding: 6px 8px; box-shadow: 2px 2px 8px rgba(0,0,0,.18); }
"""

# The page's own behaviour. It reads data only from the JSON block and writes text only
# through textContent; no innerHTML, no eval, no URLs.
_PAGE_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("kg-graph");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
  var details = document.getElementById("kg-details-body");
  var view = {network: network, nodes: nodes, edges: edges, ready: false};
  window.kgView = view;

  function markReady() {
    if (view.ready) { return; }
    network.setOptions({physics: {enabled: false}});
    view.ready = true;
    document.body.setAttribute("data-ready", "true");
  }
  network.once("stabilizationIterationsDone", markReady);
  if (nodes.length === 0) { markReady(); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function has(value) { return value !== undefined && value !== null && value !== ""; }
  function clear() { while (details.firstChild) { details.removeChild(details.firstChild); } }
  function hint(text) { clear(); details.appendChild(el("p", "hint", text)); }
  function badge(text, extra) { return el("span", "badge" + (extra ? " " + extra : ""), text); }

  function evidenceBlock(item, color) {
    var box = el("div", "evidence");
    box.style.borderLeftColor = color;
    if (has(item.summary)) { box.appendChild(el("p", "summary", item.summary)); }
    box.appendChild(el("blockquote", null,
      has(item.quote) ? "\u201c" + item.quote + "\u201d" : "(no quote recorded)"));
    var dl = el("dl");
    function row(term, value) {
      if (!has(value)) { return; }
      dl.appendChild(el("dt", null, term));
      dl.appendChild(el("dd", null, value));
    }
    if (has(item.sentence) && item.sentence !== item.quote) { row("sentence", item.sentence); }
    row("attribution", item.attribution);
    var modality = has(item.modality) ? String(item.modality) : "";
    if (has(item.cue)) { modality = (modality + " (cue: " + item.cue + ")").trim(); }
    row("modality", modality);
    row("polarity", item.polarity);
    row("article", item.article);
    if (has(item.start) || has(item.end)) {
      row("offsets", (has(item.start) ? item.start : "?") + "\u2013" +
                     (has(item.end) ? item.end : "?"));
    }
    var claim = has(item.claim) ? String(item.claim) : "";
    if (has(item.claim_kind)) { claim = (claim + " (" + item.claim_kind + ")").trim(); }
    row("claim", claim);
    box.appendChild(dl);
    return box;
  }

  function edgeColor(edge) { return edge.color && edge.color.color ? edge.color.color : "#999"; }
  function nodeLabel(id) { var n = nodes.get(id); return n ? n.label : String(id); }

  function edgeBadges(edge) {
    var p = el("p", "badges");
    p.appendChild(badge(edge.kind));
    p.appendChild(edge.hedged ? badge("hedged", "hedged") : badge("firm"));
    p.appendChild(badge(edge.weight + " supporting claim" + (edge.weight === 1 ? "" : "s")));
    if (edge.hidden) { p.appendChild(badge("hidden by filter")); }
    return p;
  }

  function appendEvidence(edge) {
    var items = edge.evidence || [];
    if (items.length === 0) {
      details.appendChild(el("p", "hint", "No quoted evidence: reference knowledge."));
    }
    items.forEach(function (item) { details.appendChild(evidenceBlock(item, edgeColor(edge))); });
  }

  function showEdge(id) {
    var edge = edges.get(id);
    if (!edge) { return; }
    clear();
    details.appendChild(el("h3", null,
      nodeLabel(edge.from) + " \u2192 " + nodeLabel(edge.to) + ": " + edge.label));
    details.appendChild(edgeBadges(edge));
    appendEvidence(edge);
  }

  function showNode(id) {
    var node = nodes.get(id);
    if (!node) { return; }
    clear();
    details.appendChild(el("h3", null, node.label));
    var p = el("p", "badges");
    p.appendChild(badge(node.kind));
    if (has(node.group_label)) { p.appendChild(badge(node.group_label)); }
    details.appendChild(p);
    if (has(node.title)) { details.appendChild(el("div", "node-text", node.title)); }
    var connected = edges.get({filter: function (e) { return e.from === id || e.to === id; }});
    details.appendChild(el("p", "hint", connected.length + " connected edge" +
      (connected.length === 1 ? "" : "s")));
    connected.forEach(function (edge) {
      details.appendChild(el("p", "edge-head",
        nodeLabel(edge.from) + " \u2192 " + nodeLabel(edge.to) + ": " + edge.label));
      details.appendChild(edgeBadges(edge));
      appendEvidence(edge);
    });
  }

  network.on("click", function (params) {
    if (params.nodes.length > 0) { showNode(params.nodes[0]); }
    else if (params.edges.length > 0) { showEdge(params.edges[0]); }
    else { hint("Click an edge or a node to see its evidence."); }
  });
  view.showEdge = showEdge;
  view.showNode = showNode;

  function setEdgeKindVisible(kind, visible) {
    var changes = edges.get({filter: function (e) { return e.kind === kind; }})
      .map(function (e) { return {id: e.id, hidden: !visible}; });
    edges.update(changes);
  }
  view.setEdgeKindVisible = setEdgeKindVisible;
  Array.prototype.forEach.call(
    document.querySelectorAll("input[data-edge-kind]"),
    function (box) {
      box.addEventListener("change", function () {
        setEdgeKindVisible(box.getAttribute("data-edge-kind"), box.checked);
      });
    });
})();
"""


def _escape(text: str) -> str:
    """HTML-escape ``text``, also writing U+2028/U+2029 as character references."""
    return html.escape(text).replace("\u2028", "&#x2028;").replace("\u2029", "&#x2029;")


def _page(net: Network, meta: Mapping[str, Any], height: str) -> str:
    esc = _escape
    js, css = _vis_assets()
    title = _text(meta.get("title")) or "kg graph"
    note = _text(meta.get("note"))
    view = _text(meta.get("view"))
    n_nodes, n_edges = len(net.nodes), len(net.edges)
    data_json = _script_json({"nodes": net.nodes, "edges": net.edges, "options": net.options})
    csp = "; ".join(
        [
            "default-src 'none'",
            f"script-src {_csp_hash(js)} {_csp_hash(_PAGE_JS)}",
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
    note_html = f'<p class="note" id="kg-note">{esc(note)}</p>\n' if note else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{esc(title)}</title>\n"
        f"<style>{css}</style>\n"
        f"<style>{_PAGE_CSS.replace('@HEIGHT@', height)}</style>\n"
        "</head>\n<body>\n<header>\n"
        f'<h1 id="kg-title">{esc(title)}</h1>\n'
        f"{note_html}"
        f'<p class="meta" id="kg-summary">{esc(summary)}</p>\n'
        "</header>\n<main>\n"
        '<div id="kg-graph" role="img" aria-label="Interactive graph"></div>\n'
        "<aside>\n"
        f"{_legend_html(net.nodes, net.edges)}\n"
        '<section id="kg-details" aria-live="polite">\n<h2>Evidence</h2>\n'
        '<div id="kg-details-body"><p class="hint">'
        "Click an edge or a node to see its evidence.</p></div>\n"
        "</section>\n</aside>\n</main>\n"
        "<noscript><p>This graph needs JavaScript.</p></noscript>\n"
        f'<script type="application/json" id="kg-data">{data_json}</script>\n'
        f"<script>{js}</script>\n"
        f"<script>{_PAGE_JS}</script>\n"
        "</body>\n</html>\n"
    )


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


def _write_atomic(path: str | os.PathLike[str], payload: bytes) -> Path:
    """Write ``payload`` to ``path`` atomically; the folder must exist."""
    target = Path(path)
    if not target.parent.is_dir():
        raise KGError(
            f"cannot write {target}: folder {target.parent} does not exist",
            hint="create the folder first or choose another output path",
        )
    return write_atomic(target, payload)


def write_html(
    G: nx.Graph, path: str | os.PathLike[str], *, seed: int = 7, height: str = "800px"
) -> Path:
    """Write :func:`render_html` of ``G`` to ``path`` atomically and return the path.

    The page is rendered first, then written to a temporary file next to ``path`` and
    moved into place, so a failure leaves any previous file untouched.
    """
    page = render_html(G, seed=seed, height=height)
    return _write_atomic(path, page.encode("utf-8"))


# --------------------------------------------------------------------------- static image


def render_static(G: nx.Graph, fmt: str = "png", *, seed: int = 7) -> bytes:
    """Draw ``G`` with matplotlib and return PNG or SVG bytes.

    Same colours and shapes as the page, hedged edges dashed, width by weight, node
    labels, a legend, and a spring layout seeded with ``seed``: the same graph gives the
    same bytes (SVG ids and metadata are fixed). Label text is drawn literally (no
    mathtext). A connected component of 500 nodes or more needs scipy for its layout.
    """
    _check_graph(G)
    if not isinstance(fmt, str) or fmt.lower() not in _STATIC_FORMATS:
        raise KGError(f"unsupported image format {fmt!r}", hint="use png or svg")
    fmt = fmt.lower()
    import io

    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Circle, FancyArrowPatch

    try:
        pos = _static_layout(G, seed)
    except ImportError as error:
        raise KGError(
            "a static image of a connected component of 500 or more nodes needs scipy",
            hint="limit the view (e.g. --limit 200) or install scipy",
        ) from error

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

    title = _text(G.graph.get("title")) or "kg graph"
    fig.text(0.01, 0.975, title, fontsize=14, weight="bold", va="top", parse_math=False)
    note = _text(G.graph.get("note"))
    if note:
        fig.text(0.01, 0.935, note, fontsize=9, color="#555555", va="top", parse_math=False)

    directed = G.is_directed()
    node_kinds: dict[Any, str] = {}
    for node, data in G.nodes(data=True):
        node_kinds[node] = _text(data.get("kind")) or "unknown"

    edge_kinds = []
    for (u, v, data), curve in zip(_edges(G), _curves(G), strict=True):
        kind = _text(data.get("kind")) or "unknown"
        edge_kinds.append(kind)
        color = _edge_style(kind).color
        width = _edge_width(_weight(u, v, data)) * 0.8
        style = "--" if data.get("hedged") else "-"
        (x1, y1), (x2, y2) = pos[u], pos[v]
        if u == v:
            ax.add_patch(
                Circle((x1, y1 + 0.05), 0.05, fill=False, ec=color, lw=width, ls=style, zorder=1)
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
                linestyle=style,
                shrinkA=9,
                shrinkB=9,
                zorder=1,
            )
        )
        label = _text(data.get("label")) or kind
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

    for kind in _ordered_kinds(set(node_kinds.values()), NODE_STYLES):
        style = _node_style(kind)
        members = [node for node, k in node_kinds.items() if k == kind]
        ax.scatter(
            [pos[m][0] for m in members],
            [pos[m][1] for m in members],
            s=(style.size * 1.25) ** 2 * (1.6 if style.marker == "*" else 1.0),
            marker=style.marker,
            c=style.color,
            edgecolors=style.border,
            linewidths=1.0,
            zorder=3,
        )
    for node, data in G.nodes(data=True):
        x, y = pos[node]
        ax.annotate(
            _text(data.get("label")) or _text(node),
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
    ax.margins(0.12)

    node_handles = [
        Line2D(
            [],
            [],
            linestyle="none",
            marker=_node_style(k).marker,
            markersize=9,
            markerfacecolor=_node_style(k).color,
            markeredgecolor=_node_style(k).border,
            label=k if k in NODE_STYLES else "other",
        )
        for k in _ordered_kinds(set(node_kinds.values()), NODE_STYLES)
    ]
    edge_handles = [
        Line2D([], [], color=_edge_style(k).color, lw=2.5, label=k if k in EDGE_STYLES else "other")
        for k in _ordered_kinds(set(edge_kinds), EDGE_STYLES)
    ]
    edge_handles.append(Line2D([], [], color="#555555", lw=1.8, ls="--", label="hedged"))
    legend_x = left + 0.005
    if node_handles:
        nodes_legend = fig.legend(
            handles=_dedupe(node_handles),
            loc="upper left",
            bbox_to_anchor=(legend_x, 0.9),
            frameon=False,
            title="nodes",
            fontsize=9,
            title_fontsize=10,
            alignment="left",
        )
        fig.add_artist(nodes_legend)
    # Place the edge legend under the node legend: a row is about 0.22 inch high.
    edges_top = 0.9 - (len(_dedupe(node_handles)) + 2.2) * 0.22 / side if node_handles else 0.9
    fig.legend(
        handles=_dedupe(edge_handles),
        loc="upper left",
        bbox_to_anchor=(legend_x, edges_top),
        frameon=False,
        title="edges",
        fontsize=9,
        title_fontsize=10,
        alignment="left",
    )

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


def _static_layout(G: nx.Graph, seed: int) -> dict[Any, tuple[float, float]]:
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
            sub = nx.Graph(G.subgraph(members))  # undirected, parallel edges merged
            # Kamada-Kawai spreads hub-and-spoke graphs evenly (spring layouts knot them);
            # seeded from a spring layout so it stays deterministic. Too slow past ~300 nodes.
            start = nx.spring_layout(sub, seed=seed)
            if len(members) <= 300:
                local = nx.kamada_kawai_layout(sub, pos=start, scale=radius, center=(0.0, 0.0))
            else:
                local = nx.rescale_layout_dict(start, scale=radius)
        placed.append((members, local, radius))

    total = sum((2 * r) ** 2 for _, _, r in placed)
    row_width = max(2 * placed[0][2], math.sqrt(total) * 1.3) if placed else 0.0
    pos: dict[Any, tuple[float, float]] = {}
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
    return _write_atomic(path, render_static(G, fmt, seed=seed))
