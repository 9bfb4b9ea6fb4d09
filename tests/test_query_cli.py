"""``kg queries`` and ``kg query``, run in-process with click's CliRunner.

Each test runs against a copy of the seed project in a temporary folder (seeds, ontology and
the query catalogue), so the real ``out/`` is never read or written.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph

from kg.cli import main
from kg.model.namespaces import KG, KGI

TESTS = Path(__file__).resolve().parent
MAIN = TESTS.parent
SEED_ID = "000_3622f00dcd344a76"


def make_copy(root: Path) -> Path:
    """A project folder with the seed article, registry, ontology and queries."""
    for folder in ("ontology", "queries"):
        shutil.copytree(MAIN / folder, root / folder)
    (root / "seeds").mkdir()
    for name in ("registry.yaml", f"{SEED_ID}.txt", f"{SEED_ID}.yaml"):
        shutil.copyfile(MAIN / "seeds" / name, root / "seeds" / name)
    return root


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seed project copy whose KG is built once."""
    root = make_copy(tmp_path_factory.mktemp("project"))
    result = kg("build", project=root)
    assert result.exit_code == 0, result.output
    return root


def kg(*args: str | Path, project: Path | None = None) -> Result:
    extra = ["--project", str(project)] if project is not None else []
    return CliRunner().invoke(main, [str(a) for a in args] + extra)


def test_kg_queries_lists_every_query_with_title_and_parameters(project: Path) -> None:
    result = kg("queries", project=project)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["name", "title", "parameters"]
    names = sorted(p.stem for p in (project / "queries").glob("*.rq"))
    assert [line.split()[0] for line in lines[2:-1]] == names
    assert lines[-1] == f"({len(names)} rows)"
    [row] = [line for line in lines if line.startswith("actor_claims ")]
    assert row.split("  ")[-1].strip() == "actor (actor)"
    assert "What one actor committed to, offered, ruled out or said" in row
    listed = json.loads(kg("queries", "--format", "json", project=project).stdout)
    assert listed["head"]["vars"] == ["name", "title", "parameters"]


def test_kg_queries_name_shows_one_query_in_full(project: Path) -> None:
    result = kg("queries", "evidence", project=project)
    assert result.exit_code == 0
    assert result.stdout.startswith("evidence: Evidence: the exact sentence behind a claim\n")
    assert "claim (claim, optional): the claim, by id" in result.stdout
    assert "  kg query evidence --param claim=kremlin-rejects-nato-troops" in result.stdout
    assert "SELECT ?claim ?claimId ?summary" in result.stdout


def test_kg_query_prints_a_readable_table(project: Path) -> None:
    result = kg("query", "actor_claims", "--param", "actor=Trump", project=project)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["actor", "role", "kind", "what"]
    assert lines[-1] == "(11 rows)"
    assert all(line.startswith("Donald Trump  ") for line in lines[2:-1])
    assert "https://" not in result.stdout
    assert "trump-rules-out-combat-troops" in result.stdout
    assert "Trump says the Europeans are ready to send people on the gr\u2026" in result.stdout


def test_formats_csv_json_markdown(project: Path) -> None:
    args = ("query", "ruled_out")
    rows = list(csv.reader(io.StringIO(kg(*args, "--format", "csv", project=project).stdout)))
    assert rows[0][:3] == ["actor", "actorLabel", "how"]
    assert rows[1][:3] == [str(KGI["actor/donald-trump"]), "Donald Trump", "rules out"]
    data = json.loads(kg(*args, "--format", "json", project=project).stdout)
    assert [b["how"]["value"] for b in data["results"]["bindings"]] == ["rules out", "rejects"]
    markdown = kg(*args, "--format", "markdown", project=project).stdout.splitlines()
    assert markdown[0].startswith("| actor | how | capability | target |")
    assert markdown[2].startswith("| Donald Trump | rules out | combat troops |")


def test_both_engines_print_the_same(project: Path) -> None:
    args = ("query", "proposal_positions", "--param", "proposal=Multinational force",
            "--format", "csv")
    oxigraph = kg(*args, project=project)
    rdflib = kg(*args, "--engine", "rdflib", project=project)
    assert oxigraph.exit_code == rdflib.exit_code == 0
    assert oxigraph.stdout == rdflib.stdout
    assert len(oxigraph.stdout.splitlines()) == 1 + 8


