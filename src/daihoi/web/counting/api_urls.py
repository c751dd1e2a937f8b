"""The scanning PC's API (``daihoi station watch``), at /api/station/."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.api_station, name="api_station"),
    path("uploads/", views.api_upload, name="api_upload"),
]
