"""Named ballot scenarios for the paper tests: the ballots a district congress really prints."""

from __future__ import annotations

import itertools

import pytest

from daihoi.engine.ballot import Form
from daihoi.paper.layout import BallotSpec
from daihoi_testsupport.synth import SURNAMES

TITLE = "Bầu Ban Chấp hành Đảng bộ Quận 1 khóa XII, nhiệm kỳ 2025–2030"
CONGRESS = "Đại hội đại biểu Đảng bộ Quận 1 lần thứ XII"

MIDDLE = (
    "Văn",
    "Thị",
    "Hữu",
    "Đức",
    "Thành",
    "Minh",
    "Ngọc",
    "Thu",
    "Quốc",
    "Xuân",
    "Thị Thanh",
    "Văn Hữu",
)
GIVEN = (
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hương",
    "Khánh",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Ngọc",
    "Phúc",
    "Quyên",
    "Sơn",
    "Thảo",
    "Trung",
    "Tuấn",
    "Uyên",
    "Việt",
    "Xuân",
    "Yến",
    "Ánh",
    "Ẩn",
    "Nguyệt",
)

SEVEN = (
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Văn Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Em",
    "Đỗ Thị Giang",
    "Vũ Đức Hải",
)


def people(count: int) -> tuple[str, ...]:
    """``count`` distinct, realistic Vietnamese full names (deterministic)."""
    combos = itertools.product(GIVEN, MIDDLE, SURNAMES)
    names = [f"{s} {m} {g}" for g, m, s in itertools.islice(combos, 0, None, 7)]
    assert len(names) >= count
    return tuple(names[:count])


def spec(
    names: tuple[str, ...],
    form: Form = Form.STRIKE,
    *,
    election: str = "q1-bch-2025",
    round_no: int = 1,
    title: str = TITLE,
) -> BallotSpec:
    return BallotSpec(election, round_no, title, form, names, CONGRESS)


@pytest.fixture
def committee_seven() -> BallotSpec:
    """The district committee: seven names, five seats, the strike form."""
    return spec(SEVEN)


@pytest.fixture
def secretary_one() -> BallotSpec:
    """The secretary: one name, đồng ý / không đồng ý."""
    return spec(
        ("Trần Thị Bình",),
        Form.APPROVE,
        election="q1-bt-2025",
        title="Bầu Bí thư Đảng ủy Quận 1 khóa XII",
    )


@pytest.fixture
def standing_three() -> BallotSpec:
    """The standing committee: three names for three seats, second round."""
    return spec(
        SEVEN[:3],
        Form.APPROVE,
        election="q1-btv-2025",
        round_no=2,
        title="Bầu Ban Thường vụ Đảng ủy Quận 1 khóa XII",
    )


@pytest.fixture
def delegates_120() -> BallotSpec:
    """Delegates to the city congress: 120 names on one side of A4."""
    return spec(
        people(120),
        election="q1-dbdh-2025",
        title="Bầu Đoàn đại biểu dự Đại hội Đảng bộ Thành phố lần thứ XII",
    )


@pytest.fixture
def delegates_no_surplus_100() -> BallotSpec:
    """Delegates with exactly as many names as seats: 100 names, đồng ý / không đồng ý."""
    return spec(
        people(100),
        Form.APPROVE,
        election="q1-dbdh-2025",
        title="Bầu Đoàn đại biểu dự Đại hội Đảng bộ Thành phố lần thứ XII",
    )


SCENARIOS = (
    "committee_seven",
    "secretary_one",
    "standing_three",
    "delegates_120",
    "delegates_no_surplus_100",
)
