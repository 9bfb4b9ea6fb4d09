"""kg.views.assets: the page's templates and static files exist, ship, and fill safely."""

from __future__ import annotations

import ast
import glob
import re
import tomllib
from pathlib import Path

import pytest

from kg.views.assets import Markup, escape, fill, inline_safe, static_text
from kg.views.page import GLYPHS
from kg.views.style import NEUTRAL_NODE, NODE_STYLES

ROOT = Path(__file__).resolve().parent.parent
VIEWS = ROOT / "kg" / "views"
ASSET_DIRS = ("templates", "static")

#: What markup in a Python string looks like: an HTML/SVG tag, a CSS rule, JS code.
MARKUP = {
    "tag": re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>"),
    "css rule": re.compile(r"[#.\w][^{};]*\{[^{}]*:[^{}]*;"),
    "js": re.compile(r"\bfunction\s*\(|\bdocument\.|\bvar\s+\w+\s*="),
}


def asset_files() -> dict[str, Path]:
    """Every file in kg/views/templates and kg/views/static, by its name."""
    found = {}
    for folder in ASSET_DIRS:
        for path in sorted((VIEWS / folder).iterdir()):
            assert path.name not in found, f"{path.name} is in both asset folders"
            found[path.name] = path
    return found


def python_strings(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string constant in ``path`` that is not a docstring."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def referenced_assets() -> set[str]:
    """Names the views code loads: first arguments of fill() and static_text(), and GLYPHS."""
    names = set(GLYPHS.values())
    for path in VIEWS.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("fill", "static_text")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                names.add(node.args[0].value)
    return names


def test_every_referenced_asset_exists_and_every_asset_is_used() -> None:
    files = asset_files()
    referenced = referenced_assets()
    assert sorted(referenced - set(files)) == []
    assert sorted(set(files) - referenced) == []
    assert {"page.html", "page.css", "page.js", "legend.html"} <= referenced


def test_every_asset_is_shipped_as_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["kg.views"]
    shipped = {
        Path(match).as_posix()
        for pattern in patterns
        for match in glob.glob(pattern, root_dir=ROOT / "kg" / "views", recursive=True)
    }
    wanted = {f"{path.parent.name}/{name}" for name, path in asset_files().items()}
    assert sorted(wanted - shipped) == []


def test_every_node_shape_has_a_glyph_or_falls_back_to_the_dot() -> None:
    shapes = {style.shape for style in [*NODE_STYLES.values(), NEUTRAL_NODE]}
    # vis-network's ellipse has no legend glyph of its own; it is listed with the dot's.
    assert sorted(shapes - set(GLYPHS)) == ["ellipse"]
    assert all(name.startswith("glyph-") and name.endswith(".svg") for name in GLYPHS.values())


def test_no_markup_in_python_strings() -> None:
    found = [
        f"{path.name}:{line}: {kind}: {text[:60]!r}"
        for path in sorted(VIEWS.rglob("*.py"))
        for line, text in python_strings(path)
        for kind, pattern in MARKUP.items()
        if pattern.search(text)
    ]
    assert found == []


def test_markup_detector_finds_each_kind() -> None:
    # The patterns above would catch what used to live in page.py.
    samples = {
        "tag": '<li class="empty">no nodes</li>',
        "css rule": "header h1 { margin: 0; font-size: 20px; }",
        "js": 'var data = JSON.parse(document.getElementById("kg-data").textContent);',
    }
    assert {kind: bool(MARKUP[kind].search(text)) for kind, text in samples.items()} == {
        "tag": True,
        "css rule": True,
        "js": True,
    }


def test_fill_escapes_text_and_keeps_markup() -> None:
    assert fill("note.html", note="a <b> & \"c\" 'd' \u2028") == (
        '<p class="note" id="kg-note">a &lt;b&gt; &amp; &quot;c&quot; &#x27;d&#x27; &#x2028;</p>'
    )
    glyph = fill("glyph-line.svg", color="#123456")
    assert isinstance(glyph, Markup)
    row = fill("legend-node.html", glyph=glyph, kind="<x>", count=3)
    assert row == (
        f'<li>{glyph}<span class="kind">&lt;x&gt;</span><span class="count">3</span></li>'
    )


def test_fill_refuses_missing_and_unused_values() -> None:
    with pytest.raises(KeyError, match=r"legend-empty.html: missing values \['things'\]"):
        fill("legend-empty.html")
    with pytest.raises(KeyError, match=r"unused values \['colour'\]"):
        fill("glyph-line.svg", color="#000000", colour="#000000")


def test_asset_files_end_with_one_line_break_that_fill_drops() -> None:
    for name, path in asset_files().items():
        text = path.read_text(encoding="utf-8")
        assert text.endswith("\n") and not text.endswith("\n\n"), name
    assert fill("legend-empty.html", things="edges") == '<li class="empty">no edges</li>'


def test_static_files_are_inlined_as_they_are() -> None:
    text = (VIEWS / "static" / "page.js").read_text(encoding="utf-8")
    assert static_text("page.js") == text
    with pytest.raises(RuntimeError, match="evil.js cannot be inlined safely"):
        inline_safe("evil.js", "var s = '</SCRIPT>';")
    assert escape("\u2029<") == "&#x2029;&lt;"
