from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from daihoi.web.audit.models import Action
from daihoi.web.audit.services import diff_fields, log_change
from daihoi.web.orgs.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """A plain, paginated list. treebeard's TreeAdmin and move form list every node (50,000 here),
    so the place in the tree is read-only here; organisations are added on their parent's page
    or by import, which keep the materialised paths consistent."""

    list_display = ("name", "code", "level", "kind", "members", "depth")
    list_filter = ("level",)
    search_fields = ("code", "name")
    list_per_page = 100
    ordering = ("path",)
    show_full_result_count = False
    fields = ("code", "name", "level", "kind", "members", "path", "depth", "numchild")
    readonly_fields = ("level", "path", "depth", "numchild")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        before = Organisation.objects.filter(pk=obj.pk).first()
        super().save_model(request, obj, form, change)
        if before is not None:
            changes = diff_fields(before, obj, ["code", "name", "kind", "members"])
            if changes:
                log_change(request, obj, Action.UPDATE, changes)

    def delete_model(self, request: HttpRequest, obj: Organisation) -> None:
        parent = Organisation.objects.get_parent(obj)
        log_change(
            request,
            obj,
            Action.DELETE,
            {"code": [obj.code, None], "name": [obj.name, None]},
            organisation=parent,
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            parent = Organisation.objects.get_parent(obj)
            log_change(
                request,
                obj,
                Action.DELETE,
                {"code": [obj.code, None], "name": [obj.name, None]},
                organisation=parent,
            )
        super().delete_queryset(request, queryset)
