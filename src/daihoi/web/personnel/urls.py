from django.urls import path

from daihoi.web.personnel import views

app_name = "personnel"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("completeness/", views.completeness, name="completeness"),
    path("export.xlsx", views.export, name="export"),
    path("access-log/", views.access_log, name="access_log"),
    path("import/", views.import_file, name="import"),
    path("import/<int:pk>/", views.import_job, name="import_job"),
    path("import/<int:pk>/apply/", views.import_apply, name="import_apply"),
    path("plans/", views.plan_index, name="plan_index"),
    path("congress/<int:congress>/plan/", views.plan, name="plan"),
    path(
        "congress/<int:congress>/plan.xlsx",
        views.plan_report,
        {"kind": "xlsx"},
        name="plan_xlsx",
    ),
    path(
        "congress/<int:congress>/plan.docx",
        views.plan_report,
        {"kind": "docx"},
        name="plan_docx",
    ),
    path("congress/<int:congress>/lists/new/", views.list_new, name="list_new"),
    path("lists/<int:pk>/", views.candidate_list, name="list"),
    path("lists/<int:pk>/risk/", views.list_risk, name="list_risk"),
    path("lists/<int:pk>/preliminary/", views.preliminary, name="preliminary"),
    path("lists/<int:pk>/nominate/", views.nominate, name="nominate"),
    path("nominations/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("nominations/<int:pk>/decide/", views.decide, name="decide"),
    path("nominations/<int:pk>/remove/", views.remove, name="remove"),
    path("targets/<int:season>/", views.targets, name="targets"),
]
