"""The ``kg`` command line: each command parses options, calls one library function and
formats the result. Library errors (:class:`kg.errors.KGError`) are printed as one clear
message with their exit code; ``kg --debug`` shows the traceback instead.

Heavy libraries (rdflib, pyoxigraph, networkx, pyvis) are imported inside the commands so
``kg --help`` stays fast.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from kg.errors import EXIT_ERROR, KGError


class KGGroup(click.Group):
    """A click group that turns expected errors into one message and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KGError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:  # a bug in kg, not the user's fault: keep exit codes honest
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(
                f"Error: unexpected failure ({type(exc).__name__}: {exc}). This is a bug in "
                "kg; rerun with --debug for the traceback and report it.",
                err=True,
            )
            ctx.exit(EXIT_ERROR)


def shown(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def project_option(func: Callable) -> Callable:
    """``--project DIR``: run against another corpus laid out like this one."""

    @click.option(
        "--project",
        "project_dir",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="KG_PROJECT",
        help="Project folder, one with seeds/ (default: $KG_PROJECT, else the nearest folder "
        "at or above the current one that has seeds/).",
    )
    @functools.wraps(func)
    def wrapper(*args: Any, project_dir: Path | None, **kwargs: Any) -> Any:
        from kg.project import find_project

        return func(*args, project=find_project(project_dir), **kwargs)

    return wrapper


def store_options(func: Callable) -> Callable:
    """``--store DIR`` / ``--endpoint URL``: where the KG is read from."""

    @click.option(
        "--store",
        "store_dir",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="KG_STORE",
        help="Read a persistent Oxigraph store written by `kg build --store DIR` "
        "(default: $KG_STORE).",
    )
    @click.option(
        "--endpoint",
        envvar="KG_ENDPOINT",
        help="Query a remote SPARQL 1.1 endpoint instead (URL; default: $KG_ENDPOINT).",
    )
    @click.option(
        "--engine",
        type=click.Choice(["oxigraph", "rdflib"]),
        default="oxigraph",
        show_default=True,
        help="Embedded engine for the in-memory store.",
    )
    @functools.wraps(func)
    def wrapper(
        *args: Any, store_dir: Path | None, endpoint: str | None, engine: str, **kwargs: Any
    ) -> Any:
        if store_dir is not None and endpoint is not None:
            from click.core import ParameterSource

            ctx = click.get_current_context()
            from_env = {
                name
                for name in ("store_dir", "endpoint")
                if ctx.get_parameter_source(name) is ParameterSource.ENVIRONMENT
            }
            if from_env == {"store_dir"}:
                store_dir = None  # --endpoint on the command line beats $KG_STORE
            elif from_env == {"endpoint"}:
                endpoint = None  # and --store beats $KG_ENDPOINT
            elif from_env:
                raise click.UsageError("KG_STORE and KG_ENDPOINT are both set; unset one")
            else:
                raise click.UsageError("give --store or --endpoint, not both")
        spec = endpoint or (
            str(store_dir)
            if store_dir is not None
            else ("rdflib" if engine == "rdflib" else "memory")
        )
        return func(*args, store_spec=spec, **kwargs)

    return wrapper


@click.group(cls=KGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.version_option(package_name="kg")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """kg — who committed to what, who opposes what, and who said so.

    Build a knowledge graph from annotated news articles, ask it questions in SPARQL,
    and draw it. Every fact is traced to the sentence it came from.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


# --- building ------------------------------------------------------------------------


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Create an empty project in DIRECTORY: seeds/ with an empty actor registry.

    The ontology and the query catalogue are kg's own until the project has an ontology/
    folder, or a queries/NAME.rq that replaces or adds a query.
    """
    from kg.annotate.scaffold import init_project

    project = init_project(directory)
    click.echo(f"Created the kg project {shown(project.root)}")
    click.echo("  seeds/registry.yaml  the actor registry, empty")
    click.echo("  ontology, queries    kg's own (add ontology/ or queries/NAME.rq to override)")
    click.echo("Next: add actors to seeds/registry.yaml, then `kg new ARTICLE.txt` in the project.")


@main.command()
@project_option
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the KG (default: out/kg.nq in the project).",
)
@click.option(
    "--store",
    "store_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="KG_STORE",
    help="Also write a persistent Oxigraph store to this folder (default: $KG_STORE).",
)
def build(project: Any, output: Path | None, store_dir: Path | None) -> None:
    """Build the KG from seeds/ (articles + annotations + registry) and the ontology.

    Writes canonical N-Quads (one named graph per article, plus reference and ontology
    graphs), atomically: a failed build leaves the previous KG untouched.
    """
    from kg.build import build as run_build

    texts = project.article_texts()
    if len(texts) > 20 and sys.stderr.isatty():
        with click.progressbar(length=len(texts), label="Reading articles", file=sys.stderr) as bar:
            summary = run_build(
                project, output=output, store_dir=store_dir, progress=lambda _path: bar.update(1)
            )
    else:
        summary = run_build(project, output=output, store_dir=store_dir)
    for warning in summary.warnings:
        click.echo(f"Warning: {warning}", err=True)
    kinds = ", ".join(
        f"{summary.claims[k]} {k}s" for k in ("commitment", "stance", "statement", "event")
    )
    click.echo(f"Built {shown(summary.kg_file)}")
    click.echo(f"  articles: {summary.articles}")
    click.echo(f"  claims:   {sum(summary.claims.values())} ({kinds})")
    click.echo(f"  actors:   {summary.actors}")
    click.echo(f"  triples:  {summary.triples} in {summary.graphs} named graphs")
    if summary.store is not None:
        click.echo(f"  store:    {shown(summary.store)}")


@main.command()
@project_option
@store_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Report format.",
)
def validate(project: Any, store_spec: str, fmt: str) -> None:
    """Check the built KG that queries read (out/kg.nq, or --store / --endpoint): SHACL
    shapes (pySHACL) and every evidence span against the article text stored in the KG.

    Exit codes: 0 conforms, 1 violations found, 2 error (e.g. no KG built yet).
    """
    from kg.validate import validate_project

    report = validate_project(project, store_spec)
    click.echo(report.to_json() if fmt == "json" else report.to_text())
    sys.exit(report.exit_code)


