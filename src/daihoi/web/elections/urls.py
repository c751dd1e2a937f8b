from django.urls import path

from . import views

app_name = "elections"
urlpatterns = [
    path("<int:congress>/day/", views.congress_day, name="day"),
    path("<int:congress>/day/sittings/new/", views.sitting_new, name="sitting_new"),
    path("day/sittings/<int:pk>/", views.sitting_edit, name="sitting_edit"),
    path("<int:congress>/day/panel/new/", views.panel_new, name="panel_new"),
    path("day/panel/<int:pk>/delete/", views.panel_delete, name="panel_delete"),
    path("<int:congress>/day/delegates/new/", views.delegate_new, name="delegate_new"),
    path("<int:congress>/day/delegates/paste/", views.delegates_paste, name="delegates_paste"),
    path("<int:congress>/day/delegates/import/", views.delegates_import, name="delegates_import"),
    path("<int:congress>/day/delegates/cards.pdf", views.delegate_cards, name="delegate_cards"),
    path("day/delegates/<int:pk>/", views.delegate_edit, name="delegate_edit"),
    path("<int:congress>/day/attendance/", views.attendance, name="attendance"),
    path("<int:congress>/day/attendance/list/", views.attendance_list, name="attendance_list"),
    path("<int:congress>/day/attendance/mark/", views.attendance_mark, name="attendance_mark"),
    path("<int:congress>/day/elections/new/", views.election_new, name="election_new"),
    path("elections/<int:pk>/", views.election_detail, name="election"),
    path("elections/<int:pk>/edit/", views.election_edit, name="election_edit"),
    path("elections/<int:pk>/candidates/add/", views.candidate_add, name="candidate_add"),
    path("elections/<int:pk>/candidates/paste/", views.candidates_paste, name="candidates_paste"),
    path(
        "elections/<int:pk>/candidates/import/", views.candidates_import, name="candidates_import"
    ),
    path(
        "elections/<int:pk>/candidates/<int:candidate>/delete/",
        views.candidate_delete,
        name="candidate_delete",
    ),
    path("elections/<int:pk>/approval/<str:subject>/", views.approval, name="approval"),
    path("elections/<int:pk>/ballots.pdf", views.ballots, name="ballots"),
    path("from-list/<int:pk>/", views.from_list, name="from_list"),
]
