"""In real Chromium: a re-issue kills the typing operator's session mid-batch; nothing typed is
lost once the operator is back with the new slip."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from tests.adversarial.station2.conftest import OWN_PASSWORD, base, real, slips

pytestmark = [pytest.mark.django_db(transaction=True)]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


@pytest.fixture
def chromium():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def _login(tab, username, password):  # type: ignore[no-untyped-def]
    tab.goto("/accounts/login/")
    tab.fill("#id_username", username)
    tab.fill("#id_password", password)
    tab.click("button[type=submit]")
    tab.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_reissue_mid_typing_loses_nothing(chromium, live_server, seats, trio, alice, client_of):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    from daihoi.web.counting.models import StationAccount

    office = client_of(alice)
    first = slips(office.post(f"/counting/congress/{trio.congress.pk}/accounts/issue/").content)
    context = chromium.new_context(base_url=live_server.url, locale="vi-VN")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.on("dialog", lambda d: d.accept())
    _login(tab, real("dh1-minh"), first["dh1-minh"])
    # the one-time password leads to the password page first
    tab.fill("#id_new_password1", OWN_PASSWORD)
    tab.fill("#id_new_password2", OWN_PASSWORD)
    tab.click("[data-testid=set-password]")
    tab.wait_for_url(lambda url: "/account/password/" not in url)
    # the head (a forced session) starts a batch for two
    from django.contrib.auth.models import User
    from django.test import Client

    h = Client()
    h.force_login(User.objects.get(username=real("dh1-hanh")))
    StationAccount.objects.filter(user__username=real("dh1-hanh")).update(must_set_password=False)
    batch = h.post(f"{base(trio)}/batches/manual/", {"method": "ballots", "entrants": "2"})[
        "Location"
    ]
    tab.goto(batch + "entry/")
    for keys in (["1"], ["2"], ["3"]):
        for k in keys:
            tab.keyboard.press(k)
        tab.keyboard.press("Enter")
    expect(tab.get_by_test_id("pending")).to_have_text("")
    expect(tab.locator("#t-ballots")).to_have_text("3")
    # A lost slip is re-issued while Minh types: his session ends.
    pk = StationAccount.objects.get(user__username=real("dh1-minh")).pk
    second = slips(
        office.post(f"/counting/congress/{trio.congress.pk}/accounts/{pk}/reissue/").content
    )
    for k in ("1", "Enter", "2", "Enter"):
        tab.keyboard.press(k)
    tab.wait_for_timeout(1500)
    assert tab.locator("#t-ballots").inner_text() == "3"  # the server has not taken them
    # Minh comes back with the new slip, sets a password, reopens the entry: the two wait and go.
    _login(tab, real("dh1-minh"), second["dh1-minh"])
    if "/account/password/" in tab.url:
        tab.fill("#id_new_password1", OWN_PASSWORD + "x")
        tab.fill("#id_new_password2", OWN_PASSWORD + "x")
        tab.click("[data-testid=set-password]")
        tab.wait_for_url(lambda url: "/account/password/" not in url)
    tab.goto(batch + "entry/")
    expect(tab.locator("#t-ballots")).to_have_text("5", timeout=15_000)
    expect(tab.get_by_test_id("pending")).to_have_text("")
    context.close()
