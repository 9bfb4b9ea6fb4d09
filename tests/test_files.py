"""Atomic writes: a reader never sees half a file, a failure leaves the old one."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kg.errors import KGError
from kg.files import write_atomic


def test_write_atomic_replaces_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "kg.nq"
    write_atomic(target, "first\n")
    write_atomic(target, "second ✓\n")
    assert target.read_bytes() == "second ✓\n".encode()
    assert os.listdir(target.parent) == ["kg.nq"]


def test_write_atomic_cleans_up_when_the_rename_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "kg.nq"
    target.write_text("old\n")

    def refuse(_src: object, _dst: object) -> None:
        raise OSError(13, "Permission denied")

    monkeypatch.setattr("kg.files.os.replace", refuse)
    with pytest.raises(KGError, match="cannot write kg.nq there: Permission denied"):
        write_atomic(target, "new\n")
    assert target.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["kg.nq"]


def test_write_atomic_gives_a_new_file_the_umask_mode_and_keeps_an_old_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        new = write_atomic(tmp_path / "new.txt", b"x")
        assert stat.S_IMODE(new.stat().st_mode) == 0o644
        kept = tmp_path / "kept.txt"
        kept.write_text("x")
        kept.chmod(0o600)
        write_atomic(kept, "y")
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    finally:
        os.umask(old)
