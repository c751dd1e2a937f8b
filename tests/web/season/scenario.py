"""The congress season every season and dashboard test is told in terms of.

On top of the people's tree (tests/web/conftest.py), relative to ``today``:

- Trung ương runs the season (base deadline today+30, upper-base +60, province +90).
- Hà Nam: Minh Khai (base) held 10 days ago, a pilot congress with 9 committee members,
  3 women, 2 under 40, 4 new, secretary elected directly with 92,50%; Biên Hòa school (base)
  planned in 20 days; Hòa Mạc (base) preparing but its date was 3 days ago (overdue); the cell of
  Minh Khai not planned; Phủ Lý (upper-base) planned in 40 days; Duy Tiên (upper-base)
  postponed; the province planned in 80 days.
- Ninh Bình: Đông Thành (base) held 20 days ago (7 members, 1 woman); Hoa Lư planned in 50
  days; the province in 85.
- Tổ công tác số 1 of Hà Nam follows Phủ Lý; dave is its member. erin is the secretary of
  Minh Khai.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import User

from daihoi.web.groups.models import WorkingGroup
from daihoi.web.orgs.models import Level
from daihoi.web.season.models import (
    Congress,
    CongressKind,
    CongressStatus,
    Season,
    SeasonDeadline,
)


@dataclass(frozen=True)
class SeasonScenario:
    season: Season
    today: date
    minh_khai: Congress
    bien_hoa: Congress
    hoa_mac: Congress
    cell: Congress
    phu_ly: Congress
    duy_tien: Congress
    ha_nam: Congress
    dong_thanh: Congress
    hoa_lu: Congress
    ninh_binh: Congress
    group: WorkingGroup


def build_scenario(tree, today: date, dave: User | None = None) -> SeasonScenario:  # type: ignore[no-untyped-def]
    season = Season.objects.create(
        organisation=tree.central,
        name="Đại hội đảng bộ các cấp",
        term_start=2025,
        term_end=2030,
        directive="Chỉ thị 45-CT/TW",
        starts_on=today - timedelta(days=100),
    )
    for level, days in ((Level.BASE, 30), (Level.UPPER_BASE, 60), (Level.PROVINCE, 90)):
        SeasonDeadline.objects.create(season=season, level=level, due_on=today + timedelta(days))

    def make(org, status, planned=None, **kw):  # type: ignore[no-untyped-def]
        return Congress.objects.create(
            season=season,
            organisation=org,
            status=status,
            planned_date=today + timedelta(days=planned) if planned is not None else None,
            **kw,
        )

    held = CongressStatus.HELD
    s = SeasonScenario(
        season=season,
        today=today,
        minh_khai=make(
            tree.minh_khai,
            held,
            -10,
            held_date=today - timedelta(days=10),
            is_pilot=True,
            direct_secretary=True,
            convened=412,
            present=398,
            committee_size=9,
            women=3,
            under_40=2,
            new_members=4,
            secretary_elected_directly=True,
            secretary_vote_percent=Decimal("92.50"),
            delegates_official=10,
            delegates_alternate=1,
            kind=CongressKind.DELEGATES,
        ),
        bien_hoa=make(tree.bien_hoa_school, CongressStatus.PLANNED, 20, direct_secretary=True),
        hoa_mac=make(tree.hoa_mac, CongressStatus.PREPARING, -3),
        cell=make(tree.minh_khai_cell, CongressStatus.NOT_PLANNED),
        phu_ly=make(tree.phu_ly, CongressStatus.PLANNED, 40),
        duy_tien=make(
            tree.duy_tien,
            CongressStatus.POSTPONED,
            -5,
            postponed_reason="Sáp nhập đơn vị hành chính",
        ),
        ha_nam=make(tree.ha_nam, CongressStatus.PLANNED, 80),
        dong_thanh=make(
            tree.dong_thanh,
            held,
            -20,
            held_date=today - timedelta(days=20),
            convened=506,
            present=480,
            committee_size=7,
            women=1,
            under_40=1,
            new_members=2,
        ),
        hoa_lu=make(tree.hoa_lu, CongressStatus.PLANNED, 50),
        ninh_binh=make(tree.ninh_binh, CongressStatus.PLANNED, 85),
        group=WorkingGroup.objects.create(
            season=season,
            organisation=tree.ha_nam,
            name="Tổ công tác số 1 — Hà Nam",
            leader=dave,
        ),
    )
    s.group.assigned.add(tree.phu_ly)
    if dave is not None:
        s.group.members.add(dave)
    return s
