"""Untrusted SPARQL through ``kg query`` (issue 7, item 2).

* Updates (INSERT, DELETE, LOAD, CLEAR, DROP, ...) are refused, exit 2.
* SERVICE, FROM and FROM NAMED are refused unless ``--allow-remote``; refused queries never
  reach an engine: a counting HTTP server on 127.0.0.1 that every IRI points at sees nothing.
* With ``--allow-remote`` a SERVICE call goes to the named endpoint only (Oxigraph) or is
  still stopped by the offline guard (rdflib); FROM never fetches.
* Query names cannot be paths (``kg query ../../etc/passwd``).
* ``--timeout`` stops an expensive query (a three-way cross product of the seed KG's quads)
  with one clear message and exit 2, in a few seconds, on every embedded store and on a
  SPARQL endpoint that never answers.
"""

from __future__ import annotations

import http.server
import json
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kg.build import build
from kg.cli import main
from kg.project import Project

pytestmark = pytest.mark.timeout(120)

HERE = Path(__file__).parent
ROOT = HERE.parent
KG_BIN = Path(sys.executable).parent / "kg"

REMOTE_HINT = (
    "  kg query reads only the KG; pass --allow-remote (allow_remote=True from Python) if you "
    "mean to contact these. To read a named graph of the KG, write GRAPH <iri> { ... } instead "
    "of FROM.\n"
)
READ_ONLY_HINT = "  the KG is derived from the annotations: change those and run `kg build`\n"


# --- a local HTTP server that counts what reaches it ----------------------------------------


class Counter(http.server.ThreadingHTTPServer):
    """Answers every request with one SPARQL JSON row (?x = <urn:remote>) and records it."""

    daemon_threads = True

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []
        self.release = threading.Event()  # set to let a stalled answer go
        self.stall_paths: set[str] = set()
        super().__init__(("127.0.0.1", 0), _Handler)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


