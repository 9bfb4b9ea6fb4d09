"""One name resolver (kg.query.names): ``kg query --param``, ``kg viz actor|proposal NAME`` and
the notebook helpers accept the same names, pick the same thing, and fail with the same
message and suggestions.

Each case of a table goes through every way in: the CLI's ``kg query`` (the bound IRI, read
from the selected column), the CLI's ``kg viz`` (the view's focus node, read from its
GraphML), and the notebook session (its graph's focus; a claim's evidence). A name must give
the expected IRI on every path, or the expected error text, character for character.

The project is the seed article plus the mini fixture ``001_kremlin_rejects_deployment``
(which reuses the seed's claim id ``kremlin-rejects-nato-troops``, so that id is ambiguous),
and two made-up people added to the registry for this test, both written "Smith".
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import networkx as nx
import pytest
from helpers import KREMLIN_ID, MAIN, SEED_ID, make_project, run_cli

from kg.errors import KGError, QueryError
from kg.model.namespaces import INSTANCE_BASE, claim_iri
from kg.notebook import KGSession, load
from kg.query.names import KINDS, resolve
from kg.store import open_store
from kg.views.graphs import to_networkx

#: Illustrative registry entries (not real people) that share the surface form "Smith".
SMITHS = """\
  - id: jane-smith
    label: Jane Smith
    type: person
    surface_forms: [Smith]
  - id: john-smith
    label: John Smith
    type: person
    surface_forms: [Smith]
