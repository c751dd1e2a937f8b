"""A congress of Minh Khai with 31 delegates convened, and a committee election of 5 from 7."""

from __future__ import annotations

from datetime import date

import pytest

from daihoi.web.elections.models import Candidate, Delegate, Election
from daihoi.web.season.models import Congress, CongressKind, CongressStatus, Season

NAMES = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Văn Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Em",
    "Vũ Thị Gấm",
    "Đỗ Văn Hải",
]


@pytest.fixture
def congress(tree) -> Congress:  # type: ignore[no-untyped-def]
    season = Season.objects.create(
        organisation=tree.ha_nam, name="Đợt 2025", term_start=2025, term_end=2030
    )
    congress = Congress.objects.create(
        season=season,
        organisation=tree.minh_khai,
        kind=CongressKind.DELEGATES,
        status=CongressStatus.PREPARING,
        planned_date=date(2026, 12, 20),
    )
    Delegate.objects.bulk_create(
        Delegate(congress=congress, number=i, name=f"Đại biểu số {i}") for i in range(1, 32)
    )
    return congress


@pytest.fixture
def election(congress) -> Election:  # type: ignore[no-untyped-def]
    row = Election.objects.create(
        congress=congress,
        slug="bch",
        title="Bầu Ban Chấp hành khóa mới",
        body="committee",
        seats=5,
        rules="party",
        electorate=31,
    )
    Candidate.objects.bulk_create(Candidate(election=row, name=n) for n in NAMES)
    return row
