"""The elections app's one bridge to the engines: a congress's electorate by its rule set, an
election's engine ``Election`` and its ballots' PDF.

The pages, forms and models call these; nothing else in the app imports the engines.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext, gettext_lazy, gettext_noop, override

from daihoi.engine.election import BODY_LABELS, Body, Election, election_to_dict, parse_election
from daihoi.engine.errors import InputError
from daihoi.engine.names import name_problem
from daihoi.engine.rules import PRESETS, ThresholdBase, rule_set
from daihoi.paper.layout import design_ballot, spec_from_election
from daihoi.paper.render import render_ballots
from daihoi.vnformat import format_int as vn_int
from daihoi.web.accounts.scope import profile_of

from .models import (
    IN_HALL,
    Approval,
    ApprovalSubject,
    AttendanceEvent,
    Candidate,
    CandidateSource,
    Delegate,
    DelegateKind,
    ElectionState,
    Exclusion,
    Panel,
    PanelMember,
    PanelRole,
    Presence,
)
from .models import (
    Election as ElectionRow,
)

MAX_COPIES = 5000

PRESET_LABELS = {
    "party": gettext_lazy("Đảng (quá một nửa số đại biểu được triệu tập)"),
    "youth_union": gettext_lazy("Đoàn Thanh niên (quá một nửa số phiếu thu về, tối đa 2 lần)"),
    "trade_union": gettext_lazy("Công đoàn (quá một nửa số phiếu thu về)"),
    "state": gettext_lazy("Nhà nước (quá một nửa số phiếu hợp lệ)"),
}

# The engine's names of the bodies (``BODY_LABELS``, their one home), listed for translation; a
# test checks that the list names them all.
BODY_WORDS = (
    gettext_noop("Ban Chấp hành"),
    gettext_noop("Ban Thường vụ"),
    gettext_noop("Bí thư"),
    gettext_noop("Phó Bí thư"),
    gettext_noop("Ủy ban Kiểm tra"),
    gettext_noop("Chủ nhiệm Ủy ban Kiểm tra"),
    gettext_noop("Đại biểu dự Đại hội cấp trên"),
    gettext_noop("Khác"),
)


BASE_WORDS = {
    "electorate": gettext_lazy("số cử tri được triệu tập"),
    "collected": gettext_lazy("số phiếu thu về"),
    "valid": gettext_lazy("số phiếu hợp lệ"),
}


def override_words(overrides: dict[str, Any]) -> list[str]:
    """The election's changes to its rule set, in words."""
    words = []
    if overrides.get("threshold_base") in BASE_WORDS:
        words.append(
            gettext("quá bán tính trên %(base)s")
            % {"base": BASE_WORDS[overrides["threshold_base"]]}
        )
    if overrides.get("max_rounds"):
        words.append(gettext("tối đa %(n)s lần bầu") % {"n": overrides["max_rounds"]})
    for key in sorted(set(overrides) - {"threshold_base", "max_rounds"}):
        words.append(f"{key} = {overrides[key]}")
    return words


def body_choices() -> list[tuple[str, str]]:
    return [(body.value, gettext(BODY_LABELS[body])) for body in Body]


def preset_choices() -> list[tuple[str, str]]:
    return [(name, PRESET_LABELS.get(name, name)) for name in PRESETS]


def body_label(body: str) -> str:
    try:
        return gettext(BODY_LABELS[Body(body)])
    except ValueError:
        return body


# ---------------------------------------------------------------------------------- attendance


def with_presence(delegates: QuerySet[Delegate]) -> QuerySet[Delegate]:
    """The delegates, each annotated with ``presence`` and ``presence_at``: their latest event."""
    latest = AttendanceEvent.objects.filter(delegate=OuterRef("pk")).order_by("-at", "-id")
    return delegates.annotate(
        presence=Subquery(latest.values("state")[:1]),
        presence_at=Subquery(latest.values("at")[:1]),
    )


@dataclass(frozen=True)
class Electorate:
    """The base of "more than half" for a congress under one rule set, and how it is made."""

    base: str  # the rule set's ThresholdBase value
    convened: int  # convened with a vote (official delegates, or full members)
    excluded: tuple[tuple[str, str], ...]  # (name, reason label)
    number: int | None  # None when the base is known only after the count (collected, valid)
    present: int  # voters in the hall now (for the ballots to print)
    formula: str  # in words, for the page and the minutes


