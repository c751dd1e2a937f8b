"""The calendar of congresses: a month of Hà Nam's congresses, each on the day it was held or,
while waiting, on its planned day; months navigable; Bob (Ninh Bình) sees none of Hà Nam's."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from daihoi.web.season.calendar import month_key, month_weeks, parse_month, shift_month


def _month(client, org, day: date):  # type: ignore[no-untyped-def]
    response = client.get(
        reverse("season:congress_calendar"), {"org": org.pk, "month": month_key(day)}
    )
    assert response.status_code == 200
    return response.content.decode()


def test_months_are_parsed_shifted_and_laid_out_in_weeks_from_monday():
    today = date(2026, 12, 1)
    assert parse_month("2027-02", today) == date(2027, 2, 1)
    assert parse_month("2027-13", today) == date(2026, 12, 1)
    assert parse_month("<script>", today) == date(2026, 12, 1)
    assert shift_month(date(2026, 12, 1), 1) == date(2027, 1, 1)
    assert shift_month(date(2027, 1, 1), -1) == date(2026, 12, 1)
    weeks = month_weeks(date(2026, 12, 1))
    assert weeks[0][0] == date(2026, 11, 30) and weeks[0][0].weekday() == 0
    assert all(len(w) == 7 for w in weeks) and weeks[-1][-1] >= date(2026, 12, 31)


def test_alice_sees_each_congress_on_its_day(scenario, tree, alice, client_of):
    client = client_of(alice)
    s = scenario
    held = _month(client, tree.ha_nam, s.minh_khai.held_date)
    assert "Đảng bộ phường Minh Khai" in held and "dh-ev-held" in held
    overdue = _month(client, tree.ha_nam, s.hoa_mac.planned_date)
    assert "Đảng bộ phường Hòa Mạc" in overdue and "dh-ev-overdue" in overdue
    planned = _month(client, tree.ha_nam, s.phu_ly.planned_date)
    assert "Đảng bộ thành phố Phủ Lý" in planned
    # Postponed and not-yet-planned congresses have no day.
    assert "Đảng bộ thị xã Duy Tiên" not in _month(client, tree.ha_nam, s.duy_tien.planned_date)


def test_the_month_links_move_a_month(scenario, tree, alice, client_of):
    page = _month(client_of(alice), tree.ha_nam, date(2027, 1, 1))
    assert "month=2026-12" in page and "month=2027-02" in page


def test_bob_sees_no_congress_of_ha_nam(scenario, tree, bob, client_of):
    client = client_of(bob)
    page = _month(client, tree.ninh_binh, scenario.phu_ly.planned_date)
    assert "Phủ Lý" not in page
    response = client.get(reverse("season:congress_calendar"), {"org": tree.ha_nam.pk})
    assert response.status_code == 404
