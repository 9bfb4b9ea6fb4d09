"""Store folders on disk: swapped in atomically, and recovered after a killed writer.

A store is built in a temporary directory next to its target and swapped in (one atomic
``renameat2`` exchange on Linux, two renames elsewhere). :func:`check_store_dir` (used when
a store is opened) first undoes what a killed writer left behind.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sys
import time
from pathlib import Path

from kg.errors import StoreError
from kg.store.base import STORE_HINT


def is_oxigraph_dir(path: Path) -> bool:
    return (path / "CURRENT").is_file()


def check_store_dir(path: Path) -> None:
    recover(path)
    if not path.exists():
        raise StoreError(f"no store at {path}", hint=STORE_HINT.format(dir=path))
    if not path.is_dir():
        raise StoreError(
            f"{path} is a file, not a store directory",
            hint="give the directory written by kg build --store DIR",
        )
    if not is_oxigraph_dir(path):
        raise StoreError(
            f"{path} is not an Oxigraph store (no CURRENT file)",
            hint=STORE_HINT.format(dir=path),
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


def recover(target: Path) -> None:
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


def swap_in(new: Path, target: Path) -> None:
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
