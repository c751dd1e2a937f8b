"""Edges: forwarded addresses against the throttle, concurrent issuing, decisions after the
confirmation, hostile row keys."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.test import Client

from tests.adversarial.station2.conftest import base, real, slips, text_of, vietnamese


def test_throttle_is_not_reset_by_a_forged_forwarded_address(alice, seats, trio, client_of):  # type: ignore[no-untyped-def]
    r = client_of(alice).post(f"/counting/congress/{trio.congress.pk}/accounts/issue/")
    password = slips(r.content)["dh1-hanh"]
    for i in range(6):
        c = Client(REMOTE_ADDR="10.5.5.5", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}")
        c.post("/accounts/login/", {"username": real("dh1-hanh"), "password": f"doan{i}sai"})
    c = Client(REMOTE_ADDR="10.5.5.5", HTTP_X_FORWARDED_FOR="198.51.100.200")
    r = c.post("/accounts/login/", {"username": real("dh1-hanh"), "password": password})
    assert r.status_code == 200, "a forged X-Forwarded-For gave a fresh set of guesses"


@pytest.mark.django_db(transaction=True)
def test_issue_pressed_in_two_tabs_at_once_gives_one_account_each(alice, seats, trio, client_of):  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import User

    clients = [client_of(alice) for _ in range(3)]
    barrier = threading.Barrier(3)
    sheets: list = []

    def press(c: Client) -> None:
        barrier.wait()
        try:
            r = c.post(f"/counting/congress/{trio.congress.pk}/accounts/issue/")
            sheets.append((r.status_code, r.get("Content-Type"), r.content))
        finally:
            from django.db import connection

            connection.close()

    threads = [threading.Thread(target=press, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert all(code < 500 for code, _, _ in sheets), [s[:2] for s in sheets]
    assert User.objects.filter(username__regex=r"^dh[0-9]+-").count() == 5
    printed: dict = {}
    for _, kind, content in sheets:
        if kind == "application/pdf":
            for u, p in slips(content).items():
                assert u not in printed, f"{u} printed on two sheets"
                printed[u] = p
    assert len(printed) == 5
    from tests.adversarial.station2.conftest import login

    for u, p in printed.items():
        _, ok = login(u, p, ip="10.6.6.6")
        assert ok.status_code == 302, f"the slip printed for {u} does not open it"


@pytest.mark.django_db(transaction=True)
def test_no_decision_changes_after_confirmation(station, doubtful, trio, client_of):  # type: ignore[no-untyped-def]
    _count, key = doubtful
    url = f"{base(trio)}/review/{key}/"
    m, la, h = (client_of(station[k]) for k in ("minh", "lan", "hanh"))
    m.post(url, {"ruling": "invalid", "reason": "other_marks"})
    la.post(url, {"ruling": "invalid", "reason": "other_marks"})
    before = text_of(h.get(f"{base(trio)}/live/"))
    assert "không hợp lệ: 1" in before
    h.post(f"{base(trio)}/confirm/")
    trio.refresh_from_db()
    if "confirm" not in str(trio.state):
        pytest.skip("this outcome is not confirmable (tie/short): " + str(trio.state))
    for c in (m, la):
        c.post(url, {"ruling": "valid", "struck": ["Trần Thị Bình"]}, follow=True)
    h.post(url, {"ruling": "valid", "struck": ["Trần Thị Bình"], "settle": "1"})
    after = text_of(h.get(f"{base(trio)}/live/"))
    assert "không hợp lệ: 1" in after, "a decision changed a confirmed count"


@pytest.fixture
def batch(station, trio, client_of):  # type: ignore[no-untyped-def]
    r = client_of(station["hanh"]).post(
        f"{base(trio)}/batches/manual/", {"method": "ballots", "entrants": "2"}
    )
    return r["Location"]


@pytest.mark.parametrize(
    "key",
    ["x" * 100_000, "<script>", "'; DROP TABLE x; --", "\u202e", " ", "\x00"],
    ids=["huge", "markup", "sql", "rtl", "space", "nul"],
)
def test_hostile_row_keys(station, batch, client_of, key):  # type: ignore[no-untyped-def]
    m = client_of(station["minh"])
    r = m.post(
        batch + "entry/row/",
        {"key": key, "marks": "SKK", "ruling": ""},
        HTTP_ACCEPT="application/json",
    )
    assert r.status_code in (200, 400), r.status_code
    if r.status_code == 400:
        assert vietnamese(r.json()["error"])
    page = text_of(m.get(batch + "entry/"))
    assert "<script>" not in page.split('id="entry-setup"')[1].split("</script>")[0]


def test_delete_of_an_unknown_row(station, batch, client_of):  # type: ignore[no-untyped-def]
    m = client_of(station["minh"])
    m.post(
        batch + "entry/row/",
        {"key": str(uuid.uuid4()), "marks": "SKK", "ruling": ""},
        HTTP_ACCEPT="application/json",
    ).json()["key"]
    for bad in ("nope", "", str(uuid.uuid4())):
        r = m.post(batch + "entry/delete/", {"key": bad}, HTTP_ACCEPT="application/json")
        assert r.status_code in (200, 400, 404), r.status_code  # a repeated delete may be 200
        if r.status_code != 200:
            assert vietnamese(r.json()["error"])
    r = m.post(
        batch + "entry/row/",
        {"key": str(uuid.uuid4()), "marks": "KSK", "ruling": ""},
        HTTP_ACCEPT="application/json",
    )
    assert r.json()["totals"]["ballots"] == 2


def test_entry_without_json_accept_still_answers_clearly(station, batch, client_of):  # type: ignore[no-untyped-def]
    m = client_of(station["minh"])
    r = m.post(batch + "entry/row/", {"key": str(uuid.uuid4()), "marks": "SQ", "ruling": ""})
    assert r.status_code == 400
    body = r.content.decode()
    if r["Content-Type"].startswith("application/json"):
        body = r.json()["error"]
    assert vietnamese(body) and "Traceback" not in body
