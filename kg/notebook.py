"""What the notebooks need: the KG as pandas tables, a stance matrix, centrality, inline views.

The notebooks in ``notebooks/`` hold only calls into this module (and :mod:`kg.views.graphs`)
plus display code, so a library change that breaks a notebook fails its tests::

    from kg.notebook import load, show_html

    session = load()                  # builds out/kg.nq first when it is stale
    session.query("conflicts")        # a catalogue query as a DataFrame
    session.claims()                  # every claim: who, what, how firm, the quote
    session.stance_matrix()           # actors x proposals and outcomes, -1 .. +1
    G = session.graph("actors")       # a networkx view (see kg.views.graphs)
    show_html(G)                      # the interactive page, inline and offline

Tables show labels, not IRIs: an IRI becomes its ``rdfs:label`` (a claim its claim id), a
literal the matching Python value (``int``, ``float``, ``bool``, ``datetime.date``, ``str``).
Queries run through :mod:`kg.query.catalogue`, so every query, named or typed in a cell, is vetted
(read-only, no ``SERVICE``) and parameters are bound, never pasted into the text. The
SPARQL this module runs itself is in ``kg/sparql/notebook_*.rq``.

pandas, IPython, networkx and matplotlib are imported inside the functions that use them.
"""

from __future__ import annotations

import functools
import html
import io
import sys
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KGError, QueryError

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import pandas as pd
    from IPython.display import HTML
    from matplotlib.figure import Figure

    from kg.project import Project
    from kg.query.run import QueryRun
    from kg.store import QueryResult, Store

__all__ = [
    "ACTOR_KINDS",
    "CLAIM_COLUMNS",
    "Evidence",
    "KGSession",
    "actors_frame",
    "centrality",
    "claims_frame",
    "evidence_for",
    "load",
    "position_score",
    "positions_frame",
    "show_html",
    "sparql_prefixes",
    "stance_heatmap",
    "stance_matrix",
    "to_dataframe",
]

KG_NS = "https://w3id.org/newskg/ns#"

#: The columns of :func:`claims_frame`, in order.
CLAIM_COLUMNS = (
    "claim",
    "kind",
    "actor",
    "verb",
    "capabilities",
    "target",
    "target_kind",
    "modality",
    "cues",
    "sourcing",
    "attributed_to",
    "condition",
    "firm_fact",
    "polarity",
    "participants",
    "summary",
    "quote",
    "start",
    "end",
    "article",
)

#: Node kinds of actors in a view (for :func:`centrality`'s ``kinds``).
ACTOR_KINDS = ("person", "state", "organisation", "group")

#: Actions and stances that take a position for (+1) or against (-1) their target;
#: being sceptical of something counts as half an objection.
_DIRECTION: dict[str, float] = {
    "Offer": 1.0,
    "Pledge": 1.0,
    "Provide": 1.0,
    "Direct": 1.0,
    "Envisage": 1.0,
    "Supports": 1.0,
    "Welcomes": 1.0,
    "Proposes": 1.0,
    "Demands": 1.0,
    "RuleOut": -1.0,
    "Opposes": -1.0,
    "Rejects": -1.0,
    "ScepticalOf": -0.5,
}
#: A position that is not a firm fact (hedged, anonymously sourced or conditional) counts
#: this much of a firm one.
NOT_FIRM_WEIGHT = 0.5
_TARGET_ORDER = {"proposal": 0, "outcome": 1, "actor": 2, "claim": 3, "other": 4}
_TARGET_HEADINGS = {
    "proposal": "proposals",
    "outcome": "outcomes",
    "actor": "actors",
    "claim": "claims",
    "other": "others",
}


# --- turning answers into tables ------------------------------------------------------------


def _python_value(term: Any, labels: Mapping[str, str]) -> Any:
    """A cell: an IRI's label (else its compact form), a literal's Python value, or None."""
    from decimal import Decimal

    from rdflib import BNode, Literal, URIRef

    from kg.query.formatting import compact_iri

    if term is None:
        return None
    if isinstance(term, URIRef):
        return labels.get(str(term)) or compact_iri(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, Literal):  # a language-tagged string or an unknown datatype
            return str(term)
        if isinstance(value, Decimal):
            return float(value)
        return value
    return str(term)


