# ruff: noqa: F811  (the fixtures imported from the other tests are parameters of the tests)
"""Manual entry by batch: two or three operators type the same ballots independently and must
agree (the head settles each difference from the paper); a batch counted on paper enters its
totals; scanned, entered and totalled batches are counted together."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from daihoi.minutes.model import minutes_from_results
from daihoi.web.audit.models import AuditEntry
from daihoi.web.counting import services
from daihoi.web.counting.models import EntryRow
from daihoi.web.elections.models import Candidate, Election, ElectionState
from tests.tasks import run_worker
from tests.web.elections.conftest import congress  # noqa: F401  (fixture)

from .conftest import ballots_striking
from .test_review import committee  # noqa: F401  (fixture)

# The trio: 2 seats among An, Bình, Cường (strike form); a ballot's marks in ballot order.
KEEP_ALL = "KKK"


def _key() -> str:
    return uuid.uuid4().hex


def enter(batch, user, ballots, *, finish=True):  # type: ignore[no-untyped-def]
    """``user`` types ``ballots`` (marks, or (marks, ruling)) into their entry of ``batch``."""
    entry = services.entry_of(batch, user)
    for ballot in ballots:
        marks, ruling = ballot if isinstance(ballot, tuple) else (ballot, "")
        services.save_row(entry, user, key=_key(), marks=marks, ruling=ruling)
    if finish:
        services.finish_entry(entry, user)
    return entry


@pytest.fixture
def count(trio):  # type: ignore[no-untyped-def]
    return services.count_of(trio)


def votes(document):  # type: ignore[no-untyped-def]
    return [c["votes"] for c in document["candidates"]]


@pytest.mark.django_db
def test_three_operators_who_agree_make_the_batch_count(trio, count, committee):
    batch = services.new_manual_batch(count, committee["tu"], "ballots", 3)
    typed = ["SKK", "KSK", "KKS", ("KKK", "not_issued")]
    for name in ("minh", "lan"):
        enter(batch, committee[name], typed)
    # Not counted while one of the three has not finished.
    assert services.batch_state(batch).state == "entering"
    assert services.results_of(count)["outcome"] == "pending_review"
    assert services.confirm(count, committee["hanh"]).startswith("Tệp 1: các phần nhập tay")
    enter(batch, committee["tu"], typed)
    state = services.batch_state(batch)
    assert state.state == "agreed" and state.differences == []
    document = services.results_of(count)
    assert document["ballots"]["counted"] == 4 and document["ballots"]["valid"] == 3
    assert document["ballots"]["invalid_reasons"] == {"not_issued": 1}
    assert votes(document) == [2, 2, 2]
    assert document["batches"] == [{"number": 1, "method": "ballots"}]
    assert services.summary(document)["methods"] == "Tệp 1: nhập tay"
    ballots = services.manual_ballots(count)
    assert len(ballots) == 4
    a, b, c = services.elections.ballot_order(trio)
    assert sorted(tuple(x["struck"]) for x in ballots) == sorted([(), (a,), (b,), (c,)])
    assert all(x["operators"] == ["lan", "minh", "tu"] for x in ballots)
    assert [x["invalid"] for x in ballots].count("not_issued") == 1
    # Sorted by content, never in the order typed.
    assert ballots == sorted(
        ballots,
        key=lambda x: (x["batch"], x["invalid"] or "", sorted(x["marks"].items()), ""),
    )


@pytest.mark.django_db
def test_a_difference_waits_for_the_head_who_settles_it_from_the_paper(count, committee):
    batch = services.new_manual_batch(count, committee["minh"], "ballots", 2)
    enter(batch, committee["minh"], ["SKK", "KSK", "KKS"])
    enter(batch, committee["lan"], ["SKK", "SKK", "KKS", "KKS"])  # one misread, one too many
    state = services.batch_state(batch)
    assert state.state == "differ"
    assert [d.position for d in state.differences] == [2, 4]
    assert state.differences[0].typed == [("minh", "gạch 2"), ("lan", "gạch 1")]
    assert state.differences[1].typed == [("minh", "không có phiếu này"), ("lan", "gạch 3")]
    assert services.results_of(count)["outcome"] == "pending_review"
    # A member or an operator never settles; a place that does not differ is not settled.
    for outsider in ("lan", "tu"):
        with pytest.raises(services.Refused) as refused:
            services.settle(batch, 2, committee[outsider], marks="KSK")
        assert refused.value.status == 403
    with pytest.raises(services.Refused):
        services.settle(batch, 1, committee["hanh"], marks="KKK")
    services.settle(batch, 2, committee["hanh"], marks="KSK")
    assert services.batch_state(batch).state == "differ"
    services.settle(batch, 4, committee["hanh"], present=False)
    state = services.batch_state(batch)
    assert state.state == "agreed"
    assert state.differences[0].settled.user == committee["hanh"]
    assert state.differences[0].settled_words == "gạch 2"
    document = services.results_of(count)
    assert document["ballots"]["counted"] == 3 and votes(document) == [2, 2, 2]
    settled = AuditEntry.objects.filter(action="entry.settle")
    assert settled.count() == 2
    assert {e.user for e in settled} == {committee["hanh"]}
    assert [b["settled_by"] for b in services.manual_ballots(count)].count("hanh") == 1


@pytest.mark.django_db
def test_a_row_sent_twice_is_one_ballot_and_its_key_corrects_it(count, committee):
    batch = services.new_manual_batch(count, committee["tu"], "ballots", 2)
    entry = services.entry_of(batch, committee["tu"])
    key = _key()
    first = services.save_row(entry, committee["tu"], key=key, marks="SKK")
    again = services.save_row(entry, committee["tu"], key=key, marks="SKK")
    assert first.pk == again.pk and entry.rows.count() == 1
    services.save_row(entry, committee["tu"], key=_key(), marks="KSK")
    fixed = services.save_row(entry, committee["tu"], key=key, marks="KKS")
    assert (fixed.position, fixed.marks) == (1, "KKS")
    assert AuditEntry.objects.filter(action="entry.correct").count() == 1
    third = services.save_row(entry, committee["tu"], key=_key(), marks="SKK")
    services.delete_row(entry, committee["tu"], key)
    services.delete_row(entry, committee["tu"], key)  # sent twice: nothing more happens
    assert list(entry.rows.order_by("position").values_list("position", "marks")) == [
        (1, "KSK"),
        (2, "SKK"),
    ]
    assert EntryRow.objects.get(pk=third.pk).position == 2
    assert services.entry_totals(entry)["votes"] == [1, 1, 2]
    # Rows that do not fit the ballot are refused, and nothing is saved.
    for marks, ruling in (("SK", ""), ("SKX", ""), ("SKK", "lost")):
        with pytest.raises(services.Refused):
            services.save_row(entry, committee["tu"], key=_key(), marks=marks, ruling=ruling)
    assert entry.rows.count() == 2


@pytest.mark.django_db
def test_the_same_row_twice_through_the_page_is_one_ballot(trio, count, committee, client_of):
    batch = services.new_manual_batch(count, committee["tu"], "ballots", 2)
    tu = client_of(committee["tu"])
    url = reverse("counting:entry_row", args=[trio.pk, batch.number])
    key = _key()
    answers = [tu.post(url, {"key": key, "marks": "SKK"}) for _ in range(2)]
    assert [a.status_code for a in answers] == [200, 200]
    assert answers[1].json()["position"] == 1
    assert answers[1].json()["totals"] == {
        "ballots": 1,
        "valid": 1,
        "invalid": 0,
        "votes": [0, 1, 1],
    }
    assert EntryRow.objects.filter(entry__batch=batch).count() == 1
    bad = tu.post(url, {"key": _key(), "marks": "SK"})
    assert bad.status_code == 400 and "không đúng với danh sách" in bad.json()["error"]


@pytest.mark.django_db
def test_each_operator_sees_only_their_own_entry_until_all_are_done(
    trio, count, committee, client_of
):
    batch = services.new_manual_batch(count, committee["minh"], "ballots", 2)
    enter(batch, committee["minh"], ["SKK", "KSK"], finish=False)
    enter(batch, committee["lan"], ["KKS"], finish=False)
    page = client_of(committee["lan"]).get(reverse("counting:entry", args=[trio.pk, batch.number]))
    setup = page.context["setup"]
    assert [r["marks"] for r in setup["rows"]] == ["KKS"]
    assert setup["totals"]["ballots"] == 1
    summary = client_of(committee["hanh"]).get(
        reverse("counting:batch", args=[trio.pk, batch.number])
    )
    assert b'data-testid="difference-' not in summary.content
    # A third operator is refused: this batch is for two.
    with pytest.raises(services.Refused) as refused:
        services.entry_of(batch, committee["tu"])
    assert "đã có đủ 2 người" in refused.value.message


@pytest.mark.django_db
def test_a_finished_entry_and_a_confirmed_count_take_no_more_rows(count, committee):
    batch = services.new_manual_batch(count, committee["minh"], "ballots", 2)
    entry = enter(batch, committee["minh"], ["SKK"])
    with pytest.raises(services.Refused) as refused:
        services.save_row(entry, committee["minh"], key=_key(), marks="SKK")
    assert refused.value.status == 409
    empty = services.entry_of(batch, committee["lan"])
    with pytest.raises(services.Refused):
        services.finish_entry(empty, committee["lan"])  # nothing typed


@pytest.mark.django_db
def test_someone_else_never_writes_into_an_entry(count, committee):
    batch = services.new_manual_batch(count, committee["minh"], "ballots", 2)
    entry = services.entry_of(batch, committee["minh"])
    with pytest.raises(services.Refused) as refused:
        services.save_row(entry, committee["lan"], key=_key(), marks="SKK")
    assert refused.value.status == 403


@pytest.mark.django_db
def test_an_office_above_never_enters_and_a_member_never_settles(
    trio, count, committee, alice, client_of
):
    batch = services.new_manual_batch(count, committee["tu"], "ballots", 2)
    for url in (
        reverse("counting:batch", args=[trio.pk, batch.number]),
        reverse("counting:entry", args=[trio.pk, batch.number]),
    ):
        assert client_of(alice).get(url).status_code == 403
    row_url = reverse("counting:entry_row", args=[trio.pk, batch.number])
    assert client_of(alice).post(row_url, {"key": _key(), "marks": "SKK"}).status_code == 403
    with pytest.raises(services.Refused) as refused:
        services.new_manual_batch(count, alice, "ballots", 2)
    assert refused.value.status == 403
    with pytest.raises(services.Refused):
        services.save_totals(batch, alice, collected=1, valid=1, invalid_reasons={}, votes={})
    enter(batch, committee["minh"], ["SKK"])
    enter(batch, committee["lan"], ["KSK"])
    settle = reverse("counting:batch_settle", args=[trio.pk, batch.number, 1])
    assert client_of(committee["minh"]).post(settle, {"struck": ["1"]}).status_code == 403
    assert client_of(committee["hanh"]).post(settle, {"struck": ["2"]}).status_code == 302
    assert services.batch_state(batch).state == "agreed"
    assert services.manual_ballots(count)[0]["struck"] == [services.elections.ballot_order(trio)[1]]


@pytest.mark.django_db
def test_a_batch_of_another_election_is_never_found(trio, count, committee, client_of):
    other = Election.objects.create(
        congress=trio.congress,
        slug="bch",
        title="Bầu Ban Chấp hành",
        body="committee",
        seats=1,
        rules="party",
        electorate=8,
        state=ElectionState.APPROVED,
    )
    Candidate.objects.bulk_create(Candidate(election=other, name=n) for n in ("Lê An", "Lê Bá"))
    theirs = services.new_manual_batch(services.count_of(other), committee["tu"], "ballots", 2)
    services.new_manual_batch(count, committee["tu"], "totals")  # this election's batch 1
    tu = client_of(committee["tu"])
    assert theirs.number == 1
    assert tu.get(reverse("counting:batch", args=[trio.pk, 2])).status_code == 404
    assert (
        tu.post(
            reverse("counting:entry_row", args=[trio.pk, 2]), {"key": _key(), "marks": "SKK"}
        ).status_code
        == 404
    )
    assert not EntryRow.objects.exists()


@pytest.mark.django_db
def test_an_election_out_of_scope_is_not_found(trio, count, committee, bob, client_of):
    batch = services.new_manual_batch(count, committee["tu"], "ballots", 2)
    url = reverse("counting:entry", args=[trio.pk, batch.number])
    assert client_of(bob).get(url).status_code == 404


# ------------------------------------------------------------------------------ totals


def totals(batch, user, collected, valid, reasons=None, votes=None):  # type: ignore[no-untyped-def]
    return services.save_totals(
        batch,
        user,
        collected=collected,
        valid=valid,
        invalid_reasons=reasons or {},
        votes=votes or {},
    )


@pytest.mark.parametrize(
    ("collected", "valid", "reasons", "votes", "words"),
    [
        (5, 4, {}, {}, "cộng số phiếu không hợp lệ (0) phải bằng số phiếu thu vào (5)"),
        (5, 5, {}, {0: 6}, "có 6 phiếu, nhiều hơn số phiếu hợp lệ (5)"),
        (5, 5, {}, {0: 5, 1: 5, 2: 1}, "tổng số phiếu bầu (11) nhiều hơn số mà 5 phiếu"),
        ("năm", 5, {}, {}, "Số phiếu thu vào: “năm” không phải số phiếu"),
        (5, 5, {}, {1: "-2"}, "không phải số phiếu"),
    ],
)
@pytest.mark.django_db
def test_totals_that_do_not_add_up_are_refused_with_the_reason(
    trio, count, committee, collected, valid, reasons, votes, words
):
    batch = services.new_manual_batch(count, committee["tu"], "totals")
    labels = services.elections.ballot_order(trio)
    with pytest.raises(services.Refused) as refused:
        totals(
            batch,
            committee["tu"],
            collected,
            valid,
            reasons,
            {labels[i]: n for i, n in votes.items()},
        )
    assert words in refused.value.message
    assert not hasattr(batch, "totals") or batch.totals is None
    assert services.batch_totals(count) == []


@pytest.mark.django_db
def test_totals_refused_through_the_page_keep_what_was_typed(trio, count, committee, client_of):
    batch = services.new_manual_batch(count, committee["tu"], "totals")
    url = reverse("counting:batch_totals", args=[trio.pk, batch.number])
    answer = client_of(committee["tu"]).post(
        url, {"collected": "6", "valid": "5", "reason-not_issued": "0", "votes-1": "3"}
    )
    assert answer.status_code == 400
    text = answer.content.decode()
    assert "phải bằng số phiếu thu vào (6)" in text
    assert 'name="collected" value="6"' in text and 'name="votes-1" value="3"' in text


@pytest.mark.django_db
def test_a_batch_counted_on_paper_enters_its_totals(trio, count, committee):
    batch = services.new_manual_batch(count, committee["lan"], "totals")
    a, b, c = services.elections.ballot_order(trio)
    totals(batch, committee["lan"], 6, 5, {"not_issued": 1}, {a: 5, b: 3, c: 2})
    document = services.results_of(count)
    assert document["ballots"]["counted"] == 6
    assert document["ballots"]["invalid_reasons"] == {"not_issued": 1}
    assert votes(document) == [5, 3, 2]
    # 5 of the 8 convened is more than half: An is elected, one seat is left.
    assert document["elected"] == [a] and document["seats_unfilled"] == 1
    [record] = services.batch_totals(count)
    assert record["use"] == "count" and record["entered_by"] == "lan"
    assert record["votes"] == {a: 5, b: 3, c: 2}
    assert AuditEntry.objects.filter(action="batch.totals", user=committee["lan"]).exists()


@pytest.mark.django_db(transaction=True)
def test_scanned_entered_and_totalled_batches_are_counted_together(trio, committee, client_of):
    count = services.count_of(trio)
    a, b, c = services.elections.ballot_order(trio)
    for data in ballots_striking(trio, [[c], [b]]):
        services.receive_file(count, data)
    run_worker()
    entered = services.new_manual_batch(count, committee["minh"], "ballots", 2)
    for name in ("minh", "lan"):
        enter(entered, committee[name], ["KKS", "SKK"])
    paper = services.new_manual_batch(count, committee["tu"], "totals")
    totals(paper, committee["tu"], 2, 2, {}, {a: 2, b: 1, c: 1})
    document = services.results_of(count)
    assert document["ballots"]["counted"] == 6
    assert votes(document) == [5, 4, 3]
    assert document["scan"]["pages"] == 2 and len(document["readings"]) == 2
    assert services.summary(document)["methods"] == (
        "Tệp 1: máy đọc; tệp 2: nhập tay; tệp 3: nhập tổng số"
    )
    station = client_of(committee["hanh"]).get(reverse("counting:station", args=[trio.pk]))
    assert "Tệp 1: máy đọc; tệp 2: nhập tay; tệp 3: nhập tổng số" in station.content.decode()
    pdf, _docx = services.minutes_files(count)
    minutes = minutes_from_results(document)
    assert "Cách kiểm: Tệp 1: máy đọc; tệp 2: nhập tay; tệp 3: nhập tổng số." in (
        minutes.plain_text()
    )
    assert pdf.startswith(b"%PDF")

    # Totals typed for the entered batch are its cross-check: a difference stops confirming.
    totals(entered, committee["tu"], 2, 2, {}, {a: 1, b: 1, c: 2})
    [check] = services.cross_checks(count)
    assert check["differences"] == [
        f"{b}: tổng số nhập 1, phiếu đã kiểm 2",
        f"{c}: tổng số nhập 2, phiếu đã kiểm 1",
    ]
    assert "tổng số nhập không khớp" in services.confirm(count, committee["hanh"])
    totals(entered, committee["tu"], 2, 2, {}, {a: 1, b: 2, c: 1})
    assert services.cross_checks(count)[0]["differences"] == []
    # The scanned batch's totals too.
    totals(count.batches.get(number=1), committee["tu"], 2, 2, {}, {a: 2, b: 1, c: 1})
    assert all(not c["differences"] for c in services.cross_checks(count))
    assert services.confirm(count, committee["hanh"]) is None
    assert services.results_of(count)["ballots"]["counted"] == 6


@pytest.mark.django_db
def test_an_approve_ballot_is_entered_with_its_own_marks(congress, committee):
    row = Election.objects.create(
        congress=congress,
        slug="bt",
        title="Bầu Bí thư",
        body="secretary",
        seats=1,
        rules="party",
        electorate=8,
        state=ElectionState.APPROVED,
    )
    Candidate.objects.create(election=row, name="Lê Văn An")
    count = services.count_of(row)
    batch = services.new_manual_batch(count, committee["tu"], "ballots", 2)
    for name in ("minh", "lan"):
        enter(batch, committee[name], ["A", "D", "A", "B"])
    document = services.results_of(count)
    assert document["ballots"]["counted"] == 4
    assert [c["votes"] for c in document["candidates"]] == [2]
    state = services.batch_state(batch)
    words = sorted(
        services.ballot_words(services.elections.engine_election(row), m, r)
        for m, r, _w, _b in state.ballots
    )
    assert words == ["1 cả hai ô", "1 không đồng ý", "đồng ý tất cả", "đồng ý tất cả"]
    with pytest.raises(services.Refused):  # a strike code on an approve ballot
        services.save_row(
            services.entry_of(batch, committee["minh"]), committee["minh"], key=_key(), marks="S"
        )
