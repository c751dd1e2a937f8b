# ruff: noqa: F811  (the fixtures imported from the web tests are parameters of the tests)
"""In real Chromium: two members of the counting committee decide a doubtful page by keyboard,
disagree, and the head settles it; an operator is refused."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from daihoi.web.counting import services
from tests.tasks import run_worker
from tests.web.counting.conftest import trio  # noqa: F401
from tests.web.counting.test_review import _doubtful_page, committee  # noqa: F401
from tests.web.elections.conftest import congress  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _open_first(page, trio) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"/counting/elections/{trio.pk}/review/")
    page.get_by_test_id("review-start").click()
    expect(page.get_by_test_id("page-image")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_two_members_disagree_and_the_head_settles_by_keyboard(
    trio, committee, browser, live_server
):
    count = services.count_of(trio)
    _a, b, _c = services.elections.ballot_order(trio)
    for data in _doubtful_page(trio):
        services.receive_file(count, data)
    run_worker()

    def tab_of(user):  # type: ignore[no-untyped-def]
        context = browser.new_context(base_url=live_server.url, locale="vi-VN")
        tab = context.new_page()
        tab.goto("/accounts/login/")
        tab.fill("#id_username", user.username)
        tab.fill("#id_password", "secret-pass-123")
        tab.click("button[type=submit]")
        tab.wait_for_url(lambda url: "/accounts/login/" not in url)
        return tab

    for user in committee.values():
        user.set_password("secret-pass-123")
        user.save()
    minh = tab_of(committee["minh"])
    _open_first(minh, trio)
    number = services.elections.ballot_order(trio).index(b) + 1
    expect(minh.locator('#decide-form[data-keys="ready"]')).to_have_count(1)  # the keys work
    minh.keyboard.press("v")
    struck = minh.locator(f'input[data-key="{number}"]')
    if not struck.is_checked():
        minh.keyboard.press(str(number))
        minh.wait_for_timeout(500)
    expect(struck).to_be_checked()
    minh.keyboard.press("Enter")
    expect(minh.locator(".messages")).to_contain_text("Đã ghi quyết định")

    lan = tab_of(committee["lan"])
    _open_first(lan, trio)
    expect(lan.locator('#decide-form[data-keys="ready"]')).to_have_count(1)
    lan.keyboard.press("i")
    lan.select_option("#reason", "other_marks")
    lan.get_by_test_id("decide").click()
    expect(lan.locator(".messages")).to_contain_text("Đã ghi quyết định")
    assert services.review_queue(count, committee["lan"])[0].state == "disagree"

    head = tab_of(committee["hanh"])
    head.goto(f"/counting/elections/{trio.pk}/review/")
    expect(head.locator("#review-list")).to_contain_text("chờ Trưởng Ban")
    head.locator("#review-list a").first.click()
    expect(head.get_by_test_id("opinions")).to_contain_text("minh")
    expect(head.locator('#decide-form[data-keys="ready"]')).to_have_count(1)
    head.keyboard.press("v")
    head.get_by_test_id("decide").click()
    document = services.results_of(count)
    assert document["outcome"] != "pending_review"
    assert document["ballots"]["valid"] == 2

    operator = tab_of(committee["tu"])
    response = operator.goto(f"/counting/elections/{trio.pk}/review/")
    assert response is not None and response.status == 403


@pytest.mark.django_db(transaction=True)
def test_keys_alone_open_decide_and_settle_without_losing_a_typed_number(
    trio, committee, browser, live_server
):
    """N opens the queue; a number typed just before Enter counts; I, an arrow and Enter
    decide invalid from the reasons list; the head's N opens the disagreement."""
    count = services.count_of(trio)
    a, _b, _c = services.elections.ballot_order(trio)
    for data in _doubtful_page(trio):
        services.receive_file(count, data)
    run_worker()

    def tab_of(user):  # type: ignore[no-untyped-def]
        user.set_password("secret-pass-123")
        user.save()
        tab = browser.new_context(base_url=live_server.url, locale="vi-VN").new_page()
        tab.goto("/accounts/login/")
        tab.fill("#id_username", user.get_username())
        tab.fill("#id_password", "secret-pass-123")
        tab.click("button[type=submit]")
        tab.wait_for_url(lambda url: "/accounts/login/" not in url)
        tab.goto(f"/counting/elections/{trio.pk}/review/")
        expect(tab.locator('#review-start[data-keys="ready"]')).to_have_count(1)
        tab.keyboard.press("n")
        expect(tab.locator('#decide-form[data-keys="ready"]')).to_have_count(1)
        return tab

    minh = tab_of(committee["minh"])
    first = services.elections.ballot_order(trio).index(a) + 1
    box = minh.locator(f'input[data-key="{first}"]')
    before = box.is_checked()
    minh.keyboard.press(str(first))
    minh.keyboard.press("Enter")  # at once: the number typed counts
    expect(minh.locator(".messages")).to_contain_text("Đã ghi quyết định")
    [decision] = list(count.decisions.filter(user=committee["minh"]))
    assert (a in decision.struck) is (not before)

    lan = tab_of(committee["lan"])
    lan.keyboard.press("i")
    lan.keyboard.press("ArrowDown")
    lan.keyboard.press("Enter")  # from the reasons list
    expect(lan.locator(".messages")).to_contain_text("Đã ghi quyết định")
    [other] = list(count.decisions.filter(user=committee["lan"]))
    assert other.ruling == "invalid" and other.reason
    assert services.review_queue(count, committee["lan"])[0].state == "disagree"

    head = tab_of(committee["hanh"])  # N leads the head to the disagreement
    expect(head.get_by_test_id("opinions")).to_contain_text("minh")
    head.keyboard.press("v")
    head.keyboard.press("Enter")
    expect(head.locator(".messages")).to_be_visible()
    assert services.review_queue(count, committee["hanh"])[0].state == "settled"
