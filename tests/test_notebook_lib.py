"""kg.notebook on the seed KG: exact tables, the stance matrix, centrality, evidence, inline
views, and errors that read well in IPython.

The numbers pinned here are the ones notebooks/01_explore_the_seed_article.ipynb talks about
(the Kremlin's -1, the UK's +½, European leaders' betweenness): if one of these tests has to
change, change that notebook's text with it.
"""

from __future__ import annotations

import io
import math
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import SEED_ID, line_of, make_project

from kg.errors import KGError, OntologyError, QueryError, UnsafeQueryError
from kg.notebook import (
    ACTOR_KINDS,
    CLAIM_COLUMNS,
    Evidence,
    KGSession,
    _dominant,
    centrality,
    load,
    position_score,
    show_html,
    sparql_prefixes,
    stance_heatmap,
    to_dataframe,
)
from kg.project import Project
from kg.store import QueryResult, Store, open_store

MAIN = Path(__file__).resolve().parent.parent
PROJECT = Project(MAIN)
SEED_TEXT = (MAIN / "seeds" / f"{SEED_ID}.txt").open(encoding="utf-8", newline="").read()

MNF = "Multinational force in Ukraine"
PACKAGE = "Security guarantee package for Ukraine"
NATO_TROOPS = "NATO troops stationed on Ukrainian territory"


@pytest.fixture(scope="module")
def store(seed_kg: Path) -> Iterator[Store]:
    with open_store("memory", kg_file=seed_kg) as opened:
        yield opened


@pytest.fixture(scope="module")
def session(store: Store) -> KGSession:
    return KGSession(project=PROJECT, store=store)


# --- claims -----------------------------------------------------------------------------------


def test_claims_frame_shape_and_counts(session: KGSession) -> None:
    claims = session.claims()
    assert claims.shape == (43, 20)
    assert tuple(claims.columns) == CLAIM_COLUMNS
    assert claims["kind"].value_counts().to_dict() == {
        "statement": 11,
        "commitment": 16,
        "stance": 10,
        "event": 6,
    }
    assert int(claims["firm_fact"].sum()) == 24
    assert list(claims["claim"][:3]) == [
        "leaders-push-for-guarantees",
        "us-support-shifting",
        "package-may-take-shape",
    ]


def test_claims_frame_rows(session: KGSession) -> None:
    claims = session.claims().set_index("claim")
    uk = claims.loc["uk-troops-for-force"]
    assert (
        uk["kind"],
        uk["actor"],
        uk["verb"],
        uk["capabilities"],
        uk["target"],
        uk["target_kind"],
        uk["modality"],
        uk["sourcing"],
        uk["attributed_to"],
        uk["firm_fact"],
        uk["polarity"],
        uk["start"],
        uk["end"],
        uk["article"],
    ) == (
        "commitment",
        "United Kingdom",
        "envisaged to provide",
        "troops",
        MNF,
        "proposal",
        "firm",
        "anonymous source",
        "Unnamed sources",
        False,
        "positive",
        2830,
        2881,
        f"{SEED_ID}.txt",
    )
    assert uk["quote"] == "including hundreds of troops from the UK and France"
    assert claims.loc["backstop-us-participation", "capabilities"] == (
        "arms, border control, intelligence"
    )
    assert claims.loc["costa-conditions-expected", "cues"] == "expected, ideally"
    assert claims.loc["putin-zelensky-meeting", "participants"] == (
        "Vladimir Putin, Volodymyr Zelensky"
    )
    assert claims.loc["deployment-after-hostilities", "condition"] == (
        "following the cessation of hostilities"
    )
    assert not claims.loc["deployment-after-hostilities", "firm_fact"]
    assert claims.loc["trump-rules-out-combat-troops", "polarity"] == "negative"
    assert claims.loc["kremlin-rejects-nato-troops", "target_kind"] == "outcome"


def test_every_quote_is_at_its_offsets(session: KGSession) -> None:
    claims = session.claims()
    cut = [SEED_TEXT[start:end] for start, end in zip(claims["start"], claims["end"], strict=True)]
    assert cut == list(claims["quote"])


def test_firm_only(session: KGSession) -> None:
    firm = session.claims(firm_only=True)
    assert len(firm) == 24
    assert firm["firm_fact"].all()
    assert "uk-troops-for-force" not in set(firm["claim"])
    assert "kremlin-rejects-nato-troops" in set(firm["claim"])