def test_ask_prints_true_or_false_and_sets_the_exit_code(project: Path) -> None:
    yes = kg("query", "is_firm_fact", "--param", "claim=kremlin-rejects-nato-troops",
             project=project)
    no = kg("query", "is_firm_fact", "--param", "claim=uk-troops-for-force", project=project)
    assert (yes.exit_code, yes.stdout) == (0, "true\n")
    assert (no.exit_code, no.stdout) == (1, "false\n")
    adhoc = kg("query", "--sparql", "ASK { ?s ?p ?o }", "--format", "json", project=project)
    assert (adhoc.exit_code, json.loads(adhoc.stdout)) == (0, {"head": {}, "boolean": True})


def test_construct_prints_turtle(project: Path) -> None:
    result = kg("query", "direct_edges", project=project)
    assert result.exit_code == 0
    graph = Graph().parse(data=result.stdout, format="turtle")
    assert (KGI["actor/donald-trump"], KG.rulesOut,
            KGI["outcome/us-combat-troops-in-ukraine"]) in graph


def test_own_sparql_from_a_file_or_the_command_line(project: Path, tmp_path: Path) -> None:
    query = tmp_path / "kremlin.rq"
    query.write_text(
        "PREFIX kg: <https://w3id.org/newskg/ns#>\n"
        "SELECT ?claim ?target ?who WHERE { ?claim kg:actor ?who ; kg:target ?target }\n"
        "ORDER BY ?claim\n", encoding="utf-8")
    result = kg("query", "--file", query, "--param", f"who=<{KGI['actor/kremlin']}>",
                "--format", "csv", project=project)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == [
        f"{KGI['claim/' + SEED_ID + '/kremlin-demands-the-east']},"
        f"{KGI['outcome/ukraine-cedes-the-east']},{KGI['actor/kremlin']}",
        f"{KGI['claim/' + SEED_ID + '/kremlin-rejects-nato-troops']},"
        f"{KGI['outcome/nato-troops-in-ukraine']},{KGI['actor/kremlin']}",
    ]
    inline = kg("query", "--sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?c a "
                "<https://w3id.org/newskg/ns#Commitment> }", project=project)
    assert inline.stdout.splitlines() == ["n", "--", "16", "(1 row)"]


def test_malformed_sparql_gets_line_column_and_exit_2(project: Path) -> None:
    result = kg("query", "--sparql", "SELECT ?s\nWHERE { ?s ?p }", project=project)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error: SPARQL syntax error at line 2, column ")
    assert "WHERE { ?s ?p }" in result.stderr and "^" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("sparql", "message"), [
    ("DELETE WHERE { ?s ?p ?o }", "kg query is read-only"),
    ("LOAD <http://example.org/data.ttl>", "kg query is read-only"),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
     "refused remote access: SERVICE <http://example.org/sparql>"),
    ("SELECT * FROM <http://example.org/data> WHERE { ?s ?p ?o }",
     "refused remote access: FROM <http://example.org/data>"),
])
def test_updates_and_remote_access_are_refused(project: Path, sparql: str, message: str) -> None:
    result = kg("query", "--sparql", sparql, project=project)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {message}")


def test_allow_remote_is_only_for_own_queries(project: Path) -> None:
    result = kg("query", "actors", "--allow-remote", project=project)
    assert result.exit_code == 2
    assert "catalogue queries never contact other servers" in result.stderr


def test_unknown_names_and_bad_parameters_exit_2_with_advice(project: Path) -> None:
    unknown = kg("query", "evidance", project=project)
    assert (unknown.exit_code, unknown.stderr) == (
        2, "Error: there is no query called 'evidance'\n"
        "  did you mean evidence? run `kg queries` to list them\n")
    missing = kg("query", "actor_profile", project=project)
    assert missing.exit_code == 2
    assert "actor_profile needs --param actor=..." in missing.stderr
    nobody = kg("query", "actor_profile", "--param", "actor=Nobody Atall", project=project)
    assert nobody.exit_code == 2
    assert "no actor is called 'Nobody Atall'" in nobody.stderr
    bad = kg("query", "actor_profile", "--param", "actor", project=project)
    assert bad.exit_code == 2 and "is not KEY=VALUE" in bad.stderr
    none = kg("query", project=project)
    assert none.exit_code == 2 and "give one query" in none.stderr
    both = kg("query", "actors", "--sparql", "ASK {}", project=project)
    assert both.exit_code == 2 and "give one query" in both.stderr
    zero = kg("query", "actors", "--timeout", "0", project=project)
    assert zero.exit_code == 2


