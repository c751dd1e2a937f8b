from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("org/<int:pk>/", views.org_dashboard, name="org"),
    path("reminders/", views.reminders, name="reminders"),
    path("org/<int:pk>/export.xlsx", views.export_xlsx, name="export"),
    path("org/<int:pk>/report.pdf", views.report_pdf, name="report"),
]
