"""Log in (throttled) and log out; office staff manage the accounts of their subtree."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from daihoi.web.accounts import services
from daihoi.web.accounts.forms import PersonForm, ThrottledLoginForm
from daihoi.web.accounts.scope import is_office
from daihoi.web.core.versions import refuse_stale, sent_version


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    form_class = ThrottledLoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


def _require_office(request: HttpRequest) -> None:
    if not is_office(request.user):
        raise PermissionDenied(_("Chỉ cán bộ văn phòng mới quản lý được người dùng."))


def people(request: HttpRequest) -> HttpResponse:
    """The accounts of the office's subtree."""
    _require_office(request)
    q = request.GET.get("q", "").strip()
    users = services.managed_users(request.user)
    if q:
        users = users.filter(
            Q(username__icontains=q)
            | Q(first_name__icontains=q)
            | Q(last_name__icontains=q)
            | Q(profile__unit__code=q)
        )
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/people.html", {"page": page, "q": q})


@require_http_methods(["GET", "POST"])
def person_new(request: HttpRequest) -> HttpResponse:
    _require_office(request)
    form = PersonForm(request.POST or None, office=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = services.create_person(
            request,
            username=data["username"],
            password=data["password"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            is_active=data["is_active"],
            unit=form.unit,
            role=data["role"],
        )
        messages.success(
            request, _("Đã tạo tài khoản %(username)s.") % {"username": person.username}
        )
        return redirect("people")
    return render(request, "accounts/person_form.html", {"form": form, "person": None})


@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_office(request)
    person = services.get_managed_user_or_404(request.user, pk)
    profile = person.profile
    initial = {
        "last_name": person.last_name,
        "first_name": person.first_name,
        "unit_code": profile.unit.code,
        "role": profile.role,
        "is_active": person.is_active,
    }
    form = PersonForm(
        request.POST or None,
        office=request.user,
        person=person,
        initial=initial,
        version=services.person_version(person),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = services.update_person(
            request,
            person,
            first_name=data["first_name"],
            last_name=data["last_name"],
            is_active=data["is_active"],
            unit=form.unit,
            role=data["role"],
            password=data["password"],
            version=sent_version(form),
        )
        if changes is not None:
            messages.success(
                request, _("Đã lưu tài khoản %(username)s.") % {"username": person.username}
            )
            return redirect("people")
        # Someone changed the account since this form was filled in: keep this user's input.
        person = services.get_managed_user_or_404(request.user, pk)
        refuse_stale(form, services.person_version(person))
    return render(
        request,
        "accounts/person_form.html",
        {"form": form, "person": person},
        status=400 if form.errors else 200,
    )
