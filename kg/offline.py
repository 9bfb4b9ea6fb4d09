"""Keep parsing and querying offline: a guard that refuses network access, and a safe RDF parser.

rdflib fetches documents on its own: ``Graph.parse(url)``, a JSON-LD ``@context`` given as a
URL, ``SERVICE`` during query evaluation, ``LOAD`` and ``FROM`` on a Dataset. It has no switch
to turn that off. :func:`offline` is that switch, deny by default::

    with offline():
        rows = list(graph.query(text))   # consume results inside the block

Inside the block any attempt to open a URL (``urllib``), to resolve a host name, or to connect
a socket raises :class:`RemoteAccessRefused` before a single byte leaves the machine. With
``allowed_roots`` given, files that *rdflib itself* opens (a ``file:`` URL, a path, a local
JSON-LD context) must also lie inside one of those folders.

How it works: a :func:`sys.addaudithook` hook, installed once on first use and permanent (audit
hooks cannot be removed), does nothing unless the current thread or task is inside
:func:`offline` (a :class:`contextvars.ContextVar`). Consequences worth knowing:

* The guard covers the thread (or asyncio task) that entered it, not threads it starts.
* Results that rdflib computes lazily (``Graph.query`` SELECT rows) must be consumed inside
  the block; iterating them after it runs unguarded.
* Some rdflib code catches every exception (``LOAD``, ``FROM``) and raises a vague one of its
  own. So when the block ends and anything was refused inside it, :func:`offline` raises that
  :class:`RemoteAccessRefused`, whether the library swallowed it, wrapped it or not.
* The file check looks at who opens: only reads whose nearest non-standard-library caller is
  rdflib are checked, so Python's imports, temporary files and our own reads keep working.
  Files of the Python installation (stdlib, site-packages) are always readable.
"""

from __future__ import annotations

import os
import re
import sys
import sysconfig
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import AnnotationError, KGError

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph

__all__ = ["RemoteAccessRefused", "offline", "parse_rdf"]

WHY = (
    "kg never fetches remote documents while parsing or querying; "
    "download it yourself and pass the local file"
)


class RemoteAccessRefused(KGError):
    """Something tried to reach the network (or a file outside the allowed folders) offline.

    ``target`` is what was refused: a URL, ``host:port``, a host name or a file path;
    ``kind`` says which: ``"url"``, ``"connect"``, ``"lookup"`` or ``"file"``.
    """

    def __init__(self, message: str, *, target: str, kind: str) -> None:
        self.target = target
        self.kind = kind
        super().__init__(message)


@dataclass
class _Guard:
    """One active :func:`offline` block: its allowed folders and what it refused."""

    roots: tuple[Path, ...] | None
    refused: list[RemoteAccessRefused] = field(default_factory=list)


_ACTIVE: ContextVar[tuple[_Guard, ...]] = ContextVar("kg_offline_guards", default=())
_IN_HOOK = threading.local()
_HOOK_LOCK = threading.Lock()
_hook_installed = False

_NETWORK_EVENTS = frozenset(
    {
        "urllib.Request",
        "http.client.connect",
        "socket.connect",
        "socket.sendto",
        "socket.sendmsg",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyaddr",
    }
)
_EVENTS = _NETWORK_EVENTS | {"open"}

# Standard-library modules whose file reads are never a fetch, even when rdflib is further
# up the stack: imports, and source lines read to format a traceback.
_NEVER_A_FETCH = re.compile(
    r"[/\\](importlib|zipimport|linecache|tokenize|traceback|inspect)[/\\.]"
)


def _python_dirs() -> tuple[str, ...]:
    names = ("stdlib", "platstdlib", "purelib", "platlib")
    paths = {os.path.realpath(p) for name in names if (p := sysconfig.get_path(name))}
    return tuple(sorted(p.rstrip(os.sep) + os.sep for p in paths))


_PYTHON_DIRS = _python_dirs()


def _is_python_file(filename: str) -> bool:
    return filename.startswith(_PYTHON_DIRS) or filename.startswith("<frozen ")


