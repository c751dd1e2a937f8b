# ruff: noqa: F811  (the fixtures imported from the web tests are parameters of the tests)
"""In real Chromium at phone size: Hạnh types the dice digits (read back in groups as she types)
and draws a batch; Minh enters its hand count on his phone, one figure off; the report shows
the difference and the verdict to draw more."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from daihoi.web.counting.models import HandCheck
from tests.web.counting.conftest import trio  # noqa: F401
from tests.web.counting.test_handcheck import counted  # noqa: F401
from tests.web.counting.test_review import committee  # noqa: F401
from tests.web.elections.conftest import congress  # noqa: F401

from .test_manual_entry_browser import PHONE, tab_of  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.django_db(transaction=True)
def test_the_head_draws_and_a_member_enters_a_hand_count_on_a_phone(
    trio, counted, committee, tab_of
):
    head = tab_of(committee["hanh"], viewport=PHONE, is_mobile=True, has_touch=True)
    head.goto(f"/counting/elections/{trio.pk}/")
    head.get_by_test_id("handcheck-open").click()
    expect(head.get_by_test_id("size")).to_have_value("1")
    head.get_by_test_id("seed").fill("3141592653 5897932384")
    expect(head.get_by_test_id("seed-back")).to_have_text("31415 92653 58979 32384 (20)")
    head.get_by_test_id("draw").click()
    expect(head.get_by_test_id("seed-grouped")).to_have_text("31415 92653 58979 32384")
    [drawn] = [d["batch"] for d in HandCheck.objects.get(count=counted).drawn]
    expect(head.get_by_test_id(f"drawn-{drawn}")).to_be_visible()

    member = tab_of(committee["minh"], viewport=PHONE, is_mobile=True, has_touch=True)
    member.goto(f"/counting/elections/{trio.pk}/handcheck/")
    member.get_by_test_id(f"enter-{drawn}").click()
    for field, value in (
        ("#h-ballots", "10"),
        ("#h-valid", "10"),
        ("#h-invalid", "0"),
        ("#h-votes-1", "9"),
        ("#h-votes-2", "6"),  # the machine said 7
        ("#h-votes-3", "3"),
    ):
        member.fill(field, value)
    # The form fits the phone: no sideways scrolling.
    width = member.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    member.get_by_test_id("hand-save").click()
    expect(member.get_by_test_id(f"report-{drawn}")).to_be_visible()
    expect(member.get_by_test_id("differ")).to_have_count(1)
    expect(member.get_by_test_id("verdict")).to_have_attribute("data-kind", "expand")
    head.reload()
    head.get_by_test_id("draw-more").click()
    expect(head.locator("[data-testid^=drawn-]")).to_have_count(2)
    assert len(HandCheck.objects.get(count=counted).drawn) == 2
