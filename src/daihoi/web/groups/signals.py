"""Bump the season's revision when a working group or a difficulty changes (see
``daihoi.web.season.signals``): the dashboard shows both, from a cache keyed on it."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from daihoi.web.season.services import bump_revision

from .models import Difficulty, WorkingGroup


@receiver(post_save, sender=Difficulty)
@receiver(post_delete, sender=Difficulty)
@receiver(post_save, sender=WorkingGroup)
@receiver(post_delete, sender=WorkingGroup)
def group_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    bump_revision(getattr(instance, "season_id", None))


@receiver(m2m_changed, sender=WorkingGroup.assigned.through)
def assignment_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, WorkingGroup):
        bump_revision(instance.season_id)
