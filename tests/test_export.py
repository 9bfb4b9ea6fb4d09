"""kg export and kg stats: deterministic serialisations that re-import to the same KG, read
through the store layer: the same output from out/kg.nq, a persistent store and an endpoint."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import endpoint_fixtures
import pytest
from helpers import (
    MAIN,
    MINI_IDS,
    SEED_GRAPH,
    load_nquads,
    make_project,
    quad_lines,
    run_cli,
)
from rdflib import BNode, Literal, URIRef

from kg.build import build, nquads
from kg.errors import StoreError
from kg.export import FORMATS, export_dataset, kg_stats, nquads_text
from kg.model.namespaces import PREFIXES
from kg.offline import parse_rdf
from kg.project import Project
from kg.store import push

#: the server fixture, registered for this module (used by the tests marked ``endpoint``)
oxigraph_server = endpoint_fixtures.oxigraph_server

SEED_STATS = """\
totals:
  articles      1
  claims        43
  actors        31
  proposals     5
  triples       1914
  named graphs  3
claims by kind:
  commitment  16
  stance      10
  statement   11
  event       6
claims by modality:
  Firm    31
  Hedged  12
claims by sourcing:
  AnonymousSource  8
  NamedSource      13
  ReporterVoice    22
actors by type:
  person                  6
  state                   6
  alliance                1
  intergovernmental-body  1
  government-body         3
  armed-forces            3
  media-outlet            2
  group                   9
"""

EXPORT_ALL = """
import json, sys
from pathlib import Path
from kg.export import export_dataset
from kg.project import Project
project = Project(Path(sys.argv[1]))
formats = ("ttl", "trig", "nquads", "jsonld")
print(json.dumps({fmt: export_dataset(project, fmt) for fmt in formats}))
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The seed project, built: out/kg.nq and a persistent store in store/."""
    project = make_project(tmp_path_factory.mktemp("export") / "seed", seed=True)
    build(project, store_dir=project.root / "store")
    return project


@pytest.fixture(scope="module")
def exports(project: Project) -> dict[str, str]:
    return {fmt: export_dataset(project, fmt) for fmt in FORMATS}


def built_lines(project: Project) -> set[str]:
    return set(project.kg_file.read_text(encoding="utf-8").splitlines(keepends=True))


def test_formats() -> None:
    assert FORMATS == {"ttl": "turtle", "trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}


@pytest.mark.parametrize("fmt", ["ttl", "trig", "nquads", "jsonld"])
def test_export_is_deterministic_in_process(project: Project, exports: dict[str, str],
                                            fmt: str) -> None:
    assert export_dataset(project, fmt) == exports[fmt]


def test_export_is_deterministic_across_processes(project: Project,
                                                  exports: dict[str, str]) -> None:
    """rdflib's own order depends on the hash seed; the export must not."""
    procs = [
        subprocess.Popen([sys.executable, "-c", EXPORT_ALL, str(project.root)],
                         env={**os.environ, "PYTHONHASHSEED": seed}, cwd=MAIN,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for seed in ("1", "2")
    ]
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        outputs.append(json.loads(out))
    assert outputs[0] == outputs[1] == exports


def test_nquads_export_is_the_built_file(project: Project, exports: dict[str, str]) -> None:
    assert exports["nquads"] == project.kg_file.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["trig", "nquads", "jsonld"])
def test_quad_formats_reimport_to_the_same_quads(project: Project, exports: dict[str, str],
                                                 fmt: str) -> None:
    dataset = parse_rdf(exports[fmt], FORMATS[fmt])
    assert quad_lines(dataset) == built_lines(project)  # type: ignore[arg-type]


def test_turtle_reimports_to_the_same_triples_merged(project: Project,
                                                     exports: dict[str, str]) -> None:
    graph = parse_rdf(exports["ttl"], "turtle")
    got = {nquads.line(s, p, o, SEED_GRAPH) for s, p, o in graph}
    built = load_nquads(project.kg_file)
    want = {nquads.line(s, p, o, SEED_GRAPH) for s, p, o, _g in built.quads()}
    assert got == want
    assert len(got) == 1914


def test_trig_starts_with_our_prefixes_and_has_one_block_per_graph(
        exports: dict[str, str]) -> None:
    trig = exports["trig"]
    header = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items()))
    assert trig.startswith(header + "\n")
    blocks = [line for line in trig.splitlines() if line.endswith("> {")]
    assert blocks == [
        "<https://w3id.org/newskg/id/graph/article/000_3622f00dcd344a76> {",
        "<https://w3id.org/newskg/id/graph/ontology> {",
        "<https://w3id.org/newskg/id/graph/reference> {",
    ]


def test_jsonld_has_an_inline_context_and_one_entry_per_graph(exports: dict[str, str]) -> None:
    document = json.loads(exports["jsonld"])
    assert document["@context"] == dict(sorted(PREFIXES.items()))
    assert [g["@id"] for g in document["@graph"]] == [
        "https://w3id.org/newskg/id/graph/article/000_3622f00dcd344a76",
        "https://w3id.org/newskg/id/graph/ontology",
        "https://w3id.org/newskg/id/graph/reference",
    ]


