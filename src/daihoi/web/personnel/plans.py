"""The committee plan (đề án nhân sự), the candidate lists (danh sách bầu cử) and their
structural checks against the season's targets (chỉ tiêu cơ cấu).

Who reads: whoever may read the full records of the congress's unit (``can_read_unit``); each
read of a plan or a list page is an ``AccessLog`` row. Who changes: office staff and the
personnel subcommittee of the unit or above. Every change has its audit entry. The checks are
computed by ``daihoi.personnel_rules`` from the records; ``services`` re-exports what the
pages call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from daihoi.engine.election import BODY_LABELS, Body
from daihoi.personnel_rules import Check, Nominee, Verdict, check_list, floor_share
from daihoi.personnel_rules.checks import check_people
from daihoi.web.accounts.models import Role
from daihoi.web.accounts.scope import profile_of
from daihoi.web.audit.models import Action
from daihoi.web.audit.services import log_change
from daihoi.web.personnel.models import (
    AccessKind,
    CandidateList,
    CommitteePlan,
    Membership,
    Nomination,
    NominationSource,
    Person,
    Withdrawal,
)
from daihoi.web.personnel.models import Body as SeatBody
from daihoi.web.personnel.targets import (  # noqa: F401  (the pages call them through here)
    TARGET_FIELDS,
    can_edit_targets,
    congress_date,
    congress_targets,
    default_targets,
    save_targets,
    targets_of,
    targets_row,
    targets_rows,
)
from daihoi.web.season.models import Congress, Season

EDITOR_ROLES = (Role.OFFICE, Role.PERSONNEL)


@dataclass(frozen=True)
class Shown:
    """A check as a page shows it: met or not, and its sentence in the page's language."""

    key: str
    verdict: str
    text: str
    short: int

    @property
    def ok(self) -> bool:
        return self.verdict == Verdict.MET


def shown(check: Check) -> Shown:
    facts = dict(check.facts)
    if "level" in facts:
        facts["level"] = _(facts["level"])
    if check.people:
        facts["who"] = "; ".join(_(w) % f for w, f in check.people)
    text = " ".join(_(w) % facts for w in (check.words, *check.notes))
    return Shown(check.key, check.verdict.value, text, check.short)


# ------------------------------------------------------------------------------------ access


def _superuser(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_superuser)


def can_read_plan(user: Any, congress: Congress) -> bool:
    from daihoi.web.personnel.services import can_read_unit

    return can_read_unit(user, congress.organisation)


def can_edit_plan(user: Any, congress: Congress) -> bool:
    """Office staff and the personnel subcommittee of the unit or of a unit above it."""
    if _superuser(user):
        return True
    profile = profile_of(user)
    return (
        profile is not None
        and profile.role in EDITOR_ROLES
        and congress.organisation.path.startswith(profile.unit.path)
    )


def require_read(user: Any, congress: Congress) -> None:
    if not can_read_plan(user, congress):
        raise PermissionDenied(_("Bạn không có quyền xem đề án nhân sự của đại hội này."))


def require_edit(user: Any, congress: Congress) -> None:
    if not can_edit_plan(user, congress):
        raise PermissionDenied(
            _("Chỉ văn phòng và tiểu ban nhân sự của đơn vị mới được sửa đề án, danh sách.")
        )


def log_read(user: Any, congress: Congress, subject: str) -> None:
    from daihoi.web.personnel.services import _log

    _log(user, AccessKind.PLAN, congress.organisation, subject=subject)


# -------------------------------------------------------------------------------------- plan


def previous_term(season: Season) -> str:
    length = season.term_end - season.term_start
    return f"{season.term_start - length}–{season.term_start}"


def plan_of(congress: Congress) -> CommitteePlan:
    """The congress's plan, or a new unsaved one for the term before the season's."""
    found = CommitteePlan.objects.filter(congress=congress).first()
    return found or CommitteePlan(congress=congress, outgoing_term=previous_term(congress.season))


def people_of(congress: Congress) -> QuerySet[Person]:
    return Person.objects.filter(unit__path__startswith=congress.organisation.path)


def outgoing_committee(congress: Congress, term: str) -> list[Membership]:
    """The seats of the outgoing executive committee, from the records' memberships."""
    return list(
        Membership.objects.filter(
            body=SeatBody.COMMITTEE,
            term=term,
            person__unit__path__startswith=congress.organisation.path,
        )
        .select_related("person")
        .order_by("role", "person__full_name")
    )


def outgoing_ids(congress: Congress, term: str) -> set[int]:
    return set(
        Membership.objects.filter(
            body=SeatBody.COMMITTEE,
            term=term,
            person__unit__path__startswith=congress.organisation.path,
        ).values_list("person_id", flat=True)
    )


