"""A short result: the next round rests on it, so it cannot be reopened; the counting cannot end
while the next round waits."""

from __future__ import annotations

import re

from tests.adversarial.station2.conftest import base, new_totals_batch, text_of, vietnamese


def _messages(r) -> str:  # type: ignore[no-untyped-def]
    return " ".join(re.findall(r'<li class="[a-z]+">(.*?)</li>', text_of(r), re.S))


def test_short_result_then_next_round_then_reopen(station, trio, alice, client_of):  # type: ignore[no-untyped-def]
    h = client_of(station["hanh"])
    batch = new_totals_batch(h, trio)
    r = h.post(
        batch + "totals/",
        {"collected": "8", "valid": "8", "votes-1": "4", "votes-2": "4", "votes-3": "4"},
    )
    assert r.status_code == 302
    h.post(f"{base(trio)}/confirm/")
    trio.refresh_from_db()
    assert "confirm" in str(trio.state)
    # the counting cannot end while the next round waits
    r = client_of(alice).post(f"/counting/congress/{trio.congress.pk}/end/", follow=True)
    said = _messages(r)
    assert vietnamese(said) and "kết thúc" in said.lower()
    from daihoi.web.elections.models import Election

    before = Election.objects.count()
    r = h.post(f"{base(trio)}/next-round/", {})
    assert r.status_code in (200, 302)
    if Election.objects.count() == before:
        raise AssertionError("no next round was made by its form")
    r = h.post(f"{base(trio)}/reopen/", {"reason": "Sửa sau khi đã lập vòng sau"}, follow=True)
    trio.refresh_from_db()
    assert "confirm" in str(trio.state), "reopened a result a next round rests on"
    assert vietnamese(_messages(r))
    # a second press of next-round makes no second round
    count = Election.objects.count()
    h.post(f"{base(trio)}/next-round/", {})
    assert Election.objects.count() == count, "two next rounds from one result"