def _is_stdlib_file(filename: str) -> bool:
    if filename.startswith("<frozen "):
        return True
    if not _is_python_file(filename):
        return False
    return "site-packages" not in filename and "dist-packages" not in filename


def _rdflib_dir() -> str | None:
    module = sys.modules.get("rdflib")
    file = getattr(module, "__file__", None)
    return os.path.dirname(os.path.realpath(file)) + os.sep if file else None


def _opened_by_rdflib(frame: Any) -> bool:
    """True when the nearest caller outside the standard library is rdflib.

    Imports and traceback formatting are never counted, wherever they come from.
    """
    rdflib_dir = _rdflib_dir()
    if rdflib_dir is None:
        return False
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.startswith("<frozen importlib") or filename.startswith("<frozen zipimport"):
            return False
        if _is_stdlib_file(filename):
            if _NEVER_A_FETCH.search(filename):
                return False
            frame = frame.f_back
            continue
        return os.path.realpath(filename).startswith(rdflib_dir)
    return False


def _is_read(mode: Any, flags: Any) -> bool:
    if isinstance(mode, str):
        return not any(c in mode for c in "wax+")
    if isinstance(flags, int):
        return flags & os.O_ACCMODE == os.O_RDONLY
    return True


def _inside(path: str, roots: tuple[Path, ...]) -> bool:
    real = Path(os.path.realpath(path))
    return any(real == root or root in real.parents for root in roots)


def _refusal_for(event: str, args: tuple[Any, ...]) -> RemoteAccessRefused | None:
    """The refusal for one audit event inside an offline block, or None to let it pass."""
    if event == "urllib.Request":
        url = str(args[0])
        return RemoteAccessRefused(f"refused to fetch {url}: {WHY}", target=url, kind="url")
    if event == "http.client.connect":
        target = f"{args[1]}:{args[2]}"
        return RemoteAccessRefused(
            f"refused to connect to {target}: {WHY}", target=target, kind="connect"
        )
    if event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
        address = args[1] if len(args) > 1 else None
        if isinstance(address, tuple) and len(address) >= 2:
            target = f"{address[0]}:{address[1]}"
        else:
            target = str(address)
        return RemoteAccessRefused(
            f"refused to connect to {target}: {WHY}", target=target, kind="connect"
        )
    if event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr"):
        host = args[0]
        target = host.decode("ascii", "replace") if isinstance(host, bytes) else str(host)
        return RemoteAccessRefused(
            f"refused to look up host {target}: {WHY}", target=target, kind="lookup"
        )
    if event == "open":
        return _file_refusal(args)
    return None


def _file_refusal(args: tuple[Any, ...]) -> RemoteAccessRefused | None:
    guards = _ACTIVE.get()
    root_sets = [g.roots for g in guards if g.roots is not None]
    if not root_sets:
        return None
    path, mode, flags = (tuple(args) + (None, None, None))[:3]
    if isinstance(path, int) or path is None or not _is_read(mode, flags):
        return None
    try:
        name = os.fsdecode(os.fspath(path))
    except TypeError:
        return None
    if _is_python_file(os.path.realpath(name)):
        return None
    if all(_inside(name, roots) for roots in root_sets):
        return None
    # Frames: 0 this function, 1 _refusal_for, 2 _audit, 3 the caller of open().
    if not _opened_by_rdflib(sys._getframe(3)):
        return None
    folders = ", ".join(str(r) for roots in root_sets for r in roots) or "none"
    return RemoteAccessRefused(
        f"refused to read {name}: it is outside the folders kg may read here ({folders}); "
        "copy it into the project, or pass it as a file of its own",
        target=name,
        kind="file",
    )


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event not in _EVENTS:
        return
    guards = _ACTIVE.get()
    if not guards or getattr(_IN_HOOK, "busy", False):
        return
    _IN_HOOK.busy = True
    try:
        refusal = _refusal_for(event, args)
    finally:
        _IN_HOOK.busy = False
    if refusal is None:
        return
    for guard in guards:
        guard.refused.append(refusal)
    raise refusal


