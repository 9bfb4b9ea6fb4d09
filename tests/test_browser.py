"""The interactive page in a real headless Chromium: offline, counts, tooltips, panel, filters.

Every page is loaded from a file:// URL with all other requests aborted and counted; a test
fails on any remote request, console error, page error or dialog. Screenshots are saved
to tests/artifacts/ for a human to look at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from kg.views.page import write_html

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

HERE = Path(__file__).parent
ARTIFACTS = HERE / "artifacts"
ARTICLE_ID = "000_3622f00dcd344a76"
ARTICLE = (HERE.parent / "seeds" / f"{ARTICLE_ID}.txt").read_text(encoding="utf-8")

TRUMP_QUOTE = "We are prepared to assist them with equipment — primarily, probably, in the air"
KREMLIN_QUOTE = "rejects the possibility of NATO troops being stationed on Ukrainian territory"


def evidence(quote: str, **fields: Any) -> dict[str, Any]:
    """An evidence record for ``quote``, anchored at its offsets in the seed article."""
    start = ARTICLE.index(quote)
    anchor = {"quote": quote, "article": ARTICLE_ID, "start": start, "end": start + len(quote)}
    return anchor | fields


def seed_graph() -> nx.MultiDiGraph:
    """A small hand-made actor view of the seed article."""
    G = nx.MultiDiGraph(
        title="Security guarantees for Ukraine",
        note="hand-made test graph: 9 actors and proposals from one article",
        view="actors",
    )
    nodes = {
        "trump": ("Donald Trump", "person", "Donald Trump\nPresident of the United States"),
        "usa": ("United States", "state", "United States\nNATO member"),
        "kremlin": ("Kremlin", "organisation", "Kremlin\nspeaks for Russia"),
        "russia": ("Russia", "state", "Russia"),
        "uk": ("United Kingdom", "state", "United Kingdom"),
        "france": ("France", "state", "France"),
        "force": ("Multinational force", "proposal", "Multinational force in Ukraine"),
        "backstop": ("American backstop", "proposal", "US intelligence, air defence, arms"),
        "nato_troops": ("NATO troops in Ukraine", "outcome", "NATO troops on Ukrainian soil"),
    }
    for key, (label, kind, title) in nodes.items():
        G.add_node(key, label=label, kind=kind, title=title)
    G.add_edge(
        "trump",
        "backstop",
        kind="commits",
        label="offers",
        hedged=True,
        weight=1,
        evidence=[
            evidence(
                TRUMP_QUOTE,
                claim="c1",
                claim_kind="Commitment",
                attribution="Donald Trump",
                modality="hedged",
                cue="probably",
                polarity="positive",
            ),
        ],
    )
    G.add_edge(
        "usa",
        "backstop",
        kind="commits",
        label="may provide",
        hedged=True,
        weight=1,
        evidence=[
            evidence(
                "can certainly assist with coordination and possibly provide other forms of "
                "security guarantees",
                claim="c2",
                claim_kind="Commitment",
                attribution="Caroline Levitt",
                modality="hedged",
                cue="possibly",
                polarity="positive",
            ),
        ],
    )
    G.add_edge("usa", "backstop", kind="proposes", label="proposes", weight=1)
    G.add_edge(
        "kremlin",
        "nato_troops",
        kind="rejects",
        label="rejects",
        weight=1,
        evidence=[
            evidence(
                KREMLIN_QUOTE,
                claim="c3",
                claim_kind="Stance",
                attribution="Kremlin",
                modality="firm",
                polarity="negative",
            ),
        ],
    )
    G.add_edge("kremlin", "russia", kind="represents", label="speaks for", weight=1)
    G.add_edge("trump", "usa", kind="represents", label="president of", weight=1)
    for actor in ("uk", "france"):
        G.add_edge(
            actor,
            "force",
            kind="commits",
            label="sends troops",
            weight=2,
            evidence=[
                evidence(
                    "including hundreds of troops from the UK and France",
                    claim=f"c4{actor}",
                    claim_kind="Commitment",
                    attribution="sources",
                    modality="hedged",
                    cue="expected",
                    polarity="positive",
                ),
                evidence(
                    "European officials discussed deploying British and French troops",
                    claim=f"c5{actor}",
                    claim_kind="Event",
                    attribution="sources",
                    modality="firm",
                    polarity="positive",
                ),
            ],
            hedged=True,
        )
    G.add_edge("force", "backstop", kind="part_of", label="with", weight=1)
    return G


HOSTILE = "</script><img src=x onerror=alert(1)>"
HOSTILE_TITLE = "<script>alert('title')</script>"
HOSTILE_QUOTE = '</script><script>alert(3)</script><img src=x onerror="window.pwned=1">'
HOSTILE_KIND = '"><script>alert(5)</script>'


def hostile_graph() -> nx.MultiDiGraph:
    """Labels, titles, quotes, kinds and notes that would run script if pasted as HTML."""
    G = nx.MultiDiGraph(title=HOSTILE_TITLE, note="<img src=x onerror=alert(2)> \u2028 note")
    G.add_node("a", label=HOSTILE, kind="person", title="<img src=x onerror=alert(1)>\nline two")
    G.add_node("b", label="javascript:alert(1)", kind="<b>bold</b>", title="javascript:alert(1)")
    G.add_edge(
        "a",
        "b",
        kind=HOSTILE_KIND,
        label="<i>x</i>",
        weight=1,
        evidence=[
            {
                "quote": HOSTILE_QUOTE,
                "attribution": "javascript:alert(4)",
                "article": '<a href="javascript:alert(6)">x</a>',
                "start": 0,
                "end": 5,
            }
        ],
    )
    return G


# --------------------------------------------------------------------------- helpers


def open_graph(watched: Any, tmp_path: Path, G: nx.Graph, name: str) -> Any:
    """Write ``G`` as a page, load it from file:// and wait until its layout has settled."""
    path = write_html(G, tmp_path / f"{name}.html")
    page = watched.page
    page.goto(path.as_uri())
    # A selector, not wait_for_function: the page's CSP forbids the eval a string predicate
    # needs while polling.
    page.wait_for_selector("body[data-ready='true']", state="attached", timeout=20_000)
    assert page.evaluate("window.kgView.ready") is True
    return page