def test_cli_export_to_stdout_and_to_a_file(project: Project, exports: dict[str, str],
                                            tmp_path: Path) -> None:
    result = run_cli("export", "--project", project.root)
    assert result.exit_code == 0, result.output
    assert result.stdout == exports["trig"]
    target = tmp_path / "kg.jsonld"
    result = run_cli("export", "--project", project.root, "--format", "jsonld", "-o", target)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == f"Wrote {target}\n"
    assert target.read_text(encoding="utf-8") == exports["jsonld"]


@pytest.mark.parametrize("fmt", ["ttl", "trig", "nquads", "jsonld"])
def test_cli_export_from_a_persistent_store_is_the_same(project: Project, exports: dict[str, str],
                                                        fmt: str) -> None:
    result = run_cli("export", "--project", project.root, "--store", project.root / "store",
                     "--format", fmt)
    assert result.exit_code == 0, result.output
    assert (result.stdout, result.stderr) == (exports[fmt], "")


def test_cli_export_from_rdflib_and_from_kg_store_is_the_same(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    built = project.kg_file.read_text(encoding="utf-8")
    result = run_cli("export", "--project", project.root, "--engine", "rdflib", "--format",
                     "nquads")
    assert (result.exit_code, result.stdout) == (0, built)
    monkeypatch.setenv("KG_STORE", str(project.root / "store"))
    result = run_cli("export", "--project", project.root, "--format", "nquads")
    assert (result.exit_code, result.stdout) == (0, built)


def test_export_and_stats_never_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", seed=False, mini=MINI_IDS)
    for command in ("export", "stats"):
        result = run_cli(command, "--project", project.root)
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == f"Error: no KG at {project.kg_file}\n  run kg build first\n"
    assert not project.kg_file.exists()


def test_nquads_of_a_store_with_default_graph_triples() -> None:
    """Default-graph triples no named graph holds come out as triples, in canonical order."""
    a, b, g = URIRef("https://example.org/a"), URIRef("https://example.org/b"), URIRef("urn:g")
    assert nquads_text([(b, a, Literal("x"), g), (a, a, b, None), (a, a, b, None)]) == (
        "<https://example.org/a> <https://example.org/a> <https://example.org/b> .\n"
        '<https://example.org/b> <https://example.org/a> "x" <urn:g> .\n'
    )
    with pytest.raises(StoreError) as caught:
        nquads_text([(BNode("b1"), a, b, g)])
    assert caught.value.message == (
        "the store holds a term the KG cannot hold: blank nodes are not allowed in the KG; "
        "give the node an IRI")


@pytest.mark.endpoint
def test_export_and_stats_from_an_endpoint(project: Project, exports: dict[str, str],
                                           oxigraph_server: str) -> None:
    push(oxigraph_server + "/store", project.kg_file)
    endpoint = oxigraph_server + "/query"
    for fmt in FORMATS:
        result = run_cli("export", "--project", project.root, "--endpoint", endpoint,
                         "--format", fmt)
        assert (result.exit_code, result.stdout, result.stderr) == (0, exports[fmt], "")
    result = run_cli("stats", "--project", project.root, "--endpoint", endpoint)
    assert (result.exit_code, result.stdout, result.stderr) == (0, SEED_STATS, "")


def test_cli_export_refuses_an_unknown_format(project: Project) -> None:
    result = run_cli("export", "--project", project.root, "--format", "rdfxml")
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr


# --- kg stats ------------------------------------------------------------------------------------


def test_stats_of_the_seed(project: Project) -> None:
    result = run_cli("stats", "--project", project.root)
    assert result.exit_code == 0, result.output
    assert result.stdout == SEED_STATS


def test_stats_of_seed_and_follow_ups(tmp_path: Path) -> None:
    project = make_project(tmp_path / "corpus", seed=True, mini=MINI_IDS)
    build(project)
    stats = kg_stats(project)
    assert stats == {
        "totals": {"articles": 3, "claims": 49, "actors": 31, "proposals": 5,
                   "triples": 2110, "named graphs": 5},
        "claims by kind": {"commitment": 19, "stance": 11, "statement": 12, "event": 7},
        "claims by modality": {"Firm": 33, "Hedged": 16},
        "claims by sourcing": {"AnonymousSource": 9, "NamedSource": 15, "ReporterVoice": 25},
        "actors by type": {"person": 6, "state": 6, "alliance": 1, "intergovernmental-body": 1,
                           "government-body": 3, "armed-forces": 3, "media-outlet": 2,
                           "group": 9},
    }


@pytest.mark.parametrize("how", ["--store", "rdflib", "KG_STORE"])
def test_stats_from_another_store_are_the_same(project: Project, how: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    store = project.root / "store"
    args = {"--store": ["--store", store], "rdflib": ["--engine", "rdflib"], "KG_STORE": []}[how]
    if how == "KG_STORE":
        monkeypatch.setenv("KG_STORE", str(store))
    result = run_cli("stats", "--project", project.root, *args)
    assert result.exit_code == 0, result.output
    assert (result.stdout, result.stderr) == (SEED_STATS, "")


def test_stats_of_a_stale_kg_warn(tmp_path: Path) -> None:
    project = make_project(tmp_path / "corpus", seed=True)
    build(project)
    when = project.kg_file.stat().st_mtime + 5
    os.utime(project.registry_file, (when, when))
    result = run_cli("stats", "--project", project.root)
    assert result.exit_code == 0, result.output
    assert result.stdout == SEED_STATS
    assert result.stderr == (
        "Warning: seeds or ontology changed after out/kg.nq was written; its answers are out "
        "of date (run kg build).\n")
