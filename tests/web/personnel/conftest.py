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
