from django.urls import path

from . import views

app_name = "season"
urlpatterns = [
    path("", views.season_list, name="season_list"),
    path("new/", views.season_new, name="season_new"),
    path("<int:pk>/sync/", views.season_sync, name="season_sync"),
    path("congresses/", views.congress_list, name="congress_list"),
    path("congresses/export.xlsx", views.congress_export, name="congress_export"),
    path("congresses/calendar/", views.congress_calendar, name="congress_calendar"),
    path("congresses/update/", views.congress_upload, name="congress_upload"),
    path(
        "congresses/update/<int:pk>/",
        views.congress_upload_preview,
        name="congress_upload_preview",
    ),
    path(
        "congresses/update/<int:pk>/apply/",
        views.congress_upload_apply,
        name="congress_upload_apply",
    ),
    path("congresses/<int:pk>/", views.congress_detail, name="congress_detail"),
    path("congresses/<int:pk>/edit/", views.congress_edit, name="congress_edit"),
    path("congresses/<int:pk>/reopen/", views.congress_reopen, name="congress_reopen"),
    path("congresses/<int:pk>/lessons/", views.congress_lesson, name="congress_lesson"),
]
