"""kg.views.graphs: networkx projections of the seed KG, evidence, limits, exports, `kg viz`."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.build import build
from kg.cli import main
from kg.errors import KGError
from kg.project import Project
from kg.store import Store, open_store
from kg.views import graphs as views
from kg.views.graphs import export_graph, to_networkx

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "000_3622f00dcd344a76"
CLAIM = f"claim/{ARTICLE}/"
#: Edge kinds that come from the registry, not from a claim: they carry no quotes.
REFERENCE_KINDS = {"represents", "holds_office", "member_of", "part_of"}
#: Node and edge kinds kg.views.style styles, plus the ones kg.views.graphs adds (drawn neutrally).
NODE_KINDS = {
    "person",
    "state",
    "organisation",
    "group",
    "proposal",
    "claim",
    "place",
    "office",
    "outcome",
    "article",
    "capability",
}
EDGE_KINDS = {
    "commits",
    "rules_out",
    "supports",
    "opposes",
    "rejects",
    "proposes",
    "demands",
    "represents",
    "holds_office",
    "member_of",
    "part_of",
    "participates",
    "states",
    "about",
    "attributed_to",
    "role",
    "conflicts",
    "sceptical_of",
}
EVIDENCE_KEYS = {
    "claim",
    "claim_kind",
    "summary",
    "quote",
    "sentence",
    "attribution",
    "sourcing",
    "modality",
    "cue",
    "polarity",
    "condition",
    "firm",
    "article",
    "article_file",
    "start",
    "end",
}
SEED_VIEWS = [
    ("actors", None),
    ("proposal", "security-guarantee-package"),
    ("proposal", "american-backstop"),
    ("actor", "kremlin"),
    ("actor", "Washington"),
    ("claims", None),
]


def copy_project(target: Path) -> Project:
    """A private copy of the seed project (seeds and ontology), so builds stay in tmp."""
    for folder in ("seeds", "ontology"):
        shutil.copytree(ROOT / folder, target / folder)
    (target / "queries").mkdir()
    return Project(target)


@pytest.fixture(scope="module")
def store(seed_kg: Path) -> Iterator[Store]:
    with open_store("memory", kg_file=seed_kg) as opened:
        yield opened


@pytest.fixture(scope="module")
def article_text(store: Store) -> str:
    result = store.query(
        "PREFIX kg: <https://w3id.org/newskg/ns#> SELECT ?text WHERE { ?article kg:text ?text }"
    )
    assert len(result.rows) == 1
    return str(result.rows[0][0])


def edges(G: nx.MultiDiGraph, u: str, v: str, kind: str | None = None) -> list[dict[str, Any]]:
    return [
        d
        for a, b, d in G.edges(data=True)
        if (a, b) == (u, v) and (kind is None or d["kind"] == kind)
    ]


def the_edge(G: nx.MultiDiGraph, u: str, v: str, kind: str) -> dict[str, Any]:
    found = edges(G, u, v, kind)
    assert len(found) == 1, (u, v, kind, found)
    return found[0]


def kinds(G: nx.MultiDiGraph) -> tuple[dict[str, int], dict[str, int]]:
    return (
        dict(sorted(Counter(d["kind"] for _, d in G.nodes(data=True)).items())),
        dict(sorted(Counter(d["kind"] for _, _, d in G.edges(data=True)).items())),
    )


# --- the actors view ---------------------------------------------------------------------------


def test_actors_view_counts(store: Store) -> None:
    G = to_networkx(store)
    assert (G.number_of_nodes(), G.number_of_edges()) == (26, 32)
    assert kinds(G) == (
        {
            "claim": 1,
            "group": 5,
            "organisation": 2,
            "outcome": 5,
            "person": 2,
            "proposal": 5,
            "state": 6,
        },
        {
            "commits": 6,
            "conflicts": 1,
            "demands": 1,
            "holds_office": 2,
            "member_of": 3,
            "part_of": 3,
            "proposes": 2,
            "rejects": 1,
            "represents": 1,
            "role": 5,
            "rules_out": 1,
            "sceptical_of": 2,
            "supports": 4,
        },
    )
    assert G.graph == {
        "view": "actors",
        "title": "Who stands where: actors, their commitments and stances",
        "note": "26 nodes and 32 edges from 26 claims in 1 article. Dashed: only hedged, "
        "anonymous or conditional claims support the edge.",
    }
    assert G.nodes["actor/kremlin"] | {"title": ""} == {
        "label": "The Kremlin",
        "kind": "organisation",
        "group_label": "government body",
        "iri": "https://w3id.org/newskg/id/actor/kremlin",
        "title": "",
    }
    assert G.nodes["actor/kremlin"]["title"] == (
        "The Kremlin\nGovernment body\nThe Russian presidential administration; speaks for "
        "Russia.\nalso written: Kremlin, the Kremlin"
    )


def test_kremlin_rejection_and_troop_offers_meet_at_one_outcome(
    store: Store, article_text: str
) -> None:
    G = to_networkx(store)
    outcome = "outcome/nato-troops-in-ukraine"
    assert G.nodes[outcome]["label"] == "NATO troops stationed on Ukrainian territory"
    rejects = the_edge(G, "actor/kremlin", outcome, "rejects")
    assert (rejects["label"], rejects["hedged"], rejects["weight"]) == ("rejects", False, 1)
    [evidence] = rejects["evidence"]
    assert evidence["quote"] == (
        "rejects the possibility of NATO troops being stationed on Ukrainian territory"
    )
    assert article_text[evidence["start"] : evidence["end"]] == evidence["quote"]
    assert (evidence["claim"], evidence["attribution"]) == (
        "kremlin-rejects-nato-troops",
        "24brussels (reporter's voice)",
    )

    conflict = the_edge(G, "proposal/multinational-force", outcome, "conflicts")
    assert (conflict["label"], conflict["hedged"], conflict["weight"]) == (
        "conflicts: would realise",
        True,
        2,
    )
    # One sentence, one span ("hundreds of troops from the UK and France"): by claim id.
    assert [e["claim"] for e in conflict["evidence"]] == [
        "france-troops-for-force",
        "uk-troops-for-force",
    ]
    for state in ("actor/united-kingdom", "actor/france"):
        role = the_edge(G, state, "proposal/multinational-force", "role")
        assert (role["label"], role["hedged"], role["weight"]) == ("role in plan: troops?", True, 1)
        the_edge(G, state, "actor/nato", "member_of")
    # The Europeans' own offer, relayed by Trump on Fox News, is firm.
    offer = the_edge(G, "actor/europeans", "proposal/multinational-force", "commits")
    assert (offer["label"], offer["hedged"]) == ("offers: troops", False)


def test_backstop_parts_hang_off_the_us_with_the_hedged_one_marked(store: Store) -> None:
    G = to_networkx(store)
    role = the_edge(G, "actor/united-states", "proposal/american-backstop", "role")
    assert role["label"] == "role in plan: arms, border control, intelligence, air defence?"
    assert (role["hedged"], role["weight"]) == (False, 2)
    assert [(e["claim"], e["modality"], e["cue"]) for e in role["evidence"]] == [
        ("backstop-us-participation", "firm", None),
        ("backstop-air-defence", "hedged", "potentially"),
    ]
    the_edge(G, "proposal/american-backstop", "proposal/security-guarantee-package", "part_of")


def test_hedged_rule(store: Store) -> None:
    """Dashed unless a firm fact (firm, not anonymous, unconditional) supports the edge."""
    G = to_networkx(store)
    us, package = "actor/united-states", "proposal/security-guarantee-package"
    offers, provides = sorted(edges(G, us, package, "commits"), key=lambda d: d["label"])
    # Mixed: firm equipment and coordination, hedged air support and guarantees -> solid.
    assert offers["label"] == (
        "offers: coordination, equipment, air support?, security guarantees?"
    )
    assert (offers["hedged"], offers["weight"]) == (False, 4)
    assert sorted(e["firm"] for e in offers["evidence"]) == [False, False, True, True]
    # Hedged ("anticipate") and anonymous (European officials): dashed.
    assert (provides["label"], provides["hedged"]) == ("provides: arms?, intelligence?", True)
    assert provides["evidence"][0]["modality"] == "hedged, anonymously sourced"
    # Firm wording but conditional: dashed, and the panel says why.
    armies = the_edge(G, "actor/european-armies", "proposal/multinational-force", "commits")
    assert armies["hedged"] is True
    assert armies["evidence"][0]["modality"] == (
        "firm wording, conditional: following the cessation of hostilities"
    )
    # Firm wording but anonymous: dashed.
    uk = the_edge(G, "actor/united-kingdom", "proposal/multinational-force", "role")
    assert (uk["hedged"], uk["evidence"][0]["modality"]) == (
        True,
        "firm wording, anonymously sourced",
    )
    assert uk["evidence"][0]["attribution"] == "Unnamed sources (anonymous source)"
    for _u, _v, data in G.edges(data=True):
        if data["evidence"]:
            assert data["hedged"] is not any(e["firm"] for e in data["evidence"])


# --- every view: the contract and the way back to the sentence ----------------------------------


@pytest.mark.parametrize(("view", "name"), SEED_VIEWS)
def test_every_edge_leads_to_its_sentence(
    store: Store, article_text: str, view: str, name: str | None
) -> None:
    G = to_networkx(store, view, name=name)
    assert isinstance(G, nx.MultiDiGraph)
    assert set(G.graph) >= {"title", "note", "view"} and G.graph["view"] == view
    for _node, data in G.nodes(data=True):
        assert data["kind"] in NODE_KINDS and data["label"] and data["title"]
    for u, v, data in G.edges(data=True):
        assert data["kind"] in EDGE_KINDS, data["kind"]
        assert isinstance(data["hedged"], bool) and data["weight"] >= 1 and data["label"]
        if not data["evidence"]:
            assert data["kind"] in REFERENCE_KINDS, (u, v, data)
            assert (data["weight"], data["hedged"]) == (1, False)
            continue
        assert data["weight"] == len(data["evidence"])
        for item in data["evidence"]:
            assert set(item) == EVIDENCE_KEYS
            assert article_text[item["start"] : item["end"]] == item["quote"]
            assert item["quote"] in item["sentence"]
            assert item["article_file"] == f"{ARTICLE}.txt"


def test_claims_view(store: Store) -> None:
    G = to_networkx(store, "claims")
    assert (G.number_of_nodes(), G.number_of_edges()) == (78, 99)
    assert kinds(G)[1] == {
        "about": 39,
        "attributed_to": 13,
        "commits": 9,
        "demands": 1,
        "participates": 10,
        "proposes": 2,
        "rejects": 1,
        "role": 6,
        "rules_out": 1,
        "sceptical_of": 2,
        "states": 11,
        "supports": 4,
    }
    claim = CLAIM + "backstop-air-defence"
    node = G.nodes[claim]
    assert (node["kind"], node["label"]) == (
        "claim",
        "The American backstop may also include air defe…",
    )
    assert node["title"].splitlines()[:3] == [
        "The American backstop may also include air defence systems",
        "commitment \u00b7 hedged (potentially)",
        "according to 24brussels (reporter's voice)",
    ]
    assert the_edge(G, "actor/united-states", claim, "role")["hedged"] is True
    assert the_edge(G, claim, "proposal/american-backstop", "about")["label"] == (
        "about: air defence?"
    )
    # Anonymous sources are shown as such: the UK's role rests on unnamed sources.
    uk = CLAIM + "uk-troops-for-force"
    assert the_edge(G, uk, "actor/unnamed-sources", "attributed_to")["hedged"] is True
    assert edges(G, uk, "actor/24brussels") == []


def test_proposal_view_components_and_opponents(store: Store) -> None:
    G = to_networkx(store, "proposal", name="security-guarantee-package")
    assert (G.number_of_nodes(), G.number_of_edges()) == (21, 29)
    assert G.graph["title"] == "Proposal: Security guarantee package for Ukraine"
    assert G.graph["focus"] == "proposal/security-guarantee-package"
    parts = {
        v: d["hedged"]
        for _, v, d in G.out_edges("actor/united-states", data=True)
        if d["kind"] == "role"
    }
    assert parts == {
        "part/american-backstop/AirDefence": True,
        "part/american-backstop/Arms": False,
        "part/american-backstop/BorderControl": False,
        "part/american-backstop/Intelligence": False,
    }
    for part in parts:
        the_edge(G, part, "proposal/american-backstop", "part_of")
    assert G.nodes["part/american-backstop/BorderControl"]["label"] == "border control"
    troops = "part/multinational-force/Troops"
    assert sorted(u for u, _ in G.in_edges(troops)) == ["actor/france", "actor/united-kingdom"]
    the_edge(G, troops, "outcome/nato-troops-in-ukraine", "conflicts")
    the_edge(G, "actor/kremlin", "outcome/nato-troops-in-ukraine", "rejects")
    the_edge(G, "actor/european-leaders", "proposal/security-guarantee-package", "proposes")
    the_edge(G, "actor/donald-trump", "proposal/security-guarantee-package", "supports")


def test_proposal_view_of_a_component_shows_its_parent_but_not_its_claims(store: Store) -> None:
    G = to_networkx(store, "proposal", name="American backstop")
    assert sorted(G) == [
        "actor/united-states",
        "part/american-backstop/AirDefence",
        "part/american-backstop/Arms",
        "part/american-backstop/BorderControl",
        "part/american-backstop/Intelligence",
        "proposal/american-backstop",
        "proposal/security-guarantee-package",
    ]
    assert G.number_of_edges() == 9


def test_actor_view_depth(store: Store) -> None:
    G = to_networkx(store, "actor", name="the Kremlin")
    assert sorted(G) == [
        "actor/kremlin",
        "actor/russia",
        "outcome/nato-troops-in-ukraine",
        "outcome/ukraine-cedes-the-east",
    ]
    assert G.number_of_edges() == 3
    assert G.graph["title"] == "The Kremlin: everything within 1 step"
    deeper = to_networkx(store, "actor", name="kremlin", depth=2)
    assert sorted(deeper) == [
        "actor/kremlin",
        "actor/russia",
        "actor/vladimir-putin",
        "outcome/nato-troops-in-ukraine",
        "outcome/ukraine-cedes-the-east",
        "proposal/multinational-force",
    ]
    # Surface forms work: "Washington" is the United States.
    us = to_networkx(store, "actor", name="Washington")
    assert us.graph["focus"] == "actor/united-states"
    assert (us.number_of_nodes(), us.number_of_edges()) == (9, 12)


def test_same_kg_gives_the_same_graph(store: Store) -> None:
    for view, name in SEED_VIEWS:
        first = to_networkx(store, view, name=name)
        second = to_networkx(store, view, name=name)
        assert list(first.nodes(data=True)) == list(second.nodes(data=True))
        assert list(first.edges(data=True)) == list(second.edges(data=True))


def test_rdflib_engine_gives_the_same_graphs(store: Store, seed_kg: Path) -> None:
    with open_store("rdflib", kg_file=seed_kg) as other:
        for view, name in (("actors", None), ("proposal", "security-guarantee-package")):
            a, b = to_networkx(store, view, name=name), to_networkx(other, view, name=name)
            assert list(a.nodes(data=True)) == list(b.nodes(data=True))
            assert list(a.edges(data=True)) == list(b.edges(data=True))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            {"view": "everything"},
            "unknown view 'everything'\n  choose one of: actors, proposal, actor, claims",
        ),
        (
            {"view": "proposal"},
            "the proposal view needs a NAME\n  e.g. kg viz proposal security-guarantee-package",
        ),
        (
            {"view": "actors", "name": "kremlin"},
            "the actors view takes no NAME (got 'kremlin')\n  use "
            "`kg viz actor NAME` or `kg viz proposal NAME` for one of them",
        ),
        (
            {"view": "actor", "name": "Kremln"},
            "no actor is called 'Kremln'\n  close names: The Kremlin (kremlin); "
            "`kg query find_actor --param name=...` searches actor names",
        ),
        (
            {"view": "proposal", "name": "kremlin"},
            "no proposal is called 'kremlin'\n  known proposals: American backstop "
            "(american-backstop), Initial phase: training and reinforcing the Ukrainian Armed "
            "Forces (initial-phase), Multinational force in Ukraine (multinational-force), "
            "NATO-style guarantees without membership (nato-style-guarantees), Security "
            "guarantee package for Ukraine (security-guarantee-package)",
        ),
        (
            {"view": "actor", "name": "kremlin", "depth": 0},
            "depth must be a whole number of at least 1, not 0",
        ),
        ({"view": "actors", "limit": -1}, "limit must be a whole number (0 for no limit), not -1"),
    ],
)
def test_errors_say_what_to_do(store: Store, args: dict[str, Any], message: str) -> None:
    with pytest.raises(KGError) as caught:
        to_networkx(store, **args)
    assert str(caught.value) == message


# --- big KGs: aggregation, limits, evidence caps --------------------------------------------------


def duplicate_claims(kg_file: Path, target: Path, copies: int) -> Path:
    """The seed KG with every claim copied ``copies`` more times under new ids."""
    claim_iri = re.compile(rf"(/id/claim/{ARTICLE}/[a-z0-9-]+)")
    claim_id = re.compile(r'(#claimId> ")([a-z0-9-]+)(")')
    lines = kg_file.read_text(encoding="utf-8").splitlines()
    out = list(lines)
    for n in range(1, copies + 1):
        for line in lines:
            if f"/id/claim/{ARTICLE}/" in line:
                line = claim_iri.sub(rf"\1-copy{n}", line)
                out.append(claim_id.sub(rf"\1\2-copy{n}\3", line))
    target.write_text("\n".join(out) + "\n", encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def big_store(seed_kg: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = duplicate_claims(seed_kg, tmp_path_factory.mktemp("big") / "kg.nq", copies=3)
    with open_store("memory", kg_file=path) as opened:
        yield opened


def test_duplicated_claims_aggregate_onto_the_same_edges(big_store: Store) -> None:
    G = to_networkx(big_store)
    # Copies keep their links among themselves: the copied welcome of the White House meeting
    # points at the copied meeting, so three claim nodes (and edges) more than the seed.
    assert (G.number_of_nodes(), G.number_of_edges()) == (29, 35)
    role = the_edge(G, "actor/united-states", "proposal/american-backstop", "role")
    assert role["weight"] == 8
    assert [e["claim"] for e in role["evidence"][:3]] == [
        "backstop-us-participation",
        "backstop-us-participation-copy1",
        "backstop-us-participation-copy2",
    ]
    assert G.graph["note"].startswith("29 nodes and 35 edges from 104 claims in 1 article.")


def test_limit_keeps_the_best_connected_and_says_so(big_store: Store) -> None:
    G = to_networkx(big_store, limit=10)
    assert G.number_of_nodes() == 10
    assert sorted(G) == [
        "actor/donald-trump",
        "actor/european-leaders",
        "actor/europeans",
        "actor/kremlin",
        "actor/ukraine",
        "actor/united-states",
        "outcome/nato-troops-in-ukraine",
        "proposal/american-backstop",
        "proposal/multinational-force",
        "proposal/security-guarantee-package",
    ]
    assert nx.is_weakly_connected(G)
    assert G.graph["note"] == (
        "10 nodes and 14 edges from 64 claims in 1 article. Showing 10 of 29 nodes: the most "
        "connected (by supporting claims) and their best-connected neighbours; --limit N "
        "changes this, --limit 0 shows all. Dashed: only hedged, anonymous or conditional "
        "claims support the edge."
    )
    assert to_networkx(big_store, limit=0).number_of_nodes() == 29
    assert to_networkx(big_store).number_of_nodes() == 29  # under the default of 60


def test_limit_always_keeps_the_focus(big_store: Store) -> None:
    G = to_networkx(big_store, "actor", name="giorgia-meloni", depth=3, limit=2)
    assert sorted(G) == ["actor/giorgia-meloni", "proposal/nato-style-guarantees"]


def test_claims_view_limit_counts_claims(big_store: Store) -> None:
    G = to_networkx(big_store, "claims", limit=5)
    claims = sorted(n for n, d in G.nodes(data=True) if d["kind"] == "claim")
    # Donald Trump and the United States are the most active; ties go by file and claim id.
    assert claims == [
        CLAIM + c
        for c in (
            "trump-backs-guarantees",
            "trump-backs-guarantees-copy1",
            "trump-backs-guarantees-copy2",
            "trump-backs-guarantees-copy3",
            "trump-believes-no-problem",
        )
    ]
    assert "Showing 5 of 172 claims: those of the most active actors" in G.graph["note"]


def test_evidence_lists_are_capped_but_weights_count_everything(
    big_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "EVIDENCE_PER_EDGE", 3)
    G = to_networkx(big_store)
    offers = [
        d
        for d in edges(G, "actor/united-states", "proposal/security-guarantee-package")
        if d["label"].startswith("offers")
    ][0]
    assert (offers["weight"], len(offers["evidence"])) == (16, 3)
    assert all(e["firm"] for e in offers["evidence"])  # firm facts first
    assert "Edges list at most 3 quotes each." in G.graph["note"]


def test_evidence_fetched_in_one_query_for_many_articles(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    by_article = to_networkx(store, "claims")
    monkeypatch.setattr(views, "EVIDENCE_QUERIES", 0)
    by_claim = to_networkx(store, "claims")  # one query, a VALUES block of the claims
    monkeypatch.setattr(views, "MAX_VALUES", 0)
    all_evidence = to_networkx(store, "claims")  # one query for all evidence of the KG
    for at_once in (by_claim, all_evidence):
        assert list(at_once.edges(data=True)) == list(by_article.edges(data=True))
        assert list(at_once.nodes(data=True)) == list(by_article.nodes(data=True))
    assert (by_article.number_of_nodes(), by_article.number_of_edges()) == (78, 99)


# --- export and drawing --------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_round_trips(store: Store, tmp_path: Path, fmt: str) -> None:
    G = to_networkx(store)
    data = export_graph(G, fmt)
    assert data == export_graph(G, fmt)
    assert b"lastmodifieddate" not in data
    path = tmp_path / f"actors.{fmt}"
    path.write_bytes(data)
    H = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert sorted(H) == sorted(G)
    assert H.number_of_edges() == G.number_of_edges() == 32
    [(_, _, attrs)] = [
        e
        for e in H.edges(data=True)
        if e[:2] == ("actor/kremlin", "outcome/nato-troops-in-ukraine")
    ]
    [original] = edges(G, "actor/kremlin", "outcome/nato-troops-in-ukraine")
    assert json.loads(attrs["evidence"]) == original["evidence"]
    assert attrs["quotes"] == (
        "\u201crejects the possibility of NATO troops being stationed on "
        "Ukrainian territory\u201d [2475\u20132552]"
    )
    assert attrs["hedged"] is False and attrs["kind"] == "rejects"


def test_render_view_formats(store: Store) -> None:
    G = to_networkx(store, "actor", name="kremlin")
    assert views.render_view(G, "html").startswith(b"<!DOCTYPE html>")
    assert views.render_view(G, "png").startswith(b"\x89PNG\r\n")
    with pytest.raises(KGError, match="unknown output format 'pdf'"):
        views.render_view(G, "pdf")


def test_kg_viz_writes_one_file(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    runner = CliRunner()
    assert runner.invoke(main, ["build", "--project", str(project.root)]).exit_code == 0
    result = runner.invoke(main, ["viz", "--project", str(project.root)])
    assert result.exit_code == 0, result.output
    page = project.out_dir / "actors.html"
    assert result.stdout.splitlines() == [
        f"Wrote {page}",
        "26 nodes and 32 edges from 26 claims in 1 article. Dashed: only hedged, anonymous or "
        "conditional claims support the edge.",
    ]
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "rejects the possibility of NATO troops" in page.read_text(encoding="utf-8")

    result = runner.invoke(
        main,
        [
            "viz",
            "proposal",
            "American backstop",
            "--format",
            "graphml",
            "--project",
            str(project.root),
        ],
    )
    assert result.exit_code == 0, result.output
    assert nx.read_graphml(project.out_dir / "proposal_american-backstop.graphml").order() == 7

    out = tmp_path / "pictures" / "kremlin.svg"
    result = runner.invoke(
        main,
        [
            "viz",
            "actor",
            "kremlin",
            "--depth",
            "2",
            "--format",
            "svg",
            "-o",
            str(out),
            "--project",
            str(project.root),
        ],
    )
    assert result.exit_code == 0, result.output
    assert b"<svg" in out.read_bytes()

    result = runner.invoke(main, ["viz", "actor", "Kremln", "--project", str(project.root)])
    assert result.exit_code == 2
    assert "Error: no actor is called 'Kremln'\n  close names: The Kremlin (kremlin)" in (
        result.output)


def test_to_networkx_on_a_project_reads_its_built_kg(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    with pytest.raises(KGError, match="no KG at"):
        to_networkx(project, "actor", name="kremlin")
    build(project)
    G = to_networkx(project, "actor", name="kremlin")
    assert G.number_of_nodes() == 4
