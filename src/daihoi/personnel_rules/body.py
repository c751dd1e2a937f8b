"""The elected body's report (cơ cấu ban chấp hành khóa mới), pure: from the records of the
people elected, the figures an office reports and the targets they meet or miss.

Figures: members, re-elected (on the outgoing committee) and first-time, women, ethnic
minorities (an ethnicity recorded and not Kinh), the mean age on the congress date, under 40
and under the season's young age, a university degree or above, political theory at the
level's target or above, and cadres not from the locality (a hometown recorded that does not
name the province). A record lacking what a figure needs is counted as unknown for it, never
as having it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from daihoi.personnel_rules.checks import Check, _share_check
from daihoi.personnel_rules.targets import THEORY_RANK, THEORY_WORDS, Targets
from daihoi.vnformat import format_decimal

# Words of a degree at university level or above in the "Trình độ chuyên môn" field.
DEGREE_WORDS = ("đại học", "cử nhân", "kỹ sư", "bác sĩ", "dược sĩ", "thạc sĩ", "tiến sĩ", "luật sư")


@dataclass(frozen=True)
class Member:
    """One person elected, with what the report reads of the record."""

    name: str
    gender: str = ""
    born: date | None = None
    ethnicity: str = ""
    education: str = ""
    theory: str = ""
    hometown: str = ""
    outgoing: bool = False


@dataclass(frozen=True)
class BodyReport:
    members: int
    reelected: int
    first_time: int
    women: int
    minorities: int
    mean_age: Decimal | None  # 1 decimal; None when no birth date is recorded
    age_sum: int  # the ages summed (a roll-up's mean is its sum over the ages known)
    under_40: int
    young: int  # under ``young_age``
    young_age: int
    degree: int
    theory: int  # at the target level or above
    non_local: int
    unknown: dict[str, int]  # per figure, the records that lack what it needs
    checks: tuple[Check, ...]

    def figures(self) -> dict[str, object]:
        """The figures as plain data (stored with the report, summed up the tree)."""
        return {
            "members": self.members,
            "reelected": self.reelected,
            "first_time": self.first_time,
            "women": self.women,
            "minorities": self.minorities,
            "mean_age": str(self.mean_age) if self.mean_age is not None else None,
            "age_sum": self.age_sum,
            "age_known": self.members - self.unknown.get("age", 0),
            "under_40": self.under_40,
            "young": self.young,
            "young_age": self.young_age,
            "degree": self.degree,
            "theory": self.theory,
            "non_local": self.non_local,
            "unknown": dict(self.unknown),
        }


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def has_degree(education: str) -> bool:
    text = education.casefold()
    return any(word in text for word in DEGREE_WORDS)


def is_minority(ethnicity: str) -> bool:
    return ethnicity.strip().casefold() not in ("", "kinh")


def body_report(
    members: Sequence[Member],
    targets: Targets,
    on: date,
    *,
    province: str = "",
    renewal: bool = True,
) -> BodyReport:
    """The report of the body ``members`` elected at a congress held ``on``; ``province`` is
    the name the hometown of a local cadre contains (empty: not computed)."""
    n = len(members)
    unknown: dict[str, int] = {}

    def lacks(key: str) -> None:
        unknown[key] = unknown.get(key, 0) + 1

    ages = []
    for m in members:
        if m.born is None:
            lacks("age")
        else:
            ages.append(_age(m.born, on))
        if m.gender not in ("male", "female"):
            lacks("women")
        if not m.ethnicity.strip():
            lacks("minorities")
        if not m.education.strip():
            lacks("degree")
        if not m.hometown.strip() or not province:
            lacks("non_local")
    mean = None
    if ages:
        mean = (Decimal(sum(ages)) / len(ages)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    level = THEORY_RANK.get(targets.theory_level, 0)
    women = sum(1 for m in members if m.gender == "female")
    young = sum(1 for a in ages if a < targets.young_age)
    first = sum(1 for m in members if not m.outgoing)
    theory = sum(1 for m in members if THEORY_RANK.get(m.theory, 0) >= level)
    checks: list[Check] = []
    if n:
        if renewal:
            checks.append(_share_check("renewal", first, n, targets.renewal))
        checks.append(_share_check("women", women, n, targets.women))
        checks.append(_share_check("young", young, n, targets.young, age=str(targets.young_age)))
        if level:
            checks.append(
                _share_check(
                    "theory",
                    theory,
                    n,
                    targets.theory_share,
                    level=THEORY_WORDS.get(targets.theory_level, targets.theory_level),
                )
            )
    where = province.casefold()
    return BodyReport(
        members=n,
        reelected=n - first,
        first_time=first,
        women=women,
        minorities=sum(1 for m in members if is_minority(m.ethnicity)),
        mean_age=mean,
        age_sum=sum(ages),
        under_40=sum(1 for a in ages if a < 40),
        young=young,
        young_age=targets.young_age,
        degree=sum(1 for m in members if has_degree(m.education)),
        theory=theory,
        non_local=sum(
            1
            for m in members
            if where and m.hometown.strip() and where not in m.hometown.casefold()
        ),
        unknown=unknown,
        checks=tuple(checks),
    )


def mean_age_text(value: Decimal | None) -> str:
    return "–" if value is None else format_decimal(value, 1)
