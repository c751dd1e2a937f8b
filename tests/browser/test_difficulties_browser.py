"""Erin reports a difficulty for Minh Khai; Dave's working group answers it; Erin reads it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.web.season.browser_support import dave, erin, scenario, second_tab  # noqa: F401

pytestmark = pytest.mark.browser


def test_erin_reports_and_dave_answers(
    browser,
    live_server,
    logged_in_page,
    scenario,  # noqa: F811 (the fixtures imported above)
    erin,  # noqa: F811
    dave,  # noqa: F811
):
    erin_page = logged_in_page(erin)
    erin_page.goto("/season/difficulties/new/")
    erin_page.fill("#id_title", "Bầu trực tiếp bí thư khi chỉ có một ứng cử viên")
    erin_page.fill("#id_body", "Đề nghị hướng dẫn mẫu phiếu bầu.")
    due = scenario.today + timedelta(days=5)
    erin_page.fill("#id_due_date", due.strftime("%d/%m/%Y"))
    erin_page.get_by_role("button", name="Gửi vướng mắc").click()
    erin_page.wait_for_load_state()
    assert erin_page.locator("#difficulty-status").inner_text() == "Chờ trả lời"
    assert "Tổ công tác số 1 — Hà Nam" in erin_page.content()
    assert erin_page.get_by_role("button", name="Trả lời, hướng dẫn").count() == 0
    difficulty_url = erin_page.url

    dave_page = second_tab(browser, live_server.url, dave)
    dave_page.goto("/season/difficulties/?mine=1")
    dave_page.get_by_role("link", name="Bầu trực tiếp bí thư khi chỉ có một ứng cử viên").click()
    dave_page.wait_for_load_state()
    dave_page.fill("#id_text", "Dùng mẫu phiếu đồng ý / không đồng ý, đánh dấu X.")
    dave_page.get_by_role("button", name="Trả lời, hướng dẫn").click()
    dave_page.wait_for_load_state()
    assert dave_page.locator("#difficulty-status").inner_text() == "Đã trả lời"
    dave_page.context.close()

    erin_page.goto(difficulty_url)
    history = erin_page.locator("#history").inner_text()
    assert "Dùng mẫu phiếu đồng ý / không đồng ý, đánh dấu X." in history
    assert "dave" in history
    assert erin_page.locator("#difficulty-status").inner_text() == "Đã trả lời"


def test_a_form_being_sent_is_not_sent_again(logged_in_page, scenario, erin):  # noqa: F811
    """The page stops a second send while the first is on its way (the server acts once anyway:
    tests/web/season/test_sent_twice.py)."""
    page = logged_in_page(erin)
    page.goto("/season/difficulties/new/")
    sent = page.evaluate(
        """() => {
            const form = document.querySelector("form.dh-form");
            const seen = [];
            document.addEventListener("submit", (e) => { seen.push(e.defaultPrevented); e.preventDefault(); });
            for (let i = 0; i < 2; i++) form.dispatchEvent(new Event("submit", {cancelable: true, bubbles: true}));
            return seen;
        }"""
    )
    assert sent == [False, True]
