# ruff: noqa: F811
"""W3: the hand-check: seeds and sizes outside the contract, hand counts outside the contract,
batches not drawn, people not in the counting committee, double submits."""

from __future__ import annotations

import pytest
from django.urls import reverse

from daihoi.web.counting import services
from daihoi.web.counting.models import HandCheck, HandCount
from tests.web.counting.conftest import trio  # noqa: F401
from tests.web.counting.test_handcheck import SEED, counted, form  # noqa: F401
from tests.web.counting.test_review import committee  # noqa: F401
from tests.web.elections.conftest import congress  # noqa: F401

from .conftest import text_of

pytestmark = pytest.mark.django_db


def _url(trio) -> str:  # type: ignore[no-untyped-def]
    return reverse("counting:handcheck", args=[trio.pk])


def test_a_seed_before_the_count_is_confirmed_is_refused(trio, committee, client_of) -> None:
    response = client_of(committee["hanh"]).post(_url(trio), {"seed": SEED, "size": "1"})
    assert response.status_code in (400, 403, 404, 409)
    assert not HandCheck.objects.exists()


@pytest.mark.parametrize(
    "seed",
    [
        "abcde fghij klmno pqrst",
        "31415 92653 5897",  # too few digits
        "３１４１５ ９２６５３ ５８９７９ ３２３８４",  # fullwidth digits
        "٣١٤١٥٩٢٦٥٣٥٨٩٧٩٣٢٣٨٤",  # Arabic-Indic digits
        "31415-92653-58979-32384",
        "31415 92653 58979 3238x",
        "' OR 1=1 -- 3141592653589793",
        "<script>alert(1)</script>31415926535897932384",
        "",
        "9" * 100000,
    ],
    ids=[
        "letters",
        "short",
        "fullwidth",
        "arabic",
        "dashes",
        "one_letter",
        "sql",
        "markup",
        "empty",
        "enormous",
    ],
)
def test_a_bad_seed_is_refused(trio, counted, committee, client_of, seed) -> None:
    response = client_of(committee["hanh"]).post(_url(trio), {"seed": seed, "size": "1"})
    assert response.status_code in (200, 400), response.status_code
    assert "<script>alert(1)</script>" not in text_of(response)
    assert not HandCheck.objects.exists()


@pytest.mark.parametrize("size", ["-1", "0", "-100", "abc", "1e3", "99999999999999999999", "1.5"])
def test_a_bad_sample_size_is_refused(trio, counted, committee, client_of, size) -> None:
    response = client_of(committee["hanh"]).post(_url(trio), {"seed": SEED, "size": size})
    assert response.status_code in (200, 400), response.status_code
    assert not HandCheck.objects.exists()


def test_a_sample_larger_than_the_batches_draws_at_most_all(
    trio, counted, committee, client_of
) -> None:
    response = client_of(committee["hanh"]).post(_url(trio), {"seed": SEED, "size": "11"})
    assert response.status_code in (200, 302, 400)
    for check in HandCheck.objects.all():
        assert len(check.drawn) <= 10


def test_a_second_seed_is_refused(trio, counted, committee, client_of) -> None:
    head = client_of(committee["hanh"])
    assert head.post(_url(trio), {"seed": SEED, "size": "1"}).status_code == 302
    drawn = HandCheck.objects.get().drawn
    again = head.post(_url(trio), {"seed": "27182 81828 45904 52353", "size": "3"})
    assert again.status_code == 409
    assert HandCheck.objects.get().drawn == drawn


@pytest.mark.parametrize("who", ["minh", "lan", "tu"])
def test_only_the_head_types_the_seed(trio, counted, committee, client_of, who) -> None:
    response = client_of(committee[who]).post(_url(trio), {"seed": SEED, "size": "1"})
    assert response.status_code == 403
    assert not HandCheck.objects.exists()


def test_the_office_and_another_province_type_no_seed(
    trio, counted, committee, alice, bob, charlie, client_of
) -> None:
    assert client_of(alice).post(_url(trio), {"seed": SEED, "size": "1"}).status_code == 403
    assert client_of(charlie).post(_url(trio), {"seed": SEED, "size": "1"}).status_code == 403
    assert client_of(bob).post(_url(trio), {"seed": SEED, "size": "1"}).status_code == 404
    assert not HandCheck.objects.exists()


@pytest.fixture
def drawn(trio, counted, committee):  # type: ignore[no-untyped-def]
    services.handcheck.start(counted, committee["hanh"], SEED, 1)
    [batch] = [d["batch"] for d in HandCheck.objects.get(count=counted).drawn]
    return batch


