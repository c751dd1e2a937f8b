"""Helpers shared by the dashboard and difficulty browser stories (real Chromium)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from daihoi.web.accounts.models import Role
from tests.web.conftest import PASSWORD, Tree, alice, make_user, tree  # noqa: F401
from tests.web.season.scenario import SeasonScenario, build_scenario

CHROMIUM = os.environ.get("DAIHOI_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture
def chromium() -> Iterator[object]:
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # alongside it are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def dave(tree: Tree, make_user) -> User:  # type: ignore[no-untyped-def]  # noqa: F811
    return make_user("dave", tree.ha_nam, Role.WORKING_GROUP)


@pytest.fixture
def erin(tree: Tree, make_user) -> User:  # type: ignore[no-untyped-def]  # noqa: F811
    return make_user("erin", tree.minh_khai, Role.SECRETARY)


@pytest.fixture
def scenario(transactional_db, tree: Tree, dave: User) -> SeasonScenario:  # type: ignore[no-untyped-def]  # noqa: F811
    return build_scenario(tree, timezone.localdate(), dave)


def log_in(browser, base_url: str, username: str):  # type: ignore[no-untyped-def]
    """A fresh browser context logged in through the login form."""
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()
    return page
