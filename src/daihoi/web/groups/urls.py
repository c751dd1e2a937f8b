from django.urls import path

from . import views

# Mounted under /season/ (the addresses these pages had when they were part of the season app).
app_name = "groups"
urlpatterns = [
    path("difficulties/", views.difficulty_list, name="difficulty_list"),
    path("difficulties/new/", views.difficulty_new, name="difficulty_new"),
    path("difficulties/<int:pk>/", views.difficulty_detail, name="difficulty_detail"),
    path("groups/", views.group_list, name="group_list"),
    path("groups/new/", views.group_new, name="group_new"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
]