"""

FIND_ACTOR = "`kg query find_actor --param name=...` searches actor names"


def actor(name: str) -> str:
    return f"{INSTANCE_BASE}actor/{name}"


def proposal(name: str) -> str:
    return f"{INSTANCE_BASE}proposal/{name}"


def seed_claim(name: str) -> str:
    return str(claim_iri(SEED_ID, name))


ACTOR_CASES = [
    ("giorgia-meloni", actor("giorgia-meloni")),  # id
    (actor("giorgia-meloni"), actor("giorgia-meloni")),  # IRI
    (f"<{actor('giorgia-meloni')}>", actor("giorgia-meloni")),  # IRI in <...>
    ("actor/giorgia-meloni", actor("giorgia-meloni")),  # a view's node id
    ("Giorgia Meloni", actor("giorgia-meloni")),  # label
    ("Meloni", actor("giorgia-meloni")),  # surface form
    ("Washington", actor("united-states")),  # surface form (a metonym)
    ("  Kyiv ", actor("ukraine")),  # spaces around are dropped
    ("Giorgia_Meloni", actor("giorgia-meloni")),  # underscores for spaces
    ("giorgia meloni", actor("giorgia-meloni")),  # case-folded
    ("THE KREMLIN", actor("kremlin")),
    ("antonio costa", actor("antonio-costa")),  # accent dropped ("António Costa")
    ("Trumpp", "no actor is called 'Trumpp'\n"
               f"  close names: Donald Trump (donald-trump); {FIND_ACTOR}"),
    ("Smith", "more than one actor is called 'Smith': Jane Smith (jane-smith); "
              "John Smith (john-smith)\n  give the id instead, e.g. jane-smith"),
    ("smith", "more than one actor is called 'smith': Jane Smith (jane-smith); "
              "John Smith (john-smith)\n  give the id instead, e.g. jane-smith"),
    ("Nobody Atall", f"no actor is called 'Nobody Atall'\n  {FIND_ACTOR}"),
]

PROPOSAL_CASES = [
    ("american-backstop", proposal("american-backstop")),
    ("American backstop", proposal("american-backstop")),
    ("AMERICAN BACKSTOP", proposal("american-backstop")),
    ("American_Backstop", proposal("american-backstop")),
    ("proposal/american-backstop", proposal("american-backstop")),
    ("Amercan backstop", "no proposal is called 'Amercan backstop'\n"
                         "  close names: American backstop (american-backstop)"),
    ("kremlin", "no proposal is called 'kremlin'\n  known proposals: American backstop "
                "(american-backstop), Initial phase: training and reinforcing the Ukrainian "
                "Armed Forces (initial-phase), Multinational force in Ukraine "
                "(multinational-force), NATO-style guarantees without membership "
                "(nato-style-guarantees), Security guarantee package for Ukraine "
                "(security-guarantee-package)"),
]

CLAIM_CASES = [
    ("backstop-air-defence", seed_claim("backstop-air-defence")),  # claim id
    (seed_claim("backstop-air-defence"), seed_claim("backstop-air-defence")),  # IRI
    (f"claim/{SEED_ID}/backstop-air-defence", seed_claim("backstop-air-defence")),  # node id
    ("BACKSTOP-AIR-DEFENCE", seed_claim("backstop-air-defence")),  # case-folded
    ("backstop_air_defence", seed_claim("backstop-air-defence")),  # underscores
    # the claim id of one claim in each article: the IRI tells them apart
    (str(claim_iri(KREMLIN_ID, "kremlin-rejects-nato-troops")),
     str(claim_iri(KREMLIN_ID, "kremlin-rejects-nato-troops"))),
    ("kremlin-rejects-nato-troops",  # the same id in two articles: listed with their IRIs
     "more than one claim is called 'kremlin-rejects-nato-troops': The Kremlin rejects NATO "
     "troops being stationed on Ukrainian territory "
     f"({seed_claim('kremlin-rejects-nato-troops')}); The Kremlin restates that it rejects "
     "NATO troops on Ukrainian territory "
     f"({claim_iri(KREMLIN_ID, 'kremlin-rejects-nato-troops')})\n"
     f"  give the IRI instead, e.g. {seed_claim('kremlin-rejects-nato-troops')}"),
    ("backstop-air-defense",
     "no claim is called 'backstop-air-defense'\n  close names: The American backstop may "
     "also include air defence systems (backstop-air-defence)"),
    ("nothing-like-it", "no claim is called 'nothing-like-it'"),
]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("names")
    make_project(root, mini=[KREMLIN_ID])
    shutil.copytree(MAIN / "queries", root / "queries")
    registry = root / "seeds" / "registry.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("\nactors:\n", "\nactors:\n" + SMITHS, 1), encoding="utf-8")
    built = run_cli("build", "--project", root)
    assert built.exit_code == 0, built.output
    return root


@pytest.fixture(scope="module")
def session(project: Path) -> Iterator[KGSession]:
    with load(project) as opened:
        yield opened


def outcome(run: Callable[[], str]) -> str:
    """The IRI ``run`` finds, or the text of the QueryError it raises."""
    try:
        return run()
    except QueryError as exc:
        return str(exc)


def cli_outcome(args: list[str | Path], read: Callable[[str], str]) -> str:
    """The IRI a successful ``kg`` run shows (``read`` from its stdout), or its error text."""
    result = run_cli(*args)
    if result.exit_code == 0:
        return read(result.stdout)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Error: ") and result.stderr.endswith("\n"), result.stderr
    return result.stderr[len("Error: "):-1]


def via_query(project: Path, query: str, param: str, value: str) -> str:
    """``kg query QUERY --param PARAM=VALUE``: the IRI in the PARAM column of every row."""

    def read(stdout: str) -> str:
        bindings = json.loads(stdout)["results"]["bindings"]
        (iri,) = {row[param]["value"] for row in bindings}
        return iri

    return cli_outcome(["query", query, "--param", f"{param}={value}", "--format", "json",
                        "--project", project], read)


def via_viz(project: Path, view: str, value: str) -> str:
    """``kg viz VIEW VALUE``: the IRI of the view's focus node, read back from GraphML."""
    out = project / "out" / "names_test.graphml"
    out.unlink(missing_ok=True)

    def read(_stdout: str) -> str:
        return INSTANCE_BASE + nx.read_graphml(out).graph["focus"]

    return cli_outcome(["viz", view, value, "--format", "graphml", "-o", out,
                        "--project", project], read)


def via_notebook_graph(session: KGSession, view: str, value: str) -> str:
    return outcome(lambda: INSTANCE_BASE + session.graph(view, value).graph["focus"])


