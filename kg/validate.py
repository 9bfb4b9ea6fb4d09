"""Check a KG: SHACL shapes (pySHACL) and evidence anchoring, returned as a report value.

Evidence anchoring re-reads every claim's span from the KG itself: the article text sliced
at ``oa:start``/``oa:end`` must equal ``oa:exact``, and the recorded sentence must sit at
``kg:sentenceStart`` and contain the quote. The CLI maps the report to exit codes:
0 conforms, 1 violations; errors that stop validation (annotations that do not load) raise
:class:`~kg.errors.KGError` (exit 2).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from rdflib import RDF, Graph, URIRef

from kg.errors import EXIT_OK, EXIT_VIOLATIONS
from kg.model.namespaces import KG, OA
from kg.project import MAX_ONTOLOGY_BYTES, Project

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


def evidence_violations(data: Graph) -> list[Violation]:
    """Every evidence span must be exactly where it says in its article's text."""
    found = []
    texts: dict[URIRef, str] = {}
    for claim, evidence in sorted(data.subject_objects(KG.evidence)):
        article = data.value(evidence, OA.hasSource)
        if article not in texts:
            texts[article] = str(data.value(article, KG.text) or "")
        text = texts[article]
        position = quote = None
        for selector in data.objects(evidence, OA.hasSelector):
            if (selector, RDF.type, OA.TextPositionSelector) in data:
                position = selector
            elif (selector, RDF.type, OA.TextQuoteSelector) in data:
                quote = selector
        if position is None or quote is None:
            continue  # SHACL reports missing selectors
        start = data.value(position, OA.start)
        end = data.value(position, OA.end)
        exact = str(data.value(quote, OA.exact) or "")
        sentence = str(data.value(evidence, KG.sentence) or "")
        sentence_start = data.value(evidence, KG.sentenceStart)
        try:
            s, e = int(start), int(end)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        if text[s:e] != exact:
            found.append(
                Violation(
                    "evidence",
                    str(claim),
                    f"text[{s}:{e}] is {text[s:e]!r}, not the quoted {exact!r}",
                )
            )
        elif exact not in sentence:
            found.append(
                Violation(
                    "evidence", str(claim), "the recorded sentence does not contain the quote"
                )
            )
        elif (
            sentence_start is not None
            and text[int(sentence_start) : int(sentence_start) + len(sentence)] != sentence
        ):
            found.append(
                Violation(
                    "evidence", str(claim), "the recorded sentence is not at kg:sentenceStart"
                )
            )
    return found


def validate_graph(data: Graph, shapes: Graph) -> ValidationReport:
    """Validate a union graph of the whole KG."""
    report = ValidationReport(claims=len(set(data.subjects(KG.evidence, None))), triples=len(data))
    report.violations = shacl_violations(data, shapes) + evidence_violations(data)
    return report


def validate_project(project: Project) -> ValidationReport:
    """Build the project's KG in memory from its sources and validate it."""
    from kg.build import dataset_quads, load_corpus
    from kg.offline import parse_rdf

    registry, articles = load_corpus(project)
    data = Graph()
    for s, p, o, _g in dataset_quads(project, registry, articles):
        data.add((s, p, o))
    shapes = parse_rdf(project.shapes_file, "turtle", max_bytes=MAX_ONTOLOGY_BYTES)
    report = validate_graph(data, shapes)
    report.warnings = [w for a in articles for w in a.warnings]
    return report
