"""Project the KG into networkx graphs that notebooks, ``kg viz`` and exports share.

Four views, each a :class:`networkx.MultiDiGraph` built from SPARQL run on a store (the
queries are the ``view_*.rq`` files in ``kg/sparql/``):

* ``actors`` -- who stands where: actors, and the proposals, outcomes and claims their
  commitments and stances point at. One edge per (source, target, kind of edge, verb),
  aggregating every claim behind it. Reference ties (represents, holds office, member of,
  part of) of the actors that appear are added, and a ``conflicts`` edge links a proposal to
  an outcome some actor rejects when a commitment to the proposal would bring that outcome
  about (e.g. British troops for the multinational force vs the Kremlin's rejection of NATO
  troops stationed on Ukrainian territory; see ``view_conflicts.rq``).
* ``proposal`` -- one proposal with its components (``part_of``), the capabilities actors
  offer or are given a role in (each a ``capability`` node hanging between the actor and
  the proposal), its proposers, supporters and opponents, and the contested outcomes it
  would bring about with who rejects them.
* ``actor`` -- an ego view: the ``actors`` view (with every reference tie) cut to the nodes
  within ``depth`` steps of one actor.
* ``claims`` -- actor -> claim -> target, one node per claim, for reading the evidence one
  claim at a time; anonymous or named sources other than the actor get an
  ``attributed_to`` edge.

The attribute contract (read by :mod:`kg.views.page`): ``G.graph`` has ``title``, ``note`` and
``view``; every node ``label``, ``kind`` and ``title`` (plain text); every edge ``kind``,
``label``, ``hedged``, ``weight`` (number of supporting claims) and ``evidence`` (one dict per
supporting claim: claim, claim_kind, summary, quote, sentence, attribution, sourcing,
modality, cue, polarity, condition, firm, article, article_file, start, end).

Beyond the kinds :mod:`kg.views.page` styles, views use the node kind ``capability`` and the edge
kinds ``role`` (a plan under discussion gives the actor a role: kg:Envisage, derived edge
kg:hasRoleIn), ``conflicts``, ``sceptical_of`` and ``not_<kind>`` (a stance with negative
polarity, e.g. ``not_supports``).

An edge is ``hedged`` (drawn dashed) unless at least one supporting claim is a firm fact:
modality firm, not anonymously sourced, no condition. Capabilities in an edge label that
rest only on such non-firm claims end with ``?``.

Big KGs: a view keeps at most ``limit`` nodes (default :data:`DEFAULT_LIMIT`): the most
connected by number of supporting claims, grown outward from the best one so the picture
stays connected (the ``claims`` view keeps ``limit`` claims, those of the most active
actors), and says so in ``G.graph["note"]``; ``limit=0`` keeps all. Quotes are fetched only
for the claims a view shows.
Evidence lists stop at :data:`EVIDENCE_PER_EDGE` quotes per edge (``weight`` still counts
every claim).

Example::

    >>> from kg.project import find_project
    >>> G = to_networkx(find_project(None), "proposal", name="american-backstop")
    >>> G.nodes["actor/united-states"]["kind"]
    'state'
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KGError
from kg.model.namespaces import INSTANCE_BASE

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from kg.project import Project
    from kg.store import Store

__all__ = [
    "DEFAULT_LIMIT",
    "EVIDENCE_PER_EDGE",
    "EXPORT_FORMATS",
    "FORMATS",
    "VIEWS",
    "export_graph",
    "open_kg_store",
    "output_path",
    "render_view",
    "save",
    "to_networkx",
]

VIEWS = ("actors", "proposal", "actor", "claims")
EXPORT_FORMATS = ("graphml", "gexf")
#: What ``kg viz --format`` can write.
FORMATS = ("html", "png", "svg", *EXPORT_FORMATS)
#: Nodes a view keeps unless told otherwise (the claims view: claims).
DEFAULT_LIMIT = 60
#: Evidence items kept per edge; ``weight`` still counts all supporting claims.
EVIDENCE_PER_EDGE = 50
#: Up to this many articles, evidence is fetched article by article, else all at once.
EVIDENCE_QUERIES = 64
#: At most this many claims are looked up in one VALUES block; more read all evidence.
MAX_VALUES = 5000
#: Capabilities named in an edge label before "+N more".
LABEL_CAPABILITIES = 4
CLAIM_LABEL_CHARS = 48

KG_NS = "https://w3id.org/newskg/ns#"

_CLASS_KIND = {
    "Person": "person",
    "State": "state",
    "Group": "group",
    "Organisation": "organisation",
    "Alliance": "organisation",
    "IntergovernmentalBody": "organisation",
    "GovernmentBody": "organisation",
    "ArmedForces": "organisation",
    "MediaOutlet": "organisation",
    "Proposal": "proposal",
    "Outcome": "outcome",
    "Office": "office",
    "Place": "place",
}
_CLAIM_CLASSES = frozenset({"Commitment", "Stance", "Statement", "Event"})

#: commitment action -> (edge kind, verb)
_COMMITMENT_EDGE = {
    "Offer": ("commits", "offers"),
    "Pledge": ("commits", "pledges"),
    "Provide": ("commits", "provides"),
    "Direct": ("commits", "directs"),
    "Envisage": ("role", "role in plan"),
    "RuleOut": ("rules_out", "rules out"),
}
#: stance type -> (edge kind, verb, negated verb)
_STANCE_EDGE = {
    "Supports": ("supports", "supports", "does not support"),
    "Welcomes": ("supports", "welcomes", "does not welcome"),
    "Proposes": ("proposes", "proposes", "does not propose"),
    "Demands": ("demands", "demands", "does not demand"),
    "Opposes": ("opposes", "opposes", "does not oppose"),
    "Rejects": ("rejects", "rejects", "does not reject"),
    "ScepticalOf": ("sceptical_of", "sceptical of", "not sceptical of"),
}
_OPPOSING_KINDS = frozenset({"opposes", "rejects", "rules_out"})
_TITLES = {
    "actors": "Who stands where: actors, their commitments and stances",
    "claims": "Claims one by one: actor \u2192 claim \u2192 target",
}


# --- reading the KG -------------------------------------------------------------------------


def _local(iri: str) -> str:
    """A node id: the IRI relative to the instance base (``actor/kremlin``), else the IRI."""
    return iri[len(INSTANCE_BASE) :] if iri.startswith(INSTANCE_BASE) else iri


def _select(
    store: Store, name: str, *, values: tuple[str, list[str]] | None = None, **bindings: str
) -> list[dict[str, Any]]:
    """Run ``kg/sparql/<name>.rq`` with IRIs bound to variables (through the store's
    bindings, never pasted into the text); return its rows as dicts of Python values.

    ``values`` (a variable and IRIs) adds a ``VALUES`` block of those IRIs, escaped (see
    :func:`kg.store.terms.bind_many`). IRIs and plain literals become ``str``; integer and boolean
    literals ``int`` and ``bool``.
    """
    from rdflib import XSD, Literal, URIRef

    numeric = {XSD.integer: int, XSD.boolean: lambda v: v.toPython() is True}

    def value(term: Any) -> Any:
        if term is None:
            return None
        if isinstance(term, Literal):
            convert = numeric.get(term.datatype)  # type: ignore[call-overload]
            return convert(term) if convert is not None else str(term)
        return str(term)

    from kg import sparql as internal

    sparql = internal.text(name)
    if values is not None:
        from kg.store.terms import bind_many

        sparql = bind_many(sparql, "SELECT", values[0], [URIRef(iri) for iri in values[1]])
    result = store.query(sparql, bindings={k: URIRef(v) for k, v in bindings.items()} or None)
    names = result.vars
    return [dict(zip(names, map(value, row), strict=True)) for row in result.rows]


def _kg_term(iri: str | None) -> str | None:
    return iri[len(KG_NS) :] if iri and iri.startswith(KG_NS) else iri


@dataclass(frozen=True)
class _Entity:
    iri: str
    kind: str
    label: str
    class_label: str
    description: str | None
    wikidata: str | None
    forms: tuple[str, ...]
    anonymous: bool

    def title(self) -> str:
        lines = [self.label, self.class_label]
        if self.description:
            lines.append(self.description)
        if self.forms:
            lines.append("also written: " + ", ".join(self.forms))
        if self.wikidata:
            lines.append("Wikidata: " + self.wikidata.rsplit("/", 1)[-1])
        if self.anonymous:
            lines.append("stands for unnamed sources: its claims are anonymously sourced")
        return "\n".join(lines)


@dataclass(frozen=True)
class _Claim:
    iri: str
    cls: str
    id: str
    article: str
    article_title: str
    article_file: str
    actor: str | None
    target: str | None
    action: str | None
    stance: str | None
    polarity: str | None
    polarity_label: str
    modality: str | None
    modality_label: str
    sourcing: str | None
    sourcing_label: str
    source: str
    source_label: str
    condition: str | None
    cues: tuple[str, ...]
    capabilities: tuple[tuple[str, str], ...]

    @property
    def firm(self) -> bool:
        """A firm fact: firm modality, not anonymously sourced, no condition."""
        return self.modality == "Firm" and self.sourcing != "AnonymousSource" and not self.condition

    @property
    def order(self) -> tuple[str, str]:
        return (self.article_file, self.id)

    def edge(self) -> tuple[str, str] | None:
        """(edge kind, verb) of this claim's actor -> target edge, or None."""
        if self.cls == "Commitment":
            if self.polarity == "Negative" or self.action == "RuleOut":
                return "rules_out", "rules out"
            return _COMMITMENT_EDGE.get(self.action or "", ("commits", "commits to"))
        if self.cls == "Stance" and self.stance in _STANCE_EDGE:
            kind, verb, negated = _STANCE_EDGE[self.stance]
            return (f"not_{kind}", negated) if self.polarity == "Negative" else (kind, verb)
        if self.cls == "Statement":
            return "states", "says"
        return None

    def evidence(self, ev: _Evidence) -> dict[str, Any]:
        modality = self.modality_label
        if self.modality == "Firm" and not self.firm:
            modality += " wording"
        if self.sourcing == "AnonymousSource":
            modality += ", anonymously sourced"
        if self.condition:
            modality += f", conditional: {self.condition}"
        return {
            "claim": self.id,
            "claim_kind": self.cls.lower(),
            "summary": ev.summary,
            "quote": ev.quote,
            "sentence": ev.sentence,
            "attribution": f"{self.source_label} ({self.sourcing_label})",
            "sourcing": self.sourcing_label,
            "modality": modality,
            "cue": ", ".join(self.cues) or None,
            "polarity": self.polarity_label,
            "condition": self.condition,
            "firm": self.firm,
            "article": self.article_title,
            "article_file": self.article_file,
            "start": ev.start,
            "end": ev.end,
        }

    def title(self, ev: _Evidence) -> str:
        how = f"{self.cls.lower()} \u00b7 {self.modality_label}"
        if self.cues:
            how += f" ({', '.join(self.cues)})"
        if self.condition:
            how += f" \u00b7 conditional: {self.condition}"
        lines = [
            ev.summary,
            how,
            f"according to {self.source_label} ({self.sourcing_label})",
            f"\u201c{ev.quote}\u201d",
            f"{self.article_title} [{ev.start}\u2013{ev.end}]",
        ]
        return "\n".join(lines)


