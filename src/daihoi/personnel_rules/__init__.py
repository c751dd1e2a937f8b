"""The structural checks of a committee plan and a candidate list (cơ cấu nhân sự), pure.

No Django, no clock, no files: the personnel app's services pass the season's targets, the
people and the congress date in and get the checks back, each with its sentence.
"""

from daihoi.personnel_rules.checks import (
    Check,
    Nominee,
    Verdict,
    check_list,
    check_people,
    floor_share,
    surplus_bounds,
)
from daihoi.personnel_rules.retirement import (
    RetirementSchedule,
    months_between,
    retirement_date,
)
from daihoi.personnel_rules.targets import Targets

__all__ = [
    "Check",
    "Nominee",
    "RetirementSchedule",
    "Targets",
    "Verdict",
    "check_list",
    "check_people",
    "floor_share",
    "months_between",
    "retirement_date",
    "surplus_bounds",
]
