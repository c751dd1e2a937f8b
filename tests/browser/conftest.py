"""Real Chromium (Debian's) driven by Playwright against pytest-django's live server.

Shared with every browser test: ``page`` (a fresh browser tab) and ``logged_in_page(user)``
(a tab logged in through the login form). The named people and the ``tree`` are the same as in
``tests/web`` (Alice of Hà Nam, Bob of Ninh Bình, Charlie viewer of Phủ Lý, Sam superuser).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; Django would refuse ORM calls from
# the test body without this.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from tests.web.conftest import (  # noqa: F401  (fixtures shared with tests/web)
    PASSWORD,
    Tree,
    _fast_password_hashing,
    alice,
    bob,
    charlie,
    client_of,
    make_user,
    sam,
    tree,
)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A fresh tab (its own cookies) whose ``base_url`` is the live server."""
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def logged_in_page(page: Any) -> Callable[[Any], Any]:
    """``logged_in_page(alice)`` → the tab, logged in as Alice through the login form."""

    def log_in(user: Any) -> Any:
        page.goto("/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    return log_in
