"""Benchmark kg on synthetic corpora: build, memory, open, catalogue queries, viz, start-up.

Usage (from the project folder)::

    .venv/bin/python benchmarks/run.py --sizes 1000 10000

For each size it generates a corpus (``benchmarks/generate.py``), builds it (``kg build``, and
``kg build --store``), and measures, each phase in its own process (wall time, CPU time
and peak RSS from ``wait4``):

* build time and throughput (articles/s, triples/s), peak memory;
* loading the KG in memory: kg's store, rdflib's ``Dataset`` and raw pyoxigraph;
* cold open of the persisted store: a fresh process opens it and answers one query;
* every catalogue query (``queries/*.rq`` with its example parameters), median of
  ``--repeat`` runs: through kg's API, through raw pyoxigraph running the same SPARQL with the
  same bindings on the same data, through rdflib's memory store (capped at
  ``--rdflib-timeout`` s per run), and through the CLI end to end (a new process each run);
* the view queries behind ``kg viz`` and ``kg viz`` itself; ``kg --help`` start-up.

Every figure is set against the same work done by plain rdflib and by raw pyoxigraph in the
same run. The targets of issue 6 are checked on the largest size and each is stated as met
or MISSED. Results go to ``benchmarks/results/`` as Markdown and JSON; the Markdown is also
printed. The machine is described (cores, memory, load average before and after), since
on a shared machine wall times move with the load: CPU times are given beside them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
PY = sys.executable
SPARQL_VIEWS = ROOT / "kg" / "sparql"
GENERATE = Path(__file__).resolve().parent / "generate.py"

#: issue 6's targets, checked on the largest corpus with the embedded Oxigraph backend
TARGET_BUILD_S = 30.0
TARGET_PEAK_MB = 1024.0
TARGET_QUERY_MS = 200.0
TARGET_OVERHEAD = 1.5
TARGET_SPEEDUP = 10.0
TARGET_HELP_S = 0.3


# =============================================================================================
# Running a phase in its own process
# =============================================================================================


@dataclass
class Run:
    """One measured child process."""

    cmd: list[str]
    wall: float
    cpu: float
    maxrss_mb: float
    returncode: int
    stdout: str
    stderr: str
    timed_out: bool = False

    def json(self) -> Any:
        """The JSON object on the last line of stdout (workers print one)."""
        for line in reversed(self.stdout.strip().splitlines()):
            if line.startswith("{"):
                return json.loads(line)
        raise RuntimeError(f"no JSON from {' '.join(self.cmd)}:\n{self.stdout}\n{self.stderr}")

    def check(self) -> Run:
        if self.returncode != 0 and not self.timed_out:
            raise RuntimeError(
                f"{' '.join(self.cmd)} failed ({self.returncode}):\n"
                f"{self.stdout[-2000:]}\n{self.stderr[-3000:]}"
            )
        return self


def measure(cmd: list[str], *, timeout: float | None = None, cwd: Path | None = None) -> Run:
    """Run ``cmd``; wall time, user+sys CPU and peak RSS of it (and its waited children)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd,
            stdout=out,
            stderr=err,
            cwd=cwd or ROOT,
            start_new_session=True,
            preexec_fn=_limit_memory,
        )
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill) if timeout else None
        if timer:
            timer.daemon = True
            timer.start()
        try:
            _pid, status, usage = os.wait4(proc.pid, 0)
        except BaseException:  # interrupted: take the phase's whole process group with us
            if timer:
                timer.cancel()
            kill()
            try:
                os.wait4(proc.pid, 0)
            except ChildProcessError:
                pass
            raise
        wall = time.perf_counter() - start
        if timer:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(
            cmd=cmd,
            wall=wall,
            cpu=usage.ru_utime + usage.ru_stime,
            maxrss_mb=usage.ru_maxrss / 1024,
            returncode=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            timed_out=killed.is_set(),
        )


#: address-space limit of every measured process (``--max-memory-gb``): a runaway query
#: then fails on its own instead of pushing a shared machine into the OOM killer
MEMORY_LIMIT: list[int] = []


def _limit_memory() -> None:
    if MEMORY_LIMIT:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT[0], MEMORY_LIMIT[0]))


def kg_cmd(*args: str) -> list[str]:
    """The ``kg`` console script of this interpreter's environment (what users run)."""
    script = Path(PY).parent / "kg"
    return [str(script), *args] if script.exists() else [PY, "-m", "kg", *args]