def test_the_same_tables_on_rdflib(session: KGSession, seed_kg: Path) -> None:
    import pandas as pd

    with open_store("rdflib", kg_file=seed_kg) as other:
        on_rdflib = KGSession(project=PROJECT, store=other)
        pd.testing.assert_frame_equal(on_rdflib.claims(), session.claims())
        pd.testing.assert_frame_equal(on_rdflib.actors(), session.actors())
        pd.testing.assert_frame_equal(on_rdflib.stance_matrix(), session.stance_matrix())


# --- actors -----------------------------------------------------------------------------------


def test_actors_frame(session: KGSession) -> None:
    actors = session.actors()
    assert actors.shape == (31, 8)
    assert list(actors.columns) == [
        "id",
        "actor",
        "type",
        "anonymous",
        "wikidata",
        "as_actor",
        "as_source",
        "as_participant",
    ]
    rows = actors.set_index("id")
    assert rows.loc["donald-trump"].to_dict() == {
        "actor": "Donald Trump",
        "type": "Person",
        "anonymous": False,
        "wikidata": "Q22686",
        "as_actor": 7,
        "as_source": 6,
        "as_participant": 1,
    }
    assert rows.loc["24brussels", "as_source"] == 22
    assert sorted(rows.index[rows["anonymous"]]) == ["european-officials", "unnamed-sources"]
    assert rows.loc["kremlin", "type"] == "Government body"


# --- the stance matrix ------------------------------------------------------------------------


def test_stance_matrix(session: KGSession) -> None:
    matrix = session.stance_matrix()
    assert matrix.shape == (11, 10)
    assert list(matrix.index) == [
        "About ten unnamed nations",
        "Allies",
        "Donald Trump",
        "European armies",
        "European leaders",
        "France",
        "Giorgia Meloni",
        "The Europeans",
        "The Kremlin",
        "United Kingdom",
        "United States",
    ]
    assert list(matrix.columns) == [
        "American backstop",
        "Initial phase: training and reinforcing the Ukrainian Armed Forces",
        MNF,
        "NATO-style guarantees without membership",
        PACKAGE,
        "A peace agreement between Russia and Ukraine",
        "American troops in combat in Ukraine",
        NATO_TROOPS,
        "Security guarantees deter Putin",
        "Ukraine relinquishes control over significant parts of the east",
    ]
    assert matrix.loc["The Kremlin", NATO_TROOPS] == -1.0
    assert (
        matrix.loc["The Kremlin", "Ukraine relinquishes control over significant parts of the east"]
        == 1.0
    )
    assert matrix.loc["United Kingdom", MNF] == 0.5  # firm words, anonymous sources
    assert matrix.loc["France", MNF] == 0.5
    assert matrix.loc["The Europeans", MNF] == 1.0  # Trump, on the record
    assert matrix.loc["European armies", MNF] == 0.5  # conditional
    assert matrix.loc["Donald Trump", "American troops in combat in Ukraine"] == -1.0
    assert matrix.loc["European leaders", "Security guarantees deter Putin"] == -0.5
    assert matrix.loc["United States", PACKAGE] == 1.0  # firm offers outweigh hedged ones
    assert math.isnan(matrix.loc["The Kremlin", MNF])
    assert int(matrix.notna().sum().sum()) == 17
    kinds = matrix.attrs["target_kinds"]
    assert [kinds[c] for c in matrix.columns] == ["proposal"] * 5 + ["outcome"] * 5


def test_positions_behind_the_matrix(session: KGSession) -> None:
    positions = session.positions()
    assert positions.shape == (23, 11)
    force = positions[positions["target"] == MNF]
    assert list(zip(force["actor"], force["score"], force["claim"], strict=True)) == [
        ("About ten unnamed nations", 0.5, "ten-nations-ready-to-send-troops"),
        ("The Europeans", 1.0, "europeans-ready-to-send-troops"),
        ("European armies", 0.5, "deployment-after-hostilities"),
        ("France", 0.5, "france-troops-for-force"),
        ("United Kingdom", 0.5, "uk-troops-for-force"),
    ]


