"""kg.offline: rdflib never reaches the network inside offline(), and parse_rdf fails clearly.

A local HTTP server on 127.0.0.1 counts every request it gets. Each way rdflib knows to fetch
(Graph.parse of a URL, a remote JSON-LD @context, SERVICE, LOAD, FROM on a Dataset) is run
twice: unguarded, where the server must see the request (so the zero counts below can fail),
and inside offline(), where it must raise RemoteAccessRefused and the server must see nothing.
"""

from __future__ import annotations

import http.client
import importlib
import json
import socket
import sys
import tempfile
import threading
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import rdflib

from kg.errors import AnnotationError, KGError
from kg.offline import RemoteAccessRefused, offline, parse_rdf

WHY = (
    "kg never fetches remote documents while parsing or querying; "
    "download it yourself and pass the local file"
)
EX = "http://example.org/"

TURTLE = f"<{EX}a> <{EX}b> <{EX}c> .\n"
CONTEXT = {"@context": {"name": f"{EX}name"}}
SPARQL_RESULTS = {
    "head": {"vars": ["s"]},
    "results": {"bindings": [{"s": {"type": "uri", "value": f"{EX}from-server"}}]},
}


# --- a local server that counts requests ------------------------------------------------


@dataclass
class Server:
    base: str
    requests: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    """A fresh HTTP server on 127.0.0.1 (its own port and request log for every test)."""
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("ALL_PROXY", raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    lock = threading.Lock()
    log: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            with lock:
                log.append(self.path)
            path = self.path.split("?", 1)[0]
            if path == "/x.ttl":
                body, kind = TURTLE.encode(), "text/turtle"
            elif path == "/context.jsonld":
                body, kind = json.dumps(CONTEXT).encode(), "application/ld+json"
            elif path == "/sparql":
                body, kind = json.dumps(SPARQL_RESULTS).encode(), "application/sparql-results+json"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = _answer
        do_POST = _answer

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{httpd.server_address[1]}", log)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


# --- the ways rdflib fetches --------------------------------------------------------------


def parse_url(server: Server) -> int:
    return len(rdflib.Graph().parse(server.url("/x.ttl"), format="turtle"))


def jsonld_remote_context(server: Server) -> int:
    doc = {"@context": server.url("/context.jsonld"), "@id": f"{EX}a", "name": "Alice"}
    return len(rdflib.Graph().parse(data=json.dumps(doc), format="json-ld"))


def sparql_service(server: Server) -> int:
    query = f"SELECT ?s WHERE {{ SERVICE <{server.url('/sparql')}> {{ ?s ?p ?o }} }}"
    return len(list(rdflib.Graph().query(query)))


def sparql_load(server: Server) -> int:
    graph = rdflib.Graph()
    graph.update(f"LOAD <{server.url('/x.ttl')}>")
    return len(graph)


def dataset_from(server: Server) -> int:
    query = f"SELECT * FROM <{server.url('/x.ttl')}> WHERE {{ ?s ?p ?o }}"
    return len(list(rdflib.Dataset().query(query)))


# (fetcher, the path the server sees, the URL refused)
FETCHES: list[tuple[Callable[[Server], int], str, str]] = [
    (parse_url, "/x.ttl", "/x.ttl"),
    (jsonld_remote_context, "/context.jsonld", "/context.jsonld"),
    (sparql_service, "/sparql", "/sparql"),
    (sparql_load, "/x.ttl", "/x.ttl"),
    (dataset_from, "/x.ttl", "/x.ttl"),
]
IDS = [fetch.__name__ for fetch, _, _ in FETCHES]


@pytest.mark.parametrize(("fetch", "seen", "refused"), FETCHES, ids=IDS)
def test_unguarded_rdflib_does_fetch(server: Server, fetch, seen: str, refused: str) -> None:
    """Positive control: without the guard, the server gets the request and rdflib the data."""
    assert fetch(server) == 1
    assert len(server.requests) == 1
    assert server.requests[0].startswith(seen)


@pytest.mark.parametrize(("fetch", "seen", "refused"), FETCHES, ids=IDS)
def test_offline_refuses_before_any_request(server: Server, fetch, seen: str, refused: str) -> None:
    with pytest.raises(RemoteAccessRefused) as caught:
        with offline():
            fetch(server)
    url = caught.value.target
    assert url.startswith(server.url(refused))
    assert caught.value.kind == "url"
    assert str(caught.value) == f"refused to fetch {url}: {WHY}"
    assert isinstance(caught.value, KGError)
    assert server.requests == []


def test_exact_url_named_for_graph_parse(server: Server) -> None:
    with pytest.raises(RemoteAccessRefused) as caught:
        with offline():
            parse_url(server)
    assert str(caught.value) == f"refused to fetch {server.url('/x.ttl')}: {WHY}"


def test_guard_is_lifted_after_the_block(server: Server) -> None:
    with pytest.raises(RemoteAccessRefused):
        with offline():
            parse_url(server)
    assert server.requests == []
    assert parse_url(server) == 1
    assert server.requests == ["/x.ttl"]


def test_refusal_swallowed_inside_is_raised_at_the_end(server: Server) -> None:
    reached_end_of_block = False
    with pytest.raises(RemoteAccessRefused) as caught:
        with offline():
            try:
                urllib.request.urlopen(server.url("/x.ttl"))
            except Exception:
                pass
            reached_end_of_block = True
    assert reached_end_of_block
    assert caught.value.target == server.url("/x.ttl")
    assert server.requests == []


def test_wrapped_refusal_is_unwrapped(server: Server) -> None:
    """rdflib's LOAD turns every error into a bare Exception; the guard raises ours instead."""
    with pytest.raises(RemoteAccessRefused) as caught:
        with offline():
            sparql_load(server)
    assert type(caught.value.__cause__) is Exception
    assert str(caught.value.__cause__) == (
        f"Could not load {server.url('/x.ttl')} as either RDF/XML, N3 or NTriples"
    )


def test_nested_blocks_keep_the_outer_guard(server: Server) -> None:
    url = server.url("/x.ttl")
    with pytest.raises(RemoteAccessRefused) as at_outer_end:
        with offline():
            with offline():
                pass  # ends cleanly: nothing was refused inside it
            with pytest.raises(RemoteAccessRefused):
                urllib.request.urlopen(url)  # the outer block still guards
    # the outer block refused something, so it raises that again as it ends
    assert at_outer_end.value.target == url
    assert server.requests == []


def test_other_exceptions_pass_through_unchanged() -> None:
    with pytest.raises(ValueError, match="^not about the network$"):
        with offline():
            raise ValueError("not about the network")


def test_raw_socket_connect_is_refused(server: Server) -> None:
    port = int(server.base.rsplit(":", 1)[1])
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(RemoteAccessRefused) as caught:
            with offline():
                sock.connect(("127.0.0.1", port))
    finally:
        sock.close()
    assert str(caught.value) == f"refused to connect to 127.0.0.1:{port}: {WHY}"
    assert caught.value.kind == "connect"


def test_host_lookup_is_refused() -> None:
    with pytest.raises(RemoteAccessRefused) as caught:
        with offline():
            socket.getaddrinfo("localhost", 80)
    assert str(caught.value) == f"refused to look up host localhost: {WHY}"
    assert caught.value.kind == "lookup"


def test_http_client_is_refused(server: Server) -> None:
    port = int(server.base.rsplit(":", 1)[1])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    with pytest.raises(RemoteAccessRefused) as caught:
        with offline():
            connection.request("GET", "/x.ttl")
    connection.close()
    assert str(caught.value) == f"refused to connect to 127.0.0.1:{port}: {WHY}"
    assert server.requests == []


def test_guard_covers_only_the_thread_that_entered_it(server: Server) -> None:
    """Documented scope: a thread started inside the block runs unguarded."""
    results: list[int] = []
    with offline():
        worker = threading.Thread(target=lambda: results.append(parse_url(server)))
        worker.start()
        worker.join(timeout=10)
    assert results == [1]
    assert server.requests == ["/x.ttl"]


# --- files, with allowed_roots ------------------------------------------------------------


@pytest.fixture
def two_folders(tmp_path: Path) -> tuple[Path, Path]:
    inside, outside = tmp_path / "inside", tmp_path / "outside"
    for folder in (inside, outside):
        folder.mkdir()
        (folder / "x.ttl").write_text(TURTLE, encoding="utf-8")
    return inside, outside


def test_rdflib_reads_inside_the_roots(two_folders: tuple[Path, Path]) -> None:
    inside, _ = two_folders
    with offline([inside]):
        assert len(rdflib.Graph().parse(inside / "x.ttl", format="turtle")) == 1
        assert len(rdflib.Graph().parse((inside / "x.ttl").as_uri(), format="turtle")) == 1


@pytest.mark.parametrize("as_uri", [True, False], ids=["file-url", "path"])
def test_rdflib_reads_outside_the_roots_are_refused(
    two_folders: tuple[Path, Path], as_uri: bool
) -> None:
    inside, outside = two_folders
    target = outside / "x.ttl"
    with pytest.raises(RemoteAccessRefused) as caught:
        with offline([inside]):
            rdflib.Graph().parse(target.as_uri() if as_uri else str(target), format="turtle")
    assert str(caught.value) == (
        f"refused to read {target}: it is outside the folders kg may read here ({inside}); "
        "copy it into the project, or pass it as a file of its own"
    )
    assert caught.value.kind == "file"


def test_without_roots_files_are_not_checked(two_folders: tuple[Path, Path]) -> None:
    _, outside = two_folders
    with offline():
        assert len(rdflib.Graph().parse((outside / "x.ttl").as_uri(), format="turtle")) == 1


def test_imports_temp_files_and_our_own_reads_keep_working(
    two_folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    inside, outside = two_folders
    monkeypatch.delitem(sys.modules, "colorsys", raising=False)  # so the import reads a file
    with offline([inside]):
        colorsys = importlib.import_module("colorsys")
        with tempfile.TemporaryFile() as scratch:
            scratch.write(b"ok")
            scratch.seek(0)
            assert scratch.read() == b"ok"
        assert (outside / "x.ttl").read_text(encoding="utf-8") == TURTLE
    assert colorsys.rgb_to_hsv(1.0, 0.0, 0.0) == (0.0, 1.0, 1.0)


# --- parse_rdf ------------------------------------------------------------------------------


def test_parse_rdf_reads_a_turtle_file(tmp_path: Path) -> None:
    path = tmp_path / "x.ttl"
    path.write_text(TURTLE, encoding="utf-8")
    graph = parse_rdf(path, "turtle")
    assert type(graph) is rdflib.Graph
    assert set(graph) == {
        (rdflib.URIRef(f"{EX}a"), rdflib.URIRef(f"{EX}b"), rdflib.URIRef(f"{EX}c"))
    }


def test_parse_rdf_takes_text_and_resolves_against_base() -> None:
    graph = parse_rdf("<a> <b> <c> .", "turtle", base=EX)
    assert set(graph) == {
        (rdflib.URIRef(f"{EX}a"), rdflib.URIRef(f"{EX}b"), rdflib.URIRef(f"{EX}c"))
    }


def test_parse_rdf_quads_go_into_a_dataset() -> None:
    graph = parse_rdf(f"<{EX}g> {{ <{EX}a> <{EX}b> <{EX}c> }}", "trig")
    assert type(graph) is rdflib.Dataset
    assert set(graph.quads()) == {
        (rdflib.URIRef(f"{EX}a"), rdflib.URIRef(f"{EX}b"), rdflib.URIRef(f"{EX}c"),
         rdflib.URIRef(f"{EX}g"))
    }  # fmt: skip


def test_parse_rdf_into_a_given_graph() -> None:
    target = rdflib.Graph()
    assert parse_rdf(TURTLE, "turtle", graph=target) is target
    assert len(target) == 1


def test_malformed_turtle_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text(f"@prefix ex: <{EX}> .\n\nex:a ex:b ex:c .\nex:a ex:b .\n", encoding="utf-8")
    with pytest.raises(AnnotationError) as caught:
        parse_rdf(path, "turtle")
    error = caught.value
    assert not isinstance(error, SyntaxError)
    assert error.file == str(path)
    assert error.line == 4
    assert str(error) == (
        f"{path}:4: turtle syntax error at line 4, column 11: objectList expected\n"
        "    ex:a ex:b .\n"
        "              ^"
    )


def test_unterminated_string_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text(f'@prefix ex: <{EX}> .\nex:a ex:b "open .\n', encoding="utf-8")
    with pytest.raises(AnnotationError) as caught:
        parse_rdf(path, "turtle")
    assert caught.value.line == 2
    assert str(caught.value).startswith(
        f"{path}:2: turtle syntax error at line 2, column 18: newline found in string literal"
    )


def test_malformed_ntriples_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.nt"
    path.write_text(f"{TURTLE}\n<{EX}a> <{EX}b> .\n", encoding="utf-8")
    with pytest.raises(AnnotationError) as caught:
        parse_rdf(path, "nt")
    assert caught.value.line == 3
    assert str(caught.value) == (
        f"{path}:3: nt syntax error at line 3: Invalid line: .\n    <{EX}a> <{EX}b> ."
    )


def test_invalid_json_ld_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonld"
    path.write_text('{\n  "@id": "x",\n  oops\n}\n', encoding="utf-8")
    with pytest.raises(AnnotationError) as caught:
        parse_rdf(path, "json-ld")
    assert str(caught.value) == (
        f"{path}:3: invalid JSON at line 3, column 3: "
        "Expecting property name enclosed in double quotes"
    )


def test_invalid_rdf_xml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.rdf"
    path.write_text(
        '<?xml version="1.0"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about="http://example.org/a">\n'
        "</rdf:RDF>\n",
        encoding="utf-8",
    )
    with pytest.raises(AnnotationError) as caught:
        parse_rdf(path, "xml")
    assert str(caught.value) == f"{path}:4: invalid XML at line 4, column 3: mismatched tag"


def test_json_ld_remote_context_is_refused(server: Server, tmp_path: Path) -> None:
    path = tmp_path / "doc.jsonld"
    context_url = server.url("/context.jsonld")
    path.write_text(json.dumps({"@context": context_url, "@id": f"{EX}a", "name": "A"}))
    with pytest.raises(AnnotationError) as caught:
        parse_rdf(path, "json-ld")
    assert str(caught.value) == (
        f"{path}: JSON-LD @context {context_url} is remote: "
        "kg never fetches remote documents while parsing or querying\n"
        "  download the context, save it beside the document and point @context at that file "
        "(or write the context inline)"
    )
    assert server.requests == []


def test_json_ld_context_beside_the_document_is_used(tmp_path: Path) -> None:
    (tmp_path / "context.jsonld").write_text(json.dumps(CONTEXT), encoding="utf-8")
    path = tmp_path / "doc.jsonld"
    path.write_text(json.dumps({"@context": "context.jsonld", "@id": f"{EX}a", "name": "A"}))
    graph = parse_rdf(path, "json-ld")
    assert {(s, p, o) for s, p, o, _ in graph.quads()} == {
        (rdflib.URIRef(f"{EX}a"), rdflib.URIRef(f"{EX}name"), rdflib.Literal("A"))
    }


def test_json_ld_context_outside_the_folder_is_refused(two_folders: tuple[Path, Path]) -> None:
    inside, outside = two_folders
    (outside / "context.jsonld").write_text(json.dumps(CONTEXT), encoding="utf-8")
    context = outside / "context.jsonld"
    path = inside / "doc.jsonld"
    path.write_text(json.dumps({"@context": context.as_uri(), "@id": f"{EX}a", "name": "A"}))
    with pytest.raises(AnnotationError) as caught:
        parse_rdf(path, "json-ld")
    assert str(caught.value) == (
        f"{path}: JSON-LD @context {context} is outside the document's folder: "
        "kg reads local contexts only from the folder of the document (or below it)\n"
        "  copy the context beside the document and point @context at that file "
        "(or write the context inline)"
    )


def test_unknown_format_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(AnnotationError) as caught:
        parse_rdf(TURTLE, "turtel")
    assert str(caught.value) == (
        "unknown RDF format 'turtel'\n  use one of turtle, trig, nt, nquads, json-ld, xml"
    )
    missing = tmp_path / "missing.ttl"
    with pytest.raises(AnnotationError) as caught:
        parse_rdf(missing, "turtle")
    assert str(caught.value) == f"{missing}: cannot read the file: No such file or directory"
