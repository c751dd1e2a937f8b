"""A congress's figures must agree with each other, and its status moves only along the
allowed transitions."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from daihoi.web.season.lifecycle import CongressState, can_move
from daihoi.web.season.models import CongressStatus


def errors_of(congress) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        congress.full_clean()
    return caught.value.message_dict


def test_it_refuses_more_present_than_convened(scenario):
    c = scenario.minh_khai
    c.present = c.convened + 1
    assert "Số có mặt không được lớn hơn số được triệu tập." in errors_of(c)["present"]


def test_it_refuses_more_women_or_young_than_committee_seats(scenario):
    c = scenario.minh_khai
    c.women = 10
    c.under_40 = 12
    errors = errors_of(c)
    assert errors["women"] == ["Số nữ không được lớn hơn số ủy viên BCH."]
    assert errors["under_40"] == ["Số dưới 40 tuổi không được lớn hơn số ủy viên BCH."]


def test_it_requires_a_held_date_once_held(scenario):
    c = scenario.bien_hoa
    c.status = CongressStatus.HELD
    assert errors_of(c)["held_date"] == ["Đại hội đã tổ chức phải có ngày tổ chức."]


def test_it_requires_a_reason_to_postpone(scenario):
    c = scenario.bien_hoa
    c.status = CongressStatus.POSTPONED
    assert errors_of(c)["postponed_reason"] == ["Hãy ghi lý do hoãn đại hội."]


def test_it_requires_a_planned_date_when_planned(scenario):
    c = scenario.cell
    c.status = CongressStatus.PLANNED
    assert "planned_date" in errors_of(c)


def test_it_takes_a_vote_share_only_for_a_directly_elected_secretary(scenario):
    c = scenario.dong_thanh
    c.secretary_vote_percent = Decimal("80.00")
    assert "secretary_vote_percent" in errors_of(c)


def test_it_refuses_a_planned_date_before_the_season_starts(scenario):
    c = scenario.bien_hoa
    c.planned_date = scenario.season.starts_on - timedelta(days=1)
    assert "planned_date" in errors_of(c)


def test_a_consistent_congress_passes(scenario):
    scenario.minh_khai.full_clean()
    scenario.duy_tien.full_clean()


@pytest.mark.parametrize(
    ("old", "new", "allowed"),
    [
        ("not_planned", "planned", True),
        ("planned", "preparing", True),
        ("preparing", "held", True),
        ("planned", "postponed", True),
        ("postponed", "planned", True),
        ("held", "planned", False),
        ("held", "postponed", False),
        ("not_planned", "held", False),
        ("postponed", "held", False),
        ("held", "held", True),
    ],
)
def test_status_transitions(old, new, allowed):
    assert can_move(CongressState(old), CongressState(new)) is allowed


def test_it_names_both_states_when_a_transition_is_refused(scenario):
    c = scenario.minh_khai
    c.status = CongressStatus.PLANNED
    with pytest.raises(ValidationError) as caught:
        c.check_transition(CongressStatus.HELD)
    assert caught.value.message_dict["status"] == [
        "Không thể chuyển từ “Đã tổ chức” sang “Đã có kế hoạch”."
    ]


def test_overdue_is_judged_against_the_day_given(scenario):
    today = scenario.today
    assert scenario.hoa_mac.is_overdue(today)
    assert not scenario.hoa_mac.is_overdue(today - timedelta(days=3))
    assert not scenario.minh_khai.is_overdue(today)  # held, however old its date
    assert not scenario.duy_tien.is_overdue(today)  # postponed is counted apart
