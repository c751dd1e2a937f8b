from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

admin.site.site_header = "daihoi — quản trị"
admin.site.site_title = "daihoi"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("accounts/", include("daihoi.web.accounts.urls")),
    path("orgs/", include("daihoi.web.orgs.urls")),
    path("audit/", include("daihoi.web.audit.urls")),
    path("season/", include("daihoi.web.season.urls")),
    path("season/", include("daihoi.web.groups.urls")),
    path("personnel/", include("daihoi.web.personnel.urls")),
    path("documents/", include("daihoi.web.documents.urls")),
    path("congress/", include("daihoi.web.elections.urls")),
    path("counting/", include("daihoi.web.counting.urls")),
    path("imports/", include("daihoi.web.imports.urls")),
    path("api/station/", include("daihoi.web.counting.api_urls")),
    path("packages/", include("daihoi.web.packages.urls")),
    path("agenda/", include("daihoi.web.agenda.urls")),
    path("", include("daihoi.web.dashboard.urls")),
]

handler403 = "daihoi.web.core.errors.permission_denied"
handler404 = "daihoi.web.core.errors.page_not_found"
