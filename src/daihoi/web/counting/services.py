"""The counting app's one bridge to the engines and the scan session."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from daihoi.web.accounts.scope import visible_organisations
from daihoi.web.elections.models import Election


def election_for(user: Any, pk: int) -> Election:
    """The election ``pk`` if ``user`` may see its congress's organisation; else 404."""
    return get_object_or_404(
        Election.objects.select_related("congress__organisation"),
        pk=pk,
        congress__organisation__in=visible_organisations(user),
    )
