"""States that must not go wrong: a held date in the future, taking a final state back, this
week against overdue, numbers typed the Vietnamese way, imported units' congresses, links a
user may not follow."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from daihoi.web.accounts.models import Role
from daihoi.web.audit.models import AuditEntry
from daihoi.web.orgs.importer import apply_import, plan_import
from daihoi.web.orgs.models import Level, Organisation
from daihoi.web.season.lifecycle import (
    CongressState,
    is_congress_overdue,
    is_congress_this_week,
    rest_of_week,
)
from daihoi.web.season.models import Congress, CongressKind, CongressStatus
from daihoi.web.season.numbers import NumberProblem, read_vn_number

from .test_congress_pages import edit_data

# -- held in the future ------------------------------------------------------------------------


def test_a_held_date_after_today_is_refused(scenario, alice, client_of):
    c = scenario.bien_hoa
    tomorrow = scenario.today + timedelta(days=1)
    response = client_of(alice).post(
        reverse("season:congress_edit", args=[c.pk]),
        edit_data(c, status="held", held_date=tomorrow.strftime("%d/%m/%Y")),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["held_date"] == [
        f"Ngày tổ chức không thể sau hôm nay ({scenario.today:%d/%m/%Y})."
    ]
    c.refresh_from_db()
    assert c.status == CongressStatus.PLANNED


def test_a_congress_held_today_is_accepted(scenario, alice, client_of):
    c = scenario.bien_hoa
    response = client_of(alice).post(
        reverse("season:congress_edit", args=[c.pk]),
        edit_data(c, status="held", held_date=scenario.today.strftime("%d/%m/%Y")),
    )
    assert response.status_code == 302
    c.refresh_from_db()
    assert (c.status, c.held_date) == ("held", scenario.today)


# -- the office above takes "held" back --------------------------------------------------------


def test_alice_takes_back_minh_khai_held_by_mistake(scenario, alice, client_of):
    c = scenario.minh_khai
    client = client_of(alice)
    page = client.get(reverse("season:congress_detail", args=[c.pk]))
    assert page.context["may_reopen"]
    response = client.post(
        reverse("season:congress_reopen", args=[c.pk]),
        {"status": "preparing", "reason": "Đơn vị ghi nhầm ngày tổ chức"},
    )
    assert response.status_code == 302
    c.refresh_from_db()
    assert (c.status, c.held_date, c.secretary_elected_directly, c.secretary_vote_percent) == (
        "preparing",
        None,
        False,
        None,
    )
    assert c.planned_date == scenario.today - timedelta(days=10)
    entry = AuditEntry.objects.get(action="congress.reopen", object_id=str(c.pk))
    assert entry.user == alice
    assert entry.changes["reason"] == "Đơn vị ghi nhầm ngày tổ chức"
    assert entry.changes["status"] == ["held", "preparing"]
    assert entry.changes["secretary_vote_percent"][0] in ("92.50", Decimal("92.50"), 92.5)
    assert entry.action_label == "Mở lại tình trạng đại hội"
    assert "Mở lại tình trạng đại hội" in client.get(reverse("audit:index")).content.decode()
    with translation.override("en"):
        assert entry.action_label == "Congress state reopened"


def test_a_reason_is_needed_to_reopen(scenario, alice, client_of):
    c = scenario.minh_khai
    response = client_of(alice).post(
        reverse("season:congress_reopen", args=[c.pk]), {"status": "planned", "reason": "  "}
    )
    assert response.status_code == 400
    assert "Hãy ghi lý do mở lại." in response.content.decode()
    c.refresh_from_db()
    assert c.status == CongressStatus.HELD


def test_only_the_office_above_may_reopen(
    scenario, tree, alice, charlie, erin, make_user, client_of
):
    c = scenario.minh_khai
    # Minh Khai's own office, its secretary and a viewer above may not; Bob's is out of scope.
    own_office = make_user("olga", tree.minh_khai, Role.OFFICE)
    for person in (own_office, erin, charlie):
        client = client_of(person)
        assert not client.get(reverse("season:congress_detail", args=[c.pk])).context["may_reopen"]
        assert (
            client.post(
                reverse("season:congress_reopen", args=[c.pk]), {"status": "planned", "reason": "x"}
            ).status_code
            == 403
        )
    c.refresh_from_db()
    assert c.status == CongressStatus.HELD


def test_a_congress_that_is_not_held_offers_no_reopening(scenario, alice, client_of):
    c = scenario.bien_hoa
    client = client_of(alice)
    page = client.get(reverse("season:congress_detail", args=[c.pk]))
    assert not page.context["may_reopen"]
    assert 'id="reopen"' not in page.content.decode()
    response = client.post(
        reverse("season:congress_reopen", args=[c.pk]),
        {"status": "planned", "reason": "x"},
        follow=True,
    )
    assert "không có gì để mở lại" in response.content.decode()
    assert not AuditEntry.objects.filter(action="congress.reopen").exists()


# -- this week and overdue ---------------------------------------------------------------------


@pytest.mark.parametrize("today", [date(2026, 12, 1) + timedelta(days=n) for n in range(7)])
def test_a_congress_is_never_both_this_week_and_overdue(today):
    monday = today - timedelta(days=today.weekday())
    for offset in range(-3, 10):
        planned = monday + timedelta(days=offset)
        for state in (CongressState.PLANNED, CongressState.PREPARING):
            assert not (
                is_congress_this_week(state, planned, today)
                and is_congress_overdue(state, planned, today)
            )


def test_the_rest_of_the_week_starts_today():
    tuesday = date(2026, 12, 1)
    assert rest_of_week(tuesday) == (tuesday, date(2026, 12, 6))
    assert not is_congress_this_week(CongressState.PLANNED, date(2026, 11, 30), tuesday)
    assert is_congress_overdue(CongressState.PLANNED, date(2026, 11, 30), tuesday)
    assert is_congress_this_week(CongressState.PLANNED, tuesday, tuesday)
    assert is_congress_this_week(CongressState.PREPARING, date(2026, 12, 6), tuesday)
    assert not is_congress_this_week(CongressState.HELD, tuesday, tuesday)


def test_the_dashboard_counts_yesterday_as_overdue_only(scenario, alice, client_of):
    Congress.objects.filter(pk=scenario.bien_hoa.pk).update(
        planned_date=scenario.today - timedelta(days=1)
    )
    from daihoi.web.season.services import bump_revision

    bump_revision(scenario.season.pk)
    board = client_of(alice).get(reverse("dashboard:home")).context["board"]
    assert scenario.bien_hoa.pk in [c.pk for c in board.overdue]
    assert scenario.bien_hoa.pk not in [c.pk for c in board.this_week]


# -- numbers the Vietnamese way ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "whole", "percent", "value"),
    [
        ("85,5", False, True, Decimal("85.5")),
        ("85,5 %", False, True, Decimal("85.5")),
        ("100", False, True, Decimal("100")),
        ("1.234", True, False, Decimal("1234")),
        ("1 234", True, False, Decimal("1234")),
        ("12.345.678", True, False, Decimal("12345678")),
        ("1.234,5", False, False, Decimal("1234.5")),
    ],
)
def test_it_reads_numbers_typed_the_vietnamese_way(text, whole, percent, value):
    assert read_vn_number(text, whole=whole, percent=percent) == value


@pytest.mark.parametrize(
    ("text", "whole", "percent", "says"),
    [
        ("85.5", False, True, "không rõ"),
        ("12,5", True, False, "số nguyên"),
        ("1.23", True, False, "ví dụ 1.234"),
        ("abc", False, False, "ví dụ 85,5"),
        ("1,2,3", False, False, "ví dụ 85,5"),
    ],
)
def test_it_refuses_numbers_it_would_have_to_guess(text, whole, percent, says):
    with pytest.raises(NumberProblem, match=says):
        read_vn_number(text, whole=whole, percent=percent)


def test_alice_types_the_vote_share_with_a_comma(scenario, alice, client_of):
    c = scenario.minh_khai
    response = client_of(alice).post(
        reverse("season:congress_edit", args=[c.pk]),
        edit_data(c, secretary_vote_percent="85,5", convened="1.234", present="1.200"),
    )
    assert response.status_code == 302
    c.refresh_from_db()
    assert (c.secretary_vote_percent, c.convened, c.present) == (Decimal("85.5"), 1234, 1200)


def test_a_vote_share_with_a_dot_is_refused_as_ambiguous(scenario, alice, client_of):
    c = scenario.minh_khai
    response = client_of(alice).post(
        reverse("season:congress_edit", args=[c.pk]), edit_data(c, secretary_vote_percent="85.5")
    )
    assert response.status_code == 400
    [message] = response.context["form"].errors["secretary_vote_percent"]
    assert message.startswith("Tỷ lệ phần trăm dùng dấu phẩy cho phần thập phân, ví dụ 85,5")
    assert "  " not in message and " ." not in message
    c.refresh_from_db()
    assert c.secretary_vote_percent == Decimal("92.50")


def test_limits_are_explained_in_words(scenario, alice, client_of):
    c = scenario.minh_khai
    response = client_of(alice).post(
        reverse("season:congress_edit", args=[c.pk]),
        edit_data(c, secretary_vote_percent="120", women="-1"),
    )
    errors = response.context["form"].errors
    assert errors["secretary_vote_percent"] == ["Số không được lớn hơn 100."]
    assert errors["women"] == ["Số không được nhỏ hơn 0."]


def test_every_number_field_is_a_decimal_text_input(scenario, alice, client_of):
    page = client_of(alice).get(reverse("season:congress_edit", args=[scenario.minh_khai.pk]))
    html = page.content.decode()
    assert 'type="number"' not in html
    assert 'name="secretary_vote_percent" value="92,50"' in html.replace(
        ' inputmode="decimal" autocomplete="off"', ""
    ).replace(' id="id_secretary_vote_percent"', "")
    assert html.count('inputmode="decimal"') == 9
    season_page = client_of(alice).get(reverse("season:season_new"))
    assert 'type="number"' not in season_page.content.decode()


# -- imported organisations get their congress -------------------------------------------------


def test_organisations_created_by_an_import_get_the_current_season_congress(scenario, tree, alice):
    csv = (
        "code,name,parent_code,level\n"
        "HNA-DT-02,Đảng bộ phường Yên Bắc,HNA-DT,base\n"
        "HNA-DT-02-01,Chi bộ tổ dân phố 3,HNA-DT-02,cell\n"
        "HNA-KB,Đảng bộ huyện Kim Bảng,HNA,upper_base\n"
    ).encode()
    plan = plan_import(alice, "moi.csv", csv)
    assert plan.ok, plan.problems
    apply_import(alice, plan)
    for code, kind in (
        ("HNA-DT-02", CongressKind.MEMBERS),
        ("HNA-DT-02-01", CongressKind.MEMBERS),
        ("HNA-KB", CongressKind.DELEGATES),
    ):
        congress = Congress.objects.get(organisation__code=code)
        assert (congress.season, congress.status, congress.kind) == (
            scenario.season,
            CongressStatus.NOT_PLANNED,
            kind,
        )


def test_an_organisation_added_by_hand_gets_its_congress_once(scenario, tree):
    tree.duy_tien.refresh_from_db()
    new = Organisation.objects.add_child(
        tree.duy_tien, {"code": "HNA-DT-03", "name": "Đảng bộ xã Tiên Sơn", "level": Level.BASE}
    )
    assert Congress.objects.filter(organisation=new, season=scenario.season).count() == 1


def test_without_a_season_an_import_makes_no_congress(tree, alice):
    plan = plan_import(
        alice, "moi.csv", b"code,name,parent_code,level\nHNA-DT-02,Yen Bac,HNA-DT,base\n"
    )
    apply_import(alice, plan)
    assert not Congress.objects.exists()


# -- links a user may follow -------------------------------------------------------------------


def test_charlie_the_viewer_is_not_offered_to_report_a_difficulty(
    scenario, charlie, erin, client_of
):
    new_url = reverse("groups:difficulty_new")
    listing = client_of(charlie).get(reverse("groups:difficulty_list")).content.decode()
    assert new_url not in listing
    assert client_of(charlie).get(new_url).status_code == 403
    assert new_url in client_of(erin).get(reverse("groups:difficulty_list")).content.decode()
