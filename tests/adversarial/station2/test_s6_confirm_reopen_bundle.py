"""Confirming, reopening and the results bundle, by the wrong people, twice, and after."""

from __future__ import annotations

import re
import threading

import pytest
from django.test import Client

from tests.adversarial._web import pdf_text
from tests.adversarial.station2.conftest import base, text_of, vietnamese, winning_totals


def _state(election) -> str:  # type: ignore[no-untyped-def]
    election.refresh_from_db()
    return str(election.state)


@pytest.mark.parametrize("who", ["minh", "tu", "phuong", "alice", "charlie"])
def test_only_the_head_confirms_when_the_head_has_an_account(
    station, trio, client_of, alice, charlie, who
):  # type: ignore[no-untyped-def]
    winning_totals(client_of(station["hanh"]), trio)
    c = client_of({"alice": alice, "charlie": charlie}.get(who) or station[who])
    r = c.post(f"{base(trio)}/confirm/")
    assert r.status_code == 403, r.status_code
    assert "confirm" not in _state(trio)


@pytest.mark.parametrize("who", ["minh", "tu", "phuong", "alice", "charlie", "bob"])
def test_only_the_head_reopens(confirmed, station, client_of, alice, charlie, bob, who):  # type: ignore[no-untyped-def]
    people = {"alice": alice, "charlie": charlie, "bob": bob}
    c = client_of(people.get(who) or station[who])
    r = c.post(f"{base(confirmed)}/reopen/", {"reason": "Đếm nhầm tệp 1"})
    assert r.status_code in (403, 404), r.status_code
    assert "confirm" in _state(confirmed)


@pytest.mark.parametrize(
    "reason",
    ["", "   ", "\n\t", "\u200b", "x" * 1001],
    ids=["empty", "spaces", "ws", "zwsp", "long"],
)
def test_reopen_needs_a_real_reason(confirmed, station, client_of, reason):  # type: ignore[no-untyped-def]
    h = client_of(station["hanh"])
    r = h.post(f"{base(confirmed)}/reopen/", {"reason": reason}, follow=True)
    assert "confirm" in _state(confirmed), f"reopened with the reason {reason!r}"
    main = text_of(r).split("<main>")[1]
    assert vietnamese(main) and ('class="error' in main or "errorlist" in main), main[:1500]


def test_reopen_double_submit_records_one_reopening(confirmed, station, client_of):  # type: ignore[no-untyped-def]
    h = client_of(station["hanh"])
    a = h.post(f"{base(confirmed)}/reopen/", {"reason": "Đếm nhầm tệp 1"})
    b = h.post(f"{base(confirmed)}/reopen/", {"reason": "Đếm nhầm tệp 1"}, follow=True)
    assert a.status_code == 302
    page = text_of(h.get(f"{base(confirmed)}/"))
    assert page.count("Đếm nhầm tệp 1") == 1, "two reopenings listed for one press twice"
    assert vietnamese(text_of(b).split("<main>")[1])


def test_reopen_then_live_is_not_final(confirmed, station, client_of):  # type: ignore[no-untyped-def]
    h = client_of(station["hanh"])
    assert h.post(f"{base(confirmed)}/reopen/", {"reason": "Kiểm lại tệp 1"}).status_code == 302
    assert "confirm" not in _state(confirmed)
    page = text_of(h.get(f"{base(confirmed)}/live/"))
    assert "đã xác nhận</span>" not in page


def test_decisions_change_after_reopening_only(confirmed, station, client_of):  # type: ignore[no-untyped-def]
    h = client_of(station["hanh"])
    h.post(
        f"{base(confirmed)}/batches/1/totals/",
        {"collected": "8", "valid": "8", "votes-1": "2", "votes-2": "8", "votes-3": "6"},
    )
    page = text_of(h.get(f"{base(confirmed)}/live/"))
    assert 'Phạm Văn Cường</td><td class="num">2<' in page, "confirmed totals changed"


