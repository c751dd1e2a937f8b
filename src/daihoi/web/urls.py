from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("daihoi.web.accounts.urls")),
    path("orgs/", include("daihoi.web.orgs.urls")),
    path("season/", include("daihoi.web.season.urls")),
    path("", include("daihoi.web.dashboard.urls")),
]
