"""A real Oxigraph SPARQL server on loopback, for tests marked ``@pytest.mark.endpoint``.

Import the fixture into a test module (or into conftest.py to share it everywhere)::

    from endpoint_fixtures import oxigraph_server  # noqa: F401

``oxigraph_server`` yields the server's base URL; the SPARQL query endpoint is
``BASE/query``, updates go to ``BASE/update`` and the Graph Store Protocol to ``BASE/store``.
The binary is the ``oxigraph`` next to the running Python (the ``oxigraph`` pip package), or
the one on PATH. Without it the tests are skipped with a reason, unless the CI environment
variable is set: then they fail.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

STARTUP_SECONDS = 10.0


def oxigraph_binary() -> Path | None:
    """The ``oxigraph`` server binary next to ``sys.executable``, else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file() and os.access(beside, os.X_OK):
        return beside
    found = shutil.which("oxigraph")
    return Path(found) if found else None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(base: str) -> bool:
    request = urllib.request.Request(
        base + "/query",
        data=b"ASK {}",
        method="POST",
        headers={
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json",
        },
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=1) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@contextmanager
def running_oxigraph(location: Path, *extra_args: str) -> Iterator[str]:
    """Start ``oxigraph serve`` on a free loopback port; yield its base URL; stop it.

    ``extra_args`` go to ``serve`` (e.g. ``"--timeout-s", "1"``). Skips (or fails under
    CI) when the binary is missing.
    """
    binary = oxigraph_binary()
    if binary is None:
        reason = "the oxigraph server binary is not installed (pip install oxigraph)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI is set, so endpoint tests must run", pytrace=False)
        pytest.skip(reason)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = location.parent / f"{location.name}.log"
    command = [str(binary), "serve", "--location", str(location)]
    command += ["--bind", f"127.0.0.1:{port}", *extra_args]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _answers(base):
            if process.poll() is not None:
                pytest.fail(
                    f"oxigraph serve exited with code {process.returncode}: "
                    f"{log_path.read_text(errors='replace')[-500:]}",
                    pytrace=False,
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"oxigraph serve did not answer on {base} within {STARTUP_SECONDS:g} s",
                    pytrace=False,
                )
            time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a fresh Oxigraph server (empty store on disk) for one test module."""
    location = tmp_path_factory.mktemp("oxigraph") / "db"
    with running_oxigraph(location) as base:
        yield base