def _install_hook() -> None:
    global _hook_installed
    with _HOOK_LOCK:
        if not _hook_installed:
            sys.addaudithook(_audit)
            _hook_installed = True


@contextmanager
def offline(allowed_roots: Iterable[str | Path] | None = None) -> Iterator[None]:
    """Refuse every network access (and, with ``allowed_roots``, stray file reads) inside.

    ``allowed_roots=None`` (the default) checks the network only. An iterable of folders,
    even an empty one, also refuses files that rdflib opens by itself (``file:`` URLs, local
    paths, local JSON-LD contexts) unless they lie inside one of the folders. Blocks nest;
    an inner block can only narrow what an outer one allows.

    Raises :class:`RemoteAccessRefused` at the refused call, and again when the block ends
    if the code inside swallowed or wrapped the refusal.
    """
    roots = None
    if allowed_roots is not None:
        roots = tuple(Path(os.path.realpath(r)) for r in allowed_roots)
    _install_hook()
    guard = _Guard(roots)
    token = _ACTIVE.set(_ACTIVE.get() + (guard,))
    try:
        yield
    except RemoteAccessRefused:
        raise
    except Exception as exc:
        if guard.refused:
            raise guard.refused[0].with_traceback(None) from exc
        raise
    finally:
        _ACTIVE.reset(token)
    if guard.refused:
        raise guard.refused[0].with_traceback(None)


# --- parsing RDF offline ----------------------------------------------------------------

_DATASET_FORMATS = frozenset(
    {"trig", "nquads", "json-ld", "trix", "application/trig", "application/n-quads",
     "application/ld+json"}
)  # fmt: skip
_LINE_FORMATS = frozenset({"nt", "nt11", "ntriples", "n-triples", "nquads"})


def parse_rdf(
    data_or_path: str | bytes | Path,
    format: str,
    *,
    base: str | None = None,
    graph: Graph | None = None,
    max_bytes: int | None = None,
) -> Graph:
    """Parse local RDF into an rdflib graph without touching the network.

    ``data_or_path`` is a :class:`~pathlib.Path` to read, or the document itself as ``str`` or
    ``bytes``. ``format`` is an rdflib parser name (``turtle``, ``trig``, ``nt``, ``nquads``,
    ``json-ld``, ``xml``). ``base`` resolves relative IRIs; it defaults to the file's
    ``file:`` URI. Triples go into ``graph`` when given, else into a new ``Dataset`` for
    quad formats (TriG, N-Quads, JSON-LD) or a new ``Graph``; that graph is returned.

    A JSON-LD ``@context`` may only name a file in the same folder as the document (or
    below it); a remote context is refused, since kg never fetches. Every failure raises
    :class:`~kg.errors.AnnotationError` naming the file and, when known, the line.
    """
    import rdflib
    from rdflib.plugin import PluginException
    from rdflib.plugins.parsers.notation3 import BadSyntax

    path = data_or_path if isinstance(data_or_path, Path) else None
    label = str(path) if path is not None else None
    try:
        rdflib.plugin.get(format, rdflib.parser.Parser)
    except PluginException:
        raise AnnotationError(
            f"unknown RDF format {format!r}",
            file=label,
            hint="use one of turtle, trig, nt, nquads, json-ld, xml",
        ) from None
    if path is not None:
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise AnnotationError(f"cannot read the file: {exc.strerror}", file=label) from None
        if max_bytes is not None and size > max_bytes:
            raise AnnotationError(
                f"RDF file is {size:,} bytes, over the limit of {max_bytes:,}",
                file=label,
                hint="check that this is the right file",
            )
        try:
            data: str | bytes = path.read_bytes()
        except OSError as exc:
            raise AnnotationError(f"cannot read the file: {exc.strerror}", file=label) from None
        public_id = base or path.resolve().as_uri()
        roots: tuple[Path, ...] = (path.resolve().parent,)
    elif isinstance(data_or_path, (str, bytes)):
        data = data_or_path
        public_id = base
        roots = ()
    else:
        raise TypeError(f"parse_rdf takes a Path, str or bytes, not {type(data_or_path).__name__}")
    if graph is None:
        graph = rdflib.Dataset() if format in _DATASET_FORMATS else rdflib.Graph()

    try:
        with offline(roots):
            graph.parse(data=data, format=format, publicID=public_id)
    except RemoteAccessRefused as exc:
        raise _refused_while_parsing(exc, format, label) from None
    except BadSyntax as exc:
        raise _bad_syntax(exc, format, label) from None
    except KGError:
        raise
    except Exception as exc:
        raise _parse_failure(exc, data, format, label) from None
    return graph


