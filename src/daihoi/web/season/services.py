"""The bridge between the season's models and the people using them: which seasons and
congresses a user follows, and every change made with its audit entry. Views (and the apps
above) call these; they never touch the clock themselves (``today`` is passed in)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F, Q, QuerySet

from daihoi.web.accounts.models import Role
from daihoi.web.accounts.scope import profile_of, scope_queryset, unit_of
from daihoi.web.audit import log_change
from daihoi.web.orgs.models import Level, Organisation

from .lifecycle import CongressState, can_reopen
from .models import (
    CONGRESS_FIELDS,
    Congress,
    CongressKind,
    CongressNote,
    CongressStatus,
    CongressUpload,
    Season,
    SeasonDeadline,
)
from .upload_jobs import queue_apply as queue_congress_apply  # noqa: F401
from .upload_jobs import stalled as upload_stalled  # noqa: F401
from .upload_jobs import submit_upload


def ancestor_paths(org: Organisation) -> list[str]:
    """Paths of the root, …, the parent and ``org`` itself (no query)."""
    step = org.steplen
    return [org.path[:i] for i in range(step, len(org.path) + 1, step)]


def bump_revision(season_id: int | None) -> None:
    """Mark the season's data as changed, so cached dashboard figures are recomputed."""
    if season_id is not None:
        Season.objects.filter(pk=season_id).update(revision=F("revision") + 1)


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
        Q(organisation__path__in=ancestor_paths(unit)) | Q(organisation__path__startswith=unit.path)
    ).select_related("organisation")


def visible_congresses(user: Any) -> QuerySet[Congress]:
    return scope_queryset(Congress.objects.all(), user).select_related("organisation", "season")


@transaction.atomic
def save_congress(user: Any, congress: Congress, before: dict[str, Any]) -> dict[str, list[Any]]:
    """Save an already validated congress and log each changed field (``before`` = old values)."""
    changes = {
        name: [before.get(name), getattr(congress, name)]
        for name in CONGRESS_FIELDS
        if before.get(name) != getattr(congress, name)
    }
    from .sources import FigureSource, mark

    mark(congress, changes, FigureSource.TYPED)
    congress.save()
    if changes:
        log_change(user, congress, "congress.update", changes, organisation=congress.organisation)
    return changes


def may_reopen(user: Any, congress: Congress) -> bool:
    """Office staff of a unit strictly above the congress's (or superusers) may take back a
    final state; the unit itself may not undo what it declared."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    profile = profile_of(user)
    if profile is None or profile.role != Role.OFFICE:
        return False
    path = congress.organisation.path
    return path.startswith(profile.unit.path) and path != profile.unit.path


@transaction.atomic
def reopen_congress(user: Any, congress: Congress, target: str, reason: str) -> dict[str, Any]:
    """Take a held congress back to ``target`` (planned or preparing), with the reason logged.

    The held date and the direct-election result go (they belong to a held congress); the old
    values stay in the audit entry. A congress without a planned date keeps its held date as
    the planned one, since a waiting congress needs a date.
    """
    if not can_reopen(congress.state, CongressState(target)):
        raise ValueError(f"cannot reopen {congress.status} to {target}")
    before = congress_values(congress)
    congress.planned_date = congress.planned_date or congress.held_date
    congress.status = CongressStatus(target)
    congress.held_date = None
    congress.secretary_elected_directly = False
    congress.secretary_vote_percent = None
    congress.save()
    changes: dict[str, Any] = {
        name: [before.get(name), getattr(congress, name)]
        for name in CONGRESS_FIELDS
        if before.get(name) != getattr(congress, name)
    }
    log_change(
        user,
        congress,
        "congress.reopen",
        changes | {"reason": reason},
        organisation=congress.organisation,
    )
    return changes


def has_unit(user: Any) -> bool:
    """May open the pages of one's unit (calendar, reminders): a unit, or a superuser."""
    return bool(getattr(user, "is_superuser", False)) or unit_of(user) is not None


def submit_congress_file(user: Any, upload: Any) -> CongressUpload:
    """Keep a filled-in congress list and queue its check (nothing is changed yet)."""
    return submit_upload(user, upload)


