from django.contrib import admin
from treebeard.forms import movenodeform_factory

from daihoi.web.orgs.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    # A plain, paginated list: treebeard's TreeAdmin draws the whole tree, too much for 50,000.
    form = movenodeform_factory(Organisation)
    list_display = ("name", "code", "level", "kind", "members")
    list_filter = ("level",)
    search_fields = ("code", "name")
    list_per_page = 100
    ordering = ("path",)
    show_full_result_count = False
