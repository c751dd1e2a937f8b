from django.urls import path

from daihoi.web.accounts import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("users/", views.people, name="people"),
    path("users/new/", views.person_new, name="person_new"),
    path("users/<int:pk>/", views.person_edit, name="person_edit"),
]