def worker(*args: Any, timeout: float | None = None) -> Run:
    """Run one of :data:`WORKERS` in a fresh interpreter (arguments go through a file)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump([str(a) if isinstance(a, Path) else a for a in args], handle)
    try:
        return measure(
            [PY, str(Path(__file__).resolve()), "--worker", handle.name], timeout=timeout
        )
    finally:
        os.unlink(handle.name)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


# =============================================================================================
# Workers: each runs in a fresh process and prints one JSON line
# =============================================================================================


def _ox_union_quads(path: Path) -> Any:
    """The quads of a file plus each triple in the default graph: the layout kg's stores use
    (the default graph is the union of all graphs), built with pyoxigraph alone."""
    import pyoxigraph as ox

    default = ox.DefaultGraph()
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
        yield quad
        if quad.graph_name != default:
            yield ox.Quad(quad.subject, quad.predicate, quad.object, default)


def _raw_store(nq: Path) -> Any:
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_extend(_ox_union_quads(nq))
    return store


def _ox_term(term: dict[str, str]) -> Any:
    import pyoxigraph as ox

    if term["type"] == "uri":
        return ox.NamedNode(term["value"])
    if "xml:lang" in term:
        return ox.Literal(term["value"], language=term["xml:lang"])
    if "datatype" in term:
        return ox.Literal(term["value"], datatype=ox.NamedNode(term["datatype"]))
    return ox.Literal(term["value"])


def _rdflib_term(term: dict[str, str]) -> Any:
    from rdflib import Literal, URIRef

    if term["type"] == "uri":
        return URIRef(term["value"])
    if "xml:lang" in term:
        return Literal(term["value"], lang=term["xml:lang"])
    if "datatype" in term:
        return Literal(term["value"], datatype=URIRef(term["datatype"]))
    return Literal(term["value"])


def _raw_ox_run(store: Any, sparql: str, bindings: dict[str, dict[str, str]]) -> int:
    """Run on raw pyoxigraph and read every value of every row; returns the row count."""
    import pyoxigraph as ox

    subs = {ox.Variable(k): _ox_term(v) for k, v in bindings.items()} or None
    answer = store.query(sparql, substitutions=subs)
    if isinstance(answer, ox.QueryBoolean):
        return 1
    rows = 0
    for solution in answer:
        for value in solution:
            _ = value.value if value is not None else None
        rows += 1
    return rows


class _Alarm(BaseException):
    pass


def _rdflib_run(
    dataset: Any, sparql: str, bindings: dict[str, dict[str, str]], timeout: float
) -> int | None:
    """Run on rdflib (default graph = union), all rows read; None if over ``timeout``."""

    def on_alarm(signum: int, frame: Any) -> None:
        raise _Alarm

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        init = {k: _rdflib_term(v) for k, v in bindings.items()} or None
        result = dataset.query(sparql, initBindings=init)
        if result.type == "ASK":
            return 1
        return sum(1 for row in result for _ in [tuple(row)])
    except _Alarm:
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _wait_for_abandoned_queries() -> None:
    """After kg's timeout, a sort or grouping it gave up on finishes in a background thread
    (see kg.store.timeouts.run_watched): let it end before the next query is timed."""
    import threading

    while any(t.name == "kg-query" and t.is_alive() for t in threading.enumerate()):
        time.sleep(0.1)


def _time_runs(fn: Any, repeat: int, slow: float) -> dict[str, Any]:
    """Time ``fn`` ``repeat`` times after a warm-up run; a run slower than ``slow`` s counts
    as the only one. ``fn`` returns a row count, or None when it hit its time limit."""
    times: list[float] = []
    try:
        start = time.perf_counter()
        answer = fn()
        first = time.perf_counter() - start
        if answer is None:
            return {"times": [], "rows": None, "timeout": True}
        if first > slow:
            return {"times": [first], "rows": answer}
        for _ in range(repeat):
            start = time.perf_counter()
            answer = fn()
            times.append(time.perf_counter() - start)
            if answer is None:
                return {"times": [], "rows": None, "timeout": True}
    except Exception as exc:  # noqa: BLE001 - an engine's failure is a result too
        if type(exc).__name__ == "QueryTimeout":  # kg's own time limit
            _wait_for_abandoned_queries()
            return {"times": [], "rows": None, "timeout": True, "limit": getattr(fn, "limit", None)}
        message = str(exc).strip().splitlines()
        return {
            "times": [],
            "rows": None,
            "error": f"{type(exc).__name__}: {message[0] if message else ''}",
        }
    return {"times": times, "rows": answer}


def _capped_runs(fn: Any, repeat: int, slow: float, cap: float) -> dict[str, Any]:
    """:func:`_time_runs` in a forked child that is killed after ``cap`` s.

    Native query evaluation (Oxigraph) cannot be interrupted from Python, so a query that
    would run for hours is stopped from outside. Times are taken inside the child, so the
    fork does not count. (Only for in-memory stores: forking an open RocksDB is not safe.)
    """
    import multiprocessing

    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)

    def child() -> None:
        writer.send(_time_runs(fn, repeat, slow))

    process = context.Process(target=child, daemon=True)
    process.start()
    writer.close()
    try:
        if reader.poll(max(cap, slow * (repeat + 1)) + 5):
            try:
                return reader.recv()
            except EOFError:
                return {"times": [], "rows": None, "error": "the worker died"}
        return {"times": [], "rows": None, "timeout": True, "limit": cap}
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        reader.close()


def _load_rdflib(nq: Path) -> Any:
    from rdflib import Dataset

    dataset = Dataset(default_union=True)
    with open(nq, "rb") as handle:
        dataset.parse(file=handle, format="nquads")
    return dataset


def work_load(engine: str, nq: str) -> dict[str, Any]:
    """Load the KG file into one engine in memory."""
    path = Path(nq)
    start = time.perf_counter()
    if engine == "rdflib":
        _load_rdflib(path)
    elif engine == "raw":
        import pyoxigraph as ox

        store = ox.Store()
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    elif engine == "raw-union":
        _raw_store(path)
    elif engine == "kg":
        from kg.store import open_store

        open_store("memory", kg_file=path)
    else:
        raise ValueError(engine)
    return {"load_s": time.perf_counter() - start}


def work_cold(
    engine: str, location: str, entry: dict[str, Any], timeout: float, project_dir: str
) -> dict[str, Any]:
    """Open a KG (the persisted store, or the KG file for rdflib) and answer one query.

    kg: :func:`kg.query.catalogue.run_named` with ``store_spec`` the store's directory, as
    ``kg query NAME --store DIR`` does, minus formatting.
    """
    start = time.perf_counter()
    if engine == "kg" and not entry.get("view"):
        from kg.query.run import run_named

        run = run_named(
            _project(project_dir), entry["name"], entry["params"], store_spec=location, notify=None
        )
        rows = len(run.result.rows)
    elif engine == "kg":
        from kg.store import open_store

        with open_store(location) as store:
            rows = _kg_store_run(store, entry)
    elif engine == "raw":
        import pyoxigraph as ox

        store = ox.Store.read_only(location)
        rows = _raw_ox_run(store, entry["sparql"], entry["bindings"])
    elif engine == "rdflib":
        dataset = _load_rdflib(Path(location))
        try:
            rows = _rdflib_run(dataset, entry["sparql"], entry["bindings"], timeout)
        except Exception as exc:  # noqa: BLE001 - rdflib cannot run every query
            return {"open_query_s": None, "error": f"{type(exc).__name__}: {exc}"}
        if rows is None:
            return {"open_query_s": None, "error": f"the query took over {timeout:g} s"}
    else:
        raise ValueError(engine)
    return {"open_query_s": time.perf_counter() - start, "rows": rows}


def _kg_store_run(store: Any, entry: dict[str, Any]) -> int:
    from rdflib import Literal, URIRef

    bindings = {
        k: (URIRef(v["value"]) if v["type"] == "uri" else _rdflib_term(v))
        for k, v in entry["bindings"].items()
    }
    _ = Literal
    result = store.query(entry["sparql"], bindings=bindings)
    return len(result.rows) if result.form == "SELECT" else 1


def work_queries(
    engine: str,
    project_dir: str,
    nq: str,
    entries: list[dict[str, Any]],
    repeat: int,
    timeout: float,
    cap: float,
    skip: list[str],
) -> dict[str, Any]:
    """Load one engine, then time every entry (median of ``repeat`` runs after a warm-up).

    Returns ``{"load_s": ..., "queries": {variant: {entry name: timing}}}``. The kg engines
    have two variants: ``kg`` / ``kg-store`` call :func:`kg.query.catalogue.run_named` as a library
    user does (default timeout: the query runs in a watched thread), and
    ``...-notimeout`` with ``timeout=None`` (in the calling thread), to show what the timeout
    costs. Raw pyoxigraph and kg without timeout are stopped after ``cap`` s per query; on
    the persisted store (which cannot be forked) the queries in ``skip`` are left out instead.
    """
    path = Path(nq)
    start = time.perf_counter()
    results: dict[str, dict[str, Any]] = {}
    if engine == "raw":
        store = _raw_store(path)
        load = time.perf_counter() - start
        results["raw"] = {
            e["name"]: _capped_runs(
                lambda e=e: _raw_ox_run(store, e["sparql"], e["bindings"]), repeat, 5.0, cap
            )
            for e in entries
        }
    elif engine == "rdflib":
        dataset = _load_rdflib(path)
        load = time.perf_counter() - start
        results["rdflib"] = {
            e["name"]: _time_runs(
                lambda e=e: _rdflib_run(dataset, e["sparql"], e["bindings"], timeout),
                repeat,
                slow=1.0,
            )
            for e in entries
        }
    elif engine in ("kg", "kg-store"):
        from kg.query.run import DEFAULT_TIMEOUT
        from kg.store import open_store

        spec = "memory" if engine == "kg" else str(Path(project_dir) / "out" / "store")
        store = open_store(spec, kg_file=path)
        load = time.perf_counter() - start
        project = _project(project_dir)
        for variant, limit in ((engine, DEFAULT_TIMEOUT), (f"{engine}-notimeout", None)):
            out = results[variant] = {}
            for e in entries:
                if e.get("view") and limit is None:
                    continue

                def fn(e: dict[str, Any] = e, limit: float | None = limit) -> int:
                    if e.get("view"):  # what kg.views.graphs runs: Store.query, no timeout
                        return _kg_store_run(store, e)
                    return _kg_api_run(project, store, e, limit)

                if limit is not None:  # kg stops the query itself
                    fn.limit = limit  # type: ignore[attr-defined]
                    out[e["name"]] = _time_runs(fn, repeat, slow=5.0)
                elif engine == "kg":
                    out[e["name"]] = _capped_runs(fn, repeat, 5.0, cap)
                elif e["name"] in skip:
                    out[e["name"]] = {"times": [], "rows": None, "skipped": True}
                else:
                    out[e["name"]] = _time_runs(fn, repeat, slow=5.0)
        if engine == "kg":
            results["kg"].update(_viz_in_process(store))
    else:
        raise ValueError(engine)
    return {"load_s": load, "queries": results}


def _project(project_dir: str) -> Any:
    from kg.project import find_project

    return find_project(project_dir)


def _kg_api_run(project: Any, store: Any, entry: dict[str, Any], timeout: float | None) -> int:
    """One catalogue query through kg's API, on an open store, as a library user calls it."""
    from kg.query.run import run_named

    run = run_named(
        project, entry["name"], entry["params"], store=store, timeout=timeout, notify=None
    )
    return len(run.result.rows) if run.result.form == "SELECT" else 1


