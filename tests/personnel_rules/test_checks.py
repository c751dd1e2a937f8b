"""The structural checks of a candidate list, each at its boundary, with its sentence."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from daihoi.personnel_rules import Nominee, Targets, Verdict, check_list, floor_share
from daihoi.personnel_rules.checks import check_people, check_surplus, surplus_bounds

CONGRESS = date(2025, 10, 15)
TARGETS = Targets()


def people(n: int, **facts: object) -> list[Nominee]:
    base = {"gender": "male", "born": date(1980, 1, 1), "theory": "cao_cap"}
    return [Nominee(name=f"Người {i}", **(base | facts)) for i in range(n)]  # type: ignore[arg-type]


def by_key(checks: list) -> dict:  # type: ignore[type-arg]
    return {c.key: c for c in checks}


# ------------------------------------------------------------------------------------ surplus


@pytest.mark.parametrize(
    ("seats", "bounds"),
    [(1, None), (2, None), (3, (1, 1)), (5, (1, 1)), (6, (1, 1)), (10, (1, 3)), (15, (2, 4))],
)
def test_it_bounds_the_surplus(seats: int, bounds: tuple[int, int] | None) -> None:
    assert surplus_bounds(seats, TARGETS) == bounds


def test_a_list_of_15_for_15_lacks_the_minimum_surplus() -> None:
    check = check_surplus(15, 15, TARGETS)
    assert check.verdict is Verdict.SHORT and check.short == 2
    assert check.text == (
        "Số dư: 15 người cho 15 chỗ (dư 0 = 0%), cần dư ít nhất 10% (2 người) — thiếu 2 người."
    )


def test_the_surplus_of_15_seats_is_met_from_2_to_4_extra() -> None:
    assert check_surplus(17, 15, TARGETS).ok
    assert check_surplus(19, 15, TARGETS).ok
    over = check_surplus(20, 15, TARGETS)
    assert not over.ok and over.short == 1
    assert over.text == (
        "Số dư: 20 người cho 15 chỗ (dư 5 = 33,3%), tối đa 30% (4 người) — thừa 1 người."
    )


def test_a_small_body_has_at_most_one_extra() -> None:
    assert check_surplus(6, 5, TARGETS).ok
    over = check_surplus(7, 5, TARGETS)
    assert over.short == 1
    assert "cơ quan 5 chỗ chỉ được dư tối đa 1 người — thừa 1 người" in over.text
    assert check_surplus(4, 3, TARGETS).ok  # 33% is allowed by the small-body rule


def test_fewer_names_than_seats_is_short() -> None:
    check = check_surplus(13, 15, TARGETS)
    assert check.short == 2 and "thiếu 2 người để đủ số cần bầu" in check.text


def test_one_seat_asks_no_surplus() -> None:
    assert check_surplus(1, 1, TARGETS).ok


def test_the_minimum_is_data() -> None:
    assert check_surplus(15, 15, Targets(min_surplus=Fraction(0))).ok


# ---------------------------------------------------------------------- women, young, renewal


def test_women_below_15_percent_are_short_by_the_missing_people() -> None:
    nominees = people(13) + people(2, gender="female")
    women = by_key(check_list(nominees, 13, TARGETS, CONGRESS))["women"]
    assert women.text == "Nữ: 2/15 (13,3%), cần ít nhất 15% — thiếu 1 người."
    assert women.short == 1


def test_women_at_exactly_the_share_meet_it() -> None:
    nominees = people(17) + people(3, gender="female")  # 3/20 = 15%
    assert by_key(check_list(nominees, 17, TARGETS, CONGRESS))["women"].ok


def test_unknown_genders_are_named() -> None:
    nominees = people(18) + people(2, gender="")
    women = by_key(check_list(nominees, 17, TARGETS, CONGRESS))["women"]
    assert women.verdict is Verdict.SHORT
    assert "Hồ sơ chưa ghi đủ để tính: Người 0, Người 1." in women.text


def test_the_young_band_counts_age_on_the_congress_date() -> None:
    turning_40_after = date(1985, 10, 16)  # 39 on 15/10/2025
    turning_40_on = date(1985, 10, 15)  # 40 on the day
    nominees = [*people(9), Nominee("Trẻ", "male", turning_40_after, "cao_cap")]
    assert by_key(check_list(nominees, 9, TARGETS, CONGRESS))["young"].ok
    nominees = [*people(9), Nominee("Vừa 40", "male", turning_40_on, "cao_cap")]
    young = by_key(check_list(nominees, 9, TARGETS, CONGRESS))["young"]
    assert young.text == "Dưới 40 tuổi: 0/10 (0%), cần ít nhất 10% — thiếu 1 người."


def test_a_base_level_band_is_younger() -> None:
    nominees = [*people(9), Nominee("Ba mươi tám", "male", date(1987, 1, 1), "cao_cap")]
    young = by_key(check_list(nominees, 9, Targets(young_age=35), CONGRESS))["young"]
    assert young.text.startswith("Dưới 35 tuổi: 0/10")


def test_renewal_needs_a_third_new() -> None:
    nominees = people(10, outgoing=True) + people(5)  # 5/15 = 1/3
    assert by_key(check_list(nominees, 13, TARGETS, CONGRESS))["renewal"].ok
    nominees = people(11, outgoing=True) + people(4)
    renewal = by_key(check_list(nominees, 13, TARGETS, CONGRESS))["renewal"]
    assert renewal.short == 1
    assert renewal.text == (
        "Đổi mới (chưa là ủy viên khóa trước): 4/15 (26,7%), cần ít nhất 33,33% — thiếu 1 người."
    )


def test_renewal_is_left_out_when_asked() -> None:
    assert "renewal" not in by_key(check_list(people(4), 3, TARGETS, CONGRESS, renewal=False))


# ----------------------------------------------------------------------------- working months


def test_reelection_needs_48_months_left() -> None:
    # A man born 1/1968 retires at 62 on 1/2/2030: 51 months from 15/10/2025 → re-elected ok,
    # first time (60 months) not.
    again = Nominee("Tái cử", "male", date(1968, 1, 1), "cao_cap", outgoing=True)
    assert by_key(check_people([again], TARGETS, CONGRESS))["age"].ok
    first = Nominee("Lần đầu", "male", date(1968, 1, 1), "cao_cap")
    age = by_key(check_people([first], TARGETS, CONGRESS))["age"]
    assert age.verdict is Verdict.SHORT
    assert "Lần đầu (lần đầu, còn 51/60 tháng)" in age.text


def test_exactly_48_months_is_enough_and_47_is_not() -> None:
    # A woman born 9/1970 reaches 57y8m (the age of 2028) in May 2028 and retires on 1/6/2028.
    ok = Nominee("Đủ", "female", date(1970, 9, 1), "cao_cap", outgoing=True)
    assert by_key(check_people([ok], TARGETS, date(2024, 6, 1)))["age"].ok
    late = by_key(check_people([ok], TARGETS, date(2024, 6, 2)))["age"]
    assert late.verdict is Verdict.SHORT and "còn 47/48 tháng" in late.text


def test_a_missing_birth_date_is_unknown_not_met() -> None:
    age = by_key(check_people([Nominee("Chưa rõ", "male", None)], TARGETS, CONGRESS))["age"]
    assert age.verdict is Verdict.UNKNOWN and "Chưa rõ" in age.text


def test_theory_level_names_who_lacks_it() -> None:
    nominees = [*people(2), Nominee("Sơ cấp", "male", date(1980, 1, 1), "so_cap")]
    theory = by_key(check_people(nominees, TARGETS, CONGRESS))["theory"]
    assert theory.short == 1
    assert theory.text == (
        "Lý luận chính trị từ trung cấp: 2/3 (66,7%), cần ít nhất 100% — thiếu 1 người. "
        "Chưa đạt: Sơ cấp."
    )


# ------------------------------------------------------------------------ floor nominations


def test_a_floor_nomination_at_exactly_30_percent_is_refused() -> None:
    check = floor_share(30, 100)
    assert check.verdict is Verdict.SHORT and check.short == 1
    assert check.text == (
        "Chỉ 30/100 đại biểu có mặt tán thành (30%), cần quá 30% (ít nhất 31 người): "
        "không đưa vào danh sách."
    )


def test_a_floor_nomination_above_30_percent_stands() -> None:
    assert floor_share(31, 100).ok
    assert floor_share(10, 31).ok  # 32,3%
    assert not floor_share(9, 30).ok  # exactly 30%
    assert floor_share(10, 30).text == "10/30 đại biểu có mặt tán thành (33,3%), quá 30%."


def test_impossible_floor_figures_are_refused() -> None:
    assert floor_share(40, 30).verdict is Verdict.UNKNOWN
    assert floor_share(0, 0).verdict is Verdict.UNKNOWN
