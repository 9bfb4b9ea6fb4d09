"""The installed wheel works from any folder: build it, install it into a fresh venv, run kg.

The wheel is built from a copy of the sources (``pyproject.toml``, ``README.md``, ``kg/``,
``ontology/``, ``queries/``) with this venv's setuptools and no network, then installed
with ``--no-deps`` into a new venv made ``--without-pip``; a ``.pth`` file written after the
install lends it this venv's site-packages for the dependencies only (a ``.pth`` there is not
read, so the editable kg of this venv stays invisible; a test checks kg is imported from the
new venv). Every command then runs in a temporary folder outside the checkout, on a project
made with ``kg init``, with its ontology and queries taken from the wheel.

The article and registry below are illustrative, written for this test: no real events.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import MAIN

pytestmark = pytest.mark.wheel

ARTICLE = """\
Northland Offers Engineers for the River Crossing
Northland is ready to send army engineers to rebuild the river crossing, reports Harbour \
Post on 3 March 2025. Southland rejects the plan to rebuild the crossing with foreign help.
"""

REGISTRY = """\
source: An illustrative registry written for kg's wheel test.
actors:
  - id: northland
    label: Northland
    type: state
  - id: southland
    label: Southland
    type: state
  - id: harbour-post
    label: Harbour Post
    type: media-outlet
proposals:
  - id: river-crossing-plan
    label: Plan to rebuild the river crossing
"""

CLAIMS = """\
claims:
  - id: northland-offers-engineers
    kind: commitment
    summary: Northland is ready to send army engineers to rebuild the river crossing
    quote: Northland is ready to send army engineers to rebuild the river crossing
    actor: northland
    action: offer
    capability: troops
    target: river-crossing-plan
    source: harbour-post
    modality: firm
  - id: southland-rejects-plan
    kind: stance
    summary: Southland rejects rebuilding the crossing with foreign help
    quote: Southland rejects the plan to rebuild the crossing with foreign help
    actor: southland
    stance: rejects
    target: river-crossing-plan
    source: harbour-post
    modality: firm
