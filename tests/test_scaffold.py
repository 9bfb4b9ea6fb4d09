"""kg new: copy an article into seeds/ byte for byte and scaffold an annotation file that loads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers import SEEDS, make_project, run_cli

from kg.annotate.annotations import load_article
from kg.annotate.registry import load_registry
from kg.annotate.scaffold import add_article, find_date, mentioned_actors
from kg.errors import AnnotationError
from kg.project import Project

NEXT = "Next: add claims to the .yaml (docs/authoring.md), then `kg build && kg validate`.\n"

#: names the Kremlin, Kyiv (Ukraine), London (UK), NATO and 24brussels as its publisher
CREDITED = ("Kremlin Says No to NATO Troops\r\n"
            "On 21 August 2025 the Kremlin told Kyiv and London that NATO troops are unwelcome, "
            "reports 24brussels.\r\n"
            "Ukraine’s reply — if any — is awaited.\r\n")
#: no outlet and no date
UNCREDITED = "Talks Continue\nThe Kremlin and Kyiv exchanged letters.\n"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_project(tmp_path / "p", seed=False)


def write_source(tmp_path: Path, name: str, text: str) -> Path:
    source = tmp_path / name
    source.write_bytes(text.encode("utf-8"))
    return source


def test_new_copies_the_text_byte_for_byte_and_names_the_actors(project: Project,
                                                                tmp_path: Path) -> None:
    source = write_source(tmp_path, "010_kremlin_letter.txt", CREDITED)
    result = run_cli("new", "--project", project.root, source)
    assert result.exit_code == 0, result.output
    target = project.seeds / "010_kremlin_letter.txt"
    annotation = project.seeds / "010_kremlin_letter.yaml"
    assert result.stdout == (
        f"Copied {target}\n"
        f"Wrote  {annotation}\n"
        "Actors of the registry this text mentions: ukraine, united-kingdom, nato, kremlin, "
        "24brussels\n" + NEXT
    )
    assert target.read_bytes() == source.read_bytes()
    article = load_article(target, load_registry(project.registry_file))
    assert article.title == "Kremlin Says No to NATO Troops"
    assert article.publisher == "24brussels"
    assert article.published == dt.date(2025, 8, 21)
    assert article.published_assumed is False
    assert article.date_note is None
    assert article.claims == []
    assert annotation.read_text(encoding="utf-8").splitlines()[:2] == [
        "# Annotation of seeds/010_kremlin_letter.txt — see docs/authoring.md for the format.",
        "# Actors of the registry named in the text: ukraine, united-kingdom, nato, kremlin, "
        "24brussels",
    ]


def test_scaffold_loads_once_the_publisher_is_filled_in(project: Project, tmp_path: Path) -> None:
    source = write_source(tmp_path, "011_letters.txt", UNCREDITED)
    new = add_article(project, source, today=dt.date(2025, 9, 1))
    assert new.actors == ["ukraine", "kremlin"]
    registry = load_registry(project.registry_file)
    with pytest.raises(AnnotationError) as failure:
        load_article(new.text_path, registry)
    assert str(failure.value) == (
        f"{new.annotation_path}:5: article: unknown actor 'REPLACE-WITH-PUBLISHER-ID' in "
        "'publisher'\n"
        "  If 'REPLACE-WITH-PUBLISHER-ID' is new, add it to registry.yaml "
        "(see docs/authoring.md)."
    )
    text = new.annotation_path.read_text(encoding="utf-8")
    new.annotation_path.write_text(
        text.replace("REPLACE-WITH-PUBLISHER-ID  # add the outlet to the registry",
                     "24brussels"), encoding="utf-8")
    article = load_article(new.text_path, registry)
    assert (article.title, article.publisher) == ("Talks Continue", "24brussels")
    assert article.published == dt.date(2025, 9, 1)
    assert article.published_assumed is True
    assert article.date_note == ("The text states no date; kg new put today's date. Replace it "
                                 "with the real or best-estimated publication date.")
    # and the project builds with it
    result = run_cli("build", "--project", project.root)
    assert result.exit_code == 0, result.output
    assert "  claims:   0 (0 commitments, 0 stances, 0 statements, 0 events)\n" in result.stdout


def test_title_with_quotes_and_backslashes_survives(project: Project, tmp_path: Path) -> None:
    title = 'Kremlin: "No" to troops \\ C:\\path — #1'
    source = write_source(tmp_path, "012_title.txt", f"{title}\nText reports 24brussels.\n")
    new = add_article(project, source)
    article = load_article(new.text_path, load_registry(project.registry_file))
    assert article.title == title


def test_new_with_another_name(project: Project, tmp_path: Path) -> None:
    source = write_source(tmp_path, "draft.txt", CREDITED)
    result = run_cli("new", "--project", project.root, source, "--name", "013_renamed")
    assert result.exit_code == 0, result.output
    assert (project.seeds / "013_renamed.txt").read_bytes() == source.read_bytes()
    assert (project.seeds / "013_renamed.yaml").exists()


def test_new_refuses_an_existing_name(project: Project, tmp_path: Path) -> None:
    source = write_source(tmp_path, "014_twice.txt", CREDITED)
    assert run_cli("new", "--project", project.root, source).exit_code == 0
    annotation = project.seeds / "014_twice.yaml"
    annotation.write_text("# my work\n", encoding="utf-8")
    source.write_text("A different text\n", encoding="utf-8")
    result = run_cli("new", "--project", project.root, source)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: {project.seeds / '014_twice.txt'}: 014_twice.txt already exists in "
        f"{project.seeds}\n"
        "  Pick another name with --name, or edit the existing files.\n"
    )
    assert (project.seeds / "014_twice.txt").read_bytes() == CREDITED.encode("utf-8")
    assert annotation.read_text(encoding="utf-8") == "# my work\n"


def test_new_refuses_an_existing_annotation_alone(project: Project, tmp_path: Path) -> None:
    (project.seeds / "015_half.yaml").write_text("# my work\n", encoding="utf-8")
    source = write_source(tmp_path, "015_half.txt", CREDITED)
    result = run_cli("new", "--project", project.root, source)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {project.seeds / '015_half.yaml'}: 015_half.yaml already exists in "
        f"{project.seeds}\n"
        "  Pick another name with --name, or edit the existing files.\n"
    )
    assert not (project.seeds / "015_half.txt").exists()


def test_the_build_hint_for_a_missing_annotation_works(project: Project) -> None:
    """`kg build` says "Create it with `kg new seeds/X.txt`"; following that advice must work.

    The text is already in seeds/, so kg new should only write the missing annotation file.
    """
    text_path = project.seeds / "016_orphan.txt"
    text_path.write_bytes(CREDITED.encode("utf-8"))
    failed = run_cli("build", "--project", project.root)
    assert failed.exit_code == 2
    assert f"Create it with `kg new {text_path}`" in failed.stderr
    result = run_cli("new", "--project", project.root, text_path)
    assert result.exit_code == 0, result.output
    assert text_path.read_bytes() == CREDITED.encode("utf-8")
    assert (project.seeds / "016_orphan.yaml").exists()
    assert run_cli("build", "--project", project.root).exit_code == 0


def test_new_refuses_a_bad_name(project: Project, tmp_path: Path) -> None:
    source = write_source(tmp_path, "ok.txt", CREDITED)
    result = run_cli("new", "--project", project.root, source, "--name", "bad name")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {source}: 'bad name' cannot be an article id\n"
        "  Pass --name with letters, digits, '_', '-' or '.'.\n"
    )
    assert sorted(p.name for p in project.seeds.iterdir()) == ["registry.yaml"]


def test_new_refuses_an_empty_article(project: Project, tmp_path: Path) -> None:
    source = write_source(tmp_path, "empty.txt", " \n\n")
    result = run_cli("new", "--project", project.root, source)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {source}: article is empty\n  Paste the article's text into it first.\n"
    )
    assert sorted(p.name for p in project.seeds.iterdir()) == ["registry.yaml"]


def test_new_refuses_a_missing_file(project: Project, tmp_path: Path) -> None:
    result = run_cli("new", "--project", project.root, tmp_path / "nope.txt")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


# --- the helpers behind it ---------------------------------------------------------------------


def test_find_date() -> None:
    assert find_date("Published 2025-08-20 in Brussels") == dt.date(2025, 8, 20)
    assert find_date("On 3 September 2025, leaders met") == dt.date(2025, 9, 3)
    assert find_date("on 3 september 2025") == dt.date(2025, 9, 3)
    assert find_date("2025-02-30 was no day; 1 March 2025 was") == dt.date(2025, 3, 1)
    assert find_date("On Tuesday, officials met") is None


def test_mentioned_actors_match_whole_words_only() -> None:
    registry = load_registry(SEEDS / "registry.yaml")
    assert mentioned_actors(registry, "A Parisian cafe in the USA") == ["united-states"]
    assert mentioned_actors(registry, "Trumpet players in Romeo") == []
    assert mentioned_actors(registry, "Caroline Levitt said") == ["karoline-leavitt"]
