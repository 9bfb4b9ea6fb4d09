"""Safe HTML (issue 7, item 4): hostile text from a user's own corpus is inert in every view.

A project whose registry labels, claim summary, article title, article text and quote hold
``</script>``, ``<img src=x onerror=...>`` and ``javascript:`` strings is drawn in every view
(actors, proposal, actor, claims) and each page is loaded in a real headless Chromium
(fixtures in conftest.py): no dialog opens, no script of the data runs, nothing is
requested, and the hostile strings are shown as text: in node labels, in the hover
tooltip and in the evidence panel.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.project import Project

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

HERE = Path(__file__).parent
ROOT = HERE.parent
SEED_ID = "000_3622f00dcd344a76"

KREMLIN_LABEL = "The Kremlin </script><img src=x onerror=alert(1)>"
BACKSTOP_LABEL = "javascript:alert(2)"
OUTCOME_LABEL = 'NATO troops <img src=x onerror="window.pwned=1">'
SUMMARY = "The Kremlin rejects </script><script>alert(3)</script> NATO troops"
TITLE = "<script>alert(4)</script> European Leaders"
SENTENCE = (
    "The Kremlin called it </script><img src=x onerror=alert(5)> and "
    '<a href="javascript:alert(6)">javascript:alert(6)</a> in a statement.'
)


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def hostile_project(root: Path) -> Project:
    """The seed project with hostile labels, summary, title, text and quote."""
    for folder in ("ontology", "queries", "seeds"):
        shutil.copytree(ROOT / folder, root / folder)
    project = Project(root)
    registry = project.registry_file
    replace_once(registry, "    label: The Kremlin\n", f"    label: '{KREMLIN_LABEL}'\n")
    replace_once(registry, "    label: American backstop\n", f"    label: '{BACKSTOP_LABEL}'\n")
    replace_once(
        registry,
        "    label: NATO troops stationed on Ukrainian territory\n",
        f"    label: '{OUTCOME_LABEL}'\n",
    )
    text = project.seeds / f"{SEED_ID}.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\n" + SENTENCE + "\n", encoding="utf-8")
    annotation = project.seeds / f"{SEED_ID}.yaml"
    replace_once(annotation, "  title: European Leaders Push", f"  title: '{TITLE}' # Push")
    replace_once(
        annotation,
        "    summary: The Kremlin rejects NATO troops being stationed on Ukrainian territory\n",
        f"    summary: '{SUMMARY}'\n",
    )
    with open(annotation, "a", encoding="utf-8") as handle:
        handle.write(
            "\n  - id: kremlin-hostile-statement\n"
            "    kind: stance\n"
            "    summary: The Kremlin rejects the American backstop\n"
            f"    quote: '{SENTENCE}'\n"
            "    actor: kremlin\n"
            "    stance: rejects\n"
            "    target: american-backstop\n"
            "    source: kremlin\n"
            "    modality: firm\n"
        )
    return project


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    from kg.build import build

    project = hostile_project(tmp_path_factory.mktemp("hostile") / "proj")
    build(project)
    return project


VIEWS = [
    ("actors", None),
    ("proposal", "american-backstop"),
    ("actor", "kremlin"),
    ("claims", None),
]


def render(project: Project, view: str, name: str | None, out: Path) -> Path:
    """Draw one view of ``project`` to ``out`` with ``kg viz``."""
    args = ["viz", view, *([name] if name else []), "--project", str(project.root), "-o", str(out)]
    if out.suffix != ".html":
        args += ["--format", out.suffix.lstrip(".")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"Wrote {out}", result.output
    return out


def open_page(watched: Any, path: Path) -> Any:
    page = watched.page
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready='true']", state="attached", timeout=20_000)
    return page


#: every element the page's own markup or vis-network could have made from data, and any
#: attribute that runs script
INJECTED = """() => {
    const all = Array.from(document.querySelectorAll('*'));
    return {
        img: document.querySelectorAll('img, iframe, object, embed, script[src]').length,
        handlers: all.filter(e => Array.from(e.attributes).some(a => a.name.startsWith('on')))
                     .map(e => e.tagName),
        jsLinks: Array.from(document.querySelectorAll('[href], [src], [action]'))
            .filter(e => ['href', 'src', 'action']
                .some(a => /javascript:/i.test(e.getAttribute(a) || ''))).length,
        scripts: document.scripts.length,
        pwned: typeof window.pwned,
    };
}"""


def panel_text(page: Any) -> str:
    return page.inner_text("#kg-details-body")


@pytest.mark.parametrize(("view", "name"), VIEWS, ids=[v for v, _ in VIEWS])
def test_hostile_corpus_is_inert_in_every_view(
    view: str, name: str | None, project: Project, watched_page: Any, tmp_path: Path
) -> None:
    page = open_page(watched_page, render(project, view, name, tmp_path / f"{view}.html"))
    labels = page.evaluate("kgView.nodes.get().map(n => n.label)")
    titles = "\n".join(page.evaluate("kgView.nodes.get().map(n => n.title || '')"))

    # every edge's and node's evidence panel, opened through the page's own click handlers
    shown = []
    for eid in page.evaluate("kgView.edges.getIds()"):
        page.evaluate("id => kgView.showEdge(id)", eid)
        shown.append(panel_text(page))
    for nid in page.evaluate("kgView.nodes.getIds()"):
        page.evaluate("id => kgView.showNode(id)", nid)
        shown.append(panel_text(page))
    panels = "\n".join(shown)

    # the hostile text is there, as text
    everything = "\n".join(labels) + "\n" + titles + "\n" + panels
    assert SENTENCE in panels
    expected = {
        "actors": [KREMLIN_LABEL, BACKSTOP_LABEL, OUTCOME_LABEL],
        "proposal": [KREMLIN_LABEL, BACKSTOP_LABEL],
        "actor": [KREMLIN_LABEL, BACKSTOP_LABEL, OUTCOME_LABEL],
        "claims": [KREMLIN_LABEL, BACKSTOP_LABEL],
    }[view]
    for text in expected:
        assert text in everything, (view, text)
    if view == "claims":
        assert SUMMARY in everything

    assert page.evaluate(INJECTED) == {
        "img": 0,
        "handlers": [],
        "jsLinks": 0,
        "scripts": 3,
        "pwned": "undefined",
    }
    watched_page.assert_clean()


def test_hovering_a_hostile_label_shows_it_as_text(
    project: Project, watched_page: Any, tmp_path: Path
) -> None:
    page = open_page(watched_page, render(project, "actors", None, tmp_path / "hover.html"))
    node = page.evaluate(
        "label => kgView.nodes.get({filter: n => n.label === label})[0].id", KREMLIN_LABEL
    )
    x, y = page.evaluate(
        """id => {
            const p = kgView.network.canvasToDOM(kgView.network.getPositions([id])[id]);
            const box = document.querySelector('#kg-graph canvas').getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""",
        node,
    )
    page.mouse.move(x - 40, y - 40)
    page.mouse.move(x, y, steps=4)
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert tooltip.inner_text().split("\n")[0] == KREMLIN_LABEL
    assert page.evaluate(INJECTED)["img"] == 0
    watched_page.assert_clean()


def test_static_svg_of_a_hostile_corpus_is_inert(
    project: Project, watched_page: Any, tmp_path: Path
) -> None:
    """The picture draws the labels as text; opened in the browser, nothing runs."""
    path = render(project, "actors", None, tmp_path / "actors.svg")
    svg = path.read_text(encoding="utf-8")
    assert "<script" not in svg and "<img" not in svg and "<a " not in svg
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in svg
    page = watched_page.page
    page.goto(path.as_uri())
    assert page.evaluate("document.querySelectorAll('script, img, a, foreignObject').length") == 0
    watched_page.assert_clean()
