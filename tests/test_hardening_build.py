"""Nothing lost (issue 7, item 5): a build that fails or is killed leaves the previous KG.

Failures are injected at each stage of :func:`kg.build.build` (reading annotations,
generating quads, writing the KG file, writing the persistent store); afterwards the
previous ``out/kg.nq`` must be byte-identical, the previous store must still open and
answer, and no temporary file or directory may be left behind. Two real ``kg build``
processes started at once must give the same bytes as one build, and a build killed with
SIGKILL must leave the previous KG and store usable.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import kg.build
import kg.build.quads
import kg.files
import kg.store
import kg.store.persistent
from kg.build import build
from kg.errors import AnnotationError, BuildError, KGError, StoreError
from kg.project import Project

pytestmark = pytest.mark.timeout(60)

HERE = Path(__file__).parent
ROOT = HERE.parent
SEEDS = ROOT / "seeds"
SEED_ID = "000_3622f00dcd344a76"
KG_BIN = Path(sys.executable).parent / "kg"
#: the seed's article title, changed by :func:`change_corpus` so a new build differs
SEED_TITLE = "European Leaders Push for Security Guarantees for Ukraine Amid Shifting US Support"
COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def make_project(root: Path, copies: int = 1) -> Project:
    """A project under ``root`` with the seed ontology, registry and ``copies`` articles."""
    shutil.copytree(ROOT / "ontology", root / "ontology")
    shutil.copytree(ROOT / "queries", root / "queries")
    (root / "seeds").mkdir(parents=True)
    shutil.copy(SEEDS / "registry.yaml", root / "seeds" / "registry.yaml")
    for i in range(copies):
        name = SEED_ID if i == 0 else f"{i:03d}_copy"
        shutil.copy(SEEDS / f"{SEED_ID}.txt", root / "seeds" / f"{name}.txt")
        shutil.copy(SEEDS / f"{SEED_ID}.yaml", root / "seeds" / f"{name}.yaml")
    return Project(root)


def change_corpus(project: Project) -> None:
    """Edit the first article's title, so that a completed build would change the KG."""
    path = project.seeds / f"{SEED_ID}.yaml"
    text = path.read_text(encoding="utf-8")
    assert SEED_TITLE in text
    path.write_text(text.replace(SEED_TITLE, "A changed title"), encoding="utf-8")


def listing(folder: Path) -> list[str]:
    """Every entry of ``folder`` (hidden ones too), sorted."""
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def store_count(directory: Path) -> int:
    """Open a persistent store read-only and count its quads in named graphs."""
    with kg.store.open_store(str(directory)) as store:
        result = store.query(COUNT_QUERY)
        return int(result.rows[0][0])


@pytest.fixture
def built(tmp_path: Path) -> Iterator[tuple[Project, bytes]]:
    """A project that has been built once, its corpus then changed; with the first KG bytes."""
    project = make_project(tmp_path / "proj")
    build(project)
    before = project.kg_file.read_bytes()
    change_corpus(project)
    yield project, before


def assert_untouched(project: Project, before: bytes) -> None:
    assert project.kg_file.read_bytes() == before
    assert listing(project.out_dir) == [".lock", "kg.nq"]


# --- failures injected in-process ------------------------------------------------------------


def test_the_changed_corpus_really_changes_the_kg(built: tuple[Project, bytes]) -> None:
    """Guard for the tests below: without a failure, the second build differs."""
    project, before = built
    build(project)
    after = project.kg_file.read_bytes()
    assert after != before
    assert b'"A changed title"' in after
    assert listing(project.out_dir) == [".lock", "kg.nq"]


def test_failure_while_loading_annotations(built: tuple[Project, bytes], monkeypatch) -> None:
    project, before = built
    shutil.copy(SEEDS / f"{SEED_ID}.txt", project.seeds / "001_second.txt")
    shutil.copy(SEEDS / f"{SEED_ID}.yaml", project.seeds / "001_second.yaml")
    real = kg.build.quads.load_article
    seen: list[str] = []

    def load_then_fail(text_path: Path, registry):  # noqa: ANN001, ANN202
        seen.append(text_path.name)
        if len(seen) == 2:
            raise AnnotationError("injected", file=text_path, line=3)
        return real(text_path, registry)

    monkeypatch.setattr(kg.build.quads, "load_article", load_then_fail)
    with pytest.raises(AnnotationError, match="001_second.txt:3: injected"):
        build(project)
    assert seen == [f"{SEED_ID}.txt", "001_second.txt"]
    assert_untouched(project, before)


def test_failure_while_generating_quads(built: tuple[Project, bytes], monkeypatch) -> None:
    project, before = built
    real = kg.build.quads.claim_quads
    calls = []

    def quads_then_fail(registry, article, claim):  # noqa: ANN001, ANN202
        calls.append(claim.id)
        if len(calls) == 20:
            yield from list(real(registry, article, claim))[:5]
            raise RuntimeError("injected failure in quad generation")
        yield from real(registry, article, claim)

    monkeypatch.setattr(kg.build.quads, "claim_quads", quads_then_fail)
    with pytest.raises(RuntimeError, match="injected failure in quad generation"):
        build(project)
    assert len(calls) == 20
    assert_untouched(project, before)