@pytest.mark.django_db(transaction=True)
def test_concurrent_reopen_is_one(station, trio, client_of):  # type: ignore[no-untyped-def]
    """Two tabs of the head press Reopen at the same moment (threads, separate clients)."""
    head = client_of(station["hanh"])
    winning_totals(head, trio)
    assert head.post(f"{base(trio)}/confirm/").status_code in (200, 302)
    clients = [client_of(station["hanh"]) for _ in range(3)]
    barrier = threading.Barrier(3)
    codes: list[int] = []

    def press(c: Client) -> None:
        barrier.wait()
        try:
            codes.append(c.post(f"{base(trio)}/reopen/", {"reason": "Hai tab"}).status_code)
        finally:
            from django.db import connection

            connection.close()

    threads = [threading.Thread(target=press, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert all(code < 500 for code in codes), codes
    page = text_of(head.get(f"{base(trio)}/"))
    assert page.count('data-testid="reopening"') == 1, page.count('data-testid="reopening"')


@pytest.mark.parametrize("when", ["before-confirm", "confirmed", "reopened"])
def test_minutes_of_a_count_on_paper(station, trio, client_of, when):  # type: ignore[no-untyped-def]
    """A count whose only batch is paper totals (8 ballots) has minutes at every stage: the page
    shows the minutes button and 'Phiếu thu về: 8'."""
    h = client_of(station["hanh"])
    winning_totals(h, trio)
    if when != "before-confirm":
        h.post(f"{base(trio)}/confirm/")
    if when == "reopened":
        assert h.post(f"{base(trio)}/reopen/", {"reason": "Kiểm lại tệp 1"}).status_code == 302
    r = h.get(f"{base(trio)}/minutes.pdf", follow=True)
    messages = (
        re.findall(r'<li class="error">(.*?)</li>', text_of(r))
        if r["Content-Type"].startswith("text/html")
        else []
    )
    assert r["Content-Type"] == "application/pdf", messages
    text = pdf_text(r.content)
    if when == "reopened":
        assert "Kiểm lại tệp 1" in text


@pytest.mark.parametrize("who", ["minh", "tu", "phuong", "charlie"])
def test_bundle_refused_to_members_operators_presidium(confirmed, station, client_of, charlie, who):  # type: ignore[no-untyped-def]
    """The bundle holds every member's decision on every page, by name: it goes to the committee
    above through the head or the office, not to whoever sits at a station PC."""
    c = client_of(charlie if who == "charlie" else station[who])
    r = c.post(f"{base(confirmed)}/record.zip")
    assert r.status_code == 403, (who, r.status_code, r.get("Content-Type"))


def test_bundle_by_the_head_verifies_and_is_not_cached(confirmed, station, client_of):  # type: ignore[no-untyped-def]
    from daihoi import record

    h = client_of(station["hanh"])
    assert h.get(f"{base(confirmed)}/record.zip").status_code == 405
    r = h.post(f"{base(confirmed)}/record.zip")
    assert r.status_code == 200 and r["Content-Type"] == "application/zip"
    assert "no-store" in r.get("Cache-Control", ""), "the bundle may stay in a hall PC's cache"
    verdict = record.verify(r.content)
    assert verdict.exit_code == 0, verdict.message


def test_bundle_after_reopening_does_not_pass_as_final(confirmed, station, client_of):  # type: ignore[no-untyped-def]
    from daihoi import record

    h = client_of(station["hanh"])
    h.post(f"{base(confirmed)}/reopen/", {"reason": "Kiểm lại"})
    r = h.post(f"{base(confirmed)}/record.zip")
    assert r.status_code in (200, 409)
    if r.status_code == 200:
        verdict = record.verify(r.content)
        summary = (verdict.message + " " + str(verdict.summary)).lower()
        assert (
            verdict.exit_code != 0
            or "mở lại" in summary
            or "reopen" in summary
            or "chưa xác nhận" in summary
        ), summary[:2000]
    # And confirmed again, it verifies.
    assert h.post(f"{base(confirmed)}/confirm/").status_code in (200, 302)
    assert "confirm" in _state(confirmed)
    r = h.post(f"{base(confirmed)}/record.zip")
    assert record.verify(r.content).exit_code == 0


def test_station_page_does_not_show_server_paths_to_watchers(confirmed, station, client_of):  # type: ignore[no-untyped-def]
    page = text_of(client_of(station["phuong"]).get(f"{base(confirmed)}/"))
    assert "/tmp/" not in page and "records/" not in page, (
        "the server's folders shown to the presidium"
    )
    assert f'action="/counting/elections/{confirmed.pk}/record.zip"' not in page