def _shown_columns(names: list[str]) -> list[tuple[int, str]]:
    """(index, name) of the columns a table shows: ``x`` gives way to ``xLabel``, named ``x``."""
    present = set(names)
    shown = []
    for index, name in enumerate(names):
        if f"{name}Label" in present:
            continue
        base = name.removesuffix("Label")
        shown.append((index, base if name.endswith("Label") and base in present else name))
    return shown


def to_dataframe(
    answer: QueryResult | QueryRun, labels: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """A query's answer as a :class:`pandas.DataFrame`, with labels instead of IRIs.

    ``answer`` is a :class:`kg.store.QueryResult` or a :class:`kg.query.catalogue.QueryRun` (whose
    looked-up labels are used unless ``labels`` is given). ``labels`` maps IRIs to display
    names (see :func:`kg.query.catalogue.display_labels`); IRIs without one are written
    ``prefix:local``. A column ``x`` is left out when the answer also has ``xLabel``, which
    then takes the name ``x``. An ASK answer is one row with the column ``answer``;
    CONSTRUCT and DESCRIBE answers are their triples (subject, predicate, object), sorted.
    """
    import pandas as pd

    result = getattr(answer, "result", answer)
    if labels is None:
        labels = getattr(answer, "labels", None) or {}
    if result.form == "ASK":
        return pd.DataFrame({"answer": [bool(result.boolean)]})
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        triples = sorted(result.graph or (), key=lambda t: tuple(map(str, t)))
        rows = [[_python_value(term, labels) for term in triple] for triple in triples]
        return pd.DataFrame(rows, columns=["subject", "predicate", "object"])
    columns = _shown_columns(list(result.vars))
    rows = [[_python_value(row[i], labels) for i, _ in columns] for row in result.rows]
    return pd.DataFrame(rows, columns=[name for _, name in columns])


def _rows(store: Store, name: str) -> list[dict[str, Any]]:
    """The rows of ``kg/sparql/<name>.rq`` as dicts: IRIs as ``str``, literals as Python values."""
    from rdflib import URIRef

    from kg import sparql

    result = store.query(sparql.text(name))
    out = []
    for row in result.rows:
        out.append(
            {
                var: (str(term) if isinstance(term, URIRef) else _python_value(term, {}))
                for var, term in zip(result.vars, row, strict=True)
            }
        )
    return out


def _kg_local(iri: str | None) -> str | None:
    return iri[len(KG_NS) :] if iri and iri.startswith(KG_NS) else iri


def _claim_rows(store: Store) -> list[dict[str, Any]]:
    """One dict per claim (``notebook_claims.rq``) with its capabilities, cues and
    participants (``notebook_claim_values.rq``) as sorted tuples."""
    values: dict[str, dict[str, list[str]]] = {}
    for row in _rows(store, "notebook_claim_values"):
        values.setdefault(row["claim"], {}).setdefault(row["field"], []).append(row["value"])
    claims: list[dict[str, Any]] = []
    seen: set[str] = set()
    for row in _rows(store, "notebook_claims"):
        if row["claim"] in seen:  # a field given twice: keep the first row
            continue
        seen.add(row["claim"])
        extra = values.get(row["claim"], {})
        for key in ("capability", "cue", "participant"):
            row[key] = tuple(sorted(set(extra.get(key, ()))))
        claims.append(row)
    return claims


def claims_frame(store: Store, *, firm_only: bool = False) -> pd.DataFrame:
    """Every claim, one row each, in reading order (article, then position in the text).

    Columns (:data:`CLAIM_COLUMNS`): claim (its id), kind (commitment, stance, statement,
    event), actor, verb (the action, stance or event status: "offers", "rejects", "held"),
    capabilities, target, target_kind (proposal, outcome, actor, claim), modality (firm or
    hedged), cues (the hedging words), sourcing (named source, anonymous source, reporter's
    voice), attributed_to, condition, firm_fact, polarity, participants (events), summary,
    quote (the exact words), start and end (character offsets into the article text:
    ``text[start:end] == quote``) and article (its file). Several capabilities, cues or
    participants are joined with ", ".

    ``firm_fact`` is True only for a firm, not anonymously sourced, unconditional claim;
    ``firm_only`` keeps just those rows.
    """
    import pandas as pd

    records = []
    for row in _claim_rows(store):
        if firm_only and row["firmFact"] is not True:
            continue
        records.append(
            {
                "claim": row["claimId"],
                "kind": (_kg_local(row["class"]) or "").lower(),
                "actor": row["actorLabel"] or _short(row["actor"]),
                "verb": row["valueLabel"],
                "capabilities": ", ".join(row["capability"]) or None,
                "target": row["targetLabel"] or _short(row["target"]),
                "target_kind": row["targetKind"],
                "modality": row["modalityLabel"],
                "cues": ", ".join(row["cue"]) or None,
                "sourcing": row["sourcingLabel"],
                "attributed_to": row["sourceLabel"] or _short(row["source"]),
                "condition": row["condition"],
                "firm_fact": row["firmFact"] is True,
                "polarity": row["polarityLabel"],
                "participants": ", ".join(row["participant"]) or None,
                "summary": row["summary"],
                "quote": row["quote"],
                "start": row["start"],
                "end": row["end"],
                "article": row["articleFile"] or _short(row["article"]),
            }
        )
    return pd.DataFrame.from_records(records, columns=list(CLAIM_COLUMNS))


def _short(iri: str | None) -> str | None:
    if iri is None:
        return None
    from kg.query.formatting import compact_iri

    return compact_iri(iri)


def actors_frame(store: Store) -> pd.DataFrame:
    """Every actor the KG knows, one row each, by label.

    Columns: id (what query parameters accept), actor (its label), type (Person, State,
    Government body, Group, ...), anonymous (True for a group that stands for unnamed
    sources), wikidata (the item id, e.g. ``Q22686``), and how many claims the actor makes
    (as_actor), has attributed to it as the source (as_source) or takes part in as an event
    participant (as_participant).
    """
    import pandas as pd

    records = []
    seen: set[str] = set()
    for row in _rows(store, "notebook_actors"):
        if row["actor"] in seen:  # a second class: keep the first
            continue
        seen.add(row["actor"])
        records.append(
            {
                "id": _last_segment(row["actor"]),
                "actor": row["actorLabel"],
                "type": row["type"],
                "anonymous": row["anonymous"] is True,
                "wikidata": _last_segment(row["wikidata"]) if row["wikidata"] else None,
                "as_actor": row["asActor"],
                "as_source": row["asSource"],
                "as_participant": row["asParticipant"],
            }
        )
    columns = [
        "id",
        "actor",
        "type",
        "anonymous",
        "wikidata",
        "as_actor",
        "as_source",
        "as_participant",
    ]
    return pd.DataFrame.from_records(records, columns=columns)


def _last_segment(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


# --- positions and the stance matrix --------------------------------------------------------


def position_score(kind: str, value: str | None, polarity: str | None, firm: bool) -> float | None:
    """How far a claim puts its actor for (+) or against (-) its target, or None.

    ``kind`` is the claim's class (``Commitment``, ``Stance``, ...), ``value`` its action
    or stance type and ``polarity`` ``Positive`` or ``Negative`` (local names of the kg
    vocabulary). Commitments (offer, pledge, provide, direct, a role in a plan) and
    supporting, welcoming, proposing or demanding stances score +1; ruling out, opposing and
    rejecting -1; being sceptical of -0.5. A negative polarity turns the sign. A claim that
    is not a firm fact (hedged, anonymously sourced or conditional) counts half. Statements
    and events take no position: None.
    """
    if kind not in ("Commitment", "Stance") or value not in _DIRECTION:
        return None
    score = _DIRECTION[value]
    if polarity == "Negative" and value != "RuleOut":  # a rule-out is negative already
        score = -score
    return score if firm else score * NOT_FIRM_WEIGHT


def positions_frame(
    store: Store, *, targets: Iterable[str] = ("proposal", "outcome")
) -> pd.DataFrame:
    """Every commitment and stance whose target is of a kind in ``targets``, with its score.

    Columns: actor, target, target_kind, score (see :func:`position_score`), claim, verb,
    capabilities, modality, sourcing, condition, firm_fact. In reading order. These are the
    claims behind each cell of :func:`stance_matrix`.
    """
    import pandas as pd

    wanted = set(targets)
    records = []
    for row in _claim_rows(store):
        if row["targetKind"] not in wanted or row["actor"] is None:
            continue
        score = position_score(
            _kg_local(row["class"]) or "",
            _kg_local(row["value"]),
            _kg_local(row["polarity"]),
            row["firmFact"] is True,
        )
        if score is None:
            continue
        records.append(
            {
                "actor": row["actorLabel"] or _short(row["actor"]),
                "target": row["targetLabel"] or _short(row["target"]),
                "target_kind": row["targetKind"],
                "score": score,
                "claim": row["claimId"],
                "verb": row["valueLabel"],
                "capabilities": ", ".join(row["capability"]) or None,
                "modality": row["modalityLabel"],
                "sourcing": row["sourcingLabel"],
                "condition": row["condition"],
                "firm_fact": row["firmFact"] is True,
            }
        )
    columns = [
        "actor",
        "target",
        "target_kind",
        "score",
        "claim",
        "verb",
        "capabilities",
        "modality",
        "sourcing",
        "condition",
        "firm_fact",
    ]
    return pd.DataFrame.from_records(records, columns=columns)


def _dominant(scores: Iterable[float]) -> float:
    """The strongest score; 0.0 when equally strong scores disagree in sign."""
    values = list(scores)
    strongest = max(abs(s) for s in values)
    signs = {s > 0 for s in values if abs(s) == strongest}
    return 0.0 if len(signs) > 1 else next(s for s in values if abs(s) == strongest)


def stance_matrix(
    store: Store, *, targets: Iterable[str] = ("proposal", "outcome")
) -> pd.DataFrame:
    """Actors x targets (proposals and outcomes by default): each actor's dominant position.

    A cell is the strongest score of the actor's claims about the target (see
    :func:`position_score`): +1 a firm commitment or supporting stance, +0.5 the same but
    hedged, anonymous or conditional, -0.5 scepticism or a non-firm objection, -1 a firm
    rejection, opposition or rule-out; 0 when equally strong claims disagree; NaN when the
    actor takes no position on it. Rows are sorted by actor, columns by kind (proposals
    first) then label; ``matrix.attrs["target_kinds"]`` maps each column to its kind.
    :func:`positions_frame` lists the claims behind the cells.
    """
    import pandas as pd

    positions = positions_frame(store, targets=targets)
    if positions.empty:
        return pd.DataFrame(dtype=float)
    cells = positions.groupby(["actor", "target"])["score"].agg(_dominant)
    matrix = cells.unstack("target").astype(float)
    kinds = dict(zip(positions["target"], positions["target_kind"], strict=True))
    columns = sorted(matrix.columns, key=lambda t: (_TARGET_ORDER.get(kinds[t], 9), t))
    matrix = matrix.reindex(index=sorted(matrix.index), columns=columns)
    matrix.index.name, matrix.columns.name = "actor", "target"
    matrix.attrs["target_kinds"] = {t: kinds[t] for t in columns}
    return matrix


def _score_text(value: float) -> str:
    sign = "+" if value > 0 else "\u2212" if value < 0 else ""
    magnitude = abs(value)
    digits = {1.0: "1", 0.5: "\u00bd", 0.25: "\u00bc", 0.0: "0"}.get(magnitude)
    return sign + (digits if digits is not None else f"{magnitude:g}")


@functools.cache
def _inline_figure_class() -> type[Figure]:
    """A matplotlib Figure that shows itself as a PNG in Jupyter without pyplot."""
    from matplotlib.figure import Figure

    class InlineFigure(Figure):
        """A Figure with a PNG representation (and ``alt_text``) for IPython's display."""

        alt_text = ""

        def _repr_png_(self) -> bytes | tuple[bytes, dict[str, str]]:
            buffer = io.BytesIO()
            self.savefig(buffer, format="png", dpi=110)
            png = buffer.getvalue()
            return (png, {"alt": self.alt_text}) if self.alt_text else png

    return InlineFigure


def stance_heatmap(matrix: pd.DataFrame, *, title: str | None = None) -> Figure:
    """Draw :func:`stance_matrix` as a heatmap: a matplotlib Figure that Jupyter shows inline.

    Blue is for, red against; pale colours and "½" mark positions that rest only on hedged,
    anonymous or conditional claims; empty cells mean no position. pyplot is not used, so
    nothing is left open and no global state changes.
    """
    import matplotlib as mpl

    if matrix.empty:
        raise KGError("the stance matrix is empty: no actor takes a position on these targets")
    rows, cols = matrix.shape
    fig = _inline_figure_class()(
        figsize=(max(6.0, 0.95 * cols + 3.6), max(3.0, 0.4 * rows + 2.4)), layout="constrained"
    )
    ax = fig.subplots()
    cmap = mpl.colormaps["RdBu"].with_extremes(bad="#f2f2f2")
    values = matrix.to_numpy(dtype=float)
    image = ax.imshow(values, cmap=cmap, vmin=-1, vmax=1, aspect="auto")
    ax.set_xticks(range(cols), [textwrap.fill(str(c), 16) for c in matrix.columns], fontsize=8)
    ax.xaxis.tick_top()
    ax.set_yticks(range(rows), [str(r) for r in matrix.index], fontsize=9)
    ax.set_xticks([x - 0.5 for x in range(1, cols)], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, rows)], minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    kinds = [matrix.attrs.get("target_kinds", {}).get(c) for c in matrix.columns]
    for x in range(1, cols):
        if kinds[x] != kinds[x - 1]:
            ax.axvline(x - 0.5, color="#333333", linewidth=2)
    for y in range(rows):
        for x in range(cols):
            value = values[y, x]
            if value == value:  # not NaN
                ax.text(
                    x,
                    y,
                    _score_text(value),
                    ha="center",
                    va="center",
                    fontsize=10,
                    color="white" if abs(value) >= 0.75 else "#222222",
                )
    bar = fig.colorbar(image, ax=ax, ticks=[-1, -0.5, 0, 0.5, 1], shrink=0.8)
    bar.ax.set_yticklabels(
        ["against, firm", "against, not firm\nor sceptical", "mixed", "for, not firm", "for, firm"],
        fontsize=8,
    )
    ax.set_title(
        title or "Who stands where: each actor's strongest position",
        fontsize=11,
        loc="left",
        pad=10,
    )
    note = "Not firm = hedged, anonymously sourced or conditional; empty = no position."
    present = list(dict.fromkeys(k for k in kinds if k))
    if len(present) == 2:
        first, second = (_TARGET_HEADINGS.get(k, k) for k in present)
        note += f" {first.capitalize()} left of the line, {second} right of it."
    ax.set_xlabel(note, fontsize=8, color="#555555", loc="left")
    cells = [
        f"{actor} on {target}: {_score_text(float(score))}"
        for (actor, target), score in matrix.stack().items()
        if score == score
    ]
    fig.alt_text = "Stance matrix, each actor's strongest position. " + "; ".join(cells) + "."
    return fig


# --- graphs ---------------------------------------------------------------------------------


def centrality(G: nx.Graph, *, kinds: Iterable[str] | None = None) -> pd.DataFrame:
    """Degree and betweenness of each node of a view, most central first.

    Measured on ``G`` as an undirected simple graph (parallel edges and directions merged):
    degree is the number of distinct neighbours, claims the number of supporting claims on
    the node's edges (the edges' ``weight``), betweenness the normalised share of shortest
    paths between other nodes that pass through the node. ``kinds`` (e.g. ``{"person",
    "state", "organisation", "group"}``) keeps only nodes of those kinds in the table; the
    measures still count the whole graph. Index: node id; sorted by betweenness, then
    degree (both descending), then label.
    """
    import networkx as nx
    import pandas as pd

    simple = nx.Graph()
    simple.add_nodes_from(G.nodes)
    simple.add_edges_from((u, v) for u, v in G.edges() if u != v)
    claims: dict[Any, int] = dict.fromkeys(G.nodes, 0)
    for u, v, weight in G.edges(data="weight", default=1):
        claims[u] += weight
        if v != u:
            claims[v] += weight
    betweenness = nx.betweenness_centrality(simple, normalized=True)
    wanted = None if kinds is None else set(kinds)
    records = []
    for node, attrs in G.nodes(data=True):
        if wanted is not None and attrs.get("kind") not in wanted:
            continue
        records.append(
            {
                "node": node,
                "label": attrs.get("label", str(node)),
                "kind": attrs.get("kind"),
                "degree": simple.degree(node),
                "claims": claims[node],
                "betweenness": betweenness[node],
            }
        )
    records.sort(key=lambda r: (-r["betweenness"], -r["degree"], r["label"], str(r["node"])))
    frame = pd.DataFrame.from_records(
        records, columns=["node", "label", "kind", "degree", "claims", "betweenness"]
    )
    return frame.set_index("node")


def show_html(G: nx.Graph, *, height: int = 640, seed: int = 7) -> HTML:
    """The interactive page of a view (:func:`kg.views.page.render_html`) inline in a notebook.

    The page goes into an ``<iframe srcdoc>``, so it works offline and in a saved or
    rendered notebook; the frame is sandboxed (scripts only, no access to the notebook).
    ``height`` is the graph area's height in pixels.
    """
    from IPython.display import HTML

    from kg.views.page import render_html

    if isinstance(height, bool) or not isinstance(height, int) or height < 100:
        raise KGError(f"height must be a whole number of pixels, at least 100, not {height!r}")
    page = render_html(G, seed=seed, height=f"{height}px")
    title = html.escape(str(G.graph.get("title") or "kg graph"), quote=True)
    return HTML(
        f'<div class="kg-view"><iframe srcdoc="{html.escape(page, quote=True)}" '
        f'sandbox="allow-scripts" title="{title}" style="width: 100%; '
        f'height: {height + 120}px; border: 1px solid #ddd;"></iframe></div>'
    )


# --- evidence -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """The words a claim rests on: the exact quote, its offsets and the whole sentence."""

    claim: str
    summary: str
    article: str
    title: str | None
    start: int
    end: int
    quote: str
    sentence: str
    sentence_start: int

    def _quote_in_sentence(self) -> tuple[str, str, str]:
        """The sentence cut into (before, quote, after)."""
        at = self.start - self.sentence_start
        if not self.sentence[at : at + len(self.quote)] == self.quote:
            at = self.sentence.find(self.quote)
        if at < 0:
            return self.sentence, "", ""
        return (self.sentence[:at], self.quote, self.sentence[at + len(self.quote) :])

    def __str__(self) -> str:
        before, quote, after = self._quote_in_sentence()
        return (
            f"{self.claim}: {self.summary}\n"
            f"  {before}[{quote}]{after}\n"
            f"  {self.title or self.article}, characters {self.start}\u2013{self.end}"
        )

    def _repr_html_(self) -> str:
        esc = html.escape
        before, quote, after = self._quote_in_sentence()
        return (
            '<div style="border-left: 3px solid #888; padding: 0.2em 0.8em;">'
            f"<p><b>{esc(self.claim)}</b>: {esc(self.summary)}</p>"
            f"<blockquote>{esc(before)}<mark>{esc(quote)}</mark>{esc(after)}</blockquote>"
            f"<p><small>{esc(self.title or self.article)}, characters "
            f"{self.start}\u2013{self.end}</small></p></div>"
        )


def evidence_for(store: Store, claim: str) -> Evidence:
    """The evidence of one claim, by claim id (``"kremlin-rejects-nato-troops"``) or IRI.

    In a notebook the result shows the sentence with the quoted words highlighted. An
    unknown claim raises :class:`~kg.errors.QueryError` listing close ids; a claim id used
    by two articles raises one listing both (give the IRI instead).
    """
    from kg import sparql
    from kg.query.catalogue import parse_header
    from kg.query.run import run_query

    path = sparql.path("notebook_evidence")
    spec = parse_header(path.read_text(encoding="utf-8"), name=path.stem, path=path)
    result = run_query(
        store, spec.text, spec=spec, params={"claim": claim}, timeout=None, source=str(path)
    ).result
    if not result.rows:
        raise QueryError(
            f"the claim {claim!r} has no evidence in the KG",
            hint="run `kg validate`: every claim should have its quote",
        )
    row = dict(zip(result.vars, (_python_value(term, {}) for term in result.rows[0]), strict=True))
    return Evidence(
        claim=row["claimId"],
        summary=row["summary"],
        article=row["article"],
        title=row["title"],
        start=row["start"],
        end=row["end"],
        quote=row["exact"],
        sentence=row["sentence"],
        sentence_start=row["sentenceStart"],
    )


# --- the session ----------------------------------------------------------------------------


def sparql_prefixes(*names: str) -> str:
    """``PREFIX`` lines for the KG's vocabularies (all of them, or those ``names``)."""
    from kg.model.namespaces import PREFIXES

    unknown = [n for n in names if n not in PREFIXES]
    if unknown:
        raise KGError(f"unknown prefix {unknown[0]!r}", hint="known: " + ", ".join(PREFIXES))
    chosen = names or tuple(PREFIXES)
    width = max(len(n) for n in chosen) + 1
    return "\n".join(f"PREFIX {(n + ':').ljust(width)} <{PREFIXES[n]}>" for n in chosen)


@dataclass
class KGSession:
    """An open KG and its project: what a notebook works with (see :func:`load`)."""

    project: Project
    store: Store
    store_spec: str = "memory"
    timeout: float | None = 30.0
    _closed: bool = field(default=False, repr=False)

    def query(self, name: str, **params: str) -> pd.DataFrame:
        """Run the catalogue query ``name`` (``kg queries`` lists them) as a table.

        Parameters are given by name, as on the command line:
        ``session.query("capability_offers", capability="air defence")``.
        """
        from kg.query.run import display_labels, run_named

        run = run_named(
            self.project, name, params, store=self.store, timeout=self.timeout, notify=None
        )
        return to_dataframe(run.result, display_labels(self.store, run.result, timeout=None))

    def sparql(self, text: str, **params: str) -> pd.DataFrame:
        """Run your own SPARQL as a table, vetted like ``kg query --sparql``.

        Parameters bind variables the query selects: ``<...>`` values as IRIs, others as
        strings; with a ``# param: NAME (KIND)`` header they are typed and looked up by
        name as in the catalogue (``opponent="Kremlin"`` for an ``actor`` parameter).
        """
        from kg.query.run import display_labels, run_text

        run = run_text(
            self.project, text, params, store=self.store, timeout=self.timeout, notify=None
        )
        return to_dataframe(run.result, display_labels(self.store, run.result, timeout=None))

    def catalogue(self) -> pd.DataFrame:
        """The named queries of the project (``kg queries``): name, title and parameters."""
        from kg.query.catalogue import catalogue_result

        return to_dataframe(catalogue_result(self.project))

    def claims(self, *, firm_only: bool = False) -> pd.DataFrame:
        """Every claim, one row each (see :func:`claims_frame`)."""
        return claims_frame(self.store, firm_only=firm_only)

    def actors(self) -> pd.DataFrame:
        """The actors the KG knows (see :func:`actors_frame`)."""
        return actors_frame(self.store)

    def positions(self, *, targets: Iterable[str] = ("proposal", "outcome")) -> pd.DataFrame:
        """The claims behind the stance matrix (see :func:`positions_frame`)."""
        return positions_frame(self.store, targets=targets)

    def stance_matrix(self, *, targets: Iterable[str] = ("proposal", "outcome")) -> pd.DataFrame:
        """Actors x proposals and outcomes, signed (see :func:`stance_matrix`)."""
        return stance_matrix(self.store, targets=targets)

    def graph(
        self,
        view: str = "actors",
        name: str | None = None,
        *,
        depth: int = 1,
        limit: int | None = None,
    ) -> nx.MultiDiGraph:
        """A networkx view of the KG (see :func:`kg.views.graphs.to_networkx`)."""
        from kg.views.graphs import to_networkx

        return to_networkx(self.store, view, name=name, depth=depth, limit=limit)

    def evidence(self, claim: str) -> Evidence:
        """The sentence behind a claim (see :func:`evidence_for`)."""
        return evidence_for(self.store, claim)

    def close(self) -> None:
        """Release the store."""
        if not self._closed:
            self.store.close()
            self._closed = True

    def __enter__(self) -> KGSession:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _notify(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def load(
    project: str | Path | Project | None = None,
    store: str = "memory",
    *,
    timeout: float | None = 30.0,
) -> KGSession:
    """Open the KG of ``project`` (a folder; default: as ``kg`` finds it) for a notebook.

    ``store`` is what ``--store`` takes: ``memory`` (Oxigraph, the default), ``rdflib``, a
    persistent store's directory or a SPARQL endpoint URL. A local store is loaded from
    ``out/kg.nq``, which a notebook builds first when it is missing or older than the
    seeds (``kg`` commands only warn; a notebook has no build step of its own).
    ``timeout`` (seconds) stops queries run with :meth:`KGSession.query` and
    :meth:`KGSession.sparql`; None lets them run.
    """
    from kg.project import Project, find_project
    from kg.store import open_project_store

    found = project if isinstance(project, Project) else find_project(project)
    if store in ("memory", "rdflib") and found.changed_since(found.kg_file):
        from kg.build import build

        _notify("Building the KG first (seeds or ontology changed since the last build)...")
        build(found)
    opened = open_project_store(found, store, notify=_notify)
    return KGSession(project=found, store=opened, store_spec=store, timeout=timeout)
