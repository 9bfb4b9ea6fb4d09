"""The package's shape: rooms import each other in one direction, through public names only.

The import graph is read from the source (every ``import`` that runs, at module level or
inside a function; ``if TYPE_CHECKING:`` imports are for type checkers only and left out).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from helpers import MAIN

PACKAGE = MAIN / "kg"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(MAIN).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def room(module: str) -> str:
    """``kg.store.oxigraph`` -> ``kg.store``; a top-level module is a room of its own."""
    return ".".join(module.split(".")[:2])


def type_checking_nodes(tree: ast.AST) -> set[int]:
    hidden: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            hidden.update(id(inner) for inner in ast.walk(node))
    return hidden


def imports_of(module: str) -> list[tuple[str, list[str]]]:
    """(imported kg module, names taken from it) for each runtime import in ``module``."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    hidden = type_checking_nodes(tree)
    found = []
    for node in ast.walk(tree):
        if id(node) in hidden:
            continue
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if not node.module.startswith("kg"):
                continue
            names = [a.name for a in node.names]
            submodules = [f"{node.module}.{n}" for n in names if f"{node.module}.{n}" in MODULES]
            plain = [n for n in names if f"{node.module}.{n}" not in MODULES]
            found.append((node.module, plain))
            found.extend((sub, []) for sub in submodules)
        elif isinstance(node, ast.Import):
            found.extend((a.name, []) for a in node.names if a.name.startswith("kg"))
    return [(target, names) for target, names in found if target != "kg"]


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = defaultdict(set)
    for module in MODULES:
        for target, _names in imports_of(module):
            assert target in MODULES, f"{module} imports {target}, which does not exist"
            if target != module:
                edges[module].add(target)
    return edges


def strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm: the groups of nodes that reach each other (the cycles)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(edges.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                group.append(other)
                if other == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return groups


def test_no_module_imports_in_a_cycle() -> None:
    assert strongly_connected(graph()) == []


def test_rooms_import_each_other_in_one_direction() -> None:
    rooms: dict[str, set[str]] = defaultdict(set)
    for module, targets in graph().items():
        for target in targets:
            if room(module) != room(target):
                rooms[room(module)].add(room(target))
    assert strongly_connected(rooms) == []


def test_a_submodule_never_imports_its_own_package() -> None:
    """``kg/store/oxigraph.py`` imports ``kg.store.base``, never ``kg.store`` (whose
    ``__init__`` imports the backends): that would be a cycle hidden by import order."""
    offenders = sorted(
        f"{module} imports {target}"
        for module, targets in graph().items()
        for target in targets
        if module.startswith(target + ".")
    )
    assert offenders == []


def test_no_private_name_crosses_a_module() -> None:
    crossing = sorted(
        f"{module}: from {target} import {name}"
        for module in MODULES
        for target, names in imports_of(module)
        for name in names
        if name.startswith("_") and target != module
    )
    assert crossing == []


def test_kg_help_imports_no_heavy_library() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from kg.cli import main\n"
        "assert CliRunner().invoke(main, ['--help']).exit_code == 0\n"
        "heavy = ('rdflib', 'pyoxigraph', 'networkx', 'pyvis', 'matplotlib', 'pyshacl', 'yaml')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"


def test_importing_any_module_loads_no_drawing_library() -> None:
    """matplotlib and scipy are imported only inside the drawing code (the PNG/SVG picture
    in kg.views.page, the notebook heatmap), never when a module is imported."""
    code = (
        "import importlib, sys\n"
        f"for name in {sorted(m for m in MODULES if m != 'kg.__main__')!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'matplotlib', 'scipy'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"
