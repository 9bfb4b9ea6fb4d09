"""Our vocabulary as closed namespaces: a misspelt term fails at import or first use.

``KG`` is the ontology (``ontology/kg.ttl``); ``tests/test_namespaces.py`` checks that the two
declare exactly the same terms. ``KGI`` is where instances live: actors, proposals, articles,
claims and the named graphs, each under a path that says its kind.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/newskg/ns"
INSTANCE_BASE = "https://w3id.org/newskg/id/"

OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")
KGI = Namespace(INSTANCE_BASE)

REFERENCE_GRAPH = KGI["graph/reference"]
ONTOLOGY_GRAPH = KGI["graph/ontology"]


class KG(DefinedNamespace):
    """The kg ontology, ``https://w3id.org/newskg/ns#``."""

    _NS = Namespace("https://w3id.org/newskg/ns#")
    _fail = True

    # Classes and controlled values
    Abandoned: URIRef
    ActionScheme: URIRef
    Actor: URIRef
    Agreed: URIRef
    AirDefence: URIRef
    AirSupport: URIRef
    Alliance: URIRef
    AnonymousSource: URIRef
    ArmedForces: URIRef
    Arms: URIRef
    Article: URIRef
    AssumedPublicationDate: URIRef
    BorderControl: URIRef
    CapabilityScheme: URIRef
    Claim: URIRef
    CombatTroops: URIRef
    Commitment: URIRef
    Coordination: URIRef
    DateBasisScheme: URIRef
    DefenceCommitments: URIRef
    Demands: URIRef
    Direct: URIRef
    Envisage: URIRef
    Equipment: URIRef
    Event: URIRef
    EventStatusScheme: URIRef
    Firm: URIRef
    GovernmentBody: URIRef
    Group: URIRef
    Hedged: URIRef
    Held: URIRef
    InPreparation: URIRef
    Intelligence: URIRef
    IntergovernmentalBody: URIRef
    MediaOutlet: URIRef
    ModalityScheme: URIRef
    NamedSource: URIRef
    Negative: URIRef
    Offer: URIRef
    Office: URIRef
    Opposes: URIRef
    Organisation: URIRef
    Outcome: URIRef
    Person: URIRef
    Place: URIRef
    Planned: URIRef
    Pledge: URIRef
    PolarityScheme: URIRef
    Positive: URIRef
    Potential: URIRef
    Proposal: URIRef
    ProposalStatusScheme: URIRef
    Proposes: URIRef
    Provide: URIRef
    PublicationDate: URIRef
    Reinforcement: URIRef
    Rejects: URIRef
    ReporterVoice: URIRef
    RuleOut: URIRef
    ScepticalOf: URIRef
    SecurityGuarantees: URIRef
    SourcingScheme: URIRef
    Stance: URIRef
    StanceScheme: URIRef
    State: URIRef
    StatedDate: URIRef
    Statement: URIRef
    Supports: URIRef
    Training: URIRef
    Troops: URIRef
    UnderDiscussion: URIRef
    Welcomes: URIRef

    # Properties
    action: URIRef
    actor: URIRef
    anonymous: URIRef
    attributedTo: URIRef
    beneficiary: URIRef
    capability: URIRef
    channel: URIRef
    claimId: URIRef
    commitsTo: URIRef
    condition: URIRef
    cue: URIRef
    date: URIRef
    dateAssumed: URIRef
    dateBasis: URIRef
    dateNote: URIRef
    demands: URIRef
    eventStatus: URIRef
    evidence: URIRef
    expressedIn: URIRef
    hasRoleIn: URIRef
    inArticle: URIRef
    location: URIRef
    modality: URIRef
    opposes: URIRef
    partOf: URIRef
    participant: URIRef
    participatesIn: URIRef
    polarity: URIRef
    proposalStatus: URIRef
    proposes: URIRef
    quantity: URIRef
    rulesOut: URIRef
    scepticalOf: URIRef
    scope: URIRef
    sentence: URIRef
    sentenceStart: URIRef
    sourceFile: URIRef
    sourcing: URIRef
    speaksFor: URIRef
    stanceType: URIRef
    supports: URIRef
    surfaceForm: URIRef
    target: URIRef
    text: URIRef
    timeExpression: URIRef
    wikidata: URIRef


PREFIXES: dict[str, str] = {
    "kg": str(KG),
    "kgi": INSTANCE_BASE,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": str(OA),
    "dct": "http://purl.org/dc/terms/",
    "org": str(ORG),
    "owl": "http://www.w3.org/2002/07/owl#",
}


def article_iri(article_id: str) -> URIRef:
    """The IRI of an article."""
    return KGI[f"article/{article_id}"]


def article_graph(article_id: str) -> URIRef:
    """The named graph that holds one article's claims."""
    return KGI[f"graph/article/{article_id}"]


def claim_iri(article_id: str, claim_id: str) -> URIRef:
    """The IRI of a claim; claim ids are unique within their article."""
    return KGI[f"claim/{article_id}/{claim_id}"]


def entity_iri(kind: str, entity_id: str) -> URIRef:
    """The IRI of a registry entity (``kind`` is actor, office, place, proposal or outcome)."""
    return KGI[f"{kind}/{entity_id}"]
