"""The bridge between working groups, difficulties and the people using them: who may answer
what, and every change made with its history and audit entry. Views call these; they never
touch the clock themselves."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from daihoi.web.accounts.models import Role
from daihoi.web.accounts.scope import (
    can_edit,
    profile_of,
    scope_queryset,
    unit_of,
    visible_organisations,
)
from daihoi.web.audit import log_change
from daihoi.web.orgs.models import Organisation
from daihoi.web.season.models import Season
from daihoi.web.season.services import ancestor_paths

from .models import (
    Difficulty,
    DifficultyEvent,
    DifficultyEventKind,
    DifficultyStatus,
    GroupKind,
    WorkingGroup,
)


def visible_groups(user: Any) -> QuerySet[WorkingGroup]:
    """Groups of the user's subtree, and the groups the user is in (their own work)."""
    groups = scope_queryset(WorkingGroup.objects.all(), user)
    if getattr(user, "is_authenticated", False) and not getattr(user, "is_superuser", False):
        groups = WorkingGroup.objects.filter(
            Q(pk__in=groups.values("pk")) | Q(members=user) | Q(leader=user)
        ).distinct()
    return groups.select_related("organisation", "leader", "season")


def responsible_group(season: Season, org: Organisation) -> WorkingGroup | None:
    """The working group assigned to ``org``, or else to its nearest assigned ancestor."""
    through = WorkingGroup.assigned.through
    link = (
        through.objects.filter(
            workinggroup__season=season,
            workinggroup__kind=GroupKind.WORKING_GROUP,
            organisation__path__in=ancestor_paths(org),
        )
        .select_related("workinggroup")
        .order_by("-organisation__depth", "workinggroup_id")
        .first()
    )
    return link.workinggroup if link is not None else None


def can_report(user: Any, org: Organisation) -> bool:
    """Users of the unit or of an office above it, except viewers, may report a difficulty."""
    return can_edit(user, org)


def may_report_from_list(user: Any, org: Organisation | None) -> bool:
    """Whether the difficulty list offers "report a new one": for ``org``, or (no ``org``) for
    the user's own unit, where the report page would go."""
    if org is None:
        if getattr(user, "is_superuser", False):
            return True
        org = unit_of(user)
        if org is None:
            return False
    return can_report(user, org)


def can_answer(user: Any, difficulty: Difficulty) -> bool:
    """Members of the responsible working group, or office staff of a unit above, may answer."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    group = difficulty.working_group
    if group is not None and (
        group.leader_id == user.pk or group.members.filter(pk=user.pk).exists()
    ):
        return True
    profile = profile_of(user)
    if profile is None or profile.role != Role.OFFICE:
        return False
    org_path = difficulty.organisation.path
    return org_path.startswith(profile.unit.path) and org_path != profile.unit.path


def difficulties_to_answer(user: Any) -> QuerySet[Difficulty]:
    """Difficulties the user may see: their subtree's, plus those of groups they are in."""
    base = Difficulty.objects.all()
    visible = visible_organisations(user)
    if getattr(user, "is_superuser", False):
        qs = base
    else:
        qs = base.filter(
            Q(organisation__in=visible)
            | Q(working_group__members=user)
            | Q(working_group__leader=user)
        ).distinct()
    return qs.select_related("organisation", "working_group", "reported_by")


@transaction.atomic
def report_difficulty(
    user: Any,
    *,
    season: Season,
    org: Organisation,
    title: str,
    body: str,
    due_date: date | None,
) -> Difficulty:
    """A unit reports a difficulty; the responsible working group is attached now."""
    difficulty = Difficulty.objects.create(
        season=season,
        organisation=org,
        title=title.strip(),
        body=body.strip(),
        due_date=due_date,
        working_group=responsible_group(season, org),
        reported_by=user,
    )
    DifficultyEvent.objects.create(
        difficulty=difficulty,
        author=user,
        kind=DifficultyEventKind.REPORTED,
        text=difficulty.body or difficulty.title,
        status_after=DifficultyStatus.OPEN,
    )
    log_change(
        user,
        difficulty,
        "difficulty.report",
        {"title": difficulty.title, "due_date": due_date},
        organisation=org,
    )
    return difficulty


def _move(
    user: Any, difficulty: Difficulty, kind: DifficultyEventKind, text: str, status: str
) -> DifficultyEvent:
    before = difficulty.status
    difficulty.status = status
    difficulty.save(update_fields=["status", "updated_at"])
    event = DifficultyEvent.objects.create(
        difficulty=difficulty, author=user, kind=kind, text=text.strip(), status_after=status
    )
    log_change(
        user,
        difficulty,
        f"difficulty.{kind.value}",
        {"status": [before, status], "text": text.strip()},
        organisation=difficulty.organisation,
    )
    return event


@transaction.atomic
def answer_difficulty(user: Any, difficulty: Difficulty, text: str) -> DifficultyEvent:
    """The responsible group gives guidance; the difficulty becomes answered."""
    return _move(user, difficulty, DifficultyEventKind.ANSWERED, text, DifficultyStatus.ANSWERED)


@transaction.atomic
def comment_difficulty(user: Any, difficulty: Difficulty, text: str) -> DifficultyEvent:
    """A further message from the unit reopens the question if it had been answered."""
    status = difficulty.status
    if status == DifficultyStatus.ANSWERED:
        status = DifficultyStatus.OPEN
    return _move(user, difficulty, DifficultyEventKind.COMMENTED, text, status)


@transaction.atomic
def close_difficulty(user: Any, difficulty: Difficulty, text: str = "") -> DifficultyEvent:
    return _move(user, difficulty, DifficultyEventKind.CLOSED, text, DifficultyStatus.CLOSED)


@transaction.atomic
def reopen_difficulty(user: Any, difficulty: Difficulty, text: str = "") -> DifficultyEvent:
    return _move(user, difficulty, DifficultyEventKind.REOPENED, text, DifficultyStatus.OPEN)


@transaction.atomic
def save_group(
    user: Any,
    group: WorkingGroup,
    *,
    leader: Any,
    members: list[Any],
    assigned: list[Organisation],
) -> WorkingGroup:
    """Save a working group with its people and units, and log what it now is."""
    created = group.pk is None
    group.leader = leader
    group.save()
    group.members.set(members)
    group.assigned.set(assigned)
    log_change(
        user,
        group,
        "group.create" if created else "group.update",
        {
            "name": group.name,
            "kind": group.kind,
            "leader": leader.get_username() if leader else None,
            "members": [m.get_username() for m in members],
            "assigned": [o.code for o in assigned],
        },
        organisation=group.organisation,
    )
    return group
