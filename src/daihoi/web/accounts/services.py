"""The accounts app's services: the accounts an office manages, and every change to them with
its audit entry. Views call these; the permission checks (who is office staff of what) live in
``scope``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404

from daihoi.web.audit.models import Action
from daihoi.web.audit.services import log_change
from daihoi.web.core.versions import fingerprint
from daihoi.web.orgs.models import Organisation

from .models import Profile
from .scope import scope_queryset


def managed_users(office: Any) -> QuerySet[User]:
    """Accounts ``office`` may manage: profiles under their unit, never superusers."""
    # One join on the profile's unit path (an IN over a subquery of profiles let PostgreSQL,
    # without statistics yet, pick a plan that ran for minutes on the demo's accounts).
    users = User.objects.filter(is_superuser=False, profile__isnull=False)
    return (
        scope_queryset(users, office, "profile__unit")
        .select_related("profile", "profile__unit")
        .order_by("profile__unit__path", "username")
    )


def get_managed_user_or_404(office: Any, pk: Any) -> User:
    try:
        return managed_users(office).get(pk=pk)
    except (User.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy người dùng.") from exc


@transaction.atomic
def create_person(
    request: Any,
    *,
    username: str,
    password: str,
    first_name: str,
    last_name: str,
    is_active: bool,
    unit: Organisation,
    role: str,
) -> User:
    """A new account with its profile at ``unit``, recorded in the audit log."""
    person = User.objects.create_user(
        username,
        password=password,
        first_name=first_name,
        last_name=last_name,
        is_active=is_active,
    )
    profile = Profile.objects.create(user=person, unit=unit, role=role)
    log_change(
        request,
        profile,
        Action.CREATE,
        {
            "user": [None, person.username],
            "unit": [None, profile.unit.code],
            "role": [None, profile.role],
        },
    )
    return person


def person_version(person: User) -> str:
    """The version of what the account form changes (``core.versions``); the password's hash
    is in it (a new password is a change) but cannot be read back from it."""
    profile = person.profile
    return fingerprint(
        "accounts.Person",
        person.pk,
        person.last_name,
        person.first_name,
        person.is_active,
        person.password,
        profile.unit_id,
        profile.role,
    )


@transaction.atomic
def update_person(
    request: Any,
    person: User,
    *,
    first_name: str,
    last_name: str,
    is_active: bool,
    unit: Organisation | None,
    role: str,
    password: str,
    version: str | None = None,
) -> dict[str, list[object]] | None:
    """Change an account and its profile; the audit log gets each changed field (that the
    password changed, never its value).

    With the ``version`` the form was filled in from: None, and nothing written, when someone
    changed the account since. Only the form's columns are written (never ``last_login``).
    """
    # Both rows locked (one by one: PostgreSQL locks no outer-joined row), then compared.
    current = User.objects.select_for_update().get(pk=person.pk)
    current.profile = Profile.objects.select_for_update().get(user_id=person.pk)
    if version is not None and person_version(current) != version:
        return None
    profile = person.profile
    wanted = {"last_name": last_name, "first_name": first_name, "is_active": is_active}
    changes: dict[str, list[object]] = {}
    for field, value in wanted.items():
        if getattr(person, field) != value:
            changes[field] = [getattr(person, field), value]
            setattr(person, field, value)
    if unit is not None and unit.pk != profile.unit_id:
        changes["unit"] = [profile.unit.code, unit.code]
        profile.unit = unit
    if role != profile.role:
        changes["role"] = [profile.role, role]
        profile.role = role
    if password:
        person.set_password(password)
        changes["password"] = ["…", "…"]  # that it changed, never the value
    person.save(update_fields=["last_name", "first_name", "is_active", "password"])
    profile.save(update_fields=["unit", "role"])
    if changes:
        log_change(request, profile, Action.UPDATE, changes)
    return changes
