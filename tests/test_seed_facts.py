"""Every fact of the seed article is in the built KG, exactly as the text says it.

The seed project is copied to a temporary folder and built with :func:`kg.build.build`; the
written N-Quads are parsed back with rdflib and queried. Offsets were computed once by hand
(``text.find(quote)`` on ``seeds/000_3622f00dcd344a76.txt``) and are written here as integers.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pytest
from helpers import (
    REFERENCE_GRAPH,
    SEED_GRAPH,
    SEED_ID,
    SEEDS,
    graph_quads,
    load_nquads,
    make_project,
)
from rdflib import RDF, RDFS, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg.annotate.registry import load_registry
from kg.build import build
from kg.model.namespaces import KG, KGI, OA, ORG

TEXT = (SEEDS / f"{SEED_ID}.txt").read_text(encoding="utf-8")
ARTICLE = KGI[f"article/{SEED_ID}"]


def A(entity: str) -> URIRef:  # noqa: N802 - short names keep the fact table readable
    return KGI[f"actor/{entity}"]


def P(entity: str) -> URIRef:  # noqa: N802
    return KGI[f"proposal/{entity}"]


def O(entity: str) -> URIRef:  # noqa: N802, E741, E743
    return KGI[f"outcome/{entity}"]


def PL(entity: str) -> URIRef:  # noqa: N802
    return KGI[f"place/{entity}"]


def C(claim: str) -> URIRef:  # noqa: N802
    return KGI[f"claim/{SEED_ID}/{claim}"]


def lit(value: str) -> Literal:
    return Literal(value)


XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")


def day(value: str) -> Literal:
    return Literal(value, datatype=XSD_DATE)


SGP = P("security-guarantee-package")
MF = P("multinational-force")
RV, NAMED, ANON = KG.ReporterVoice, KG.NamedSource, KG.AnonymousSource


@dataclass(frozen=True)
class Fact:
    """What one claim must say: its evidence span, attribution, modality, polarity, and more."""

    kind: URIRef
    quote: str
    start: int
    end: int
    sentence: tuple[int, int]
    source: str
    sourcing: URIRef
    modality: URIRef
    cues: tuple[str, ...] = ()
    polarity: URIRef = KG.Positive
    more: dict = field(default_factory=dict)


FACTS: dict[str, Fact] = {
    # Headline: European leaders push for security guarantees; US support is shifting.
    "leaders-push-for-guarantees": Fact(
        KG.Stance, "European Leaders Push for Security Guarantees for Ukraine", 0, 57, (0, 82),
        "24brussels", RV, KG.Firm,
        more={KG.actor: {A("european-leaders")}, KG.stanceType: {KG.Proposes},
              KG.target: {SGP}, KG.beneficiary: {A("ukraine")}}),
    "us-support-shifting": Fact(
        KG.Statement, "Amid Shifting US Support", 58, 82, (0, 82), "24brussels", RV, KG.Firm,
        more={KG.actor: {A("24brussels")}, KG.target: {A("united-states")}}),
    # A package "may take shape" this week; leaders leverage Trump's signal; Putin-Zelensky.
    "package-may-take-shape": Fact(
        KG.Statement, "This week, a security guarantee package for Ukraine may take shape",
        83, 149, (83, 365), "24brussels", RV, KG.Hedged, ("may",),
        more={KG.actor: {A("24brussels")}, KG.target: {SGP},
              KG.proposalStatus: {KG.InPreparation}, KG.timeExpression: {lit("This week")}}),
    "leaders-leverage-trump-signal": Fact(
        KG.Stance,
        "European leaders aim to leverage President Donald Trump’s clearer signal of support "
        "for Ukraine, solidifying Kyiv’s position",
        153, 277, (83, 365), "24brussels", RV, KG.Firm,
        more={KG.actor: {A("european-leaders")}, KG.stanceType: {KG.Supports},
              KG.target: {A("ukraine")}}),
    "trump-signals-support": Fact(
        KG.Stance, "President Donald Trump’s clearer signal of support for Ukraine",
        186, 248, (83, 365), "24brussels", RV, KG.Firm,
        more={KG.actor: {A("donald-trump")}, KG.stanceType: {KG.Supports},
              KG.target: {A("ukraine")}}),
    "putin-zelensky-meeting": Fact(
        KG.Event, "a potential meeting between Presidents Putin and Zelensky",
        287, 344, (83, 365), "24brussels", RV, KG.Hedged, ("potential",),
        more={KG.participant: {A("vladimir-putin"), A("volodymyr-zelensky")},
              KG.eventStatus: {KG.Potential}}),
    # On Tuesday European officials discussed deploying British and French troops.
    "officials-discuss-deployment": Fact(
        KG.Event,
        "On Tuesday, European officials discussed deploying British and French troops to "
        "Ukraine as part of a peace agreement, including details concerning troop numbers "
        "and deployment sites.",
        366, 548, (366, 548), "24brussels", RV, KG.Firm,
        more={KG.participant: {A("european-officials")}, KG.eventStatus: {KG.Held},
              KG.target: {MF}, KG.location: {A("ukraine")},
              KG.condition: {lit("as part of a peace agreement")},
              KG.timeExpression: {lit("On Tuesday")}, KG.date: {day("2025-08-19")},
              KG.dateBasis: {KG.AssumedPublicationDate}}),
    # Per unnamed sources, approximately ten nations are prepared to send troops.
    "ten-nations-ready-to-send-troops": Fact(
        KG.Commitment,
        "According to sources, approximately ten nations are currently prepared to send "
        "troops to Ukraine.",
        549, 646, (549, 646), "unnamed-sources", ANON, KG.Hedged, ("approximately",),
        more={KG.actor: {A("about-ten-nations")}, KG.action: {KG.Offer},
              KG.capability: {KG.Troops}, KG.target: {MF}, KG.beneficiary: {A("ukraine")},
              KG.location: {A("ukraine")}, KG.quantity: {lit("approximately ten nations")},
              KG.timeExpression: {lit("currently")}}),
    "us-support-uncertain": Fact(
        KG.Statement, "Meanwhile, the nature of US support remains somewhat uncertain.",
        647, 710, (647, 710), "24brussels", RV, KG.Hedged, ("somewhat",),
        more={KG.actor: {A("24brussels")}, KG.target: {A("united-states")}}),
    # Trump on Fox News.
    "trump-fox-interview": Fact(
        KG.Event, "Trump stated during an interview on Fox News", 801, 845, (711, 846),
        "24brussels", RV, KG.Firm,
        more={KG.participant: {A("donald-trump"), A("fox-news")}, KG.eventStatus: {KG.Held}}),
    "trump-says-europeans-ready": Fact(
        KG.Statement,
        "“When it comes to security, they (the Europeans) are ready to send people on the "
        "ground,”",
        711, 800, (711, 846), "donald-trump", NAMED, KG.Firm,
        more={KG.actor: {A("donald-trump")}, KG.channel: {A("fox-news")},
              KG.target: {A("europeans")}}),
    "europeans-ready-to-send-troops": Fact(
        KG.Commitment,
        "“When it comes to security, they (the Europeans) are ready to send people on the "
        "ground,”",
        711, 800, (711, 846), "donald-trump", NAMED, KG.Firm,
        more={KG.actor: {A("europeans")}, KG.action: {KG.Offer}, KG.capability: {KG.Troops},
              KG.target: {MF}, KG.beneficiary: {A("ukraine")}, KG.location: {A("ukraine")},
              KG.expressedIn: {C("trump-says-europeans-ready")}}),
    "trump-says-us-will-assist": Fact(
        KG.Statement,
        "“We are prepared to assist them with equipment — primarily, probably, in the air, "
        "because we have assets that no one else possesses.",
        847, 979, (847, 979), "donald-trump", NAMED, KG.Hedged, ("probably",),
        more={KG.actor: {A("donald-trump")}, KG.channel: {A("fox-news")},
              KG.target: {A("europeans")}}),
    "us-offers-equipment": Fact(
        KG.Commitment, "We are prepared to assist them with equipment", 848, 893, (847, 979),
        "donald-trump", NAMED, KG.Firm,
        more={KG.actor: {A("united-states")}, KG.action: {KG.Offer},
              KG.capability: {KG.Equipment}, KG.beneficiary: {A("europeans")},
              KG.target: {SGP}, KG.expressedIn: {C("trump-says-us-will-assist")}}),
    "us-offers-air-support": Fact(
        KG.Commitment,
        "primarily, probably, in the air, because we have assets that no one else possesses",
        896, 978, (847, 979), "donald-trump", NAMED, KG.Hedged, ("probably",),
        more={KG.actor: {A("united-states")}, KG.action: {KG.Offer},
              KG.capability: {KG.AirSupport}, KG.beneficiary: {A("europeans")},
              KG.target: {SGP}, KG.expressedIn: {C("trump-says-us-will-assist")}}),
    "trump-believes-no-problem": Fact(
        KG.Statement, "However, I believe this will not pose a problem.", 980, 1028,
        (980, 1029), "donald-trump", NAMED, KG.Hedged, ("I believe",),
        more={KG.actor: {A("donald-trump")}, KG.channel: {A("fox-news")}}),
    # Leavitt ("Caroline Levitt" in the text): Trump understands; directed his team.
    "leavitt-briefs-reporters": Fact(
        KG.Statement,
        "White House Press Secretary Caroline Levitt later informed reporters that Trump "
        "understands the critical importance of guarantees for achieving lasting peace.",
        1030, 1188, (1030, 1188), "karoline-leavitt", NAMED, KG.Firm,
        more={KG.actor: {A("karoline-leavitt")}, KG.channel: {A("reporters")},
              KG.target: {O("lasting-peace")}, KG.timeExpression: {lit("later")}}),
    "trump-backs-guarantees": Fact(
        KG.Stance,
        "Trump understands the critical importance of guarantees for achieving lasting peace",
        1104, 1187, (1030, 1188), "karoline-leavitt", NAMED, KG.Firm,
        more={KG.actor: {A("donald-trump")}, KG.stanceType: {KG.Supports}, KG.target: {SGP},
              KG.expressedIn: {C("leavitt-briefs-reporters")}}),
    "trump-directs-security-team": Fact(
        KG.Commitment,
        "“He has directed his national security team to coordinate efforts with our European "
        "partners and to maintain contacts with Ukraine and Russia,”",
        1189, 1332, (1189, 1343), "karoline-leavitt", NAMED, KG.Firm,
        more={KG.actor: {A("donald-trump")}, KG.action: {KG.Direct},
              KG.capability: {KG.Coordination}, KG.beneficiary: {A("europeans")},
              KG.target: {SGP}}),
    # Trump ruled out US combat troops; Washington can certainly help coordinate, possibly more.
    "trump-rules-out-combat-troops": Fact(
        KG.Commitment, "Trump ruled out the involvement of American troops in combat",
        1353, 1413, (1344, 1544), "24brussels", RV, KG.Firm, polarity=KG.Negative,
        more={KG.actor: {A("donald-trump")}, KG.action: {KG.RuleOut},
              KG.capability: {KG.CombatTroops}, KG.target: {O("us-combat-troops-in-ukraine")}}),
    "us-assists-coordination": Fact(
        KG.Commitment, "Washington “can certainly assist with coordination", 1436, 1486,
        (1344, 1544), "karoline-leavitt", NAMED, KG.Firm,
        more={KG.actor: {A("united-states")}, KG.action: {KG.Offer},
              KG.capability: {KG.Coordination}, KG.target: {SGP},
              KG.beneficiary: {A("ukraine")}}),
    "us-other-guarantees": Fact(
        KG.Commitment, "possibly provide other forms of security guarantees", 1491, 1542,
        (1344, 1544), "karoline-leavitt", NAMED, KG.Hedged, ("possibly",),
        more={KG.actor: {A("united-states")}, KG.action: {KG.Offer},
              KG.capability: {KG.SecurityGuarantees}, KG.target: {SGP},
              KG.beneficiary: {A("ukraine")}}),
    # European armies meet US counterparts; SACEUR and chiefs of staff attend (per sources).
    "armies-meet-us-counterparts": Fact(
        KG.Event,
        "In the coming days, representatives from European armies are set to meet with their "
        "US counterparts to clarify the parameters of “reliable security guarantees”",
        1545, 1704, (1545, 1809), "24brussels", RV, KG.Firm,
        more={KG.participant: {A("european-armies"), A("us-armed-forces")},
              KG.eventStatus: {KG.Planned}, KG.target: {SGP},
              KG.timeExpression: {lit("In the coming days")}}),
    "deployment-after-hostilities": Fact(
        KG.Commitment,
        "prepare for the deployment of forces aimed at ensuring peace following the cessation "
        "of hostilities",
        1709, 1808, (1545, 1809), "24brussels", RV, KG.Firm,
        more={KG.actor: {A("european-armies")}, KG.action: {KG.Offer},
              KG.capability: {KG.Troops}, KG.target: {MF}, KG.beneficiary: {A("ukraine")},
              KG.location: {A("ukraine")},
              KG.condition: {lit("following the cessation of hostilities")}}),
    "meeting-attendees": Fact(
        KG.Event,
        "This meeting will include NATO’s Supreme Allied Commander in Europe as well as the "
        "chiefs of staff from member states of the Alliance, sources indicated.",
        1810, 1963, (1810, 1963), "unnamed-sources", ANON, KG.Firm,
        more={KG.participant: {A("saceur"), A("nato-chiefs-of-staff")},
              KG.eventStatus: {KG.Planned}, KG.target: {C("armies-meet-us-counterparts")}}),
    # Costa in Lisbon: conditions expected "in the next few days, ideally this week".
    "costa-conditions-expected": Fact(
        KG.Statement,
        "Conditions for the guarantees are expected to be agreed upon “in the next few days, "
        "ideally this week,” stated European Council President António Costa in Lisbon.",
        1964, 2126, (1964, 2126), "antonio-costa", NAMED, KG.Hedged, ("expected", "ideally"),
        more={KG.actor: {A("antonio-costa")}, KG.target: {SGP}, KG.location: {PL("lisbon")},
              KG.timeExpression: {lit("in the next few days, ideally this week")}}),
    # The White House meeting as a breakthrough; many sceptical.
    "white-house-meeting": Fact(
        KG.Event, "the White House meeting", 2155, 2178, (2127, 2376), "24brussels", RV,
        KG.Firm, more={KG.participant: {A("white-house")}, KG.eventStatus: {KG.Held}}),
    "leaders-see-breakthrough": Fact(
        KG.Stance,
        "European leaders view the White House meeting as a breakthrough, indicating a shift "
        "in Trump’s stance",
        2133, 2234, (2127, 2376), "24brussels", RV, KG.Firm,
        more={KG.actor: {A("european-leaders")}, KG.stanceType: {KG.Welcomes},
              KG.target: {C("white-house-meeting")}}),
    "sceptical-of-peace-deal": Fact(
        KG.Stance, "many remain skeptical about the actual chances of a peaceful agreement",
        2236, 2306, (2127, 2376), "24brussels", RV, KG.Firm,
        more={KG.actor: {A("european-leaders")}, KG.stanceType: {KG.ScepticalOf},
              KG.target: {O("peace-agreement")}, KG.quantity: {lit("many")}}),
    "sceptical-guarantees-deter": Fact(
        KG.Stance, "whether mere security guarantees will be enough to deter Putin",
        2313, 2375, (2127, 2376), "24brussels", RV, KG.Firm,
        more={KG.actor: {A("european-leaders")}, KG.stanceType: {KG.ScepticalOf},
              KG.target: {O("guarantees-deter-russia")}, KG.quantity: {lit("many")}}),
    # The Kremlin demands the east and rejects NATO troops.
    "kremlin-demands-the-east": Fact(
        KG.Stance,
        "The Kremlin, which demands that Ukraine relinquish control over significant portions "
        "of the east",
        2377, 2473, (2377, 2553), "24brussels", RV, KG.Firm,
        more={KG.actor: {A("kremlin")}, KG.stanceType: {KG.Demands},
              KG.target: {O("ukraine-cedes-the-east")}}),
    "kremlin-rejects-nato-troops": Fact(
        KG.Stance, "rejects the possibility of NATO troops being stationed on Ukrainian territory",
        2475, 2552, (2377, 2553), "24brussels", RV, KG.Firm,
        more={KG.actor: {A("kremlin")}, KG.stanceType: {KG.Rejects},
              KG.target: {O("nato-troops-in-ukraine")}}),
    # Per sources: initial phase, multinational force with UK and French troops.
    "initial-phase-training": Fact(
        KG.Commitment,
        "According to sources, the initial phase of the package currently being developed "
        "will focus on strengthening Ukrainian Armed Forces through training and "
        "reinforcements.",
        2554, 2722, (2554, 2722), "unnamed-sources", ANON, KG.Firm,
        more={KG.actor: {A("europeans")}, KG.action: {KG.Envisage},
              KG.capability: {KG.Training, KG.Reinforcement}, KG.target: {P("initial-phase")},
              KG.beneficiary: {A("ukrainian-armed-forces")},
              KG.proposalStatus: {KG.InPreparation}}),
    "units-support-multinational-force": Fact(
        KG.Statement,
        "These units are set to support multinational forces, predominantly comprising "
        "European military personnel",
        2723, 2828, (2723, 2882), "unnamed-sources", ANON, KG.Firm,
        more={KG.actor: {A("unnamed-sources")}, KG.target: {MF}}),
    "uk-troops-for-force": Fact(
        KG.Commitment, "including hundreds of troops from the UK and France", 2830, 2881,
        (2723, 2882), "unnamed-sources", ANON, KG.Firm,
        more={KG.actor: {A("united-kingdom")}, KG.action: {KG.Envisage},
              KG.capability: {KG.Troops}, KG.target: {MF}, KG.beneficiary: {A("ukraine")},
              KG.location: {A("ukraine")}, KG.quantity: {lit("hundreds of troops")}}),
    "france-troops-for-force": Fact(
        KG.Commitment, "including hundreds of troops from the UK and France", 2830, 2881,
        (2723, 2882), "unnamed-sources", ANON, KG.Firm,
        more={KG.actor: {A("france")}, KG.action: {KG.Envisage},
              KG.capability: {KG.Troops}, KG.target: {MF}, KG.beneficiary: {A("ukraine")},
              KG.location: {A("ukraine")}, KG.quantity: {lit("hundreds of troops")}}),
    "force-outside-combat-zones": Fact(
        KG.Statement, "They are expected to be stationed in Ukraine, but outside combat zones.",
        2883, 2954, (2883, 2954), "unnamed-sources", ANON, KG.Hedged, ("expected",),
        more={KG.actor: {A("unnamed-sources")}, KG.target: {MF},
              KG.location: {A("ukraine")}}),
    # The American backstop: intelligence, border control, arms (firm); air defence (hedged).
    "backstop-us-participation": Fact(
        KG.Commitment,
        "Another component of the package entails an “American backstop” — involving US "
        "participation in intelligence sharing, border control, arms supply",
        2955, 3100, (2955, 3138), "24brussels", RV, KG.Firm,
        more={KG.actor: {A("united-states")}, KG.action: {KG.Envisage},
              KG.capability: {KG.Intelligence, KG.BorderControl, KG.Arms},
              KG.target: {P("american-backstop")}, KG.beneficiary: {A("ukraine")}}),
    "backstop-air-defence": Fact(
        KG.Commitment, "potentially air defense systems", 3106, 3137, (2955, 3138),
        "24brussels", RV, KG.Hedged, ("potentially",),
        more={KG.actor: {A("united-states")}, KG.action: {KG.Envisage},
              KG.capability: {KG.AirDefence}, KG.target: {P("american-backstop")},
              KG.beneficiary: {A("ukraine")}}),
    # European officials anticipate the US will continue intelligence and weapons.
    "us-continues-intel-and-weapons": Fact(
        KG.Commitment,
        "European officials anticipate that, at the very least, the US will continue to "
        "provide intelligence and weapon supplies through European partners.",
        3139, 3285, (3139, 3285), "european-officials", ANON, KG.Hedged, ("anticipate",),
        more={KG.actor: {A("united-states")}, KG.action: {KG.Provide},
              KG.capability: {KG.Intelligence, KG.Arms}, KG.beneficiary: {A("ukraine")},
              KG.target: {SGP}}),
    # Meloni: NATO-style guarantees without membership; on Monday in Washington.
    "meloni-proposes-nato-style": Fact(
        KG.Stance,
        "Previously, Italian Prime Minister Giorgia Meloni proposed creating NATO-style "
        "guarantees for Ukraine — without formal membership but with tangible commitments "
        "from allies in the area of defense.",
        3286, 3481, (3286, 3481), "24brussels", RV, KG.Firm,
        more={KG.actor: {A("giorgia-meloni")}, KG.stanceType: {KG.Proposes},
              KG.target: {P("nato-style-guarantees")}, KG.beneficiary: {A("ukraine")},
              KG.timeExpression: {lit("Previously")}}),
    "allies-defence-commitments": Fact(
        KG.Commitment, "with tangible commitments from allies in the area of defense",
        3420, 3480, (3286, 3481), "24brussels", RV, KG.Firm,
        more={KG.actor: {A("allies")}, KG.action: {KG.Envisage},
              KG.capability: {KG.DefenceCommitments}, KG.target: {P("nato-style-guarantees")},
              KG.beneficiary: {A("ukraine")},
              KG.expressedIn: {C("meloni-proposes-nato-style")}}),
    "meloni-confirms-under-discussion": Fact(
        KG.Statement,
        "In Washington on Monday, she confirmed that this is one of the proposals under "
        "discussion among allies.",
        3482, 3585, (3482, 3585), "giorgia-meloni", NAMED, KG.Firm,
        more={KG.actor: {A("giorgia-meloni")}, KG.target: {P("nato-style-guarantees")},
              KG.proposalStatus: {KG.UnderDiscussion}, KG.location: {PL("washington-dc")},
              KG.timeExpression: {lit("on Monday")}, KG.date: {day("2025-08-18")},
              KG.dateBasis: {KG.AssumedPublicationDate}}),
}


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    """The seed project, built by kg.build.build and read back from its N-Quads."""
    project = make_project(tmp_path_factory.mktemp("seed-facts"))
    summary = build(project)
    assert summary.kg_file == project.kg_file
    return load_nquads(project.kg_file)


def props(dataset: Dataset, node: URIRef, graph: URIRef = SEED_GRAPH) -> dict:
    """predicate -> set of objects of ``node`` in ``graph``."""
    found: dict = {}
    for s, p, o in graph_quads(dataset, graph):
        if s == node:
            found.setdefault(p, set()).add(o)
    return found


def claims_where(dataset: Dataset, predicate: URIRef, value: URIRef) -> set[str]:
    graph = dataset.graph(SEED_GRAPH)
    return {str(graph.value(c, KG.claimId)) for c in graph.subjects(predicate, value)}


def test_the_table_covers_every_claim_of_the_seed(dataset: Dataset) -> None:
    graph = dataset.graph(SEED_GRAPH)
    ids = {str(o) for o in graph.objects(None, KG.claimId)}
    assert ids == set(FACTS)
    assert len(ids) == 43


@pytest.mark.parametrize("claim_id", list(FACTS))
def test_claim_says_exactly_what_the_text_says(dataset: Dataset, claim_id: str) -> None:
    fact = FACTS[claim_id]
    node = C(claim_id)
    expected = {
        RDF.type: {fact.kind},
        KG.claimId: {lit(claim_id)},
        KG.inArticle: {ARTICLE},
        KG.attributedTo: {A(fact.source)},
        KG.sourcing: {fact.sourcing},
        KG.modality: {fact.modality},
        KG.polarity: {fact.polarity},
        KG.evidence: {URIRef(f"{node}/evidence")},
        **({KG.cue: {lit(c) for c in fact.cues}} if fact.cues else {}),
        **fact.more,
    }
    found = props(dataset, node)
    labels = found.pop(RDFS.label)
    assert len(labels) == 1 and str(next(iter(labels))).strip()
    assert found == expected


@pytest.mark.parametrize("claim_id", list(FACTS))
def test_evidence_offsets_are_exact(dataset: Dataset, claim_id: str) -> None:
    fact = FACTS[claim_id]
    # the hand-computed integers are where the quote first occurs, and slice to it
    assert TEXT.find(fact.quote) == fact.start
    assert TEXT[fact.start:fact.end] == fact.quote
    ev = URIRef(f"{C(claim_id)}/evidence")
    pos, quote = URIRef(f"{ev}/position"), URIRef(f"{ev}/quote")
    s0, e0 = fact.sentence
    assert props(dataset, ev) == {
        RDF.type: {OA.SpecificResource},
        OA.hasSource: {ARTICLE},
        OA.hasSelector: {pos, quote},
        KG.sentence: {lit(TEXT[s0:e0])},
        KG.sentenceStart: {Literal(s0)},
    }
    assert props(dataset, pos) == {
        RDF.type: {OA.TextPositionSelector},
        OA.start: {Literal(fact.start)},
        OA.end: {Literal(fact.end)},
    }
    assert props(dataset, quote) == {
        RDF.type: {OA.TextQuoteSelector},
        OA.exact: {lit(fact.quote)},
        OA.prefix: {lit(TEXT[max(0, fact.start - 32):fact.start])},
        OA.suffix: {lit(TEXT[fact.end:fact.end + 32])},
    }


def test_sentences_are_whole_sentences_of_the_text() -> None:
    """Spot checks of the hand-computed sentence spans against the text as a person reads it."""
    assert TEXT[0:82] == ("European Leaders Push for Security Guarantees for Ukraine Amid Shifting "
                          "US Support")
    assert TEXT[1344:1544] == (
        "Although Trump ruled out the involvement of American troops in combat, according to "
        "Levitt, Washington “can certainly assist with coordination and possibly provide other "
        "forms of security guarantees.”")
    assert TEXT[711:846].endswith("” Trump stated during an interview on Fox News.")
    for fact in FACTS.values():
        s0, e0 = fact.sentence
        assert s0 <= fact.start < fact.end <= e0
        assert s0 == 0 or TEXT[s0 - 1] in " \n"
        assert e0 == len(TEXT) or TEXT[e0] in " \n"


def test_the_kg_text_is_the_seed_file(dataset: Dataset) -> None:
    graph = dataset.graph(SEED_GRAPH)
    assert str(graph.value(ARTICLE, KG.text)) == TEXT
    assert len(TEXT) == 3585


def test_claim_counts_by_kind(dataset: Dataset) -> None:
    graph = dataset.graph(SEED_GRAPH)
    counts = {kind: len(set(graph.subjects(RDF.type, kind)))
              for kind in (KG.Commitment, KG.Stance, KG.Statement, KG.Event)}
    assert counts == {KG.Commitment: 16, KG.Stance: 10, KG.Statement: 11, KG.Event: 6}


def test_hedged_claims_and_their_cues(dataset: Dataset) -> None:
    graph = dataset.graph(SEED_GRAPH)
    hedged = {str(graph.value(c, KG.claimId)): {str(x) for x in graph.objects(c, KG.cue)}
              for c in graph.subjects(KG.modality, KG.Hedged)}
    assert hedged == {
        "package-may-take-shape": {"may"},
        "putin-zelensky-meeting": {"potential"},
        "ten-nations-ready-to-send-troops": {"approximately"},
        "us-support-uncertain": {"somewhat"},
        "trump-says-us-will-assist": {"probably"},
        "us-offers-air-support": {"probably"},
        "trump-believes-no-problem": {"I believe"},
        "us-other-guarantees": {"possibly"},
        "costa-conditions-expected": {"expected", "ideally"},
        "force-outside-combat-zones": {"expected"},
        "backstop-air-defence": {"potentially"},
        "us-continues-intel-and-weapons": {"anticipate"},
    }


def test_anonymously_sourced_claims(dataset: Dataset) -> None:
    assert claims_where(dataset, KG.sourcing, KG.AnonymousSource) == {
        "ten-nations-ready-to-send-troops", "meeting-attendees", "initial-phase-training",
        "units-support-multinational-force", "uk-troops-for-force", "france-troops-for-force",
        "force-outside-combat-zones", "us-continues-intel-and-weapons",
    }
    assert len(claims_where(dataset, KG.sourcing, KG.NamedSource)) == 13
    assert len(claims_where(dataset, KG.sourcing, KG.ReporterVoice)) == 22


def test_the_only_negative_claim_is_trumps_rule_out(dataset: Dataset) -> None:
    assert claims_where(dataset, KG.polarity, KG.Negative) == {"trump-rules-out-combat-troops"}
    assert claims_where(dataset, KG.action, KG.RuleOut) == {"trump-rules-out-combat-troops"}


def test_firm_facts_exclude_hedged_anonymous_and_conditional_claims(dataset: Dataset) -> None:
    """The display rule: firm AND not anonymous AND no condition."""
    graph = dataset.graph(SEED_GRAPH)
    firm_facts = set()
    for claim in graph.subjects(KG.modality, KG.Firm):
        if (claim, KG.sourcing, KG.AnonymousSource) in graph:
            continue
        if graph.value(claim, KG.condition) is not None:
            continue
        firm_facts.add(str(graph.value(claim, KG.claimId)))
    assert "us-assists-coordination" in firm_facts  # "can certainly assist"
    assert "trump-rules-out-combat-troops" in firm_facts
    assert "backstop-us-participation" in firm_facts
    not_firm = set(FACTS) - firm_facts
    assert not_firm == {
        # hedged
        "package-may-take-shape", "putin-zelensky-meeting", "ten-nations-ready-to-send-troops",
        "us-support-uncertain", "trump-says-us-will-assist", "us-offers-air-support",
        "trump-believes-no-problem", "us-other-guarantees", "costa-conditions-expected",
        "force-outside-combat-zones", "backstop-air-defence", "us-continues-intel-and-weapons",
        # anonymous but firm
        "meeting-attendees", "initial-phase-training", "units-support-multinational-force",
        "uk-troops-for-force", "france-troops-for-force",
        # conditional
        "officials-discuss-deployment", "deployment-after-hostilities",
    }


def test_derived_direct_edges(dataset: Dataset) -> None:
    derived = {KG.commitsTo, KG.hasRoleIn, KG.rulesOut, KG.supports, KG.proposes, KG.demands,
               KG.opposes, KG.scepticalOf, KG.participatesIn}
    edges = {t for t in graph_quads(dataset, SEED_GRAPH) if t[1] in derived}
    assert edges == {
        (A("about-ten-nations"), KG.commitsTo, MF),
        (A("donald-trump"), KG.commitsTo, SGP),
        (A("european-armies"), KG.commitsTo, MF),
        (A("europeans"), KG.commitsTo, MF),
        (A("united-states"), KG.commitsTo, SGP),
        (A("allies"), KG.hasRoleIn, P("nato-style-guarantees")),
        (A("europeans"), KG.hasRoleIn, P("initial-phase")),
        (A("france"), KG.hasRoleIn, MF),
        (A("united-kingdom"), KG.hasRoleIn, MF),
        (A("united-states"), KG.hasRoleIn, P("american-backstop")),
        (A("donald-trump"), KG.rulesOut, O("us-combat-troops-in-ukraine")),
        (A("donald-trump"), KG.supports, A("ukraine")),
        (A("donald-trump"), KG.supports, SGP),
        (A("european-leaders"), KG.supports, A("ukraine")),
        (A("european-leaders"), KG.supports, C("white-house-meeting")),
        (A("european-leaders"), KG.proposes, SGP),
        (A("giorgia-meloni"), KG.proposes, P("nato-style-guarantees")),
        (A("kremlin"), KG.demands, O("ukraine-cedes-the-east")),
        (A("kremlin"), KG.opposes, O("nato-troops-in-ukraine")),
        (A("european-leaders"), KG.scepticalOf, O("guarantees-deter-russia")),
        (A("european-leaders"), KG.scepticalOf, O("peace-agreement")),
        (A("donald-trump"), KG.participatesIn, C("trump-fox-interview")),
        (A("fox-news"), KG.participatesIn, C("trump-fox-interview")),
        (A("european-armies"), KG.participatesIn, C("armies-meet-us-counterparts")),
        (A("us-armed-forces"), KG.participatesIn, C("armies-meet-us-counterparts")),
        (A("european-officials"), KG.participatesIn, C("officials-discuss-deployment")),
        (A("nato-chiefs-of-staff"), KG.participatesIn, C("meeting-attendees")),
        (A("saceur"), KG.participatesIn, C("meeting-attendees")),
        (A("vladimir-putin"), KG.participatesIn, C("putin-zelensky-meeting")),
        (A("volodymyr-zelensky"), KG.participatesIn, C("putin-zelensky-meeting")),
        (A("white-house"), KG.participatesIn, C("white-house-meeting")),
    }


# --- the article and the reference knowledge ----------------------------------------------


def test_article_metadata(dataset: Dataset) -> None:
    found = props(dataset, ARTICLE)
    note = found.pop(KG.dateNote)
    assert len(note) == 1 and "Tuesday 19 August 2025" in str(next(iter(note)))
    assert found == {
        RDF.type: {KG.Article},
        DCTERMS.title: {lit("European Leaders Push for Security Guarantees for Ukraine Amid "
                            "Shifting US Support")},
        DCTERMS.publisher: {A("24brussels")},
        DCTERMS.issued: {day("2025-08-20")},
        KG.dateAssumed: {Literal(True)},
        DCTERMS.language: {lit("en")},
        KG.sourceFile: {lit(f"{SEED_ID}.txt")},
        KG.text: {lit(TEXT)},
    }
    assert props(dataset, SEED_GRAPH) == {DCTERMS.source: {ARTICLE}}


def test_reference_knowledge_is_in_the_reference_graph_only(dataset: Dataset) -> None:
    ref = graph_quads(dataset, REFERENCE_GRAPH)
    article = graph_quads(dataset, SEED_GRAPH)
    members = {(s, o) for s, p, o in ref if p == ORG.memberOf}
    assert members == {(A(x), A("nato"))
                       for x in ("united-kingdom", "france", "united-states", "italy")}
    holds = {(s, o) for s, p, o in ref if p == ORG.holds}
    assert holds == {
        (A("donald-trump"), KGI["office/president-of-the-united-states"]),
        (A("vladimir-putin"), KGI["office/president-of-russia"]),
        (A("volodymyr-zelensky"), KGI["office/president-of-ukraine"]),
        (A("karoline-leavitt"), KGI["office/white-house-press-secretary"]),
        (A("antonio-costa"), KGI["office/president-of-the-european-council"]),
        (A("giorgia-meloni"), KGI["office/prime-minister-of-italy"]),
    }
    wikidata = {(s, str(o).removeprefix("http://www.wikidata.org/entity/"))
                for s, p, o in ref if p == KG.wikidata}
    assert {q for _s, q in wikidata} >= {
        "Q22686", "Q7747", "Q212", "Q159", "Q30", "Q145", "Q142", "Q38", "Q7184"}
    assert {(A("donald-trump"), "Q22686"), (A("vladimir-putin"), "Q7747"),
            (A("ukraine"), "Q212"), (A("russia"), "Q159"), (A("united-states"), "Q30"),
            (A("united-kingdom"), "Q145"), (A("france"), "Q142"), (A("italy"), "Q38"),
            (A("nato"), "Q7184")} <= wikidata
    assert (A("kremlin"), KG.speaksFor, A("russia")) in ref
    assert (A("white-house"), KG.speaksFor, A("united-states")) in ref
    # none of it is said by the article
    reference_only = {ORG.memberOf, ORG.holds, ORG.postIn, KG.wikidata, KG.speaksFor,
                      KG.surfaceForm, KG.anonymous, KG.partOf, KG.scope}
    assert {p for _s, p, _o in article} & reference_only == set()
    assert not any(s == A("donald-trump") and p == RDF.type for s, p, _o in article)
    # and the reference graph holds no claim
    assert {o for _s, p, o in ref if p == RDF.type} & {
        KG.Commitment, KG.Stance, KG.Statement, KG.Event, KG.Article} == set()


def test_caroline_levitt_is_karoline_leavitt(dataset: Dataset) -> None:
    registry = load_registry(SEEDS / "registry.yaml")
    assert [e.id for e in registry.resolve_name("Caroline Levitt")] == ["karoline-leavitt"]
    ref = graph_quads(dataset, REFERENCE_GRAPH)
    assert (A("karoline-leavitt"), KG.surfaceForm, lit("Caroline Levitt")) in ref
    assert (A("karoline-leavitt"), RDFS.label, lit("Karoline Leavitt")) in ref
    assert "Caroline Levitt" in FACTS["leavitt-briefs-reporters"].quote
    assert "Karoline" not in TEXT


def test_the_seed_file_is_what_the_facts_were_read_from() -> None:
    """Guard: if the seed text changes, every offset above must be recomputed by hand."""
    digest = hashlib.sha256((SEEDS / f"{SEED_ID}.txt").read_bytes()).hexdigest()
    assert digest == "046c0cbba7cb8a3bd2e1e3b2c54890e9ebe0468039be6e950b79eabaa92f0aa9"
