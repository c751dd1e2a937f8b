"""Manual double entry by batch, attacked by the operators themselves and by forged rows."""

from __future__ import annotations

import json
import re
import uuid

import pytest
from django.test import Client

from tests.adversarial.station2.conftest import base, text_of, vietnamese

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def batch(station, trio, client_of):  # type: ignore[no-untyped-def]
    """A ballot-by-ballot batch for two operators, started by the head: its address."""
    r = client_of(station["hanh"]).post(
        f"{base(trio)}/batches/manual/", {"method": "ballots", "entrants": "2"}
    )
    assert r.status_code == 302
    return r["Location"]


def row(client: Client, batch: str, marks: str, ruling: str = "", key: str | None = None):  # type: ignore[no-untyped-def]
    return client.post(
        batch + "entry/row/",
        {"key": key or str(uuid.uuid4()), "marks": marks, "ruling": ruling},
        **JSON,
    )


def my_rows(client: Client, batch: str) -> list[dict]:
    page = text_of(client.get(batch + "entry/"))
    setup = re.search(
        r'<script id="entry-setup" type="application/json">(.*?)</script>', page, re.S
    )
    return json.loads(setup.group(1))["rows"]


def test_operator_sees_only_own_entry_before_finishing(station, batch, client_of):  # type: ignore[no-untyped-def]
    m, la = client_of(station["minh"]), client_of(station["lan"])
    assert row(m, batch, "SKK").status_code == 200
    assert row(m, batch, "KSS").status_code == 200
    assert my_rows(la, batch) == []
    page = text_of(la.get(batch))
    assert "gạch 1" not in page and "SKK" not in page and "KSS" not in page
    # Not on the station page either, nor the live fragment.
    m.post(batch + "entry/finish/")
    page = text_of(la.get(batch)) + text_of(la.get(batch.split("batches")[0] + "live/"))
    assert "gạch 1" not in page and "gạch 2, 3" not in page


def test_someone_elses_key_does_not_touch_their_entry(station, batch, client_of):  # type: ignore[no-untyped-def]
    m, la = client_of(station["minh"]), client_of(station["lan"])
    r = row(m, batch, "SKK")
    key = r.json()["key"]
    r = row(la, batch, "KKS", key=key)
    assert my_rows(m, batch)[0]["marks"] == "SKK", "Lan's request changed Minh's ballot"
    # Nor can Lan take Minh's ballot out.
    la.post(batch + "entry/delete/", {"key": key}, **JSON)
    assert [x["marks"] for x in my_rows(m, batch)] == ["SKK"]


def test_same_key_twice_is_one_ballot(station, batch, client_of):  # type: ignore[no-untyped-def]
    m = client_of(station["minh"])
    key = str(uuid.uuid4())
    a = row(m, batch, "SKK", key=key)
    b = row(m, batch, "SKK", key=key)
    assert a.status_code == b.status_code == 200
    assert b.json()["totals"]["ballots"] == 1
    c = row(m, batch, "KSK", key=key)  # the same key, new content: a correction, still one
    assert c.json()["totals"]["ballots"] == 1 and c.json()["totals"]["votes"] == [1, 0, 1]


def test_a_third_person_cannot_join_a_two_person_batch(station, batch, client_of):  # type: ignore[no-untyped-def]
    m, la, t, h = (client_of(station[k]) for k in ("minh", "lan", "tu", "hanh"))
    assert row(m, batch, "SKK").status_code == 200
    assert row(la, batch, "SKK").status_code == 200
    r = row(t, batch, "KKS")
    assert r.status_code in (400, 403, 409), r.status_code
    assert vietnamese(r.json()["error"])
    r = row(h, batch, "KKS")
    assert r.status_code in (400, 403, 409), r.status_code


@pytest.mark.parametrize("who", ["phuong", "alice"])
def test_presidium_and_office_above_never_enter(station, batch, client_of, alice, who):  # type: ignore[no-untyped-def]
    c = client_of(alice if who == "alice" else station[who])
    assert row(c, batch, "SKK").status_code == 403
    assert c.post(batch + "entry/finish/").status_code == 403
    assert c.post(batch + "settle/1/", {"struck": ["1"]}).status_code == 403


def test_rows_after_finish_are_refused_and_kept(station, batch, client_of):  # type: ignore[no-untyped-def]
    m = client_of(station["minh"])
    k = row(m, batch, "SKK").json()["key"]
    m.post(batch + "entry/finish/")
    r = row(m, batch, "KKS")
    assert r.status_code in (400, 403, 409) and vietnamese(r.json()["error"])
    r = row(m, batch, "KKS", key=k)
    assert r.status_code in (400, 403, 409)
    r = m.post(batch + "entry/delete/", {"key": k}, **JSON)
    assert r.status_code in (400, 403, 409)
    # What Minh had typed is what is compared: Lan types the same and the batch agrees.
    lan = client_of(station["lan"])
    assert row(lan, batch, "SKK").status_code == 200
    lan.post(batch + "entry/finish/")
    page = text_of(lan.get(batch))
    assert 'data-state="differ"' not in page and 'data-state="waiting"' not in page, page[-3000:]


