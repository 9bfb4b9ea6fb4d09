"""The benchmark's synthetic corpus generator (``benchmarks/synthetic``, importable as
``synthetic`` through pytest's ``pythonpath``): deterministic, loadable, realistic in its
mix, verbatim; and its command line, ``benchmarks/generate.py``.

Corpora are small (tens of articles, a few hundred actors) so the module runs in seconds.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from helpers import MAIN
from synthetic import MANIFEST, CorpusInfo, generate_corpus

from kg.annotate.annotations import Article
from kg.annotate.registry import ACTOR_TYPES
from kg.build import build, load_corpus
from kg.errors import KGError
from kg.project import Project

GENERATE = MAIN / "benchmarks" / "generate.py"

ACTORS = 300


def files_of(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def corpus20(tmp_path_factory: pytest.TempPathFactory) -> CorpusInfo:
    return generate_corpus(tmp_path_factory.mktemp("c20") / "corpus", 20, seed=3, n_actors=ACTORS)


@pytest.fixture(scope="module")
def corpus200(tmp_path_factory: pytest.TempPathFactory) -> tuple[CorpusInfo, list[Article]]:
    info = generate_corpus(tmp_path_factory.mktemp("c200") / "corpus", 200, seed=5)
    _registry, articles = load_corpus(Project(info.root))
    return info, articles


# --- determinism --------------------------------------------------------------------------


def test_same_seed_gives_byte_identical_files(tmp_path: Path, corpus20: CorpusInfo) -> None:
    again = generate_corpus(tmp_path / "again", 20, seed=3, n_actors=ACTORS)
    first, second = files_of(corpus20.root), files_of(again.root)
    assert sorted(first) == sorted(second)
    assert first == second
    assert sum(name.endswith(".txt") for name in first) == 20
    assert sum(name.endswith(".yaml") and name != "seeds/registry.yaml" for name in first) == 20


def test_another_seed_gives_other_articles(tmp_path: Path, corpus20: CorpusInfo) -> None:
    other = generate_corpus(tmp_path / "other", 20, seed=4, n_actors=ACTORS)

    def texts(info: CorpusInfo) -> set[bytes]:
        return {b for n, b in files_of(info.root).items() if n.endswith(".txt")}

    assert len(texts(other)) == 20
    assert not texts(other) & texts(corpus20)


def test_a_smaller_corpus_is_a_prefix_of_a_larger_one(tmp_path: Path, corpus20: CorpusInfo) -> None:
    small = generate_corpus(tmp_path / "small", 7, seed=3, n_actors=ACTORS)
    big = files_of(corpus20.root)
    for name, data in files_of(small.root).items():
        if name.startswith("seeds/") or name.startswith("ontology/") or name.startswith("queries/"):
            assert big[name] == data, name


# --- a real project -----------------------------------------------------------------------


def test_project_folder_is_complete(corpus20: CorpusInfo) -> None:
    root = corpus20.root
    for sub in ("ontology", "queries"):
        ours = sorted(
            p.name for p in (MAIN / sub).iterdir() if p.is_file() and not p.name.startswith(".")
        )
        assert sorted(p.name for p in (root / sub).iterdir() if p.is_file()) == ours
    assert (root / "ontology" / "kg.ttl").read_bytes() == (
        MAIN / "ontology" / "kg.ttl"
    ).read_bytes()
    assert (root / "seeds" / "registry.yaml").is_file()
    assert (root / MANIFEST).is_file()


def test_twenty_articles_build_and_validate(tmp_path: Path, corpus20: CorpusInfo) -> None:
    from kg.offline import parse_rdf
    from kg.store import open_store
    from kg.validate import validate_store

    project = Project(corpus20.root)
    summary = build(project, output=tmp_path / "kg.nq")
    assert summary.articles == 20
    assert dict(summary.claims) == {k: n for k, n in corpus20.claims.items() if n}
    assert summary.actors == ACTORS
    assert summary.warnings == []
    assert summary.graphs == 22
    text = (tmp_path / "kg.nq").read_text(encoding="utf-8")
    assert text.count("\n") == summary.triples
    with open_store(None, kg_file=tmp_path / "kg.nq") as store:
        report = validate_store(store, parse_rdf(project.shapes_file, "turtle"))
    assert report.violations == []
    assert report.claims == corpus20.total_claims
    assert report.triples == summary.triples


def test_about_a_hundred_triples_per_article(tmp_path: Path) -> None:
    info = generate_corpus(tmp_path / "c", 60, seed=1)
    out = tmp_path / "kg.nq"
    summary = build(Project(info.root), output=out)
    article_lines = sum(
        1
        for line in out.read_text(encoding="utf-8").splitlines()
        if "/graph/article/" in line.rsplit(" ", 2)[-2]
    )
    assert 85 <= article_lines / 60 <= 120, article_lines / 60
    assert summary.triples > article_lines


# --- the registry ---------------------------------------------------------------------------


def test_registry_has_every_kind_of_entry(corpus20: CorpusInfo) -> None:
    from kg.annotate.registry import load_registry

    registry = load_registry(corpus20.root / "seeds" / "registry.yaml")
    actors = registry.of_kind("actor")
    assert len(actors) == ACTORS == corpus20.actors
    assert len(registry.entities) == corpus20.registry_entries
    assert {a.type for a in actors} == set(ACTOR_TYPES)
    assert any(a.anonymous for a in actors)
    assert any(a.holds for a in actors if a.type == "person")
    assert any(a.speaks_for for a in actors if a.type == "government-body")
    nato_members = [a.id for a in actors if "nato" in a.member_of]
    assert {"united-states", "united-kingdom", "poland", "germany"} <= set(nato_members)
    assert registry.of_kind("office") and registry.of_kind("place")
    assert any(p.part_of for p in registry.of_kind("proposal"))
    assert any(o.capability and o.location and o.scope for o in registry.of_kind("outcome"))
    # the template project's own ids are kept, so its example queries find something
    assert {"donald-trump", "kremlin", "multinational-force"} <= set(registry.entities)


# --- the claims -----------------------------------------------------------------------------


def test_claim_kind_mix(corpus200: tuple[CorpusInfo, list[Article]]) -> None:
    info, articles = corpus200
    claims = [c for a in articles for c in a.claims]
    kinds = Counter(c.kind for c in claims)
    assert dict(kinds) == info.claims
    share = {k: n / len(claims) for k, n in kinds.items()}
    assert 0.30 <= share["commitment"] <= 0.40
    assert 0.18 <= share["stance"] <= 0.30
    assert 0.20 <= share["statement"] <= 0.33
    assert 0.08 <= share["event"] <= 0.20
    assert 2.8 <= len(claims) / len(articles) <= 3.8


def test_modality_sourcing_polarity_and_time_mix(
    corpus200: tuple[CorpusInfo, list[Article]],
) -> None:
    _info, articles = corpus200
    claims = [c for a in articles for c in a.claims]
    hedged = [c for c in claims if c.modality == "Hedged"]
    assert 0.2 <= len(hedged) / len(claims) <= 0.45
    assert all(c.cues for c in hedged)
    assert not [w for a in articles for w in a.warnings]  # no firm claim quotes a hedge word
    sourcing = Counter(c.sourcing for c in claims)
    assert set(sourcing) == {"NamedSource", "AnonymousSource", "ReporterVoice"}
    assert min(sourcing.values()) / len(claims) >= 0.1
    assert Counter(c.polarity for c in claims)["Negative"] >= 10
    assert sum(1 for c in claims if c.condition) >= 20
    assert sum(1 for c in claims if c.expressed_in) >= 5
    assert {c.action for c in claims if c.kind == "commitment"} == {
        "Offer",
        "Pledge",
        "Provide",
        "Direct",
        "Envisage",
        "RuleOut",
    }
    assert {c.status for c in claims if c.kind == "event"} == {"Held", "Planned", "Potential"}
    assert {c.date_basis for c in claims if c.date} == {
        "StatedDate",
        "PublicationDate",
        "AssumedPublicationDate",
    }
    published = [a.published for a in articles]
    assert min(published) >= dt.date(2024, 1, 1) and max(published) <= dt.date(2025, 12, 31)
    assert (max(published) - min(published)).days >= 600
    assert any(a.published_assumed and a.date_note for a in articles)


def test_quotes_are_verbatim(corpus20: CorpusInfo) -> None:
    checked = 0
    for annotation in sorted((corpus20.root / "seeds").glob("0*.yaml")):
        text = annotation.with_suffix(".txt").read_text(encoding="utf-8")
        data = yaml.safe_load(annotation.read_text(encoding="utf-8"))
        for claim in data["claims"]:
            assert claim["quote"] in text, (annotation.name, claim["id"])
            assert text.count(claim["quote"]) >= claim.get("occurrence", 1)
            for cue in (
                [claim["cue"]] if isinstance(claim.get("cue"), str) else claim.get("cue", [])
            ):
                assert cue.casefold() in claim["quote"].casefold()
            checked += 1
    assert checked == corpus20.total_claims


# --- refusing to clobber, and the CLI -------------------------------------------------------


def test_refuses_a_folder_it_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("keep me")
    with pytest.raises(KGError, match="is not empty and was not written by the corpus generator"):
        generate_corpus(tmp_path, 3, n_actors=ACTORS)
    assert (tmp_path / "mine.txt").read_text() == "keep me"


def test_overwrite_replaces_an_earlier_corpus(tmp_path: Path) -> None:
    generate_corpus(tmp_path / "c", 5, n_actors=ACTORS)
    with pytest.raises(KGError, match="already holds a generated corpus"):
        generate_corpus(tmp_path / "c", 3, n_actors=ACTORS)
    generate_corpus(tmp_path / "c", 3, n_actors=ACTORS, overwrite=True)
    assert len(list((tmp_path / "c" / "seeds").glob("*.txt"))) == 3


def test_too_few_actors_is_refused(tmp_path: Path) -> None:
    with pytest.raises(KGError, match="100 actors are too few"):
        generate_corpus(tmp_path / "c", 3, n_actors=100)


def test_generate_script(tmp_path: Path) -> None:
    """The README's command, run as a script from another folder: same files as the library."""
    args = [str(tmp_path / "c"), "--articles", "4", "--seed", "2", "--actors", "200"]
    done = subprocess.run(
        [sys.executable, str(GENERATE), *args], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    info = generate_corpus(tmp_path / "d", 4, seed=2, n_actors=200)
    kinds = ", ".join(f"{n} {k}s" for k, n in info.claims.items())
    assert done.stdout.splitlines() == [
        f"Wrote 4 articles to {tmp_path / 'c'}",
        f"  claims:   {info.total_claims} ({kinds})",
        f"  registry: 200 actors, {info.registry_entries} entries",
        f"Next: kg build --project {tmp_path / 'c'}",
    ]
    assert done.stderr == ""
    assert files_of(tmp_path / "c") == files_of(tmp_path / "d")


def test_generate_script_errors_are_one_message(tmp_path: Path) -> None:
    from generate import main

    (tmp_path / "mine.txt").write_text("keep me")
    result = CliRunner().invoke(main, [str(tmp_path), "--articles", "3", "--actors", "200"])
    assert result.exit_code == 2
    assert result.output == (
        f"Error: {tmp_path} is not empty and was not written by the corpus generator\n"
        "  Give a new or empty folder.\n"
    )
    result = CliRunner().invoke(main, [str(tmp_path / "c"), "--project", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {tmp_path} is not a kg project: it has no seeds/")
    assert not (tmp_path / "c").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.txt"]
