"""Shared pytest fixtures, one section per kind; add yours in a new section."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

# =============================================================================================
# Browser fixtures (tests marked @pytest.mark.browser)
#
# A real Debian Chromium (/usr/bin/chromium) driven by Playwright's sync API. Playwright's
# own browser download is never used. Without /usr/bin/chromium the browser tests are
# skipped with a reason, except when the CI environment variable is set: then they fail.
# =============================================================================================

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]
LOCAL_SCHEMES = ("file:", "data:", "about:")
#: Screenshots of browser tests land here (gitignored).
ARTIFACTS = Path(__file__).parent / "artifacts"


def _browser_unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so browser tests must run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session."""
    if not CHROMIUM.exists():
        _browser_unavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _browser_unavailable("the playwright Python package is not installed")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@dataclass
class WatchedPage:
    """A page whose external requests are blocked and counted, with its errors collected."""

    page: Any
    blocked_requests: list[str] = field(default_factory=list)
    remote_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        """Fail if the page asked for anything remote, logged an error or opened a dialog."""
        assert self.blocked_requests == []
        assert self.remote_requests == []
        assert self.console_errors == []
        assert self.page_errors == []
        assert self.dialogs == []


@pytest.fixture
def watched_page(browser: Any) -> Iterator[WatchedPage]:
    """A fresh page (own context) that aborts every request that is not file:, data: or about:."""
    context = browser.new_context(viewport={"width": 1400, "height": 950})
    page = context.new_page()
    watched = WatchedPage(page)

    def route(route: Any) -> None:
        url = route.request.url
        if url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            watched.blocked_requests.append(url)
            route.abort()

    def on_dialog(dialog: Any) -> None:
        watched.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_request(request: Any) -> None:
        # Also counts requests that bypass routing (e.g. from service workers).
        if not request.url.startswith(LOCAL_SCHEMES):
            watched.remote_requests.append(request.url)

    context.route("**/*", route)
    page.on("request", on_request)
    page.on("dialog", on_dialog)
    page.on(
        "console",
        lambda message: (
            watched.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: watched.page_errors.append(str(error)))
    try:
        yield watched
    finally:
        context.close()


# --- the seed KG, built once per test session ------------------------------------------


@pytest.fixture(scope="session")
def seed_kg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed project's KG, built into a temporary N-Quads file (the project is untouched)."""
    from kg.build import build
    from kg.project import Project

    kg_file = tmp_path_factory.mktemp("seed") / "kg.nq"
    build(Project(Path(__file__).resolve().parent.parent), output=kg_file)
    return kg_file