@pytest.mark.parametrize(
    "marks,ruling",
    [
        ("SK", ""),
        ("SKKK", ""),
        ("SQK", ""),
        ("skk", "X"),
        ("S K", ""),
        ("１２３", ""),
        ("٣KK", ""),
        ("S" * 100_000, ""),
        ("", ""),
        ("SKK", "not_a_reason"),
        ("SKK", "too_few_kept"),
        ("SKK", "<script>"),
        ("AKK", ""),
        ("DKK", ""),
    ],
)
def test_malformed_rows_are_refused_in_vietnamese(station, batch, client_of, marks, ruling):  # type: ignore[no-untyped-def]
    m = client_of(station["minh"])
    row(m, batch, "KSK")
    r = row(m, batch, marks, ruling)
    assert r.status_code == 400, (r.status_code, r.content[:300])
    assert vietnamese(r.json()["error"]), r.json()
    assert [x["marks"] for x in my_rows(m, batch)] == ["KSK"], "something entered was lost"


def test_entry_into_a_scanned_or_foreign_batch(
    station, trio, election, other_congress, batch, client_of
):  # type: ignore[no-untyped-def]
    m = client_of(station["minh"])
    h = client_of(station["hanh"])
    # Batch 2 of trio: a scanned batch the head starts.
    h.post(f"{base(trio)}/batch/")
    scanned = f"{base(trio)}/batches/2/"
    r = row(m, scanned, "SKK")
    assert r.status_code in (400, 404, 409), r.status_code
    # The same batch number through another election's address: never found.
    for other in (election, other_congress):
        r = row(m, f"{base(other)}/batches/1/", "SKK")
        assert r.status_code in (403, 404), (other, r.status_code)
    assert my_rows(m, batch) == []


def test_settling_a_place_without_difference_and_by_the_wrong_people(station, batch, client_of):  # type: ignore[no-untyped-def]
    m, la, h, t = (client_of(station[k]) for k in ("minh", "lan", "hanh", "tu"))
    for c, marks in ((m, ["SKK", "KSK"]), (la, ["SKK", "KKS"])):
        for mk in marks:
            assert row(c, batch, mk).status_code == 200
        c.post(batch + "entry/finish/")
    # Place 1 agrees: the head may not overwrite what both typed.
    r = h.post(batch + "settle/1/", {"struck": ["3"]}, follow=True)
    assert r.status_code in (200, 400, 404, 409)
    page = text_of(h.get(batch))
    assert 'data-testid="difference-1"' not in page
    # Place 2 differs: a member and an operator may not settle it.
    for c in (m, t):
        r = c.post(batch + "settle/2/", {"struck": ["2"]})
        assert r.status_code in (403,), r.status_code
    assert 'data-testid="difference-2"' in text_of(h.get(batch))
    # Places that do not exist.
    for pos in (0, 3, 99999):
        r = h.post(batch + f"settle/{pos}/", {"struck": ["1"]})
        assert r.status_code in (200, 302, 400, 404)
    assert 'data-state="differ"' in text_of(h.get(batch))
    # A forged settling: a name number out of range, an unknown reason.
    for form in ({"struck": ["9"]}, {"struck": ["1"], "ruling": "forged"}, {"struck": ["x"]}):
        r = h.post(batch + "settle/2/", form, follow=True)
        assert 'data-testid="difference-2"' in text_of(h.get(batch)), form
        assert vietnamese(text_of(r).split("<main>")[1])
    r = h.post(batch + "settle/2/", {"struck": ["2"]})
    assert r.status_code == 302
    assert 'data-state="differ"' not in text_of(h.get(batch))


def test_settling_twice_concurrently_records_once(station, batch, client_of):  # type: ignore[no-untyped-def]
    m, la, h = (client_of(station[k]) for k in ("minh", "lan", "hanh"))
    for c, mk in ((m, "SKK"), (la, "KSK")):
        row(c, batch, mk)
        c.post(batch + "entry/finish/")
    a = h.post(batch + "settle/1/", {"struck": ["1"]})
    b = h.post(batch + "settle/1/", {"struck": ["2"]})
    assert a.status_code == 302
    # The second press must not silently replace the first settling.
    page = text_of(h.get(batch))
    assert (
        "gạch 1" in page or b.status_code in (400, 409) or "đã quyết định" in text_of(h.get(batch))
    )
