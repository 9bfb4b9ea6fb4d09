"""Canonical N-Quads: one line per quad, escaped the one way, sorted, no duplicates.

The KG is written in this form so that the same inputs give byte-identical output and a
``diff`` of two builds shows exactly what changed. Terms are rdflib terms; blank nodes are
not used anywhere in the KG (every node has an IRI), so no canonical blank-node labelling
is needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def term(node: Node) -> str:
    """One term in N-Quads syntax."""
    if isinstance(node, URIRef):
        text = str(node)
        if _BAD_IRI.search(text):
            raise ValueError(f"not a valid IRI for N-Quads: {text!r}")
        return f"<{text}>"
    if isinstance(node, Literal):
        lexical = f'"{str(node).translate(_ESCAPES)}"'
        if node.language:
            return f"{lexical}@{node.language}"
        if (
            node.datatype is not None
            and str(node.datatype) != "http://www.w3.org/2001/XMLSchema#string"
        ):
            return f"{lexical}^^<{node.datatype}>"
        return lexical
    if isinstance(node, BNode):
        raise ValueError("blank nodes are not allowed in the KG; give the node an IRI")
    raise TypeError(f"cannot write {node!r} as N-Quads")


def line(s: Node, p: Node, o: Node, g: Node) -> str:
    """One quad as an N-Quads line, newline included."""
    return f"{term(s)} {term(p)} {term(o)} {term(g)} .\n"


def canonical(lines: Iterable[str]) -> str:
    """Sorted, de-duplicated N-Quads text."""
    return "".join(sorted(set(lines)))
