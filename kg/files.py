"""Writing files so that a reader never sees half of one.

Everything kg writes (the KG, exports, HTML pages, pictures) goes through a temporary file
in the same folder, flushed to disk, then renamed over the target: a failure or a kill at
any point leaves the previous file as it was. New files get the usual permissions (the
umask's), an existing file keeps its own.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from kg.errors import KGError


def _new_file_mode(path: Path) -> int:
    """The mode ``path`` has, or the one a new file gets under the current umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path`` that replaces it when the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, _new_file_mode(path))  # mkstemp makes it 0600
    finally:
        os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_synced(path: Path, data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8 with ``\\n`` line ends) and flush it to disk."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with open(path, "wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write ``data`` to ``path`` atomically; an OS error becomes one clear message."""
    target = Path(path)
    try:
        with atomic_file(target) as tmp:
            write_synced(tmp, data)
    except OSError as exc:
        raise KGError(
            f"cannot write {target.name} there: {exc.strerror or exc}",
            file=exc.filename or target,
            hint="check that the folder exists and is writable, or choose another output path",
        ) from None
    return target
