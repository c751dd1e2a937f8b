from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("org/<int:pk>/", views.org_dashboard, name="org"),
    path("reminders/", views.reminders, name="reminders"),
    path("org/<int:pk>/export.xlsx", views.export_xlsx, name="export"),
    path("org/<int:pk>/bodies/", views.elected_bodies, name="bodies"),
    path(
        "org/<int:pk>/bodies.xlsx", views.elected_bodies_file, {"kind": "xlsx"}, name="bodies_xlsx"
    ),
    path(
        "org/<int:pk>/bodies.docx", views.elected_bodies_file, {"kind": "docx"}, name="bodies_docx"
    ),
    path("org/<int:pk>/report.pdf", views.report_pdf, name="report"),
]
