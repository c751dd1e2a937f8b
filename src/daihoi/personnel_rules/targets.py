"""The directive's structural targets for one season and one level (chỉ tiêu cơ cấu), as data."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from daihoi.personnel_rules.retirement import MEN_2019, WOMEN_2019, RetirementSchedule

# Political theory levels (trình độ lý luận chính trị) by rank; a bachelor's counts as senior.
THEORY_RANK = {"": 0, "so_cap": 1, "trung_cap": 2, "cao_cap": 3, "cu_nhan": 3}
THEORY_WORDS = {"so_cap": "sơ cấp", "trung_cap": "trung cấp", "cao_cap": "cao cấp"}


@dataclass(frozen=True)
class Targets:
    """What a candidate list for a body of one level must meet (shares as fractions)."""

    min_surplus: Fraction = Fraction(1, 10)
    max_surplus: Fraction = Fraction(3, 10)
    # The small-body rule: a body of ``small_from``..``small_to`` seats has at most
    # ``small_max_extra`` extra names; below ``small_from`` seats no surplus is asked.
    small_from: int = 3
    small_to: int = 5
    small_max_extra: int = 1
    renewal: Fraction = Fraction(1, 3)
    women: Fraction = Fraction(15, 100)
    young: Fraction = Fraction(10, 100)
    young_age: int = 40
    reelect_months: int = 48
    first_time_months: int = 60
    theory_level: str = "trung_cap"
    theory_share: Fraction = Fraction(1)
    men: RetirementSchedule = field(default=MEN_2019)
    women_schedule: RetirementSchedule = field(default=WOMEN_2019)
