"""The bridge between the season's models and the people using them: who may do what, and
every change made with its audit entry and history. Views call these; they never touch the
clock themselves (``today`` is passed in)."""

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
    visible_organisations,
)
from daihoi.web.audit import log_change
from daihoi.web.orgs.models import Level, Organisation

from .models import (
    Congress,
    CongressKind,
    CongressNote,
    Difficulty,
    DifficultyEvent,
    DifficultyEventKind,
    DifficultyStatus,
    Season,
    SeasonDeadline,
    WorkingGroup,
)

#: Fields of a congress the edit form may change; the audit log records each that differs.
CONGRESS_FIELDS = [
    "kind", "status", "planned_date", "held_date", "postponed_reason", "is_pilot",
    "direct_secretary", "convened", "present", "committee_size", "women", "under_40",
    "new_members", "secretary_elected_directly", "secretary_vote_percent",
    "delegates_official", "delegates_alternate",
]


def ancestor_paths(org: Organisation) -> list[str]:
    """Paths of the root, …, the parent and ``org`` itself (no query)."""
    step = org.steplen
    return [org.path[:i] for i in range(step, len(org.path) + 1, step)]


def seasons_for(org: Organisation) -> QuerySet[Season]:
    """Seasons run by ``org`` or by an office above it, newest first."""
    return Season.objects.filter(organisation__path__in=ancestor_paths(org)).select_related(
        "organisation"
    )


def choose_season(root: Organisation, season_id: Any = None) -> tuple[Season | None, list[Season]]:
    """The season asked for (if it covers ``root``), else the newest one covering it."""
    seasons = list(seasons_for(root))
    chosen = None
    if season_id not in (None, ""):
        chosen = next((s for s in seasons if str(s.pk) == str(season_id)), None)
    if chosen is None and seasons:
        chosen = seasons[0]
    return chosen, seasons


def visible_seasons(user: Any) -> QuerySet[Season]:
    """Seasons the user follows: run by their unit, above it, or below it."""
    profile = profile_of(user)
    if getattr(user, "is_superuser", False):
        return Season.objects.select_related("organisation")
    if profile is None:
        return Season.objects.none()
    unit = profile.unit
    return Season.objects.filter(
        Q(organisation__path__in=ancestor_paths(unit))
        | Q(organisation__path__startswith=unit.path)
    ).select_related("organisation")


def visible_congresses(user: Any) -> QuerySet[Congress]:
    return scope_queryset(Congress.objects.all(), user).select_related("organisation", "season")


def visible_difficulties(user: Any) -> QuerySet[Difficulty]:
    return scope_queryset(Difficulty.objects.all(), user).select_related(
        "organisation", "working_group", "reported_by"
    )


def visible_groups(user: Any) -> QuerySet[WorkingGroup]:
    """Groups of the user's subtree, and the groups the user is in (their own work)."""
    groups = scope_queryset(WorkingGroup.objects.all(), user)
    if getattr(user, "is_authenticated", False) and not getattr(user, "is_superuser", False):
        groups = WorkingGroup.objects.filter(
            Q(pk__in=groups.values("pk")) | Q(members=user) | Q(leader=user)
        ).distinct()
    return groups.select_related("organisation", "leader", "season")


@transaction.atomic
def save_congress(user: Any, congress: Congress, before: dict[str, Any]) -> dict[str, list[Any]]:
    """Save an already validated congress and log each changed field (``before`` = old values)."""
    changes = {
        name: [before.get(name), getattr(congress, name)]
        for name in CONGRESS_FIELDS
        if before.get(name) != getattr(congress, name)
    }
    congress.save()
    if changes:
        log_change(user, congress, "congress.update", changes, organisation=congress.organisation)
    return changes


def congress_values(congress: Congress) -> dict[str, Any]:
    return {name: getattr(congress, name) for name in CONGRESS_FIELDS}


@transaction.atomic
def add_lesson(user: Any, congress: Congress, text: str) -> CongressNote:
    """Write a lesson learned (rút kinh nghiệm) on a congress."""
    note = CongressNote.objects.create(congress=congress, author=user, text=text.strip())
    log_change(user, congress, "congress.lesson", {"text": note.text},
               organisation=congress.organisation)
    return note


def responsible_group(season: Season, org: Organisation) -> WorkingGroup | None:
    """The working group assigned to ``org``, or else to its nearest assigned ancestor."""
    through = WorkingGroup.assigned.through
    link = (
        through.objects.filter(
            workinggroup__season=season,
            workinggroup__kind="working_group",
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
        difficulty=difficulty, author=user, kind=DifficultyEventKind.REPORTED,
        text=difficulty.body or difficulty.title, status_after=DifficultyStatus.OPEN,
    )
    log_change(user, difficulty, "difficulty.report",
               {"title": difficulty.title, "due_date": due_date}, organisation=org)
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
    log_change(user, difficulty, f"difficulty.{kind.value}",
               {"status": [before, status], "text": text.strip()},
               organisation=difficulty.organisation)
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
def create_season(
    user: Any, office: Organisation, *, name: str, term_start: int, term_end: int,
    directive: str, starts_on: date, deadlines: dict[int, date],
) -> Season:
    """A new season run by ``office``: its deadlines, and a not-yet-planned congress for
    every organisation below the office (written in bulk)."""
    season = Season.objects.create(
        organisation=office, name=name.strip(), term_start=term_start, term_end=term_end,
        directive=directive.strip(), starts_on=starts_on,
    )
    SeasonDeadline.objects.bulk_create(
        [SeasonDeadline(season=season, level=level, due_on=due) for level, due in deadlines.items()]
    )
    below = Organisation.objects.filter(path__startswith=office.path, depth__gt=office.depth)
    Congress.objects.bulk_create(
        [
            Congress(season=season, organisation_id=pk, kind=(
                CongressKind.DELEGATES if level <= Level.UPPER_BASE else CongressKind.MEMBERS))
            for pk, level in below.values_list("pk", "level").iterator()
        ],
        batch_size=2000,
    )
    log_change(user, season, "season.create", {
        "name": season.name, "term": season.term_label, "directive": season.directive,
        "deadlines": {str(k): v for k, v in deadlines.items()},
    }, organisation=office)
    return season


def add_missing_congresses(season: Season, root: Organisation) -> int:
    """Creates the congresses of organisations added under ``root`` after the season began."""
    have = Congress.objects.filter(season=season).values("organisation_id")
    missing = Organisation.objects.filter(
        path__startswith=root.path, depth__gt=season.organisation.depth
    ).exclude(pk__in=have)
    created = Congress.objects.bulk_create(
        [Congress(season=season, organisation=o) for o in missing], batch_size=2000
    )
    return len(created)


@transaction.atomic
def save_group(
    user: Any, group: WorkingGroup, *, leader: Any, members: list[Any],
    assigned: list[Organisation],
) -> WorkingGroup:
    """Save a working group with its people and units, and log what it now is."""
    created = group.pk is None
    group.leader = leader
    group.save()
    group.members.set(members)
    group.assigned.set(assigned)
    log_change(user, group, "group.create" if created else "group.update", {
        "name": group.name, "kind": group.kind,
        "leader": leader.get_username() if leader else None,
        "members": [m.get_username() for m in members],
        "assigned": [o.code for o in assigned],
    }, organisation=group.organisation)
    return group