def nominee(person: Person, outgoing: set[int]) -> Nominee:
    return Nominee(
        name=person.full_name,
        gender=person.gender,
        born=person.birth_date,
        theory=person.theory,
        outgoing=person.pk in outgoing,
    )


def find_person(congress: Congress, text: str) -> tuple[Person | None, str | None]:
    """The record named by ``text`` (a CCCD, or a full name) among the congress's people, or
    why none: not found, or several of that name (then the CCCD tells them apart)."""
    text = " ".join(text.split())
    if not text:
        return None, _("Hãy nhập họ tên hoặc số CCCD.")
    people = people_of(congress).select_related("unit")
    if re.fullmatch(r"[0-9]{12}", text):
        found = people.filter(cccd=text).first()
        if found is None:
            return None, _("Không có hồ sơ nào của đơn vị có số CCCD %(cccd)s.") % {"cccd": text}
        return found, None
    matches = list(people.filter(full_name__iexact=text)[:6])
    if not matches:
        return None, _(
            "Không có hồ sơ nào của đơn vị tên «%(name)s»: hãy nhập hồ sơ trước (Nhân sự → "
            "Nhập từ Excel)."
        ) % {"name": text}
    if len(matches) > 1:
        who = "; ".join(
            f"{p.full_name}, {p.birth_date.year if p.birth_date else '?'}, {p.unit.name}"
            for p in matches[:5]
        )
        return None, _(
            "Có %(n)s hồ sơ tên «%(name)s» (%(who)s): hãy nhập số CCCD để chọn đúng người."
        ) % {"n": len(matches), "name": text, "who": who}
    return matches[0], None


PLAN_FIELDS = (
    "outgoing_term",
    "committee_size",
    "standing_size",
    "deputy_count",
    "inspection_size",
    "delegate_seats",
    "delegate_alternates",
    "secretary",
    "inspection_chair",
    "note",
)


def save_plan(
    user: Any, plan: CommitteePlan, data: dict[str, Any], deputies: list[Person]
) -> CommitteePlan:
    """Save the plan (one audit entry with every change)."""
    require_edit(user, plan.congress)
    with transaction.atomic():
        created = plan.pk is None
        changes: dict[str, Any] = {}
        for name in PLAN_FIELDS:
            old, new = getattr(plan, name), data[name]
            if created or old != new:
                changes[name] = [str(old or ""), str(new or "")]
            setattr(plan, name, new)
        plan.version += 1
        plan.save()
        old_deputies = sorted(p.full_name for p in plan.deputies.all())
        plan.deputies.set(deputies)
        new_deputies = sorted(p.full_name for p in deputies)
        if old_deputies != new_deputies:
            changes["deputies"] = [old_deputies, new_deputies]
        log_change(
            user,
            plan,
            Action.CREATE if created else Action.UPDATE,
            changes,
            organisation=plan.congress.organisation,
        )
    return plan


def plan_problems(plan: CommitteePlan) -> list[str]:
    """What does not fit together in the plan's sizes, in plain sentences."""
    problems = []
    c, s, i = plan.committee_size, plan.standing_size, plan.inspection_size
    if c is not None and s is not None and s >= c:
        problems.append(
            _("Ban Thường vụ (%(s)s) phải ít hơn Ban Chấp hành (%(c)s).") % {"s": s, "c": c}
        )
    if s is not None and plan.deputy_count + 1 > s:
        problems.append(
            _("Bí thư và %(d)s Phó Bí thư là %(n)s người, nhiều hơn %(s)s ủy viên Ban Thường vụ.")
            % {"d": plan.deputy_count, "n": plan.deputy_count + 1, "s": s}
        )
    proposed = plan.deputies.count() if plan.pk else 0
    if proposed > plan.deputy_count:
        problems.append(
            _("Dự kiến %(p)s Phó Bí thư, nhiều hơn số Phó Bí thư của đề án (%(d)s).")
            % {"p": proposed, "d": plan.deputy_count}
        )
    if c is not None and i is not None and i > c:
        problems.append(
            _("Ủy ban Kiểm tra (%(i)s) nhiều hơn Ban Chấp hành (%(c)s).") % {"i": i, "c": c}
        )
    return problems


def plan_seats(plan: CommitteePlan) -> list[tuple[str, str, int]]:
    """The seats per body the plan gives: (engine body, label, seats)."""
    rows = [
        (Body.COMMITTEE, plan.committee_size),
        (Body.STANDING_COMMITTEE, plan.standing_size),
        (Body.SECRETARY, 1 if plan.committee_size else None),
        (Body.DEPUTY_SECRETARY, plan.deputy_count or None),
        (Body.INSPECTION_COMMITTEE, plan.inspection_size),
        (Body.INSPECTION_CHAIR, 1 if plan.inspection_size else None),
        (Body.DELEGATES, plan.delegate_seats),
    ]
    return [(b.value, body_label(b.value), n) for b, n in rows if n]


