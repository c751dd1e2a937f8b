"""Who may do what at Minh Khai's counting, each role against each action.

Hạnh heads the counting committee, Minh and Lan are members, Tú is a technical operator and
Phương sits in the presidium (all station accounts). Alice is office staff of Hà Nam, above the
congress; Charlie views Phủ Lý; Bob is Ninh Bình's office and never sees the congress at all.

| action          | head | member | operator | presidium | office above | viewer | other |
| watch           | yes  | yes    | yes      | yes       | yes          | yes    | 404   |
| upload          | yes  | yes    | yes      | 403       | yes          | 403    | 404   |
| decide          | yes  | yes    | 403      | 403       | 403          | 403    | 404   |
| settle          | yes  | no     | 403      | 403       | 403          | 403    | 404   |
| confirm         | yes  | 403    | 403      | 403       | 403          | 403    | 404   |
| reopen          | yes  | 403    | 403      | 403       | 403          | 403    | 404   |
| create accounts | 404  | 404    | 404      | 404       | yes          | 403    | 404   |
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from daihoi.web.counting import services
from daihoi.web.counting.models import CountState, ReviewDecision


@pytest.fixture
def people(station, alice, charlie, bob):  # type: ignore[no-untyped-def]
    return {**station, "alice": alice, "charlie": charlie, "bob": bob}


def _status(client, url, data=None):  # type: ignore[no-untyped-def]
    return client.post(url, data or {}).status_code


@pytest.mark.django_db(transaction=True)
def test_everyone_of_the_congress_watches_and_nobody_else(people, trio, client_of):
    url = reverse("counting:station", args=[trio.pk])
    for who in ("hanh", "minh", "lan", "tu", "phuong", "alice", "charlie"):
        assert client_of(people[who]).get(url).status_code == 200, who
    assert client_of(people["bob"]).get(url).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_scanning_is_for_the_committee_the_operators_and_the_office(people, trio, client_of):
    url = reverse("counting:upload", args=[trio.pk])
    for who in ("hanh", "minh", "tu", "alice"):
        # Allowed: the form comes back saying no file was chosen.
        assert _status(client_of(people[who]), url) == 302, who
    for who in ("phuong", "charlie"):
        assert _status(client_of(people[who]), url) == 403, who
    assert _status(client_of(people["bob"]), url) == 404


@pytest.mark.django_db(transaction=True)
def test_only_members_decide_only_the_head_settles_confirms_and_reopens(
    people, trio, doubtful, client_of
):
    count, key = doubtful
    b = services.elections.ballot_order(trio)[1]
    page = reverse("counting:review_page", args=[trio.pk, key])
    valid = {"ruling": "valid", "struck": [b]}
    for who in ("tu", "phuong", "alice", "charlie"):
        assert _status(client_of(people[who]), page, valid) == 403, who
        assert client_of(people[who]).get(page).status_code == 403, who
    assert _status(client_of(people["bob"]), page, valid) == 404
    assert not ReviewDecision.objects.exists()

    # Minh and Lan disagree; neither may settle, and the refused roles cannot even try.
    client_of(people["minh"]).post(page, valid)
    client_of(people["lan"]).post(page, {"ruling": "invalid", "reason": "other_marks"})
    assert services.review_queue(count, people["minh"])[0].state == "disagree"
    settle = {**valid, "settle": "1"}
    for who in ("minh", "lan"):
        client_of(people[who]).post(page, settle)
        with pytest.raises(services.Refused, match="Trưởng Ban"):
            services.decide(count, key, people[who], ruling="valid", struck=[b], settle=True)
    for who in ("tu", "phuong", "alice", "charlie"):
        assert _status(client_of(people[who]), page, settle) == 403, who
    assert not ReviewDecision.objects.filter(settles=True).exists()
    client_of(people["hanh"]).post(page, settle)
    assert services.review_queue(count, people["hanh"])[0].state == "settled"

    confirm = reverse("counting:confirm", args=[trio.pk])
    # The office above confirmed before the roles; with a head holding an account, it may not.
    for who in ("minh", "lan", "tu", "phuong", "alice", "charlie"):
        assert _status(client_of(people[who]), confirm) == 403, who
        with pytest.raises(services.Refused):
            services.confirm(count, people[who])
    assert _status(client_of(people["bob"]), confirm) == 404
    count.refresh_from_db()
    assert count.state == CountState.OPEN
    client_of(people["hanh"]).post(confirm)
    count.refresh_from_db()
    assert count.state == CountState.CONFIRMED

    reopen = reverse("counting:reopen", args=[trio.pk])
    reason = {"reason": "Kiểm tra lại phiếu có dấu gạch chân."}
    for who in ("minh", "lan", "tu", "phuong", "alice", "charlie"):
        assert _status(client_of(people[who]), reopen, reason) == 403, who
        with pytest.raises(services.Refused, match="Chỉ Trưởng Ban"):
            services.reopen(count, people[who], reason["reason"])
    assert _status(client_of(people["bob"]), reopen, reason) == 404
    count.refresh_from_db()
    assert count.state == CountState.CONFIRMED and not services.reopenings(count)
    client_of(people["hanh"]).post(reopen, reason)
    count.refresh_from_db()
    assert count.state == CountState.OPEN and len(services.reopenings(count)) == 1


@pytest.mark.django_db(transaction=True)
def test_only_the_office_creates_accounts(people, trio, seats, client_of):
    from daihoi.web.elections.models import PanelMember

    PanelMember.objects.create(congress=trio.congress, panel="secretariat", name="Mai Thư Ký")
    url = reverse("counting:accounts_issue", args=[trio.congress.pk])
    for who in ("hanh", "minh", "tu", "phuong", "bob"):
        assert _status(client_of(people[who]), url) == 404, who
    assert _status(client_of(people["charlie"]), url) == 403
    assert PanelMember.objects.filter(user__isnull=True).count() == 1
    response = client_of(people["alice"]).post(url)
    assert response["Content-Type"] == "application/pdf"
    assert not PanelMember.objects.filter(user__isnull=True).exists()
