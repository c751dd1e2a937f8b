"""The orgs app's services: reading the organisation tree for a user (children with the units
under each, breadcrumbs, search) and changing it, each change with its audit entry. Importing
and exporting organisation files are services too; their code is in ``importer``/``exporter``
(the file format in ``fileformat``), bulk inserts of computed paths in ``tree``.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q

from daihoi.web.accounts.scope import unit_of, visible_organisations
from daihoi.web.audit.models import Action
from daihoi.web.audit.services import diff_fields, log_change
from daihoi.web.core.versions import fingerprint

from .exporter import csv_lines, xlsx_bytes
from .importer import COLUMN_LABELS, apply_import, plan_import
from .jobs import stalled as import_stalled
from .jobs import submit_import
from .models import Level, Organisation
from .tree import descendant_counts

__all__ = [
    "COLUMN_LABELS",
    "add_organisation",
    "apply_import",
    "breadcrumbs",
    "children_of",
    "children_with_counts",
    "csv_lines",
    "import_stalled",
    "organisation_version",
    "plan_import",
    "save_organisation",
    "search",
    "submit_import",
    "top_units",
    "totals_below",
    "xlsx_bytes",
]

SEARCH_LIMIT = 100


def children_with_counts(parents: list[Organisation]) -> list[dict[str, object]]:
    """Rows for a table of organisations with the number of units of each lower level under each."""
    if not parents:
        return []
    counts: dict[int, dict[int, int]] = {}
    for depth in {p.depth for p in parents}:
        counts.update(descendant_counts([p for p in parents if p.depth == depth]))
    return [
        {
            "org": p,
            "under": {lv: counts.get(p.pk, {}).get(lv.value, 0) for lv in Level if lv > p.level},
            "under_total": sum(counts.get(p.pk, {}).values()),
        }
        for p in parents
    ]


def totals_below(org: Organisation, rows: list[dict[str, Any]]) -> list[tuple[Level, int]]:
    """Units of each lower level under ``org``: its children plus what is under each child."""
    totals = {lv: 0 for lv in Level if lv > org.level}
    for row in rows:
        child = row["org"]
        totals[Level(child.level)] = totals.get(Level(child.level), 0) + 1
        for lv, n in row["under"].items():
            totals[lv] = totals.get(lv, 0) + n
    return [(lv, totals[lv]) for lv in sorted(totals)]


def breadcrumbs(user: Any, org: Organisation) -> list[Organisation]:
    """Ancestors the user may see (from their own unit down), then ``org``."""
    if user.is_superuser:
        return org.ancestors_and_self()
    unit = unit_of(user)
    return [
        a for a in org.ancestors_and_self() if unit is not None and a.path.startswith(unit.path)
    ]


def children_of(org: Organisation) -> list[Organisation]:
    return list(Organisation.objects.get_children(org).order_by("path"))


def top_units(user: Any) -> list[Organisation]:
    """Where the user's tree starts: their own unit (every root for a superuser)."""
    if user.is_superuser:
        return list(Organisation.objects.filter(depth=1).order_by("path"))
    unit = unit_of(user)
    return [unit] if unit is not None else []


def search(user: Any, q: str) -> tuple[list[Organisation], bool]:
    """Visible organisations whose name or code holds ``q`` (at most ``SEARCH_LIMIT``), and
    whether there were more."""
    found = list(
        visible_organisations(user)
        .filter(Q(name__icontains=q) | Q(code__icontains=q))
        .order_by("path")[: SEARCH_LIMIT + 1]
    )
    return found[:SEARCH_LIMIT], len(found) > SEARCH_LIMIT


EDITED_FIELDS = ["name", "kind", "members"]


def organisation_version(org: Organisation) -> str:
    """The version of what the edit form changes (``core.versions``)."""
    return fingerprint("orgs.Organisation", org.pk, *(getattr(org, f) for f in EDITED_FIELDS))


@transaction.atomic
def save_organisation(
    request: Any, org: Organisation, version: str | None = None
) -> dict[str, list[Any]] | None:
    """Save an edited organisation (name, kind, members) and log what changed.

    With the ``version`` the form was filled in from: None, and nothing written, when someone
    saved the organisation since. Only the edited columns are written, so a child added at the
    same moment (which changes this row's ``numchild``) is not undone either.
    """
    before = Organisation.objects.select_for_update().get(pk=org.pk)
    if version is not None and organisation_version(before) != version:
        return None
    org.save(update_fields=EDITED_FIELDS)
    changes = diff_fields(before, org, EDITED_FIELDS)
    if changes:
        log_change(request, org, Action.UPDATE, changes)
    return changes


@transaction.atomic
def add_organisation(request: Any, parent: Organisation, new: Organisation) -> Organisation:
    """Add ``new`` under ``parent`` and log it."""
    child: Organisation = Organisation.objects.add_child(parent, instance=new)
    log_change(
        request,
        child,
        Action.CREATE,
        {f: [None, getattr(child, f)] for f in ("code", "name", "level", "kind", "members")}
        | {"parent": [None, parent.code]},
    )
    return child