def body_label(body: str) -> str:
    try:
        return _(BODY_LABELS[Body(body)])
    except ValueError:
        return body


def body_choices() -> list[tuple[str, str]]:
    return [(b.value, _(BODY_LABELS[b])) for b in Body if b is not Body.OTHER]


def key_people(plan: CommitteePlan) -> list[tuple[str, Person]]:
    rows: list[tuple[str, Person]] = []
    if plan.secretary_id:
        rows.append((_("Bí thư"), plan.secretary))  # type: ignore[arg-type]
    if plan.pk:
        rows.extend((_("Phó Bí thư"), p) for p in plan.deputies.all())
    if plan.inspection_chair_id:
        rows.append((_("Chủ nhiệm Ủy ban Kiểm tra"), plan.inspection_chair))  # type: ignore[arg-type]
    return rows


def plan_checks(plan: CommitteePlan) -> list[Shown]:
    """The key people's checks (working months left, theory level)."""
    people = [p for _label, p in key_people(plan)]
    if not people:
        return []
    outgoing = outgoing_ids(plan.congress, plan.outgoing_term)
    targets = congress_targets(plan.congress)
    return [
        shown(c)
        for c in check_people(
            [nominee(p, outgoing) for p in people], targets, congress_date(plan.congress)
        )
    ]


# ----------------------------------------------------------------------------------- lists


def with_names(lists: QuerySet[CandidateList]) -> QuerySet[CandidateList]:
    """The lists with their nominations and each one's person and unit (two queries more)."""
    return lists.prefetch_related(
        Prefetch("nominations", queryset=Nomination.objects.select_related("person__unit"))
    )


def lists_of(congress: Congress) -> list[CandidateList]:
    return list(with_names(CandidateList.objects.filter(congress=congress)))


def is_handed_over(cl: CandidateList) -> bool:
    """Made into an election already (the election app's link back)."""
    return getattr(cl, "election", None) is not None


def on_list(cl: CandidateList) -> list[Nomination]:
    return [n for n in cl.nominations.all() if n.on_list]


def list_checks(cl: CandidateList, *, outgoing: set[int] | None = None) -> list[Shown]:
    """Every check of the names still on the list, against the season's targets."""
    congress = cl.congress
    plan = plan_of(congress)
    if outgoing is None:
        outgoing = outgoing_ids(congress, plan.outgoing_term)
    nominees = [nominee(n.person, outgoing) for n in on_list(cl)]
    renewal = cl.body in (Body.COMMITTEE, Body.STANDING_COMMITTEE, Body.INSPECTION_COMMITTEE)
    checks = check_list(
        nominees, cl.seats, congress_targets(congress), congress_date(congress), renewal=renewal
    )
    return [shown(c) for c in checks]


def create_list(user: Any, congress: Congress, body: str, seats: int, title: str) -> CandidateList:
    require_edit(user, congress)
    cl = CandidateList.objects.create(
        congress=congress, body=body, seats=seats, title=title, created_by=user
    )
    log_change(
        user,
        cl,
        Action.CREATE,
        {"body": body, "seats": seats, "title": title},
        organisation=congress.organisation,
    )
    return cl


def refuse_if_handed_over(cl: CandidateList) -> None:
    if is_handed_over(cl):
        raise PermissionDenied(
            _("Danh sách đã được đại hội thông qua và chuyển thành cuộc bầu cử: không sửa được.")
        )


@dataclass(frozen=True)
class Nominated:
    nomination: Nomination | None
    floor: Shown | None  # the floor vote's check, for a floor nomination
    problem: str | None


def nominate(
    user: Any,
    cl: CandidateList,
    person: Person,
    source: str,
    *,
    agreeing: int | None = None,
    present: int | None = None,
    nominated_by: str = "",
) -> Nominated:
    """Put ``person`` on the list. A floor nomination stands only with more than 30% of the
    delegates present agreeing; a refused one is not added (its figures are in the audit log)."""
    require_edit(user, cl.congress)
    refuse_if_handed_over(cl)
    NominationSource(source)
    floor = None
    if source == NominationSource.FLOOR:
        if agreeing is None or present is None:
            return Nominated(
                None,
                None,
                _("Đề cử tại đại hội: hãy ghi số đại biểu tán thành và số đại biểu có mặt."),
            )
        floor = floor_verdict(agreeing, present)
        if not floor.ok:
            refuse_floor(user, cl, person, agreeing, present)
            return Nominated(None, floor, floor.text)
    if cl.nominations.filter(person=person).exists():
        return Nominated(
            None, floor, _("%(name)s đã có trong danh sách này.") % {"name": person.full_name}
        )
    nomination = Nomination.objects.create(
        candidate_list=cl,
        person=person,
        source=source,
        agreeing=agreeing if source == NominationSource.FLOOR else None,
        present=present if source == NominationSource.FLOOR else None,
        nominated_by=nominated_by[:200],
        created_by=user,
    )
    log_change(
        user,
        nomination,
        Action.CREATE,
        {
            "list": cl.title,
            "person": person.full_name,
            "source": source,
            "agreeing": agreeing,
            "present": present,
        },
        organisation=cl.congress.organisation,
    )
    return Nominated(nomination, floor, None)


