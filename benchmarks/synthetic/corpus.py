"""Write a synthetic corpus: a project folder with registry, articles, ontology and queries."""

from __future__ import annotations

import json
import random
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KGError

from .article import KIND_WEIGHTS, write_article
from .world import build_world
from .yaml_out import registry_yaml

#: the repository this generator belongs to: its project is the default template
REPOSITORY = Path(__file__).resolve().parents[2]
#: written into every generated project; its presence lets ``overwrite`` replace it safely
MANIFEST = "corpus.json"
#: the generator's name in the manifest and file headers (from when it lived in ``kg/``;
#: kept so corpora stay byte-identical and earlier ones can be overwritten)
GENERATOR = "kg.synthetic"
MIN_ACTORS = 150


@dataclass(frozen=True)
class CorpusInfo:
    """What :func:`generate_corpus` wrote."""

    root: Path
    seed: int
    articles: int
    actors: int
    registry_entries: int
    claims: dict[str, int]

    @property
    def total_claims(self) -> int:
        return sum(self.claims.values())


def generate_corpus(
    out_dir: Path,
    n_articles: int,
    *,
    seed: int = 1,
    n_actors: int = 3000,
    overwrite: bool = False,
    template: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> CorpusInfo:
    """Write a synthetic project of ``n_articles`` annotated articles into ``out_dir``.

    ``template`` is the project whose ontology/, queries/ and registry entries are copied
    (default: this repository's project); its registry ids come first and are mentioned
    most. ``out_dir`` must be new or empty, or (with ``overwrite``) hold an earlier generated
    corpus. ``progress`` is called with the number of articles written so far.
    """
    if n_articles < 1:
        raise KGError("a corpus needs at least one article")
    if n_actors < MIN_ACTORS:
        raise KGError(f"{n_actors} actors are too few", hint=f"Ask for at least {MIN_ACTORS}.")
    out_dir = Path(out_dir)
    template = Path(template) if template is not None else REPOSITORY
    _prepare(out_dir, overwrite)
    world = build_world(
        random.Random(f"kg-synthetic:{seed}:registry:{n_actors}"), n_actors, template
    )
    seeds = out_dir / "seeds"
    seeds.mkdir(parents=True, exist_ok=True)
    (seeds / "registry.yaml").write_bytes(registry_yaml(world, seed, n_actors).encode("utf-8"))
    counts: Counter = Counter()
    for index in range(1, n_articles + 1):
        stem, text, annotation, kinds = write_article(world, seed, index)
        (seeds / f"{stem}.txt").write_bytes(text.encode("utf-8"))
        (seeds / f"{stem}.yaml").write_bytes(annotation.encode("utf-8"))
        counts.update(kinds)
        if progress is not None:
            progress(index)
    _copy_tree(template / "ontology", out_dir / "ontology")
    _copy_tree(template / "queries", out_dir / "queries")
    info = CorpusInfo(
        root=out_dir,
        seed=seed,
        articles=n_articles,
        actors=len(world.order["actor"]),
        registry_entries=len(world.ents),
        claims={k: counts[k] for k, _ in KIND_WEIGHTS},
    )
    _write_manifest(info)
    return info


def _write_manifest(info: CorpusInfo) -> None:
    manifest = {
        "generator": GENERATOR,
        "seed": info.seed,
        "articles": info.articles,
        "actors": info.actors,
        "registry_entries": info.registry_entries,
        "claims": info.claims,
    }
    (info.root / MANIFEST).write_bytes((json.dumps(manifest, indent=2) + "\n").encode("utf-8"))


def _prepare(out_dir: Path, overwrite: bool) -> None:
    """Make ``out_dir`` ready: new or empty, or an earlier corpus removed (``overwrite``)."""
    if out_dir.exists() and any(out_dir.iterdir()):
        manifest = out_dir / MANIFEST
        generated = False
        if manifest.is_file():
            try:
                generated = json.loads(manifest.read_text()).get("generator") == GENERATOR
            except (ValueError, AttributeError):
                generated = False
        if not generated:
            raise KGError(
                f"{out_dir} is not empty and was not written by the corpus generator",
                hint="Give a new or empty folder.",
            )
        if not overwrite:
            raise KGError(
                f"{out_dir} already holds a generated corpus",
                hint="Pass --overwrite to replace it, or give another folder.",
            )
        for sub in ("seeds", "ontology", "queries", "out"):
            if (out_dir / sub).exists():
                shutil.rmtree(out_dir / sub)
        manifest.unlink()
    out_dir.mkdir(parents=True, exist_ok=True)


def _copy_tree(src: Path, dst: Path) -> int:
    """Copy a folder's files (no dot-files or caches) in name order; returns the file count."""
    count = 0
    if not src.is_dir():
        return 0
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
            continue
        if path.is_file():
            (dst / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dst / rel)
            count += 1
    return count
