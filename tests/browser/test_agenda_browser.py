# ruff: noqa: F811  (the fixtures imported from tests/web/agenda are the arguments)
"""The agenda, its script and the targets in real Chromium, at a desk and on a 360 px phone.

Alice (office of Hà Nam) opens the congress page, makes the agenda from the template, gives the
discussion to Trần Thị Bình of the presidium and downloads the script of a congress with three
elections (read back with python-docx). She publishes the province's indicators; Lan (office of
Phủ Lý) enters her draft's own and sees what is missing, weaker and in another unit before
sending the draft up; Alice sees Phủ Lý's row in the table of the units below.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import docx
import pytest
from django.urls import reverse

from daihoi.web.accounts.models import Role
from tests.web.agenda.conftest import (  # noqa: F401  (the congresses and elections)
    CHAIR,
    duy_tien_congress,
    ha_nam_congress,
    phu_ly_congress,
    season,
    three_elections,
)

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("DAIHOI_SHOTS", "/tmp/daihoi-agenda-shots"))


def no_sideways_scroll(page: Any, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1280, 360])
def test_alice_makes_the_agenda_and_downloads_the_script(
    logged_in_page,
    alice,
    ha_nam_congress,
    three_elections,
    width,
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = logged_in_page(alice)
    page.set_viewport_size({"width": width, "height": 900 if width > 400 else 740})
    page.goto(reverse("season:congress_detail", args=[ha_nam_congress.pk]))
    page.get_by_role("link", name="Chương trình và kịch bản đại hội").click()
    page.get_by_test_id("create-agenda").click()
    page.wait_for_selector("text=Đã lập chương trình theo mẫu.")
    official = page.get_by_test_id("session-official")
    row = official.get_by_test_id("item").filter(has_text="Thảo luận các văn kiện")
    row.locator("summary").click()
    row.get_by_label("Người điều hành").select_option(label="Trần Thị Bình (Đoàn Chủ tịch)")
    row.get_by_label("Giờ").fill("9h45")
    row.get_by_role("button", name="Lưu").click()
    page.wait_for_selector("text=Đã lưu mục")
    row = (
        page.get_by_test_id("session-official")
        .get_by_test_id("item")
        .filter(has_text="Thảo luận các văn kiện")
    )
    assert "Trần Thị Bình" in row.get_by_test_id("lead").inner_text()
    assert "09:45" in row.inner_text()
    no_sideways_scroll(page, width)
    page.screenshot(path=str(SHOTS / f"agenda-{width}.png"), full_page=True)
    with page.expect_download() as info:
        page.get_by_test_id("script-download").click()
    data = Path(info.value.path()).read_bytes()
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    for e in three_elections:
        assert f"{e.title}: hướng dẫn bỏ phiếu" in text
        assert f"{e.title}: công bố kết quả" in text
    assert "09:45  Thảo luận các văn kiện\nĐồng chí Trần Thị Bình (Đoàn Chủ tịch)" in text
    assert f"Đồng chí {CHAIR} (Đoàn Chủ tịch)" in text
    assert "DỰ KIẾN PHÁT SINH VÀ PHƯƠNG ÁN XỬ LÝ" in text


@pytest.mark.parametrize("width", [1280, 360])
def test_lan_checks_phu_ly_targets_and_alice_sees_the_table(
    browser,
    live_server,
    logged_in_page,
    alice,
    make_user,
    tree,
    ha_nam_congress,
    phu_ly_congress,
    duy_tien_congress,
    width,
) -> None:
    from tests.web.conftest import PASSWORD

    SHOTS.mkdir(parents=True, exist_ok=True)
    page = logged_in_page(alice)
    page.set_viewport_size({"width": width, "height": 900 if width > 400 else 740})
    page.goto(reverse("agenda:targets", args=[ha_nam_congress.pk]))
    form = page.get_by_test_id("publish-form")
    for code, name, unit, value, direction in (
        ("GRDP", "Tăng trưởng GRDP", "%", "8,5", "Cao hơn là tốt hơn"),
        ("NGHEO", "Tỷ lệ hộ nghèo", "%", "1,5", "Thấp hơn là tốt hơn"),
        ("NTM", "Xã nông thôn mới nâng cao", "xã", "40", "Cao hơn là tốt hơn"),
    ):
        form = page.get_by_test_id("publish-form")
        form.get_by_label("Mã").fill(code)
        form.get_by_label("Tên chỉ tiêu").fill(name)
        form.get_by_label("Đơn vị tính").fill(unit)
        form.get_by_label("Giá trị").fill(value)
        form.get_by_label("Năm").fill("2030")
        form.get_by_label("Chiều tốt hơn").select_option(label=direction)
        form.get_by_role("button", name="Công bố chỉ tiêu").click()
        page.wait_for_selector(f"td:text-is('{code}')")

    lan = make_user("lan", tree.phu_ly, Role.OFFICE)
    context = browser.new_context(
        base_url=live_server.url,
        locale="vi-VN",
        viewport={"width": width, "height": 900 if width > 400 else 740},
    )
    tab = context.new_page()
    tab.goto("/accounts/login/")
    tab.fill("#id_username", lan.username)
    tab.fill("#id_password", PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_url(lambda url: "/accounts/login/" not in url)
    tab.goto(reverse("agenda:targets", args=[phu_ly_congress.pk]))
    for name, unit, value, code in (
        ("Tăng trưởng kinh tế", "%", "8", "GRDP — Tăng trưởng GRDP"),
        ("Hộ nghèo", "hộ", "120", "NGHEO — Tỷ lệ hộ nghèo"),
    ):
        form = tab.get_by_test_id("map-form")
        form.get_by_label("Tên chỉ tiêu trong dự thảo").fill(name)
        form.get_by_label("Đơn vị tính").fill(unit)
        form.get_by_label("Giá trị").fill(value)
        form.get_by_label("Ứng với chỉ tiêu cấp trên").select_option(label=code)
        form.get_by_role("button", name="Thêm chỉ tiêu").click()
        tab.wait_for_selector("text=Đã thêm chỉ tiêu của đơn vị.")
    assert "NTM" in tab.get_by_test_id("missing").inner_text()
    assert "Tăng trưởng kinh tế" in tab.get_by_test_id("weaker").inner_text()
    assert "Hộ nghèo" in tab.get_by_test_id("unit-mismatch").inner_text()
    # a value that is not a number is told, and what was typed stays
    form = tab.get_by_test_id("map-form")
    form.get_by_label("Tên chỉ tiêu trong dự thảo").fill("Thu nhập bình quân")
    form.get_by_label("Đơn vị tính").fill("triệu đồng")
    form.get_by_label("Giá trị").fill("khoảng 100")
    form.get_by_role("button", name="Thêm chỉ tiêu").click()
    tab.wait_for_selector("text=Giá trị phải là một số")
    assert tab.get_by_test_id("map-form").get_by_label(
        "Tên chỉ tiêu trong dự thảo"
    ).input_value() == ("Thu nhập bình quân")
    no_sideways_scroll(tab, width)
    tab.screenshot(path=str(SHOTS / f"targets-lan-{width}.png"), full_page=True)
    context.close()

    page.goto(reverse("agenda:targets", args=[ha_nam_congress.pk]))
    rows = page.get_by_test_id("unit-row")
    assert rows.count() == 2
    phu_ly = rows.filter(has_text="Phủ Lý").inner_text()
    assert "NTM" in phu_ly and "GRDP: 8" in phu_ly and "NGHEO: hộ" in phu_ly
    no_sideways_scroll(page, width)
    page.screenshot(path=str(SHOTS / f"targets-alice-{width}.png"), full_page=True)
