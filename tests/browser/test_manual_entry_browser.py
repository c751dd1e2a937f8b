# ruff: noqa: F811  (the fixtures imported from the web tests are parameters of the tests)
"""In real Chromium: three operators type the same batch by keyboard, one of them differs on a
ballot and the head settles it from the paper; totals that do not add up are refused with the
reason; the entry grid works at phone size."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from daihoi.web.counting import services
from daihoi.web.counting.models import EntryRow
from tests.web.counting.conftest import trio  # noqa: F401
from tests.web.counting.test_review import committee  # noqa: F401
from tests.web.elections.conftest import congress  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSWORD = "secret-pass-123"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def tab_of(browser, live_server, committee):  # type: ignore[no-untyped-def]
    for user in committee.values():
        user.set_password(PASSWORD)
        user.save()
    contexts = []

    def open_tab(user, **options):  # type: ignore[no-untyped-def]
        context = browser.new_context(base_url=live_server.url, locale="vi-VN", **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        tab = context.new_page()
        tab.on("dialog", lambda dialog: dialog.accept())
        tab.goto("/accounts/login/")
        tab.fill("#id_username", user.username)
        tab.fill("#id_password", PASSWORD)
        tab.click("button[type=submit]")
        tab.wait_for_url(lambda url: "/accounts/login/" not in url)
        return tab

    yield open_tab
    for context in contexts:
        context.close()


def type_ballots(tab, ballots) -> None:  # type: ignore[no-untyped-def]
    """Type each ballot's keys then Enter; wait until the server has every ballot."""
    for keys in ballots:
        for key in keys:
            tab.keyboard.press(key)
        tab.keyboard.press("Enter")
    expect(tab.get_by_test_id("pending")).to_have_text("")
    expect(tab.locator("#t-ballots")).to_have_text(str(len(ballots)))


@pytest.mark.django_db(transaction=True)
def test_three_operators_and_the_head_settling_one_difference(trio, committee, tab_of):
    count = services.count_of(trio)
    a, b, c = services.elections.ballot_order(trio)
    head = tab_of(committee["hanh"])
    head.goto(f"/counting/elections/{trio.pk}/")
    head.select_option("#entrants", "3")
    head.get_by_test_id("new-ballots-batch").click()
    expect(head.get_by_test_id("batch-state")).to_have_attribute("data-state", "waiting")
    batch = count.batches.get(method="ballots")
    entry_url = f"/counting/elections/{trio.pk}/batches/{batch.number}/entry/"
    # Ballots: 1 struck; 2 struck; invalid (not issued); 3 struck.
    same = [["1"], ["2"], ["x", "1"], ["3"]]
    for name, ballots in (
        ("minh", same),
        ("tu", same),
        ("lan", [["1"], ["3"], ["x", "1"], ["3"]]),  # misreads the second paper
    ):
        tab = tab_of(committee[name])
        tab.goto(entry_url)
        expect(tab.get_by_test_id("row-title")).to_have_text("Phiếu số 1")
        type_ballots(tab, ballots)
        if name == "minh":
            # Back to the second ballot, fix it by keyboard, and forward again.
            tab.keyboard.press("ArrowUp")
            tab.keyboard.press("ArrowUp")
            tab.keyboard.press("ArrowUp")
            expect(tab.get_by_test_id("row-title")).to_have_text("Phiếu số 2 — đang sửa")
            expect(tab.get_by_test_id("row-words")).to_have_text("gạch 2")
            tab.keyboard.press("3")
            expect(tab.get_by_test_id("row-words")).to_have_text("gạch 2, 3")
            tab.keyboard.press("3")
            tab.keyboard.press("Enter")
            expect(tab.get_by_test_id("pending")).to_have_text("")
            # A reload shows what the server kept: nothing typed is lost.
            tab.reload()
            expect(tab.locator("#t-ballots")).to_have_text("4")
            expect(tab.locator("#t-invalid")).to_have_text("1")
        tab.get_by_test_id("finish").click()
        expect(tab.get_by_test_id("batch-state")).to_be_visible()
        # Until everyone has finished nobody sees the others' entries.
        expect(tab.locator('[data-testid^="difference-"]')).to_have_count(0 if name != "lan" else 1)
    assert EntryRow.objects.filter(entry__batch=batch).count() == 12

    head.goto(f"/counting/elections/{trio.pk}/batches/{batch.number}/")
    expect(head.get_by_test_id("batch-state")).to_have_attribute("data-state", "differ")
    difference = head.get_by_test_id("difference-2")
    expect(difference).to_contain_text("minh: gạch 2")
    expect(difference).to_contain_text("lan: gạch 3")
    head.goto(f"/counting/elections/{trio.pk}/")
    expect(head.get_by_test_id("outcome")).to_have_attribute("data-outcome", "pending_review")
    head.goto(f"/counting/elections/{trio.pk}/batches/{batch.number}/")
    head.get_by_test_id("settle-2-2").check()
    head.get_by_test_id("settle-2").click()
    expect(head.get_by_test_id("agreed")).to_be_visible()
    expect(head.get_by_test_id("settled-2")).to_contain_text("hanh")
    expect(head.get_by_test_id("settled-2")).to_contain_text("gạch 2")
    head.goto(f"/counting/elections/{trio.pk}/")
    expect(head.get_by_test_id("counted")).to_have_text("4")
    expect(head.get_by_test_id("methods")).to_have_text(f"Cách kiểm: Tệp {batch.number}: nhập tay.")
    document = services.results_of(count)
    assert [x["votes"] for x in document["candidates"]] == [2, 2, 2]
    assert document["ballots"]["invalid_reasons"] == {"not_issued": 1}
    assert {a, b, c} == {x["name"] for x in document["candidates"]}


