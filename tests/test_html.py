"""kg.views.page and kg.views.picture without a browser: offline page, escaping, styles, images."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

import kg.views.page
from kg.errors import KGError
from kg.views.assets import static_text, vis_network
from kg.views.page import render_html, to_pyvis, write_html
from kg.views.picture import render_static, write_static
from kg.views.style import EDGE_STYLES, NEUTRAL_EDGE, NEUTRAL_NODE, NODE_STYLES

QUOTE = "We are prepared to assist them with equipment — primarily, probably, in the air"
HOSTILE = "</script><img src=x onerror=alert(1)>"
HOSTILE_QUOTE = "javascript:alert(1) </SCRIPT><script>alert(2)</script> & \u2028\u2029 end"
HOSTILE_TITLE = "<script>alert('t')</script>"


def small_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(title="Who offers what", note="showing 4 of 4 actors", view="actors")
    G.add_node("trump", label="Donald Trump", kind="person", title="Donald Trump\nPresident")
    G.add_node("usa", label="United States", kind="state")
    G.add_node("backstop", label="American backstop", kind="proposal")
    G.add_node("x", label="Mystery", kind="spaceship", group_label="others")
    G.add_edge(
        "trump",
        "backstop",
        kind="commits",
        label="offers",
        hedged=True,
        weight=1,
        evidence=[
            {
                "claim": "c1",
                "claim_kind": "Commitment",
                "quote": QUOTE,
                "attribution": "Donald Trump",
                "modality": "hedged",
                "cue": "probably",
                "polarity": "positive",
                "article": "000_3622f00dcd344a76",
                "start": 848,
                "end": 927,
            }
        ],
    )
    G.add_edge("usa", "backstop", kind="proposes", label="proposes", weight=3)
    G.add_edge("backstop", "usa", kind="about", label="about", weight=1)
    G.add_edge("usa", "backstop", kind="teleports", weight=1)
    G.add_edge("trump", "usa", kind="represents", label="president of")
    return G


def hostile_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(title=HOSTILE_TITLE, note=HOSTILE + " note \u2028")
    G.add_node("a", label=HOSTILE, kind="person", title="<img src=x onerror=alert(1)>")
    G.add_node("b", label="javascript:alert(1)", kind="<b>x</b>")
    G.add_edge(
        "a",
        "b",
        kind='"><script>alert(5)</script>',
        label=HOSTILE,
        evidence=[{"quote": HOSTILE_QUOTE, "attribution": "<b>bold</b>"}],
    )
    return G


def embedded_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert match is not None
    return json.loads(match.group(1))


def executable_scripts(page: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", page, re.S)


# --------------------------------------------------------------------------- offline page


def test_page_has_no_external_url() -> None:
    page = render_html(small_graph())
    remote = r"""(?:src|href|action|data)\s*=\s*["']?\s*(?:https?:)?//"""
    assert re.findall(remote, page, re.I) == []
    assert re.findall(r"""url\(\s*["']?\s*(?:https?:)?//""", page, re.I) == []
    assert re.findall(r"@import", page, re.I) == []
    assert re.findall(r"<(?:link|iframe|img|object|embed|base)\b", page, re.I) == []
    assert re.findall(r"<script\s[^>]*src", page, re.I) == []


def test_page_policy_allows_only_its_own_scripts() -> None:
    page = render_html(small_graph())
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    csp = html.unescape(csp)
    scripts = executable_scripts(page)
    assert len(scripts) == 2  # vis-network and the page's own code
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in scripts
    ]
    assert csp.split("; ") == [
        "default-src 'none'",
        f"script-src {hashes[0]} {hashes[1]}",
        "style-src 'unsafe-inline'",
        "img-src data:",
        "font-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ]


def test_page_embeds_every_node_and_edge() -> None:
    G = small_graph()
    page = render_html(G)
    data = embedded_data(page)
    assert [n["id"] for n in data["nodes"]] == ["n0", "n1", "n2", "n3"]
    assert [n["key"] for n in data["nodes"]] == ["trump", "usa", "backstop", "x"]
    assert [(e["id"], e["from"], e["to"], e["kind"]) for e in data["edges"]] == [
        ("e0", "n0", "n2", "commits"),
        ("e1", "n0", "n1", "represents"),
        ("e2", "n1", "n2", "proposes"),
        ("e3", "n1", "n2", "teleports"),
        ("e4", "n2", "n1", "about"),
    ]
    assert data["edges"][0]["evidence"] == G.edges["trump", "backstop", 0]["evidence"]
    assert '<p class="meta" id="kg-summary">view: actors · 4 nodes, 5 edges</p>' in page
    assert '<h1 id="kg-title">Who offers what</h1>' in page
    assert '<p class="note" id="kg-note">showing 4 of 4 actors</p>' in page


def test_legend_lists_kinds_present_with_filters() -> None:
    page = render_html(small_graph())
    node_kinds = re.findall(r'<span class="kind">([^<]*)</span><span class="count">(\d+)', page)
    assert node_kinds == [
        ("person", "1"),
        ("state", "1"),
        ("proposal", "1"),
        ("spaceship", "1"),
        ("commits", "1"),
        ("proposes", "1"),
        ("represents", "1"),
        ("about", "1"),
        ("teleports", "1"),
    ]
    filters = re.findall(r'<input type="checkbox" checked data-edge-kind="([^"]*)">', page)
    assert filters == ["commits", "proposes", "represents", "about", "teleports"]
    assert "dashed = hedged" in page


def test_same_graph_gives_same_page() -> None:
    assert render_html(small_graph()) == render_html(small_graph())
    data = embedded_data(render_html(small_graph(), seed=42))
    assert data["options"]["layout"] == {"randomSeed": 42, "improvedLayout": True}


# --------------------------------------------------------------------------- escaping


def test_hostile_text_is_escaped() -> None:
    G = hostile_graph()
    page = render_html(G)
    # Only the page's own three script elements open and close (vis-network's code has
    # a "<script>" string of its own, so it is left out of the count).
    vis_js = vis_network()[0]
    assert len(re.findall(r"<script", page.replace(vis_js, ""), re.I)) == 3
    assert len(re.findall(r"</script", page, re.I)) == 3
    ours = page.replace(vis_js, "")
    for raw in ("<img", "<b>", "\u2028", "\u2029", "alert(5)</script>", "alert(2)</script>"):
        assert raw not in ours
    assert "<title>&lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt;</title>" in page
    assert '<h1 id="kg-title">&lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt;</h1>' in page
    assert (
        '<p class="note" id="kg-note">&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; note '
        "&#x2028;</p>" in page
    )
    assert 'data-edge-kind="&quot;&gt;&lt;script&gt;alert(5)&lt;/script&gt;"' in page
    # The data survives the escaping unchanged.
    data = embedded_data(page)
    assert [n["label"] for n in data["nodes"]] == [HOSTILE, "javascript:alert(1)"]
    assert data["nodes"][0]["title"] == "<img src=x onerror=alert(1)>"
    assert data["edges"][0]["evidence"] == [{"quote": HOSTILE_QUOTE, "attribution": "<b>bold</b>"}]


def test_page_code_never_writes_html() -> None:
    code = static_text("page.js")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in code


# --------------------------------------------------------------------------- pyvis styles


def test_nodes_styled_by_kind() -> None:
    net = to_pyvis(small_graph())
    by_key = {n["key"]: n for n in net.nodes}
    assert by_key["trump"]["shape"] == NODE_STYLES["person"].shape == "dot"
    assert by_key["usa"]["shape"] == "square"
    assert by_key["backstop"]["color"]["background"] == NODE_STYLES["proposal"].color
    assert by_key["x"]["color"]["background"] == NEUTRAL_NODE.color
    assert by_key["trump"]["title"] == "Donald Trump\nPresident"
    assert by_key["usa"]["title"] == "United States\nstate"
    assert by_key["x"]["title"] == "Mystery\nspaceship\ngroup: others"


def test_edges_styled_by_kind_hedging_and_weight() -> None:
    net = to_pyvis(small_graph())
    by_kind = {e["kind"]: e for e in net.edges}
    assert by_kind["commits"]["color"]["color"] == EDGE_STYLES["commits"].color
    assert by_kind["teleports"]["color"]["color"] == NEUTRAL_EDGE.color
    assert by_kind["commits"]["dashes"] is True
    assert by_kind["proposes"]["dashes"] is False
    assert (by_kind["commits"]["width"], by_kind["proposes"]["width"]) == (1.5, 4.5)
    assert by_kind["teleports"]["label"] == "teleports"
    # Three edges between usa and backstop bend apart; the lone ones stay straight.
    assert by_kind["represents"]["smooth"] == {"enabled": False}
    assert [by_kind[k]["smooth"] for k in ("proposes", "teleports", "about")] == [
        {"enabled": True, "type": "curvedCW", "roundness": 0.18},
        {"enabled": True, "type": "curvedCCW", "roundness": 0.18},
        {"enabled": True, "type": "curvedCCW", "roundness": 0.36},
    ]
    assert net.options["layout"]["randomSeed"] == 7


def test_edge_tooltip_is_plain_text_with_evidence() -> None:
    net = to_pyvis(small_graph())
    assert net.edges[0]["title"] == (
        "Donald Trump → American backstop: offers\n"
        "commits · hedged · 1 supporting claim\n"
        f"“{QUOTE}”\n"
        "   — Donald Trump · hedged (probably) · positive · 000_3622f00dcd344a76 [848–927]"
    )
    assert net.edges[1]["title"] == (
        "Donald Trump → United States: president of\n"
        "represents · firm · 1 supporting claim\n"
        "no quoted evidence (reference knowledge)"
    )


def test_edge_tooltip_caps_long_evidence_lists() -> None:
    G = nx.MultiDiGraph()
    G.add_edge("a", "b", kind="supports", weight=8, evidence=[{"quote": f"q{i}"} for i in range(8)])
    title = to_pyvis(G).edges[0]["title"]
    assert title.splitlines()[2:] == [
        "“q0”",
        "“q1”",
        "“q2”",
        "“q3”",
        "“q4”",
        "“q5”",
        "… and 2 more: click the edge to see all",
    ]


def test_undirected_graph_has_no_arrows() -> None:
    G = nx.Graph()
    G.add_edge("a", "b", kind="member_of")
    assert to_pyvis(G).edges[0]["arrows"] == {"to": {"enabled": False, "scaleFactor": 0.6}}


def test_bad_input_is_refused() -> None:
    G = nx.MultiDiGraph()
    G.add_edge("a", "b", weight=0)
    with pytest.raises(ValueError, match=r"edge 'a' -> 'b': weight must be an integer >= 1"):
        to_pyvis(G)
    with pytest.raises(ValueError, match="height must look like"):
        to_pyvis(nx.MultiDiGraph(), height="1px; background: url(x)")
    with pytest.raises(TypeError, match="expected a networkx graph"):
        render_html({"a": 1})  # type: ignore[arg-type]


def test_empty_graph_renders() -> None:
    page = render_html(nx.MultiDiGraph())
    assert embedded_data(page)["nodes"] == []
    assert '<li class="empty">no nodes</li>' in page
    assert render_static(nx.MultiDiGraph()).startswith(b"\x89PNG\r\n\x1a\n")


# --------------------------------------------------------------------------- writing


def test_write_html_replaces_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "graph.html"
    assert write_html(small_graph(), target) == target
    before = target.read_text(encoding="utf-8")
    assert before == render_html(small_graph())
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("render failed")

    monkeypatch.setattr(kg.views.page, "render_html", broken)
    with pytest.raises(RuntimeError, match="render failed"):
        write_html(nx.MultiDiGraph(), target)
    assert target.read_text(encoding="utf-8") == before
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]


