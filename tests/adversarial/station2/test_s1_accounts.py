"""Station accounts and their one-time passwords, attacked through the login form."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.adversarial.station2.conftest import (
    OWN_PASSWORD,
    base,
    login,
    real,
    slips,
    text_of,
    vietnamese,
)


@pytest.fixture
def sheet(alice, seats, trio, client_of):  # type: ignore[no-untyped-def]
    """The office issues the slips through the day page's form: {username: one-time password}."""
    r = client_of(alice).post(f"/counting/congress/{trio.congress.pk}/accounts/issue/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    found = slips(r.content)
    assert len(found) == 5, found
    return found


def _set_own(client: Client, password: str = OWN_PASSWORD):  # type: ignore[no-untyped-def]
    return client.post(
        "/counting/account/password/", {"new_password1": password, "new_password2": password}
    )


def _logged_in(client: Client) -> bool:
    r = client.get("/counting/account/password/")
    return r.status_code == 200 and "/accounts/login/" not in r.get("Location", "")


def test_one_time_password_is_worthless_once_used(sheet):  # type: ignore[no-untyped-def]
    """docs/station.md: 'a one-time password is worthless once used'. A slip found on the hall
    table after its owner logged in (and logged out, or walked away) must not open the account."""
    c, r = login("dh1-minh", sheet["dh1-minh"])
    assert r.status_code == 302
    c.post("/accounts/logout/")
    _c2, r2 = login("dh1-minh", sheet["dh1-minh"], ip="10.0.0.77")
    assert r2.status_code == 200, "the one-time password opened the account a second time"


def test_one_time_password_refused_after_own_password(sheet):  # type: ignore[no-untyped-def]
    c, r = login("dh1-lan", sheet["dh1-lan"])
    assert r.status_code == 302
    r = _set_own(c)
    assert r.status_code == 302, text_of(r)[-1500:]
    _, again = login("dh1-lan", sheet["dh1-lan"], ip="10.0.0.78")
    assert again.status_code == 200, (
        "the slip's password still opens after the member's own was set"
    )
    _, own = login("dh1-lan", OWN_PASSWORD, ip="10.0.0.79")
    assert own.status_code == 302


def test_every_page_sends_to_password_page_until_own_set(sheet, trio):  # type: ignore[no-untyped-def]
    c, _ = login("dh1-hanh", sheet["dh1-hanh"])
    for url in (
        f"{base(trio)}/",
        f"/congress/{trio.congress.pk}/day/",
        f"{base(trio)}/review/",
        f"{base(trio)}/minutes.pdf",
    ):
        r = c.get(url)
        assert r.status_code == 302 and r["Location"].startswith("/counting/account/password/"), (
            url,
            r.status_code,
        )
    # A POST too: the head may not confirm nor reopen with the slip's password.
    r = c.post(f"{base(trio)}/confirm/")
    assert r.status_code in (302, 403) and "/account/password/" in r.get(
        "Location", "/account/password/"
    )


def test_weak_own_password_refused_in_vietnamese(sheet):  # type: ignore[no-untyped-def]
    c, _ = login("dh1-tu", sheet["dh1-tu"])
    for weak in ("12345678", real("dh1-tu"), "abc"):
        r = _set_own(c, weak)
        assert r.status_code in (200, 400), weak
        body = text_of(r)
        assert 'class="error' in body or "errorlist" in body, weak
        main = body.split("<main>")[1]
        assert vietnamese(main) and "This password" not in main, main[:1500]
    r = c.post(
        "/counting/account/password/",
        {"new_password1": OWN_PASSWORD, "new_password2": "x" + OWN_PASSWORD},
    )
    assert r.status_code in (200, 400) and "This password" not in text_of(r)
    _, own = login("dh1-tu", OWN_PASSWORD, ip="10.0.0.83")
    assert own.status_code == 200, "a mistyped confirmation set the password anyway"


def test_own_password_page_of_a_stolen_session_needs_nothing_more(sheet):  # type: ignore[no-untyped-def]
    """Once the member has their own password, the password page must not let whoever sits at
    an open session change it without knowing the current one (or must be closed)."""
    c, _ = login("dh1-phuong", sheet["dh1-phuong"])
    assert _set_own(c).status_code == 302
    _set_own(c, "Ke-gian-doi-mat-khau-99")
    _, own = login("dh1-phuong", OWN_PASSWORD, ip="10.0.0.80")
    assert own.status_code == 302, "someone at an open session replaced the member's own password"


def test_brute_force_of_one_time_password_is_throttled(sheet):  # type: ignore[no-untyped-def]
    for i in range(6):
        _, r = login("dh1-hanh", f"sai{i}matkhau", ip="10.9.9.9")
        assert r.status_code == 200
    _, r = login("dh1-hanh", sheet["dh1-hanh"], ip="10.9.9.9")
    assert r.status_code == 200, "the right password after 6 wrong guesses was let in at once"
    assert vietnamese(text_of(r).split("<main>")[1])


def test_second_issue_prints_no_password_and_keeps_the_first(sheet, alice, trio, client_of):  # type: ignore[no-untyped-def]
    r = client_of(alice).post(f"/counting/congress/{trio.congress.pk}/accounts/issue/")
    if r["Content-Type"] == "application/pdf":
        assert slips(r.content) == {}, "a second press printed passwords again"
    _, ok = login("dh1-minh", sheet["dh1-minh"])
    assert ok.status_code == 302, "the second press changed the first slips' passwords"


def test_issue_by_get_or_without_csrf_issues_nothing(alice, seats, trio, client_of):  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import User

    before = User.objects.count()
    assert (
        client_of(alice).get(f"/counting/congress/{trio.congress.pk}/accounts/issue/").status_code
        == 405
    )
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    r = strict.post(f"/counting/congress/{trio.congress.pk}/accounts/issue/")
    assert r.status_code == 403
    assert User.objects.count() == before


def test_who_may_issue(seats, trio, charlie, bob, station, client_of):  # type: ignore[no-untyped-def]
    url = f"/counting/congress/{trio.congress.pk}/accounts/issue/"
    assert client_of(bob).post(url).status_code == 404
    assert client_of(charlie).post(url).status_code == 403
    for key in ("hanh", "minh", "tu", "phuong"):
        r = client_of(station[key]).post(url)
        assert r.status_code in (403, 404), (key, r.status_code)
        assert r.get("Content-Type") != "application/pdf"


def test_reissue_of_a_guessed_account_of_another_congress(
    station, trio, other_congress, alice, bob, client_of
):  # type: ignore[no-untyped-def]
    """Bob (Ninh Bình) guesses account ids of Minh Khai's congress: 404, nothing re-issued."""
    from daihoi.web.counting.models import StationAccount

    for pk in StationAccount.objects.values_list("pk", flat=True):
        r = client_of(bob).post(f"/counting/congress/{trio.congress.pk}/accounts/{pk}/reissue/")
        assert r.status_code == 404
        # Alice re-issuing an account of congress A through congress B's address.
        r = client_of(alice).post(
            f"/counting/congress/{other_congress.congress.pk}/accounts/{pk}/reissue/"
        )
        assert r.status_code == 404, r.status_code


def test_reissue_ends_the_old_session_and_the_old_slip(sheet, alice, trio, client_of):  # type: ignore[no-untyped-def]
    from daihoi.web.counting.models import StationAccount

    c, _ = login("dh1-minh", sheet["dh1-minh"])
    assert _set_own(c).status_code == 302
    assert c.get(f"{base(trio)}/").status_code == 200
    pk = StationAccount.objects.get(user__username=real("dh1-minh")).pk
    r = client_of(alice).post(f"/counting/congress/{trio.congress.pk}/accounts/{pk}/reissue/")
    assert r.status_code == 200 and r["Cache-Control"] == "no-store"
    new = slips(r.content)
    assert list(new) == ["dh1-minh"]
    r = c.get(f"{base(trio)}/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"], "old session alive"
    _, old = login("dh1-minh", OWN_PASSWORD, ip="10.0.0.81")
    assert old.status_code == 200, "the member's own password still opens after a re-issue"
    _, fresh = login("dh1-minh", new["dh1-minh"], ip="10.0.0.82")
    assert fresh.status_code == 302


def test_sheet_is_not_cached_and_not_served_again(sheet, alice, trio, client_of):  # type: ignore[no-untyped-def]
    c = client_of(alice)
    page = text_of(c.get(f"/counting/congress/{trio.congress.pk}/accounts/"))
    for password in sheet.values():
        assert password not in page
    # The PDF has no GET address of its own to be fetched again (from the browser's history).
    for url in (
        f"/counting/congress/{trio.congress.pk}/accounts/issue/",
        f"/counting/congress/{trio.congress.pk}/accounts/sheet.pdf",
    ):
        r = c.get(url)
        assert r.status_code in (404, 405)
        assert all(p.encode() not in r.content for p in sheet.values())