def screenshot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def edge_id(page: Any, kind: str, index: int = 0) -> str:
    ids = page.evaluate(
        "kind => kgView.edges.get({filter: e => e.kind === kind}).map(e => e.id)", kind
    )
    return ids[index]


def canvas_point(page: Any, canvas_xy: str, arg: Any) -> tuple[float, float]:
    """Page coordinates of a point given by a JS expression in canvas space."""
    script = f"""arg => {{
        const net = kgView.network;
        const p = net.canvasToDOM({canvas_xy});
        const box = document.querySelector('#kg-graph canvas').getBoundingClientRect();
        return [box.left + p.x, box.top + p.y];
    }}"""
    x, y = page.evaluate(script, arg)
    return x, y


def edge_midpoint(page: Any, eid: str) -> tuple[float, float]:
    """Midpoint on screen of a straight edge, from getPositions + canvasToDOM + canvas box."""
    return canvas_point(
        page,
        """(() => {
            const e = kgView.edges.get(arg);
            const pos = net.getPositions([e.from, e.to]);
            return {x: (pos[e.from].x + pos[e.to].x) / 2, y: (pos[e.from].y + pos[e.to].y) / 2};
        })()""",
        eid,
    )


def node_point(page: Any, nid: str) -> tuple[float, float]:
    return canvas_point(page, "net.getPositions([arg])[arg]", nid)


def hover(page: Any, x: float, y: float) -> None:
    page.mouse.move(x - 40, y - 40)
    page.mouse.move(x, y, steps=4)


def tooltip_text(page: Any) -> str:
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    return tooltip.inner_text()


def panel_rows(page: Any) -> list[list[str]]:
    """The panel's evidence as [quote, 'term: value', ...] per evidence block."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('#kg-details-body .evidence')).map(box =>
            [box.querySelector('blockquote').textContent].concat(
              Array.from(box.querySelectorAll('dt')).map(dt =>
                dt.textContent + ': ' + dt.nextElementSibling.textContent)))"""
    )


# --------------------------------------------------------------------------- tests


def test_page_holds_every_node_and_edge(watched_page: Any, tmp_path: Path) -> None:
    G = seed_graph()
    page = open_graph(watched_page, tmp_path, G, "counts")
    counts = page.evaluate(
        "[kgView.nodes.length, kgView.edges.length,"
        " Object.keys(kgView.network.body.nodes).filter(id => !id.startsWith('edgeId')).length,"
        " kgView.network.body.edgeIndices.length]"
    )
    assert counts == [9, 9, 9, 9]
    assert (G.number_of_nodes(), G.number_of_edges()) == (9, 9)
    labels = page.evaluate("kgView.nodes.get().map(n => n.label).sort()")
    assert labels == sorted(label for _, label in G.nodes(data="label"))
    assert page.inner_text("#kg-title") == "Security guarantees for Ukraine"
    assert page.inner_text("#kg-note") == G.graph["note"]
    screenshot(page, "seed_graph")
    watched_page.assert_clean()


def test_hovering_an_edge_shows_its_evidence(watched_page: Any, tmp_path: Path) -> None:
    page = open_graph(watched_page, tmp_path, seed_graph(), "hover")
    hover(page, *edge_midpoint(page, edge_id(page, "rejects")))
    start = ARTICLE.index(KREMLIN_QUOTE)
    assert tooltip_text(page) == (
        "Kremlin \u2192 NATO troops in Ukraine: rejects\n"
        "rejects \u00b7 firm \u00b7 1 supporting claim\n"
        f"\u201c{KREMLIN_QUOTE}\u201d\n"
        f"   \u2014 Kremlin \u00b7 firm \u00b7 negative \u00b7 {ARTICLE_ID} "
        f"[{start}\u2013{start + len(KREMLIN_QUOTE)}]"
    )
    screenshot(page, "edge_tooltip")
    watched_page.assert_clean()


