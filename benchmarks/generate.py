"""Write a synthetic corpus for the benchmark: ``python benchmarks/generate.py DIR -n 1000``.

The folder is a complete kg project (build it with ``kg build --project DIR``); see
:mod:`synthetic` for what it holds. Run from anywhere with the interpreter kg is installed
in; the template project defaults to this repository.
"""

from __future__ import annotations

from pathlib import Path

import click
from synthetic import MIN_ACTORS, REPOSITORY, generate_corpus

from kg.errors import KGError


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--project",
    "project_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="KG_PROJECT",
    help="Template project whose ontology/, queries/ and registry entries are copied "
    "(default: this repository).",
)
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--articles",
    "-n",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    help="How many articles to write (about 100 triples each).",
)
@click.option(
    "--seed",
    type=int,
    default=1,
    show_default=True,
    help="Random seed: the same seed writes byte-identical files.",
)
@click.option(
    "--actors",
    type=click.IntRange(min=MIN_ACTORS),
    default=3000,
    show_default=True,
    help="Actors in the generated registry.",
)
@click.option("--overwrite", is_flag=True, help="Replace a corpus generated in DIRECTORY before.")
def main(
    project_dir: Path | None,
    directory: Path,
    articles: int,
    seed: int,
    actors: int,
    overwrite: bool,
) -> None:
    """Write a synthetic project of annotated articles into DIRECTORY.

    The folder is a complete project (seeds/, ontology/ and queries/ copied from --project):
    build it with `kg build --project DIRECTORY`.
    """
    from kg.project import find_project

    try:
        template = find_project(project_dir).root if project_dir is not None else REPOSITORY
        info = generate_corpus(
            directory, articles, seed=seed, n_actors=actors, overwrite=overwrite, template=template
        )
    except KGError as exc:
        error = click.ClickException(str(exc))
        error.exit_code = exc.exit_code
        raise error from exc
    kinds = ", ".join(f"{n} {k}s" for k, n in info.claims.items())
    click.echo(f"Wrote {info.articles} articles to {directory}")
    click.echo(f"  claims:   {info.total_claims} ({kinds})")
    click.echo(f"  registry: {info.actors} actors, {info.registry_entries} entries")
    click.echo(f"Next: kg build --project {directory}")


if __name__ == "__main__":
    main()