def test_unserialisable_term_fails_before_writing(
    built: tuple[Project, bytes], monkeypatch
) -> None:
    """A term N-Quads cannot hold (an IRI with a space) is caught before anything is written."""
    from rdflib import URIRef

    project, before = built
    real = kg.build.quads.reference_quads

    def bad_iri(registry):  # noqa: ANN001, ANN202
        yield from real(registry)
        yield (
            URIRef("https://example.org/a b"),
            URIRef("https://example.org/p"),
            URIRef("https://example.org/o"),
            URIRef("https://example.org/g"),
        )

    monkeypatch.setattr(kg.build.quads, "reference_quads", bad_iri)
    with pytest.raises(ValueError, match="not a valid IRI"):
        build(project)
    assert_untouched(project, before)


def test_rename_failing_leaves_the_kg_and_no_temp_file(
    built: tuple[Project, bytes], monkeypatch
) -> None:
    project, before = built
    renames: list[tuple[str, str]] = []

    def no_space(src: str, dst: str) -> None:
        renames.append((Path(src).name, Path(dst).name))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))

    monkeypatch.setattr(kg.files.os, "replace", no_space)
    with pytest.raises(BuildError) as info:
        build(project)
    monkeypatch.undo()
    assert str(info.value) == (
        f"{project.kg_file}: could not write the KG: No space left on device"
    )
    assert len(renames) == 1
    assert renames[0][0].startswith(".kg.nq.") and renames[0][0].endswith(".tmp")
    assert renames[0][1] == "kg.nq"
    assert_untouched(project, before)


def test_fsync_failing_leaves_the_kg_and_no_temp_file(
    built: tuple[Project, bytes], monkeypatch
) -> None:
    project, before = built

    def io_error(fd: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(kg.files.os, "fsync", io_error)
    with pytest.raises(BuildError, match="could not write the KG: Input/output error"):
        build(project)
    monkeypatch.undo()
    assert_untouched(project, before)


def test_interrupt_while_writing_leaves_the_kg_and_no_temp_file(
    built: tuple[Project, bytes], monkeypatch
) -> None:
    """Ctrl-C (KeyboardInterrupt, not an Exception) in the middle of the write."""
    project, before = built

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(kg.files.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(project)
    monkeypatch.undo()
    assert_untouched(project, before)


@pytest.fixture
def built_with_store(tmp_path: Path) -> Iterator[tuple[Project, bytes, Path, int]]:
    """Like ``built`` but also with a persistent store; yields its quad count too."""
    project = make_project(tmp_path / "proj")
    store_dir = tmp_path / "stores" / "kgstore"
    build(project, store_dir=store_dir)
    count = store_count(store_dir)
    assert count == project.kg_file.read_bytes().count(b"\n")
    before = project.kg_file.read_bytes()
    change_corpus(project)
    yield project, before, store_dir, count


def assert_store_untouched(store_dir: Path, count: int) -> None:
    assert store_count(store_dir) == count
    assert listing(store_dir.parent) == ["kgstore"]


def test_failure_while_loading_the_store(built_with_store, monkeypatch) -> None:  # noqa: ANN001
    """The store fails half-way through loading: previous KG file and store both kept."""
    project, before, store_dir, count = built_with_store
    real_load = kg.store.OxigraphStore.load_nquads

    def load_then_fail(self, path):  # noqa: ANN001, ANN202
        real_load(self, path)
        raise StoreError("injected failure while loading the store")

    monkeypatch.setattr(kg.store.OxigraphStore, "load_nquads", load_then_fail)
    with pytest.raises(KGError, match="injected failure while loading the store"):
        build(project, store_dir=store_dir)
    monkeypatch.undo()
    assert_untouched(project, before)
    assert_store_untouched(store_dir, count)


def test_failure_while_swapping_the_store_in(built_with_store, monkeypatch) -> None:  # noqa: ANN001
    project, before, store_dir, count = built_with_store

    def swap_fails(new: Path, target: Path) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO), str(target))

    monkeypatch.setattr(kg.store.persistent, "swap_in", swap_fails)
    with pytest.raises(KGError):
        build(project, store_dir=store_dir)
    monkeypatch.undo()
    assert_untouched(project, before)
    assert_store_untouched(store_dir, count)


def test_store_write_error_names_the_store_not_the_kg_file(tmp_path: Path) -> None:
    """An OS error while writing the store must say so, naming the store's path."""
    project = make_project(tmp_path / "proj")
    (tmp_path / "a-file").write_text("not a folder")
    store_dir = tmp_path / "a-file" / "kgstore"
    with pytest.raises(KGError) as info:
        build(project, store_dir=store_dir)
    message = str(info.value)
    assert str(tmp_path / "a-file") in message, message
    assert "could not write the KG" not in message, message
    assert not project.kg_file.exists()
    assert listing(project.out_dir) == [".lock"]


