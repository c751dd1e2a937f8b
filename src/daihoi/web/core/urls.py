from django.urls import path

from daihoi.web.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
]
