"""Attacks on the second station issue (station accounts, roles, review, reopening, manual
entry, totals, the results bundle) from outside: HTTP only, through Django's test Client."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tests.adversarial._web import pdf_text
from tests.web.conftest import (  # noqa: F401  (fixtures shared with tests/web)
    PASSWORD,
    Tree,
    _fast_password_hashing,
    alice,
    bob,
    charlie,
    client_of,
    make_user,
    sam,
    tree,
)
from tests.web.counting.conftest import (  # noqa: F401
    OWN_PASSWORD,
    approved,
    ballots,
    doubtful,
    election,
    seats,
    station,
    trio,
)
from tests.web.elections.conftest import congress  # noqa: F401

SLIP = re.compile(r"(dh\d+-[a-z0-9]+)\s+.*?([a-km-np-z2-9]{10})", re.S)


def short(username: str) -> str:
    """``dh7-minh`` → ``dh1-minh``: the tests name accounts as if the congress were number 1
    (database ids differ between test orders); ``real`` finds the account again."""
    return re.sub(r"^dh\d+-", "dh1-", username)


def real(username: str) -> str:
    from django.contrib.auth.models import User

    if not username.startswith("dh1-"):
        return username
    rest = username[len("dh1-") :]
    found = list(User.objects.filter(username__regex=rf"^dh[0-9]+-{re.escape(rest)}$"))
    return found[0].username if len(found) == 1 else username


def slips(pdf: bytes) -> dict[str, str]:
    """username (as ``short`` names it) → one-time password, read from the sheet PDF as a
    person would."""
    text = pdf_text(pdf)
    users = re.findall(r"\bdh\d+-[a-z0-9]+\b", text)
    out: dict[str, str] = {}
    for u in users:
        after = text.split(u, 1)[1]
        m = re.search(r"\b([a-km-np-z2-9]{10})\b", after)
        if m:
            out.setdefault(short(u), m.group(1))
    return out


def login(username: str, password: str, ip: str = "10.0.0.9") -> tuple[Client, Any]:
    c = Client(REMOTE_ADDR=ip)
    r = c.post("/accounts/login/", {"username": real(username), "password": password})
    return c, r


def text_of(response: Any) -> str:
    return response.content.decode("utf-8", "replace")


VIET = set("ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")


def vietnamese(message: str) -> bool:
    """A message a Vietnamese user can read: it has Vietnamese letters and no Python in it."""
    low = message.lower()
    return bool(VIET & set(low)) and "traceback" not in low and "exception" not in low


def base(election: Any) -> str:
    return f"/counting/elections/{election.pk}"


def new_totals_batch(client: Client, election: Any) -> str:
    r = client.post(f"{base(election)}/batches/manual/", {"method": "totals"})
    assert r.status_code == 302, r.status_code
    return r.headers["Location"]


def winning_totals(client: Client, election: Any) -> str:
    """A totals batch deciding trio (2 of 3, electorate 8): An 8, Bình 6, Cường 2."""
    url = new_totals_batch(client, election)
    r = client.post(
        url + "totals/",
        {"collected": "8", "valid": "8", "votes-1": "8", "votes-2": "6", "votes-3": "2"},
    )
    assert r.status_code == 302, text_of(r)[-2000:]
    return url


@pytest.fixture
def confirmed(station: Any, trio: Any, client_of: Any) -> Any:
    """Trio counted by totals and confirmed by the head Hạnh."""
    head = client_of(station["hanh"])
    winning_totals(head, trio)
    r = head.post(f"{base(trio)}/confirm/")
    assert r.status_code in (200, 302), r.status_code
    trio.refresh_from_db()
    assert trio.state == "confirmed" or "confirm" in str(trio.state), trio.state
    return trio


@pytest.fixture
def other_congress(tree: Any, alice: Any) -> Any:
    """Congress B: Hòa Mạc (also Hà Nam, same office), its own 2-of-3 election and a head."""
    from datetime import date

    from daihoi.web.elections.models import Candidate, Election, ElectionState, PanelMember
    from daihoi.web.season.models import Congress, CongressKind, CongressStatus, Season

    season = Season.objects.create(
        organisation=tree.ha_nam, name="Đợt B", term_start=2025, term_end=2030
    )
    cong = Congress.objects.create(
        season=season,
        organisation=tree.hoa_mac,
        kind=CongressKind.DELEGATES,
        status=CongressStatus.PREPARING,
        planned_date=date(2026, 12, 21),
    )
    row = Election.objects.create(
        congress=cong,
        slug="ubkt",
        title="Bầu Ủy ban Kiểm tra B",
        body="inspection_committee",
        seats=2,
        rules="party",
        electorate=8,
        state=ElectionState.APPROVED,
    )
    Candidate.objects.bulk_create(
        Candidate(election=row, name=n) for n in ("Ngô Văn Một", "Lý Thị Hai", "Tạ Văn Ba")
    )
    PanelMember.objects.create(
        congress=cong, panel="counting", role="head", name="Hồ Văn Quang", order=1
    )
    return row
