"""The head's recorded reopening: Hạnh reopens a confirmed count with a written reason; the
members change their decisions; a new confirmation is needed; the station page and the minutes
tell it. Nobody reopens without a reason, after a next round was made, or after the end."""

from __future__ import annotations

import io

import pypdfium2
import pytest
from django.urls import reverse

from daihoi.web.audit.models import AuditEntry
from daihoi.web.counting import services
from daihoi.web.counting.models import Count, CountingEnd, CountState, Reopening
from daihoi.web.elections.models import Election, ElectionState
from daihoi.web.season.models import Congress
from tests.tasks import run_worker

REASON = "Thành viên Lan báo phiếu có gạch chân\nđã được quyết định nhầm."


def _text(pdf: bytes) -> str:
    document = pypdfium2.PdfDocument(io.BytesIO(pdf))
    return " ".join(page.get_textpage().get_text_range() for page in document)


@pytest.mark.django_db(transaction=True)
def test_the_head_reopens_with_a_reason_and_a_new_confirmation_is_needed(
    station, trio, doubtful, client_of
):
    count, key = doubtful
    _a, b, _c = services.elections.ballot_order(trio)
    for who in ("minh", "lan"):
        services.decide(count, key, station[who], ruling="valid", struck=[b])
    assert services.confirm(count, station["hanh"]) is None
    first_confirmation = Count.objects.get(pk=count.pk).confirmed_at
    confirmed_outcome = services.results_of(count)["outcome"]
    with pytest.raises(services.Refused, match="mở lại"):
        services.decide(
            count, key, station["lan"], ruling="invalid", struck=[], reason="other_marks"
        )

    head = client_of(station["hanh"])
    page = head.get(reverse("counting:station", args=[trio.pk])).content.decode()
    assert 'data-testid="reopen"' in page
    # No reason: refused, said why, nothing changed.
    head.post(reverse("counting:reopen", args=[trio.pk]), {"reason": "   "})
    assert Count.objects.get(pk=count.pk).state == CountState.CONFIRMED
    with pytest.raises(services.Refused, match="Hãy ghi lý do"):
        services.reopen(count, station["hanh"], "\n ")

    head.post(reverse("counting:reopen", args=[trio.pk]), {"reason": REASON})
    count.refresh_from_db()
    assert count.state == CountState.OPEN and count.confirmed_at is None
    assert Election.objects.get(pk=trio.pk).state == ElectionState.COUNTING
    [record] = Reopening.objects.filter(count=count)
    assert record.reason == REASON and record.reopened_by == station["hanh"]
    assert record.confirmed_at == first_confirmation and record.confirmed_by == station["hanh"]
    assert record.outcome == confirmed_outcome
    entry = AuditEntry.objects.get(action="count.reopen")
    assert entry.username == station["hanh"].username and entry.changes["reason"] == REASON
    # Sent twice: the second is refused, one reopening only.
    with pytest.raises(services.Refused, match="đang mở"):
        services.reopen(count, station["hanh"], REASON)
    assert services.reopenings(count) == [record]

    # The members change their decisions; the results follow; the head confirms again.
    for who in ("minh", "lan"):
        services.decide(count, key, station[who], ruling="invalid", struck=[], reason="other_marks")
    document = services.results_of(count)
    assert (document["ballots"]["valid"], document["ballots"]["invalid"]) == (1, 1)
    page = head.get(reverse("counting:station", args=[trio.pk])).content.decode()
    assert 'data-testid="reopening"' in page and "quyết định nhầm" in page
    assert 'data-testid="confirm"' in page
    minutes = _text(head.get(reverse("counting:minutes", args=[trio.pk, "pdf"])).content)
    assert "mở lại" in minutes and "quyết định nhầm" in minutes
    assert "chưa xác nhận lại" in minutes
    assert services.confirm(count, station["hanh"]) is None
    minutes = _text(head.get(reverse("counting:minutes", args=[trio.pk, "pdf"])).content)
    assert "được xác nhận lại lúc" in minutes
    assert Election.objects.get(pk=trio.pk).state == ElectionState.CONFIRMED


def _confirmed_without_pages(row):  # type: ignore[no-untyped-def]
    count, _ = Count.objects.update_or_create(
        election=row, defaults={"state": CountState.CONFIRMED, "results": {"outcome": "tie"}}
    )
    Election.objects.filter(pk=row.pk).update(state=ElectionState.CONFIRMED)
    return count


@pytest.mark.django_db(transaction=True)
def test_no_reopening_once_a_next_round_rests_on_the_result(station, trio, client_of):
    count = _confirmed_without_pages(trio)
    Election.objects.create(
        congress=trio.congress,
        slug=trio.slug,
        title=trio.title,
        body=trio.body,
        seats=1,
        round=2,
        previous=trio,
        state=ElectionState.APPROVED,
    )
    with pytest.raises(services.Refused, match="Đã lập cuộc bầu lần 2"):
        services.reopen(count, station["hanh"], REASON)
    page = client_of(station["hanh"]).get(reverse("counting:station", args=[trio.pk]))
    assert b'id="no-reopen"' in page.content and b'data-testid="reopen"' not in page.content
    assert not Reopening.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_no_reopening_after_the_counting_ended(station, trio, alice):
    count = _confirmed_without_pages(trio)
    CountingEnd.objects.create(congress=trio.congress, ended_at=trio.created_at, ended_by=alice)
    with pytest.raises(services.Refused, match="đã kết thúc"):
        services.reopen(count, station["hanh"], REASON)
    assert Count.objects.get(pk=count.pk).state == CountState.CONFIRMED


@pytest.mark.django_db(transaction=True)
def test_the_congress_figures_of_a_reopened_count_wait_for_the_new_confirmation(
    station, approved, ballots
):
    count = services.count_of(approved)
    for data in ballots:
        services.receive_file(count, data)
    run_worker()
    assert services.confirm(count, station["hanh"]) is None
    congress = Congress.objects.get(pk=approved.congress_id)
    assert congress.figure_sources["committee_size"] == "counted"
    services.reopen(count, station["hanh"], "Soát lại tệp phiếu số 1.")
    congress.refresh_from_db()
    assert congress.figure_sources["committee_size"] == "reopened"
    assert congress.figure_sources["present"] == "counted"  # attendance is not reopened
    assert AuditEntry.objects.filter(action="congress.counted_reopened").exists()
    assert services.confirm(count, station["hanh"]) is None
    congress.refresh_from_db()
    assert congress.figure_sources["committee_size"] == "counted"
