"""The season's structural targets (chỉ tiêu cơ cấu) per level: the stored rows, their defaults,
the office's edits, and the ``Targets`` the checks take."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from daihoi.personnel_rules import Targets
from daihoi.personnel_rules.retirement import RetirementSchedule
from daihoi.web.accounts.scope import can_edit, is_office, require_office
from daihoi.web.audit.models import Action
from daihoi.web.audit.services import log_change
from daihoi.web.orgs.models import Level
from daihoi.web.personnel.models import StructuralTargets
from daihoi.web.season.models import Congress, Season


def default_targets(season: Season, level: int) -> StructuralTargets:
    """The targets of a level that the office has not set: the domain's defaults; at base
    level and below the young band is under 35 and the theory level elementary."""
    row = StructuralTargets(season=season, level=level)
    if level >= Level.BASE:
        row.young_age = 35
        row.theory_level = "so_cap"
    elif level <= Level.PROVINCE:
        row.theory_level = "cao_cap"
    return row


def targets_rows(season: Season) -> list[StructuralTargets]:
    saved = {t.level: t for t in season.structural_targets.all()}
    return [saved.get(level) or default_targets(season, level) for level in Level.values]


def targets_row(season: Season, level: int) -> StructuralTargets:
    found = StructuralTargets.objects.filter(season=season, level=level).first()
    return found or default_targets(season, level)


def _fraction(percent: Decimal) -> Fraction:
    return Fraction(percent) / 100


def targets_of(row: StructuralTargets) -> Targets:
    return Targets(
        min_surplus=_fraction(row.min_surplus_percent),
        max_surplus=_fraction(row.max_surplus_percent),
        small_from=row.small_from,
        small_to=row.small_to,
        small_max_extra=row.small_max_extra,
        renewal=_fraction(row.renewal_percent),
        women=_fraction(row.women_percent),
        young=_fraction(row.young_percent),
        young_age=row.young_age,
        reelect_months=row.reelect_months,
        first_time_months=row.first_time_months,
        theory_level=row.theory_level,
        theory_share=_fraction(row.theory_percent),
        men=RetirementSchedule(
            row.men_start_year, row.men_start_months, row.men_step_months, row.men_final_months
        ),
        women_schedule=RetirementSchedule(
            row.women_start_year,
            row.women_start_months,
            row.women_step_months,
            row.women_final_months,
        ),
    )


def can_edit_targets(user: Any, season: Season) -> bool:

    return is_office(user) and can_edit(user, season.organisation)


TARGET_FIELDS = [
    f.name
    for f in StructuralTargets._meta.get_fields()
    if f.concrete and f.name not in ("id", "season", "level", "updated_at")
]


def save_targets(user: Any, row: StructuralTargets, data: dict[str, Any]) -> StructuralTargets:
    """Save the office's targets for one level; the audit entry lists what changed."""
    require_office(user, row.season.organisation)
    changes = {}
    for name in TARGET_FIELDS:
        old, new = getattr(row, name), data[name]
        if row.pk is None or old != new:
            changes[name] = [old, new]
        setattr(row, name, new)
    row.save()
    log_change(
        user,
        row,
        Action.UPDATE,
        {"level": row.level, **changes},
        organisation=row.season.organisation,
    )
    return row


def congress_targets(congress: Congress) -> Targets:
    return targets_of(targets_row(congress.season, congress.organisation.level))


def congress_date(congress: Congress) -> date:
    """The date ages are counted on: held, else planned, else 1 October of the term's start."""
    return congress.held_date or congress.planned_date or date(congress.season.term_start, 10, 1)