def test_positions_on_actors(session: KGSession) -> None:
    matrix = session.stance_matrix(targets=("actor",))
    assert list(matrix.columns) == ["Ukraine"]
    assert matrix["Ukraine"].to_dict() == {"Donald Trump": 1.0, "European leaders": 1.0}


@pytest.mark.parametrize(
    ("kind", "value", "polarity", "firm", "score"),
    [
        ("Commitment", "Offer", "Positive", True, 1.0),
        ("Commitment", "Envisage", "Positive", False, 0.5),
        ("Commitment", "RuleOut", "Negative", True, -1.0),
        ("Commitment", "Offer", "Negative", True, -1.0),
        ("Stance", "Rejects", "Positive", True, -1.0),
        ("Stance", "Supports", "Negative", True, -1.0),
        ("Stance", "ScepticalOf", "Positive", True, -0.5),
        ("Stance", "ScepticalOf", "Positive", False, -0.25),
        ("Stance", "Demands", "Positive", False, 0.5),
        ("Statement", None, "Positive", True, None),
        ("Event", None, "Positive", True, None),
        ("Stance", None, "Positive", True, None),
    ],
)
def test_position_score(
    kind: str, value: str | None, polarity: str, firm: bool, score: float | None
) -> None:
    assert position_score(kind, value, polarity, firm) == score


@pytest.mark.parametrize(
    ("scores", "cell"),
    [
        ([1.0, 0.5], 1.0),
        ([0.5, -1.0], -1.0),
        ([1.0, -1.0], 0.0),
        ([-0.5, -0.5], -0.5),
        ([0.5, -0.5, 0.25], 0.0),
    ],
)
def test_dominant_position(scores: list[float], cell: float) -> None:
    assert _dominant(scores) == cell


def test_stance_heatmap(session: KGSession) -> None:
    matrix = session.stance_matrix()
    fig = stance_heatmap(matrix)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == list(matrix.index)
    assert [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()] == list(matrix.columns)
    cells = sorted(t.get_text() for t in ax.texts)
    assert cells == sorted(["+1"] * 8 + ["+½"] * 5 + ["\u22121"] * 2 + ["\u2212½"] * 2)
    png, metadata = fig._repr_png_()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert f"The Kremlin on {NATO_TROOPS}: \u22121" in metadata["alt"]
    assert f"United Kingdom on {MNF}: +½" in metadata["alt"]


def test_stance_heatmap_of_nothing() -> None:
    import pandas as pd

    with pytest.raises(KGError) as failure:
        stance_heatmap(pd.DataFrame(dtype=float))
    assert str(failure.value) == (
        "the stance matrix is empty: no actor takes a position on these targets"
    )


# --- graphs -----------------------------------------------------------------------------------


def test_centrality_of_the_actors_view(session: KGSession) -> None:
    G = session.graph("actors")
    actors = centrality(G, kinds=ACTOR_KINDS)
    assert actors.index[0] == "actor/european-leaders"
    top = actors.iloc[0]
    assert (top["label"], top["kind"], top["degree"], top["claims"]) == (
        "European leaders",
        "group",
        5,
        5,
    )
    assert top["betweenness"] == pytest.approx(0.21)
    assert list(actors["label"][:4]) == [
        "European leaders",
        "The Kremlin",
        "Donald Trump",
        "United States",
    ]
    assert actors.loc["actor/united-states", "claims"] == 9
    assert set(actors["kind"]) <= set(ACTOR_KINDS)
    everything = centrality(G)
    assert len(everything) == G.number_of_nodes() == 26
    assert list(everything.index[:2]) == [
        "proposal/multinational-force",
        "proposal/security-guarantee-package",
    ]


def test_centrality_on_a_small_graph() -> None:
    import networkx as nx

    G = nx.MultiDiGraph()
    G.add_node("a", label="A", kind="person")
    G.add_node("b", label="B", kind="proposal")
    G.add_node("c", label="C", kind="state")
    G.add_edge("a", "b", weight=2)
    G.add_edge("a", "b", weight=1)  # a parallel edge: one neighbour, three claims
    G.add_edge("c", "b", weight=1)
    table = centrality(G)
    assert list(table.index) == ["b", "a", "c"]
    assert table.loc["b"].to_dict() == {
        "label": "B",
        "kind": "proposal",
        "degree": 2,
        "claims": 4,
        "betweenness": 1.0,
    }
    assert table.loc["a", "claims"] == 3
    assert list(centrality(G, kinds={"state"}).index) == ["c"]


