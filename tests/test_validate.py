"""kg validate: SHACL shapes and evidence anchoring of the built KG that queries read, as a
report value and as exit codes, from out/kg.nq, a persistent store and a SPARQL endpoint."""

from __future__ import annotations

import json
import os
from pathlib import Path

import endpoint_fixtures
import pytest
from helpers import (
    KREMLIN_ID,
    MAIN,
    MINI_IDS,
    ONTOLOGY,
    SEED_ID,
    load_nquads,
    make_project,
    run_cli,
    union_graph,
)
from rdflib import Graph, Literal, URIRef

from kg.build import build
from kg.model.namespaces import KG, KGI, OA
from kg.offline import parse_rdf
from kg.project import Project
from kg.store import push, write_persistent
from kg.validate import ValidationReport, Violation, span_problem, validate_graph

#: the server fixture, registered for this module (used by the tests marked ``endpoint``)
oxigraph_server = endpoint_fixtures.oxigraph_server

STALE = ("Warning: seeds or ontology changed after out/kg.nq was written; its answers are out "
         "of date (run kg build).")


def C(claim: str) -> str:  # noqa: N802
    return str(KGI[f"claim/{SEED_ID}/{claim}"])


def P(claim: str) -> str:  # noqa: N802
    """The text position selector of a seed claim's evidence."""
    return C(claim) + "/evidence/position"


@pytest.fixture(scope="module")
def seed_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The seed project, built: out/kg.nq and a persistent store in store/."""
    project = make_project(tmp_path_factory.mktemp("validate") / "seed", seed=True)
    build(project, store_dir=project.root / "store")
    return project


@pytest.fixture(scope="module")
def seed_graph(seed_project: Project) -> Graph:
    """The union of all graphs of the built seed KG; a test copies it before changing it."""
    return union_graph(load_nquads(seed_project.kg_file))


def tamper(kg_file: Path) -> None:
    """Move the start of one evidence span far past the end of the article, in the KG file."""
    old = (f'<{P("trump-rules-out-combat-troops")}> <{OA.start}> '
           '"1353"^^<http://www.w3.org/2001/XMLSchema#integer>')
    text = kg_file.read_text(encoding="utf-8")
    assert text.count(old) == 1
    kg_file.write_text(text.replace(old, old.replace('"1353"', '"99999999"')), encoding="utf-8")


@pytest.fixture(scope="module")
def tampered_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The seed project built, then its out/kg.nq tampered with; store/ is loaded from that
    tampered file (the annotations are untouched, so a rebuild would repair both)."""
    project = make_project(tmp_path_factory.mktemp("validate") / "tampered", seed=True)
    build(project)
    tamper(project.kg_file)
    write_persistent(project.kg_file, project.root / "store")
    return project


def kg_lines(project: Project) -> int:
    return project.kg_file.read_text(encoding="utf-8").count("\n")


def tampered_report(triples: int) -> str:
    """What kg validate prints for the tampered seed KG."""
    position, claim = P("trump-rules-out-combat-troops"), C("trump-rules-out-combat-troops")
    return (
        f"Violation [shacl] {position}: an evidence span must end after it starts "
        f"(value: {position})\n"
        f"Violation [evidence] {claim}: text[99999999:1413] lies outside the article text "
        "(3585 characters); the quote is 'Trump ruled out the involvement of American troops "
        "in combat'\n"
        f"Checked 43 claims in {triples} triples: the KG does NOT conform: 2 problem(s).\n"
    )


def store_args(project: Project, how: str, monkeypatch: pytest.MonkeyPatch) -> list[str | Path]:
    """The options that make kg read ``project``'s KG the way ``how`` says."""
    if how == "KG_STORE":
        monkeypatch.setenv("KG_STORE", str(project.root / "store"))
        return []
    return {"kg.nq": [], "rdflib": ["--engine", "rdflib"],
            "--store": ["--store", project.root / "store"]}[how]


def ontology_triples() -> int:
    return len(parse_rdf(ONTOLOGY / "kg.ttl", "turtle"))


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return parse_rdf(ONTOLOGY / "shapes.ttl", "turtle")


