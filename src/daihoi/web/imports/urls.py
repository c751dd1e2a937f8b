from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("congress/<int:congress>/", views.congress_imports, name="congress"),
    path("congress/<int:congress>/register/", views.register, name="register"),
    path("congress/<int:congress>/stations/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("congress/<int:congress>/upload/", views.upload, name="upload"),
    path("congress/<int:congress>/imports/<int:pk>/", views.import_job, name="job"),
]