def _refused_while_parsing(
    exc: RemoteAccessRefused, format: str, label: str | None
) -> AnnotationError:
    if format not in ("json-ld", "application/ld+json"):
        return AnnotationError(exc.message, file=label)
    if exc.kind == "file":
        return AnnotationError(
            f"JSON-LD @context {exc.target} is outside the document's folder: "
            "kg reads local contexts only from the folder of the document (or below it)",
            file=label,
            hint="copy the context beside the document and point @context at that file "
            "(or write the context inline)",
        )
    return AnnotationError(
        f"JSON-LD @context {exc.target} is remote: "
        "kg never fetches remote documents while parsing or querying",
        file=label,
        hint="download the context, save it beside the document "
        "and point @context at that file (or write the context inline)",
    )


def _excerpt(line_text: str, column: int) -> str:
    return f"\n    {line_text}\n    {' ' * max(column - 1, 0)}^"


def _bad_syntax(exc: Any, format: str, label: str | None) -> AnnotationError:
    raw: bytes = exc._str
    index = min(max(exc._i, 0), len(raw))
    while index < len(raw) and raw[index : index + 1] in (b" ", b"\t"):
        index += 1  # rdflib points at the blank before the offending token
    start = raw.rfind(b"\n", 0, index) + 1
    end = raw.find(b"\n", index)
    line_bytes = raw[start : end if end != -1 else len(raw)]
    line_no = raw.count(b"\n", 0, index) + 1
    column = len(raw[start:index].decode("utf-8", "replace")) + 1
    line_text = line_bytes.decode("utf-8", "replace").rstrip("\r")
    return AnnotationError(
        f"{format} syntax error at line {line_no}, column {column}: {exc._why}"
        + _excerpt(line_text, column),
        file=label,
        line=line_no,
    )


def _parse_failure(
    exc: Exception, data: str | bytes, format: str, label: str | None
) -> AnnotationError:
    import json
    import xml.sax

    if isinstance(exc, json.JSONDecodeError):
        return AnnotationError(
            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
            file=label,
            line=exc.lineno,
        )
    if isinstance(exc, xml.sax.SAXParseException):
        line_no = exc.getLineNumber()
        return AnnotationError(
            f"invalid XML at line {line_no}, column {exc.getColumnNumber() + 1}: "
            f"{exc.getMessage()}",
            file=label,
            line=line_no,
        )
    if format in _LINE_FORMATS:
        found = _first_bad_line(data, format)
        if found is not None:
            line_no, line_text, why = found
            return AnnotationError(
                f"{format} syntax error at line {line_no}: {why}\n    {line_text}",
                file=label,
                line=line_no,
            )
    return AnnotationError(f"cannot parse as {format}: {type(exc).__name__}: {exc}", file=label)


def _first_bad_line(data: str | bytes, format: str) -> tuple[int, str, str] | None:
    """Find the first line of an N-Triples / N-Quads document that does not parse alone."""
    import rdflib

    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        if not line.strip():
            continue
        target = rdflib.Dataset() if format == "nquads" else rdflib.Graph()
        try:
            target.parse(data=line + "\n", format=format)
        except Exception as exc:  # rdflib raises plain ParserError / Exception here
            why = str(exc).split("\n", 1)[0]
            return number, line, why
    return None
