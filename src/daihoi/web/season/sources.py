"""Where each figure of a congress's results came from, and the rule between them.

A figure counted at the congress's station (the elected, the delegates, attendance) is
``counted``; one typed on the congress form is ``typed``, one from a spreadsheet ``excel``; the
personnel lists and a station's results bundle come with their issues. A typed or imported value
never overwrites a counted one: the form shows counted figures read-only, and an import skips
them (saying which).
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from daihoi.web.audit.services import log_change

from .models import Congress


class FigureSource(models.TextChoices):
    TYPED = "typed", _("nhập tay")
    EXCEL = "excel", _("nhập từ Excel")
    COUNTED = "counted", _("kết quả kiểm phiếu")
    PERSONNEL = "personnel", _("danh sách nhân sự")
    BUNDLE = "bundle", _("gói kết quả của trạm kiểm phiếu")
    # Counted, then the count was reopened by the head of the counting committee: the figure
    # waits for the new confirmation, which writes it again as counted.
    REOPENED = "reopened", _("kết quả kiểm phiếu đang mở lại")


# Sources a person's typing or a spreadsheet may not overwrite.
LOCKED = (FigureSource.COUNTED, FigureSource.BUNDLE, FigureSource.REOPENED)


def source_of(congress: Congress, field: str) -> str | None:
    return (congress.figure_sources or {}).get(field)


def locked_fields(congress: Congress) -> set[str]:
    """The figures a form or an import may not change (counted at the station)."""
    return {f for f, s in (congress.figure_sources or {}).items() if s in LOCKED}


def mark(congress: Congress, fields: Any, source: str) -> None:
    """Record ``source`` for ``fields`` (not saved)."""
    sources = dict(congress.figure_sources or {})
    for name in fields:
        if sources.get(name) in LOCKED and source not in LOCKED:
            continue
        sources[name] = source
    congress.figure_sources = sources


@transaction.atomic
def record_counted(user: Any, congress: Congress, values: dict[str, Any]) -> dict[str, Any]:
    """Write figures counted at the station onto the congress, as ``counted``; log what changed."""
    return _record(user, congress, values, FigureSource.COUNTED, kept=(), action="congress.counted")


# Sources a station's results bundle received by this office may not overwrite: what this
# server's own station counted (a bundle is a copy of a count made elsewhere).
OWN_COUNT = (FigureSource.COUNTED, FigureSource.REOPENED)


@transaction.atomic
def record_bundle(user: Any, congress: Congress, values: dict[str, Any]) -> dict[str, Any]:
    """Write figures from a station's results bundle onto the congress, as ``bundle``; log what
    changed. A figure counted at this server's own station is kept (skipped); typed, Excel or
    earlier bundle values are replaced. Returns ``{field: [old, new]}`` of what changed."""
    return _record(
        user, congress, values, FigureSource.BUNDLE, kept=OWN_COUNT, action="congress.bundle"
    )


def _record(
    user: Any,
    congress: Congress,
    values: dict[str, Any],
    source: str,
    *,
    kept: tuple[str, ...],
    action: str,
) -> dict[str, Any]:
    """Write ``values`` as from ``source`` (the figures whose source is in ``kept`` skipped),
    with the congress's row locked; log what changed under ``action``."""
    congress = Congress.objects.select_for_update().get(pk=congress.pk)
    sources = congress.figure_sources or {}
    taken = {name: v for name, v in values.items() if sources.get(name) not in kept}
    changes = {
        name: [getattr(congress, name), value]
        for name, value in taken.items()
        if getattr(congress, name) != value
    }
    for name, value in taken.items():
        setattr(congress, name, value)
    mark(congress, taken, source)
    congress.save()
    if changes:
        log_change(user, congress, action, changes, organisation=congress.organisation)
    return changes


@transaction.atomic
def mark_reopened(user: Any, congress: Congress, fields: Any) -> list[str]:
    """Mark the counted ``fields`` of the congress as from a reopened count (values kept, still
    locked against typing, until the count is confirmed again); log which."""
    congress = Congress.objects.select_for_update().get(pk=congress.pk)
    sources = dict(congress.figure_sources or {})
    marked = [f for f in fields if sources.get(f) == FigureSource.COUNTED]
    if not marked:
        return []
    for name in marked:
        sources[name] = FigureSource.REOPENED
    congress.figure_sources = sources
    congress.save(update_fields=["figure_sources"])
    log_change(
        user,
        congress,
        "congress.counted_reopened",
        {name: [FigureSource.COUNTED, FigureSource.REOPENED] for name in marked},
        organisation=congress.organisation,
    )
    return marked
