"""Bad input never crashes with a traceback (issue 7, item 1): the gaps the per-module tests leave.

* Every error path through the CLI prints ``Error: FILE:LINE: ...`` (no traceback) and exits
  with 2; ``kg --debug`` shows the traceback instead.
* Files over the size limits are refused before they are read; a file under the limit with
  a bad quote is reported in bounded time.
* A malformed or oversized ontology is reported with its file and line.
* YAML bombs (aliases of aliases, "billion laughs") are reported in bounded time and memory.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import sys
import textwrap
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kg.annotate.annotations import load_article
from kg.annotate.registry import load_registry
from kg.cli import main
from kg.errors import AnnotationError
from kg.project import MAX_ARTICLE_BYTES, Project

pytestmark = pytest.mark.timeout(60)

HERE = Path(__file__).parent
ROOT = HERE.parent
SEEDS = ROOT / "seeds"
SEED_ID = "000_3622f00dcd344a76"
FIRST_CLAIM_LINE = 17  # "  - id: leaders-push-for-guarantees" in the seed annotation
SECOND_CLAIM_LINE = 28


def make_project(root: Path) -> Project:
    """A copy of the seed project under ``root``."""
    for folder in ("ontology", "queries", "seeds"):
        shutil.copytree(ROOT / folder, root / folder)
    return Project(root)


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def assert_clean_error(result: Result, prefix: str, phrase: str | None = None) -> None:
    """Exit 2, no traceback, and stderr is ``Error: PREFIX...`` (with ``phrase`` in it)."""
    assert isinstance(result.exception, SystemExit), (
        f"unexpected {type(result.exception).__name__}: {result.exception}"
    )
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {prefix}"), result.stderr
    if phrase is not None:
        assert phrase in result.stderr, result.stderr


# --- every bad annotation / registry / ontology through the CLI --------------------------------

Mutation = Callable[[Project], tuple[Path, "int | set[int] | None", "str | None"]]


def _annotation(p: Project) -> Path:
    return p.seeds / f"{SEED_ID}.yaml"


def _text(p: Project) -> Path:
    return p.seeds / f"{SEED_ID}.txt"


def yaml_syntax(p: Project):  # noqa: ANN201
    path = _annotation(p)
    replace_once(path, "    modality: firm\n", "    modality: [firm\n")
    return path, 28, "YAML syntax error: did not find expected ',' or ']'"  # where it noticed


def unknown_actor(p: Project):  # noqa: ANN201
    path = _annotation(p)
    replace_once(path, "    actor: european-leaders\n", "    actor: european-leader\n")
    return path, FIRST_CLAIM_LINE, "unknown actor 'european-leader' in 'actor'"


def quote_not_in_article(p: Project):  # noqa: ANN201
    path = _annotation(p)
    replace_once(
        path,
        "quote: European Leaders Push for Security Guarantees for Ukraine\n",
        "quote: European Leaders Push for Security Guarantee for Ukraine\n",
    )
    return path, FIRST_CLAIM_LINE, "quote not found verbatim in the article"


def duplicate_claim_id(p: Project):  # noqa: ANN201
    path = _annotation(p)
    replace_once(path, "  - id: us-support-shifting\n", "  - id: leaders-push-for-guarantees\n")
    return path, SECOND_CLAIM_LINE, "duplicate claim id 'leaders-push-for-guarantees'"


def impossible_date(p: Project):  # noqa: ANN201
    path = _annotation(p)
    replace_once(path, "  published: 2025-08-20\n", "  published: 2025-02-30\n")
    return path, {4, 6}, None  # the article mapping or the value's line


def month_thirteen(p: Project):  # noqa: ANN201
    path = _annotation(p)
    replace_once(
        path,
        "    modality: firm\n",
        "    modality: firm\n    date: 2025-13-01\n    date_basis: stated\n",
    )
    return path, {FIRST_CLAIM_LINE, 27}, None


def date_as_words(p: Project):  # noqa: ANN201
    path = _annotation(p)
    replace_once(path, "  published: 2025-08-20\n", "  published: 20 August 2025\n")
    return path, 4, "'published' is '20 August 2025', not a real date"


def missing_field(p: Project):  # noqa: ANN201
    path = _annotation(p)
    replace_once(path, "    source: 24brussels\n    modality: firm\n", "    source: 24brussels\n")
    return path, FIRST_CLAIM_LINE, "missing required field 'modality'"


def summary_is_a_list(p: Project):  # noqa: ANN201
    path = _annotation(p)
    replace_once(
        path,
        "    summary: European leaders push for security guarantees for Ukraine\n",
        "    summary: [European leaders, push]\n",
    )
    return path, FIRST_CLAIM_LINE, "'summary' must be text, got list"


def modality_is_a_list(p: Project):  # noqa: ANN201
    path = _annotation(p)
    replace_once(path, "    modality: firm\n", "    modality: [firm]\n")
    return path, FIRST_CLAIM_LINE, None


def stance_is_a_mapping(p: Project):  # noqa: ANN201
    path = _annotation(p)
    replace_once(path, "    stance: proposes\n", "    stance: {proposes: 1}\n")
    return path, FIRST_CLAIM_LINE, None


def capability_nested_list(p: Project):  # noqa: ANN201
    path = _annotation(p)
    replace_once(path, "    modality: firm\n", "    modality: firm\n    capability: [[troops]]\n")
    return path, FIRST_CLAIM_LINE, None


def expressed_in_a_list(p: Project):  # noqa: ANN201
    path = _annotation(p)
    replace_once(
        path,
        "    modality: firm\n",
        "    modality: firm\n    expressed_in: [us-support-shifting]\n",
    )
    return path, FIRST_CLAIM_LINE, None


def huge_integer(p: Project):  # noqa: ANN201
    path = _annotation(p)
    replace_once(
        path, "    modality: firm\n", "    modality: firm\n    occurrence: " + "9" * 5000 + "\n"
    )
    return path, {FIRST_CLAIM_LINE, 27}, None


def empty_article(p: Project):  # noqa: ANN201
    path = _text(p)
    path.write_text(" \n\n", encoding="utf-8")
    return path, None, "article is empty"


def article_not_utf8(p: Project):  # noqa: ANN201
    path = _text(p)
    data = path.read_bytes()
    at = data.index(b"\n") + 1  # start of line 2
    path.write_bytes(data[:at] + b"caf\xe9 " + data[at:])
    return path, 2, f"article is not UTF-8 (byte 0xe9 at offset {at + 3})"


def annotation_not_utf8(p: Project):  # noqa: ANN201
    path = _annotation(p)
    data = path.read_bytes().replace(b"  language: en\n", b"  language: en\n# caf\xe9\n", 1)
    path.write_bytes(data)
    return path, 14, "YAML file is not UTF-8 (byte 0xe9"


def no_annotation_file(p: Project):  # noqa: ANN201
    _annotation(p).unlink()
    return _text(p), None, f"article has no annotation file {SEED_ID}.yaml"


def registry_unknown_member(p: Project):  # noqa: ANN201
    path = p.registry_file
    replace_once(path, "    member_of: [nato]\n", "    member_of: [natoo]\n")
    return path, line_of(path, "  - id: united-states"), "member_of 'natoo' is not a known actor"


def registry_duplicate_id(p: Project):  # noqa: ANN201
    path = p.registry_file
    replace_once(path, "  - id: russia\n", "  - id: ukraine\n")
    return path, line_of(path, "  - id: ukraine") + 5, "duplicate id 'ukraine'"


def registry_type_is_a_list(p: Project):  # noqa: ANN201
    path = p.registry_file
    replace_once(path, "    type: state\n", "    type: [state]\n")
    return path, line_of(path, "  - id: ukraine"), None


def registry_yaml_syntax(p: Project):  # noqa: ANN201
    path = p.registry_file
    replace_once(path, "    label: Ukraine\n", "    label: Ukraine: the state\n")
    return path, line_of(path, "label: Ukraine: the state"), "YAML syntax error: mapping values"


def registry_missing(p: Project):  # noqa: ANN201
    p.registry_file.unlink()
    return p.registry_file, None, "the project has no actor registry"


def ontology_bad_turtle(p: Project):  # noqa: ANN201
    path = p.ontology_file
    path.write_text(
        '@prefix kg: <https://w3id.org/newskg/ns#> .\nkg:A a kg:B ;\n  kg:c "x" .\n'
        "kg:D kg:e kg:f kg:g .\n",
        encoding="utf-8",
    )
    return path, 4, "turtle syntax error at line 4, column 16"


def ontology_not_utf8(p: Project):  # noqa: ANN201
    path = p.ontology_file
    path.write_bytes(b'@prefix kg: <https://w3id.org/newskg/ns#> .\nkg:A kg:b "caf\xe9" .\n')
    return path, {2, None}, None


CASES = [
    yaml_syntax,
    unknown_actor,
    quote_not_in_article,
    duplicate_claim_id,
    impossible_date,
    month_thirteen,
    date_as_words,
    missing_field,
    summary_is_a_list,
    modality_is_a_list,
    stance_is_a_mapping,
    capability_nested_list,
    expressed_in_a_list,
    huge_integer,
    empty_article,
    article_not_utf8,
    annotation_not_utf8,
    no_annotation_file,
    registry_unknown_member,
    registry_duplicate_id,
    registry_type_is_a_list,
    registry_yaml_syntax,
    registry_missing,
    ontology_bad_turtle,
    ontology_not_utf8,
]


@pytest.mark.parametrize("mutate", CASES, ids=[c.__name__ for c in CASES])
def test_bad_input_gives_one_error_naming_file_and_line(mutate: Mutation, tmp_path: Path) -> None:
    project = make_project(tmp_path / "proj")
    path, line, phrase = mutate(project)
    result = run("build", "--project", project.root)
    lines = {line} if not isinstance(line, set) else line
    prefixes = [f"{path}:{n}: " if n is not None else f"{path}: " for n in lines]
    assert isinstance(result.exception, SystemExit), (
        f"unexpected {type(result.exception).__name__}: {result.exception}"
    )
    assert any(result.stderr.startswith(f"Error: {p}") for p in prefixes), result.stderr
    assert_clean_error(result, str(path), phrase)
    assert not project.kg_file.exists()


def test_build_reports_a_bad_annotation_with_a_suggestion(tmp_path: Path) -> None:
    project = make_project(tmp_path / "proj")
    path, line, phrase = unknown_actor(project)
    result = run("build", "--project", project.root)
    assert_clean_error(result, f"{path}:{line}: claim 'leaders-push-for-guarantees': ", phrase)
    assert "Did you mean: european-leaders" in result.stderr


def test_validate_checks_the_built_kg_not_an_annotation_broken_since(tmp_path: Path) -> None:
    """Only kg build reads annotations: validate checks the KG queries read, and says that it
    is older than the seeds; the build reports the bad annotation and leaves the KG alone."""
    project = make_project(tmp_path / "proj")
    assert run("build", "--project", project.root).exit_code == 0
    built = project.kg_file.read_bytes()
    path, line, phrase = unknown_actor(project)
    when = project.kg_file.stat().st_mtime + 5
    os.utime(path, (when, when))
    checked = (
        "Warning: seeds or ontology changed after out/kg.nq was written; its answers are out "
        "of date (run kg build).\nChecked 43 claims in 1914 triples: the KG conforms.\n"
    )
    result = run("validate", "--project", project.root)
    assert (result.exit_code, result.stdout, result.stderr) == (0, checked, "")
    result = run("build", "--project", project.root)
    assert_clean_error(result, f"{path}:{line}: claim 'leaders-push-for-guarantees': ", phrase)
    assert project.kg_file.read_bytes() == built
    assert run("validate", "--project", project.root).stdout == checked


def test_unclosed_quote_names_the_line_where_it_opened(tmp_path: Path) -> None:
    """The parser notices an unclosed quote far below it; the message must point back up."""
    project = make_project(tmp_path / "proj")
    replace_once(project.registry_file, "    label: Ukraine\n", "    label: 'Ukraine\n")
    result = run("build", "--project", project.root)
    assert_clean_error(result, f"{project.registry_file}:102: YAML syntax error: ")
    start = line_of(project.registry_file, "  - id: ukraine")  # the entry the quote opened in
    assert f"line {start}" in result.stderr.split("\n")[0], result.stderr


def test_not_a_project(tmp_path: Path) -> None:
    result = run("build", "--project", tmp_path)
    assert_clean_error(result, f"{tmp_path} is not a kg project: it has no seeds/ folder")


def test_output_under_a_file_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    project = make_project(tmp_path / "proj")
    (tmp_path / "a-file").write_text("x")
    result = run("build", "--project", project.root, "-o", tmp_path / "a-file" / "kg.nq")
    assert_clean_error(result, f"{tmp_path / 'a-file'}: ")
    assert "unexpected" not in result.stderr  # a user's mistake, not a bug in kg


def test_export_under_a_file_is_an_error_not_a_bug(tmp_path: Path) -> None:
    project = make_project(tmp_path / "proj")
    assert run("build", "--project", project.root).exit_code == 0
    (tmp_path / "a-file").write_text("x")
    result = run("export", "--project", project.root, "-o", tmp_path / "a-file" / "kg.ttl")
    assert_clean_error(result, f"{tmp_path / 'a-file'}: ")
    assert "unexpected" not in result.stderr


def test_unexpected_exception_is_one_line_and_exit_2(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """Defence in depth: a bug in kg must not show a traceback to a user without --debug."""
    import kg.build

    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise RuntimeError("something kg did not expect")

    monkeypatch.setattr(kg.build, "build", broken)
    result = run("build", "--project", make_project(tmp_path / "proj").root)
    assert_clean_error(result, "", "something kg did not expect")
    assert "--debug" in result.stderr


def kg_subprocess(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """``python -m kg ARGS`` run from this folder (not the working directory)."""
    return subprocess.run(
        [sys.executable, "-m", "kg", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=HERE,
    )


def test_debug_shows_the_traceback_and_plain_does_not(tmp_path: Path) -> None:
    project = make_project(tmp_path / "proj")
    path, line, phrase = unknown_actor(project)
    plain = kg_subprocess("build", "--project", project.root)
    assert plain.returncode == 2
    assert plain.stdout == ""
    assert plain.stderr.startswith(f"Error: {path}:{line}: claim 'leaders-push-for-guarantees': ")
    assert "Traceback" not in plain.stderr
    debug = kg_subprocess("--debug", "build", "--project", project.root)
    assert debug.returncode != 0
    assert "Traceback (most recent call last)" in debug.stderr
    assert f"kg.errors.AnnotationError: {path}:{line}: claim" in debug.stderr


# --- size limits -----------------------------------------------------------------------------


def sparse(path: Path, size: int) -> Path:
    """A file of ``size`` zero bytes that takes no disk space."""
    with open(path, "wb") as handle:
        handle.truncate(size)
    return path


def peak_mib(fn: Callable[[], object]) -> tuple[float, BaseException | None]:
    """Run ``fn``; the peak Python memory it allocated (MiB) and what it raised."""
    tracemalloc.start()
    error = None
    try:
        fn()
    except BaseException as exc:  # noqa: BLE001
        error = exc
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak / 2**20, error


def test_oversized_article_is_refused_without_reading_it(tmp_path: Path) -> None:
    project = make_project(tmp_path / "proj")
    text = sparse(project.seeds / f"{SEED_ID}.txt", 200_000_000)
    registry = load_registry(project.registry_file)
    started = time.monotonic()
    mib, error = peak_mib(lambda: load_article(text, registry))
    assert time.monotonic() - started < 1
    assert mib < 2
    assert isinstance(error, AnnotationError)
    assert str(error) == (
        f"{text}: article is 200,000,000 bytes, over the limit of {MAX_ARTICLE_BYTES:,}\n"
        "  Split it, or check that it is really an article."
    )
    result = run("build", "--project", project.root)
    assert_clean_error(result, f"{text}: article is 200,000,000 bytes")


@pytest.mark.parametrize("which", ["annotation", "registry"])
def test_oversized_yaml_is_refused_without_reading_it(which: str, tmp_path: Path) -> None:
    project = make_project(tmp_path / "proj")
    path = project.registry_file if which == "registry" else _annotation(project)
    sparse(path, 300_000_000)
    started = time.monotonic()
    mib, error = peak_mib(lambda: run("build", "--project", project.root))
    assert time.monotonic() - started < 2
    assert mib < 5
    result = run("build", "--project", project.root)
    assert_clean_error(
        result, f"{path}: YAML file is 300,000,000 bytes, over the limit of 5,000,000"
    )


def run_script(script: str, *args: str | Path, seconds: float) -> dict:
    """Run ``script`` in a fresh interpreter (address space capped at 3 GiB); its JSON output.

    Fails if it does not finish in ``seconds``.
    """

    def cap_memory() -> None:
        limit = 3 * 2**30
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    started = time.monotonic()
    try:
        proc = subprocess.run(
            [sys.executable, "-c", script, *map(str, args)],
            capture_output=True,
            text=True,
            timeout=seconds,
            preexec_fn=cap_memory,
            cwd=HERE,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"did not finish within {seconds} s")
    assert proc.returncode == 0, proc.stderr
    outcome = json.loads(proc.stdout)
    outcome["seconds"] = time.monotonic() - started
    return outcome


LOAD_ARTICLE = textwrap.dedent(
    """
    import json, resource, sys
    from pathlib import Path
    from kg.annotate.annotations import load_article
    from kg.annotate.registry import load_registry
    text = Path(sys.argv[1])
    try:
        load_article(text, load_registry(Path(sys.argv[2])))
        outcome = {"error": None, "message": ""}
    except Exception as exc:
        outcome = {"error": type(exc).__name__, "message": str(exc)}
    outcome["max_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(outcome))
    """
)


def test_long_bad_quote_in_a_large_article_is_reported_quickly(tmp_path: Path) -> None:
    """An article just under the size limit, a 400-character quote that is not in it."""
    project = make_project(tmp_path / "proj")
    seed_text = _text(project).read_text(encoding="utf-8")
    big = (seed_text + "\n") * ((MAX_ARTICLE_BYTES - 10_000) // len((seed_text + "\n").encode()))
    _text(project).write_text(big, encoding="utf-8")
    quote = "Zq" + seed_text[100:498]
    replace_once(
        _annotation(project),
        "quote: European Leaders Push for Security Guarantees for Ukraine\n",
        f"quote: {json.dumps(quote)}\n",
    )
    outcome = run_script(LOAD_ARTICLE, _text(project), project.registry_file, seconds=8)
    assert outcome["error"] == "AnnotationError"
    first = outcome["message"].split("\n")[0]
    assert first == (
        f"{_annotation(project)}:{FIRST_CLAIM_LINE}: claim 'leaders-push-for-guarantees': "
        "quote not found verbatim in the article"
    )
    assert "Closest: " in outcome["message"]
    assert outcome["seconds"] < 8


def test_oversized_ontology_is_refused_quickly(tmp_path: Path) -> None:
    project = make_project(tmp_path / "proj")
    sparse(project.ontology_file, 40_000_000)
    started = time.monotonic()
    proc = kg_subprocess("build", "--project", project.root)
    assert time.monotonic() - started < 4, "took too long: the ontology was parsed, not refused"
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    first = proc.stderr.split("\n")[0]
    assert re.fullmatch(
        rf"Error: {re.escape(str(project.ontology_file))}: .* is 40,000,000 bytes, "
        r"over the limit of [\d,]+",
        first,
    ), first


# --- YAML bombs --------------------------------------------------------------------------------


def laughs(levels: int = 9) -> str:
    """A flow sequence whose aliases expand to 9**levels strings (defines &l0..&l{levels-1})."""
    chain = '&l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
    for i in range(1, levels):
        chain = f"&l{i} [{chain}, " + ", ".join([f"*l{i - 1}"] * 8) + "]"
    return chain


ARTICLE_HEAD = "article:\n  title: T\n  publisher: 24brussels\n  published: 2025-08-20\n"
#: name -> the annotation file's text (None: a bomb in the registry instead)
BOMBS: dict[str, str | None] = {
    "as_a_claim": ARTICLE_HEAD + "claims:\n  - " + laughs() + "\n",
    "as_a_claim_id": (
        ARTICLE_HEAD + "claims:\n  - id: " + laughs() + "\n    kind: stance\n    summary: s\n"
        "    quote: Kremlin\n    source: kremlin\n    modality: firm\n"
    ),
    "as_participants": (
        ARTICLE_HEAD + "claims:\n  - id: e1\n    kind: event\n    summary: s\n"
        "    quote: Kremlin\n    source: kremlin\n    modality: firm\n    status: held\n"
        "    participants: " + laughs() + "\n"
    ),
    "as_the_title": (
        "article:\n  title: " + laughs() + "\n  publisher: 24brussels\n  published: 2025-08-20\n"
    ),
    "in_the_registry": None,
}
BOMB_SCRIPT = textwrap.dedent(
    """
    import json, resource, signal, sys, time
    from pathlib import Path
    from kg.annotate.annotations import load_article
    from kg.annotate.registry import load_registry

    class Overran(Exception):
        pass

    def alarm(*args):
        raise Overran()

    signal.signal(signal.SIGALRM, alarm)
    registry_path, text, *annotations = sys.argv[1:]
    outcomes = {}
    for annotation in annotations:
        started = time.monotonic()
        signal.setitimer(signal.ITIMER_REAL, 1.0)
        try:
            if annotation.endswith("registry.yaml"):
                load_registry(Path(annotation))
            else:
                load_article(Path(text), load_registry(Path(registry_path)), Path(annotation))
            outcome = ["loaded", ""]
        except Overran:
            outcome = ["took over 1 s", ""]
        except Exception as exc:
            outcome = [type(exc).__name__, str(exc)]
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        outcomes[annotation] = outcome + [round(time.monotonic() - started, 2)]
    outcomes["max_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(outcomes))
    """
)


def test_yaml_bombs_are_refused_in_bounded_time_and_memory(tmp_path: Path) -> None:
    text = shutil.copy(SEEDS / f"{SEED_ID}.txt", tmp_path / "a.txt")
    files = {}
    for name, annotation in BOMBS.items():
        if annotation is None:
            registry = (SEEDS / "registry.yaml").read_text(encoding="utf-8")
            path = tmp_path / name / "registry.yaml"
            path.parent.mkdir()
            path.write_text(
                registry.replace("  - id: ukraine\n", "  - id: " + laughs() + "\n", 1),
                encoding="utf-8",
            )
        else:
            path = tmp_path / f"{name}.yaml"
            path.write_text(annotation, encoding="utf-8")
        files[name] = path
    outcomes = run_script(BOMB_SCRIPT, SEEDS / "registry.yaml", text, *files.values(), seconds=30)
    report = {name: outcomes[str(path)] for name, path in files.items()}
    summary = {
        name: (error, message.startswith(f"{files[name]}:"), len(message) < 2_000)
        for name, (error, message, _seconds) in report.items()
    }
    assert summary == {name: ("AnnotationError", True, True) for name in BOMBS}, report
    assert outcomes["max_rss_mib"] < 400