def test_show_html_is_the_offline_page_in_a_sandboxed_frame(session: KGSession) -> None:
    import html

    from IPython.display import HTML

    from kg.views.page import render_html

    G = session.graph("proposal", "american-backstop")
    shown = show_html(G, height=500)
    assert isinstance(shown, HTML)
    match = re.fullmatch(
        r'<div class="kg-view"><iframe srcdoc="([^"]*)" sandbox="allow-scripts" '
        r'title="Proposal: American backstop" style="width: 100%; '
        r'height: 620px; border: 1px solid #ddd;"></iframe></div>',
        shown.data,
    )
    assert match is not None
    assert html.unescape(match.group(1)) == render_html(G, seed=7, height="500px")
    assert "<script src=" not in html.unescape(match.group(1))


def test_show_html_height_must_be_pixels(session: KGSession) -> None:
    with pytest.raises(KGError) as failure:
        show_html(session.graph("claims", limit=3), height=50)
    assert str(failure.value) == "height must be a whole number of pixels, at least 100, not 50"


# --- evidence ---------------------------------------------------------------------------------


def test_evidence_for_a_claim(session: KGSession) -> None:
    evidence = session.evidence("kremlin-rejects-nato-troops")
    assert evidence == Evidence(
        claim="kremlin-rejects-nato-troops",
        summary="The Kremlin rejects NATO troops being stationed on Ukrainian territory",
        article=f"kgi:article/{SEED_ID}",
        title="European Leaders Push for Security Guarantees for Ukraine Amid Shifting US Support",
        start=2475,
        end=2552,
        quote="rejects the possibility of NATO troops being stationed on Ukrainian territory",
        sentence="The Kremlin, which demands that Ukraine relinquish control over significant "
        "portions of the east, rejects the possibility of NATO troops being stationed "
        "on Ukrainian territory.",
        sentence_start=2377,
    )
    assert SEED_TEXT[2377:].startswith(evidence.sentence)
    assert SEED_TEXT[evidence.start : evidence.end] == evidence.quote
    assert str(evidence).splitlines()[1] == (
        "  The Kremlin, which demands that Ukraine relinquish control over significant portions "
        "of the east, [rejects the possibility of NATO troops being stationed on Ukrainian "
        "territory]."
    )
    assert (
        "portions of the east, <mark>rejects the possibility of NATO troops being stationed "
        "on Ukrainian territory</mark>.</blockquote>"
    ) in evidence._repr_html_()


def test_evidence_html_is_escaped() -> None:
    evidence = Evidence(
        claim="x",
        summary="<b>bold</b>",
        article="a",
        title=None,
        start=4,
        end=7,
        quote="<i>",
        sentence="say <i> & go",
        sentence_start=0,
    )
    shown = evidence._repr_html_()
    assert "<b>bold</b>" not in shown and "&lt;b&gt;bold&lt;/b&gt;" in shown
    assert "say <mark>&lt;i&gt;</mark> &amp; go" in shown


def test_evidence_for_an_unknown_claim(session: KGSession) -> None:
    with pytest.raises(QueryError) as failure:
        session.evidence("kremlin-rejects-nato")
    message = str(failure.value)
    assert message.startswith("no claim is called 'kremlin-rejects-nato'\n")
    assert "kremlin-rejects-nato-troops" in message


# --- queries as tables ------------------------------------------------------------------------


def test_named_query_as_a_table(session: KGSession) -> None:
    conflicts = session.query("conflicts")
    assert list(
        zip(conflicts["opponent"], conflicts["actor"], conflicts["claim"], strict=True)
    ) == [
        ("The Kremlin", "France", "france-troops-for-force"),
        ("The Kremlin", "United Kingdom", "uk-troops-for-force"),
    ]
    assert "opponentLabel" not in conflicts.columns
    offers = session.query("capability_offers", capability="troops")
    assert len(offers) == 5 and set(offers["capability"]) == {"troops"}


def test_catalogue(session: KGSession) -> None:
    from kg.query.catalogue import list_queries

    catalogue = session.catalogue()
    assert list(catalogue.columns) == ["name", "title", "parameters"]
    assert list(catalogue["name"]) == [spec.name for spec in list_queries(PROJECT)]


