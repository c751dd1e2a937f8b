"""Personnel records told as a story: Hà Nam's people, and who may read them.

- ``an`` (Nguyễn Văn An) is a cadre of Minh Khai ward (under Phủ Lý, under Hà Nam).
- ``binh`` (Trần Thị Bình) is a cadre of the Biên Hòa school cell, Minh Khai's sibling.
- ``duc`` (Lê Văn Đức) is a cadre of Ninh Bình's Đông Thành ward: Alice never sees him.
- ``hoa`` is the personnel subcommittee (tiểu ban nhân sự) of Phủ Lý; ``minh`` is the secretary
  of Minh Khai; ``charlie`` (a viewer of Phủ Lý) sees names and units only.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

import pytest
from openpyxl import Workbook

from daihoi.web.accounts.models import Role
from daihoi.web.personnel.models import Gender, Person, TheoryLevel


@pytest.fixture
def an(tree: Any) -> Person:
    return Person.objects.create(
        full_name="Nguyễn Văn An",
        gender=Gender.MALE,
        birth_date=date(1975, 2, 5),
        cccd="035075000123",
        theory=TheoryLevel.ADVANCED,
        unit=tree.minh_khai,
        position="Bí thư Đảng ủy",
    )


@pytest.fixture
def binh(tree: Any) -> Person:
    return Person.objects.create(
        full_name="Trần Thị Bình",
        gender=Gender.FEMALE,
        birth_date=date(1982, 6, 1),
        unit=tree.bien_hoa_school,
    )


@pytest.fixture
def duc(tree: Any) -> Person:
    return Person.objects.create(full_name="Lê Văn Đức", unit=tree.dong_thanh)


@pytest.fixture
def hoa(tree: Any, make_user: Any) -> Any:
    return make_user("hoa", tree.phu_ly, Role.PERSONNEL)


@pytest.fixture
def minh(tree: Any, make_user: Any) -> Any:
    return make_user("minh", tree.minh_khai, Role.SECRETARY)


def workbook(*rows: list[Any]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


HEADER = [
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Số CCCD",
    "Lý luận chính trị",
    "Mã đơn vị",
    "Chức vụ",
    "Quy hoạch",
]


# ------------------------------------------------------------ Minh Khai's congress, 2025–2030
# The outgoing committee of 2020–2025 had seven members (the first seven of ``CADRES``); the
# records hold ten more cadres of the ward. The congress is on 15/10/2025 and 31 delegates are
# convened, 30 of them in the hall.

CADRES = [
    # name, gender, born, theory
    ("Nguyễn Văn Hải", "male", date(1968, 3, 1), "cao_cap"),
    ("Trần Thị Lan", "female", date(1972, 5, 9), "trung_cap"),
    (
        "Lê Văn Minh",
        "male",
        date(1965, 11, 2),
        "trung_cap",
    ),  # retires on 1/9/2027: too soon to be re-elected
    ("Phạm Văn Nam", "male", date(1975, 1, 20), "trung_cap"),
    ("Hoàng Văn Phúc", "male", date(1978, 7, 7), "so_cap"),
    ("Vũ Văn Quang", "male", date(1980, 2, 14), "trung_cap"),
    ("Đỗ Văn Sơn", "male", date(1970, 9, 30), "trung_cap"),
    ("Bùi Thị Thu", "female", date(1992, 4, 4), "so_cap"),
    ("Ngô Văn Tuấn", "male", date(1993, 8, 8), "so_cap"),
    ("Đặng Văn Việt", "male", date(1985, 12, 1), "trung_cap"),
    ("Lý Văn Xuân", "male", date(1983, 6, 6), "trung_cap"),
    ("Mai Văn Yên", "male", date(1986, 1, 1), "trung_cap"),
    ("Cao Văn Anh", "male", date(1979, 10, 10), "trung_cap"),
    ("Trịnh Văn Bảo", "male", date(1981, 3, 3), "trung_cap"),
    ("Hà Văn Cường", "male", date(1984, 4, 4), ""),
    ("Tạ Văn Dũng", "male", date(1982, 2, 2), "trung_cap"),
    ("Kiều Thị Giang", "female", date(1988, 8, 8), "trung_cap"),
]


@pytest.fixture
def season(tree: Any) -> Any:
    from daihoi.web.season.models import Season

    return Season.objects.create(
        organisation=tree.ha_nam, name="Đợt đại hội 2025", term_start=2025, term_end=2030
    )


@pytest.fixture
def ward_congress(season: Any, tree: Any) -> Any:
    from daihoi.web.elections.models import Delegate
    from daihoi.web.elections.services import record_presence
    from daihoi.web.season.models import Congress, CongressKind, CongressStatus

    congress = Congress.objects.create(
        season=season,
        organisation=tree.minh_khai,
        kind=CongressKind.DELEGATES,
        status=CongressStatus.PREPARING,
        planned_date=date(2025, 10, 15),
    )
    Delegate.objects.bulk_create(
        Delegate(congress=congress, number=i, name=f"Đại biểu số {i}") for i in range(1, 32)
    )
    from django.utils import timezone

    record_presence(
        congress.delegates.order_by("number")[:30], "present", at=timezone.now(), user=None
    )
    return congress


@pytest.fixture
def cadres(tree: Any) -> list[Person]:
    from daihoi.web.personnel.models import Membership

    people = [
        Person.objects.create(
            full_name=name,
            gender=gender,
            birth_date=born,
            theory=theory,
            unit=tree.minh_khai,
            cccd=f"0350{i:08d}",
        )
        for i, (name, gender, born, theory) in enumerate(CADRES)
    ]
    for i, person in enumerate(people[:7]):
        Membership.objects.create(
            person=person,
            body="committee",
            term="2020–2025",
            role="secretary" if i == 0 else "member",
        )
    return people