@dataclass(frozen=True)
class _Evidence:
    summary: str
    quote: str
    sentence: str | None
    start: int
    end: int


class _KGData:
    """The rows the views need, queried once per view."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.entities: dict[str, _Entity] = {}
        rows = _select(store, "view_entities")
        forms_of: dict[str, set[str]] = {}
        for row in rows:
            forms_of.setdefault(row["node"], set()).update([row["form"]] if row["form"] else [])
        for row in rows:
            iri = row["node"]
            if iri in self.entities:  # another form, or a second type: keep the first class
                continue
            cls = _kg_term(row["class"]) or ""
            forms = tuple(sorted(forms_of[iri]))
            self.entities[iri] = _Entity(
                iri=iri,
                kind=_CLASS_KIND.get(cls, "unknown"),
                label=row["label"],
                class_label=row["classLabel"] or cls,
                description=row["description"],
                wikidata=row["wikidata"],
                forms=forms,
                anonymous=row["anonymous"] is True,
            )
        labels: dict[str, tuple[str, str | None]] = {}
        for row in _select(store, "view_labels"):
            labels.setdefault(row["node"], (row["label"] or _local(row["node"]), row["file"]))
        cues: dict[str, list[str]] = {}
        capabilities: dict[str, list[tuple[str, str]]] = {}
        for row in _select(store, "view_claim_values"):
            if row["cue"] is not None:
                cues.setdefault(row["claim"], []).append(row["cue"])
            if row["capability"] is not None:
                cap = row["capability"]
                label = labels.get(cap, (_kg_term(cap) or cap, None))[0]
                capabilities.setdefault(row["claim"], []).append((cap, label))

        def label(iri: str | None) -> str:
            return labels[iri][0] if iri in labels else (_kg_term(iri) or "")

        claims = []
        seen: set[str] = set()
        for row in _select(store, "view_claims"):
            iri, cls = row["claim"], _kg_term(row["class"]) or ""
            if cls not in _CLAIM_CLASSES or iri in seen:  # seen: a field with two values
                continue
            seen.add(iri)
            title, file = labels.get(row["article"], (_local(row["article"]), None))
            source = self.entities.get(row["source"])
            claims.append(
                _Claim(
                    iri=iri,
                    cls=cls,
                    id=row["id"],
                    article=row["article"],
                    article_title=title,
                    article_file=file or _local(row["article"]),
                    actor=row["actor"],
                    target=row["target"],
                    action=_kg_term(row["action"]),
                    stance=_kg_term(row["stance"]),
                    polarity=_kg_term(row["polarity"]),
                    polarity_label=label(row["polarity"]),
                    modality=_kg_term(row["modality"]),
                    modality_label=label(row["modality"]),
                    sourcing=_kg_term(row["sourcing"]),
                    sourcing_label=label(row["sourcing"]),
                    source=row["source"],
                    source_label=source.label if source else _local(row["source"]),
                    condition=row["condition"],
                    cues=tuple(sorted(set(cues.get(iri, ())))),
                    capabilities=tuple(
                        sorted(set(capabilities.get(iri, ())), key=lambda c: (c[1], c[0]))
                    ),
                )
            )
        claims.sort(key=lambda c: (*c.order, c.iri))
        self.claims: dict[str, _Claim] = {c.iri: c for c in claims}
        self.evidence: dict[str, _Evidence] = {}

    def load_evidence(self, claims: Iterable[str]) -> None:
        """Fetch quotes and offsets of ``claims``: one query per article, or one in all."""
        wanted = {iri for iri in claims if iri not in self.evidence}
        articles = sorted({self.claims[iri].article for iri in wanted})
        if not articles:
            return
        if len(articles) <= EVIDENCE_QUERIES:
            rows = [
                row
                for article in articles
                for row in _select(self.store, "view_evidence", article=article)
            ]
        elif len(wanted) <= MAX_VALUES:  # one query, a VALUES block of the claims
            rows = _select(self.store, "view_evidence", values=("claim", sorted(wanted)))
        else:
            rows = _select(self.store, "view_evidence")
        for row in rows:
            if row["claim"] in wanted and row["claim"] not in self.evidence:
                self.evidence[row["claim"]] = _Evidence(
                    summary=row["summary"],
                    quote=row["quote"],
                    sentence=row["sentence"],
                    start=row["start"],
                    end=row["end"],
                )
        missing = sorted(wanted - set(self.evidence))
        if missing:
            raise KGError(
                f"claim {missing[0]} has no evidence span in the KG",
                hint="rebuild the KG with kg build; kg validate shows what is wrong",
            )

    def reference_edges(self) -> list[dict[str, Any]]:
        return _select(self.store, "view_reference_edges")

    def conflicts(self) -> list[dict[str, Any]]:
        return _select(self.store, "view_conflicts")

    def participants(self) -> list[dict[str, Any]]:
        return _select(self.store, "view_participants")


def _resolve(data: _KGData, kind: str, name: str) -> str:
    """The IRI of the ``kind`` (actor, proposal) that ``name`` means, as ``kg query`` and
    the notebooks find it (:func:`kg.query.names.resolve`)."""
    from kg.query.names import resolve

    iri = resolve(data.store, kind, name)
    if iri not in data.entities:
        raise KGError(f"the {kind} {name!r} ({iri}) has no label or type a view can show",
                      hint="rebuild the KG with kg build; kg validate shows what is wrong")
    return iri


# --- assembling a view ----------------------------------------------------------------------


@dataclass
class _Edge:
    kind: str
    verb: str
    show_capabilities: bool
    claims: dict[str, _Claim] = field(default_factory=dict)

    def attributes(self) -> dict[str, Any]:
        claims = sorted(self.claims.values(), key=lambda c: c.order)
        label = self.verb
        if self.show_capabilities:
            firm: dict[str, bool] = {}
            for claim in claims:
                for _, cap in claim.capabilities:
                    firm[cap] = firm.get(cap, False) or claim.firm
            names = sorted(c for c in firm if firm[c]) + sorted(
                f"{c}?" for c in firm if not firm[c]
            )
            if names:
                shown = names[:LABEL_CAPABILITIES]
                more = len(names) - len(shown)
                label += ": " + ", ".join(shown) + (f" +{more} more" if more else "")
        return {
            "kind": self.kind,
            "label": label,
            "hedged": not any(c.firm for c in claims) if claims else False,
            "weight": max(1, len(claims)),
            "_claims": claims,
        }


class _Builder:
    """Collects nodes and aggregated edges, then makes the MultiDiGraph."""

    def __init__(self, data: _KGData) -> None:
        self.data = data
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: dict[tuple[str, str, str, str], _Edge] = {}

    def node(self, iri: str) -> str:
        node_id = _local(iri)
        if node_id not in self.nodes:
            entity = self.data.entities.get(iri)
            claim = self.data.claims.get(iri)
            if entity is not None:
                attrs = {"label": entity.label, "kind": entity.kind, "title": entity.title()}
                if entity.kind == "organisation":
                    attrs["group_label"] = entity.class_label.lower()
            elif claim is not None:  # label and title once its evidence is fetched
                attrs = {"label": claim.id, "kind": "claim", "title": "", "_claim": claim}
            else:
                attrs = {"label": iri.rsplit("/", 1)[-1], "kind": "unknown", "title": iri}
            attrs["iri"] = iri
            self.nodes[node_id] = attrs
        return node_id

    def part(self, proposal: str, capability: str, label: str) -> str:
        """A capability node hanging off one proposal (proposal view)."""
        node_id = _part_id(proposal, capability)
        if node_id not in self.nodes:
            whole = self.data.entities.get(proposal)
            whole_label = whole.label if whole else _local(proposal)
            self.nodes[node_id] = {
                "label": label,
                "kind": "capability",
                "iri": capability,
                "title": f"{label}\ncapability, part of: {whole_label}",
            }
        return node_id

    def add(
        self,
        source: str,
        target: str,
        kind: str,
        verb: str,
        claim: _Claim | None = None,
        *,
        show_capabilities: bool = True,
    ) -> None:
        """Add (or strengthen) the edge source -> target; ids, not IRIs."""
        key = (source, target, kind, verb)
        edge = self.edges.setdefault(key, _Edge(kind, verb, show_capabilities))
        if claim is not None:
            edge.claims[claim.iri] = claim

    def graph(self, view: str, title: str) -> nx.MultiDiGraph:
        import networkx as nx

        G = nx.MultiDiGraph(view=view, title=title, note="")
        for node_id in sorted(self.nodes):
            G.add_node(node_id, **self.nodes[node_id])
        for u, v, kind, verb in sorted(self.edges):
            G.add_edge(u, v, **self.edges[(u, v, kind, verb)].attributes())
        return G


def _part_id(proposal: str, capability: str) -> str:
    return f"part/{proposal.rsplit('/', 1)[-1]}/{_kg_term(capability)}"


def _shorten(text: str, limit: int = CLAIM_LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _add_reference(
    b: _Builder,
    rows: list[dict[str, Any]],
    subjects: set[str] | None,
    kinds: Iterable[str],
    *,
    both_present: bool = False,
) -> None:
    """Reference ties whose subject is in ``subjects`` (None: every subject)."""
    kinds = frozenset(kinds)
    verbs = {"represents": "represents", "member_of": "member of", "part_of": "part of"}
    for row in rows:
        kind, s, o = row["kind"], row["subject"], row["object"]
        if kind not in kinds or (subjects is not None and _local(s) not in subjects):
            continue
        if both_present and (_local(s) not in b.nodes or _local(o) not in b.nodes):
            continue
        verb = (row["viaLabel"] or "holds office") if kind == "holds_office" else verbs[kind]
        b.add(b.node(s), b.node(o), kind, verb)


def _actors_builder(data: _KGData, *, every_reference_tie: bool = False) -> _Builder:
    b = _Builder(data)
    for claim in data.claims.values():
        if claim.cls not in ("Commitment", "Stance") or not (claim.actor and claim.target):
            continue
        edge = claim.edge()
        if edge is not None:
            b.add(b.node(claim.actor), b.node(claim.target), *edge, claim)
    for row in data.conflicts():
        claim = data.claims.get(row["claim"])
        if claim is None:
            continue
        source = b.node(row["target"] or row["actor"])
        b.add(
            source,
            b.node(row["outcome"]),
            "conflicts",
            "conflicts: would realise",
            claim,
            show_capabilities=False,
        )
    subjects = None if every_reference_tie else set(b.nodes)
    _add_reference(
        b, data.reference_edges(), subjects, ("represents", "holds_office", "member_of", "part_of")
    )
    return b


def _proposal_builder(data: _KGData, proposal: str) -> _Builder:
    b = _Builder(data)
    reference = data.reference_edges()
    parent = {r["subject"]: r["object"] for r in reference if r["kind"] == "part_of"}
    scope = {proposal}
    changed = True
    while changed:  # descendants, however deep
        grown = scope | {child for child, up in parent.items() if up in scope}
        changed, scope = grown != scope, grown
    shown = set(scope)
    up = parent.get(proposal)
    while up is not None and up not in shown:  # ancestors, for context (not their claims)
        shown.add(up)
        up = parent.get(up)
    for iri in sorted(shown):
        b.node(iri)
    _add_reference(b, reference, {_local(i) for i in shown}, ("part_of",), both_present=True)

    for claim in data.claims.values():
        if claim.target not in scope or not claim.actor:
            continue
        edge = claim.edge()
        if edge is None or claim.cls not in ("Commitment", "Stance"):
            continue
        actor = b.node(claim.actor)
        if claim.action == "Envisage" and claim.polarity != "Negative" and claim.capabilities:
            # What a plan envisages is a part of it: actor -> capability -> proposal.
            for cap, cap_label in claim.capabilities:
                part = b.part(claim.target, cap, cap_label)
                b.add(actor, part, *edge, claim, show_capabilities=False)
                b.add(
                    part, b.node(claim.target), "part_of", "part of", claim, show_capabilities=False
                )
        else:
            b.add(actor, b.node(claim.target), *edge, claim)

    contested: set[str] = set()
    for row in data.conflicts():
        claim = data.claims.get(row["claim"])
        if claim is None or row["target"] not in scope:
            continue
        part = _part_id(row["target"], row["capability"])
        source = part if part in b.nodes else b.node(row["target"])
        b.add(
            source,
            b.node(row["outcome"]),
            "conflicts",
            "conflicts: would realise",
            claim,
            show_capabilities=False,
        )
        contested.add(row["outcome"])
    for claim in data.claims.values():
        edge = claim.edge()
        if claim.target in contested and claim.actor and edge and edge[0] in _OPPOSING_KINDS:
            b.add(b.node(claim.actor), b.node(claim.target), *edge, claim)
    _add_reference(b, reference, None, ("represents", "holds_office"), both_present=True)
    return b


def _claims_builder(data: _KGData, limit: int) -> tuple[_Builder, int]:
    """actor -> claim -> target; returns the builder and the number of claims left out."""
    participants: dict[str, list[str]] = {}
    for row in data.participants():
        participants.setdefault(row["claim"], []).append(row["participant"])
    claims = list(data.claims.values())
    left_out = 0
    if limit and len(claims) > limit:
        activity: Counter[str] = Counter()
        for claim in claims:
            for who in {claim.actor, *participants.get(claim.iri, [])} - {None}:
                activity[who] += 1  # type: ignore[index]

        def rank(claim: _Claim) -> tuple[int, tuple[str, int, str]]:
            who = [claim.actor, *participants.get(claim.iri, [])]
            return (-max((activity[w] for w in who if w), default=0), claim.order)

        claims = sorted(claims, key=rank)
        left_out = len(claims) - limit
        claims = claims[:limit]
    b = _Builder(data)
    for claim in sorted(claims, key=lambda c: c.order):
        node = b.node(claim.iri)
        edge = claim.edge()
        if claim.actor and edge is not None:
            b.add(b.node(claim.actor), node, *edge, claim)
        elif claim.actor:
            b.add(b.node(claim.actor), node, "participates", "takes part in", claim)
        for who in participants.get(claim.iri, []):
            b.add(b.node(who), node, "participates", "takes part in", claim)
        if claim.target:
            b.add(
                node,
                b.node(claim.target),
                "about",
                "about",
                claim,
                show_capabilities=claim.cls == "Commitment",
            )
        if claim.sourcing != "ReporterVoice" and claim.source != claim.actor:
            b.add(
                node,
                b.node(claim.source),
                "attributed_to",
                "according to",
                claim,
                show_capabilities=False,
            )
    return b, left_out


def _keep_most_connected(G: nx.MultiDiGraph, limit: int, keep: Iterable[str] = ()) -> int:
    """Cut ``G`` in place to ``limit`` well-connected nodes; return how many were cut.

    A node's score is the sum of the weights (supporting claims) of its edges. The kept set
    grows best-first from the ``keep`` nodes (or the top-scoring node): the next node is the
    highest-scoring neighbour of the nodes kept so far, so the picture stays one connected
    piece; when no neighbour is left, the best remaining node starts a new piece. Ties go by
    label, then id.
    """
    import heapq

    n = G.number_of_nodes()
    if not limit or n <= limit:
        return 0
    score: Counter[str] = Counter()
    for u, v, w in G.edges(data="weight", default=1):
        score[u] += w
        score[v] += w

    def rank(node: str) -> tuple[int, str, str]:
        return (-score[node], str(G.nodes[node].get("label", "")), node)

    chosen: set[str] = set()
    frontier: list[tuple[tuple[int, str, str], str]] = []

    def take(node: str) -> None:
        chosen.add(node)
        for other in (*G.successors(node), *G.predecessors(node)):
            if other not in chosen:
                heapq.heappush(frontier, (rank(other), other))

    for node in keep:
        if node in G and len(chosen) < limit:
            take(node)
    remaining = iter(sorted(G, key=rank))
    while len(chosen) < limit:
        while frontier and frontier[0][1] in chosen:
            heapq.heappop(frontier)
        if frontier:
            take(heapq.heappop(frontier)[1])
            continue
        node = next(remaining)
        if node not in chosen:
            take(node)
    G.remove_nodes_from([node for node in list(G) if node not in chosen])
    return n - G.number_of_nodes()


def _finish(G: nx.MultiDiGraph, data: _KGData) -> None:
    """Fetch the evidence of the claims ``G`` shows; put it on the edges and claim nodes.

    An edge with more than :data:`EVIDENCE_PER_EDGE` claims lists that many, firm facts
    first; each list is in reading order (article, offset).
    """
    shown: list[tuple[dict[str, Any], list[_Claim]]] = []
    for _u, _v, attrs in G.edges(data=True):
        claims = attrs.pop("_claims", [])
        if len(claims) > EVIDENCE_PER_EDGE:
            claims = sorted(claims, key=lambda c: (not c.firm, c.order))[:EVIDENCE_PER_EDGE]
        shown.append((attrs, claims))
    nodes = [attrs for _n, attrs in G.nodes(data=True) if "_claim" in attrs]
    data.load_evidence(
        [c.iri for _a, claims in shown for c in claims] + [attrs["_claim"].iri for attrs in nodes]
    )
    for attrs, claims in shown:
        ordered = sorted(claims, key=lambda c: (c.article_file, data.evidence[c.iri].start, c.id))
        attrs["evidence"] = [c.evidence(data.evidence[c.iri]) for c in ordered]
    for attrs in nodes:
        claim = attrs.pop("_claim")
        attrs["label"] = _shorten(data.evidence[claim.iri].summary)
        attrs["title"] = claim.title(data.evidence[claim.iri])


def _note(G: nx.MultiDiGraph, cut: str) -> str:
    claims: set[str] = set()
    files: set[str] = set()
    truncated = 0
    for _u, _v, data in G.edges(data=True):
        evidence = data.get("evidence") or []
        claims.update(item["claim"] + "@" + item["article_file"] for item in evidence)
        files.update(item["article_file"] for item in evidence)
        truncated += data.get("weight", 1) > len(evidence) > 0
    n, m = G.number_of_nodes(), G.number_of_edges()
    parts = [
        f"{n} node{'s' * (n != 1)} and {m} edge{'s' * (m != 1)} from {len(claims)} "
        f"claim{'s' * (len(claims) != 1)} in {len(files)} article{'s' * (len(files) != 1)}."
    ]
    if cut:
        parts.append(cut)
    if truncated:
        parts.append(f"Edges list at most {EVIDENCE_PER_EDGE} quotes each.")
    parts.append("Dashed: only hedged, anonymous or conditional claims support the edge.")
    return " ".join(parts)


def open_kg_store(
    project: Project, store_spec: str | None = "memory", notify: Callable[[str], None] | None = None
) -> Store:
    """Open the store ``kg viz`` reads (see :func:`kg.store.open_project_store`)."""
    from kg.store import open_project_store

    return open_project_store(project, store_spec, notify)


def _open(source: Store | Project) -> tuple[Store, bool]:
    """The store to read and whether we opened it (and so must close it)."""
    if hasattr(source, "query"):
        return source, False  # type: ignore[return-value]
    return open_kg_store(source), True  # type: ignore[arg-type]


def to_networkx(
    source: Store | Project,
    view: str = "actors",
    *,
    name: str | None = None,
    depth: int = 1,
    limit: int | None = None,
) -> nx.MultiDiGraph:
    """Project the KG into a MultiDiGraph for ``view`` (actors, proposal, actor or claims).

    ``source`` is an open :class:`kg.store.Store` or a :class:`kg.project.Project` (its KG
    is built first if missing). ``name`` picks the proposal or actor (id, label or surface
    form: ``"american-backstop"``, ``"The Kremlin"``, ``"Washington"``). ``depth`` is the
    ego view's radius. ``limit`` caps the nodes (claims view: the claims) at
    :data:`DEFAULT_LIMIT` when None; 0 keeps everything. Unknown views or names raise
    :class:`~kg.errors.KGError`.
    """
    if view not in VIEWS:
        raise KGError(f"unknown view {view!r}", hint="choose one of: " + ", ".join(VIEWS))
    if view in ("proposal", "actor") and not name:
        example = "security-guarantee-package" if view == "proposal" else "united-states"
        raise KGError(f"the {view} view needs a NAME", hint=f"e.g. kg viz {view} {example}")
    if view in ("actors", "claims") and name:
        raise KGError(
            f"the {view} view takes no NAME (got {name!r})",
            hint="use `kg viz actor NAME` or `kg viz proposal NAME` for one of them",
        )
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 1:
        raise KGError(f"depth must be a whole number of at least 1, not {depth!r}")
    if limit is None:
        limit = DEFAULT_LIMIT
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise KGError(f"limit must be a whole number (0 for no limit), not {limit!r}")

    store, opened = _open(source)
    try:
        data = _KGData(store)
        if view == "claims":
            builder, left_out = _claims_builder(data, limit)
            G = builder.graph(view, _TITLES[view])
            _finish(G, data)
            total = len(data.claims)
            cut = (
                (
                    f"Showing {total - left_out:,} of {total:,} claims: those of the most active "
                    "actors; --limit N changes this, --limit 0 shows all."
                )
                if left_out
                else ""
            )
            G.graph["note"] = _note(G, cut)
            return G
        keep: list[str] = []
        if view == "actors":
            G = _actors_builder(data).graph(view, _TITLES[view])
        elif view == "proposal":
            iri = _resolve(data, "proposal", name or "")
            G = _proposal_builder(data, iri).graph(view, f"Proposal: {data.entities[iri].label}")
            G.graph["focus"] = _local(iri)
            keep = [_local(iri)]
        else:
            import networkx as nx

            iri = _resolve(data, "actor", name or "")
            full = _actors_builder(data, every_reference_tie=True).graph(view, "")
            centre = _local(iri)
            if centre not in full:
                full.add_node(
                    centre,
                    label=data.entities[iri].label,
                    kind=data.entities[iri].kind,
                    title=data.entities[iri].title(),
                    iri=iri,
                )
            near = nx.single_source_shortest_path_length(
                full.to_undirected(as_view=True), centre, cutoff=depth
            )
            title = (
                f"{data.entities[iri].label}: everything within {depth} step{'s' * (depth != 1)}"
            )
            # Rebuilt in the full graph's order (a subgraph would follow a set's order).
            G = nx.MultiDiGraph(view=view, title=title, note="", focus=centre)
            G.add_nodes_from((n, d) for n, d in full.nodes(data=True) if n in near)
            G.add_edges_from(
                (u, v, d) for u, v, d in full.edges(data=True) if u in near and v in near
            )
            keep = [centre]
        n = G.number_of_nodes()
        removed = _keep_most_connected(G, limit, keep)
        cut = (
            (
                f"Showing {n - removed:,} of {n:,} nodes: the most connected (by supporting "
                "claims) and their best-connected neighbours; --limit N changes this, --limit 0 "
                "shows all."
            )
            if removed
            else ""
        )
        _finish(G, data)
        G.graph["note"] = _note(G, cut)
        return G
    finally:
        if opened:
            store.close()


# --- export ---------------------------------------------------------------------------------


def _flat(attrs: dict[str, Any]) -> dict[str, Any]:
    """Attributes GraphML/GEXF can hold: scalars kept, lists and dicts as JSON text."""
    out: dict[str, Any] = {}
    for key, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, bool | int | float | str):
            out[key] = value
        else:
            out[key] = json.dumps(value, ensure_ascii=False, sort_keys=True)
    evidence = attrs.get("evidence")
    if isinstance(evidence, list):
        out["claims"] = " ".join(str(item.get("claim", "")) for item in evidence)
        out["quotes"] = "\n".join(
            f"\u201c{item.get('quote', '')}\u201d [{item.get('start')}\u2013{item.get('end')}]"
            for item in evidence
        )
    return out


def export_graph(G: nx.Graph, fmt: str = "graphml") -> bytes:
    """Serialise a view as GraphML (Cytoscape, Gephi) or GEXF (Gephi), UTF-8 bytes.

    Evidence lists become JSON text in the edge attribute ``evidence``, with the quotes and
    claim ids also as plain text (``quotes``, ``claims``). The same graph gives the same bytes.
    """
    import networkx as nx

    if fmt not in EXPORT_FORMATS:
        raise KGError(f"unknown graph format {fmt!r}", hint="use graphml or gexf")
    H = nx.MultiDiGraph() if G.is_directed() else nx.MultiGraph()
    H.graph.update(_flat(dict(G.graph)))
    for node, attrs in G.nodes(data=True):
        H.add_node(str(node), **_flat(attrs))
    edges = (
        G.edges(keys=True, data=True)
        if G.is_multigraph()
        else ((u, v, 0, d) for u, v, d in G.edges(data=True))
    )
    for index, (u, v, _key, attrs) in enumerate(edges):
        H.add_edge(str(u), str(v), key=f"e{index}", **_flat(attrs))
    if fmt == "graphml":
        text = "\n".join(nx.generate_graphml(H, encoding="utf-8", prettyprint=True))
    else:
        # GEXF has no graph attributes, and its "lastmodifieddate" would change every day.
        H.graph.clear()
        lines = nx.generate_gexf(H, encoding="utf-8", prettyprint=True, version="1.2draft")
        text = re.sub(r' lastmodifieddate="[^"]*"', "", "\n".join(lines), count=1)
    return (text + "\n").encode("utf-8")


# --- output (for the CLI) -------------------------------------------------------------------


def render_view(G: nx.Graph, fmt: str = "html", *, seed: int = 7) -> bytes:
    """A view as file content: an offline HTML page, a PNG/SVG picture, GraphML or GEXF.

    ``seed`` fixes the layout, so the same KG gives the same picture (see :mod:`kg.views.page`).
    """
    if fmt in EXPORT_FORMATS:
        return export_graph(G, fmt)
    from kg.views.page import render_html
    from kg.views.picture import render_static

    if fmt == "html":
        return render_html(G, seed=seed).encode("utf-8")
    if fmt in ("png", "svg"):
        return render_static(G, fmt, seed=seed)
    raise KGError(f"unknown output format {fmt!r}", hint="use one of: " + ", ".join(FORMATS))


def output_path(project: Project, G: nx.Graph, fmt: str) -> Path:
    """Where ``kg viz`` writes by default: ``out/<view>[_<name>].<fmt>`` in the project."""
    focus = str(G.graph.get("focus") or "").rsplit("/", 1)[-1]
    stem = str(G.graph.get("view") or "view") + (f"_{focus}" if focus else "")
    return project.out_dir / f"{stem}.{fmt}"


def save(path: Path, payload: bytes) -> Path:
    """Write ``payload`` to ``path`` atomically (a temporary file, then a rename)."""
    from kg.files import write_atomic

    return write_atomic(path, payload)
