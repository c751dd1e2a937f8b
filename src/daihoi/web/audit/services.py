"""Recording changes in the audit log: the audit app's services (``log_change``, ``diff_fields``)."""

from __future__ import annotations

import datetime
import decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.http import HttpRequest

from daihoi.web.audit.models import AuditEntry
from daihoi.web.orgs.models import Organisation


def log_change(
    request_or_user: HttpRequest | AbstractBaseUser | AnonymousUser | None,
    obj: models.Model | None,
    action: str,
    changes: dict[str, Any] | None = None,
    *,
    organisation: Organisation | None = None,
) -> AuditEntry:
    """Record that ``request.user`` (or the user given) did ``action`` on ``obj``.

    The entry is placed in the tree at ``organisation``, or else at ``obj`` itself when it is an
    organisation, or at ``obj.organisation`` / ``obj.unit`` when it has one. ``changes`` maps a
    field to ``[old, new]`` (or any JSON-able summary); dates and decimals become text.
    """
    user = getattr(request_or_user, "user", request_or_user)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if organisation is None and obj is not None:
        organisation = _organisation_of(obj)
    return AuditEntry.objects.create(
        user=user,
        username=user.get_username() if user is not None else "",
        organisation=organisation,
        action=str(action),
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        changes=_jsonable(changes or {}),
    )


def diff_fields(old: models.Model, new: models.Model, fields: list[str]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for each of ``fields`` whose value differs between two objects."""
    out: dict[str, list[Any]] = {}
    for name in fields:
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            out[name] = [before, after]
    return out


def _organisation_of(obj: models.Model) -> Organisation | None:
    if isinstance(obj, Organisation):
        return obj if obj.pk is not None else None
    for attr in ("organisation", "unit"):
        value = getattr(obj, attr, None)
        if isinstance(value, Organisation):
            return value
    return None


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
