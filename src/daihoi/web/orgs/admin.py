from django.contrib import admin
from django.http import HttpRequest

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
