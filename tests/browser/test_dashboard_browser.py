"""Alice reads Hà Nam's dashboard in Chromium, drills down to Phủ Lý, and cannot open Bob's."""

from __future__ import annotations

import pytest

from tests.web.season.browser_support import dave, scenario  # noqa: F401

pytestmark = pytest.mark.browser


def test_alice_reads_the_dashboard_and_drills_down(logged_in_page, scenario, alice, tree):  # noqa: F811
    page = logged_in_page(alice)
    page.goto("/")
    assert page.locator("h1").inner_text() == "Tiến độ đại hội: Đảng bộ tỉnh Hà Nam"
    assert page.locator("[data-figure=held]").inner_text() == "1/7"
    assert "Cơ sở: dự kiến đạt 66,67% trước" in page.locator("#forecast").inner_text()
    assert page.locator("#forecast svg.completion-chart").count() == 1
    assert "Đảng bộ phường Hòa Mạc" in page.locator("#overdue").inner_text()

    page.locator("#children").get_by_role("link", name="Đảng bộ thành phố Phủ Lý").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Tiến độ đại hội: Đảng bộ thành phố Phủ Lý"
    children = page.locator("#children").inner_text()
    assert "Đảng bộ phường Minh Khai" in children
    assert "Đảng bộ thị xã Duy Tiên" not in children
    page.locator(".breadcrumbs").get_by_role("link", name="Đảng bộ tỉnh Hà Nam").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Tiến độ đại hội: Đảng bộ tỉnh Hà Nam"

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải toàn bộ các bảng (Excel)").click()
    assert download.value.suggested_filename == "tien-do-HNA.xlsx"

    response = page.goto(f"/org/{tree.ninh_binh.pk}/")
    assert response is not None and response.status == 404
    assert "Ninh Bình" not in page.content()
