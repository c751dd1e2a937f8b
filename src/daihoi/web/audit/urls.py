from django.urls import path

from daihoi.web.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.index, name="index"),
]
