from django.urls import path

from daihoi.web.agenda import views

app_name = "agenda"
urlpatterns = [
    path("<int:congress>/", views.agenda, name="agenda"),
    path("<int:congress>/kich-ban.docx", views.script, name="script"),
    path("<int:congress>/targets/", views.targets, name="targets"),
    path("<int:congress>/targets.xlsx", views.targets_xlsx, name="targets_xlsx"),
]
