from django.urls import path

from daihoi.web.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_file, name="import"),
    path("import/<int:pk>/", views.import_job, name="import_job"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/children/", views.children, name="children"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/add/", views.add_child, name="add_child"),
    path("<int:pk>/export.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("<int:pk>/export.csv", views.export, {"fmt": "csv"}, name="export_csv"),
]