def _viz_in_process(store: Any) -> dict[str, Any]:
    """The ``actors`` view (networkx projection) built from an open store, as kg viz does."""
    try:
        from kg.views.graphs import to_networkx
    except ImportError:
        return {}
    return {
        "view:actors (to_networkx)": _time_runs(
            lambda: to_networkx(store, "actors").number_of_nodes(), 3, slow=5.0
        )
    }


# =============================================================================================
# The catalogue: queries/*.rq with their example parameters, through kg.query.catalogue
# =============================================================================================


def _catalogue(project: Any, store: Any) -> tuple[list[dict[str, Any]], list[str]]:
    """Each catalogue query with its first example's parameters, resolved on ``store``.

    An example naming something only the seed has (a claim id such as
    ``kremlin-rejects-nato-troops``) is replaced by the first claim of the corpus, and said so.
    """
    from kg.errors import QueryError
    from kg.query.catalogue import list_queries
    from kg.query.run import resolve_params
    from kg.query.vetting import vet_query
    from kg.store.terms import term_to_json

    first_claim = store.query(
        "SELECT ?c WHERE { ?c <https://w3id.org/newskg/ns#claimId> ?id } ORDER BY ?c LIMIT 1"
    ).rows[0][0]
    entries, notes = [], []
    for spec in list_queries(project):
        params = (spec.example_params() or [{}])[0]
        try:
            bindings = resolve_params(spec, params, store)
        except QueryError as exc:
            fixed = {
                k: (str(first_claim) if spec.param(k) and spec.param(k).kind == "claim" else v)
                for k, v in params.items()
            }
            bindings = resolve_params(spec, fixed, store)
            notes.append(
                f"`{spec.name}`: the example's {params} does not resolve on the "
                f"synthetic corpus ({exc.message}); used {fixed} instead."
            )
            params = fixed
        vetted = vet_query(spec.text, source=str(spec.path))
        entries.append(
            {
                "name": spec.name,
                "sparql": vetted.text,
                "params": params,
                "bindings": {k: term_to_json(v) for k, v in bindings.items()},
            }
        )
    return entries, notes


def _view_entries() -> list[dict[str, Any]]:
    """The SPARQL behind ``kg viz`` (kg/sparql/view_*.rq): no parameters."""
    return [
        {
            "name": f"view:{p.stem}",
            "sparql": p.read_text(encoding="utf-8"),
            "bindings": {},
            "params": {},
            "view": True,
        }
        for p in sorted(SPARQL_VIEWS.glob("view_*.rq"))
    ]


def work_entries(project_dir: str, store_dir: str) -> dict[str, Any]:
    """The catalogue entries of a project: name, SPARQL, params and their bound terms."""
    try:
        import kg.query.run  # noqa: F401
    except ImportError:
        return {"entries": _view_entries(), "catalogue": False, "notes": []}
    from kg.store import open_store

    with open_store(store_dir) as store:
        entries, notes = _catalogue(_project(project_dir), store)
    return {"entries": entries + _view_entries(), "catalogue": True, "notes": notes}


WORKERS = {"load": work_load, "cold": work_cold, "queries": work_queries, "entries": work_entries}


# =============================================================================================
# The benchmark
# =============================================================================================


@dataclass
class SizeResult:
    articles: int
    triples: int = 0
    claims: int = 0
    actors: int = 0
    kg_file_mb: float = 0.0
    store_mb: float = 0.0
    phases: dict[str, Any] = field(default_factory=dict)
    queries: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _phase(run: Run, **extra: Any) -> dict[str, Any]:
    return {
        "wall_s": run.wall,
        "cpu_s": run.cpu,
        "peak_mb": run.maxrss_mb,
        "timed_out": run.timed_out,
        **extra,
    }


