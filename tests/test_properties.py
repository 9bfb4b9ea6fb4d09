"""Property-based tests (issue 7, item 6), with hypothesis.

1. Any annotation document, however mangled, either loads or fails with a documented
   :class:`~kg.errors.KGError` (in practice :class:`~kg.errors.AnnotationError`), never
   another exception; and whatever loads builds into N-Quads that parse back to the same
   quads.
2. Exporting a KG (with arbitrary text in its literals) as Turtle, TriG, N-Quads or JSON-LD
   and importing it again gives an isomorphic dataset: every named graph isomorphic to the
   original (for Turtle, which has no named graphs, the merge of all graphs).

Documents are built from the seed registry's ids and the seed article's text, then
mutated: keys dropped, values replaced by wrong types, None, unicode, huge or odd numbers,
impossible dates, YAML 1.1 oddities (``yes``, ``0x1F``, ``.nan``), ids with typos.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.annotate.annotations import ACTIONS, EVENT_STATUSES, KINDS, STANCES, Article, load_article
from kg.annotate.registry import CAPABILITIES, Registry, load_registry
from kg.build import build, nquads
from kg.build.quads import article_quads
from kg.errors import KGError
from kg.export import FORMATS, export_dataset
from kg.offline import parse_rdf
from kg.project import Project

pytestmark = pytest.mark.timeout(120)

HERE = Path(__file__).parent
SEEDS = HERE.parent / "seeds"
SEED_ID = "000_3622f00dcd344a76"
SEED_TEXT = (SEEDS / f"{SEED_ID}.txt").read_text(encoding="utf-8")
REGISTRY = load_registry(SEEDS / "registry.yaml")

#: Modest and reproducible: the same examples on every run, no shrinking (a failure is shown as
#: found; shrinking file-writing examples takes minutes), no example database in the tree.
SETTINGS = settings(
    max_examples=int(os.environ.get("KG_HYPOTHESIS_EXAMPLES", "50")),
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def ids(kind: str) -> list[str]:
    return sorted(e.id for e in REGISTRY.of_kind(kind))


ACTORS = ids("actor")
TARGETS = ACTORS + ids("proposal") + ids("outcome")
PLACES = ids("place")


# --- YAML output with plain (unquoted) scalars where we want YAML to resolve them ---------------


class Raw(str):
    """Text written into the YAML unquoted, so YAML resolves it (2025-02-30, 0x1F, yes, ~)."""


class _Dumper(yaml.SafeDumper):
    pass


def _represent_raw(dumper: yaml.SafeDumper, value: Raw) -> yaml.ScalarNode:
    tag = dumper.resolve(yaml.ScalarNode, str(value), (True, False))
    return dumper.represent_scalar(tag, str(value))


_Dumper.add_representer(Raw, _represent_raw)


def dump(document: Any) -> str:
    return yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=80)


# --- strategies --------------------------------------------------------------------------------

RAW_SCALARS = [
    "2025-02-30",
    "2025-13-01",
    "2025-00-10",
    "2025-8-20",
    "20250820",
    "9" * 5000,
    "-" + "9" * 5000,
    "0x1F",
    "0o17",
    "1_000",
    "+.inf",
    "-.inf",
    ".nan",
    "~",
    "null",
    "yes",
    "no",
    "on",
    "off",
    "1e999",
    "2025-08-20 25:61:00",
    "2001-12-14t21:59:43.10-05:00",
]

odd_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30) | st.sampled_from(
    ["", " ", "\t", "\n", "é", "\u2028", "\x85", '"""', "\\", "'", "#", ": ", "- x"]
)

nasty = st.deferred(
    lambda: (
        st.none()
        | st.booleans()
        | st.integers(min_value=-(2**70), max_value=2**70)
        | st.floats(allow_nan=True, allow_infinity=True)
        | odd_text
        | st.dates()
        | st.datetimes()
        | st.binary(max_size=8)
        | st.sampled_from([Raw(s) for s in RAW_SCALARS])
        | st.sampled_from(ACTORS + TARGETS + PLACES + list(CAPABILITIES) + list(KINDS))
        | st.lists(nasty, max_size=3)
        | st.dictionaries(
            st.sampled_from(["id", "kind", "x", "quote"]) | odd_text, nasty, max_size=3
        )
    )
)