@main.command()
@project_option
@store_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ttl", "trig", "nquads", "jsonld"]),
    default="trig",
    show_default=True,
    help="RDF format.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (default: standard output).",
)
def export(project: Any, store_spec: str, fmt: str, output: Path | None) -> None:
    """Export the KG as Turtle (all graphs merged), TriG, N-Quads or JSON-LD.

    Reads out/kg.nq, or the --store / --endpoint; N-Quads come out canonical (sorted).
    """
    from kg.export import export_dataset

    text = export_dataset(project, fmt, store_spec, notify=lambda m: click.echo(m, err=True))
    if output is None:
        click.echo(text, nl=False)
    else:
        from kg.files import write_atomic

        write_atomic(output, text)
        click.echo(f"Wrote {shown(output)}", err=True)


@main.command()
@project_option
@store_options
def stats(project: Any, store_spec: str) -> None:
    """Counts: articles, claims by kind, modality and sourcing, actors by type, triples.

    Reads out/kg.nq, or the --store / --endpoint.
    """
    from kg.export import kg_stats

    counts = kg_stats(project, store_spec, notify=lambda m: click.echo(m, err=True))
    for section, rows in counts.items():
        click.echo(f"{section}:")
        width = max((len(k) for k in rows), default=0)
        for key, value in rows.items():
            click.echo(f"  {key.ljust(width)}  {value}")


@main.command()
@project_option
@click.argument("article", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name", help="File name stem in seeds/ (default: the article's own).")
def new(project: Any, article: Path, name: str | None) -> None:
    """Add an article: copy its text into seeds/ and scaffold its annotation file."""
    from kg.annotate.scaffold import add_article

    result = add_article(project, article, name=name)
    click.echo(f"Copied {shown(result.text_path)}")
    click.echo(f"Wrote  {shown(result.annotation_path)}")
    if result.actors:
        click.echo("Actors of the registry this text mentions: " + ", ".join(result.actors))
    click.echo("Next: add claims to the .yaml (docs/authoring.md), then `kg build && kg validate`.")


# --- queries -------------------------------------------------------------------------


def output_options(func: Callable) -> Callable:
    """``--format table|csv|json|markdown``: how a command prints its rows."""

    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "csv", "json", "markdown"]),
        default="table",
        show_default=True,
        help="table: readable, labels instead of IRIs, long values shortened; "
        "csv, json (SPARQL 1.1 results JSON): full values; markdown: pipe table.",
    )
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


@main.command()
@project_option
@output_options
@click.argument("name", required=False)
def queries(project: Any, fmt: str, name: str | None) -> None:
    """List the named queries: name, title, parameters. With NAME, show that one in full."""
    from kg.query.catalogue import catalogue_result, describe_query
    from kg.query.formatting import render, terminal_width

    if name is not None:
        click.echo(describe_query(project, name), nl=False)
    else:
        click.echo(render(catalogue_result(project), fmt, width=terminal_width()), nl=False)


