# ruff: noqa: F811  (the fixtures imported from browser_support are parameters of the tests)
"""In real Chromium: the states a page must not get wrong (tests/web/season/test_states.py
has the server's side of each)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from daihoi.web.groups import services as group_services
from daihoi.web.groups.models import DifficultyStatus
from daihoi.web.season.models import Congress, CongressStatus
from tests.web.season.browser_support import dave, erin, scenario  # noqa: F401
from tests.web.test_import import run_worker

pytestmark = pytest.mark.browser


def test_erin_closes_and_reopens_a_difficulty_without_a_note(logged_in_page, scenario, tree, erin):
    d = group_services.report_difficulty(
        erin,
        season=scenario.season,
        org=tree.minh_khai,
        title="Số dư trong danh sách",
        body="",
        due_date=None,
    )
    page = logged_in_page(erin)
    page.goto(f"/season/difficulties/{d.pk}/")
    assert page.locator("#id_text").get_attribute("required") is None
    page.get_by_role("button", name="Đóng vướng mắc").click()
    page.wait_for_load_state()
    assert page.locator("#difficulty-status").inner_text() == "Đã đóng"
    assert "Đã cập nhật vướng mắc." in page.locator(".messages").inner_text()
    page.get_by_role("button", name="Mở lại").click()
    page.wait_for_load_state()
    assert page.locator("#difficulty-status").inner_text() == "Chờ trả lời"
    d.refresh_from_db()
    assert d.status == DifficultyStatus.OPEN


def test_an_empty_comment_is_answered_with_a_message(logged_in_page, scenario, tree, erin):
    d = group_services.report_difficulty(
        erin,
        season=scenario.season,
        org=tree.minh_khai,
        title="Số dư trong danh sách",
        body="",
        due_date=None,
    )
    page = logged_in_page(erin)
    page.goto(f"/season/difficulties/{d.pk}/")
    page.get_by_role("button", name="Trao đổi thêm").click()
    page.wait_for_load_state()
    assert "Hãy nhập nội dung trả lời hoặc trao đổi." in page.content()
    assert d.events.count() == 1


def test_alice_cannot_record_a_congress_held_tomorrow(logged_in_page, scenario, alice):
    c = scenario.bien_hoa
    page = logged_in_page(alice)
    page.goto(f"/season/congresses/{c.pk}/edit/")
    page.select_option("#id_status", "held")
    tomorrow = scenario.today + timedelta(days=1)
    page.fill("#id_held_date", tomorrow.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    assert f"Ngày tổ chức không thể sau hôm nay ({scenario.today:%d/%m/%Y})." in page.content()
    c.refresh_from_db()
    assert c.status == CongressStatus.PLANNED


def test_alice_reopens_a_congress_marked_held_by_mistake(logged_in_page, scenario, alice):
    c = scenario.minh_khai
    page = logged_in_page(alice)
    page.goto(f"/season/congresses/{c.pk}/")
    page.select_option("#reopen select[name=status]", "planned")
    page.fill("#reopen input[name=reason]", "Ghi nhầm đơn vị")
    page.get_by_role("button", name="Mở lại tình trạng").click()
    page.wait_for_load_state()
    assert "Đã mở lại tình trạng đại hội." in page.content()
    assert page.locator("#reopen").count() == 0
    c.refresh_from_db()
    assert (c.status, c.held_date) == ("planned", None)


def test_alice_types_the_vote_share_the_vietnamese_way(logged_in_page, scenario, alice):
    c = scenario.minh_khai
    page = logged_in_page(alice)
    page.goto(f"/season/congresses/{c.pk}/edit/")
    field = page.locator("#id_secretary_vote_percent")
    assert (field.get_attribute("type"), field.get_attribute("inputmode")) == ("text", "decimal")
    field.fill("85,5")
    page.fill("#id_convened", "1.234")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    assert "85,50%" in page.locator("#congress").inner_text()
    c.refresh_from_db()
    assert (c.secretary_vote_percent, c.convened) == (Decimal("85.5"), 1234)

    page.goto(f"/season/congresses/{c.pk}/edit/")
    page.fill("#id_secretary_vote_percent", "85.5")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    assert "không rõ là 85,5 hay 855" in page.content()


def test_charlie_the_viewer_sees_no_report_link(logged_in_page, scenario, charlie):
    page = logged_in_page(charlie)
    page.goto("/season/difficulties/")
    assert page.get_by_role("link", name="Báo cáo vướng mắc mới").count() == 0


def test_a_congress_planned_yesterday_is_overdue_and_not_this_week(logged_in_page, scenario, alice):
    Congress.objects.filter(pk=scenario.bien_hoa.pk).update(
        planned_date=scenario.today - timedelta(days=1)
    )
    page = logged_in_page(alice)
    page.goto("/")
    assert "Chi bộ Trường THPT chuyên Biên Hòa" in page.locator("#overdue").inner_text()
    assert "Chi bộ Trường THPT chuyên Biên Hòa" not in page.locator("#this-week").inner_text()


def test_units_alice_imports_get_their_congress(logged_in_page, scenario, alice):
    page = logged_in_page(alice)
    page.goto("/orgs/import/")
    data = (
        "code,name,parent_code,level\n"
        "HNA-KB,Đảng bộ huyện Kim Bảng,HNA,upper_base\n"
        "HNA-KB-01,Đảng bộ xã Thanh Sơn,HNA-KB,base\n"
    ).encode()
    page.set_input_files(
        "input[type=file]", files=[{"name": "kim-bang.csv", "mimeType": "text/csv", "buffer": data}]
    )
    page.get_by_role("button", name="Gửi tệp để kiểm tra và nhập").click()
    run_worker()
    expect(page.get_by_test_id("import-done")).to_be_visible()
    page.goto("/season/congresses/?status=not_planned")
    listing = page.locator("table").inner_text()
    assert "Đảng bộ huyện Kim Bảng" in listing and "Đảng bộ xã Thanh Sơn" in listing
