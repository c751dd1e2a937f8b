# ruff: noqa: F811  (the fixtures imported from browser_support are parameters of the tests)
"""In real Chromium: the congress calendar a month at a time, on a desk and on a 360 px phone
(where it is a list of the days that have congresses), and the reminders page on a phone.

Screenshots go to ``$DAIHOI_SHOTS`` when it is set (to look at them), else nowhere.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from daihoi.web.season.calendar import month_key
from tests.web.conftest import PASSWORD
from tests.web.season.browser_support import dave, erin, scenario  # noqa: F401

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def _shot(page: Any, name: str) -> None:
    folder = os.environ.get("DAIHOI_SHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def _phone(browser: Any, base_url: str, user: Any) -> Any:
    context = browser.new_context(
        base_url=base_url, viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


def test_alice_walks_the_calendar_month_by_month(logged_in_page, scenario, tree, alice):
    page = logged_in_page(alice)
    month = month_key(scenario.phu_ly.planned_date)
    page.goto(f"/season/congresses/calendar/?org={tree.ha_nam.pk}&month={month}")
    calendar = page.get_by_test_id("calendar")
    assert "Đảng bộ thành phố Phủ Lý" in calendar.inner_text()
    _shot(page, "calendar-1280")
    title = page.get_by_test_id("month-title").inner_text()
    page.get_by_test_id("month-next").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("month-title").inner_text() != title
    page.get_by_test_id("month-previous").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("month-title").inner_text() == title
    page.get_by_role("link", name="Đảng bộ thành phố Phủ Lý").click()
    page.wait_for_url(f"**/season/congresses/{scenario.phu_ly.pk}/")


def test_on_a_phone_the_calendar_is_a_list_of_days(browser, live_server, scenario, tree, alice):
    page = _phone(browser, live_server.url, alice)
    month = month_key(scenario.hoa_mac.planned_date)
    page.goto(f"/season/congresses/calendar/?org={tree.ha_nam.pk}&month={month}")
    assert int(page.evaluate("document.documentElement.scrollWidth")) <= 360
    overdue = page.locator(".dh-ev-overdue", has_text="Đảng bộ phường Hòa Mạc")
    assert overdue.is_visible()
    box = overdue.bounding_box()
    assert box["x"] + box["width"] <= 360 and box["width"] > 200  # a full-width line
    _shot(page, "calendar-360")
    page.goto(f"/reminders/?org={tree.ha_nam.pk}&days=30")
    assert int(page.evaluate("document.documentElement.scrollWidth")) <= 360
    assert "Đảng bộ phường Hòa Mạc" in page.get_by_test_id("reminders-overdue").inner_text()
    _shot(page, "reminders-360")
    page.context.close()