"""


@dataclass(frozen=True)
class Installed:
    wheel: Path
    build_log: str
    venv: Path
    work: Path  # an empty folder outside the checkout

    def kg(self, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("KG_", "PYTHON"))}
        env.pop("VIRTUAL_ENV", None)
        return subprocess.run(
            [str(self.venv / "bin" / "kg"), *args],
            cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
        )


def copy_sources(target: Path) -> Path:
    """The files the wheel is built from, copied so the build leaves the checkout alone."""
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")
    for name in ("kg", "ontology", "queries"):
        shutil.copytree(MAIN / name, target / name, ignore=skip)
    for name in ("pyproject.toml", "README.md"):
        shutil.copyfile(MAIN / name, target / name)
    return target


def pip(*args: str | Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", *map(str, args)],
        capture_output=True, text=True, timeout=300, env=env,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("wheel")
    source = copy_sources(base / "source")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    log = pip("wheel", "--no-deps", "--no-build-isolation", "--no-index", "-v",
              "-w", base / "dist", source, env=env)
    (wheel,) = (base / "dist").glob("kg-*.whl")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    pip("--python", venv / "bin" / "python", "install", "--no-deps", "--no-index",
        "--no-compile", wheel)
    site = Path(subprocess.run(
        [venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip())
    ours = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (site / "kg_test_dependencies.pth").write_text("".join(f"{p}\n" for p in sorted(ours)))
    work = base / "work"
    work.mkdir()
    return Installed(wheel=wheel, build_log=log, venv=venv, work=work)


def test_the_wheel_builds_without_a_warning(installed: Installed) -> None:
    warnings = [line for line in installed.build_log.splitlines() if "warn" in line.lower()]
    assert warnings == []


def test_the_wheel_holds_the_package_its_data_and_the_default_ontology_and_queries(
    installed: Installed,
) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = {n for n in wheel.namelist() if not n.startswith("kg-0.1.0.dist-info/")}
    source = MAIN / "kg"
    expected = {
        f"kg/{p.relative_to(source).as_posix()}"
        for p in source.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith(".")
    }
    for folder, pattern in (("ontology", "*.ttl"), ("queries", "*.rq")):
        expected |= {f"kg/defaults/{folder}/{p.name}" for p in (MAIN / folder).glob(pattern)}
        expected.add(f"kg/defaults/{folder}/__init__.py")
    assert names == expected
    assert {"kg/defaults/ontology/kg.ttl", "kg/defaults/ontology/shapes.ttl",
            "kg/defaults/queries/actors.rq", "kg/sparql/view_claims.rq"} <= names


def test_kg_is_imported_from_the_fresh_venv(installed: Installed) -> None:
    done = subprocess.run(
        [installed.venv / "bin" / "python", "-c",
         "import kg.defaults, kg.project; print(kg.__file__); "
         "print(kg.project.Project(__import__('pathlib').Path('.')).ontology_dir)"],
        cwd=installed.work, capture_output=True, text=True, check=True,
    )
    site = installed.venv / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}"
    assert done.stdout == (
        f"{site}/site-packages/kg/__init__.py\n{site}/site-packages/kg/defaults/ontology\n"
    )


def test_outside_a_project_every_command_says_where_it_searched(installed: Installed) -> None:
    empty = installed.work / "not-a-project"
    empty.mkdir()
    done = installed.kg("build", cwd=empty)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"Error: no kg project here: neither {empty} nor any folder above it has seeds/\n"
        "  Create one with `kg init DIR`, or point at one with --project DIR.\n"
    )
    assert list(empty.iterdir()) == []


def test_init_new_build_query_viz_from_the_wheel(installed: Installed) -> None:
    work = installed.work
    assert not work.resolve().is_relative_to(MAIN.resolve())
    (work / "article.txt").write_text(ARTICLE, encoding="utf-8")

    done = installed.kg("init", "corpus", cwd=work)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        "Created the kg project corpus\n"
        "  seeds/registry.yaml  the actor registry, empty\n"
        "  ontology, queries    kg's own (add ontology/ or queries/NAME.rq to override)\n"
        "Next: add actors to seeds/registry.yaml, then `kg new ARTICLE.txt` in the project.\n"
    )
    corpus = work / "corpus"
    assert sorted(p.relative_to(corpus).as_posix() for p in corpus.rglob("*")) == [
        "seeds", "seeds/registry.yaml"
    ]
    done = installed.kg("build", cwd=corpus)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines()[1:4] == [
        "  articles: 0",
        "  claims:   0 (0 commitments, 0 stances, 0 statements, 0 events)",
        "  actors:   0",
    ]

    (corpus / "seeds" / "registry.yaml").write_text(REGISTRY, encoding="utf-8")
    done = installed.kg("new", "../article.txt", cwd=corpus)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        "Copied seeds/article.txt\n"
        "Wrote  seeds/article.yaml\n"
        "Actors of the registry this text mentions: northland, southland, harbour-post\n"
        "Next: add claims to the .yaml (docs/authoring.md), then `kg build && kg validate`.\n"
    )
    annotation = corpus / "seeds" / "article.yaml"
    text = annotation.read_text(encoding="utf-8")
    assert re.search(r"(?m)^  publisher: harbour-post$", text)
    annotation.write_text(text.replace("claims: []\n", CLAIMS, 1), encoding="utf-8")

    seeds = corpus / "seeds"  # from a folder below the project: the nearest one above is used
    done = installed.kg("build", cwd=seeds)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        f"Built {corpus / 'out' / 'kg.nq'}\n"
        "  articles: 1\n"
        "  claims:   2 (1 commitments, 1 stances, 0 statements, 0 events)\n"
        "  actors:   3\n"
        "  triples:  567 in 3 named graphs\n"
    )
    done = installed.kg("validate", cwd=corpus)
    assert (done.returncode, done.stdout, done.stderr) == (
        0, "Checked 2 claims in 567 triples: the KG conforms.\n", ""
    )
    done = installed.kg("query", "actors", cwd=corpus)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        "id            actor         type          wikidata  asActor  asSource\n"
        "------------  ------------  ------------  --------  -------  --------\n"
        "harbour-post  Harbour Post  Media outlet            0        2\n"
        "northland     Northland     State                   1        0\n"
        "southland     Southland     State                   1        0\n"
        "(3 rows)\n"
    )
    done = installed.kg("viz", "actors", "-o", "x.html", cwd=corpus)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        "Wrote x.html\n"
        "3 nodes and 2 edges from 2 claims in 1 article. Dashed: only hedged, anonymous or "
        "conditional claims support the edge.\n"
    )
    page = (corpus / "x.html").read_text(encoding="utf-8")
    for label in ("Northland", "Southland", "Plan to rebuild the river crossing"):
        assert label in page
    assert sorted(p.name for p in corpus.iterdir()) == ["out", "seeds", "x.html"]
