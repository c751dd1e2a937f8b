"""Base-unit secretaries report and follow difficulties from their phones: at 360 px no page
is wider than the screen, for every demo role, and the menu folds away."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from daihoi.web.demo.seed import DEMO_PASSWORD, build_demo
from daihoi.web.groups.services import difficulties_to_answer
from daihoi.web.season.services import visible_congresses

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
MAIN_PAGES = [
    "/",
    "/orgs/",
    "/season/",
    "/season/congresses/",
    "/season/difficulties/",
    "/season/groups/",
    "/season/difficulties/new/",
]
OFFICE_PAGES = ["/season/new/", "/audit/", "/accounts/users/", "/orgs/import/"]
ROLES = ["vanphong", "hanoi", "tocongtac", "bithu", "xem"]


@pytest.fixture
def demo(transactional_db: None) -> Any:
    return build_demo("small", seed=2025, today=timezone.localdate())


def phone_tab(browser: Any, base_url: str, username: str, language: str = "vi") -> Any:
    context = browser.new_context(
        base_url=base_url, viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True
    )
    context.set_default_timeout(15_000)
    if language != "vi":
        context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
    tab = context.new_page()
    tab.goto("/accounts/login/")
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    tab.fill("#id_username", username)
    tab.fill("#id_password", DEMO_PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_url(lambda url: "/accounts/login/" not in url)
    return tab


def pages_of(username: str) -> list[str]:
    user = User.objects.get(username=username)
    pages = list(MAIN_PAGES)
    congress = visible_congresses(user).order_by("-status", "pk").first()
    if congress is not None:
        pages += [
            f"/season/congresses/{congress.pk}/",
            f"/season/congresses/{congress.pk}/edit/",
            f"/org/{congress.organisation_id}/",
            f"/orgs/{congress.organisation_id}/",
        ]
    difficulty = difficulties_to_answer(user).order_by("pk").first()
    if difficulty is not None:
        pages.append(f"/season/difficulties/{difficulty.pk}/")
    if user.profile.role == "office":
        pages += OFFICE_PAGES
    return pages


def too_wide(tab: Any, paths: list[str]) -> dict[str, int]:
    wide = {}
    for path in paths:
        tab.goto(path)
        width = tab.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide[path] = width
    return wide


@pytest.mark.parametrize("username", ROLES)
def test_no_page_is_wider_than_a_phone(browser, live_server, demo, username):
    tab = phone_tab(browser, live_server.url, username)
    assert too_wide(tab, pages_of(username)) == {}
    tab.context.close()


def test_the_menu_folds_on_a_phone_and_opens_on_a_tap(browser, live_server, demo):
    tab = phone_tab(browser, live_server.url, "bithu")
    tab.goto("/season/difficulties/")
    menu = tab.locator("#menu")
    assert menu.evaluate("m => m.open") is False
    assert not tab.get_by_role("link", name="Tổ chức").is_visible()
    tab.locator("#menu > summary").click()
    tab.get_by_role("link", name="Tổ chức").click()
    tab.wait_for_url("**/orgs/")
    tab.context.close()


def test_without_javascript_the_menu_stays_usable(browser, live_server, demo):
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, java_script_enabled=False
    )
    tab = context.new_page()
    tab.goto("/accounts/login/")
    tab.fill("#id_username", "bithu")
    tab.fill("#id_password", DEMO_PASSWORD)
    with tab.expect_navigation():
        tab.click("main button[type=submit]")  # the top bar has the language's <noscript> button
    assert "/accounts/login/" not in tab.url, tab.locator("main").inner_text()
    assert tab.locator("#menu").evaluate("m => m.open") is True
    assert tab.locator("#menu").get_by_role("link", name="Vướng mắc").is_visible()
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_on_a_wide_screen_the_menu_is_always_open(browser, live_server, demo):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    tab.goto("/accounts/login/")
    tab.fill("#id_username", "hanoi")
    tab.fill("#id_password", DEMO_PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_url(lambda url: "/accounts/login/" not in url)
    assert tab.locator("#menu").evaluate("m => m.open") is True
    assert not tab.locator("#menu > summary").is_visible()
    assert tab.get_by_role("link", name="Nhật ký").is_visible()
    context.close()


def test_erin_reports_a_difficulty_from_her_phone(browser, live_server, demo):
    tab = phone_tab(browser, live_server.url, "bithu")
    tab.goto("/season/difficulties/new/")
    tab.fill("#id_title", "Chưa rõ cách tính số dư")
    tab.get_by_role("button", name="Gửi vướng mắc").click()
    tab.wait_for_load_state()
    assert tab.locator("#difficulty-status").inner_text() == "Chờ trả lời"
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    tab.get_by_role("button", name="Đóng vướng mắc").click()
    tab.wait_for_load_state()
    assert tab.locator("#difficulty-status").inner_text() == "Đã đóng"
    tab.context.close()


def test_in_english_on_a_phone(browser, live_server, demo):
    """The same secretary with the interface in English: labels, menu and messages translated,
    no page wider than the screen."""
    tab = phone_tab(browser, live_server.url, "bithu", language="en")
    assert too_wide(tab, pages_of("bithu")) == {}
    tab.goto("/season/difficulties/new/")
    assert tab.locator("#menu > summary").inner_text().startswith("Menu")
    assert tab.locator("label[for=id_title]").inner_text() == "Subject:"
    assert tab.locator("label[for=id_due_date]").inner_text() == "Answer requested by:"
    tab.get_by_role("button", name="Send").click()
    tab.wait_for_load_state()
    assert tab.locator("label[for=id_title]").is_visible()  # refused: no subject
    congress = visible_congresses(User.objects.get(username="bithu")).first()
    tab.goto(f"/season/congresses/{congress.pk}/")
    assert tab.get_by_role("link", name="Edit the congress").is_visible()
    assert tab.locator("h1").inner_text().startswith("Congress ")
    tab.goto(f"/season/congresses/{congress.pk}/edit/")
    assert tab.locator("label[for=id_planned_date]").inner_text() == "Planned date:"
    tab.context.close()
