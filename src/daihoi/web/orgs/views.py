"""Organisation pages: the tree with drill-down, one organisation, edit, import and export.

Every lookup goes through ``accounts.scope``: out of scope is a 404.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from daihoi.web.accounts.scope import (
    can_manage,
    get_visible_org_or_404,
    is_office,
    unit_of,
)
from daihoi.web.core.once import resent, submit_once
from daihoi.web.core.versions import refuse_stale, sent_version
from daihoi.web.orgs import services
from daihoi.web.orgs.forms import ImportForm, NewChildForm, OrganisationForm
from daihoi.web.orgs.models import ImportJob, Level, Organisation


def index(request: HttpRequest) -> HttpResponse:
    """The tree from the user's own unit (all roots for a superuser), or search results."""
    q = request.GET.get("q", "").strip()
    results, truncated = services.search(request.user, q) if q else (None, False)
    return render(
        request,
        "orgs/index.html",
        {
            "q": q,
            "results": results,
            "results_truncated": truncated,
            "tops": [
                (row, services.children_with_counts(services.children_of(row["org"])))
                for row in services.children_with_counts(services.top_units(request.user))
            ],
            "levels": list(Level),
            "can_import": is_office(request.user),
        },
    )


def children(request: HttpRequest, pk: int) -> HttpResponse:
    """The children of one organisation as rows of the tree (loaded by htmx on expand)."""
    org = get_visible_org_or_404(request.user, pk)
    kids = services.children_of(org)
    return render(
        request,
        "orgs/_tree_rows.html",
        {"rows": services.children_with_counts(kids), "parent": org},
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_visible_org_or_404(request.user, pk)
    kids = services.children_of(org)
    rows = services.children_with_counts(kids)
    return render(
        request,
        "orgs/detail.html",
        {
            "org": org,
            "crumbs": services.breadcrumbs(request.user, org),
            "rows": rows,
            "lower_levels": [lv for lv in Level if lv > org.level],
            "totals": services.totals_below(org, rows),
            "can_manage": can_manage(request.user, org),
        },
    )


def _managed_org_or_404(request: HttpRequest, pk: int) -> Organisation:
    org = get_visible_org_or_404(request.user, pk)
    if not can_manage(request.user, org):
        raise PermissionDenied(_("Chỉ cán bộ văn phòng mới được sửa danh sách tổ chức."))
    return org


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = _managed_org_or_404(request, pk)
    # Taken before the form is bound: validating a ModelForm writes the input into ``org``.
    version = services.organisation_version(org)
    form = OrganisationForm(request.POST or None, instance=org, version=version)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if services.save_organisation(request, saved, sent_version(form)) is not None:
            messages.success(request, _("Đã lưu thay đổi của %(name)s.") % {"name": saved.name})
            return redirect("orgs:detail", pk=saved.pk)
        # Someone saved it since this form was filled in: show theirs, keep this user's input.
        org = _managed_org_or_404(request, pk)
        refuse_stale(form, services.organisation_version(org))
    elif request.method == "POST":
        org = _managed_org_or_404(request, pk)
    return render(
        request,
        "orgs/edit.html",
        {"org": org, "form": form, "crumbs": services.breadcrumbs(request.user, org)},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def add_child(request: HttpRequest, pk: int) -> HttpResponse:
    parent = _managed_org_or_404(request, pk)
    if parent.level >= Level.CELL:
        raise PermissionDenied(_("Chi bộ trực thuộc không có tổ chức cấp dưới."))
    if request.method == "POST" and (first := resent(request)) is not None:
        return first
    form = NewChildForm(request.POST or None, parent=parent)
    if request.method == "POST" and form.is_valid():
        new = form.save(commit=False)

        def add() -> str:
            child = services.add_organisation(request, parent, new)
            return reverse("orgs:detail", args=[child.pk])

        return submit_once(request, add, _("Đã thêm %(name)s.") % {"name": new.name})
    if request.method == "POST" and (first := resent(request)) is not None:
        # The same form, sent at the same moment, was acted on while this copy was checked (and
        # found the code it just added taken): the first result, not a false error.
        return first
    return render(
        request,
        "orgs/add_child.html",
        {"org": parent, "form": form, "crumbs": services.breadcrumbs(request.user, parent)},
    )


def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The organisation and everything under it as .xlsx or .csv."""
    org = get_visible_org_or_404(request.user, pk)
    safe_code = re.sub(r"[^A-Za-z0-9._-]+", "_", org.code)
    filename = f"to-chuc-{safe_code}.{fmt}"
    if fmt == "csv":
        response: HttpResponse = StreamingHttpResponse(
            services.csv_lines(org), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            services.xlsx_bytes(org),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
def import_file(request: HttpRequest) -> HttpResponse:
    """Upload an organisation file; the task worker checks and applies it (see ``jobs``)."""
    if not is_office(request.user):
        raise PermissionDenied(_("Chỉ cán bộ văn phòng mới được nhập danh sách tổ chức."))
    unit = unit_of(request.user)
    if request.method == "POST" and (first := resent(request)) is not None:
        return first
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]

        def submit() -> str:
            job = services.submit_import(request.user, upload)
            return reverse("orgs:import_job", args=[job.pk])

        return submit_once(
            request,
            submit,
            _("Đã nhận tệp %(file)s: đang kiểm tra và nhập.") % {"file": upload.name},
        )
    recent = ImportJob.objects.filter(user=request.user)[:10]
    context: dict[str, object] = {
        "form": form,
        "unit": unit,
        "column_labels": services.COLUMN_LABELS,
        "recent": recent,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "orgs/import.html", context, status=status)


def _own_job_or_404(request: HttpRequest, pk: int) -> ImportJob:
    """A job is seen by the one who sent it (and superusers); to anyone else it does not exist."""
    jobs = ImportJob.objects.all()
    if not request.user.is_superuser:
        jobs = jobs.filter(user=request.user)
    return get_object_or_404(jobs, pk=pk)


@require_http_methods(["GET"])
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """The state of one import; refreshes itself (htmx) until the worker is done."""
    job = _own_job_or_404(request, pk)
    template = "orgs/_import_job.html" if request.htmx else "orgs/import_job.html"
    return render(
        request,
        template,
        {"job": job, "stalled": services.import_stalled(job)},
    )