def test_a_hostile_parameter_matches_nothing(project: Path) -> None:
    result = kg("query", "find_actor", "--param", 'name=x" || true || "', "--format", "json",
                project=project)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["results"]["bindings"] == []


def test_a_reading_command_never_builds_and_says_when_the_kg_is_out_of_date(
    tmp_path: Path,
) -> None:
    root = make_copy(tmp_path / "fresh")
    missing = kg("query", "summary_counts", "--format", "csv", project=root)
    assert missing.exit_code == 2
    assert missing.stderr == f"Error: no KG at {root / 'out' / 'kg.nq'}\n  run kg build first\n"
    assert not (root / "out" / "kg.nq").exists()
    assert kg("build", project=root).exit_code == 0
    first = kg("query", "summary_counts", "--format", "csv", project=root)
    assert (first.exit_code, first.stderr) == (0, "")
    seed = root / "seeds" / f"{SEED_ID}.yaml"
    built = (root / "out" / "kg.nq").stat().st_mtime
    os.utime(seed, (built + 5, built + 5))
    stale = kg("query", "summary_counts", "--format", "csv", project=root)
    assert stale.stderr == (
        "Warning: seeds or ontology changed after out/kg.nq was written; its answers are "
        "out of date (run kg build).\n"
    )
    assert stale.stdout == first.stdout
    assert (root / "out" / "kg.nq").stat().st_mtime == built  # not rebuilt


# --- choosing the store by configuration ------------------------------------------------------


def test_the_store_can_come_from_the_environment(tmp_path: Path) -> None:
    """`export KG_STORE=DIR`: kg build writes that store and every query reads it."""
    root = make_copy(tmp_path / "project")
    store = tmp_path / "store"
    env = {"KG_STORE": str(store)}
    built = CliRunner().invoke(main, ["build", "--project", str(root)], env=env)
    assert built.exit_code == 0, built.output
    assert (store / "CURRENT").is_file()
    expected = kg("query", "memberships", "--format", "csv", project=root).stdout
    (root / "out" / "kg.nq").unlink()  # the store needs no KG file, and none is rebuilt
    from_store = CliRunner().invoke(
        main, ["query", "memberships", "--format", "csv", "--project", str(root)], env=env
    )
    assert (from_store.exit_code, from_store.stdout) == (0, expected)
    assert expected.count("\n") == 11  # a header and 10 memberships
    assert not (root / "out" / "kg.nq").exists()


def test_a_store_option_beats_the_environment_and_two_settings_are_refused(
    project: Path, tmp_path: Path
) -> None:
    nowhere = {"KG_STORE": str(tmp_path / "no-store")}
    result = CliRunner().invoke(
        main, ["query", "actors", "--engine", "rdflib", "--project", str(project)], env=nowhere
    )
    assert result.exit_code == 2  # $KG_STORE is used: --engine only picks the in-memory engine
    assert f"Error: no store at {tmp_path / 'no-store'}" in result.output
    endpoint = "http://127.0.0.1:9/query"  # a command-line --endpoint wins over $KG_STORE
    result = CliRunner().invoke(
        main, ["query", "actors", "--endpoint", endpoint, "--project", str(project)], env=nowhere
    )
    assert result.exit_code == 2
    assert "no store at" not in result.output and "127.0.0.1:9" in result.output
    both = {**nowhere, "KG_ENDPOINT": endpoint}
    result = CliRunner().invoke(main, ["query", "actors", "--project", str(project)], env=both)
    assert result.exit_code == 2
    assert "KG_STORE and KG_ENDPOINT are both set; unset one" in result.output


def test_a_store_older_than_the_seeds_is_read_with_a_warning(tmp_path: Path) -> None:
    root = make_copy(tmp_path / "project")
    store = tmp_path / "store"
    assert kg("build", "--store", store, project=root).exit_code == 0
    fresh = kg("query", "memberships", "--store", store, project=root)
    assert (fresh.exit_code, fresh.stderr) == (0, "")
    annotations = root / "seeds" / f"{SEED_ID}.yaml"
    later = (store / "CURRENT").stat().st_mtime + 60
    os.utime(annotations, (later, later))
    stale = kg("query", "memberships", "--store", store, project=root)
    assert (stale.exit_code, stale.stdout) == (0, fresh.stdout)
    assert stale.stderr == (
        f"Warning: seeds or ontology changed after the store at {store} was written; its "
        f"answers are out of date (run kg build --store {store}).\n"
    )
