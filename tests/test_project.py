"""Which folder is the project (one rule), kg init, and kg's own ontology and queries as defaults.

The rule: ``--project DIR`` (or ``$KG_PROJECT``), else the nearest folder at or above the
current one that has ``seeds/``; anywhere else every command fails saying where it searched.
"""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from helpers import MAIN, ONTOLOGY, make_project, run_cli

from kg.annotate.registry import load_registry
from kg.annotate.scaffold import REGISTRY_TEMPLATE, init_project
from kg.cli import main
from kg.errors import KGError
from kg.project import Project, find_project
from kg.query.catalogue import list_queries, load_query


def outside_message(folder: Path) -> str:
    return (
        f"Error: no kg project here: neither {folder} nor any folder above it has seeds/\n"
        "  Create one with `kg init DIR`, or point at one with --project DIR.\n"
    )


@pytest.fixture
def nowhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty current folder that is in no project, with no $KG_PROJECT."""
    folder = tmp_path / "empty"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.delenv("KG_PROJECT", raising=False)
    return folder


# --- the rule -----------------------------------------------------------------------------


def test_the_current_folder_with_seeds_is_the_project(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "seeds").mkdir()
    monkeypatch.chdir(tmp_path)
    assert find_project() == Project(tmp_path)


def test_the_nearest_folder_above_with_seeds_is_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "seeds").mkdir()
    inner = tmp_path / "a" / "inner"  # a project inside a project: the nearer one wins
    (inner / "seeds").mkdir(parents=True)
    (inner / "x" / "y").mkdir(parents=True)
    monkeypatch.chdir(inner / "x" / "y")
    assert find_project() == Project(inner)
    monkeypatch.chdir(inner / "seeds")
    assert find_project() == Project(inner)
    monkeypatch.chdir(tmp_path / "a")
    assert find_project() == Project(tmp_path)


def test_the_checkout_is_a_project_from_any_folder_in_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(MAIN / "notebooks")
    assert find_project() == Project(MAIN)


def test_an_ontology_folder_does_not_make_a_project(nowhere: Path) -> None:
    (nowhere / "ontology").mkdir()
    with pytest.raises(KGError) as failure:
        find_project()
    assert f"Error: {failure.value}\n" == outside_message(nowhere)


def test_project_option_needs_seeds(tmp_path: Path) -> None:
    result = run_cli("build", "--project", tmp_path / "my corpus")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"Error: {tmp_path / 'my corpus'} is not a kg project: it has no seeds/ folder\n"
        "  Point --project at a folder with seeds/, or create a project there with "
        f"`kg init '{tmp_path / 'my corpus'}'`.\n"
    )


def test_kg_project_from_the_environment(nowhere: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    project = init_project(tmp_path / "elsewhere")
    monkeypatch.setenv("KG_PROJECT", str(project.root))
    result = run_cli("queries", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1].startswith("actor_claims,")


#: what each command needs besides --project to get as far as looking for the project
ARGUMENTS = {
    "new": ["article.txt"],
    "push": ["http://127.0.0.1:9/store"],
    "bench generate": ["corpus"],
    "query": ["actors"],
    "queries": ["actors"],
    "viz": ["actors"],
}


def leaf_commands() -> dict[str, click.Command]:
    """Every command that runs (``kg bench generate``, not the ``bench`` group), by name."""
    found: dict[str, click.Command] = {}
    for name, command in main.commands.items():
        if isinstance(command, click.Group):
            found.update((f"{name} {sub}", leaf) for sub, leaf in command.commands.items())
        else:
            found[name] = command
    return found


def project_commands() -> list[str]:
    return [n for n, c in leaf_commands().items() if any(p.name == "project_dir" for p in c.params)]


def test_every_command_but_init_looks_for_a_project() -> None:
    assert set(leaf_commands()) - set(project_commands()) == {"init"}


@pytest.mark.parametrize("name", project_commands())
def test_outside_a_project_every_command_fails_saying_where_it_searched(
    name: str, nowhere: Path
) -> None:
    (nowhere / "article.txt").write_text("Some Title\nSome text.\n", encoding="utf-8")
    result = run_cli(*name.split(), *ARGUMENTS.get(name, []))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == outside_message(nowhere)
    assert sorted(p.name for p in nowhere.iterdir()) == ["article.txt"]  # nothing written


# --- kg init --------------------------------------------------------------------------------


def test_init_creates_an_empty_project_that_builds_and_validates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli("init", "new/corpus")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "Created the kg project new/corpus\n"
        "  seeds/registry.yaml  the actor registry, empty\n"
        "  ontology, queries    kg's own (add ontology/ or queries/NAME.rq to override)\n"
        "Next: add actors to seeds/registry.yaml, then `kg new ARTICLE.txt` in the project.\n"
    )
    root = tmp_path / "new" / "corpus"
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == [
        "seeds", "seeds/registry.yaml"
    ]
    assert (root / "seeds" / "registry.yaml").read_text(encoding="utf-8") == REGISTRY_TEMPLATE
    assert load_registry(root / "seeds" / "registry.yaml").entities == {}
    monkeypatch.chdir(root / "seeds")
    result = run_cli("build")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Built {root / 'out' / 'kg.nq'}\n"
        "  articles: 0\n"
        "  claims:   0 (0 commitments, 0 stances, 0 statements, 0 events)\n"
        "  actors:   0\n"
        "  triples:  497 in 2 named graphs\n"
    )
    result = run_cli("validate", "--project", root)
    assert (result.exit_code, result.stdout) == (
        0, "Checked 0 claims in 497 triples: the KG conforms.\n"
    )


def test_init_in_an_existing_folder(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert init_project(tmp_path) == Project(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "seeds"]


def test_init_refuses_an_existing_project(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", seed=False)
    before = project.registry_file.read_bytes()
    result = run_cli("init", project.root)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"Error: {project.root} is already a kg project: it has seeds/\n"
        "  Nothing was changed. Work in it as it is, or pick another folder.\n"
    )
    assert project.registry_file.read_bytes() == before


def test_init_refuses_a_file(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    result = run_cli("init", tmp_path / "a-file")
    assert result.exit_code == 2
    assert "is a file" in result.stderr
    assert (tmp_path / "a-file").read_text(encoding="utf-8") == "x"


def test_init_under_a_file_is_one_message(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    result = run_cli("init", tmp_path / "a-file" / "corpus")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"Error: {tmp_path / 'a-file' / 'corpus' / 'seeds'}: cannot create the project: "
        "Not a directory\n"
    )


def test_init_leaves_nothing_behind_when_the_registry_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.files

    def disk_full(path: Path, data: str | bytes) -> None:
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(kg.files, "write_synced", disk_full)
    result = run_cli("init", tmp_path / "new" / "corpus")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"Error: {tmp_path / 'new' / 'corpus' / 'seeds'}/.registry")
    assert ": cannot write registry.yaml there: No space left on device\n" in result.stderr
    assert list(tmp_path.iterdir()) == []


# --- kg's ontology and queries, unless the project has its own ----------------------------


def test_without_an_ontology_folder_the_package_ontology_is_used(tmp_path: Path) -> None:
    project = init_project(tmp_path)
    assert project.ontology_file.read_bytes() == (ONTOLOGY / "kg.ttl").read_bytes()
    assert project.shapes_file.read_bytes() == (ONTOLOGY / "shapes.ttl").read_bytes()
    assert project.ontology_dir != tmp_path / "ontology"


def test_an_ontology_folder_replaces_the_package_ontology(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", seed=False)
    assert project.ontology_file == project.root / "ontology" / "kg.ttl"
    assert project.shapes_file == project.root / "ontology" / "shapes.ttl"


def test_project_queries_replace_and_add_to_the_package_catalogue(tmp_path: Path) -> None:
    project = init_project(tmp_path)
    package = [spec.name for spec in list_queries(project)]
    assert package == sorted(p.stem for p in (MAIN / "queries").glob("*.rq"))
    (project.queries_dir).mkdir()
    mine = "# title: Mine\n# question: What is mine?\nSELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s\n"
    (project.queries_dir / "actors.rq").write_text(mine, encoding="utf-8")
    (project.queries_dir / "aardvark.rq").write_text(mine, encoding="utf-8")
    specs = {spec.name: spec for spec in list_queries(project)}
    assert list(specs) == sorted([*package, "aardvark"])
    assert specs["actors"].path == project.queries_dir / "actors.rq"
    assert specs["actors"].title == "Mine"
    assert load_query(project, "aardvark").path == project.queries_dir / "aardvark.rq"
    assert load_query(project, "conflicts").path == MAIN / "queries" / "conflicts.rq"
