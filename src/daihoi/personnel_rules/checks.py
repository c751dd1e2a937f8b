"""Checks of a candidate list (danh sách bầu cử) against the structural targets.

Each ``Check`` says whether the target is met and, when it is not, what is short and by how
much: ``words`` is a Vietnamese sentence with ``%(name)s`` places and ``facts`` fills them (the
web translates ``words`` and then fills it; ``text`` is the Vietnamese sentence).
Shares are fractions; a share of ``n`` people needs ``ceil(n × share)`` of them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

from daihoi.personnel_rules.retirement import months_between, retirement_date
from daihoi.personnel_rules.targets import THEORY_RANK, THEORY_WORDS, Targets
from daihoi.vnformat import format_decimal


class Verdict(StrEnum):
    MET = "met"
    SHORT = "short"  # the target is not met
    UNKNOWN = "unknown"  # the records lack what the check needs


@dataclass(frozen=True)
class Check:
    key: str  # surplus, renewal, women, young, age, theory, floor
    verdict: Verdict
    words: str
    facts: Mapping[str, str] = field(default_factory=dict)
    short: int = 0  # how many people are missing (or too many, for the surplus)
    notes: tuple[str, ...] = ()  # more sentences, filled from the same facts
    # One sentence per person, joined into the ``who`` fact: (words, facts) of each.
    people: tuple[tuple[str, Mapping[str, str]], ...] = ()

    @property
    def ok(self) -> bool:
        return self.verdict is Verdict.MET

    @property
    def text(self) -> str:
        return " ".join(w % dict(self.facts) for w in (self.words, *self.notes))


@dataclass(frozen=True)
class Nominee:
    """One name on a list, with what the checks read of the record."""

    name: str
    gender: str = ""  # "male" | "female" | "" (not recorded)
    born: date | None = None
    theory: str = ""  # a THEORY_RANK key
    outgoing: bool = False  # a member of the outgoing committee (re-election)


# The sentences (translated by the web from these very strings).
SURPLUS_TOO_FEW = "Số dư: %(n)s người cho %(seats)s chỗ — thiếu %(short)s người để đủ số cần bầu."
SURPLUS_NOT_ASKED = "Số dư: %(n)s người cho %(seats)s chỗ (không yêu cầu số dư)."
SURPLUS_SHORT = (
    "Số dư: %(n)s người cho %(seats)s chỗ (dư %(extra)s = %(share)s), cần dư ít nhất "
    "%(min_pct)s (%(least)s người) — thiếu %(short)s người."
)
SURPLUS_SMALL_OVER = (
    "Số dư: %(n)s người cho %(seats)s chỗ (dư %(extra)s), cơ quan %(seats)s chỗ chỉ "
    "được dư tối đa %(most)s người — thừa %(over)s người."
)
SURPLUS_OVER = (
    "Số dư: %(n)s người cho %(seats)s chỗ (dư %(extra)s = %(share)s), tối đa "
    "%(max_pct)s (%(most)s người) — thừa %(over)s người."
)
SURPLUS_MET = (
    "Số dư: %(n)s người cho %(seats)s chỗ (dư %(extra)s = %(share)s), trong giới hạn "
    "%(least)s–%(most)s người."
)
AGE_SHORT = (
    "Tuổi công tác: %(n)s người không đủ thời gian công tác (tái cử cần còn ít nhất "
    "%(reelect)s tháng, lần đầu %(first)s tháng đến tuổi nghỉ hưu): %(who)s."
)
AGE_MET = (
    "Tuổi công tác: mọi người đều đủ (tái cử còn ít nhất %(reelect)s tháng, lần đầu "
    "%(first)s tháng)."
)
WHO_REELECT = "%(name)s (tái cử, còn %(left)s/%(need)s tháng)"
WHO_FIRST = "%(name)s (lần đầu, còn %(left)s/%(need)s tháng)"
AGE_UNKNOWN = (
    "Tuổi công tác: chưa tính được cho %(unknown)s (hồ sơ thiếu ngày sinh hoặc giới tính)."
)
FLOOR_IMPOSSIBLE = (
    "Số đại biểu tán thành (%(agree)s) phải từ 0 đến số đại biểu có mặt (%(present)s)."
)
FLOOR_MET = "%(agree)s/%(present)s đại biểu có mặt tán thành (%(pct)s), quá 30%%."
FLOOR_SHORT = (
    "Chỉ %(agree)s/%(present)s đại biểu có mặt tán thành (%(pct)s), cần quá 30%% (ít nhất "
    "%(need)s người): không đưa vào danh sách."
)


def _pct(part: int, whole: int) -> str:
    if whole == 0:
        return "0%"
    value = (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = format_decimal(value, 1)
    return (text[:-2] if text.endswith(",0") else text) + "%"


def _share_pct(share: Fraction) -> str:
    value = (Decimal(share.numerator) * 100 / share.denominator).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    text = format_decimal(value, 2).rstrip("0").rstrip(",")
    return text + "%"


def _need(whole: int, share: Fraction) -> int:
    return math.ceil(whole * share)


def surplus_bounds(seats: int, targets: Targets) -> tuple[int, int] | None:
    """The fewest and most extra names a list for ``seats`` may have, or None when no surplus
    is asked (fewer seats than the small-body rule's lowest)."""
    if seats < targets.small_from:
        return None
    if seats <= targets.small_to:
        most = targets.small_max_extra
    else:
        most = math.floor(seats * targets.max_surplus)
    least = min(math.ceil(seats * targets.min_surplus), most)
    return least, most


def check_surplus(count: int, seats: int, targets: Targets) -> Check:
    facts = {"n": str(count), "seats": str(seats), "extra": str(count - seats)}
    if count < seats:
        facts["short"] = str(seats - count)
        return Check(
            "surplus",
            Verdict.SHORT,
            SURPLUS_TOO_FEW,
            facts,
            seats - count,
        )
    bounds = surplus_bounds(seats, targets)
    if bounds is None:
        return Check(
            "surplus",
            Verdict.MET,
            SURPLUS_NOT_ASKED,
            facts,
        )
    least, most = bounds
    extra = count - seats
    facts |= {
        "share": _pct(extra, seats),
        "least": str(least),
        "most": str(most),
        "min_pct": _share_pct(targets.min_surplus),
        "max_pct": _share_pct(targets.max_surplus),
    }
    if extra < least:
        facts["short"] = str(least - extra)
        return Check(
            "surplus",
            Verdict.SHORT,
            SURPLUS_SHORT,
            facts,
            least - extra,
        )
    if extra > most:
        facts["over"] = str(extra - most)
        if targets.small_from <= seats <= targets.small_to:
            words = SURPLUS_SMALL_OVER
        else:
            words = SURPLUS_OVER
        return Check("surplus", Verdict.SHORT, words, facts, extra - most)
    return Check(
        "surplus",
        Verdict.MET,
        SURPLUS_MET,
        facts,
    )


# The share checks' sentences: (met, short) per check.
SHARE_WORDS = {
    "renewal": (
        "Đổi mới (chưa là ủy viên khóa trước): %(have)s/%(whole)s (%(pct)s), đạt từ %(target)s.",
        "Đổi mới (chưa là ủy viên khóa trước): %(have)s/%(whole)s (%(pct)s), cần ít nhất "
        "%(target)s — thiếu %(short)s người.",
    ),
    "women": (
        "Nữ: %(have)s/%(whole)s (%(pct)s), đạt từ %(target)s.",
        "Nữ: %(have)s/%(whole)s (%(pct)s), cần ít nhất %(target)s — thiếu %(short)s người.",
    ),
    "young": (
        "Dưới %(age)s tuổi: %(have)s/%(whole)s (%(pct)s), đạt từ %(target)s.",
        "Dưới %(age)s tuổi: %(have)s/%(whole)s (%(pct)s), cần ít nhất %(target)s — thiếu "
        "%(short)s người.",
    ),
    "theory": (
        "Lý luận chính trị từ %(level)s: %(have)s/%(whole)s (%(pct)s), đạt từ %(target)s.",
        "Lý luận chính trị từ %(level)s: %(have)s/%(whole)s (%(pct)s), cần ít nhất %(target)s "
        "— thiếu %(short)s người.",
    ),
}
UNKNOWN_NOTE = "Hồ sơ chưa ghi đủ để tính: %(unknown)s."
LACKING_NOTE = "Chưa đạt: %(lacking)s."


def _share_check(
    key: str,
    have: int,
    whole: int,
    share: Fraction,
    unknown: Sequence[str] = (),
    **more: str,
) -> Check:
    need = _need(whole, share)
    facts = {
        "have": str(have),
        "whole": str(whole),
        "pct": _pct(have, whole),
        "target": _share_pct(share),
        "need": str(need),
        **more,
    }
    met, short = SHARE_WORDS[key]
    if have >= need:
        return Check(key, Verdict.MET, met, facts)
    facts["short"] = str(need - have)
    verdict = Verdict.SHORT
    notes: tuple[str, ...] = ()
    if unknown:
        facts["unknown"] = ", ".join(unknown)
        notes = (UNKNOWN_NOTE,)
        verdict = Verdict.SHORT if have + len(unknown) < need else Verdict.UNKNOWN
    return Check(key, verdict, short, facts, need - have, notes)


def _age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def check_people(nominees: Sequence[Nominee], targets: Targets, on: date) -> list[Check]:
    """The checks of each person: working months left (re-election and first time) and the
    political theory level."""
    too_old: list[tuple[str, Mapping[str, str]]] = []
    no_birth: list[str] = []
    for person in nominees:
        if person.born is None or person.gender not in ("male", "female"):
            no_birth.append(person.name)
            continue
        schedule = targets.men if person.gender == "male" else targets.women_schedule
        left = months_between(on, retirement_date(person.born, schedule))
        need = targets.reelect_months if person.outgoing else targets.first_time_months
        if left < need:
            words = WHO_REELECT if person.outgoing else WHO_FIRST
            too_old.append(
                (words, {"name": person.name, "left": str(max(left, 0)), "need": str(need)})
            )
    facts = {
        "reelect": str(targets.reelect_months),
        "first": str(targets.first_time_months),
        "n": str(len(too_old)),
        "who": "; ".join(w % f for w, f in too_old),
        "unknown": ", ".join(no_birth),
    }
    checks: list[Check] = []
    if too_old:
        checks.append(
            Check(
                "age",
                Verdict.SHORT,
                AGE_SHORT,
                facts,
                len(too_old),
                people=tuple(too_old),
            )
        )
    elif no_birth:
        checks.append(
            Check(
                "age",
                Verdict.UNKNOWN,
                AGE_UNKNOWN,
                facts,
            )
        )
    else:
        checks.append(
            Check(
                "age",
                Verdict.MET,
                AGE_MET,
                facts,
            )
        )
    if too_old and no_birth:
        checks.append(
            Check(
                "age_unknown",
                Verdict.UNKNOWN,
                AGE_UNKNOWN,
                facts,
            )
        )
    level = THEORY_RANK.get(targets.theory_level, 0)
    if level and nominees:
        lacking = [p.name for p in nominees if THEORY_RANK.get(p.theory, 0) < level]
        have = len(nominees) - len(lacking)
        check = _share_check(
            "theory",
            have,
            len(nominees),
            targets.theory_share,
            level=THEORY_WORDS.get(targets.theory_level, targets.theory_level),
        )
        if not check.ok:
            facts2 = dict(check.facts) | {"lacking": ", ".join(lacking)}
            check = Check(
                check.key, check.verdict, check.words, facts2, check.short, (LACKING_NOTE,)
            )
        checks.append(check)
    return checks


def check_list(
    nominees: Sequence[Nominee],
    seats: int,
    targets: Targets,
    on: date,
    *,
    renewal: bool = True,
) -> list[Check]:
    """Every check of a list for ``seats`` on the congress date ``on``: the surplus, renewal
    against the outgoing committee (when ``renewal``), women, the young band, each person's
    working months left and theory level."""
    count = len(nominees)
    checks = [check_surplus(count, seats, targets)]
    if not count:
        return checks
    if renewal:
        new = sum(1 for p in nominees if not p.outgoing)
        checks.append(_share_check("renewal", new, count, targets.renewal))
    women = sum(1 for p in nominees if p.gender == "female")
    unknown_gender = [p.name for p in nominees if p.gender not in ("male", "female")]
    checks.append(_share_check("women", women, count, targets.women, unknown_gender))
    young = sum(
        1 for p in nominees if p.born is not None and _age_on(p.born, on) < targets.young_age
    )
    no_birth = [p.name for p in nominees if p.born is None]
    checks.append(
        _share_check("young", young, count, targets.young, no_birth, age=str(targets.young_age))
    )
    checks.extend(check_people(nominees, targets, on))
    return checks


def floor_share(agreeing: int, present: int) -> Check:
    """A nomination from the floor stands when more than 30% of the delegates present agree
    (exactly 30% is refused)."""
    facts = {"agree": str(agreeing), "present": str(present), "pct": _pct(agreeing, present)}
    if present <= 0 or agreeing > present or agreeing < 0:
        return Check(
            "floor",
            Verdict.UNKNOWN,
            FLOOR_IMPOSSIBLE,
            facts,
        )
    if 10 * agreeing > 3 * present:
        return Check(
            "floor",
            Verdict.MET,
            FLOOR_MET,
            facts,
        )
    need = 3 * present // 10 + 1
    facts["need"] = str(need)
    return Check(
        "floor",
        Verdict.SHORT,
        FLOOR_SHORT,
        facts,
        need - agreeing,
    )


WORDS: tuple[str, ...] = (
    SURPLUS_TOO_FEW,
    SURPLUS_NOT_ASKED,
    SURPLUS_SHORT,
    SURPLUS_SMALL_OVER,
    SURPLUS_OVER,
    SURPLUS_MET,
    *(w for pair in SHARE_WORDS.values() for w in pair),
    UNKNOWN_NOTE,
    LACKING_NOTE,
    AGE_SHORT,
    WHO_REELECT,
    WHO_FIRST,
    AGE_UNKNOWN,
    AGE_MET,
    FLOOR_IMPOSSIBLE,
    FLOOR_MET,
    FLOOR_SHORT,
)


def sentences(checks: Iterable[Check]) -> list[str]:
    return [c.text for c in checks]
