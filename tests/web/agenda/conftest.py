"""Hà Nam's delegates' congress with its presidium and three elections; Phủ Lý and Duy Tiên below.

- ``ha_nam_congress``: a delegates' congress; Nguyễn Văn An chairs the presidium.
- ``three_elections``: the committee (4 for 3), the secretary (1 for 1, elected by the new
  committee), the delegates to the national congress (4 for 2 official and 1 alternate).
"""

from __future__ import annotations

from typing import Any

import pytest

from daihoi.web.elections.models import Candidate, Election, PanelMember
from daihoi.web.season.models import Congress, Season

CHAIR = "Nguyễn Văn An"


@pytest.fixture
def season(tree: Any) -> Season:
    return Season.objects.create(
        organisation=tree.ha_nam, name="Đại hội nhiệm kỳ 2025–2030", term_start=2025, term_end=2030
    )


@pytest.fixture
def ha_nam_congress(tree: Any, season: Season) -> Congress:
    c = Congress.objects.create(season=season, organisation=tree.ha_nam, kind="delegates")
    PanelMember.objects.create(congress=c, panel="presidium", name=CHAIR, role="chair")
    PanelMember.objects.create(congress=c, panel="presidium", name="Trần Thị Bình", order=1)
    PanelMember.objects.create(congress=c, panel="counting", name="Lê Văn Cường", role="head")
    return c


@pytest.fixture
def phu_ly_congress(tree: Any, season: Season) -> Congress:
    return Congress.objects.create(season=season, organisation=tree.phu_ly)


@pytest.fixture
def duy_tien_congress(tree: Any, season: Season) -> Congress:
    return Congress.objects.create(season=season, organisation=tree.duy_tien)


def add_election(
    congress: Congress,
    slug: str,
    title: str,
    body: str,
    seats: int,
    names: list[str],
    alternates: int = 0,
) -> Election:
    e = Election.objects.create(
        congress=congress,
        slug=slug,
        title=title,
        body=body,
        seats=seats,
        alternates=alternates,
        electorate=300,
    )
    for name in names:
        Candidate.objects.create(election=e, name=name)
    return e


@pytest.fixture
def three_elections(ha_nam_congress: Congress) -> list[Election]:
    return [
        add_election(
            ha_nam_congress,
            "bch",
            "Bầu Ban Chấp hành Đảng bộ tỉnh khóa XXI",
            "committee",
            3,
            ["Đỗ Văn Giang", "Vũ Thị Hà", "Bùi Văn Khánh", "Ngô Thị Lan"],
        ),
        add_election(ha_nam_congress, "bt", "Bầu Bí thư Tỉnh ủy", "secretary", 1, ["Đỗ Văn Giang"]),
        add_election(
            ha_nam_congress,
            "db",
            "Bầu đoàn đại biểu dự Đại hội toàn quốc",
            "delegates",
            2,
            ["Phan Văn Minh", "Hồ Thị Nga", "Tạ Văn Oanh", "Lý Thị Phương"],
            alternates=1,
        ),
    ]