@pytest.mark.django_db(transaction=True)
def test_totals_that_do_not_add_up_are_refused_with_the_reason(trio, committee, tab_of):
    tab = tab_of(committee["tu"])
    tab.goto(f"/counting/elections/{trio.pk}/")
    tab.get_by_test_id("new-totals-batch").click()
    tab.fill("#t-collected", "7")
    tab.fill("#t-valid", "6")
    tab.fill("#t-votes-1", "6")
    tab.fill("#t-votes-2", "6")
    tab.fill("#t-votes-3", "1")
    tab.get_by_test_id("totals-save").click()
    error = tab.get_by_test_id("totals-error")
    expect(error).to_contain_text("phải bằng số phiếu thu vào (7)")
    expect(error).to_contain_text("tổng số phiếu bầu (13) nhiều hơn số mà 6 phiếu hợp lệ")
    expect(tab.locator("#t-votes-1")).to_have_value("6")  # nothing typed is lost
    tab.fill("#t-reason-not_issued", "1")
    tab.fill("#t-votes-3", "0")
    tab.get_by_test_id("totals-save").click()
    expect(tab.get_by_test_id("totals-saved")).to_contain_text("tu")
    tab.goto(f"/counting/elections/{trio.pk}/")
    expect(tab.get_by_test_id("counted")).to_have_text("7")
    expect(tab.get_by_test_id("methods")).to_contain_text(": nhập tổng số")


@pytest.mark.django_db(transaction=True)
def test_the_entry_grid_at_phone_size(trio, committee, tab_of):
    count = services.count_of(trio)
    batch = services.new_manual_batch(count, committee["tu"], "ballots", 2)
    tab = tab_of(committee["tu"], viewport=PHONE, is_mobile=True, has_touch=True)
    tab.goto(f"/counting/elections/{trio.pk}/batches/{batch.number}/entry/")
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    # Tapping works as typing does.
    tab.get_by_test_id("name-2").tap()
    expect(tab.get_by_test_id("row-words")).to_have_text("gạch 2")
    tab.get_by_test_id("save").tap()
    tab.get_by_test_id("name-1").tap()
    tab.get_by_test_id("name-3").tap()
    tab.get_by_test_id("save").tap()
    expect(tab.locator("#t-ballots")).to_have_text("2")
    expect(tab.get_by_test_id("rows")).to_contain_text(re.compile("gạch 1, 3"))
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    rows = EntryRow.objects.filter(entry__batch=batch).order_by("position")
    assert list(rows.values_list("marks", flat=True)) == ["KSK", "SKS"]
    # The batch's page with the totals form, and the station page, fit the phone too.
    for path in (f"batches/{batch.number}/", ""):
        tab.goto(f"/counting/elections/{trio.pk}/{path}")
        assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path


@pytest.mark.django_db(transaction=True)
def test_a_ballot_sent_many_times_at_once_is_one_ballot(trio, committee, tab_of):
    count = services.count_of(trio)
    batch = services.new_manual_batch(count, committee["tu"], "ballots", 2)
    tab = tab_of(committee["tu"])
    tab.goto(f"/counting/elections/{trio.pk}/batches/{batch.number}/entry/")
    expect(tab.get_by_test_id("row-title")).to_have_text("Phiếu số 1")
    # Eight copies of one ballot and four other ballots, all sent together.
    statuses = tab.evaluate(
        """async () => {
          const csrf = document.querySelector("#finish-form input[name=csrfmiddlewaretoken]").value;
          const url = JSON.parse(document.getElementById("entry-setup").textContent).save;
          const send = (key, marks) => fetch(url, {method: "POST", credentials: "same-origin",
            headers: {"X-CSRFToken": csrf}, body: new URLSearchParams({key, marks})});
          const all = [];
          for (let i = 0; i < 8; i++) all.push(send("the-same-ballot-key", "SKK"));
          for (let i = 0; i < 4; i++) all.push(send("another-ballot-" + i, "KSK"));
          return (await Promise.all(all)).map(r => r.status);
        }"""
    )
    assert statuses == [200] * 12
    rows = EntryRow.objects.filter(entry__batch=batch)
    assert rows.filter(key="the-same-ballot-key").count() == 1
    assert sorted(rows.values_list("position", flat=True)) == [1, 2, 3, 4, 5]
