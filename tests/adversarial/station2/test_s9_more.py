"""More attacks: the password page of an ordinary account, the presidium scanning, concurrent
review decisions, uploads landing in a manual batch, minutes of a count typed ballot by ballot."""

from __future__ import annotations

import re
import threading
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.adversarial._web import pdf_text
from tests.adversarial.station2.conftest import PASSWORD, base, login, text_of


def test_password_page_of_an_office_account_needs_the_old_password(alice, client_of):  # type: ignore[no-untyped-def]
    c = client_of(alice)
    c.post(
        "/counting/account/password/",
        {"new_password1": "Ke-gian-doi-mat-khau-99", "new_password2": "Ke-gian-doi-mat-khau-99"},
    )
    _, r = login("alice", PASSWORD, ip="10.4.4.4")
    assert r.status_code == 302, "an office account's password was replaced without the old one"


@pytest.mark.parametrize("who", ["phuong"])
def test_presidium_never_scans(station, trio, client_of, who):  # type: ignore[no-untyped-def]
    c = client_of(station[who])
    E = base(trio)
    for url, data in (
        (f"{E}/upload/", {"files": SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100)}),
        (f"{E}/batch/", {}),
        (f"{E}/issued/", {"issued": "8"}),
        (f"{E}/tokens/", {"name": "máy lạ"}),
        (f"{E}/seal/", {}),
        (f"{E}/batches/manual/", {"method": "totals"}),
        (f"{E}/projector/", {}),
    ):
        r = c.post(url, data)
        assert r.status_code == 403, (url, r.status_code)


@pytest.mark.django_db(transaction=True)
def test_two_members_decide_at_the_same_moment(station, doubtful, trio, client_of):  # type: ignore[no-untyped-def]
    _count, key = doubtful
    url = f"{base(trio)}/review/{key}/"
    people = [client_of(station["minh"]), client_of(station["lan"]), client_of(station["minh"])]
    forms = [
        {"ruling": "invalid", "reason": "other_marks"},
        {"ruling": "invalid", "reason": "other_marks"},
        {"ruling": "invalid", "reason": "other_marks"},
    ]
    barrier = threading.Barrier(len(people))
    codes: list[int] = []

    def press(c: Client, form: dict) -> None:
        barrier.wait()
        try:
            codes.append(c.post(url, form).status_code)
        finally:
            from django.db import connection

            connection.close()

    threads = [threading.Thread(target=press, args=p) for p in zip(people, forms, strict=False)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert all(code < 500 for code in codes), codes
    page = text_of(people[0].get(f"{base(trio)}/live/"))
    outcome = re.search(r'data-outcome="([^"]+)"', page).group(1)
    assert outcome != "pending_review", "two agreeing decisions sent together left the page open"
    invalid = re.search(r"không hợp lệ: (\d+)", page).group(1)
    assert invalid == "1", f"the page counted {invalid} times"


@pytest.mark.django_db(transaction=True)
def test_uploads_never_land_in_a_manual_batch(station, trio, client_of):  # type: ignore[no-untyped-def]
    from tests.tasks import run_worker
    from tests.web.counting.conftest import marked_ballots

    h = client_of(station["hanh"])
    r = h.post(f"{base(trio)}/batches/manual/", {"method": "ballots", "entrants": "2"})
    manual = r["Location"]
    number = re.search(r"/batches/(\d+)/", manual).group(1)
    page = text_of(h.get(f"{base(trio)}/"))
    heading = re.search(r"Nạp phiếu đã quét — tệp phiếu số (\d+)", page)
    assert heading is None or heading.group(1) != number, "uploads go into the manual batch"
    files = [
        SimpleUploadedFile(f"p{i}.png", data, "image/png")
        for i, data in enumerate(marked_ballots(trio, 2))
    ]
    h.post(f"{base(trio)}/upload/", {"files": files})
    run_worker()
    live = text_of(h.get(f"{base(trio)}/live/"))
    rows = re.findall(
        r"<tr><td>Tệp (\d+)[^<]*(?:<span[^>]*>[^<]*</span>)?</td><td class=\"num\">(\d+)</td>", live
    )
    assert rows, live[-3000:]
    assert (number, "2") not in rows and all(n != number or p == "0" for n, p in rows), rows
    # The typed batch still takes its ballots, as a typed batch.
    r = client_of(station["minh"]).post(
        manual + "entry/row/",
        {"key": str(uuid.uuid4()), "marks": "SKK", "ruling": ""},
        HTTP_ACCEPT="application/json",
    )
    assert r.status_code == 200


def test_minutes_of_a_count_typed_ballot_by_ballot(station, trio, client_of):  # type: ignore[no-untyped-def]
    m, la, h = (client_of(station[k]) for k in ("minh", "lan", "hanh"))
    r = h.post(f"{base(trio)}/batches/manual/", {"method": "ballots", "entrants": "2"})
    batch = r["Location"]
    marks = ["SKK"] * 2 + ["KKS"] * 6
    for c in (m, la):
        for mk in marks:
            c.post(
                batch + "entry/row/",
                {"key": str(uuid.uuid4()), "marks": mk, "ruling": ""},
                HTTP_ACCEPT="application/json",
            )
        c.post(batch + "entry/finish/")
    r = h.get(f"{base(trio)}/minutes.pdf", follow=True)
    said = (
        re.findall(r'<li class="error">(.*?)</li>', text_of(r))
        if r["Content-Type"].startswith("text/html")
        else []
    )
    assert r["Content-Type"] == "application/pdf", said
    assert "nhập tay" in " ".join(pdf_text(r.content).split())


def test_double_entry_of_three_then_a_fourth(station, trio, client_of, make_user, tree):  # type: ignore[no-untyped-def]

    h = client_of(station["hanh"])
    r = h.post(f"{base(trio)}/batches/manual/", {"method": "ballots", "entrants": "3"})
    batch = r["Location"]
    for k in ("minh", "lan", "tu"):
        r = client_of(station[k]).post(
            batch + "entry/row/",
            {"key": str(uuid.uuid4()), "marks": "SKK", "ruling": ""},
            HTTP_ACCEPT="application/json",
        )
        assert r.status_code == 200, k
    r = h.post(
        batch + "entry/row/",
        {"key": str(uuid.uuid4()), "marks": "SKK", "ruling": ""},
        HTTP_ACCEPT="application/json",
    )
    assert r.status_code in (400, 403, 409), "a fourth person joined a batch of three"
    # 4 or 1 entrants by a forged form
    for n in ("4", "1", "0", "-2", "x"):
        r = h.post(f"{base(trio)}/batches/manual/", {"method": "ballots", "entrants": n})
        loc = r.get("Location", "")
        if r.status_code == 302 and "/batches/" in loc:
            page = text_of(h.get(loc))
            assert f"({n} người)" not in page, f"a batch for {n} operators was started"
    for method in ("scan", "", "<b>"):
        r = h.post(f"{base(trio)}/batches/manual/", {"method": method, "entrants": "2"})
        assert r.status_code in (302, 400)
