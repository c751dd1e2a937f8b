"""Personnel pages: the list, one record (logged), completeness, export (logged), the access
log, and the import with its job page. Access is decided in ``services``."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from daihoi.web.accounts.scope import get_visible_org_or_404, is_office
from daihoi.web.core.once import resent, submit_once
from daihoi.web.personnel import services
from daihoi.web.personnel.forms import ImportForm
from daihoi.web.personnel.models import PersonImport


def index(request: HttpRequest) -> HttpResponse:
    org = get_visible_org_or_404(request.user, request.GET.get("org"))
    page = Paginator(services.listed_people(request.user, org), 200).get_page(
        request.GET.get("page")
    )
    people = list(page.object_list)
    return render(
        request,
        "personnel/index.html",
        {
            "org": org,
            "page": page,
            "people": people,
            "readable": services.readable_ids(request.user, people),
            "can_read": services.can_read_unit(request.user, org),
            "can_import": services.can_import(request.user),
            "is_office": is_office(request.user),
        },
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = services.read_profile(request.user, pk)
    return render(
        request,
        "personnel/detail.html",
        {"person": person, "memberships": person.memberships.all()},
    )


def completeness(request: HttpRequest) -> HttpResponse:
    org = get_visible_org_or_404(request.user, request.GET.get("org"))
    return render(
        request,
        "personnel/completeness.html",
        {
            "org": org,
            "fields": list(services.KEY_FIELDS.values()),
            "rows": services.completeness(request.user, org),
        },
    )


def export(request: HttpRequest) -> HttpResponse:
    org = get_visible_org_or_404(request.user, request.GET.get("org"))
    data = services.export_xlsx(request.user, org)
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", org.code)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="nhan-su-{safe}.xlsx"'
    return response


def access_log(request: HttpRequest) -> HttpResponse:
    entries = Paginator(services.access_log_for(request.user), 100).get_page(
        request.GET.get("page")
    )
    return render(request, "personnel/access_log.html", {"page": entries})


@require_http_methods(["GET", "POST"])
def import_file(request: HttpRequest) -> HttpResponse:
    if not services.can_import(request.user):
        raise PermissionDenied(_("Chỉ cán bộ văn phòng và tiểu ban nhân sự mới được nhập hồ sơ."))
    if request.method == "POST" and (first := resent(request)) is not None:
        return first
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]

        def submit() -> str:
            job = services.submit_import(request.user, upload)
            return reverse("personnel:import_job", args=[job.pk])

        return submit_once(
            request, submit, _("Đã nhận tệp %(file)s: đang kiểm tra.") % {"file": upload.name}
        )
    return render(
        request,
        "personnel/import.html",
        {"form": form, "recent": PersonImport.objects.filter(user=request.user)[:10]},
        status=400 if request.method == "POST" else 200,
    )


def _own_job_or_404(request: HttpRequest, pk: int) -> PersonImport:
    jobs = PersonImport.objects.all()
    if not request.user.is_superuser:
        jobs = jobs.filter(user=request.user)
    return get_object_or_404(jobs, pk=pk)


@require_http_methods(["GET"])
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """One import: progress (htmx refresh while the worker runs), problems, or the preview."""
    job = _own_job_or_404(request, pk)
    template = "personnel/_import_job.html" if request.htmx else "personnel/import_job.html"
    return render(request, template, {"job": job, "labels": services.change_labels()})


@require_POST
def import_apply(request: HttpRequest, pk: int) -> HttpResponse:
    job = _own_job_or_404(request, pk)
    services.confirm_import(request.user, job)
    return redirect("personnel:import_job", pk=job.pk)
