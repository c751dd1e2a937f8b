from django.urls import path

from . import views

app_name = "counting"
urlpatterns = [
    path("elections/<int:election>/", views.station, name="station"),
]