class _Handler(http.server.BaseHTTPRequestHandler):
    server: Counter

    def _answer(self) -> None:
        self.server.requests.append((self.command, self.path))
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        if self.path in self.server.stall_paths:
            self.server.release.wait(30)
        body = json.dumps(
            {
                "head": {"vars": ["x"]},
                "results": {"bindings": [{"x": {"type": "uri", "value": "urn:remote"}}]},
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[Counter]:
    counter = Counter()
    thread = threading.Thread(target=counter.serve_forever, daemon=True)
    thread.start()
    try:
        yield counter
    finally:
        counter.release.set()
        counter.shutdown()
        counter.server_close()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A built copy of the seed project, with a persistent store in ``out/store``."""
    root = tmp_path_factory.mktemp("queries") / "proj"
    for folder in ("ontology", "queries", "seeds"):
        shutil.copytree(ROOT / folder, root / folder)
    project = Project(root)
    build(project, store_dir=project.out_dir / "store")
    return project


def run(project: Project, *args: str | Path) -> Result:
    return CliRunner().invoke(main, ["query", "--project", str(project.root), *map(str, args)])


def assert_error(result: Result, expected: str) -> None:
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == expected


# --- refusals ---------------------------------------------------------------------------------

UPDATES = {
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }": "INSERT DATA",
    "DELETE DATA { <urn:a> <urn:b> <urn:c> }": "DELETE DATA",
    "DELETE WHERE { ?s ?p ?o }": "DELETE WHERE",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }": "DELETE/INSERT ... WHERE",
    "LOAD <{remote}/data.ttl>": "LOAD",
    "LOAD SILENT <{remote}/data.ttl> INTO GRAPH <urn:g>": "LOAD",
    "CLEAR ALL": "CLEAR",
    "DROP GRAPH <https://w3id.org/newskg/id/graph/reference>": "DROP",
    "CREATE GRAPH <urn:g>": "CREATE",
    "COPY DEFAULT TO <urn:g>": "COPY",
    "PREFIX x: <urn:x#> INSERT DATA { x:a x:b x:c } ; CLEAR ALL": "INSERT DATA, CLEAR",
}


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("update", list(UPDATES), ids=list(UPDATES.values()))
def test_updates_are_refused(update: str, engine: str, project: Project, server: Counter) -> None:
    before = project.kg_file.read_bytes()
    text = update.replace("{remote}", server.url(""))
    result = run(project, "--engine", engine, "--sparql", text)
    assert_error(
        result,
        f"Error: kg query is read-only: this is a SPARQL update ({UPDATES[update]}), and "
        "updates are refused\n" + READ_ONLY_HINT,
    )
    assert project.kg_file.read_bytes() == before
    assert server.requests == []


REMOTE = {
    "service": (
        "SELECT ?x WHERE { SERVICE <{remote}/sparql> { ?x ?y ?z } }",
        "SERVICE <{remote}/sparql> would send part of the query to that endpoint",
    ),
    "service_in_optional": (
        "SELECT ?s WHERE { ?s a ?t OPTIONAL { SERVICE SILENT <{remote}/sparql> { ?s ?p ?o } } }",
        "SERVICE <{remote}/sparql> would send part of the query to that endpoint",
    ),
    "service_in_subquery": (
        "SELECT * WHERE { { SELECT ?x WHERE { SERVICE <{remote}/sparql> { ?x ?y ?z } } } }",
        "SERVICE <{remote}/sparql> would send part of the query to that endpoint",
    ),
    "service_in_filter_exists": (
        "ASK { ?s ?p ?o FILTER EXISTS { SERVICE <{remote}/sparql> { ?s ?p ?o } } }",
        "SERVICE <{remote}/sparql> would send part of the query to that endpoint",
    ),
    "service_variable": (
        "SELECT * WHERE { VALUES ?e { <{remote}/sparql> } SERVICE ?e { ?x ?y ?z } }",
        "SERVICE ?e would send part of the query to whatever endpoint ?e is bound to",
    ),
    "from": (
        "SELECT * FROM <{remote}/data.ttl> WHERE { ?s ?p ?o }",
        "FROM <{remote}/data.ttl> would load that document, possibly over the network",
    ),
    "from_named": (
        "SELECT * FROM NAMED <{remote}/data.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }",
        "FROM NAMED <{remote}/data.ttl> would load that document, possibly over the network",
    ),
    "construct_from": (
        "CONSTRUCT { ?s ?p ?o } FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        "FROM <file:///etc/passwd> would load that document, possibly over the network",
    ),
}


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib", "store"])
@pytest.mark.parametrize("case", list(REMOTE))
def test_remote_access_is_refused_without_opt_in(
    case: str, engine: str, project: Project, server: Counter
) -> None:
    text, what = (s.replace("{remote}", server.url("")) for s in REMOTE[case])
    where = ["--store", project.out_dir / "store"] if engine == "store" else ["--engine", engine]
    result = run(project, *where, "--sparql", text)
    assert_error(result, f"Error: refused remote access: {what}\n" + REMOTE_HINT)
    assert server.requests == []


def test_a_refused_query_file_is_named(project: Project, server: Counter, tmp_path: Path) -> None:
    query = tmp_path / "mine.rq"
    query.write_text(
        "# my query\n" + REMOTE["service"][0].replace("{remote}", server.url("")) + "\n",
        encoding="utf-8",
    )
    result = run(project, "--file", query)
    what = REMOTE["service"][1].replace("{remote}", server.url(""))
    assert_error(result, f"Error: {query}: refused remote access: {what}\n" + REMOTE_HINT)
    assert server.requests == []


def test_a_catalogue_query_of_a_users_project_is_vetted_too(
    project: Project, server: Counter
) -> None:
    """A project's own queries/*.rq are as untrusted as --sparql text."""
    path = project.queries_dir / "sneaky.rq"
    path.write_text(
        "# title: sneaky\n# question: What is out there?\n"
        + REMOTE["from"][0].replace("{remote}", server.url("")),
        encoding="utf-8",
    )
    try:
        result = run(project, "sneaky")
    finally:
        path.unlink()
    what = REMOTE["from"][1].replace("{remote}", server.url(""))
    assert_error(result, f"Error: {path}: refused remote access: {what}\n" + REMOTE_HINT)
    assert server.requests == []


def test_allow_remote_is_only_for_your_own_queries(project: Project, server: Counter) -> None:
    result = run(project, "ruled_out", "--allow-remote")
    assert_error(
        result,
        "Error: --allow-remote is for your own queries (--file, --sparql); catalogue queries "
        "never contact other servers\n",
    )
    assert server.requests == []


# --- --allow-remote --------------------------------------------------------------------------


def test_allowed_service_goes_to_the_named_endpoint_only(project: Project, server: Counter) -> None:
    """Oxigraph sends the SERVICE pattern to that endpoint, and nothing anywhere else."""
    server.requests.clear()
    text = REMOTE["service"][0].replace("{remote}", server.url(""))
    result = run(project, "--allow-remote", "--format", "csv", "--sparql", text)
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    assert result.stdout.splitlines() == ["x", "urn:remote"]
    assert server.requests == [("POST", "/sparql")]
    server.requests.clear()


def test_allowed_service_is_still_guarded_on_rdflib(project: Project, server: Counter) -> None:
    """rdflib runs every query inside the offline guard: the call is refused, not made."""
    server.requests.clear()
    url = server.url("/sparql")
    result = run(
        project,
        "--engine",
        "rdflib",
        "--allow-remote",
        "--sparql",
        REMOTE["service"][0].replace("{remote}", server.url("")),
    )
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: refused to fetch {url}: "), result.stderr
    assert server.requests == []


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_allowed_from_never_fetches(engine: str, project: Project, server: Counter) -> None:
    """FROM names a graph of the store; no engine downloads it."""
    server.requests.clear()
    text = f"SELECT (COUNT(*) AS ?n) FROM <{server.url('/data.ttl')}> WHERE {{ ?s ?p ?o }}"
    result = run(project, "--engine", engine, "--allow-remote", "--format", "csv", "--sparql", text)
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    assert result.stdout.splitlines() == ["n", "0"]
    assert server.requests == []


# --- query names are never paths --------------------------------------------------------------

NOT_NAMES = [
    "../../etc/passwd",
    "/etc/passwd",
    "..",
    "actor_claims/../../../etc/passwd",
    "queries/actor_claims",
    "actor_claims.rq",
    "Actor_Claims",
    "actor-claims",
    "~root",
    "actor_claims\x00",
    "",
]


@pytest.mark.parametrize("name", NOT_NAMES)
def test_query_names_cannot_be_paths(name: str, project: Project) -> None:
    result = run(project, name)
    assert_error(
        result,
        f"Error: {name!r} is not a query name: query names are snake_case names from "
        "`kg queries` (letters a-z, digits and _)\n"
        "  run `kg queries` to list them, or pass your own SPARQL as a .rq file\n",
    )


def test_a_snake_case_name_outside_the_catalogue_is_unknown(project: Project) -> None:
    (project.root / "etc_passwd.rq").write_text("SELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    result = run(project, "etc_passwd")
    assert_error(
        result, "Error: there is no query called 'etc_passwd'\n  run `kg queries` to list them\n"
    )


# --- timeouts -----------------------------------------------------------------------------------

CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TIMEOUT_MESSAGE = "Error: query stopped after 1 s; narrow it or raise --timeout\n"


def kg(*args: str | Path) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    proc = subprocess.run(
        [str(KG_BIN), *map(str, args)], capture_output=True, text=True, timeout=60, cwd=HERE
    )
    return proc, time.monotonic() - started


@pytest.mark.parametrize("where", ["oxigraph", "rdflib", "store"])
def test_timeout_stops_an_expensive_query(where: str, project: Project) -> None:
    store = ["--store", project.out_dir / "store"] if where == "store" else ["--engine", where]
    proc, seconds = kg(
        "query", "--project", project.root, *store, "--timeout", "1", "--sparql", CROSS_PRODUCT
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (2, "", TIMEOUT_MESSAGE)
    assert seconds < 5


def test_timeout_stops_waiting_for_an_endpoint(project: Project, server: Counter) -> None:
    """An endpoint that never answers: kg gives up at --timeout, with the same message."""
    server.stall_paths.add("/stalled")
    try:
        proc, seconds = kg(
            "query",
            "--project",
            project.root,
            "--endpoint",
            server.url("/stalled"),
            "--timeout",
            "1",
            "--sparql",
            "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
        )
    finally:
        server.release.set()
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr.startswith("Error: query stopped after 1 s"), proc.stderr
    assert seconds < 5