@main.command()
@project_option
@store_options
@output_options
@click.argument("name", required=False)
@click.option(
    "--file",
    "query_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Run your own SPARQL query from a .rq file.",
)
@click.option("--sparql", help="Run this SPARQL query text.")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="A query parameter, repeatable: --param actor=Trump. In your own query "
    "without a header, <IRI> binds an IRI and anything else a string.",
)
@click.option(
    "--allow-remote",
    is_flag=True,
    help="Let your own query use SERVICE or FROM (refused otherwise).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=30.0,
    show_default=True,
    help="Stop the query after this many seconds.",
)
def query(
    project: Any,
    store_spec: str,
    fmt: str,
    name: str | None,
    query_file: Path | None,
    sparql: str | None,
    params: tuple[str, ...],
    allow_remote: bool,
    timeout: float,
) -> None:
    """Ask the KG a question: a named query (see `kg queries`) or your own SPARQL.

    Read-only. ASK prints true or false and exits 0 (true) or 1 (false); CONSTRUCT and
    DESCRIBE print Turtle. Errors (bad SPARQL, unknown names, unsafe queries) exit 2.
    """
    from kg.query.formatting import render, terminal_width
    from kg.query.run import run_cli

    run = run_cli(
        project,
        name=name,
        file=query_file,
        sparql=sparql,
        param_pairs=params,
        store_spec=store_spec,
        timeout=timeout,
        allow_remote=allow_remote,
        labels=fmt in ("table", "markdown"),
    )
    click.echo(render(run.result, fmt, labels=run.labels, width=terminal_width()), nl=False)
    if run.result.form == "ASK":
        sys.exit(0 if run.result.boolean else 1)


# --- drawing -------------------------------------------------------------------------


@main.command()
@project_option
@store_options
@click.argument(
    "view", type=click.Choice(["actors", "proposal", "actor", "claims"]), default="actors"
)
@click.argument("name", required=False)
@click.option(
    "--depth",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="actor view: how many steps out from the actor.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    help="Draw at most this many nodes "
    "(claims view: claims), the best connected; 0 draws all.  [default: 60]",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "png", "svg", "graphml", "gexf"]),
    default="html",
    show_default=True,
    help="Interactive offline page, picture, or graph file for Gephi/Cytoscape.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write (default: out/VIEW[_NAME].FORMAT in the project).",
)
@click.option(
    "--seed",
    type=int,
    default=7,
    show_default=True,
    help="Layout seed: the same KG and seed give the same picture.",
)
def viz(
    project: Any,
    store_spec: str,
    view: str,
    name: str | None,
    depth: int,
    limit: int | None,
    fmt: str,
    output: Path | None,
    seed: int,
) -> None:
    """Draw the KG: actors (who stands where), proposal NAME, actor NAME, or claims.

    Writes one HTML page that works offline: hover or click an edge or node for the
    quotes behind it, with attribution, modality and offsets; dashed edges rest only on
    hedged, anonymous or conditional claims. NAME is an id, label or surface form.
    """
    from kg.views.graphs import open_kg_store, output_path, render_view, save, to_networkx

    with open_kg_store(project, store_spec, notify=lambda m: click.echo(m, err=True)) as store:
        G = to_networkx(store, view, name=name, depth=depth, limit=limit)
    path = save(output or output_path(project, G, fmt), render_view(G, fmt, seed=seed))
    click.echo(f"Wrote {shown(path)}")
    click.echo(G.graph["note"])


@main.command()
@project_option
@click.argument("url")
@click.option("--add", is_flag=True, help="Add to the server's graphs instead of replacing them.")
@click.option(
    "--timeout",
    type=float,
    default=60.0,
    show_default=True,
    help="Seconds to wait for each request.",
)
def push(project: Any, url: str, add: bool, timeout: float) -> None:
    """Load the KG into a SPARQL server by the Graph Store Protocol (one request per graph).

    URL is the server's Graph Store endpoint, e.g. http://127.0.0.1:7878/store for Oxigraph.
    Each article's named graph replaces the server's graph of the same name (--add to merge
    instead); the default graph gets the union, so queries see what they see locally.
    """
    from kg.store import push as push_dataset

    counts = push_dataset(
        url,
        project.built_kg(notify=lambda m: click.echo(m, err=True)),
        replace=not add,
        timeout=timeout,
    )
    graphs = [g for g in counts if g != "default"]
    click.echo(
        f"Pushed {len(graphs)} named graphs ({sum(counts[g] for g in graphs)} triples) to {url}"
    )


if __name__ == "__main__":  # pragma: no cover
    main()