def test_own_sparql_with_typed_values(session: KGSession) -> None:
    import datetime

    table = session.sparql("""
        PREFIX kg:   <https://w3id.org/newskg/ns#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?claim ?when ?date ?start ?firm ?actor ?actorLabel WHERE {
          ?claim kg:claimId ?id ; kg:date ?date ; kg:timeExpression ?when ;
                 kg:evidence/<http://www.w3.org/ns/oa#hasSelector>/<http://www.w3.org/ns/oa#start>
                 ?start .
          OPTIONAL { ?claim kg:actor ?actor . ?actor rdfs:label ?actorLabel }
          BIND(?claim = ?claim AS ?firm)
        } ORDER BY ?start""")
    assert list(table.columns) == ["claim", "when", "date", "start", "firm", "actor"]
    assert table.drop(columns="actor").to_dict("records") == [
        {
            "claim": "officials-discuss-deployment",
            "when": "On Tuesday",
            "date": datetime.date(2025, 8, 19),
            "start": 366,
            "firm": True,
        },
        {
            "claim": "meloni-confirms-under-discussion",
            "when": "on Monday",
            "date": datetime.date(2025, 8, 18),
            "start": 3482,
            "firm": True,
        },
    ]
    assert table["actor"].isna().tolist() == [True, False]
    assert table["actor"][1] == "Giorgia Meloni"


def test_own_sparql_with_bound_parameters(session: KGSession) -> None:
    query = """
        PREFIX kg: <https://w3id.org/newskg/ns#>
        SELECT ?claimId ?actor WHERE { ?claim kg:claimId ?claimId ; kg:actor ?actor }"""
    table = session.sparql(query, claimId="uk-troops-for-force")
    assert table.to_dict("records") == [
        {"claimId": "uk-troops-for-force", "actor": "United Kingdom"}
    ]
    typed = "# title: t\n# question: q\n# param: actor (actor): who\n" + query
    table = session.sparql(typed, actor="UK")
    assert sorted(table["claimId"]) == ["uk-troops-for-force"]


def test_own_sparql_is_vetted(session: KGSession) -> None:
    with pytest.raises(UnsafeQueryError) as failure:
        session.sparql("DELETE WHERE { ?s ?p ?o }")
    assert str(failure.value).startswith("kg query is read-only: this is a SPARQL update")
    with pytest.raises(UnsafeQueryError):
        session.sparql("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")


def test_ask_and_construct_as_tables(session: KGSession) -> None:
    asked = session.sparql("ASK { ?s ?p ?o }")
    assert asked.to_dict("records") == [{"answer": True}]
    built = session.sparql("""
        PREFIX org: <http://www.w3.org/ns/org#>
        CONSTRUCT { ?a org:memberOf ?b } WHERE { ?a org:memberOf ?b }""")
    assert list(built.columns) == ["subject", "predicate", "object"]
    assert built.to_dict("records")[0] == {
        "subject": "kgi:actor/france",
        "predicate": "org:memberOf",
        "object": "kgi:actor/nato",
    }
    assert len(built) == 4


def test_to_dataframe_of_an_empty_result() -> None:
    empty = to_dataframe(QueryResult("SELECT", vars=["a", "aLabel", "b"], rows=[]))
    assert list(empty.columns) == ["a", "b"] and empty.empty


def test_sparql_prefixes() -> None:
    assert sparql_prefixes("kg", "rdfs") == (
        "PREFIX kg:   <https://w3id.org/newskg/ns#>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>"
    )
    assert sparql_prefixes().splitlines()[1] == "PREFIX kgi:  <https://w3id.org/newskg/id/>"
    with pytest.raises(KGError) as failure:
        sparql_prefixes("schema")
    assert str(failure.value).startswith("unknown prefix 'schema'\n  known: kg, kgi, rdf,")


# --- load -------------------------------------------------------------------------------------


def test_load_builds_a_fresh_project_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path / "project")
    with load(project.root) as fresh:
        assert fresh.project == project
        assert len(fresh.claims()) == 43
        assert fresh.evidence("uk-troops-for-force").start == 2830
    assert capsys.readouterr().err == (
        "Building the KG first (seeds or ontology changed since the last build)...\n"
    )
    assert project.kg_file.is_file()


