"""What a user may see and change: their unit and everything under it.

Every view goes through these functions. Out of scope is a 404, not a 403, so that a user cannot
learn that another unit's page exists; 403 is for something visible but not editable.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from daihoi.web.accounts.models import Profile, Role
from daihoi.web.orgs.models import Organisation

M = TypeVar("M", bound=Model)


def profile_of(user: Any) -> Profile | None:
    """The user's profile with its unit, or None (anonymous, or no profile). Cached on the user."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_daihoi_profile", False)
    if cached is not False:
        return cached  # type: ignore[no-any-return]
    profile = Profile.objects.select_related("unit").filter(user_id=user.pk).first()
    user._daihoi_profile = profile
    return profile


def unit_of(user: Any) -> Organisation | None:
    """The user's own unit (None for superusers without a profile and for strangers)."""
    profile = profile_of(user)
    return profile.unit if profile is not None else None


def role_of(user: Any) -> Role | None:
    profile = profile_of(user)
    return Role(profile.role) if profile is not None else None


def _is_superuser(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_superuser)


def visible_organisations(user: Any) -> QuerySet[Organisation]:
    """The user's unit and everything under it; all for superusers; none without a profile."""
    if _is_superuser(user):
        return Organisation.objects.all()
    unit = unit_of(user)
    if unit is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(path__startswith=unit.path)


def can_view(user: Any, org: Organisation) -> bool:
    if _is_superuser(user):
        return True
    unit = unit_of(user)
    return unit is not None and org.path.startswith(unit.path)


def can_edit(user: Any, org: Organisation) -> bool:
    """Visible and the user's role may change things (viewers never edit)."""
    if _is_superuser(user):
        return True
    role = role_of(user)
    return role is not None and role != Role.VIEWER and can_view(user, org)


def is_office(user: Any) -> bool:
    """Office staff (or a superuser): may import organisations and read the audit log."""
    return _is_superuser(user) or role_of(user) == Role.OFFICE


def can_manage(user: Any, org: Organisation) -> bool:
    """May change the organisation tree at ``org`` (import, edit names): office staff only."""
    return is_office(user) and can_view(user, org)


def get_visible_org_or_404(user: Any, pk: Any = None, *, edit: bool = False) -> Organisation:
    """The organisation ``pk`` if the user may see it (404 otherwise); 403 if ``edit`` and not editable.

    With no ``pk`` (``None`` or ``""``, e.g. a missing ``?org=``): the user's own unit, or the
    first root for a superuser without one; 404 for an account with no unit.
    """
    if pk is None or pk == "":
        org = unit_of(user)
        if org is None and _is_superuser(user):
            org = Organisation.objects.get_first_root_node()
        if org is None:
            raise Http404(_("Tài khoản chưa được gán vào đơn vị nào."))
    else:
        try:
            org = visible_organisations(user).get(pk=pk)
        except (Organisation.DoesNotExist, ValueError, TypeError) as exc:
            raise Http404("Không tìm thấy tổ chức.") from exc
    if edit and not can_edit(user, org):
        raise PermissionDenied("Bạn không có quyền sửa tổ chức này.")
    return org


def require_office(user: Any, org: Organisation) -> None:
    """403 unless the user is office staff who may change ``org`` (seasons, working groups)."""
    if not (is_office(user) and can_edit(user, org)):
        raise PermissionDenied(_("Chỉ cán bộ văn phòng của đơn vị được làm việc này."))


def scope_queryset(
    qs: QuerySet[M], user: Any, org_field: str | None = "organisation"
) -> QuerySet[M]:
    """Filter ``qs`` to rows whose ``org_field`` lies in the user's subtree.

    ``org_field`` is the path to an Organisation foreign key (``"organisation"``,
    ``"congress__organisation"``); pass ``None`` or ``""`` when ``qs`` is of organisations.
    """
    if _is_superuser(user):
        return qs
    unit = unit_of(user)
    if unit is None:
        return qs.none()
    lookup = f"{org_field}__path__startswith" if org_field else "path__startswith"
    return qs.filter(**{lookup: unit.path})
