from django.urls import path

from . import views

app_name = "packages"
urlpatterns = [
    path("congress/<int:congress>/", views.export_page, name="export"),
    path("congress/<int:congress>/package.zip", views.export_zip, name="export_zip"),
    path("congress/<int:congress>/letter.pdf", views.letter_pdf, name="letter"),
    path("receive/", views.receive, name="receive"),
    path("receive/<int:pk>/", views.confirm, name="confirm"),
    path("station-key/", views.station_key, name="station_key"),
]
