"""The elected body's report from the records of the people elected."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from daihoi.personnel_rules import Targets
from daihoi.personnel_rules.body import Member, body_report, has_degree, is_minority

ON = date(2025, 10, 15)
PEOPLE = [
    Member(
        "Nguyễn Văn Hải",
        "male",
        date(1968, 3, 1),
        "Kinh",
        "Thạc sĩ Kinh tế",
        "cao_cap",
        "Hà Nam",
        outgoing=True,
    ),
    Member(
        "Trần Thị Lan",
        "female",
        date(1972, 5, 9),
        "Tày",
        "Cử nhân Luật",
        "trung_cap",
        "Thái Bình",
        outgoing=True,
    ),
    Member(
        "Bùi Thị Thu", "female", date(1992, 4, 4), "Kinh", "Trung cấp", "so_cap", "Phủ Lý, Hà Nam"
    ),
    Member("Ngô Văn Tuấn", "male", date(1993, 8, 8), "", "", "trung_cap", ""),
]


def test_it_counts_the_elected_body() -> None:
    report = body_report(PEOPLE, Targets(), ON, province="Hà Nam")
    assert (report.members, report.reelected, report.first_time) == (4, 2, 2)
    assert (report.women, report.minorities) == (2, 1)
    # Ages on 15/10/2025: 57, 53, 33, 32 → 43.75 → 43.8.
    assert report.mean_age == Decimal("43.8")
    assert (report.under_40, report.degree, report.non_local) == (2, 2, 1)
    # Theory at trung cấp or above: Hải, Lan, Tuấn.
    assert report.theory == 3
    assert report.unknown == {"minorities": 1, "degree": 1, "non_local": 1}
    checks = {c.key: c for c in report.checks}
    assert checks["women"].ok and checks["renewal"].ok
    assert not checks["theory"].ok
    assert checks["theory"].text.startswith("Lý luận chính trị từ trung cấp: 3/4 (75%)")


def test_the_figures_are_plain_data() -> None:
    figures = body_report(PEOPLE, Targets(young_age=35), ON).figures()
    assert figures["mean_age"] == "43.8" and figures["young"] == 2 and figures["young_age"] == 35
    # Without the province, non-local is unknown for everyone, never counted.
    assert figures["non_local"] == 0 and figures["unknown"]["non_local"] == 4


def test_an_empty_body_has_no_mean_age_and_no_checks() -> None:
    report = body_report([], Targets(), ON)
    assert report.mean_age is None and report.checks == ()


def test_degrees_and_minorities_read_the_words_of_the_records() -> None:
    assert has_degree("Kỹ sư xây dựng") and has_degree("ĐẠI HỌC") and not has_degree("Cao đẳng")
    assert is_minority("Mường") and not is_minority(" kinh ") and not is_minority("")
