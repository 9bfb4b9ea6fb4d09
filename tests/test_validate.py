"""kg validate: SHACL shapes and evidence anchoring, as a report value and as exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import (
    KREMLIN_ID,
    MINI_IDS,
    ONTOLOGY,
    SEED_ID,
    line_of,
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
from kg.validate import ValidationReport, Violation, validate_graph


def C(claim: str) -> str:  # noqa: N802
    return str(KGI[f"claim/{SEED_ID}/{claim}"])


@pytest.fixture(scope="module")
def seed_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return make_project(tmp_path_factory.mktemp("validate") / "seed", seed=True)


@pytest.fixture(scope="module")
def seed_graph(seed_project: Project) -> Graph:
    """The union of all graphs of the built seed KG; a test copies it before changing it."""
    build(seed_project)
    return union_graph(load_nquads(seed_project.kg_file))


def ontology_triples() -> int:
    return len(parse_rdf(ONTOLOGY / "kg.ttl", "turtle"))


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return parse_rdf(ONTOLOGY / "shapes.ttl", "turtle")


def test_seed_conforms_exit_0(seed_project: Project) -> None:
    result = run_cli("validate", "--project", seed_project.root)
    assert result.exit_code == 0, result.output
    assert result.stdout == "Checked 43 claims in 1914 triples: the KG conforms.\n"
    assert result.stderr == ""
    # N is the number of triples of the built KG
    build(seed_project)
    assert seed_project.kg_file.read_text(encoding="utf-8").count("\n") == 1914


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


def test_violating_project_exits_1(tmp_path: Path) -> None:
    """A registry the loader accepts but the shapes refuse: a state as a member of a state."""
    project = make_project(tmp_path / "p", seed=False, mini=MINI_IDS)
    registry = project.registry_file
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("    member_of: [nato]\n", "    member_of: [ukraine]\n", 1),
                        encoding="utf-8")
    result = run_cli("validate", "--project", project.root)
    assert result.exit_code == 1, result.output
    assert result.stdout == (
        "Violation [shacl] https://w3id.org/newskg/id/actor/united-states "
        "http://www.w3.org/ns/org#memberOf: Value does not have class kg:Organisation "
        "(value: https://w3id.org/newskg/id/actor/ukraine)\n"
        f"Checked 6 claims in {ontology_triples() + 225 + 92 + 104} triples: the KG does NOT "
        "conform: 1 problem(s).\n"
    )


def test_annotations_that_do_not_load_exit_2(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", seed=False, mini=MINI_IDS)
    path = project.seeds / f"{KREMLIN_ID}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    cue: could\n", ""),
                    encoding="utf-8")
    result = run_cli("validate", "--project", project.root)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: {path}:24: claim 'kremlin-open-to-talks': a hedged claim needs its cue word(s)\n"
        "  e.g. `cue: probably` — the word in the quote that hedges it.\n"
    )


def test_warnings_are_reported_but_do_not_fail(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", seed=False, mini=[KREMLIN_ID])
    path = project.seeds / f"{KREMLIN_ID}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "    modality: hedged\n    cue: could\n", "    modality: firm\n"), encoding="utf-8")
    line = line_of(path, "  - id: kremlin-open-to-talks")
    result = run_cli("validate", "--project", project.root, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "conforms": True,
        "claims": 3,
        "triples": ontology_triples() + 225 + 92 - 1,  # the claim lost its cue
        "violations": [],
        "warnings": [
            f"{path}:{line}: claim 'kremlin-open-to-talks' is marked firm but its quote says "
            "'could'; mark it hedged with that cue, or keep it firm if the word does not "
            "qualify this claim"
        ],
    }


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