def _dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def bench_size(n: int, work: Path, args: argparse.Namespace) -> SizeResult:
    res = SizeResult(articles=n)
    corpus = work / f"corpus-{n}"
    nq = corpus / "out" / "kg.nq"
    store_dir = corpus / "out" / "store"

    log(f"{n} articles: generating")
    run = measure(
        [
            PY,
            str(GENERATE),
            str(corpus),
            "--articles",
            str(n),
            "--seed",
            str(args.seed),
            "--overwrite",
        ]
    ).check()
    res.phases["generate"] = _phase(run)
    manifest = json.loads((corpus / "corpus.json").read_text())
    res.claims = sum(manifest["claims"].values())
    res.actors = manifest["actors"]

    log(f"{n} articles: kg build")
    run = measure(kg_cmd("build", "--project", str(corpus))).check()
    res.triples = int(re.search(r"triples:\s+(\d+)", run.stdout).group(1))  # type: ignore[union-attr]
    res.phases["build"] = _phase(run)
    res.kg_file_mb = nq.stat().st_size / 2**20

    log(f"{n} articles: kg build --store")
    if store_dir.exists():
        shutil.rmtree(store_dir)
    run = measure(kg_cmd("build", "--project", str(corpus), "--store", str(store_dir))).check()
    res.phases["build_store"] = _phase(run)
    res.store_mb = _dir_mb(store_dir)

    log(f"{n} articles: loading kg.nq into each engine")
    for engine in ("kg", "raw", "raw-union"):
        run = worker("load", engine, nq).check()
        res.phases[f"load_{engine}"] = _phase(run, inner_s=run.json()["load_s"])
    if args.skip_rdflib or n > args.rdflib_max:
        res.notes.append(f"rdflib not run at {n:,} articles (--rdflib-max {args.rdflib_max}).")
    else:
        run = worker("load", "rdflib", nq, timeout=args.rdflib_load_timeout)
        if run.timed_out:
            res.phases["load_rdflib"] = _phase(run, inner_s=None)
        else:
            res.phases["load_rdflib"] = _phase(run.check(), inner_s=run.json()["load_s"])

    log(f"{n} articles: catalogue entries")
    info = worker("entries", corpus, store_dir).check().json()
    entries = info["entries"]
    res.notes.extend(info["notes"])
    if not info["catalogue"]:
        res.notes.append(
            "kg.query.catalogue is not available: catalogue queries were not measured "
            "(only the view queries behind kg viz)."
        )
    first = next((e for e in entries if not e.get("view")), entries[0] if entries else None)

    if first is not None:
        log(f"{n} articles: cold open ({first['name']})")
        for engine, location in (("kg", store_dir), ("raw", store_dir)):
            runs = [
                worker("cold", engine, location, first, 0, corpus).check()
                for _ in range(args.cold_repeat)
            ]
            res.phases[f"cold_{engine}"] = {
                "wall_s": median([r.wall for r in runs]),
                "cpu_s": median([r.cpu for r in runs]),
                "peak_mb": max(r.maxrss_mb for r in runs),
                "inner_s": median([r.json()["open_query_s"] for r in runs]),
                "query": first["name"],
            }
        if "load_rdflib" in res.phases and not res.phases["load_rdflib"]["timed_out"]:
            run = worker(
                "cold",
                "rdflib",
                nq,
                first,
                args.rdflib_timeout,
                corpus,
                timeout=args.rdflib_load_timeout + args.rdflib_timeout + 60,
            )
            answer = run.check().json() if not run.timed_out else {"error": "timed out"}
            if answer.get("error"):
                res.notes.append(
                    f"cold open on rdflib: `{first['name']}` failed: {answer['error']}"
                )
            else:
                res.phases["cold_rdflib"] = _phase(
                    run, inner_s=answer["open_query_s"], query=first["name"]
                )

    engines = ["kg", "kg-store", "raw"]
    if "load_rdflib" in res.phases and not res.phases["load_rdflib"]["timed_out"]:
        engines.append("rdflib")
    for engine in engines:
        log(f"{n} articles: queries on {engine}")
        timeout = (
            None
            if engine != "rdflib"
            else (args.rdflib_load_timeout + len(entries) * args.rdflib_timeout * (args.repeat + 1))
        )
        skip = [  # the persisted store cannot be forked, so its slow queries cannot be stopped
            name
            for name, slot in res.queries.items()
            if (slot.get("kg-notimeout") or {}).get("timeout")
            or ((slot.get("kg-notimeout") or {}).get("median_s") or 0) > args.store_skip
            or (slot.get("kg-notimeout") or {}).get("error")
        ]
        run = worker(
            "queries",
            engine,
            corpus,
            nq,
            entries,
            args.repeat,
            args.rdflib_timeout,
            args.query_timeout,
            skip,
            timeout=timeout,
        )
        if run.timed_out:
            res.notes.append(f"the {engine} query process was stopped after {timeout:.0f} s.")
            continue
        data = run.check().json()
        res.phases[f"queries_{engine}"] = _phase(run, inner_s=data["load_s"])
        for variant, timings in data["queries"].items():
            for name, q in timings.items():
                slot = res.queries.setdefault(name, {})
                slot[variant] = {
                    "median_s": median(q["times"]) if q["times"] else None,
                    "runs": len(q["times"]),
                    "rows": q["rows"],
                    "timeout": q.get("timeout", False),
                    "limit": q.get("limit")
                    or (args.rdflib_timeout if variant == "rdflib" else None),
                    "skipped": q.get("skipped", False),
                    "error": q.get("error"),
                }
                if q.get("error"):
                    res.notes.append(f"`{name}` failed on {variant}: {q['error']}")

    if info["catalogue"]:
        log(f"{n} articles: catalogue queries through the CLI")
        for e in entries:
            if e.get("view"):
                continue
            for fmt in ("table", "json"):
                cmd = kg_cmd(
                    "query",
                    e["name"],
                    "--project",
                    str(corpus),
                    "--store",
                    str(store_dir),
                    "--format",
                    fmt,
                    *[x for k, v in e["params"].items() for x in ("--param", f"{k}={v}")],
                )
                runs = [measure(cmd, timeout=args.cli_timeout)]
                while len(runs) < args.cli_repeat and runs[0].wall < 10 and not runs[0].timed_out:
                    runs.append(measure(cmd, timeout=args.cli_timeout))
                slot = res.queries.setdefault(e["name"], {})
                if runs[0].timed_out:
                    slot[f"cli-{fmt}"] = {
                        "median_s": None,
                        "runs": 0,
                        "rows": None,
                        "timeout": True,
                        "limit": args.cli_timeout,
                    }
                    continue
                failed = [r for r in runs if r.returncode not in (0, 1)]  # 1: ASK said false
                stopped = (
                    re.search(r"query stopped after ([\d.]+) s", failed[0].stderr)
                    if failed
                    else None
                )
                if stopped:  # kg's own --timeout (default 30 s)
                    slot[f"cli-{fmt}"] = {
                        "median_s": None,
                        "runs": 0,
                        "rows": None,
                        "timeout": True,
                        "limit": float(stopped.group(1)),
                    }
                    continue
                if failed:
                    res.notes.append(
                        f"`kg query {e['name']} --format {fmt}` failed: "
                        f"{failed[0].stderr.strip()[-300:]}"
                    )
                    continue
                slot[f"cli-{fmt}"] = {
                    "median_s": median([r.wall for r in runs]),
                    "runs": len(runs),
                    "rows": None,
                    "timeout": False,
                }

    log(f"{n} articles: kg viz")
    viz_out = work / f"viz-{n}.html"
    probe = measure(kg_cmd("viz", "--help"))
    if probe.returncode == 0:
        for label, extra in (("viz_memory", []), ("viz_store", ["--store", str(store_dir)])):
            runs = [
                measure(
                    kg_cmd("viz", "--project", str(corpus), "--output", str(viz_out), *extra),
                    timeout=args.cli_timeout,
                )
                for _ in range(args.cli_repeat)
            ]
            if all(r.returncode == 0 for r in runs):
                res.phases[label] = {
                    "wall_s": median([r.wall for r in runs]),
                    "cpu_s": median([r.cpu for r in runs]),
                    "peak_mb": max(r.maxrss_mb for r in runs),
                }
            else:
                res.notes.append(
                    f"kg viz {' '.join(extra)} failed: {runs[0].stderr.strip()[-300:]}"
                )
    else:
        res.notes.append("kg viz is not available in this checkout: not timed.")
    return res


