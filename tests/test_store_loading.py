"""Loading N-Quads into Oxigraph: in memory and on disk (in slices), the same store.

The default graph must hold every named-graph triple once, plus the file's own default-graph
triples, and nothing else; blank nodes must stay one node across slices and graphs.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import StoreError
from kg.store import OxigraphStore, loading, open_store, write_persistent

E = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"

#: Lines the cut into N-Triples gets wrong on purpose (default-graph triples ending with an
#: IRI or holding " <" in a literal, a graph label without a space before it, a comment
#: holding " <"), among plain ones: 13 named-graph quads (one triple in two graphs) and 4
#: default-graph triples (one also in a named graph).
AWKWARD = f"""# a comment <{E}c>
<{E}s1> <{E}p> <{E}o1> <{E}g1> .
<{E}s1> <{E}p> <{E}o1> <{E}g2> .
<{E}s1> <{E}label> "one"@en <{E}g1> .

<{E}s2> <{E}p> <{E}o2> .
<{E}s2> <{E}says> "a <b> c" .
<{E}s2> <{E}says> "say \\"hi\\" <now>" <{E}g2> .
<{E}s3> <{E}n> "+0800"^^<{XSD}int> <{E}g1> .
<{E}s3> <{E}n> "7"^^<{XSD}integer> .
<{E}s3> <{E}text> "x"<{E}g3> .
<{E}s3>\t<{E}text>\t"tab"\t<{E}g3>\t.
<{E}s4> <{E}p> <{E}o4> <{E}g3> . # see <{E}elsewhere>
<{E}s4> <{E}label> "quatre"@fr-CA <{E}g1> .
<{E}s4> <{E}when> "2025-09-02"^^<{XSD}date> <{E}g2> .
<{E}s1> <{E}label> "one"@en .
<{E}s5> <{E}p> "é ü \\u00e9" <{E}g1> .
<{E}s5> <{E}p> <{E}o5> <{E}g4> .
<{E}s6> <{E}p> "last" <{E}g4> ."""  # no newline at the end

BLANK = f"""_:a <{E}p> "1" <{E}g1> .
<{E}s1> <{E}p> "filler one, long enough to end a slice" <{E}g1> .
<{E}s2> <{E}p> "filler two, long enough to end a slice" <{E}g1> .
<{E}s3> <{E}p> "filler three, long enough to end a slice" <{E}g1> .
_:a <{E}q> "2" <{E}g2> .
_:b <{E}p> "3" .
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kg.nq"
    path.write_bytes(text.encode("utf-8"))
    return path


def _reference(path: Path) -> list[str]:
    """What a load must give: the file's quads, and each named-graph triple in the default
    graph, added one by one."""
    store = ox.Store()
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
        store.add(quad)
        store.add(ox.Quad(quad.subject, quad.predicate, quad.object))
    return sorted(str(quad) for quad in store)


def _contents(store: OxigraphStore) -> list[str]:
    return sorted(str(quad) for quad in store._store)


@pytest.fixture(params=[64, 300, loading._SLICE], ids=["tiny", "small", "default"])
def slice_size(request, monkeypatch) -> int:
    monkeypatch.setattr(loading, "_SLICE", request.param)
    return request.param


def test_union_ntriples_cuts_the_graph_label() -> None:
    lines = (
        f'<{E}s> <{E}p> "a <b>"@en <{E}g> .\n'
        f"<{E}s> <{E}p> <{E}o> .\n"
        "# note\n"
        "\n"
        f'<{E}s> <{E}p> "x" <{E}g> .'
    )
    assert loading._union_ntriples(lines.encode()).decode() == (
        f'<{E}s> <{E}p> "a <b>"@en .\n'
        f"<{E}s> <{E}p> .\n"  # wrong, and not N-Triples: the loader falls back
        "# note\n"
        "\n"
        f'<{E}s> <{E}p> "x" .'
    )


def test_disk_and_memory_hold_the_same_quads(tmp_path: Path, slice_size: int) -> None:
    path = _write(tmp_path, AWKWARD)
    expected = _reference(path)
    # the quads, the 12 distinct named-graph triples, the 3 default-graph triples left
    assert len(expected) == 13 + 12 + 3
    assert write_persistent(path, tmp_path / "store") == 13 + 3
    with OxigraphStore(tmp_path / "store", read_only=True) as on_disk:
        assert _contents(on_disk) == expected
        assert on_disk.triple_count() == 16
    with open_store("memory", kg_file=path) as in_memory:
        assert _contents(in_memory) == expected
        assert in_memory.triple_count() == 16


@pytest.mark.parametrize("where", ["memory", "disk"])
def test_blank_nodes_stay_one_node(tmp_path: Path, where: str, monkeypatch) -> None:
    monkeypatch.setattr(loading, "_SLICE", 64)
    path = _write(tmp_path, BLANK)
    if where == "disk":
        assert write_persistent(path, tmp_path / "store") == 6
        store = OxigraphStore(tmp_path / "store", read_only=True)
    else:
        store = open_store("memory", kg_file=path)
    with store:
        joined = store.query(f"SELECT ?x ?y WHERE {{ ?b <{E}p> ?x ; <{E}q> ?y }}")
        assert [tuple(str(term) for term in row) for row in joined.rows] == [("1", "2")]
        blank = "SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { %s }"
        nodes = store.query(blank % "?b ?p ?o FILTER isBlank(?b)")
        assert int(nodes.rows[0][0]) == 2
        in_graphs = store.query(blank % "GRAPH ?g { ?b ?p ?o FILTER isBlank(?b) }")
        assert int(in_graphs.rows[0][0]) == 1
        assert store.triple_count() == 6


@pytest.mark.parametrize(
    ("subject", "columns"),
    [(f"<{E}s5>", "48 and 52"), ("_:b5", "29 and 33")],
    ids=["native", "blank-node"],
)
def test_syntax_error_names_the_line_of_the_whole_file(
    tmp_path: Path, monkeypatch, subject: str, columns: str
) -> None:
    monkeypatch.setattr(loading, "_SLICE", 64)
    lines = AWKWARD.splitlines()
    lines[15] = f"{subject} <{E}p> oops <{E}g1> ."
    path = _write(tmp_path, "\n".join(lines))
    with pytest.raises(StoreError) as on_disk:
        write_persistent(path, tmp_path / "store")
    with pytest.raises(StoreError) as in_memory:
        open_store("memory", kg_file=path)
    for caught in (on_disk, in_memory):
        assert (caught.value.file, caught.value.line) == (str(path), 16)
        assert caught.value.message == (
            f"cannot read N-Quads: Parser error at line 16 between columns {columns}: "
            "The object of a triple must be an IRI, a blank node or a literal"
        )
    assert not (tmp_path / "store").exists()
