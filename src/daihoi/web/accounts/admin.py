from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import User
from django.http import HttpRequest

from daihoi.web.accounts.models import LoginFailure, Profile
from daihoi.web.audit.models import Action
from daihoi.web.audit.services import log_change


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    autocomplete_fields = ["unit"]


class UserAdmin(BaseUserAdmin):
    inlines = [ProfileInline]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        befores = {
            p.pk: p for p in Profile.objects.select_related("unit").filter(user_id=form.instance.pk)
        }
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects + [o for o, _ in formset.changed_objects]:
            if isinstance(obj, Profile):
                _log_profile(request, befores.get(obj.pk), obj)

    list_display = (
        "username",
        "first_name",
        "last_name",
        "is_active",
        "is_superuser",
        "role",
        "unit",
    )
    list_select_related = ("profile", "profile__unit")

    @admin.display(description="vai trò")
    def role(self, user: User) -> str:
        profile = getattr(user, "profile", None)
        return profile.get_role_display() if profile else "–"

    @admin.display(description="đơn vị")
    def unit(self, user: User) -> str:
        profile = getattr(user, "profile", None)
        return str(profile.unit) if profile else "–"


admin.site.unregister(User)
admin.site.register(User, UserAdmin)


def _log_profile(request: HttpRequest, before: Profile | None, after: Profile) -> None:
    if before is None:
        changes = {
            "user": [None, after.user.username],
            "unit": [None, after.unit.code],
            "role": [None, after.role],
        }
        log_change(request, after, Action.CREATE, changes)
        return
    changes = {}
    if before.unit_id != after.unit_id:
        changes["unit"] = [before.unit.code, after.unit.code]
    if before.role != after.role:
        changes["role"] = [before.role, after.role]
    if changes:
        log_change(request, after, Action.UPDATE, changes)


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "unit")
    list_filter = ("role",)
    list_select_related = ("user", "unit")
    search_fields = ("user__username", "unit__name", "unit__code")
    autocomplete_fields = ["unit", "user"]

    def save_model(self, request: HttpRequest, obj: Profile, form: Any, change: bool) -> None:
        before = Profile.objects.select_related("unit").filter(pk=obj.pk).first()
        super().save_model(request, obj, form, change)
        _log_profile(request, before, obj)


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    list_display = ("username", "ip", "failures", "first_failure_at", "locked_until")
    search_fields = ("username", "ip")