@st.composite
def quotes(draw: st.DrawFn) -> str:
    """A verbatim passage of the seed article (most of the time), else something near it."""
    start = draw(st.integers(0, len(SEED_TEXT) - 2))
    length = draw(st.integers(1, 120))
    quote = SEED_TEXT[start : start + length]
    if not quote.strip():
        quote = "Kremlin"
    if draw(st.integers(0, 9)) == 0:
        quote = quote.replace("e", "é", 1) + draw(odd_text)
    return quote


@st.composite
def claims(draw: st.DrawFn, index: int) -> dict[str, Any]:
    kind = draw(st.sampled_from(KINDS))
    claim: dict[str, Any] = {
        "id": f"c{index}",
        "kind": kind,
        "summary": draw(st.text(min_size=1, max_size=40).filter(str.strip)),
        "quote": draw(quotes()),
        "source": draw(st.sampled_from(ACTORS)),
        "modality": "firm",
    }
    if kind == "commitment":
        claim |= {
            "actor": draw(st.sampled_from(ACTORS)),
            "action": draw(st.sampled_from(list(ACTIONS))),
        }
    elif kind == "stance":
        claim |= {
            "actor": draw(st.sampled_from(ACTORS)),
            "stance": draw(st.sampled_from(list(STANCES))),
            "target": draw(st.sampled_from(TARGETS)),
        }
    elif kind == "statement":
        claim["actor"] = draw(st.sampled_from(ACTORS))
    else:
        claim |= {
            "status": draw(st.sampled_from(list(EVENT_STATUSES))),
            "participants": draw(st.lists(st.sampled_from(ACTORS), max_size=3)),
        }
    if draw(st.booleans()):
        claim["capability"] = draw(st.lists(st.sampled_from(list(CAPABILITIES)), max_size=2))
    if draw(st.booleans()):
        claim |= {
            "date": draw(st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1))),
            "date_basis": "stated",
        }
    return claim


KEYS = [
    "id",
    "kind",
    "summary",
    "quote",
    "source",
    "modality",
    "actor",
    "action",
    "stance",
    "target",
    "participants",
    "status",
    "cue",
    "polarity",
    "date",
    "date_basis",
    "when",
    "condition",
    "capability",
    "quantity",
    "location",
    "beneficiary",
    "expressed_in",
    "occurrence",
    "proposal_status",
    "channel",
    "unknown_key",
]


@st.composite
def mutated(draw: st.DrawFn, mapping: dict[str, Any], keys: list[str]) -> Any:
    """``mapping`` with a few keys dropped or set to nasty values; sometimes not a mapping."""
    if draw(st.integers(0, 19)) == 0:
        return draw(nasty)
    result = dict(mapping)
    for _ in range(draw(st.integers(0, 3))):
        key = draw(st.sampled_from(keys))
        if draw(st.booleans()):
            result.pop(key, None)
        else:
            result[key] = draw(nasty)
    return result


@st.composite
def documents(draw: st.DrawFn) -> Any:
    """An annotation document for the seed article, valid or mangled."""
    article = {"title": "T", "publisher": "24brussels", "published": dt.date(2025, 8, 20)}
    article = draw(
        mutated(
            article,
            [
                "title",
                "publisher",
                "published",
                "published_assumed",
                "date_note",
                "url",
                "language",
                "x",
            ],
        )
    )
    n = draw(st.integers(0, 4))
    items = [draw(mutated(draw(claims(i)), KEYS)) for i in range(n)]
    if n >= 2 and draw(st.booleans()):
        items[1] = dict(items[1]) if isinstance(items[1], dict) else items[1]
        if isinstance(items[1], dict) and isinstance(items[0], dict):
            items[1]["id"] = items[0].get("id")  # a duplicate id
    document: Any = {"article": article, "claims": items}
    choice = draw(st.integers(0, 29))
    if choice == 0:
        document = draw(nasty)
    elif choice == 1:
        document["extra"] = draw(nasty)
    elif choice == 2:
        document["claims"] = draw(nasty)
    return document


