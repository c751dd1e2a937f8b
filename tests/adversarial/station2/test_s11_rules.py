"""A member's or an operator's word against the rules: 'valid' for a ballot the rules make
invalid must not be counted as valid."""

from __future__ import annotations

import re
import uuid

import pytest

from tests.adversarial.station2.conftest import base, text_of

ALL = ["Lê Văn An", "Trần Thị Bình", "Phạm Văn Cường"]


def _live(client, election):  # type: ignore[no-untyped-def]
    page = text_of(client.get(f"{base(election)}/live/"))
    valid = int(re.search(r"hợp lệ: (\d+);", page).group(1))
    invalid = int(re.search(r"không hợp lệ: (\d+)", page).group(1))
    return valid, invalid, page


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("struck", [ALL, []], ids=["all-struck", "none-struck-3-kept-of-2"])
def test_review_valid_against_the_rules(station, doubtful, trio, client_of, struck):  # type: ignore[no-untyped-def]
    _count, key = doubtful
    url = f"{base(trio)}/review/{key}/"
    m, la = client_of(station["minh"]), client_of(station["lan"])
    for c in (m, la):
        c.post(url, {"ruling": "valid", "struck": struck})
    valid, invalid, page = _live(m, trio)
    # one clear ballot (valid) + this page: it may not be a valid ballot
    assert (valid == 1 and invalid == 1) or 'data-outcome="pending_review"' in page, (
        valid,
        invalid,
    )


@pytest.mark.parametrize("marks", ["KKK", "SSS"], ids=["3-kept-of-2", "all-struck"])
def test_typed_ballot_against_the_rules(station, trio, client_of, marks):  # type: ignore[no-untyped-def]
    h = client_of(station["hanh"])
    batch = h.post(f"{base(trio)}/batches/manual/", {"method": "ballots", "entrants": "2"})[
        "Location"
    ]
    r = client_of(station["minh"]).post(
        batch + "entry/row/",
        {"key": str(uuid.uuid4()), "marks": marks, "ruling": ""},
        HTTP_ACCEPT="application/json",
    )
    assert r.status_code in (200, 400)
    if r.status_code == 200:
        t = r.json()["totals"]
        assert t["valid"] == 0 and t["invalid"] == 1, t


def test_typed_ballot_invalid_with_a_reason_and_names(station, trio, client_of):  # type: ignore[no-untyped-def]
    """X then a reason, with names struck too: invalid, and its names never get votes."""
    h = client_of(station["hanh"])
    batch = h.post(f"{base(trio)}/batches/manual/", {"method": "ballots", "entrants": "2"})[
        "Location"
    ]
    r = client_of(station["minh"]).post(
        batch + "entry/row/",
        {"key": str(uuid.uuid4()), "marks": "SKK", "ruling": "other_marks"},
        HTTP_ACCEPT="application/json",
    )
    assert r.status_code == 200
    t = r.json()["totals"]
    assert t["invalid"] == 1 and t["votes"] == [0, 0, 0], t