@pytest.mark.parametrize("how", ["kg.nq", "rdflib", "--store"])
def test_seed_conforms_exit_0(seed_project: Project, how: str,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_cli("validate", "--project", seed_project.root,
                     *store_args(seed_project, how, monkeypatch))
    assert result.exit_code == 0, result.output
    assert result.stdout == "Checked 43 claims in 1914 triples: the KG conforms.\n"
    assert result.stderr == ""
    # N is the number of triples (lines) of the built KG
    assert kg_lines(seed_project) == 1914


@pytest.mark.parametrize("how", ["kg.nq", "--store", "KG_STORE"])
def test_a_tampered_kg_fails_naming_the_claim_and_offsets(
        tampered_project: Project, how: str, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_cli("validate", "--project", tampered_project.root,
                     *store_args(tampered_project, how, monkeypatch))
    assert result.exit_code == 1, result.output
    assert result.stdout == tampered_report(kg_lines(tampered_project))
    assert result.stderr == ""


def test_the_tampered_offset_is_what_queries_read(tampered_project: Project) -> None:
    result = run_cli("query", "--project", tampered_project.root,
                     "--file", MAIN / "queries" / "evidence.rq",
                     "--param", "claim=trump-rules-out-combat-troops", "--format", "json")
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)["results"]["bindings"]
    assert (row["start"]["value"], row["end"]["value"]) == ("99999999", "1413")


@pytest.mark.endpoint
def test_validate_an_endpoint(seed_project: Project, tampered_project: Project,
                              oxigraph_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    query_url = oxigraph_server + "/query"
    push(oxigraph_server + "/store", seed_project.kg_file)
    result = run_cli("validate", "--project", seed_project.root, "--endpoint", query_url)
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "Checked 43 claims in 1914 triples: the KG conforms.\n", "")
    push(oxigraph_server + "/store", tampered_project.kg_file)
    monkeypatch.setenv("KG_ENDPOINT", query_url)
    result = run_cli("validate", "--project", seed_project.root)
    assert result.exit_code == 1, result.output
    assert result.stdout == tampered_report(kg_lines(tampered_project))


def test_broken_graph_reports_each_problem(seed_graph: Graph, shapes: Graph) -> None:
    data = Graph()
    for triple in seed_graph:
        data.add(triple)
    claim = lambda name: URIRef(C(name))  # noqa: E731
    # hedged without cue
    data.remove((claim("package-may-take-shape"), KG.cue, None))
    # missing modality
    data.remove((claim("trump-fox-interview"), KG.modality, None))
    # ruling out with positive polarity
    data.set((claim("trump-rules-out-combat-troops"), KG.polarity, KG.Positive))
    # a date without its basis
    data.remove((claim("officials-discuss-deployment"), KG.dateBasis, None))
    # offsets shifted by one character
    position = URIRef(C("kremlin-rejects-nato-troops") + "/evidence/position")
    data.set((position, OA.start, Literal(2476)))
    data.set((position, OA.end, Literal(2553)))
    # sentence recorded at the wrong place, and a sentence that lost the quote
    data.set((URIRef(C("meloni-confirms-under-discussion") + "/evidence"), KG.sentenceStart,
              Literal(3481)))
    data.set((URIRef(C("us-support-uncertain") + "/evidence"), KG.sentence,
              Literal("Meanwhile, US support is uncertain.")))

    report = validate_graph(data, shapes)
    assert report.violations == [
        Violation("shacl", C("officials-discuss-deployment"),
                  "a resolved date needs its basis (kg:dateBasis)",
                  value=C("officials-discuss-deployment")),
        Violation("shacl", C("package-may-take-shape"), "a hedged claim must name its cue word(s)",
                  value=C("package-may-take-shape")),
        Violation("shacl", C("trump-fox-interview"),
                  "a claim needs exactly one modality: firm or hedged",
                  path="https://w3id.org/newskg/ns#modality"),
        Violation("shacl", C("trump-rules-out-combat-troops"),
                  "ruling out is a negative commitment", value=C("trump-rules-out-combat-troops")),
        Violation("evidence", C("kremlin-rejects-nato-troops"),
                  "text[2476:2553] is 'ejects the possibility of NATO troops being stationed on "
                  "Ukrainian territory.', not the quoted 'rejects the possibility of NATO troops "
                  "being stationed on Ukrainian territory'"),
        Violation("evidence", C("meloni-confirms-under-discussion"),
                  "the recorded sentence is not at kg:sentenceStart"),
        Violation("evidence", C("us-support-uncertain"),
                  "the recorded sentence does not contain the quote"),
    ]
    assert not report.conforms
    assert report.exit_code == 1
    assert (report.claims, report.triples) == (43, 1911)
    assert report.to_text().splitlines()[-1] == (
        "Checked 43 claims in 1911 triples: the KG does NOT conform: 7 problem(s).")
    assert report.to_text().splitlines()[2] == (
        f"Violation [shacl] {C('trump-fox-interview')} https://w3id.org/newskg/ns#modality: "
        "a claim needs exactly one modality: firm or hedged")


def test_span_problems() -> None:
    text = "Paris said no. Rome said yes."
    sentence = "Rome said yes."
    assert span_problem(text, 15, 19, "Rome", sentence, 15) is None
    assert span_problem(text, 15, 19, "Rome", sentence, None) is None
    assert span_problem(text, 15, 40, "Rome", sentence, 15) == (
        "text[15:40] lies outside the article text (29 characters); the quote is 'Rome'")
    assert span_problem(text, -1, 4, "Rome", sentence, 15) == (
        "text[-1:4] lies outside the article text (29 characters); the quote is 'Rome'")
    assert span_problem(text, 19, 15, "Rome", sentence, 15) == (
        "text[19:15] is '', not the quoted 'Rome'")
    assert span_problem(None, 15, 19, "Rome", sentence, 15) == (
        "its article has no text in the KG (kg:text), so the span cannot be checked")


def test_an_article_without_its_text_fails_each_of_its_claims(seed_graph: Graph,
                                                              shapes: Graph) -> None:
    data = Graph()
    for triple in seed_graph:
        data.add(triple)
    data.remove((KGI[f"article/{SEED_ID}"], KG.text, None))
    report = validate_graph(data, shapes)
    evidence = [v for v in report.violations if v.check == "evidence"]
    assert [v.focus for v in evidence] == sorted(str(c) for c in data.subjects(KG.evidence))
    assert len(evidence) == 43
    assert {v.message for v in evidence} == {
        "its article has no text in the KG (kg:text), so the span cannot be checked"}
    assert [v.focus for v in report.violations if v.check == "shacl"] == [
        str(KGI[f"article/{SEED_ID}"])]


def test_violating_project_exits_1(tmp_path: Path) -> None:
    """A registry the loader accepts but the shapes refuse: a state as a member of a state."""
    project = make_project(tmp_path / "p", seed=False, mini=MINI_IDS)
    registry = project.registry_file
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("    member_of: [nato]\n", "    member_of: [ukraine]\n", 1),
                        encoding="utf-8")
    build(project)
    result = run_cli("validate", "--project", project.root)
    assert result.exit_code == 1, result.output
    assert result.stdout == (
        "Violation [shacl] https://w3id.org/newskg/id/actor/united-states "
        "http://www.w3.org/ns/org#memberOf: Value does not have class kg:Organisation "
        "(value: https://w3id.org/newskg/id/actor/ukraine)\n"
        f"Checked 6 claims in {ontology_triples() + 225 + 92 + 104} triples: the KG does NOT "
        "conform: 1 problem(s).\n"
    )
    assert kg_lines(project) == ontology_triples() + 225 + 92 + 104