def via_notebook_evidence(session: KGSession, value: str) -> str:
    def run() -> str:
        evidence = session.evidence(value)
        return str(claim_iri(evidence.article.rsplit("/", 1)[-1], evidence.claim))

    return outcome(run)


#: The catalogue query and parameter through which ``kg query`` resolves each kind.
QUERY_OF = {"actor": ("actor_profile", "actor"), "proposal": ("proposal_positions", "proposal"),
            "claim": ("evidence", "claim")}
CASES = [
    pytest.param(kind, value, expected, id=f"{kind}-{value}")
    for kind, cases in (("actor", ACTOR_CASES), ("proposal", PROPOSAL_CASES),
                        ("claim", CLAIM_CASES))
    for value, expected in cases
]


@pytest.mark.parametrize(("kind", "value", "expected"), CASES)
def test_a_name_means_the_same_everywhere(
    project: Path, session: KGSession, kind: str, value: str, expected: str
) -> None:
    query, param = QUERY_OF[kind]
    found = {
        "library": outcome(lambda: resolve(session.store, kind, value)),
        "kg query": via_query(project, query, param, value),
    }
    if kind == "claim":
        found["notebook evidence"] = via_notebook_evidence(session, value)
    else:
        found["kg viz"] = via_viz(project, kind, value)
        found["notebook graph"] = via_notebook_graph(session, kind, value)
    assert found == dict.fromkeys(found, expected)


def tiny_kg(folder: Path, people: list[tuple[str, str, str]]) -> Path:
    """A KG file of actors: (id, class in the kg namespace, label) each."""
    kg, rdfs = "https://w3id.org/newskg/ns#", "http://www.w3.org/2000/01/rdf-schema#"
    lines = [f"<{kg}Person> <{rdfs}subClassOf> <{kg}Actor> ."]
    for who, cls, name in people:
        lines += [f"<{actor(who)}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{kg}{cls}> .",
                  f'<{actor(who)}> <{rdfs}label> "{name}" .']
    data = folder / "people.nq"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return data


def test_an_id_wins_over_another_things_label(tmp_path: Path) -> None:
    """The id the ambiguity hint suggests always resolves, even when it is also a name of
    something else."""
    data = tiny_kg(tmp_path, [("smith", "Person", "Anna Smith"), ("bob-jones", "Person", "smith")])
    with open_store("memory", kg_file=data) as store:
        assert resolve(store, "actor", "smith") == actor("smith")
        assert resolve(store, "actor", "Anna Smith") == actor("smith")
        assert resolve(store, "actor", "bob-jones") == actor("bob-jones")
        with pytest.raises(QueryError) as caught:  # no id is "Smith": both names fold to it
            resolve(store, "actor", "Smith")
        assert str(caught.value) == (
            "more than one actor is called 'Smith': smith (bob-jones); Anna Smith (smith)\n"
            "  give the id instead, e.g. bob-jones")


def test_a_view_refuses_an_actor_it_cannot_draw(tmp_path: Path) -> None:
    """An actor typed only kg:Actor (no kind of actor a view knows) resolves, but the view
    says why it cannot centre on it rather than failing later."""
    data = tiny_kg(tmp_path, [("ada", "Actor", "Ada"), ("bea", "Person", "Bea")])
    with open_store("memory", kg_file=data) as store:
        assert resolve(store, "actor", "Ada") == actor("ada")
        with pytest.raises(KGError) as caught:
            to_networkx(store, "actor", name="Ada")
        assert str(caught.value) == (
            f"the actor 'Ada' ({actor('ada')}) has no label or type a view can show\n"
            "  rebuild the KG with kg build; kg validate shows what is wrong")
        assert to_networkx(store, "actor", name="Bea").graph["focus"] == "actor/bea"


def test_an_unknown_kind_is_refused(session: KGSession) -> None:
    with pytest.raises(QueryError) as caught:
        resolve(session.store, "office", "kremlin")
    assert str(caught.value) == (
        "cannot look up names of kind 'office'\n  kinds: " + ", ".join(KINDS))
    assert KINDS == ("actor", "proposal", "outcome", "claim", "concept")
