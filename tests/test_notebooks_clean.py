"""The notebooks in notebooks/ are committed clean and hold no logic of their own.

Outputs and execution counts are derived data (they are produced by running the notebook:
`make notebooks` renders them to out/notebooks/), so a committed notebook has none. Names are
numbered and descriptive (``01_explore_the_seed_article.ipynb``). Code cells call into
``kg`` and display results: no functions, classes or loops, and imports only from ``kg``.
The notebooks themselves are executed by nbmake (``pytest notebooks --nbmake``).
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
EXPECTED = {"01_explore_the_seed_article.ipynb", "02_ask_your_own_questions.ipynb"}
#: Two digits, then at least three lower-case words: "01_explore_the_seed_article".
NAME = re.compile(r"\d{2}_[a-z0-9]+(_[a-z0-9]+){2,}\.ipynb")
#: Statements a code cell may not contain: logic belongs in kg, with tests.
LOGIC = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.Lambda,
    ast.With,
    ast.Try,
)


def notebook_paths() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(path: Path) -> list[tuple[int, str]]:
    """(cell number, source) of each code cell, IPython magics (``%...``) left out."""
    cells = []
    for number, cell in enumerate(load(path)["cells"], start=1):
        if cell["cell_type"] == "code":
            source = "".join(cell["source"])
            lines = [line for line in source.splitlines() if not line.lstrip().startswith("%")]
            cells.append((number, "\n".join(lines)))
    return cells


def test_the_notebooks_are_there() -> None:
    names = {path.name for path in notebook_paths()}
    assert EXPECTED <= names


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.name)
def test_name_is_numbered_and_descriptive(path: Path) -> None:
    assert NAME.fullmatch(path.name), f"{path.name}: name it like 01_explore_the_seed_article"


def test_numbers_are_unique() -> None:
    numbers = [path.name[:2] for path in notebook_paths()]
    assert len(numbers) == len(set(numbers)), numbers


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.name)
def test_committed_without_outputs(path: Path) -> None:
    dirty = []
    for number, cell in enumerate(load(path)["cells"], start=1):
        if cell["cell_type"] != "code":
            continue
        if cell.get("outputs"):
            dirty.append(f"cell {number} has outputs")
        if cell.get("execution_count") is not None:
            dirty.append(f"cell {number} has an execution count")
        if "execution" in cell.get("metadata", {}):
            dirty.append(f"cell {number} has execution timings in its metadata")
    assert not dirty, (
        f"{path.name}: " + "; ".join(dirty) + ". Clear them: jupyter nbconvert "
        f"--clear-output --inplace notebooks/{path.name}"
    )


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.name)
def test_runs_on_the_python3_kernel(path: Path) -> None:
    assert load(path)["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.name)
def test_code_cells_only_call_kg_and_display(path: Path) -> None:
    problems = []
    for number, source in code_cells(path):
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if isinstance(node, LOGIC):
                problems.append(f"cell {number}: {type(node).__name__} (move it into kg)")
            elif isinstance(node, ast.Import):
                problems.append(f"cell {number}: import {node.names[0].name} (import from kg)")
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] != "kg":
                problems.append(f"cell {number}: from {node.module} import ... (import from kg)")
    assert not problems, f"{path.name}: " + "; ".join(problems)


def test_the_logic_check_can_fail(tmp_path: Path) -> None:
    """The check above finds a helper function and a foreign import."""
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "source": ["import pandas\n", "def f(x):\n", "    return x\n"],
                "metadata": {},
                "outputs": [],
                "execution_count": None,
            }
        ]
    }
    path = tmp_path / "99_a_bad_example.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    with pytest.raises(AssertionError) as failure:
        test_code_cells_only_call_kg_and_display(path)
    assert "cell 1: import pandas (import from kg)" in str(failure.value)
    assert "cell 1: FunctionDef (move it into kg)" in str(failure.value)


def test_the_output_check_can_fail(tmp_path: Path) -> None:
    """An executed cell (output, execution count) is reported with how to clear it."""
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "source": ["1 + 1"],
                "metadata": {},
                "execution_count": 3,
                "outputs": [
                    {
                        "output_type": "execute_result",
                        "execution_count": 3,
                        "data": {"text/plain": ["2"]},
                        "metadata": {},
                    }
                ],
            }
        ]
    }
    path = tmp_path / "99_a_bad_example.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    with pytest.raises(AssertionError) as failure:
        test_committed_without_outputs(path)
    assert str(failure.value).startswith(
        "99_a_bad_example.ipynb: cell 1 has outputs; cell 1 has an execution count. Clear "
        "them: jupyter nbconvert --clear-output --inplace "
    )
