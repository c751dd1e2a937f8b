from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import User

from daihoi.web.accounts.models import LoginFailure, Profile


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    autocomplete_fields = ["unit"]


class UserAdmin(BaseUserAdmin):
    inlines = [ProfileInline]
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


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "unit")
    list_filter = ("role",)
    list_select_related = ("user", "unit")
    search_fields = ("user__username", "unit__name", "unit__code")
    autocomplete_fields = ["unit", "user"]


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    list_display = ("username", "ip", "failures", "first_failure_at", "locked_until")
    search_fields = ("username", "ip")
