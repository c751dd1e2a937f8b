from django.urls import path

from . import views

app_name = "elections"
urlpatterns = [
    path("<int:congress>/day/", views.congress_day, name="day"),
    path("elections/<int:pk>/", views.election_detail, name="election"),
]
