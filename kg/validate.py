"""Check the built KG that queries read: SHACL shapes (pySHACL) and evidence anchoring.

What is checked is the KG as a store holds it (:func:`kg.store.open_project_store`):
``out/kg.nq`` by default, or a persistent store or SPARQL endpoint. Nothing is re-derived
from the annotations, so a KG file changed after the build is checked as it now is.
Evidence anchoring re-reads every claim's span against the article text stored in the KG:
the text sliced at ``oa:start``/``oa:end`` must equal ``oa:exact``, and the recorded sentence
must sit at ``kg:sentenceStart`` and contain the quote. The result is a report value; the CLI
maps it to exit codes: 0 conforms, 1 violations; errors that stop validation (no KG, a store
that cannot be read, shapes that do not parse) raise :class:`~kg.errors.KGError` (exit 2).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from rdflib import RDF, Graph, URIRef

from kg.errors import EXIT_OK, EXIT_VIOLATIONS
from kg.model.namespaces import KG, OA
from kg.project import MAX_ONTOLOGY_BYTES, Project

if TYPE_CHECKING:  # pragma: no cover
    from kg.export import Quad
    from kg.store import Store

SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True)
class Violation:
    """One problem found in the KG."""

    check: str  # "shacl" or "evidence"
    focus: str
    message: str
    path: str | None = None
    value: str | None = None
    severity: str = "Violation"


@dataclass
class ValidationReport:
    """The outcome of ``kg validate``."""

    claims: int = 0
    triples: int = 0
    violations: list[Violation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not any(v.severity == "Violation" for v in self.violations)

    @property
    def exit_code(self) -> int:
        return EXIT_OK if self.conforms else EXIT_VIOLATIONS

    def to_text(self) -> str:
        lines = []
        for warning in self.warnings:
            lines.append(f"Warning: {warning}")
        for v in self.violations:
            where = f" {v.path}" if v.path else ""
            value = f" (value: {v.value})" if v.value else ""
            lines.append(f"{v.severity} [{v.check}] {v.focus}{where}: {v.message}{value}")
        verdict = (
            "conforms" if self.conforms else f"does NOT conform: {len(self.violations)} problem(s)"
        )
        lines.append(f"Checked {self.claims} claims in {self.triples} triples: the KG {verdict}.")
        return "\n".join(lines)

    def to_json(self) -> str:
        return json.dumps(
            {
                "conforms": self.conforms,
                "claims": self.claims,
                "triples": self.triples,
                "violations": [asdict(v) for v in self.violations],
                "warnings": self.warnings,
            },
            indent=2,
            ensure_ascii=False,
        )


def shacl_violations(data: Graph, shapes: Graph) -> list[Violation]:
    """Run pySHACL on ``data`` (ontology included, so sh:class sees subclasses)."""
    from pyshacl import validate as shacl_validate

    conforms, results, _text = shacl_validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    if conforms:
        return []
    sh = lambda name: URIRef(SH + name)  # noqa: E731
    found = []
    for result in results.subjects(RDF.type, sh("ValidationResult")):
        get = lambda name: results.value(result, sh(name))  # noqa: E731, B023
        severity = get("resultSeverity")
        found.append(
            Violation(
                check="shacl",
                focus=str(get("focusNode")),
                message=str(get("resultMessage") or "does not match its shape"),
                path=str(get("resultPath")) if get("resultPath") is not None else None,
                value=str(get("value")) if get("value") is not None else None,
                severity=str(severity).removeprefix(SH) if severity is not None else "Violation",
            )
        )
    return sorted(found, key=lambda v: (v.focus, v.path or "", v.message))


def _integer(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None  # SHACL reports offsets that are not integers


def span_problem(text: str | None, start: int, end: int, exact: str, sentence: str,
                 sentence_start: int | None) -> str | None:
    """What is wrong with one evidence span of an article's ``text``, or None if nothing."""
    if text is None:
        return "its article has no text in the KG (kg:text), so the span cannot be checked"
    if not (0 <= start <= len(text) and 0 <= end <= len(text)):
        return (f"text[{start}:{end}] lies outside the article text ({len(text)} characters); "
                f"the quote is {exact!r}")
    if text[start:end] != exact:
        return f"text[{start}:{end}] is {text[start:end]!r}, not the quoted {exact!r}"
    if exact not in sentence:
        return "the recorded sentence does not contain the quote"
    if sentence_start is not None and (
        text[sentence_start : sentence_start + len(sentence)] != sentence
    ):
        return "the recorded sentence is not at kg:sentenceStart"
    return None


def evidence_violations(data: Graph) -> list[Violation]:
    """Every evidence span must be exactly where it says in its article's text in the KG."""
    found = []
    texts: dict[object, str | None] = {}
    for claim, evidence in sorted(data.subject_objects(KG.evidence)):
        article = data.value(evidence, OA.hasSource)
        if article not in texts:
            stored = data.value(article, KG.text) if article is not None else None
            texts[article] = None if stored is None else str(stored)
        position = quote = None
        for selector in data.objects(evidence, OA.hasSelector):
            if (selector, RDF.type, OA.TextPositionSelector) in data:
                position = selector
            elif (selector, RDF.type, OA.TextQuoteSelector) in data:
                quote = selector
        if position is None or quote is None:
            continue  # SHACL reports missing selectors
        start = _integer(data.value(position, OA.start))
        end = _integer(data.value(position, OA.end))
        if start is None or end is None:
            continue
        problem = span_problem(
            texts[article],
            start,
            end,
            str(data.value(quote, OA.exact) or ""),
            str(data.value(evidence, KG.sentence) or ""),
            _integer(data.value(evidence, KG.sentenceStart)),
        )
        if problem is not None:
            found.append(Violation("evidence", str(claim), problem))
    return found


def validate_graph(data: Graph, shapes: Graph) -> ValidationReport:
    """Validate a union graph of the whole KG."""
    report = ValidationReport(claims=len(set(data.subjects(KG.evidence, None))), triples=len(data))
    report.violations = shacl_violations(data, shapes) + evidence_violations(data)
    return report


def validate_quads(quads: list[Quad], shapes: Graph) -> ValidationReport:
    """Validate the KG made of ``quads`` (see :meth:`kg.store.Store.quads`): the union of its
    graphs against ``shapes``.

    ``triples`` counts the quads (each triple once per graph), the number ``kg build`` and
    ``kg stats`` report for the same KG.
    """
    from kg.export import union_graph

    report = validate_graph(union_graph(quads), shapes)
    report.triples = len(quads)
    return report


def validate_store(store: Store, shapes: Graph) -> ValidationReport:
    """Validate the KG a store holds (see :func:`validate_quads`)."""
    return validate_quads(store.quads(), shapes)


def validate_project(project: Project, store_spec: str | None = None) -> ValidationReport:
    """Validate the project's built KG, read from ``store_spec``, against its shapes.

    ``store_spec`` is what :func:`kg.store.open_project_store` takes (``None``: ``out/kg.nq``
    in memory). A KG older than the seeds or ontology is validated as it is, with that
    warning in the report.
    """
    from kg.offline import parse_rdf
    from kg.store import open_project_store

    notices: list[str] = []
    with open_project_store(project, store_spec, notices.append) as store:
        quads = store.quads()  # the store is closed before pySHACL runs: one copy in memory
    shapes = parse_rdf(project.shapes_file, "turtle", max_bytes=MAX_ONTOLOGY_BYTES)
    report = validate_quads(quads, shapes)
    report.warnings = [notice.removeprefix("Warning: ") for notice in notices]
    return report
