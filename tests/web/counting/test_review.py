"""The review queue: two members decide each doubtful page, the head settles a disagreement,
an operator or an office above never decides, nothing changes after confirmation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from daihoi.web.counting import services
from daihoi.web.elections.models import PanelMember
from daihoi_testsupport.synth import Case, Doubt, Stroke, render_case
from tests.tasks import run_worker

from .conftest import QUIET


@pytest.fixture
def committee(trio, make_user, tree):  # type: ignore[no-untyped-def]
    """Head Hạnh, members Minh and Lan, operator Tú (station accounts of Minh Khai)."""
    from daihoi.web.accounts.models import Role

    people = {}
    for username, panel, role in (
        ("hanh", "counting", "head"),
        ("minh", "counting", "member"),
        ("lan", "counting", "member"),
        ("tu", "technical", "operator"),
    ):
        user = make_user(username, tree.minh_khai, Role.VIEWER)
        PanelMember.objects.create(
            congress=trio.congress, panel=panel, role=role, name=username.title(), user=user
        )
        people[username] = user
    return people


def _doubtful_page(trio):  # type: ignore[no-untyped-def]
    """One clear ballot striking the third name and one with an underline under the first."""
    engine = services.elections.engine_election(trio)
    a, b, c = engine.labels
    clear = render_case(Case(engine, strokes={c: Stroke.STRAIGHT}, scan=QUIET, seed=11)).encoded
    doubt = render_case(
        Case(engine, strokes={b: Stroke.STRAIGHT}, doubts={a: Doubt.UNDERLINE}, scan=QUIET, seed=12)
    ).encoded
    return clear, doubt


@pytest.mark.django_db(transaction=True)
def test_two_members_agree_and_the_page_is_counted_as_they_decided(
    trio, committee, alice, client_of
):
    count = services.count_of(trio)
    a, b, c = services.elections.ballot_order(trio)
    for data in _doubtful_page(trio):
        services.receive_file(count, data)
    run_worker()
    [item] = services.review_queue(count, committee["minh"])
    assert services.results_of(count)["outcome"] == "pending_review"
    # An office above watches but never decides; an operator scans but never decides.
    for outsider in (alice, committee["tu"]):
        assert (
            client_of(outsider).get(reverse("counting:review", args=[trio.pk])).status_code == 403
        )
        url = reverse("counting:review_page", args=[trio.pk, item.key])
        assert client_of(outsider).post(url, {"ruling": "valid", "struck": [b]}).status_code == 403
    minh, lan = client_of(committee["minh"]), client_of(committee["lan"])
    url = reverse("counting:review_page", args=[trio.pk, item.key])
    page = minh.get(url)
    assert page.status_code == 200 and b"page-image" in page.content
    image = minh.get(reverse("counting:review_image", args=[trio.pk, item.key]))
    assert image["Content-Type"] == "image/png" and image.content[:4] == b"\x89PNG"
    minh.post(url, {"ruling": "valid", "struck": [b]})
    minh.post(url, {"ruling": "valid", "struck": [b]})  # a double submit: still one decision
    assert services.results_of(count)["outcome"] == "pending_review"  # one opinion is not enough
    lan.post(url, {"ruling": "valid", "struck": [b]})
    document = services.results_of(count)
    assert document["outcome"] != "pending_review"
    assert document["ballots"]["valid"] == 2
    votes = {x["name"]: x["votes"] for x in document["candidates"]}
    assert votes == {a: 2, b: 1, c: 1}
    assert count.decisions.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_disagreement_waits_for_the_head_and_nothing_changes_after_confirmation(
    trio, committee, client_of
):
    count = services.count_of(trio)
    _a, b, _c = services.elections.ballot_order(trio)
    for data in _doubtful_page(trio):
        services.receive_file(count, data)
    run_worker()
    [item] = services.review_queue(count, committee["minh"])
    url = reverse("counting:review_page", args=[trio.pk, item.key])
    client_of(committee["minh"]).post(url, {"ruling": "valid", "struck": [b]})
    client_of(committee["lan"]).post(url, {"ruling": "invalid", "reason": "other_marks"})
    assert services.review_queue(count, committee["minh"])[0].state == "disagree"
    assert services.results_of(count)["outcome"] == "pending_review"
    # A member may not settle; the head does.
    with pytest.raises(services.Refused, match="Trưởng Ban"):
        services.decide(count, item.key, committee["minh"], ruling="valid", struck=[b], settle=True)
    head = client_of(committee["hanh"])
    assert b'data-testid="opinions"' in head.get(url).content
    head.post(url, {"ruling": "invalid", "reason": "other_marks", "settle": "1"})
    document = services.results_of(count)
    assert (document["ballots"]["valid"], document["ballots"]["invalid"]) == (1, 1)
    assert document["ballots"]["invalid_reasons"] == {"other_marks": 1}
    assert services.confirm(count, committee["hanh"]) is None
    with pytest.raises(services.Refused, match="đã được xác nhận"):
        services.decide(count, item.key, committee["lan"], ruling="valid", struck=[b])


@pytest.mark.django_db(transaction=True)
def test_a_decision_is_checked_before_it_is_kept(trio, committee):
    count = services.count_of(trio)
    for data in _doubtful_page(trio):
        services.receive_file(count, data)
    run_worker()
    [item] = services.review_queue(count, committee["minh"])
    with pytest.raises(services.Refused, match="Tên không có trên phiếu"):
        services.decide(count, item.key, committee["minh"], ruling="valid", struck=["Người Lạ"])
    with pytest.raises(services.Refused, match="cần một lý do"):
        services.decide(count, item.key, committee["minh"], ruling="invalid", struck=[])
    with pytest.raises(services.Refused, match="Không có trang này"):
        services.decide(count, "1:abc:1:0", committee["minh"], ruling="valid", struck=[])
    assert not count.decisions.exists()
