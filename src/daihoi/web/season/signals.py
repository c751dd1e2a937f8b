"""Bump a season's revision whenever something its dashboard shows changes.

The dashboard caches its figures under a key that includes the revision (see
``daihoi.web.dashboard.cache``), so any save or delete — through the pages, the services or the
Django admin — makes the next request recompute them. The groups app does the same for working
groups and difficulties.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from daihoi.web.orgs.models import Organisation
from daihoi.web.orgs.tree import organisations_added

from .models import Congress, Season, SeasonDeadline
from .services import bump_revision, give_new_organisations_congresses


@receiver(post_save, sender=Congress)
@receiver(post_delete, sender=Congress)
@receiver(post_save, sender=SeasonDeadline)
@receiver(post_delete, sender=SeasonDeadline)
def season_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    bump_revision(getattr(instance, "season_id", None))


@receiver(post_save, sender=Organisation)
@receiver(post_delete, sender=Organisation)
def tree_changed(sender: Any, **kwargs: Any) -> None:
    # Names and children appear on every dashboard; organisations change rarely.
    Season.objects.update(revision=F("revision") + 1)


@receiver(post_save, sender=Organisation)
def organisation_created(
    sender: Any, instance: Organisation, created: bool = False, raw: bool = False, **kwargs: Any
) -> None:
    """One organisation added (the tree page, the admin): its congress in the current season."""
    if created and not raw:
        give_new_organisations_congresses([instance.code])


@receiver(organisations_added)
def organisations_imported(sender: Any, organisations: list[Organisation], **kwargs: Any) -> None:
    """Many added at once (an import's bulk insert sends no post_save): the same for each."""
    give_new_organisations_congresses([o.code for o in organisations])
