"""Name resolution: the one rule that turns a name a user types into the IRI of a thing.

``kg query`` parameters of a named kind, ``kg viz actor NAME`` and ``kg viz proposal NAME``,
and the notebook helpers all call :func:`resolve`, so they accept the same names, pick the
same thing and fail with the same message and the same suggestions.

A ``kind`` (one of :data:`KINDS`) is a class: ``actor``, ``proposal``, ``outcome`` and
``claim`` are ``kg:Actor``, ``kg:Proposal``, ``kg:Outcome`` and ``kg:Claim``; ``concept`` is
``skos:Concept``; instances of subclasses count. A ``value`` (spaces around it dropped)
names, in this order:

1. the thing whose IRI it is (bare or in ``<...>``), whose id it is (``kremlin``: the last
   segment of a registry IRI, or an ontology term such as ``AirDefence``), or whose node id
   in a view it is (``actor/kremlin``: the IRI relative to the instance base), when exactly
   one thing of the class is meant;
2. else the things whose label, surface form or claim id it is, character for character;
3. else, when there is none, the things one of whose names (label, surface form, claim id
   or id) it matches case-insensitively with accents dropped (``antonio costa`` for
   "António Costa"), and then with all but letters and digits ignored (``Giorgia_Meloni``).

One thing found: its IRI. Several: a :class:`~kg.errors.QueryError` listing them with their
ids (with their IRIs when they share an id, as claims of two articles may). None: a
QueryError with up to five close names, or, when none is close and the class has at most
:data:`MAX_LISTED` things, all of them (actors: also where to search their names).

Steps 1 and 2 are index lookups (``kg/sparql/lookup_exact_iri.rq``,
``lookup_exact_text.rq``); only step 3 lists every name of the class
(``lookup_names.rq``), which on a large KG reads every claim. The value reaches SPARQL only
as a binding or as checked, escaped IRIs, never as query text; matching happens in Python.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.errors import QueryError

if TYPE_CHECKING:  # pragma: no cover
    from kg.store import Store

__all__ = ["KINDS", "MAX_LISTED", "is_absolute_iri", "resolve"]

_KG_NS = "https://w3id.org/newskg/ns#"

#: Kinds of name, and the class whose instances (or subclasses' instances) they name.
_ROOTS: dict[str, str] = {
    "actor": _KG_NS + "Actor",
    "proposal": _KG_NS + "Proposal",
    "outcome": _KG_NS + "Outcome",
    "claim": _KG_NS + "Claim",
    "concept": "http://www.w3.org/2004/02/skos/core#Concept",
}
KINDS: tuple[str, ...] = tuple(_ROOTS)
#: When no name is close, a class with at most this many things has them all listed.
MAX_LISTED = 15
#: How many close names an error suggests.
_CLOSE = 5

#: Kinds of registry entity, whose ids are the last segment of their IRI.
_ENTITY_KINDS = ("actor", "office", "place", "proposal", "outcome")
_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]*")
_NODE_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]*(?:/[A-Za-z0-9][A-Za-z0-9._~-]*)+")
_IRI_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+")


def is_absolute_iri(text: str) -> bool:
    """Whether ``text`` (without ``<...>``) is an absolute IRI that SPARQL can hold."""
    return _IRI_RE.fullmatch(text) is not None


def resolve(store: Store, kind: str, value: str, timeout: float | None = None) -> str:
    """The IRI of the one thing of ``kind`` that ``value`` names (see the module's rule).

    Raises :class:`~kg.errors.QueryError` when ``value`` names nothing (with close names)
    or more than one thing (listing them); ``timeout`` bounds each lookup.
    """
    if kind not in _ROOTS:
        raise QueryError(f"cannot look up names of kind {kind!r}",
                         hint="kinds: " + ", ".join(KINDS))
    root = _ROOTS[kind]
    wanted = value.strip()
    exact = _exact_hits(store, root, wanted, timeout)
    if len(exact) == 1:
        return exact[0]
    names = _names(store, root, timeout)
    hits = exact or names.find(wanted)
    if len(hits) == 1:
        return hits[0]
    if hits:
        ids = {_local_name(iri) for iri in hits}
        full = len(ids) < len(hits)  # the same id in two articles: only IRIs tell them apart
        raise QueryError(
            f"more than one {kind} is called {value!r}: "
            + "; ".join(names.describe(iri, full=full) for iri in hits),
            hint=f"give the {'IRI' if full else 'id'} instead, e.g. "
            + (hits[0] if full else _local_name(hits[0])),
        )
    raise QueryError(f"no {kind} is called {value!r}", hint=_not_found_hint(kind, names, value))


def _not_found_hint(kind: str, names: _Names, value: str) -> str | None:
    close = names.close(value)
    if close:
        hint = "close names: " + ", ".join(names.describe(iri) for iri in close)
    elif not names.texts:
        hint = f"the KG has no {kind}s"
    elif len(names.texts) <= MAX_LISTED:
        hint = f"known {kind}s: " + ", ".join(names.describe(iri) for iri in sorted(
            names.texts, key=lambda iri: (names.shown[iri].casefold(), iri)))
    else:
        hint = None
    if kind == "actor":
        search = "`kg query find_actor --param name=...` searches actor names"
        hint = f"{hint}; {search}" if hint else search
    return hint


# --- exact matches, by index ----------------------------------------------------------------


def _candidate_iris(value: str) -> list[str]:
    """IRIs that ``value`` may be exactly: itself (``<...>`` or bare), an id in one of the
    KG's own namespaces (registry entities, ontology terms), or a view's node id."""
    from kg.model.namespaces import INSTANCE_BASE

    iri = value[1:-1] if value.startswith("<") and value.endswith(">") else value
    if is_absolute_iri(iri):
        return [iri]
    if _ID_RE.fullmatch(value):
        return [f"{INSTANCE_BASE}{kind}/{value}" for kind in _ENTITY_KINDS] + [_KG_NS + value]
    if _NODE_ID_RE.fullmatch(value):
        return [INSTANCE_BASE + value]
    return []


def _exact_hits(store: Store, root: str, value: str, timeout: float | None) -> list[str]:
    """The things of class ``root`` that ``value`` names exactly: the one whose IRI, id or
    node id it is, else those whose label, surface form or claim id it is.

    Two small index lookups, where listing every name of a class (:func:`_names`) reads
    every claim of a large KG.
    """
    from rdflib import Literal, URIRef

    from kg import sparql
    from kg.store.terms import bind_many

    def things(query: str, **bound: Any) -> list[str]:
        result = store.query(query, bindings={"root": URIRef(root), **bound}, timeout=timeout)
        column = result.vars.index("thing")
        return [str(row[column]) for row in result.rows]

    candidates = [URIRef(iri) for iri in _candidate_iris(value)]
    by_iri = []
    if candidates:  # checked IRIs, escaped by bind_many: no user text becomes syntax
        by_iri = things(bind_many(sparql.text("lookup_exact_iri"), "SELECT", "thing",
                                  candidates))
    if len(by_iri) == 1 or (by_iri and is_absolute_iri(value.strip("<>"))):
        return by_iri
    if not value:
        return []
    by_text = things(sparql.text("lookup_exact_text"), text=Literal(value),
                     tagged=Literal(value, lang="en"))
    return sorted(set(by_iri) | set(by_text))


# --- every name of a class, matched loosely -------------------------------------------------


def _fold(text: str) -> str:
    """Case-insensitive form of a name, with accents dropped: "António" -> "antonio"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def _squash(text: str) -> str:
    """A name with everything but letters and digits dropped: "air-support" -> "airsupport"."""
    return re.sub(r"[\W_]+", "", _fold(text))


def _local_name(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


@dataclass
class _Names:
    """The things of one class and the texts that name them."""

    texts: dict[str, set[str]]  # IRI -> its label, surface forms, claim id, local name
    shown: dict[str, str]  # IRI -> a name to show in messages

    def describe(self, iri: str, *, full: bool = False) -> str:
        """``Donald Trump (donald-trump)``: the name shown, and the id (``full``: IRI) to type."""
        return f"{self.shown[iri]} ({iri if full else _local_name(iri)})"

    def find(self, value: str) -> list[str]:
        iri = value[1:-1] if value.startswith("<") and value.endswith(">") else value
        if iri in self.texts:
            return [iri]
        for key in (_fold, _squash):
            wanted = key(value)
            if not wanted:
                return []
            hits = sorted(iri for iri, texts in self.texts.items()
                          if any(key(t) == wanted for t in texts))
            if hits:
                return hits
        return []

    def close(self, value: str) -> list[str]:
        by_text: dict[str, str] = {}
        for iri, texts in sorted(self.texts.items()):
            for text in sorted(texts):
                by_text.setdefault(_fold(text), iri)
        matches = difflib.get_close_matches(_fold(value), list(by_text), n=8, cutoff=0.6)
        contained = [t for t in by_text if _fold(value) and _fold(value) in t]
        iris = []
        for text in matches + sorted(contained):
            if by_text[text] not in iris:
                iris.append(by_text[text])
        return iris[:_CLOSE]


def _names(store: Store, root: str, timeout: float | None) -> _Names:
    from rdflib import URIRef

    from kg import sparql

    result = store.query(sparql.text("lookup_names"), bindings={"root": URIRef(root)},
                         timeout=timeout)
    index = {name: i for i, name in enumerate(result.vars)}
    texts: dict[str, set[str]] = {}
    labels: dict[str, list[tuple[bool, str]]] = {}
    for row in result.rows:
        thing, label, text = row[index["thing"]], row[index["label"]], row[index["text"]]
        if not isinstance(thing, URIRef):
            continue
        iri = str(thing)
        texts.setdefault(iri, {_local_name(iri)})
        if text is not None:
            texts[iri].add(str(text))
        if label is not None:  # plain labels sort before language-tagged ones
            labels.setdefault(iri, []).append((bool(getattr(label, "language", None)), str(label)))
    shown = {iri: min(labels[iri])[1] if iri in labels else _local_name(iri) for iri in texts}
    return _Names(texts, shown)
