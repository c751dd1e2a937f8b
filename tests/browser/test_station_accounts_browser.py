# ruff: noqa: F811  (the fixtures imported from the web tests are parameters of the tests)
"""In real Chromium: Alice creates the station accounts of Minh Khai's panels from the congress
day page; Minh, on a phone, signs in with the one-time password of the sheet, sets his own and
decides a doubtful page; Tú, an operator, is refused the review; once the counting has ended,
Minh's open page stops and his login is refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from daihoi.web.counting import services
from tests.web.counting.conftest import OWN_PASSWORD, doubtful, seats, trio  # noqa: F401
from tests.web.counting.test_station_accounts import pdf_text
from tests.web.elections.conftest import congress  # noqa: F401

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def _tab(browser, live_server, size):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", **size)
    context.set_default_timeout(15_000)
    return context.new_page()


def _log_in(tab, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    tab.goto("/accounts/login/")
    tab.fill("#id_username", username)
    tab.fill("#id_password", password)
    tab.click("button[type=submit]")


def _first_login(tab, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    _log_in(tab, username, password)
    tab.wait_for_url("**/counting/account/password/")
    tab.fill("#id_new_password1", OWN_PASSWORD)
    tab.fill("#id_new_password2", OWN_PASSWORD)
    tab.get_by_test_id("set-password").click()
    tab.wait_for_url("**/day/")


@pytest.mark.django_db(transaction=True)
def test_accounts_from_the_sheet_to_the_end_of_the_counting(
    seats, trio, doubtful, alice, browser, live_server
):
    count, key = doubtful
    _a, b, c = services.elections.ballot_order(trio)
    # Three convened: two votes elect, so the count is complete once the page is decided.
    type(trio).objects.filter(pk=trio.pk).update(electorate=3)
    count.election.refresh_from_db()

    # Alice, at her desk, creates every account in one step and gets the sheet.
    office = _tab(browser, live_server, DESKTOP)
    _log_in(office, "alice", PASSWORD)
    office.wait_for_url(lambda url: "/accounts/login/" not in url)
    office.goto(f"/congress/{trio.congress.pk}/day/")
    with office.expect_download() as download:
        office.get_by_test_id("issue-accounts").click()
    sheet = pdf_text(Path(download.value.path()).read_bytes())
    passwords = dict(
        re.findall(r"(dh\d+-[a-z0-9]+)\s+Mật khẩu dùng một lần\s+([a-z0-9]{10})", sheet)
    )
    minh, tu = f"dh{trio.congress.pk}-minh", f"dh{trio.congress.pk}-tu"
    assert {minh, tu} <= set(passwords)
    office.reload()
    expect(office.locator("#station-accounts")).to_contain_text("Mọi người đã có tài khoản")

    # Minh, on his phone: the sheet's password, then his own, then the page to decide.
    phone = _tab(browser, live_server, PHONE)
    _first_login(phone, minh, passwords[minh])
    expect(phone.locator("h1")).to_contain_text("Ngày đại hội")
    phone.get_by_test_id("station-link").first.click()
    phone.get_by_test_id("review-link").click()
    phone.get_by_test_id("review-start").click()
    expect(phone.get_by_test_id("page-image")).to_be_visible()
    expect(phone.locator('#decide-form[data-keys="ready"]')).to_have_count(1)  # the keys work
    phone.keyboard.press("v")
    # The machine read the underlined name as struck: Minh strikes the third name only.
    for name, wanted in ((b, False), (c, True)):
        number = services.elections.ballot_order(trio).index(name) + 1
        box = phone.locator(f'input[data-key="{number}"]')
        if box.is_checked() != wanted:
            phone.keyboard.press(str(number))
        if wanted:
            expect(box).to_be_checked()
        else:
            expect(box).not_to_be_checked()
    phone.get_by_test_id("decide").click()
    expect(phone.locator(".messages")).to_contain_text("Đã ghi quyết định")
    [decision] = count.decisions.all()
    assert decision.user.username == minh and decision.struck == [c]

    # Tú, a technical operator, scans but never decides.
    operator = _tab(browser, live_server, DESKTOP)
    _first_login(operator, tu, passwords[tu])
    response = operator.goto(f"/counting/elections/{trio.pk}/review/")
    assert response is not None and response.status == 403
    response = operator.goto("/")  # the season's dashboards are not his either: his day page
    assert response is not None and f"/congress/{trio.congress.pk}/day/" in operator.url

    # Not before the results are confirmed; then Lan agrees, the head confirms, and Alice
    # records the end of the counting.
    office.goto(f"/counting/congress/{trio.congress.pk}/accounts/")
    office.get_by_test_id("end-counting").click()
    expect(office.locator(".messages")).to_contain_text("chưa được xác nhận kết quả")
    accounts = {a.name: a.user for a, _seats in services.station_accounts(trio.congress)}
    services.decide(count, key, accounts["Lê Thị Lan"], ruling="valid", struck=[c])
    assert services.confirm(count, accounts["Nguyễn Thị Hạnh"]) is None
    assert services.results_of(count)["outcome"] == "complete"
    office.get_by_test_id("end-counting").click()
    expect(office.get_by_test_id("counting-ended")).to_be_visible()

    # Minh's open page stops; the right password is refused with the reason.
    phone.reload()
    expect(phone.get_by_test_id("account-ended")).to_contain_text("đã kết thúc")
    _log_in(phone, minh, OWN_PASSWORD)
    expect(phone.get_by_test_id("login-error")).to_contain_text("không dùng được nữa")
    assert "/accounts/login/" in phone.url
