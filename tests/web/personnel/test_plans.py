"""The committee plan and the candidate lists of Minh Khai's congress, told as a story.

Hoa (the personnel subcommittee of Phủ Lý) writes the plan: a committee of 9, three standing
members, one deputy secretary, an inspection committee of 3. She lists nine names for the
committee, sees what the structural checks find, takes a floor nomination at exactly 30% (refused)
and another above it, records a withdrawal and the congress's decision, and the congress
approves the list by show of hands: it becomes an election of the counting station.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from daihoi.web.audit.models import AuditEntry
from daihoi.web.elections.models import Approval, Election, ElectionState
from daihoi.web.elections.services import election_from_list
from daihoi.web.personnel import plans
from daihoi.web.personnel.models import (
    AccessKind,
    AccessLog,
    CandidateList,
    CommitteePlan,
    Nomination,
    StructuralTargets,
    Withdrawal,
)

pytestmark = pytest.mark.django_db


def make_list(user: Any, congress: Any, people: list[Any], seats: int = 9) -> CandidateList:
    cl = plans.create_list(user, congress, "committee", seats, "Bầu Ban Chấp hành khóa mới")
    for person in people:
        assert plans.nominate(user, cl, person, "outgoing").nomination is not None
    return cl


def sentences(checks: list[Any]) -> dict[str, str]:
    return {c.key: c.text for c in checks}


def test_the_outgoing_committee_comes_from_the_records(hoa, ward_congress, cadres):
    plan = plans.plan_of(ward_congress)
    assert plan.outgoing_term == "2020–2025"
    names = [m.person.full_name for m in plans.outgoing_committee(ward_congress, "2020–2025")]
    assert sorted(names) == sorted(p.full_name for p in cadres[:7])


def test_a_plan_is_saved_with_its_key_people_and_audited(hoa, ward_congress, cadres):
    plan = plans.plan_of(ward_congress)
    data = {
        "outgoing_term": "2020–2025",
        "committee_size": 9,
        "standing_size": 3,
        "deputy_count": 1,
        "inspection_size": 3,
        "delegate_seats": 5,
        "delegate_alternates": 1,
        "secretary": cadres[0],
        "inspection_chair": cadres[2],
        "note": "",
    }
    plans.save_plan(hoa, plan, data, [cadres[1]])
    saved = CommitteePlan.objects.get(congress=ward_congress)
    assert [p.full_name for p in saved.deputies.all()] == ["Trần Thị Lan"]
    assert ("committee", "Ban Chấp hành", 9) in plans.plan_seats(saved)
    assert ("inspection_chair", "Chủ nhiệm Ủy ban Kiểm tra", 1) in plans.plan_seats(saved)
    assert plans.plan_problems(saved) == []
    entry = AuditEntry.objects.get(object_type="personnel.committeeplan")
    assert entry.changes["committee_size"] == ["", "9"]
    # Lê Văn Minh (outgoing, born 11/1965) reaches 61y9m in 8/2027 and retires on 1/9/2027:
    # 22 months after the congress, fewer than 48.
    age = sentences(plans.plan_checks(saved))["age"]
    assert "Lê Văn Minh (tái cử, còn 22/48 tháng)" in age


def test_plan_sizes_that_do_not_fit_are_said(ward_congress):
    plan = CommitteePlan(congress=ward_congress, committee_size=9, standing_size=9, deputy_count=1)
    assert plans.plan_problems(plan) == ["Ban Thường vụ (9) phải ít hơn Ban Chấp hành (9)."]
    plan.standing_size = 1
    assert "nhiều hơn 1 ủy viên Ban Thường vụ" in plans.plan_problems(plan)[0]


def test_a_list_with_failing_checks_says_what_is_short(hoa, ward_congress, cadres):
    # Nine for nine seats: no surplus; seven of them outgoing; women 2/9.
    cl = make_list(hoa, ward_congress, cadres[:9])
    checks = sentences(plans.list_checks(cl))
    assert checks["surplus"] == (
        "Số dư: 9 người cho 9 chỗ (dư 0 = 0%), cần dư ít nhất 10% (1 người) — thiếu 1 người."
    )
    assert checks["renewal"] == (
        "Đổi mới (chưa là ủy viên khóa trước): 2/9 (22,2%), cần ít nhất 33,33% — thiếu 1 người."
    )
    assert checks["women"] == "Nữ: 2/9 (22,2%), đạt từ 15%."
    # Base level: the young band is under 35 on 15/10/2025 (Thu 33, Tuấn 32).
    assert checks["young"] == "Dưới 35 tuổi: 2/9 (22,2%), đạt từ 10%."
    assert "Lê Văn Minh (tái cử, còn 22/48 tháng)" in checks["age"]
    # Base level asks elementary theory: everyone has it.
    assert plans.list_checks(cl)[-1].ok


def test_the_seasons_targets_are_data_per_level(alice, hoa, ward_congress, cadres, tree):
    cl = make_list(hoa, ward_congress, cadres[:9])
    row = plans.targets_row(ward_congress.season, tree.minh_khai.level)
    assert row.pk is None and row.young_age == 35
    form_data = {name: getattr(row, name) for name in plans.TARGET_FIELDS}
    form_data |= {"min_surplus_percent": 0, "women_percent": 25, "theory_level": "trung_cap"}
    plans.save_targets(alice, row, form_data)
    assert StructuralTargets.objects.get().women_percent == 25
    checks = sentences(plans.list_checks(cl))
    assert checks["surplus"].startswith("Số dư: 9 người cho 9 chỗ (dư 0 = 0%), trong giới hạn")
    assert checks["women"] == "Nữ: 2/9 (22,2%), cần ít nhất 25% — thiếu 1 người."
    assert checks["theory"].endswith("Chưa đạt: Hoàng Văn Phúc, Bùi Thị Thu, Ngô Văn Tuấn.")


def test_only_the_office_edits_the_targets(hoa, ward_congress):
    row = plans.targets_row(ward_congress.season, 3)
    with pytest.raises(Exception, match="văn phòng"):
        plans.save_targets(hoa, row, {n: getattr(row, n) for n in plans.TARGET_FIELDS})


def test_a_floor_nomination_at_exactly_30_percent_is_refused_and_above_is_taken(
    hoa, ward_congress, cadres
):
    cl = make_list(hoa, ward_congress, cadres[:9])
    refused = plans.nominate(hoa, cl, cadres[9], "floor", agreeing=9, present=30)
    assert refused.nomination is None
    assert refused.problem == (
        "Chỉ 9/30 đại biểu có mặt tán thành (30%), cần quá 30% (ít nhất 10 người): "
        "không đưa vào danh sách."
    )
    assert not cl.nominations.filter(person=cadres[9]).exists()
    entry = AuditEntry.objects.get(action="personnel.floor_refused")
    assert entry.changes["agreeing"] == 9 and entry.changes["present"] == 30
    taken = plans.nominate(
        hoa, cl, cadres[9], "floor", agreeing=10, present=30, nominated_by="Đ/c Sơn"
    )
    assert taken.nomination is not None and taken.floor.ok
    assert (taken.nomination.agreeing, taken.nomination.present) == (10, 30)


def test_a_self_nomination_and_a_name_twice(hoa, ward_congress, cadres):
    cl = make_list(hoa, ward_congress, cadres[:2])
    assert plans.nominate(hoa, cl, cadres[10], "self").nomination.get_source_display() == (
        "Tự ứng cử"
    )
    again = plans.nominate(hoa, cl, cadres[10], "outgoing")
    assert again.problem == "Lý Văn Xuân đã có trong danh sách này."


def test_a_withdrawal_is_decided_by_the_congress(hoa, ward_congress, cadres):
    cl = make_list(hoa, ward_congress, cadres[:11])
    first, second = cl.nominations.all()[:2]
    plans.request_withdrawal(hoa, first, "Lý do sức khỏe")
    assert [n.person for n in plans.pending_withdrawals(cl)] == [first.person]
    accepted, text = plans.decide_withdrawal(hoa, first, 16, 30)
    assert accepted and text == (
        "Đại hội đồng ý cho Nguyễn Văn Hải rút khỏi danh sách (16/30 tán thành)."
    )
    plans.request_withdrawal(hoa, second, "Xin nhường cho người trẻ")
    kept, text = plans.decide_withdrawal(hoa, second, 15, 30)  # exactly half: not more
    assert not kept and "vẫn giữ trong danh sách" in text
    names = [name for name, _born in plans.list_names(CandidateList.objects.get())]
    assert "Nguyễn Văn Hải" not in names and "Trần Thị Lan" in names and len(names) == 10
    assert sentences(plans.list_checks(cl))["surplus"].startswith("Số dư: 10 người cho 9 chỗ")
    assert Nomination.objects.get(pk=first.pk).withdrawal == Withdrawal.ACCEPTED


def _votes(votes_for: int) -> dict[str, int]:
    return {"votes_for": votes_for, "votes_against": 30 - votes_for, "abstain": 0}


def test_the_approved_list_becomes_an_election_in_one_step(hoa, ward_congress, cadres):
    cl = make_list(hoa, ward_congress, cadres[:10])
    made = election_from_list(hoa, cl, slug="bch", number=_votes(29), listing=_votes(28))
    assert made.list_passed
    election = Election.objects.get()
    assert election.candidate_list == cl and election.state == ElectionState.APPROVED
    assert election.electorate == 31 and (election.seats, election.body) == (9, "committee")
    assert election.candidates.count() == 10
    assert {c.source for c in election.candidates.all()} == {"personnel"}
    assert set(Approval.objects.values_list("subject", "votes_for")) == {
        ("number", 29),
        ("list", 28),
    }
    again = election_from_list(hoa, cl, slug="bch-2", number=_votes(29), listing=_votes(28))
    assert again.again and again.election == election and Election.objects.count() == 1
    with pytest.raises(Exception, match="không sửa được"):
        plans.nominate(hoa, CandidateList.objects.get(), cadres[12], "self")


def test_a_list_not_passed_is_an_election_still_to_approve(hoa, ward_congress, cadres):
    cl = make_list(hoa, ward_congress, cadres[:10])
    made = election_from_list(hoa, cl, slug="bch", number=_votes(20), listing=_votes(15))
    assert made.number_passed and not made.list_passed
    assert Election.objects.get().state == ElectionState.DRAFT


def test_a_pending_withdrawal_stops_the_election(hoa, ward_congress, cadres):
    cl = make_list(hoa, ward_congress, cadres[:10])
    plans.request_withdrawal(hoa, cl.nominations.first(), "Lý do gia đình")
    made = election_from_list(hoa, cl, slug="bch", number=_votes(29), listing=_votes(28))
    assert made.election is None
    assert made.problem == ("Còn 1 đơn xin rút chưa được đại hội quyết định: Nguyễn Văn Hải.")
    assert not Election.objects.exists()


# ----------------------------------------------------------------------------- the pages


def test_the_plan_page_is_logged_and_shows_the_checks(hoa, ward_congress, cadres, client_of):
    make_list(hoa, ward_congress, cadres[:9])
    page = client_of(hoa).get(reverse("personnel:plan", args=[ward_congress.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "cần dư ít nhất 10% (1 người) — thiếu 1 người" in text
    assert AccessLog.objects.filter(kind=AccessKind.PLAN).count() == 1


@pytest.mark.parametrize("who", ["charlie", "bob"])
def test_the_plan_is_refused_to_a_viewer_and_hidden_from_another_province(
    who, request, ward_congress, cadres, hoa, client_of
):
    cl = make_list(hoa, ward_congress, cadres[:3])
    user = request.getfixturevalue(who)
    client = client_of(user)
    expected = 403 if who == "charlie" else 404
    assert client.get(reverse("personnel:plan", args=[ward_congress.pk])).status_code == expected
    assert client.get(reverse("personnel:list", args=[cl.pk])).status_code == expected
    post = client.post(
        reverse("personnel:nominate", args=[cl.pk]), {"person": "Ngô Văn Tuấn", "source": "self"}
    )
    assert post.status_code == expected
    assert client.get(reverse("elections:from_list", args=[cl.pk])).status_code == expected
    assert not AccessLog.objects.exists()


def test_the_secretary_reads_the_plan_but_does_not_change_it(
    minh, hoa, ward_congress, cadres, client_of
):
    cl = make_list(hoa, ward_congress, cadres[:3])
    client = client_of(minh)
    assert client.get(reverse("personnel:list", args=[cl.pk])).status_code == 200
    post = client.post(
        reverse("personnel:nominate", args=[cl.pk]), {"person": "Ngô Văn Tuấn", "source": "self"}
    )
    assert post.status_code == 403
    assert cl.nominations.count() == 3


def test_the_floor_nomination_page_refuses_30_percent_with_the_figures(
    hoa, ward_congress, cadres, client_of
):
    cl = make_list(hoa, ward_congress, cadres[:9])
    client = client_of(hoa)
    url = reverse("personnel:nominate", args=[cl.pk])
    form = {"person": "Đặng Văn Việt", "source": "floor", "agreeing": "9", "present": "30"}
    refused = client.post(url, form)
    assert refused.status_code == 400
    assert "Chỉ 9/30 đại biểu có mặt tán thành (30%)" in refused.content.decode()
    assert 'value="Đặng Văn Việt"' in refused.content.decode()  # nothing typed is lost
    taken = client.post(url, form | {"agreeing": "10", "form_token": "t1"})
    assert taken.status_code == 302
    again = client.post(url, form | {"agreeing": "10", "form_token": "t1"})
    assert again.status_code == 302  # the same form twice: one nomination
    assert cl.nominations.filter(person__full_name="Đặng Văn Việt").count() == 1


def test_a_person_is_found_by_name_or_cccd_and_ambiguity_is_said(hoa, ward_congress, cadres, tree):
    from daihoi.web.personnel.models import Person

    Person.objects.create(full_name="Ngô Văn Tuấn", unit=tree.minh_khai_cell)
    person, problem = plans.find_person(ward_congress, "ngô  văn tuấn")
    assert person is None and problem.startswith("Có 2 hồ sơ tên «ngô văn tuấn»")
    person, problem = plans.find_person(ward_congress, cadres[8].cccd)
    assert person == cadres[8] and problem is None
    person, problem = plans.find_person(ward_congress, "Không Có Ai")
    assert person is None and "Không có hồ sơ nào của đơn vị tên «Không Có Ai»" in problem


def test_the_from_list_page_makes_the_election(hoa, ward_congress, cadres, client_of):
    cl = make_list(hoa, ward_congress, cadres[:10])
    client = client_of(hoa)
    url = reverse("elections:from_list", args=[cl.pk])
    page = client.get(url)
    assert page.status_code == 200 and "30 đại biểu có mặt" in page.content.decode()
    bad = client.post(
        url,
        {
            "number-votes_for": "40",
            "number-votes_against": "0",
            "list-votes_for": "28",
            "list-votes_against": "2",
        },
    )
    assert bad.status_code == 400 and not Election.objects.exists()
    done = client.post(
        url,
        {
            "number-votes_for": "29",
            "number-votes_against": "1",
            "list-votes_for": "28",
            "list-votes_against": "2",
            "form_token": "x",
        },
    )
    election = Election.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse(
        "elections:election", args=[election.pk]
    )
    assert election.state == ElectionState.APPROVED
    listing = client.get(reverse("personnel:list", args=[cl.pk])).content.decode()
    assert "Đã thành cuộc bầu cử" in listing
    page = client.get(reverse("elections:election", args=[election.pk])).content.decode()
    assert reverse("personnel:list", args=[cl.pk]) in page


def test_the_check_sentences_are_all_listed_for_translation():
    from daihoi.personnel_rules.checks import WORDS
    from daihoi.web.personnel.words import CHECK_WORDS

    assert set(CHECK_WORDS) == set(WORDS)


def test_the_approval_page_read_is_logged(hoa, ward_congress, cadres, client_of):
    cl = make_list(hoa, ward_congress, cadres[:10])
    assert client_of(hoa).get(reverse("elections:from_list", args=[cl.pk])).status_code == 200
    entry = AccessLog.objects.get(kind=AccessKind.PLAN)
    assert entry.subject == "Thông qua danh sách: Bầu Ban Chấp hành khóa mới"


def test_the_office_edits_the_targets_page_and_others_only_read_it(
    alice, hoa, ward_congress, client_of
):
    url = reverse("personnel:targets", args=[ward_congress.season.pk])
    page = client_of(hoa).get(url)
    assert page.status_code == 200 and "<form" not in page.content.decode().split("<main")[-1]
    row = plans.targets_row(ward_congress.season, 3)
    form = {f"l3-{name}": getattr(row, name) for name in plans.TARGET_FIELDS}
    form = {k: ("" if v is None else v) for k, v in form.items()} | {"level": "3"}
    assert client_of(hoa).post(url, form | {"l3-women_percent": "20"}).status_code == 403
    bad = client_of(alice).post(url, form | {"l3-min_surplus_percent": "40"})
    assert bad.status_code == 400
    assert "Số dư tối thiểu lớn hơn số dư tối đa." in bad.content.decode()
    assert not StructuralTargets.objects.exists()
    done = client_of(alice).post(url, form | {"l3-women_percent": "20"})
    assert done.status_code == 302
    saved = StructuralTargets.objects.get(level=3)
    assert saved.women_percent == 20 and saved.young_age == 35
    entry = AuditEntry.objects.get(object_type="personnel.structuraltargets")
    assert entry.changes["women_percent"] == ["15", "20"]


def test_a_withdrawal_without_a_reason_and_an_impossible_vote_are_said(
    hoa, ward_congress, cadres, client_of
):
    cl = make_list(hoa, ward_congress, cadres[:3])
    nomination = cl.nominations.first()
    client = client_of(hoa)
    page = client.post(
        reverse("personnel:withdraw", args=[nomination.pk]), {"reason": ""}, follow=True
    )
    assert "Hãy ghi lý do xin rút của Nguyễn Văn Hải." in page.content.decode()
    client.post(reverse("personnel:withdraw", args=[nomination.pk]), {"reason": "Sức khỏe"})
    page = client.post(
        reverse("personnel:decide", args=[nomination.pk]),
        {"votes_for": "31", "present": "30"},
        follow=True,
    )
    assert "Số tán thành (31) nhiều hơn số đại biểu có mặt (30)." in page.content.decode()
    assert Nomination.objects.get(pk=nomination.pk).withdrawal == Withdrawal.REQUESTED


def test_the_plan_page_saves_and_audits_what_changed(hoa, ward_congress, cadres, client_of):
    url = reverse("personnel:plan", args=[ward_congress.pk])
    form = {
        "outgoing_term": "2020–2025",
        "committee_size": "9",
        "standing_size": "3",
        "deputy_count": "1",
        "inspection_size": "3",
        "delegate_alternates": "0",
        "secretary_name": "Nguyễn Văn Hải",
        "deputy_names": "Trần Thị Lan\n",
        "chair_name": "",
    }
    client = client_of(hoa)
    assert client.post(url, form).status_code == 302
    assert client.post(url, form | {"committee_size": "11"}).status_code == 302
    last = AuditEntry.objects.filter(object_type="personnel.committeeplan").order_by("-id")[0]
    assert last.changes == {"committee_size": ["9", "11"]}
    wrong = client.post(url, form | {"chair_name": "Không Có Ai"})
    assert wrong.status_code == 400
    assert "Không có hồ sơ nào của đơn vị tên «Không Có Ai»" in wrong.content.decode()
    assert CommitteePlan.objects.get().committee_size == 11


def test_a_withdrawal_sent_twice_or_decided_twice_is_recorded_once(hoa, ward_congress, cadres):
    cl = make_list(hoa, ward_congress, cadres[:3])
    nomination = cl.nominations.first()
    assert plans.request_withdrawal(hoa, nomination, "Sức khỏe") is None
    again = plans.request_withdrawal(hoa, Nomination.objects.get(pk=nomination.pk), "Sức khỏe")
    assert again == "Đơn xin rút của Nguyễn Văn Hải đã được ghi."
    assert plans.decide_withdrawal(hoa, nomination, 20, 30)[0] is True
    twice = plans.decide_withdrawal(hoa, nomination, 10, 30)
    assert twice == (None, "Không có đơn xin rút nào của Nguyễn Văn Hải đang chờ quyết định.")
    assert Nomination.objects.get(pk=nomination.pk).withdrawal == Withdrawal.ACCEPTED
    assert AuditEntry.objects.filter(action="personnel.withdrawal_decided").count() == 1
    assert AuditEntry.objects.filter(action="personnel.withdrawal_requested").count() == 1


def test_more_proposed_deputies_than_the_plan_has_is_said(hoa, ward_congress, cadres):
    data = {name: None for name in plans.PLAN_FIELDS} | {
        "outgoing_term": "2020–2025",
        "deputy_count": 1,
        "delegate_alternates": 0,
        "note": "",
    }
    plan = plans.save_plan(hoa, plans.plan_of(ward_congress), data, cadres[1:3])
    assert plans.plan_problems(plan) == [
        "Dự kiến 2 Phó Bí thư, nhiều hơn số Phó Bí thư của đề án (1)."
    ]


def test_the_checks_read_in_english(hoa, ward_congress, cadres):
    from django.utils import translation

    cl = make_list(hoa, ward_congress, cadres[:9])
    with translation.override("en"):
        checks = sentences(plans.list_checks(cl))
    assert checks["women"] == "Women: 2/9 (22,2%), meets 15%."
    assert "Lê Văn Minh (re-election, 22/48 months left)" in checks["age"]
