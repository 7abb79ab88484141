"""Real-browser tests: Playwright driving Debian's Chromium against a live server.

Where no Chromium is installed they are skipped with a notice, except in CI (CI=true), where a
missing browser is a failure: `.ci/run` installs it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import PASSWORD

CHROMIUM = os.environ.get("POISE_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Chromium is required in CI but {CHROMIUM} is missing")
        pytest.skip(f"browser tests skipped: no Chromium at {CHROMIUM} (apt install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in the test thread, so Django would refuse the
    # test's own (synchronous, safe) database calls; allowed for the browser tests only.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(viewport={"width": 360, "height": 740})  # a small phone
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    yield page
    context.close()


def log_in(page: Any, username: str) -> None:
    page.goto(f"{page.base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def screenshot(page: Any, name: str) -> None:
    """Saved for a person to look at when POISE_SCREENSHOTS names a folder."""
    if os.environ.get("POISE_SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['POISE_SCREENSHOTS']}/{name}.png", full_page=True)