def _batch_url(trio, batch) -> str:  # type: ignore[no-untyped-def]
    return f"/counting/elections/{trio.pk}/handcheck/{batch}/"


BAD_COUNTS = {
    "negative_votes": form(votes=(-1, 7, 3)),
    "negative_ballots": form(ballots=-10),
    "letters": form(votes=("chín", 7, 3)),
    "enormous": form(votes=(10**30, 7, 3)),
    "enormous_ballots": form(ballots=10**30, valid=10**30),
    "enormous_invalid": form(ballots=10**30, valid=10, invalid=10**30 - 10),
    "negative_invalid": form(ballots=10, valid=11, invalid=-1),
    "float": form(votes=("9.5", 7, 3)),
    "empty": {"ballots": "", "valid": "", "invalid": ""},
    "markup": form(votes=("<script>alert(1)</script>", 7, 3)),
    "valid_gt_ballots": form(ballots=10, valid=11),
    "votes_gt_valid": form(votes=(11, 7, 3)),
}


def test_unicode_digits_in_a_hand_count_mean_the_same_digits(
    trio, drawn, committee, client_of
) -> None:
    data = form(votes=("٩", 7, 3)) | {"key": "k-u"}
    response = client_of(committee["minh"]).post(_batch_url(trio, drawn), data)
    assert response.status_code in (200, 302, 400)
    for row in HandCount.objects.all():
        assert "9" in str(row.__dict__) or "٩" not in str(row.__dict__)


@pytest.mark.parametrize("kind", sorted(BAD_COUNTS))
def test_a_bad_hand_count_is_refused_and_nothing_stored(
    trio, drawn, committee, client_of, kind
) -> None:
    data = BAD_COUNTS[kind] | {"key": f"k-{kind}"}
    response = client_of(committee["minh"]).post(_batch_url(trio, drawn), data)
    assert response.status_code in (200, 400), response.status_code
    assert "<script>alert(1)</script>" not in text_of(response)
    assert not HandCount.objects.exists()


@pytest.mark.parametrize("batch", ["999", "0", "-1", "abc", "<b>1</b>", "1%2F..%2F2"])
def test_a_batch_not_drawn_is_refused(trio, drawn, committee, client_of, batch) -> None:
    if batch == drawn:
        pytest.skip("drawn")
    response = client_of(committee["minh"]).post(_batch_url(trio, batch), form() | {"key": "k-x"})
    assert response.status_code in (400, 404), response.status_code
    assert not HandCount.objects.exists()


def test_an_undrawn_real_batch_is_refused(trio, drawn, committee, client_of) -> None:
    other = next(str(n) for n in range(1, 11) if str(n) != drawn)
    response = client_of(committee["minh"]).post(_batch_url(trio, other), form() | {"key": "k"})
    assert response.status_code in (400, 404)
    assert not HandCount.objects.exists()


@pytest.mark.parametrize("who", ["tu", "alice", "charlie", "bob"])
def test_a_user_not_in_the_counting_committee_enters_no_hand_count(
    trio, drawn, committee, alice, bob, charlie, client_of, who
) -> None:
    user = {"alice": alice, "bob": bob, "charlie": charlie}.get(who) or committee[who]
    response = client_of(user).post(_batch_url(trio, drawn), form() | {"key": "k"})
    assert response.status_code == (404 if who == "bob" else 403)
    assert not HandCount.objects.exists()


def test_a_hand_count_sent_twice_is_one_row(trio, drawn, committee, client_of) -> None:
    member = client_of(committee["minh"])
    first = member.post(_batch_url(trio, drawn), form() | {"key": "same"})
    second = member.post(_batch_url(trio, drawn), form() | {"key": "same"})
    assert first.status_code == 302 and second.status_code in (200, 302, 409)
    assert HandCount.objects.count() == 1


def test_draw_more_by_a_member_or_twice(trio, drawn, committee, client_of) -> None:
    services.handcheck.enter(
        HandCheck.objects.get().count, committee["minh"], drawn, form(votes=(9, 6, 3)), "a"
    )
    more = reverse("counting:handcheck_more", args=[trio.pk])
    assert client_of(committee["minh"]).post(more).status_code == 403
    head = client_of(committee["hanh"])
    head.post(more)
    head.post(more)
    assert len(HandCheck.objects.get().drawn) == 2
