"""Fixtures and helpers for the dashboard and difficulty browser stories (tests/browser).

The browser itself, ``page`` and ``logged_in_page`` come from tests/browser/conftest.py; this
adds the season scenario and the people in it, and a second logged-in tab for stories with two
users at once.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from daihoi.web.accounts.models import Role
from tests.web.conftest import PASSWORD, Tree
from tests.web.season.scenario import SeasonScenario, build_scenario


@pytest.fixture
def dave(tree: Tree, make_user: Any) -> User:
    """Dave is a member of Hà Nam's working group no. 1, which follows Phủ Lý."""
    return make_user("dave", tree.ha_nam, Role.WORKING_GROUP)


@pytest.fixture
def erin(tree: Tree, make_user: Any) -> User:
    """Erin is the secretary of Minh Khai (a base under Phủ Lý)."""
    return make_user("erin", tree.minh_khai, Role.SECRETARY)


@pytest.fixture
def scenario(transactional_db: None, tree: Tree, dave: User) -> SeasonScenario:
    return build_scenario(tree, timezone.localdate(), dave)


def second_tab(browser: Any, base_url: str, user: User) -> Any:
    """Another browser context (its own cookies), logged in as ``user`` through the form."""
    context = browser.new_context(base_url=base_url, locale="vi-VN")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.goto("/accounts/login/")
    tab.fill("#id_username", user.username)
    tab.fill("#id_password", PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_url(lambda url: "/accounts/login/" not in url)
    return tab