# --- 1. loading never fails with anything but a documented error ------------------------------


@pytest.fixture(scope="module")
def article_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("props")
    shutil.copy(SEEDS / f"{SEED_ID}.txt", folder / "a.txt")
    return folder


def quads_round_trip(registry: Registry, article: Article) -> None:
    lines = {nquads.line(*q) for q in article_quads(registry, article)}
    text = nquads.canonical(lines)
    reparsed = parse_rdf(text, "nquads")
    assert {nquads.line(*q) for q in reparsed.quads()} == lines  # type: ignore[union-attr]


def _seed_document(**changes: Any) -> dict[str, Any]:
    """A valid one-claim document with ``changes`` applied to its claim (or, with an
    ``article_`` prefix, to its article mapping)."""
    article: dict[str, Any] = {
        "title": "T",
        "publisher": "24brussels",
        "published": dt.date(2025, 8, 20),
    }
    claim: dict[str, Any] = {
        "id": "c1",
        "kind": "commitment",
        "summary": "s",
        "quote": "Kremlin",
        "source": "kremlin",
        "modality": "firm",
        "actor": "kremlin",
        "action": "offer",
    }
    for key, value in changes.items():
        if key.startswith("article_"):
            article[key.removeprefix("article_")] = value
        else:
            claim[key] = value
    return {"article": article, "claims": [claim]}


@SETTINGS
@example(document=_seed_document(modality=["firm"]))
@example(document=_seed_document(action={"offer": 1}))
@example(document=_seed_document(capability=[["troops"]]))
@example(document=_seed_document(expressed_in=["c1"]))
@example(document=_seed_document(quantity=Raw("9" * 5000)))
@example(document=_seed_document(article_published=Raw("2025-02-30")))
@example(document=_seed_document(date=Raw("2025-13-01"), date_basis="stated"))
@given(document=documents())
def test_any_document_loads_or_fails_with_a_documented_error(
    document: Any, article_dir: Path
) -> None:
    annotation = article_dir / "a.yaml"
    annotation.write_text(dump(document), encoding="utf-8")
    try:
        article = load_article(article_dir / "a.txt", REGISTRY)
    except KGError as error:
        assert str(error).startswith(f"{annotation}"), str(error)
        return
    quads_round_trip(REGISTRY, article)


@SETTINGS
@given(text=st.text(min_size=1, max_size=300), data=st.data())
def test_raw_yaml_text_loads_or_fails_with_a_documented_error(
    text: str, data: st.DataObject, article_dir: Path
) -> None:
    """Arbitrary text (not only what a YAML dumper writes) spliced into a valid file."""
    base = dump(
        {
            "article": {"title": "T", "publisher": "24brussels", "published": dt.date(2025, 8, 20)},
            "claims": [data.draw(claims(0))],
        }
    )
    at = data.draw(st.integers(0, len(base)))
    (article_dir / "a.yaml").write_text(base[:at] + text + base[at:], encoding="utf-8")
    try:
        article = load_article(article_dir / "a.txt", REGISTRY)
    except KGError:
        return
    quads_round_trip(REGISTRY, article)


def test_a_valid_document_does_load(article_dir: Path) -> None:
    """Guard: the strategies' unmutated documents are loadable, so the tests above load some."""
    claim = {
        "id": "c0",
        "kind": "stance",
        "summary": "s",
        "quote": "Kremlin",
        "source": "kremlin",
        "modality": "firm",
        "actor": "kremlin",
        "stance": "rejects",
        "target": "nato-troops-in-ukraine",
        "date": dt.date(2025, 8, 19),
        "date_basis": "stated",
    }
    document = {
        "article": {"title": "T", "publisher": "24brussels", "published": dt.date(2025, 8, 20)},
        "claims": [claim],
    }
    (article_dir / "a.yaml").write_text(dump(document), encoding="utf-8")
    article = load_article(article_dir / "a.txt", REGISTRY)
    assert [(c.id, c.stance, c.target, c.date) for c in article.claims] == [
        ("c0", "Rejects", "nato-troops-in-ukraine", dt.date(2025, 8, 19))
    ]


