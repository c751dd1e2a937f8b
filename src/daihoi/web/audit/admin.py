from django.contrib import admin

from daihoi.web.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "username", "action", "object_type", "object_repr", "organisation")
    list_filter = ("action", "object_type")
    search_fields = ("username", "object_repr", "organisation__code", "organisation__name")
    list_select_related = ("organisation",)
    date_hierarchy = "at"
    # The log is evidence: it is read here, never edited.
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