def floor_verdict(agreeing: int, present: int) -> Shown:
    """Whether a floor nomination stands: more than 30% of the delegates present agreeing."""
    return shown(floor_share(agreeing, present))


def refuse_floor(user: Any, cl: CandidateList, person: Person, agreeing: int, present: int) -> None:
    """The audit entry of a floor nomination that did not reach more than 30%."""
    log_change(
        user,
        cl,
        "personnel.floor_refused",
        {"person": person.full_name, "agreeing": agreeing, "present": present},
        organisation=cl.congress.organisation,
    )


def request_withdrawal(user: Any, nomination: Nomination, reason: str) -> str | None:
    """Record a request to withdraw (one at a time: a second one, e.g. the same form sent
    twice, is refused with the reason returned)."""
    cl = nomination.candidate_list
    require_edit(user, cl.congress)
    refuse_if_handed_over(cl)
    updated = Nomination.objects.filter(
        pk=nomination.pk, withdrawal__in=[Withdrawal.NONE, Withdrawal.REFUSED]
    ).update(withdrawal=Withdrawal.REQUESTED, withdrawal_reason=reason[:500])
    if not updated:
        return _("Đơn xin rút của %(name)s đã được ghi.") % {"name": nomination.person.full_name}
    nomination.withdrawal = Withdrawal.REQUESTED
    nomination.withdrawal_reason = reason[:500]
    log_change(
        user,
        nomination,
        "personnel.withdrawal_requested",
        {"person": nomination.person.full_name, "reason": reason},
        organisation=cl.congress.organisation,
    )
    return None


def decide_withdrawal(
    user: Any, nomination: Nomination, votes_for: int, present: int
) -> tuple[bool | None, str]:
    """The congress's show of hands on a withdrawal: more than half of those present agreeing
    takes the name off the list; otherwise the name stays. Returns (accepted, sentence);
    accepted is None when no request was waiting (decided already, or never made)."""
    cl = nomination.candidate_list
    require_edit(user, cl.congress)
    refuse_if_handed_over(cl)
    accepted = 2 * votes_for > present
    decision = Withdrawal.ACCEPTED if accepted else Withdrawal.REFUSED
    updated = Nomination.objects.filter(pk=nomination.pk, withdrawal=Withdrawal.REQUESTED).update(
        withdrawal=decision, withdrawal_for=votes_for, withdrawal_present=present
    )
    if not updated:
        return None, _("Không có đơn xin rút nào của %(name)s đang chờ quyết định.") % {
            "name": nomination.person.full_name
        }
    nomination.withdrawal = decision
    nomination.withdrawal_for = votes_for
    nomination.withdrawal_present = present
    log_change(
        user,
        nomination,
        "personnel.withdrawal_decided",
        {
            "person": nomination.person.full_name,
            "for": votes_for,
            "present": present,
            "accepted": accepted,
        },
        organisation=cl.congress.organisation,
    )
    facts = {"name": nomination.person.full_name, "for": votes_for, "present": present}
    if accepted:
        return True, _(
            "Đại hội đồng ý cho %(name)s rút khỏi danh sách (%(for)s/%(present)s tán thành)."
        ) % facts
    return False, _(
        "Đại hội không đồng ý cho %(name)s rút (%(for)s/%(present)s tán thành, cần quá một "
        "nửa): vẫn giữ trong danh sách."
    ) % facts


def remove_nomination(user: Any, nomination: Nomination) -> None:
    """Take a name entered by mistake off the list (before the list is approved)."""
    cl = nomination.candidate_list
    require_edit(user, cl.congress)
    refuse_if_handed_over(cl)
    log_change(
        user,
        nomination,
        Action.DELETE,
        {"list": cl.title, "person": nomination.person.full_name},
        organisation=cl.congress.organisation,
    )
    nomination.delete()


def list_names(cl: CandidateList) -> Iterable[tuple[str, int | None]]:
    """The names the election takes: (full name, birth year) of everyone still on the list."""
    for n in on_list(cl):
        born = n.person.birth_date
        yield n.person.full_name, born.year if born else None


def pending_withdrawals(cl: CandidateList) -> list[Nomination]:
    return [n for n in cl.nominations.all() if n.withdrawal == Withdrawal.REQUESTED]