# --- what an atomic write must not change ----------------------------------------------------


def test_written_kg_and_store_are_readable_like_any_new_file(tmp_path: Path) -> None:
    """Atomic writing must not leave the KG 0600 / the store 0700 (mkstemp's modes)."""
    old = os.umask(0o022)
    try:
        project = make_project(tmp_path / "proj")
        build(project, store_dir=tmp_path / "kgstore")
    finally:
        os.umask(old)
    assert stat.S_IMODE(project.kg_file.stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "kgstore").stat().st_mode) == 0o755


# --- real processes ---------------------------------------------------------------------------


def run_kg(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(KG_BIN), *args], cwd=cwd, capture_output=True, text=True, timeout=60)


def test_two_builds_at_once_give_one_builds_output(tmp_path: Path) -> None:
    reference = make_project(tmp_path / "ref", copies=3)
    build(reference)
    expected = reference.kg_file.read_bytes()

    project = make_project(tmp_path / "proj", copies=3)
    store_dir = tmp_path / "kgstore"
    args = [str(KG_BIN), "build", "--project", str(project.root), "--store", str(store_dir)]
    procs = [
        subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = [(*p.communicate(timeout=60), p.returncode) for p in procs]
    quads = expected.count(b"\n")
    for out, err, code in results:
        assert (code, err) == (0, ""), err
        assert f"triples:  {quads} in 5 named graphs" in out
    assert project.kg_file.read_bytes() == expected
    assert listing(project.out_dir) == [".lock", "kg.nq"]
    assert store_count(store_dir) == quads
    assert listing(tmp_path) == ["kgstore", "proj", "ref"]


def wait_for(predicate, timeout: float, proc: subprocess.Popen) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(
                f"the build ended (exit {proc.returncode}) before it could be killed:\n{err}"
            )
        time.sleep(0.002)
    proc.kill()
    pytest.fail("the build never reached the point to kill it at")


def test_store_survives_a_build_killed_while_writing_it(tmp_path: Path) -> None:
    project = make_project(tmp_path / "proj")
    store_dir = tmp_path / "stores" / "kgstore"
    build(project, store_dir=store_dir)
    count = store_count(store_dir)
    before = project.kg_file.read_bytes()
    for i in range(1, 12):  # a bigger corpus, so writing the store takes a while
        shutil.copy(SEEDS / f"{SEED_ID}.txt", project.seeds / f"{i:03d}_copy.txt")
        shutil.copy(SEEDS / f"{SEED_ID}.yaml", project.seeds / f"{i:03d}_copy.yaml")

    proc = subprocess.Popen(
        [str(KG_BIN), "build", "--project", str(project.root), "--store", str(store_dir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    building = lambda: any(n.startswith(".kgstore.building-") for n in listing(store_dir.parent))  # noqa: E731
    wait_for(building, 30, proc)
    time.sleep(0.05)  # let it load a little
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=10) == -signal.SIGKILL

    assert project.kg_file.read_bytes() == before
    assert store_count(store_dir) == count  # opens (and tidies up after the dead build)
    assert listing(store_dir.parent) == ["kgstore"]

    # and the next build goes through
    assert (
        run_kg(
            "build", "--project", str(project.root), "--store", str(store_dir), cwd=tmp_path
        ).returncode
        == 0
    )
    assert store_count(store_dir) == project.kg_file.read_bytes().count(b"\n") > count


KILL_IN_FSYNC = textwrap.dedent(
    """
    import os, signal, sys
    import kg.build
    from kg.cli import main

    def killed(fd):
        os.kill(os.getpid(), signal.SIGKILL)

    kg.files.os.fsync = killed
    sys.argv = ["kg", "build", "--project", sys.argv[1]]
    main()
    """
)


def test_kg_survives_a_build_killed_while_writing_it(tmp_path: Path) -> None:
    """SIGKILL between writing the temporary KG file and renaming it."""
    project = make_project(tmp_path / "proj")
    build(project)
    before = project.kg_file.read_bytes()
    change_corpus(project)
    proc = subprocess.run(
        [sys.executable, "-c", KILL_IN_FSYNC, str(project.root)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert project.kg_file.read_bytes() == before
    leftovers = [n for n in listing(project.out_dir) if n not in (".lock", "kg.nq")]
    assert len(leftovers) == 1 and leftovers[0].startswith(".kg.nq.")  # what the kill left


def test_next_build_removes_what_a_killed_build_left(tmp_path: Path) -> None:
    """Temporary KG files of killed builds must not pile up in out/."""
    project = make_project(tmp_path / "proj")
    build(project)
    change_corpus(project)
    proc = subprocess.run(
        [sys.executable, "-c", KILL_IN_FSYNC, str(project.root)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert len(listing(project.out_dir)) == 3
    build(project)
    assert b'"A changed title"' in project.kg_file.read_bytes()
    assert listing(project.out_dir) == [".lock", "kg.nq"]