def test_load_a_folder_that_is_not_a_project(tmp_path: Path) -> None:
    with pytest.raises(KGError) as failure:
        load(tmp_path)
    assert str(failure.value).startswith(f"{tmp_path} is not a kg project: it has no seeds/")


# --- errors in IPython ------------------------------------------------------------------------
#
# rdflib's BadSyntax subclasses SyntaxError, which IPython shows with an empty message. Our
# errors must show in full: message, file:line and hint.

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def shell(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """An IPython shell like a notebook kernel's, with its profile in a temporary folder."""
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    before = os.environ.get("IPYTHONDIR")
    os.environ["IPYTHONDIR"] = str(tmp_path_factory.mktemp("ipython"))
    config = Config()
    config.HistoryManager.enabled = False
    try:
        instance = InteractiveShell.instance(config=config)
        instance.colors = "nocolor"
        yield instance
    finally:
        InteractiveShell.clear_instance()
        if before is None:
            os.environ.pop("IPYTHONDIR", None)
        else:
            os.environ["IPYTHONDIR"] = before


def shown(shell: object, cell: str, **names: object) -> str:
    """What IPython prints when it runs ``cell`` (with ``names`` defined), colours removed."""
    import contextlib

    shell.user_ns.update(names)  # type: ignore[attr-defined]
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        shell.run_cell(cell)  # type: ignore[attr-defined]
    return ANSI.sub("", out.getvalue())


def test_an_annotation_error_reads_in_full_in_ipython(shell: object, tmp_path: Path) -> None:
    from kg.build import build
    from kg.errors import AnnotationError

    project = make_project(tmp_path / "project")
    annotation = project.seeds / f"{SEED_ID}.yaml"
    annotation.write_text(
        annotation.read_text(encoding="utf-8").replace("stance: rejects", "stance: rejectz"),
        encoding="utf-8",
    )
    with pytest.raises(AnnotationError) as failure:
        build(project)
    line = line_of(annotation, "  - id: kremlin-rejects-nato-troops")  # the claim's line
    message = (
        f"{annotation}:{line}: claim 'kremlin-rejects-nato-troops': stance 'rejectz' is "
        "not one of: supports, welcomes, proposes, demands, opposes, rejects, "
        "sceptical-of"
    )
    assert str(failure.value) == message
    assert not isinstance(failure.value, SyntaxError)
    printed = shown(shell, "build(project)", build=build, project=project)
    assert printed.rstrip().endswith(f"AnnotationError: {message}")
    # the error as a value (e.g. the last line of a cell) shows its message too
    formatted, _ = shell.display_formatter.format(failure.value)  # type: ignore[attr-defined]
    assert message in formatted["text/plain"]


def test_a_turtle_error_reads_in_full_in_ipython(shell: object, tmp_path: Path) -> None:
    from kg.build import build

    project = make_project(tmp_path / "project")
    project.ontology_file.write_text(
        "@prefix kg: <x#> .\nkg:a kg:b kg:c kg:d .\n", encoding="utf-8"
    )
    with pytest.raises(OntologyError) as failure:
        build(project)
    assert str(failure.value).startswith(
        f"{project.ontology_file}:2: turtle syntax error at line 2, column 16: expected '.' or "
        "'}' or ']' at end of statement"
    )
    printed = shown(shell, "build(project)", build=build, project=project)
    assert printed.rstrip().endswith("OntologyError: " + str(failure.value).rstrip())


def test_a_query_error_reads_in_full_in_ipython(shell: object, session: KGSession) -> None:
    printed = shown(
        shell, "session.sparql('SELECT ?c WHERE {\\n  ?c a kg:Claim }')", session=session
    )
    assert printed.rstrip().endswith(
        "QueryError: prefix kg: is not declared (line 2, column 8)\n"
        "      ?c a kg:Claim }\n"
        "           ^\n"
        "  add `PREFIX kg: <...>` at the top of the query"
    )


def test_ipython_hides_the_message_of_rdflib_bad_syntax(shell: object) -> None:
    """Why the tests above matter: the same shell shows rdflib's own error with no message."""
    from rdflib import Graph

    data = "<http://a> <http://b> <http://c> <http://d> ."
    printed = shown(shell, "Graph().parse(data=data, format='turtle')", Graph=Graph, data=data)
    assert printed.rstrip().splitlines()[-1] == "BadSyntax"  # the class name, no message