def electorate(congress: Any, rules: str = "party") -> Electorate:
    """The electorate of ``congress`` by the rule set ``rules``: the convened voters less the
    exclusions the rules list; the voters in the hall now."""
    voters = with_presence(
        Delegate.objects.filter(congress=congress, kind=DelegateKind.OFFICIAL)
    ).order_by("number")
    convened = 0
    excluded: list[tuple[str, str]] = []
    present = 0
    for delegate in voters:
        convened += 1
        if delegate.exclusion:
            excluded.append((delegate.name, Exclusion(delegate.exclusion).label))
            continue
        if delegate.presence in IN_HALL:
            present += 1
    base = rule_set(rules).threshold_base
    if base is ThresholdBase.ELECTORATE:
        number: int | None = convened - len(excluded)
        facts = {
            "convened": vn_int(convened),
            "excluded": vn_int(len(excluded)),
            "number": vn_int(number),
            "need": vn_int((number or 0) // 2 + 1),
        }
        if congress.kind == "delegates":
            if excluded:
                text = gettext(
                    "%(convened)s đại biểu chính thức được triệu tập − %(excluded)s không tính "
                    "theo quy chế = %(number)s; trúng cử khi được quá một nửa, tức từ %(need)s phiếu"
                )
            else:
                text = gettext(
                    "%(convened)s đại biểu chính thức được triệu tập = %(number)s; trúng cử khi "
                    "được quá một nửa, tức từ %(need)s phiếu"
                )
        elif excluded:
            text = gettext(
                "%(convened)s đảng viên chính thức được triệu tập − %(excluded)s không tính theo "
                "quy chế = %(number)s; trúng cử khi được quá một nửa, tức từ %(need)s phiếu"
            )
        else:
            text = gettext(
                "%(convened)s đảng viên chính thức được triệu tập = %(number)s; trúng cử khi được "
                "quá một nửa, tức từ %(need)s phiếu"
            )
        formula = text % facts
    elif base is ThresholdBase.COLLECTED:
        number = None
        formula = gettext(
            "quá một nửa số phiếu thu về (hợp lệ và không hợp lệ), biết sau khi kiểm phiếu"
        )
    else:
        number = None
        formula = gettext("quá một nửa số phiếu hợp lệ, biết sau khi kiểm phiếu")
    return Electorate(base.value, convened, tuple(excluded), number, present, formula)


def record_presence(
    delegates: Iterable[Delegate],
    state: str,
    *,
    at: Any,
    user: Any,
    how: str = "list",
    sitting: Any = None,
) -> int:
    """Record one attendance event for each delegate; returns how many were recorded."""
    Presence(state)  # refuses an unknown state
    events = [
        AttendanceEvent(delegate=d, sitting=sitting, state=state, at=at, how=how, recorded_by=user)
        for d in delegates
    ]
    AttendanceEvent.objects.bulk_create(events)
    return len(events)


# ------------------------------------------------------------------------------------ elections


def counting_committee(congress: Any) -> list[PanelMember]:
    return list(PanelMember.objects.filter(congress=congress, panel=Panel.COUNTING))


def election_data(row: ElectionRow, *, meeting: dict[str, Any] | None = None) -> dict[str, Any]:
    """The election file data (``formats.md``) of ``row``."""
    rules: Any = row.rules
    if row.overrides:
        rules = {"preset": row.rules, **row.overrides}
    data: dict[str, Any] = {
        "id": row.slug,
        "title": row.title,
        "congress": f"Đại hội {row.congress.organisation.name}",
        "body": row.body,
        "seats": row.seats,
        "round": row.round,
        "rules": rules,
        "candidates": [
            {"name": c.name, "born": c.born} if c.born else c.name for c in row.candidates.all()
        ],
    }
    if row.alternates:
        data["alternates"] = row.alternates
    if row.electorate is not None:
        data["electorate"] = row.electorate
    elif row.pk is not None and row.congress_id is not None:
        # Before the list is approved the base is not fixed yet: today's count stands in for
        # it, so that the page can check the list and show its order.
        now = electorate(row.congress, row.rules).number
        if now:
            data["electorate"] = now
    if row.elected_before:
        data["elected_before"] = row.elected_before
    if meeting:
        data["meeting"] = meeting
    return data


def engine_election(row: ElectionRow, *, meeting: dict[str, Any] | None = None) -> Election:
    """The engine's ``Election`` for ``row``; ``InputError`` says what is missing or wrong."""
    return parse_election(election_data(row, meeting=meeting), source=row.title)


def check_election(row: ElectionRow) -> str | None:
    """What stops ``row`` from being an election the engine can count, in Vietnamese (or None)."""
    try:
        engine_election(row)
    except InputError as exc:
        return exc.message
    return None


def ballot_order(row: ElectionRow) -> list[str]:
    """The candidates' labels in the order the ballot prints them (the engine's order)."""
    try:
        return list(engine_election(row).labels)
    except InputError:
        return [c.name for c in row.candidates.all()]


def ballots_pdf(row: ElectionRow, copies: int) -> bytes:
    """The PDF of ``copies`` ballots of ``row`` (one page each)."""
    if not 1 <= copies <= MAX_COPIES:
        raise InputError(f"số phiếu in phải từ 1 đến {vn_int(MAX_COPIES)}")
    design = design_ballot(spec_from_election(engine_election(row)))
    return render_ballots(design, copies=copies)


def panel_seats(congress: Any, user: Any) -> set[tuple[str, str]]:
    """The (panel, role) seats ``user`` holds at this congress (through their account)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        PanelMember.objects.filter(congress=congress, user=user).values_list("panel", "role")
    )


def seat_congress(user: Any) -> int | None:
    """The congress a station account (an account without a profile, so without a unit) holds
    its seats at, or None: such an account reaches that congress through its seats only."""
    if not getattr(user, "is_authenticated", False) or user.is_superuser:
        return None
    if profile_of(user) is not None:
        return None
    cached = getattr(user, "_daihoi_seat_congress", False)
    if cached is not False:
        return cached  # type: ignore[no-any-return]
    found = (
        PanelMember.objects.filter(user=user).order_by("id").values_list("congress_id", flat=True)
    ).first()
    user._daihoi_seat_congress = found
    return found


def head_of_counting(congress: Any) -> PanelMember | None:
    return (
        PanelMember.objects.filter(congress=congress, panel=Panel.COUNTING, role=PanelRole.HEAD)
        .order_by("order", "id")
        .first()
    )


def person_name_problem(text: str) -> str | None:
    """Why ``text`` cannot be the name of someone on the panels (the engine's name rule: Latin
    letters with the Vietnamese ones, spaces, hyphens, apostrophes, periods), or None."""
    return name_problem(text)


def election_file(row: ElectionRow) -> dict[str, Any]:
    """The election file of ``row`` as the engine writes it (for download and the CLI)."""
    return election_to_dict(engine_election(row))


# ------------------------------------------------------------------------------ delegate cards


def cards_pdf(congress: Any, delegates: Iterable[Delegate]) -> bytes:
    """The cards of ``delegates`` (eight to an A4 page, each with the QR of its card code)."""
    from daihoi.cards import Card
    from daihoi.cards import cards_pdf as build

    name = f"Đại hội {congress.organisation.name}"
    return build(
        name,
        (
            Card(d.number, d.name, d.unit, DelegateKind(d.kind).label, d.card_code)
            for d in delegates
        ),
    )


# ------------------------------------------------------------------------------------ approvals


def majority_of(present: int) -> int:
    """The fewest hands that are more than half of ``present``."""
    return present // 2 + 1


def approve_list(row: ElectionRow) -> Electorate:
    """Fix the electorate of ``row`` (its base of "more than half") as the list is approved."""
    with override("vi"):  # the record, as the minutes will say it
        fixed = electorate(row.congress, row.rules)
    row.electorate = fixed.number
    row.electorate_formula = fixed.formula[:300]
    return fixed


def try_ballots_pdf(row: ElectionRow, copies: int) -> tuple[bytes | None, str | None]:
    """The ballots PDF, or None and why it cannot be made (in Vietnamese)."""
    try:
        return ballots_pdf(row, copies), None
    except InputError as exc:
        return None, exc.message


def record_approval(
    row: ElectionRow,
    subject: str,
    *,
    votes_for: int,
    votes_against: int,
    abstain: int,
    present: int,
    user: Any,
) -> tuple[Approval, Electorate | None]:
    """Record the show of hands on the number to elect or on the list of ``row`` (locked by
    the caller) with its audit entry; a list passed fixes the electorate and approves it.
    Returns the vote and the electorate fixed (None unless the list was approved)."""
    from daihoi.web.audit.services import log_change

    vote, _created = row.approvals.update_or_create(
        subject=subject,
        defaults={
            "votes_for": votes_for,
            "votes_against": votes_against,
            "abstain": abstain,
            "present": present,
            "recorded_by": user,
        },
    )
    log_change(
        user,
        row,
        "election.approval",
        {
            "subject": subject,
            "for": vote.votes_for,
            "against": vote.votes_against,
            "abstain": vote.abstain,
            "present": present,
            "passed": vote.passed,
        },
        organisation=row.congress.organisation,
    )
    fixed = None
    if subject == ApprovalSubject.LIST and vote.passed:
        fixed = approve_list(row)
        row.state = ElectionState.APPROVED
        row.version += 1
        row.save(update_fields=["electorate", "electorate_formula", "state", "version"])
    return vote, fixed


# ------------------------------------------------------------ from the personnel subcommittee


@dataclass(frozen=True)
class FromList:
    """What making an election of a candidate list did."""

    election: ElectionRow | None
    problem: str | None = None  # why no election was made (nothing was saved)
    number_passed: bool = False
    list_passed: bool = False
    again: bool = False  # the list was already an election (a second submit)


def election_from_list(
    user: Any,
    candidate_list: Any,
    *,
    slug: str,
    number: dict[str, int],
    listing: dict[str, int],
) -> FromList:
    """In one step: the list prepared by the personnel subcommittee becomes an election of the
    counting station (its names, in the engine's ballot order when printed), with the two shows
    of hands recorded (the number to elect, then the list). All or nothing; a list already made
    into an election gives that election back."""
    from django.db import transaction

    from daihoi.web.audit.services import log_change
    from daihoi.web.personnel import services as personnel

    with transaction.atomic():
        locked = personnel.plans.with_names(type(candidate_list).objects.select_for_update()).get(
            pk=candidate_list.pk
        )
        done = ElectionRow.objects.filter(candidate_list=locked).first()
        if done is not None:
            return FromList(done, again=True)
        pending = personnel.plans.pending_withdrawals(locked)
        if pending:
            return FromList(
                None,
                gettext("Còn %(n)s đơn xin rút chưa được đại hội quyết định: %(who)s.")
                % {"n": len(pending), "who": ", ".join(n.person.full_name for n in pending)},
            )
        congress = locked.congress
        row = ElectionRow.objects.create(
            congress=congress,
            slug=slug,
            title=locked.title,
            body=locked.body,
            seats=locked.seats,
            alternates=locked.alternates,
            rules="party",
            candidate_list=locked,
            created_by=user,
        )
        Candidate.objects.bulk_create(
            Candidate(election=row, name=name, born=born, source=CandidateSource.PERSONNEL)
            for name, born in personnel.plans.list_names(locked)
        )
        problem = check_election(row)
        if problem:
            transaction.set_rollback(True)
            return FromList(None, gettext("Danh sách chưa bầu được: %(p)s") % {"p": problem})
        present = electorate(congress, row.rules).present
        if present == 0:
            transaction.set_rollback(True)
            return FromList(None, gettext("Chưa có đại biểu nào được điểm danh có mặt."))
        log_change(
            user,
            row,
            "election.from_list",
            {"list": locked.title, "candidates": row.candidates.count()},
            organisation=congress.organisation,
        )
        vote, _fixed = record_approval(
            row, ApprovalSubject.NUMBER, present=present, user=user, **number
        )
        if not vote.passed:
            return FromList(row, number_passed=False)
        vote, _fixed = record_approval(
            row, ApprovalSubject.LIST, present=present, user=user, **listing
        )
        return FromList(row, number_passed=True, list_passed=vote.passed)