def congress_values(congress: Congress) -> dict[str, Any]:
    return {name: getattr(congress, name) for name in CONGRESS_FIELDS}


@transaction.atomic
def add_lesson(user: Any, congress: Congress, text: str) -> CongressNote:
    """Write a lesson learned (rút kinh nghiệm) on a congress."""
    note = CongressNote.objects.create(congress=congress, author=user, text=text.strip())
    log_change(
        user, congress, "congress.lesson", {"text": note.text}, organisation=congress.organisation
    )
    return note


@transaction.atomic
def create_season(
    user: Any,
    office: Organisation,
    *,
    name: str,
    term_start: int,
    term_end: int,
    directive: str,
    starts_on: date,
    deadlines: dict[int, date],
) -> Season:
    """A new season run by ``office``: its deadlines, and a not-yet-planned congress for
    every organisation below the office (written in bulk)."""
    season = Season.objects.create(
        organisation=office,
        name=name.strip(),
        term_start=term_start,
        term_end=term_end,
        directive=directive.strip(),
        starts_on=starts_on,
    )
    SeasonDeadline.objects.bulk_create(
        [SeasonDeadline(season=season, level=level, due_on=due) for level, due in deadlines.items()]
    )
    below = Organisation.objects.filter(path__startswith=office.path, depth__gt=office.depth)
    Congress.objects.bulk_create(
        [
            Congress(season=season, organisation_id=pk, kind=congress_kind_for(level))
            for pk, level in below.values_list("pk", "level").iterator()
        ],
        batch_size=2000,
    )
    log_change(
        user,
        season,
        "season.create",
        {
            "name": season.name,
            "term": season.term_label,
            "directive": season.directive,
            "deadlines": {str(k): v for k, v in deadlines.items()},
        },
        organisation=office,
    )
    return season


def add_missing_congresses(season: Season, root: Organisation) -> int:
    """Creates the congresses of organisations added under ``root`` after the season began."""
    have = Congress.objects.filter(season=season).values("organisation_id")
    missing = Organisation.objects.filter(
        path__startswith=root.path, depth__gt=season.organisation.depth
    ).exclude(pk__in=have)
    created = Congress.objects.bulk_create(
        [Congress(season=season, organisation=o, kind=congress_kind_for(o.level)) for o in missing],
        batch_size=2000,
    )
    return len(created)


def congress_kind_for(level: int) -> CongressKind:
    """Upper-base units and above hold delegates' congresses; bases and cells members'."""
    return CongressKind.DELEGATES if level <= Level.UPPER_BASE else CongressKind.MEMBERS


def give_new_organisations_congresses(codes: list[str]) -> int:
    """Each new organisation gets a not-yet-planned congress in the current season covering it
    (the newest season run by an office above it); none if no season covers it yet.

    Called when organisations are added (one in the tree page, many by an import), inside their
    transaction, so an import that fails leaves no congress behind either.
    """
    seasons = list(Season.objects.select_related("organisation"))  # newest first (Meta)
    if not seasons:
        return 0
    new: list[Organisation] = []
    have: set[tuple[int, int]] = set()
    for start in range(0, len(codes), 5000):  # SQLite caps the parameters of one query
        chunk = list(
            Organisation.objects.filter(code__in=codes[start : start + 5000]).only(
                "pk", "path", "level"
            )
        )
        new += chunk
        have.update(
            Congress.objects.filter(organisation__in=chunk).values_list(
                "season_id", "organisation_id"
            )
        )
    congresses = []
    for org in new:
        season = next(
            (
                s
                for s in seasons
                if org.path.startswith(s.organisation.path) and org.path != s.organisation.path
            ),
            None,
        )
        if season is not None and (season.pk, org.pk) not in have:
            congresses.append(
                Congress(season=season, organisation=org, kind=congress_kind_for(org.level))
            )
    Congress.objects.bulk_create(congresses, batch_size=2000)
    for season_id in {c.season_id for c in congresses}:
        bump_revision(season_id)
    return len(congresses)
