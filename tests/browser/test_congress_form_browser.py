# ruff: noqa: F811  (the fixtures imported from browser_support are parameters of the tests)
"""In real Chromium: the congress edit form in sections (plan, held, results, delegates) with
help under the fields, usable on a 360 px phone, in Vietnamese and in English; and the bulk
update from Excel, preview then apply.

Screenshots go to ``$DAIHOI_SHOTS`` when it is set (to look at them), else nowhere.
"""

from __future__ import annotations

import os
from datetime import timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from daihoi.web.audit.models import AuditEntry
from daihoi.web.season.models import Congress, CongressStatus
from tests.tasks import run_worker
from tests.web.season.browser_support import dave, erin, scenario  # noqa: F401

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def _shot(page: Any, name: str) -> None:
    folder = os.environ.get("DAIHOI_SHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def _page_width(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def test_alice_fills_in_biên_hoas_results_in_sections(logged_in_page, scenario, alice):
    page = logged_in_page(alice)
    page.goto(f"/season/congresses/{scenario.bien_hoa.pk}/edit/")
    legends = page.locator("fieldset legend").all_inner_texts()
    assert legends == ["Kế hoạch", "Ngày đại hội", "Kết quả bầu cử", "Đại biểu dự đại hội cấp trên"]
    assert "không thể sau hôm nay" in page.locator("fieldset").nth(1).inner_text()
    _shot(page, "congress-form-1280")
    page.select_option("#id_status", "held")
    page.fill("#id_held_date", (scenario.today - timedelta(days=1)).strftime("%d/%m/%Y"))
    page.fill("#id_convened", "48")
    page.fill("#id_present", "46")
    page.check("#id_secretary_elected_directly")
    page.fill("#id_secretary_vote_percent", "85,5")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(f"**/season/congresses/{scenario.bien_hoa.pk}/")
    congress = Congress.objects.get(pk=scenario.bien_hoa.pk)
    assert congress.status == CongressStatus.HELD and congress.present == 46
    assert str(congress.secretary_vote_percent) == "85.50"


def test_on_a_phone_the_form_is_one_column_and_errors_sit_under_their_field(
    browser, live_server, scenario, alice
):
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("#id_username", alice.username)
    from tests.web.conftest import PASSWORD

    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"/season/congresses/{scenario.bien_hoa.pk}/edit/")
    assert _page_width(page) <= 360
    boxes = [page.locator(f"#id_{n}").bounding_box() for n in ("convened", "present")]
    assert boxes[0]["x"] == boxes[1]["x"] and boxes[1]["y"] > boxes[0]["y"]  # one column
    assert boxes[0]["x"] + boxes[0]["width"] <= 360
    _shot(page, "congress-form-360")
    page.select_option("#id_status", "held")
    page.fill("#id_held_date", (scenario.today + timedelta(days=5)).strftime("%d/%m/%Y"))
    page.fill("#id_present", "60")
    page.fill("#id_convened", "48")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    held_group = page.locator("fieldset").nth(1).inner_text()
    assert "Ngày tổ chức không thể sau hôm nay" in held_group
    assert "Số có mặt không được lớn hơn số được triệu tập." in held_group
    assert _page_width(page) <= 360
    _shot(page, "congress-form-360-errors")
    context.close()


def test_in_english_the_sections_and_help_are_english(logged_in_page, scenario, alice):
    page = logged_in_page(alice)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.url}])
    page.goto(f"/season/congresses/{scenario.bien_hoa.pk}/edit/")
    legends = page.locator("fieldset legend").all_inner_texts()
    assert legends == [
        "Plan",
        "Congress day",
        "Election results",
        "Delegates to the higher congress",
    ]
    assert "cannot be after today" in page.locator("fieldset").nth(1).inner_text()
    _shot(page, "congress-form-en")


def test_alice_updates_from_excel_preview_then_apply(
    logged_in_page, scenario, tree, alice, tmp_path
):
    page = logged_in_page(alice)
    page.goto(f"/season/congresses/?org={tree.ha_nam.pk}")
    with page.expect_download() as download:
        page.get_by_test_id("congress-export").click()
    book = load_workbook(BytesIO(Path(download.value.path()).read_bytes()))
    sheet = book.active
    columns = {c.value: c.column for c in sheet[2]}
    for row in range(3, sheet.max_row + 1):
        if sheet.cell(row=row, column=1).value == "HNA-PL":
            sheet.cell(
                row=row, column=columns["Ngày dự kiến"], value=scenario.today + timedelta(45)
            )
    filled = tmp_path / "dai-hoi.xlsx"
    out = BytesIO()
    book.save(out)
    filled.write_bytes(out.getvalue())
    page.get_by_test_id("congress-upload").click()
    page.set_input_files("#id_file", str(filled))
    page.get_by_role("button", name="Gửi tệp để xem trước").click()
    # The request only stored the file: the page waits for the worker's check, then shows what
    # the file changes without being reloaded.
    expect(page.get_by_role("status")).to_contain_text("Đang kiểm tra…")
    run_worker()
    changes = page.get_by_test_id("upload-changes")
    expect(changes).to_contain_text("Đảng bộ thành phố Phủ Lý")
    expect(changes).to_contain_text("Ngày dự kiến")
    assert Congress.objects.get(pk=scenario.phu_ly.pk).planned_date == scenario.phu_ly.planned_date
    _shot(page, "congress-upload-preview")
    # A double click queues one apply.
    page.get_by_test_id("upload-apply").dblclick()
    expect(page.get_by_role("status")).to_contain_text("Đang ghi các thay đổi…")
    run_worker()
    expect(page.get_by_test_id("upload-applied")).to_contain_text("Đã cập nhật 1 đại hội")
    assert AuditEntry.objects.filter(action="congress.import").count() == 1
    assert Congress.objects.get(pk=scenario.phu_ly.pk).planned_date == scenario.today + timedelta(
        45
    )
