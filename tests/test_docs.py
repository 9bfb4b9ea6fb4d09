"""The README is the front door: every command is documented there, and every example in it
is real — each ``$ kg ...`` line in a ``console`` block is run and its output compared, after
the block's earlier commands (so ``kg init DIR`` then ``kg build --project DIR`` works).

A console block that holds one ``kg ... --format markdown`` command and no output is
followed by the rendered table it prints. Run this file with ``--update`` to rewrite the
README's example outputs after a deliberate change:
``.venv/bin/python tests/test_docs.py --update`` (then review ``git diff README.md``).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(r"```console\n(.*?)```\n", re.S)
TABLE_AFTER = re.compile(r"\n\n((?:\|.*\|\n)+)")


@dataclass
class Example:
    command: str
    expected: str
    start: int  # where the expected text starts in the README
    end: int
    before: tuple[str, ...] = ()  # the commands above it in its console block, run first


def examples(text: str) -> list[Example]:
    """Every ``$ kg`` command in a console block with the output the README shows for it."""
    found = []
    for block in BLOCK.finditer(text):
        body = block.group(1)
        parts = re.split(r"(?m)^\$ ", body)
        offset = block.start(1)
        position = offset + len(parts[0])
        before: tuple[str, ...] = ()
        for part in parts[1:]:
            command, _, output = part.partition("\n")
            out_start = position + 2 + len(command) + 1
            if command.startswith("kg ") and "--format markdown" in command and not output:
                table = TABLE_AFTER.match(text, block.end() - 1)
                assert table, f"no table follows `{command}` in the README"
                found.append(Example(command, table.group(1), table.start(1), table.end(1),
                                     before))
            elif command.startswith("kg "):
                found.append(Example(command, output, out_start, out_start + len(output), before))
            before += (command,)
            position += 2 + len(part)
    return found


def project_copy(tmp: Path) -> Path:
    for name in ("seeds", "ontology", "queries"):
        shutil.copytree(ROOT / name, tmp / name)
    return tmp


def prepared_copy(tmp: Path, example: Example) -> Path:
    """A built copy of this project, with the commands above ``example`` in its block run."""
    cwd = project_copy(tmp)
    run_example("kg build", cwd)
    for command in example.before:
        run_example(command, cwd)
    return cwd


def run_example(command: str, cwd: Path) -> str:
    from kg.cli import main

    args = shlex.split(command)[1:]
    runner = CliRunner()
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = runner.invoke(main, args, catch_exceptions=False)
    finally:
        os.chdir(old)
    return result.output


def all_commands() -> list[str]:
    from kg.cli import main

    names = []
    for name, command in main.commands.items():
        names.append(name)
        if isinstance(command, click.Group):
            names.extend(f"{name} {sub}" for sub in command.commands)
    return names


README_TEXT = README.read_text(encoding="utf-8")
EXAMPLES = examples(README_TEXT)


def test_readme_has_examples() -> None:
    commands = [e.command.split()[1] for e in EXAMPLES]
    for needed in ("build", "validate", "query", "viz"):
        assert needed in commands, f"the README shows no `kg {needed}` example"


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.command for e in EXAMPLES])
def test_readme_example_output_is_real(example: Example, tmp_path: Path) -> None:
    cwd = prepared_copy(tmp_path, example)
    assert run_example(example.command, cwd) == example.expected


@pytest.mark.parametrize("name", all_commands())
def test_every_command_has_help_and_is_in_the_readme(name: str) -> None:
    from kg.cli import main

    command = main
    for part in name.split():
        command = command.commands[part]  # type: ignore[attr-defined]
    assert command.help and command.help.strip(), f"kg {name} has no help text"
    assert f"kg {name}" in README_TEXT, f"`kg {name}` is not in the README"


def test_readme_links_exist() -> None:
    for target in re.findall(r"\]\(([^)#]+)\)", README_TEXT):
        if "://" not in target:
            assert (ROOT / target).exists(), f"README links to missing {target}"


def update() -> None:
    """Rewrite the README's example outputs with what the commands print now."""
    import tempfile

    text = README_TEXT
    for example in sorted(EXAMPLES, key=lambda e: e.start, reverse=True):
        with tempfile.TemporaryDirectory() as tmp:
            output = run_example(example.command, prepared_copy(Path(tmp), example))
        text = text[: example.start] + output + text[example.end :]
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        update()
    else:
        sys.exit("usage: python tests/test_docs.py --update")
