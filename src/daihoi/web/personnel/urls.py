from django.urls import path

from daihoi.web.personnel import views

app_name = "personnel"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("completeness/", views.completeness, name="completeness"),
    path("export.xlsx", views.export, name="export"),
    path("access-log/", views.access_log, name="access_log"),
    path("import/", views.import_file, name="import"),
    path("import/<int:pk>/", views.import_job, name="import_job"),
    path("import/<int:pk>/apply/", views.import_apply, name="import_apply"),
]