def test_clicking_an_edge_fills_the_panel(watched_page: Any, tmp_path: Path) -> None:
    page = open_graph(watched_page, tmp_path, seed_graph(), "click")
    page.mouse.click(*edge_midpoint(page, edge_id(page, "commits", 0)))
    page.wait_for_selector("#kg-details-body .evidence")
    assert page.inner_text("#kg-details-body h3") == "Donald Trump \u2192 American backstop: offers"
    start = ARTICLE.index(TRUMP_QUOTE)
    assert panel_rows(page) == [
        [
            f"\u201c{TRUMP_QUOTE}\u201d",
            "attribution: Donald Trump",
            "modality: hedged (cue: probably)",
            "polarity: positive",
            f"article: {ARTICLE_ID}",
            f"offsets: {start}\u2013{start + len(TRUMP_QUOTE)}",
            "claim: c1 (Commitment)",
        ]
    ]
    badges = page.locator("#kg-details-body .badge").all_inner_texts()
    assert badges == ["commits", "hedged", "1 supporting claim"]
    screenshot(page, "edge_panel")
    watched_page.assert_clean()


def test_clicking_a_node_lists_evidence_of_its_edges(watched_page: Any, tmp_path: Path) -> None:
    page = open_graph(watched_page, tmp_path, seed_graph(), "node")
    kremlin = page.evaluate("kgView.nodes.get({filter: n => n.label === 'Kremlin'})[0].id")
    page.mouse.click(*node_point(page, kremlin))
    page.wait_for_selector("#kg-details-body .edge-head")
    assert page.locator("#kg-details-body .edge-head").all_inner_texts() == [
        "Kremlin \u2192 NATO troops in Ukraine: rejects",
        "Kremlin \u2192 Russia: speaks for",
    ]
    assert [rows[0] for rows in panel_rows(page)] == [f"\u201c{KREMLIN_QUOTE}\u201d"]
    watched_page.assert_clean()


def test_unticking_a_kind_hides_its_edges(watched_page: Any, tmp_path: Path) -> None:
    page = open_graph(watched_page, tmp_path, seed_graph(), "filter")
    hidden = (
        "kgView.edges.get().filter(e => e.hidden === true && "
        "kgView.network.body.edges[e.id].options.hidden === true).map(e => e.kind)"
    )
    assert page.evaluate(hidden) == []
    commits = edge_id(page, "commits", 0)
    x, y = edge_midpoint(page, commits)
    box = page.locator("#kg-graph canvas").bounding_box()
    at = "([x, y]) => kgView.network.getEdgeAt({x: x, y: y}) || null"
    assert page.evaluate(at, [x - box["x"], y - box["y"]]) == commits

    page.uncheck('input[data-edge-kind="commits"]')
    assert page.evaluate(hidden) == ["commits"] * 4
    assert page.evaluate(at, [x - box["x"], y - box["y"]]) is None
    screenshot(page, "commits_hidden")

    page.check('input[data-edge-kind="commits"]')
    assert page.evaluate(hidden) == []
    watched_page.assert_clean()


def test_same_graph_gives_same_layout(watched_page: Any, tmp_path: Path) -> None:
    positions = "JSON.stringify(kgView.network.getPositions())"
    first = open_graph(watched_page, tmp_path, seed_graph(), "layout1").evaluate(positions)
    second = open_graph(watched_page, tmp_path, seed_graph(), "layout2").evaluate(positions)
    assert first == second
    watched_page.assert_clean()


def test_hostile_text_stays_text(watched_page: Any, tmp_path: Path) -> None:
    page = open_graph(watched_page, tmp_path, hostile_graph(), "hostile")
    assert page.inner_text("#kg-title") == HOSTILE_TITLE
    assert page.title() == HOSTILE_TITLE
    assert page.inner_text("#kg-note") == "<img src=x onerror=alert(2)> \u2028 note"
    assert page.evaluate("kgView.nodes.get().map(n => n.label)") == [HOSTILE, "javascript:alert(1)"]
    legend = page.inner_text("#kg-legend")
    assert "<b>bold</b>" in legend and HOSTILE_KIND in legend

    hover(page, *node_point(page, "n0"))
    assert tooltip_text(page) == "<img src=x onerror=alert(1)>\nline two"

    page.mouse.click(*edge_midpoint(page, "e0"))
    page.wait_for_selector("#kg-details-body .evidence")
    heading = page.inner_text("#kg-details-body h3")
    assert heading == f"{HOSTILE} \u2192 javascript:alert(1): <i>x</i>"
    assert panel_rows(page) == [
        [
            f"\u201c{HOSTILE_QUOTE}\u201d",
            "attribution: javascript:alert(4)",
            'article: <a href="javascript:alert(6)">x</a>',
            "offsets: 0\u20135",
        ]
    ]
    screenshot(page, "hostile")

    page.uncheck(f"input[data-edge-kind='{HOSTILE_KIND}']")
    assert page.evaluate("kgView.edges.get('e0').hidden") is True

    injected = page.evaluate(
        "[document.querySelectorAll('img, a, iframe, object, embed').length,"
        " document.scripts.length, typeof window.pwned]"
    )
    assert injected == [0, 3, "undefined"]
    watched_page.assert_clean()