def bench_startup(args: argparse.Namespace) -> dict[str, Any]:
    """``kg --help`` against a process that only imports rdflib, or pyoxigraph."""
    out = {}
    for label, cmd in (
        ("kg_help", kg_cmd("--help")),
        ("import_rdflib", [PY, "-c", "import rdflib"]),
        ("import_pyoxigraph", [PY, "-c", "import pyoxigraph"]),
    ):
        measure(cmd)  # warm the file cache
        runs = [measure(cmd).check() for _ in range(args.startup_repeat)]
        out[label] = {
            "wall_s": median([r.wall for r in runs]),
            "cpu_s": median([r.cpu for r in runs]),
            "peak_mb": max(r.maxrss_mb for r in runs),
        }
    return out


# =============================================================================================
# Reporting
# =============================================================================================


def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = int(line.split()[1]) / 2**20
    except OSError:
        pass
    versions = {}
    for module in ("rdflib", "pyoxigraph"):
        try:
            versions[module] = __import__(module).__version__
        except Exception:  # noqa: BLE001 - a version is only informative
            versions[module] = "?"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(mem, 1),
        "python": platform.python_version(),
        "system": platform.platform(),
        "load_before": os.getloadavg(),
        **versions,
    }


def _s(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "—"
    return f"{value:,.{digits}f}"


def _ms(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 1000:,.1f}" if value < 10 else f"{value * 1000:,.0f}"


def _ratio(a: float | None, b: float | None, *, lower: bool = False) -> str:
    if a is None or b is None or b == 0:
        return "—"
    return f"{'> ' if lower else ''}{a / b:.2f}x"


def _q(slot: dict[str, Any] | None, cap: float) -> tuple[float | None, bool]:
    """A query's median, or the timeout as a lower bound (flag True)."""
    if not slot:
        return None, False
    if slot.get("timeout"):
        return cap, True
    return slot.get("median_s"), False


def _value(slot: dict[str, Any] | None) -> tuple[float | None, bool]:
    """(seconds, is a lower bound): a median, or the limit a stopped query reached."""
    if not slot or slot.get("error") or slot.get("skipped"):
        return None, False
    if slot.get("timeout"):
        return slot.get("limit"), True
    return slot.get("median_s"), False


def _cell(slot: dict[str, Any] | None) -> str:
    if not slot:
        return "—"
    if slot.get("error"):
        return "fails"
    if slot.get("skipped"):
        return "skipped"
    value, lower = _value(slot)
    if lower:
        return f"> {value * 1000:,.0f}" if value else "stopped"
    return _ms(value)


def _bound_ratio(a: tuple[float | None, bool], b: tuple[float | None, bool]) -> str:
    """a / b, marked when either is only a bound ("> 2.0x", "< 0.10x", "?" when both)."""
    (x, x_low), (y, y_low) = a, b
    if x is None or y is None or not y:
        return "—"
    if x_low and y_low:
        return "?"
    return ("> " if x_low else "< " if y_low else "") + f"{x / y:.2f}x"


def catalogue_totals(res: SizeResult) -> dict[str, Any]:
    """Sums of medians over the catalogue queries both sides finished (rdflib's stopped
    queries count at their limit, making its sum a lower bound)."""
    out: dict[str, Any] = {}
    for base in ("rdflib", "raw"):
        sums = {"kg": 0.0, base: 0.0, "n": 0, "lower": False, "left_out": []}
        for name, slot in res.queries.items():
            if name.startswith("view:"):
                continue
            (k, k_low), (b, b_low) = _value(slot.get("kg")), _value(slot.get(base))
            if k is None or k_low or b is None or (b_low and base != "rdflib"):
                sums["left_out"].append(name)
                continue
            sums["kg"] += k
            sums[base] += b
            sums["n"] += 1
            sums["lower"] |= b_low
        out[f"kg_vs_{base}"] = sums
    return out


def size_markdown(res: SizeResult, startup: dict[str, Any], args: argparse.Namespace) -> list[str]:
    p = res.phases
    cap = args.rdflib_timeout
    rd_load = p.get("load_rdflib", {})
    raw_load = p.get("load_raw", {})
    lines = [
        f"### {res.articles:,} articles: {res.triples:,} triples, {res.claims:,} claims, "
        f"{res.actors:,} actors",
        "",
        f"kg.nq {res.kg_file_mb:,.0f} MB; persistent store {res.store_mb:,.0f} MB. "
        "Times are wall-clock seconds (CPU seconds in brackets) unless marked ms.",
        "",
        "| figure | kg | rdflib memory store | raw pyoxigraph | kg / rdflib | kg / raw |",
        "|---|---:|---:|---:|---:|---:|",
    ]

    def row(
        name: str,
        kg: float | None,
        rd: float | None,
        raw: float | None,
        fmt: Any = _s,
        kg_cpu: float | None = None,
        rd_cpu: float | None = None,
        raw_cpu: float | None = None,
    ) -> None:
        def cell(v: float | None, cpu: float | None) -> str:
            return f"{fmt(v)} ({fmt(cpu)})" if cpu is not None and v is not None else fmt(v)

        lines.append(
            f"| {name} | {cell(kg, kg_cpu)} | {cell(rd, rd_cpu)} | {cell(raw, raw_cpu)} "
            f"| {_ratio(kg, rd)} | {_ratio(kg, raw)} |"
        )

    build, build_store = p["build"], p["build_store"]
    rd_t = rd_load.get("wall_s") if not rd_load.get("timed_out") else None
    for label, phase in (
        ("build: `kg build` vs loading kg.nq (s)", build),
        ("build + store: `kg build --store` (s)", build_store),
    ):
        row(
            label,
            phase["wall_s"],
            rd_t,
            raw_load.get("wall_s"),
            kg_cpu=phase["cpu_s"],
            rd_cpu=rd_load.get("cpu_s"),
            raw_cpu=raw_load.get("cpu_s"),
        )

    def per_s(count: int, t: float | None) -> float | None:
        return count / t if t else None

    lines.append(
        f"| throughput: articles/s (`kg build`) | {per_s(res.articles, build['wall_s']):,.0f} "
        f"| — | — | — | — |"
    )
    row(
        "throughput: triples/s (`kg build` vs load)",
        per_s(res.triples, build["wall_s"]),
        per_s(res.triples, rd_t),
        per_s(res.triples, raw_load.get("wall_s")),
        fmt=lambda v: f"{v:,.0f}" if v is not None else "—",
    )
    row(
        "peak memory, build (MB)",
        build["peak_mb"],
        rd_load.get("peak_mb"),
        raw_load.get("peak_mb"),
        fmt=lambda v: f"{v:,.0f}" if v is not None else "—",
    )
    row(
        "peak memory, build + store (MB)",
        build_store["peak_mb"],
        rd_load.get("peak_mb"),
        raw_load.get("peak_mb"),
        fmt=lambda v: f"{v:,.0f}" if v is not None else "—",
    )
    kg_load = p.get("load_kg", {})
    row(
        "open in memory from kg.nq (s)",
        kg_load.get("wall_s"),
        rd_t,
        raw_load.get("wall_s"),
        kg_cpu=kg_load.get("cpu_s"),
        rd_cpu=rd_load.get("cpu_s"),
        raw_cpu=raw_load.get("cpu_s"),
    )
    row(
        "peak memory, open in memory (MB)",
        kg_load.get("peak_mb"),
        rd_load.get("peak_mb"),
        raw_load.get("peak_mb"),
        fmt=lambda v: f"{v:,.0f}" if v is not None else "—",
    )
    if "cold_kg" in p:
        cold_rd = p.get("cold_rdflib", {})
        row(
            f"cold open of the persisted store + 1 query (`{p['cold_kg']['query']}`), "
            "fresh process (s)",
            p["cold_kg"]["wall_s"],
            cold_rd.get("wall_s"),
            p["cold_raw"]["wall_s"],
            kg_cpu=p["cold_kg"]["cpu_s"],
            rd_cpu=cold_rd.get("cpu_s"),
            raw_cpu=p["cold_raw"]["cpu_s"],
        )
    for engine, label in (
        ("kg", "kg API, in memory"),
        ("kg-store", "kg API, persisted store"),
        ("raw", "raw pyoxigraph"),
        ("rdflib", "rdflib"),
    ):
        q = p.get(f"queries_{engine}")
        if q:
            lines.append(
                f"| peak memory of the query process, {label} (MB) | {q['peak_mb']:,.0f} | | | | |"
            )
            cap_mb = (getattr(args, "max_memory_gb", 0) or 0) * 1024
            if cap_mb and q["peak_mb"] >= 0.9 * cap_mb:
                res.notes.append(
                    f"the {label} query process reached the {cap_mb / 1024:g} GB address-space cap "
                    "(--max-memory-gb): a query that stopped or failed ran away with memory; "
                    "its figure is the cap, not the store's size."
                )

    lines += [
        "",
        f"Catalogue queries, ms: median of {args.repeat} runs after a warm-up, each "
        "query with its first example's parameters. kg API = `kg.query.catalogue.run_named` on an "
        "open store with the default 30 s timeout (the query runs in a watched thread of "
        "the same process) and with `timeout=None`; raw = the same SPARQL and bindings "
        f"on pyoxigraph; rdflib capped at {cap:g} s per run; CLI = a whole "
        f"`kg query NAME --store DIR` process (median of {args.cli_repeat}), table and json "
        "output. The ratios compare kg's API (default timeout, in memory).",
        "",
        "| query | rows | kg API, memory | kg API, memory, no timeout | kg API, store | "
        "kg API, store, no timeout | raw pyoxigraph | rdflib | CLI table | CLI json | "
        "kg / rdflib | kg / raw | kg no timeout / raw |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, slot in res.queries.items():
        if "(to_networkx)" in name:
            continue
        rows = next((v.get("rows") for v in slot.values() if v.get("rows") is not None), None)
        kg_t, raw_t, free_t = (_value(slot.get(k)) for k in ("kg", "raw", "kg-notimeout"))
        rd_v = _value(slot.get("rdflib"))
        lines.append(
            f"| `{name}` | {rows if rows is not None else '—'} | "
            + " | ".join(
                _cell(slot.get(k))
                for k in (
                    "kg",
                    "kg-notimeout",
                    "kg-store",
                    "kg-store-notimeout",
                    "raw",
                    "rdflib",
                    "cli-table",
                    "cli-json",
                )
            )
            + f" | {_bound_ratio(kg_t, rd_v)} | {_bound_ratio(kg_t, raw_t)} | "
            f"{_bound_ratio(free_t, raw_t)} |"
        )
    totals = catalogue_totals(res)
    if totals["kg_vs_rdflib"]["n"]:
        vr, vw = totals["kg_vs_rdflib"], totals["kg_vs_raw"]
        lines.append(
            f"| **sum over the queries both finish** | | {_ms(vr['kg'])} (vs rdflib, "
            f"{vr['n']} queries); {_ms(vw['kg'])} (vs raw, {vw['n']}) | | | | {_ms(vw['raw'])} "
            f"| {'> ' if vr['lower'] else ''}{_ms(vr['rdflib'])} | | | "
            f"{'< ' if vr['lower'] else ''}{_ratio(vr['kg'], vr['rdflib'])} | "
            f"{_ratio(vw['kg'], vw['raw'])} | |"
        )
        if vr["left_out"] or vw["left_out"]:
            lines += [
                "",
                "Left out of the sums (kg or the baseline did not finish): "
                + ", ".join(f"`{n}`" for n in sorted(set(vr["left_out"] + vw["left_out"])))
                + ".",
            ]
    res.phases["totals"] = totals
    viz = res.queries.get("view:actors (to_networkx)", {}).get("kg")
    view_raw = sum(
        (s.get("raw", {}).get("median_s") or 0)
        for n, s in res.queries.items()
        if n.startswith("view:") and "(to_networkx)" not in n
    )
    view_rd = [
        (s.get("rdflib") or {})
        for n, s in res.queries.items()
        if n.startswith("view:") and "(to_networkx)" not in n
    ]
    view_rd_total = (
        sum((v.get("median_s") or (cap if v.get("timeout") else 0)) for v in view_rd)
        if view_rd and all(view_rd)
        else None
    )
    lines += [
        "",
        "Views (`kg viz`; the baselines run the view queries `kg/sparql/view_*.rq` "
        "with nothing else):",
        "",
        "| figure | kg | rdflib | raw pyoxigraph | kg / rdflib | kg / raw |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    if viz:
        lines.append(
            f"| actors view from an open store, `to_networkx` (ms) | {_ms(viz['median_s'])} "
            f"| {_ms(view_rd_total)} | {_ms(view_raw)} | {_ratio(viz['median_s'], view_rd_total)} "
            f"| {_ratio(viz['median_s'], view_raw)} |"
        )
    for key, label in (
        ("viz_memory", "`kg viz` (in memory from kg.nq), whole process (s)"),
        ("viz_store", "`kg viz --store`, whole process (s)"),
    ):
        if key in p:
            base_rd = (rd_t + view_rd_total) if rd_t and view_rd_total else None
            base_raw = (raw_load.get("wall_s") or 0) + view_raw
            lines.append(
                f"| {label} | {_s(p[key]['wall_s'])} | {_s(base_rd)} | {_s(base_raw)} | "
                f"{_ratio(p[key]['wall_s'], base_rd)} | {_ratio(p[key]['wall_s'], base_raw)} |"
            )
    lines += [
        "",
        "Start-up:",
        "",
        "| figure | kg | `import rdflib` | `import pyoxigraph` | kg / rdflib | kg / raw |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    h, r, o = startup["kg_help"], startup["import_rdflib"], startup["import_pyoxigraph"]
    lines.append(
        f"| `kg --help`, whole process (s) | {h['wall_s']:.3f} | {r['wall_s']:.3f} | "
        f"{o['wall_s']:.3f} | {_ratio(h['wall_s'], r['wall_s'])} | "
        f"{_ratio(h['wall_s'], o['wall_s'])} |"
    )
    for note in res.notes:
        lines += ["", f"Note: {note}"]
    return lines


def targets(
    res: SizeResult, startup: dict[str, Any], args: argparse.Namespace
) -> tuple[list[str], list[dict[str, Any]]]:
    """Issue 6's targets on one corpus: each met or MISSED, with the figure."""
    p = res.phases
    checks: list[dict[str, Any]] = []

    def check(name: str, ok: bool | None, figure: str) -> None:
        checks.append({"target": name, "met": ok, "figure": figure})

    check(
        f"build <= {TARGET_BUILD_S:g} s (`kg build`)",
        p["build"]["wall_s"] <= TARGET_BUILD_S,
        f"{p['build']['wall_s']:.1f} s wall, {p['build']['cpu_s']:.1f} s CPU",
    )
    check(
        f"build <= {TARGET_BUILD_S:g} s (`kg build --store`)",
        p["build_store"]["wall_s"] <= TARGET_BUILD_S,
        f"{p['build_store']['wall_s']:.1f} s wall, {p['build_store']['cpu_s']:.1f} s CPU",
    )
    peaks = {"kg build": p["build"]["peak_mb"], "kg build --store": p["build_store"]["peak_mb"]}
    for engine in ("kg", "kg-store"):
        if f"queries_{engine}" in p:
            peaks[f"query process ({engine})"] = p[f"queries_{engine}"]["peak_mb"]
    for what, mb in peaks.items():
        check(f"peak memory <= 1 GB ({what})", mb <= TARGET_PEAK_MB, f"{mb:,.0f} MB")
    catalogue = {n: s for n, s in res.queries.items() if not n.startswith("view:")}
    if catalogue:
        lat = {n: _value(s.get("kg")) for n, s in catalogue.items()}
        measured = {n: v for n, v in lat.items() if v[0] is not None}
        worst = max(measured.items(), key=lambda kv: kv[1][0]) if measured else None
        over_limit = [n for n, (v, _) in measured.items() if v * 1000 > TARGET_QUERY_MS]
        check(
            f"every catalogue query <= {TARGET_QUERY_MS:g} ms median (kg API, memory)",
            not over_limit and len(measured) == len(catalogue),
            (
                f"{len(catalogue) - len(over_limit)} of {len(catalogue)} within; slowest "
                f"`{worst[0]}` {'> ' if worst[1][1] else ''}{_ms(worst[1][0])} ms"
                + (f"; over: {', '.join(f'`{n}`' for n in over_limit)}" if over_limit else "")
            )
            if worst
            else "—",
        )
        for variant, label in (
            ("kg", "kg's overhead"),
            ("kg-notimeout", "(for comparison) with `timeout=None`, overhead"),
        ):
            over = {}
            for n, s in catalogue.items():
                (k, k_low), (r, r_low) = _value(s.get(variant)), _value(s.get("raw"))
                if k is not None and r and not k_low and not r_low:
                    over[n] = (k / r, (k - r) * 1000)
            if over:
                worst_o = max(over.items(), key=lambda kv: kv[1][0])
                check(
                    f"{label} <= {TARGET_OVERHEAD:g}x the raw engine, per query",
                    all(x <= TARGET_OVERHEAD for x, _ in over.values())
                    if variant == "kg"
                    else None,
                    f"{sum(x <= TARGET_OVERHEAD for x, _ in over.values())} of {len(over)} within; "
                    f"worst `{worst_o[0]}` {worst_o[1][0]:.2f}x (+{worst_o[1][1]:,.1f} ms); "
                    f"median {statistics.median(x for x, _ in over.values()):.2f}x",
                )
        vr = p["totals"]["kg_vs_rdflib"]
        if vr["n"] and vr["kg"]:
            speed = vr["rdflib"] / vr["kg"]
            check(
                f"all catalogue queries together >= {TARGET_SPEEDUP:g}x faster than rdflib",
                speed >= TARGET_SPEEDUP,
                f"{'> ' if vr['lower'] else ''}{speed:.1f}x over {vr['n']} queries "
                f"({'> ' if vr['lower'] else ''}{vr['rdflib']:.1f} s vs {vr['kg']:.2f} s)"
                + (
                    f"; left out: {', '.join(f'`{n}`' for n in vr['left_out'])}"
                    if vr["left_out"]
                    else ""
                ),
            )
        else:
            check(
                f"all catalogue queries together >= {TARGET_SPEEDUP:g}x faster than rdflib",
                None,
                "rdflib not measured at this size",
            )
        for fmt in ("table", "json"):
            cli = {
                n: _value(s.get(f"cli-{fmt}")) for n, s in catalogue.items() if f"cli-{fmt}" in s
            }
            cli = {n: v for n, v in cli.items() if v[0] is not None}
            if cli:
                worst_c = max(cli.items(), key=lambda kv: kv[1][0])
                stopped = sum(1 for _, low in cli.values() if low)
                check(
                    f"(informative) CLI end to end, `kg query NAME --store DIR --format {fmt}`",
                    None,
                    f"median {statistics.median(v for v, _ in cli.values()):.2f} s per query, "
                    f"slowest `{worst_c[0]}` {'> ' if worst_c[1][1] else ''}{worst_c[1][0]:.2f} s"
                    + (f"; {stopped} stopped at a time limit" if stopped else ""),
                )
    else:
        check("catalogue queries", None, "not measured: kg.query.catalogue is not available")
    h = startup["kg_help"]["wall_s"]
    check(f"`kg --help` <= {TARGET_HELP_S:g} s", h <= TARGET_HELP_S, f"{h:.3f} s")
    lines = ["| target | result | figure |", "|---|---|---|"]
    for c in checks:
        verdict = "met" if c["met"] else ("**MISSED**" if c["met"] is False else "n/a")
        lines.append(f"| {c['target']} | {verdict} | {c['figure']} |")
    return lines, checks


def report(
    results: list[SizeResult],
    startup: dict[str, Any],
    info: dict[str, Any],
    args: argparse.Namespace,
) -> tuple[str, dict[str, Any]]:
    lines = [
        "# kg benchmark",
        "",
        f"Run {info['date']} on {info['cpu']}, {info['cores']} cores, "
        f"{info['memory_gb']} GB RAM; Python {info['python']}, rdflib {info['rdflib']}, "
        f"pyoxigraph {info['pyoxigraph']}. Load average before "
        f"{', '.join(f'{x:.2f}' for x in info['load_before'])}, after "
        f"{', '.join(f'{x:.2f}' for x in info['load_after'])} (a shared machine: wall "
        "times rise with the load; CPU times less so).",
        "",
        f"Corpora: `benchmarks/generate.py --seed {args.seed}` (synthetic articles, 3,000-actor "
        "registry). Re-run: `.venv/bin/python benchmarks/run.py --sizes "
        f"{' '.join(str(r.articles) for r in results)}`.",
        "",
    ]
    checks_all = {}
    for res in results:
        lines += size_markdown(res, startup, args)
        target_lines, checks = targets(res, startup, args)
        checks_all[res.articles] = checks
        label = (
            "the targets of issue 6"
            if res is results[-1]
            else "the targets (set for 10,000 articles; shown for reference)"
        )
        lines += ["", f"Against {label}:", "", *target_lines, ""]
    data = {
        "machine": info,
        "args": vars(args),
        "startup": startup,
        "sizes": [asdict(r) for r in results],
        "targets": checks_all,
    }
    return "\n".join(lines) + "\n", data


def render(files: list[Path], args: argparse.Namespace) -> str:
    """The Markdown report again, from the JSON of one or more earlier runs (sizes merged)."""
    runs = [json.loads(Path(f).read_text(encoding="utf-8")) for f in files]
    results = [SizeResult(**size) for run in runs for size in run["sizes"]]
    saved = argparse.Namespace(**{**vars(args), **runs[-1]["args"]})
    info = dict(runs[0]["machine"])
    info["date"] = " and ".join(run["machine"]["date"] for run in runs)
    info["load_after"] = runs[-1]["machine"]["load_after"]
    markdown, _ = report(results, runs[-1]["startup"], info, saved)
    return markdown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument(
        "--workdir", type=Path, help="where corpora go (default: a temp dir, removed)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5, help="runs per query (median)")
    parser.add_argument("--cli-repeat", type=int, default=3)
    parser.add_argument(
        "--store-skip",
        type=float,
        default=10.0,
        help="on the persisted store without timeout, skip queries slower than this in memory (s)",
    )
    parser.add_argument(
        "--max-memory-gb",
        type=float,
        default=8.0,
        help="address-space limit of each measured process (GB; 0: none)",
    )
    parser.add_argument(
        "--query-timeout",
        type=float,
        default=120.0,
        help="cap per query for raw pyoxigraph and kg without timeout (s)",
    )
    parser.add_argument(
        "--cli-timeout", type=float, default=120.0, help="cap per `kg query` / `kg viz` process (s)"
    )
    parser.add_argument("--cold-repeat", type=int, default=3)
    parser.add_argument("--startup-repeat", type=int, default=7)
    parser.add_argument(
        "--rdflib-timeout", type=float, default=60.0, help="cap per rdflib query run (s)"
    )
    parser.add_argument("--rdflib-load-timeout", type=float, default=600.0)
    parser.add_argument(
        "--rdflib-max", type=int, default=100_000, help="largest corpus rdflib is run on"
    )
    parser.add_argument("--skip-rdflib", action="store_true")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument(
        "--render",
        type=Path,
        nargs="+",
        metavar="JSON",
        help="print the Markdown report again from earlier results (several: one report)",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # clean up children on kill
    if args.worker:
        name, *rest = json.loads(Path(args.worker).read_text(encoding="utf-8"))
        print(json.dumps(WORKERS[name](*rest)), flush=True)
        return

    if args.render:
        print(render(args.render, args))
        return
    if args.max_memory_gb:
        MEMORY_LIMIT.append(int(args.max_memory_gb * 2**30))
    info = machine()
    info["date"] = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    temp = None
    work = args.workdir
    if work is None:
        temp = tempfile.mkdtemp(prefix="kg-bench-")
        work = Path(temp)
    work.mkdir(parents=True, exist_ok=True)
    try:
        log("start-up times")
        startup = bench_startup(args)
        results = [bench_size(n, work, args) for n in sorted(args.sizes)]
        info["load_after"] = os.getloadavg()
        markdown, data = report(results, startup, info, args)
    finally:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)
    args.results.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    sizes = "-".join(str(n) for n in sorted(args.sizes))
    for suffix, text in (("md", markdown), ("json", json.dumps(data, indent=2, default=str))):
        (args.results / f"bench-{sizes}-{stamp}.{suffix}").write_text(text, encoding="utf-8")
        (args.results / f"latest.{suffix}").write_text(text, encoding="utf-8")
    print(markdown)
    log(f"wrote {args.results / f'bench-{sizes}-{stamp}.md'} and .json")


if __name__ == "__main__":
    main()
