"""Alice at her desk: logs in, finds her way down the tree, imports a file, and is kept out of Ninh Bình."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.tasks import run_worker

pytestmark = pytest.mark.browser


def test_it_says_the_password_is_wrong_then_lets_alice_in(page, alice):
    page.goto("/")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", "alice")
    page.fill("#id_password", "khong-dung")
    page.click("button[type=submit]")
    expect(page.get_by_test_id("login-error")).to_contain_text(
        "Tên đăng nhập hoặc mật khẩu không đúng"
    )
    page.fill("#id_password", "mat-khau-thu-123")
    page.click("button[type=submit]")
    expect(page.locator(".topbar .unit")).to_have_text("Đảng bộ tỉnh Hà Nam")
    expect(page.get_by_test_id("current-user")).to_contain_text("Cán bộ văn phòng")


def test_it_drills_down_from_the_province_to_a_cell(logged_in_page, alice, tree):
    page = logged_in_page(alice)
    page.goto("/orgs/")
    phu_ly = page.locator("li[data-code='HNA-PL']")
    expect(phu_ly).to_be_visible()
    expect(page.get_by_text("Đảng bộ phường Minh Khai")).to_be_hidden()
    phu_ly.locator("> details > summary .code").click()  # expand: htmx loads the children
    expect(page.get_by_role("link", name="Đảng bộ phường Minh Khai")).to_be_visible()
    minh_khai = page.locator("li[data-code='HNA-PL-01']")
    minh_khai.locator("> details > summary .code").click()
    expect(page.get_by_role("link", name="Chi bộ tổ dân phố số 1")).to_be_visible()
    page.get_by_role("link", name="Chi bộ tổ dân phố số 1").click()
    expect(page.locator("h1")).to_have_text("Chi bộ tổ dân phố số 1")
    expect(page.locator(".crumbs")).to_contain_text(
        "Đảng bộ tỉnh Hà Nam › Đảng bộ thành phố Phủ Lý › Đảng bộ phường Minh Khai"
    )
    expect(page.get_by_text("Ninh Bình")).to_have_count(0)


def test_it_lists_the_problems_of_a_bad_file_by_row(logged_in_page, alice, tree):
    page = logged_in_page(alice)
    page.goto("/orgs/")
    page.get_by_role("link", name="Nhập từ tệp").click()
    bad = (
        "code,name,parent_code,level,type,members\n"
        "HNA-KB,Đảng bộ huyện Kim Bảng,HNA,upper_base,Đảng bộ huyện,6100\n"
        "HNA-KB-01,Đảng bộ xã A,HNA-XX,base,,100\n"
        "HNA-KB,Trùng mã,HNA,upper_base,,10\n"
        "HNA-KB-02,Đảng bộ xã B,HNA-KB,base,,mười\n"
    ).encode()
    page.set_input_files(
        "input[type=file]", files=[{"name": "kim-bang.csv", "mimeType": "text/csv", "buffer": bad}]
    )
    page.get_by_role("button", name="Gửi tệp để kiểm tra và nhập").click()
    # The request only queued the file: the page waits for the worker, then shows what it found
    # without being reloaded.
    expect(page.get_by_role("status")).to_contain_text("Đang chờ tiến trình nền")
    run_worker()
    problems = page.get_by_test_id("import-problems")
    expect(problems).to_contain_text("có 3 lỗi; chưa có thay đổi nào được ghi")
    rows = problems.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("3")
    expect(rows.nth(0)).to_contain_text("HNA-XX")
    expect(rows.nth(1)).to_contain_text("trùng với dòng 2")
    expect(rows.nth(2)).to_contain_text("«mười»")
    page.goto("/orgs/?q=Kim Bảng")
    expect(page.get_by_text("Không tìm thấy tổ chức nào.")).to_be_visible()


def test_it_refuses_alice_a_page_of_ninh_binh(logged_in_page, alice, tree):
    page = logged_in_page(alice)
    response = page.goto(f"/orgs/{tree.hoa_lu.pk}/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Không tìm thấy trang")
    expect(page.get_by_text("Đảng bộ thành phố Hoa Lư")).to_have_count(0)


def test_it_switches_to_english(logged_in_page, bob, tree):
    page = logged_in_page(bob)
    page.goto("/orgs/")
    page.select_option("#lang-select", "en")
    expect(page.locator("h1")).to_have_text("Organisations")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_it_records_an_edit_that_the_audit_page_then_shows(logged_in_page, alice, tree):
    page = logged_in_page(alice)
    page.goto(f"/orgs/{tree.hoa_mac.pk}/")
    page.get_by_role("link", name="Sửa", exact=True).click()
    page.fill("input[name=members]", "401")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu thay đổi")
    expect(page.locator("dl.facts")).to_contain_text("401")
    page.get_by_role("link", name="Nhật ký").click()
    audit = page.get_by_test_id("audit")
    expect(audit).to_contain_text("Số đảng viên: 388 → 401")
    expect(audit).to_contain_text("alice")