def test_validate_never_builds(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", seed=False, mini=MINI_IDS)
    result = run_cli("validate", "--project", project.root)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"Error: no KG at {project.kg_file}\n  run kg build first\n"
    assert not project.kg_file.exists()
    store = tmp_path / "store"
    result = run_cli("validate", "--project", project.root, "--store", store)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"Error: no store at {store}\n  run kg build --store {store}\n"


def test_a_stale_kg_is_validated_as_built_with_the_warning(tmp_path: Path) -> None:
    """An annotation edited after the build: validate checks the KG queries read, and says it
    is out of date (the edit, a hedged claim made firm, is not in the KG yet)."""
    project = make_project(tmp_path / "p", seed=False, mini=[KREMLIN_ID])
    build(project)
    path = project.seeds / f"{KREMLIN_ID}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "    modality: hedged\n    cue: could\n", "    modality: firm\n"), encoding="utf-8")
    built = project.kg_file.stat().st_mtime
    os.utime(path, (built + 5, built + 5))
    result = run_cli("validate", "--project", project.root, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "conforms": True,
        "claims": 3,
        "triples": ontology_triples() + 225 + 92,
        "violations": [],
        "warnings": [STALE.removeprefix("Warning: ")],
    }
    result = run_cli("validate", "--project", project.root)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{STALE}\nChecked 3 claims in {ontology_triples() + 225 + 92} triples: the KG "
        "conforms.\n")


def test_report_as_json_lists_violations() -> None:
    report = ValidationReport(claims=2, triples=10, violations=[
        Violation("evidence", "kgi:x", "bad span"),
        Violation("shacl", "kgi:y", "odd", path="kg:p", value="1", severity="Warning"),
    ])
    assert report.conforms is False
    assert json.loads(report.to_json()) == {
        "conforms": False, "claims": 2, "triples": 10, "warnings": [],
        "violations": [
            {"check": "evidence", "focus": "kgi:x", "message": "bad span", "path": None,
             "value": None, "severity": "Violation"},
            {"check": "shacl", "focus": "kgi:y", "message": "odd", "path": "kg:p", "value": "1",
             "severity": "Warning"},
        ],
    }


def test_warnings_alone_conform() -> None:
    report = ValidationReport(claims=1, triples=3, warnings=["a.yaml:3: claim 'x' is odd"],
                              violations=[Violation("shacl", "kgi:y", "odd", severity="Warning")])
    assert report.conforms and report.exit_code == 0
    assert report.to_text() == (
        "Warning: a.yaml:3: claim 'x' is odd\n"
        "Warning [shacl] kgi:y: odd\n"
        "Checked 1 claims in 3 triples: the KG conforms.")


def test_the_readme_shows_the_real_report_of_a_tampered_kg() -> None:
    evidence_line = tampered_report(1914).splitlines()[1]
    assert f"```\n{evidence_line}\n```\n" in (MAIN / "README.md").read_text(encoding="utf-8")
