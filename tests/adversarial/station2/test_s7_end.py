"""The end of the counting: accounts, sessions and counts after it; a seat removed."""

from __future__ import annotations

import re

import pytest

from tests.adversarial.station2.conftest import (
    OWN_PASSWORD,
    base,
    login,
    real,
    text_of,
    vietnamese,
)


def _end(alice_client, congress):  # type: ignore[no-untyped-def]
    return alice_client.post(f"/counting/congress/{congress.pk}/end/", follow=True)


def _messages(r) -> str:  # type: ignore[no-untyped-def]
    return " ".join(re.findall(r'<li class="[a-z]+">(.*?)</li>', text_of(r), re.S))


def test_end_refused_while_a_count_is_open_and_says_which(station, trio, alice, client_of):  # type: ignore[no-untyped-def]
    station["minh"].set_password(OWN_PASSWORD)
    station["minh"].save()
    r = _end(client_of(alice), trio.congress)
    said = _messages(r)
    assert "Bầu Ủy ban Kiểm tra" in said and vietnamese(said), said
    _, ok = login("dh1-minh", OWN_PASSWORD)
    assert ok.status_code == 302, "the refused end still ended the accounts"


@pytest.fixture
def ended(confirmed, station, alice, client_of):  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import User

    for u in User.objects.filter(username__regex=r"^dh[0-9]+-"):
        u.set_password(OWN_PASSWORD)
        u.save()
    # a session opened before the end
    c, r = login("dh1-lan", OWN_PASSWORD, ip="10.1.1.1")
    assert r.status_code == 302
    r = _end(client_of(alice), confirmed.congress)
    assert "kết thúc" in _messages(r).lower(), _messages(r)
    return c


def test_login_after_the_end_is_refused_with_the_reason(ended, trio):  # type: ignore[no-untyped-def]
    _, r = login("dh1-minh", OWN_PASSWORD, ip="10.1.1.2")
    assert r.status_code == 200
    main = text_of(r).split("<main>")[1]
    assert "đã kết thúc" in main, main[:1500]


def test_right_password_after_the_end_is_not_counted_as_a_guess(ended, trio):  # type: ignore[no-untyped-def]
    for _ in range(7):
        _, r = login("dh1-hanh", OWN_PASSWORD, ip="10.1.1.3")
        assert "đã kết thúc" in text_of(r)


def test_open_session_is_ended_on_its_next_request(ended, trio):  # type: ignore[no-untyped-def]
    r = ended.get(f"{base(trio)}/", follow=True)
    assert "đã kết thúc" in text_of(r), text_of(r)[-2000:]
    r = ended.get(f"{base(trio)}/review/")
    assert r.status_code in (302, 403) and "login" in r.get("Location", "login")
    r = ended.post(f"{base(trio)}/batches/manual/", {"method": "totals"})
    assert r.status_code in (302, 403)
    assert r.get("Location", "/accounts/login/").startswith("/accounts/login/")


def test_nothing_issued_reissued_or_reopened_after_the_end(ended, trio, alice, client_of, station):  # type: ignore[no-untyped-def]
    from daihoi.web.elections.models import PanelMember

    a = client_of(alice)
    PanelMember.objects.create(
        congress=trio.congress, panel="counting", role="member", name="Người Mới"
    )
    r = a.post(f"/counting/congress/{trio.congress.pk}/accounts/issue/")
    assert r.get("Content-Type") != "application/pdf", "an account was issued after the end"
    page = text_of(a.get(f"/counting/congress/{trio.congress.pk}/accounts/"))
    for pk in re.findall(r"/accounts/(\d+)/reissue/", page) or ["1"]:
        r = a.post(f"/counting/congress/{trio.congress.pk}/accounts/{pk}/reissue/")
        assert r.get("Content-Type") != "application/pdf", "re-issued after the end"
    h = client_of(station["hanh"])  # a forced session: the middleware must still stop it
    r = h.post(f"{base(trio)}/reopen/", {"reason": "Sau khi kết thúc"})
    trio.refresh_from_db()
    assert "confirm" in str(trio.state), "reopened after the counting ended"


def test_removed_seat_ends_its_account(station, trio, alice, client_of, seats):  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import User

    u = User.objects.get(username=real("dh1-lan"))
    u.set_password(OWN_PASSWORD)
    u.save()
    c, r = login("dh1-lan", OWN_PASSWORD, ip="10.1.2.1")
    assert r.status_code == 302
    r = client_of(alice).post(f"/congress/day/panel/{seats['lan'].pk}/delete/")
    assert r.status_code in (200, 302), r.status_code
    r = c.get(f"{base(trio)}/")
    assert r.status_code in (302, 403) and "/counting/elections" not in r.get("Location", ""), (
        r.status_code
    )
    _, again = login("dh1-lan", OWN_PASSWORD, ip="10.1.2.2")
    assert again.status_code == 200
    assert vietnamese(text_of(again).split("<main>")[1])