def test_write_html_into_missing_folder_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(KGError) as error:
        write_html(small_graph(), tmp_path / "nowhere" / "graph.html")
    assert str(error.value) == (
        f"cannot write {tmp_path / 'nowhere' / 'graph.html'}: folder {tmp_path / 'nowhere'} "
        "does not exist\n  create the folder first or choose another output path"
    )
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- static images


def test_static_png_and_svg_are_valid_and_deterministic() -> None:
    png = render_static(small_graph(), "png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert render_static(small_graph(), "png") == png
    svg = render_static(small_graph(), "svg")
    assert svg.startswith(b'<?xml version="1.0" encoding="utf-8" standalone="no"?>')
    assert b"<svg " in svg and svg.rstrip().endswith(b"</svg>")
    assert b"<dc:date>" not in svg
    assert render_static(small_graph(), "SVG") == svg


def test_static_layout_follows_seed() -> None:
    one, two = (render_static(small_graph(), "svg", seed=seed) for seed in (1, 2))
    assert one != two


#: Draws a graph whose small components each hold under half of its nodes: networkx then
#: iterates a subgraph's nodes in set order, which follows PYTHONHASHSEED.
SEVERAL_COMPONENTS = """
import hashlib, sys
import networkx as nx
from kg.views.picture import render_static
G = nx.MultiDiGraph(title="components")
for hub, spokes in (("hub-a", 6), ("hub-b", 5), ("hub-c", 4)):
    for i in range(spokes):
        G.add_edge(hub, f"{hub}-spoke-{i}", kind="supports", weight=1 + i % 3)
        G.add_edge(f"{hub}-spoke-{i}", hub, kind="opposes", weight=2)
    G.add_edge(f"{hub}-spoke-0", f"{hub}-spoke-1", kind="about")
for fmt in ("png", "svg"):
    print(fmt, hashlib.sha256(render_static(G, fmt)).hexdigest())
"""


def test_static_bytes_do_not_depend_on_the_hash_seed() -> None:
    digests = {
        subprocess.run(
            [sys.executable, "-c", SEVERAL_COMPONENTS],
            env={**os.environ, "PYTHONHASHSEED": str(hash_seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for hash_seed in (0, 1, 2)
    }
    assert len(digests) == 1
    assert re.fullmatch(r"png [0-9a-f]{64}\nsvg [0-9a-f]{64}\n", digests.pop())


def test_static_draws_hostile_and_dollar_text_literally() -> None:
    G = hostile_graph()
    G.add_node("m", label="costs $5 and $x^2$ {\\bf", kind="outcome")
    svg = render_static(G, "svg")
    assert b"<script" not in svg and b"<img" not in svg
    assert render_static(G, "png").startswith(b"\x89PNG")


def test_static_refuses_unknown_format() -> None:
    with pytest.raises(KGError, match="unsupported image format 'gif'"):
        render_static(small_graph(), "gif")


def test_write_static_uses_the_suffix(tmp_path: Path) -> None:
    path = write_static(small_graph(), tmp_path / "graph.svg")
    assert path.read_bytes() == render_static(small_graph(), "svg")
