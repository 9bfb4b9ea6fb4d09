"""Persistent Oxigraph stores on disk: written atomically, recovered after a kill.

:func:`write_persistent` builds the store in a temporary directory next to the target and
swaps it in (one atomic ``renameat2`` exchange on Linux, two renames elsewhere), so a
failure at any point leaves the previous store as it was. ``_check_store_dir`` (used when a
store is opened read-only) first undoes what a killed writer left behind.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import sys
import tempfile
import time
from pathlib import Path

from kg.errors import StoreError
from kg.store import _STORE_HINT, OxigraphStore, _missing_kg


def _is_oxigraph_dir(path: Path) -> bool:
    return (path / "CURRENT").is_file()


def _check_store_dir(path: Path) -> None:
    _recover(path)
    if not path.exists():
        raise StoreError(f"no store at {path}", hint=_STORE_HINT.format(dir=path))
    if not path.is_dir():
        raise StoreError(
            f"{path} is a file, not a store directory",
            hint="give the directory written by kg build --store DIR",
        )
    if not _is_oxigraph_dir(path):
        raise StoreError(
            f"{path} is not an Oxigraph store (no CURRENT file)",
            hint=_STORE_HINT.format(dir=path),
        )


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _siblings(target: Path, kind: str) -> list[tuple[Path, int]]:
    """Leftover ``.NAME.building-PID-*`` / ``.NAME.old-PID-*`` directories and their pid."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.{kind}-(\d+)-.*")
    found = []
    if target.parent.is_dir():
        for entry in target.parent.iterdir():
            match = pattern.fullmatch(entry.name)
            if match and entry.is_dir():
                found.append((entry, int(match.group(1))))
    return found


def _recover(target: Path) -> None:
    """Undo what a killed :func:`write_persistent` left behind.

    If the target is missing but a backup of the previous store exists (the process was
    killed between its two renames), the backup is put back. Temporary directories of dead
    processes are removed.
    """
    try:
        if not target.exists():
            backups = sorted(_siblings(target, "old"), key=lambda item: item[0].stat().st_mtime)
            if backups:
                os.rename(backups[-1][0], target)
        for kind in ("building", "old"):
            for entry, pid in _siblings(target, kind):
                if not _pid_alive(pid) and target.exists():
                    shutil.rmtree(entry, ignore_errors=True)
    except OSError:
        pass


def _exchange_dirs(first: Path, second: Path) -> bool:
    """Atomically swap two directories (Linux ``renameat2(RENAME_EXCHANGE)``).

    Returns False where that is not available (other systems, some file systems).
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes += [ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _swap_in(new: Path, target: Path) -> None:
    """Put the directory ``new`` at ``target``, replacing what is there.

    On Linux the two are exchanged in one atomic step. Elsewhere the old store is first
    renamed to a backup; if the second rename fails the backup is put back, and if the
    process is killed in between, :func:`_recover` puts it back on the next open.
    """
    if not target.exists():
        os.rename(new, target)
        return
    if _exchange_dirs(new, target):
        shutil.rmtree(new, ignore_errors=True)  # it now holds the old store
        return
    backup = target.with_name(f".{target.name}.old-{os.getpid()}-{time.time_ns()}")
    os.rename(target, backup)
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(backup, target)
        raise
    shutil.rmtree(backup, ignore_errors=True)


def _build_store_dir(kg_file: Path, directory: Path) -> int:
    """Load ``kg_file`` into a new persistent store in ``directory``; return its count."""
    store = OxigraphStore(directory)
    try:
        store.load_nquads(kg_file)
        return store.triple_count()
    finally:
        store.close()


def _new_dir_mode(target: Path) -> int:
    """The mode of the store being replaced, or a new folder's under the current umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o777 & ~umask


def write_persistent(kg_file: str | Path, directory: str | Path) -> int:
    """Build a persistent Oxigraph store of ``kg_file`` in ``directory``, atomically.

    The store is built in a temporary directory next to the target and then swapped in, so
    a failure (or a kill) at any point leaves the previous store as it was. Returns the
    number of triples (see :meth:`Store.triple_count`). Refuses to replace a directory that
    is not an Oxigraph store.
    """
    kg_file = Path(kg_file)
    target = Path(directory)
    if not kg_file.is_file():
        raise _missing_kg(kg_file)
    _recover(target)
    if target.exists():
        if not target.is_dir():
            raise StoreError(f"{target} is a file; give a directory for the store")
        if not _is_oxigraph_dir(target) and any(target.iterdir()):
            raise StoreError(
                f"{target} exists and is not an Oxigraph store; it is left untouched",
                hint="choose another --store directory, or remove this one yourself",
            )
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(
        tempfile.mkdtemp(prefix=f".{target.name}.building-{os.getpid()}-", dir=target.parent)
    )
    try:
        os.chmod(building, _new_dir_mode(target))  # mkdtemp makes it 0700
        count = _build_store_dir(kg_file, building)
        _swap_in(building, target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return count
