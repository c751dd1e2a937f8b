"""Bump a season's revision whenever something its dashboard shows changes.

The dashboard caches its figures under a key that includes the revision (see
``daihoi.web.dashboard.cache``), so any save or delete — through the pages, the services or the
Django admin — makes the next request recompute them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from daihoi.web.orgs.models import Organisation

from .models import Congress, Difficulty, Season, SeasonDeadline, WorkingGroup


def bump(season_id: int | None) -> None:
    if season_id is not None:
        Season.objects.filter(pk=season_id).update(revision=F("revision") + 1)


@receiver(post_save, sender=Congress)
@receiver(post_delete, sender=Congress)
@receiver(post_save, sender=Difficulty)
@receiver(post_delete, sender=Difficulty)
@receiver(post_save, sender=SeasonDeadline)
@receiver(post_delete, sender=SeasonDeadline)
@receiver(post_save, sender=WorkingGroup)
@receiver(post_delete, sender=WorkingGroup)
def season_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    bump(getattr(instance, "season_id", None))


@receiver(m2m_changed, sender=WorkingGroup.assigned.through)
def assignment_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, WorkingGroup):
        bump(instance.season_id)


@receiver(post_save, sender=Organisation)
@receiver(post_delete, sender=Organisation)
def tree_changed(sender: Any, **kwargs: Any) -> None:
    # Names and children appear on every dashboard; organisations change rarely.
    Season.objects.update(revision=F("revision") + 1)
