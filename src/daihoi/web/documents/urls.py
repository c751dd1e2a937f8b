from django.urls import path

from daihoi.web.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.index, name="index"),
    path("congress/<int:congress>/", views.congress_drafts, name="congress"),
    path("<int:pk>/", views.draft, name="draft"),
    path("<int:pk>/diff/", views.diff, name="diff"),
    path("versions/<int:pk>/", views.version, name="version"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/minutes/", views.minutes, name="minutes"),
    path("rounds/<int:pk>/poster.pdf", views.poster, name="poster"),
    path("rounds/<int:pk>/report.docx", views.report, name="report"),
    path("rounds/<int:pk>/subround/", views.subround, name="subround"),
    path("rounds/<int:pk>/send-up/", views.send_up, name="send_up"),
    path("imports/<int:pk>/", views.import_job, name="import_job"),
    path("reports/<int:pk>/", views.report_job, name="report_job"),
    path("groups/<int:pk>/answer/", views.answer, name="answer"),
    path("p/<str:token>/", views.public, name="public"),
    path("r/<str:token>/", views.receipt, name="receipt"),
]
