from __future__ import annotations

import pypdfium2
from django.utils import timezone

from daihoi.web.elections import services
from daihoi.web.elections.models import Delegate, Exclusion, Presence


def test_electorate_counts_convened_less_exclusions_with_its_formula(congress, alice):
    d1, d2 = Delegate.objects.filter(congress=congress)[:2]
    d1.exclusion = Exclusion.ABSENT_WITH_LEAVE
    d1.save()
    services.record_presence(
        Delegate.objects.filter(congress=congress).exclude(pk=d1.pk)[:20],
        Presence.PRESENT,
        at=timezone.now(),
        user=alice,
    )
    services.record_presence([d2], Presence.LEFT, at=timezone.now(), user=alice)
    e = services.electorate(congress, "party")
    assert (e.convened, e.number, e.present) == (31, 30, 19)
    assert e.excluded == (("Đại biểu số 1", "Vắng mặt cả đại hội có lý do"),)
    assert "31 đại biểu chính thức được triệu tập − 1 không tính theo quy chế = 30" in e.formula
    assert "từ 16 phiếu" in e.formula
    assert services.electorate(congress, "youth_union").number is None


def test_engine_election_and_ballots(election):
    engine = services.engine_election(election)
    assert engine.seats == 5 and engine.electorate == 31 and len(engine.candidates) == 7
    assert services.ballot_order(election)[0] == "Nguyễn Văn An"
    pdf = services.ballots_pdf(election, 3)
    assert len(pypdfium2.PdfDocument(pdf)) == 3


def test_check_election_names_the_problem(election):
    election.seats = 9
    assert "ứng cử viên" in (services.check_election(election) or "") or services.check_election(
        election
    )


def test_every_body_name_is_in_the_translation_list():
    from daihoi.engine.election import BODY_LABELS

    assert set(BODY_LABELS.values()) <= set(services.BODY_WORDS)