# --- 2. export then re-import is isomorphic, in every format -------------------------------------

TINY_ONTOLOGY = """\
@prefix kg: <https://w3id.org/newskg/ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
kg:Actor rdfs:label "Actor"@en , "Akteur"@de ; kg:n 1 , 2.5 , 1.0e3 , true ;
    kg:d "2025-08-20"^^xsd:date .
"""

literal_text = (
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60)
    | st.sampled_from(
        [
            '"',
            '""',
            '"""',
            'x"',
            "\\",
            "\\n",
            "a\nb",
            "a\r\nb",
            "\u2028\u2029",
            "\x85",
            "\x00",
            "\x0c",
            "@prefix x: <y> .",
            "} GRAPH <x> {",
            "<http://x>",
            "kg:Actor",
            "_:b0",
            "\ufeffBOM",
            "'''",
            'ends with quote"',
        ]
    )
).filter(lambda t: t.removeprefix("\ufeff").strip())  # an article must not be empty


def write_project(root: Path, text: str, summaries: list[str], title: str) -> Project:
    (root / "seeds").mkdir(parents=True)
    (root / "ontology").mkdir()
    (root / "ontology" / "kg.ttl").write_text(TINY_ONTOLOGY, encoding="utf-8")
    shutil.copy(SEEDS / "registry.yaml", root / "seeds" / "registry.yaml")
    (root / "seeds" / "a.txt").write_bytes(text.encode("utf-8"))
    quote = text.removeprefix("\ufeff").strip()[:40]  # as the reader will see the text
    claim_list = [
        {
            "id": f"c{i}",
            "kind": "statement",
            "summary": s,
            "quote": quote,
            "actor": "kremlin",
            "source": "kremlin",
            "modality": "firm",
        }
        for i, s in enumerate(summaries)
    ]
    document = {
        "article": {"title": title, "publisher": "24brussels", "published": dt.date(2025, 8, 20)},
        "claims": claim_list,
    }
    (root / "seeds" / "a.yaml").write_text(dump(document), encoding="utf-8")
    return Project(root)


def graphs(dataset: Dataset) -> dict[str, Graph]:
    return {str(g.identifier): g for g in dataset.graphs() if len(g)}


def merged(dataset: Dataset) -> Graph:
    union = Graph()
    for s, p, o, _g in dataset.quads():
        union.add((s, p, o))
    return union


def assert_round_trips(project: Project) -> None:
    original = parse_rdf(project.kg_file, "nquads")
    before = graphs(original)  # type: ignore[arg-type]
    assert len(before) == 3
    for fmt, parser in FORMATS.items():
        text = export_dataset(project, fmt)
        again = parse_rdf(text, parser)
        if fmt == "ttl":
            assert isomorphic(merged(original), again), fmt  # type: ignore[arg-type]
            continue
        after = graphs(again)  # type: ignore[arg-type]
        assert sorted(after) == sorted(before), fmt
        for name, graph in before.items():
            assert isomorphic(graph, after[name]), (fmt, name)


def test_seed_kg_round_trips_in_every_format(tmp_path: Path) -> None:
    root = tmp_path / "seed"
    (root / "seeds").mkdir(parents=True)
    shutil.copytree(HERE.parent / "ontology", root / "ontology")
    for name in ("registry.yaml", f"{SEED_ID}.txt", f"{SEED_ID}.yaml"):
        shutil.copy(SEEDS / name, root / "seeds" / name)
    project = Project(root)
    build(project)
    assert_round_trips(project)


@settings(SETTINGS, max_examples=max(SETTINGS.max_examples // 2, 1))
@given(
    text=literal_text, summaries=st.lists(literal_text, min_size=1, max_size=3), title=literal_text
)
def test_export_reimport_is_isomorphic_whatever_the_text(
    text: str, summaries: list[str], title: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    project = write_project(tmp_path_factory.mktemp("rt"), text, summaries, title)
    build(project)
    assert_round_trips(project)
