"""Organisation pages: the tree with drill-down, one organisation, edit, import and export.

Every lookup goes through ``accounts.scope``: out of scope is a 404.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
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
    visible_organisations,
)
from daihoi.web.audit.log import diff_fields, log_change
from daihoi.web.audit.models import Action
from daihoi.web.core.once import resent, submit_once
from daihoi.web.orgs import exporter
from daihoi.web.orgs.forms import ImportForm, NewChildForm, OrganisationForm
from daihoi.web.orgs.importer import COLUMN_LABELS
from daihoi.web.orgs.jobs import stalled, submit_import
from daihoi.web.orgs.models import ImportJob, Level, Organisation
from daihoi.web.orgs.tree import descendant_counts

SEARCH_LIMIT = 100


def _children_with_counts(parents: list[Organisation]) -> list[dict[str, object]]:
    """Rows for a table of organisations with the number of units of each lower level under each."""
    if not parents:
        return []
    counts: dict[int, dict[int, int]] = {}
    for depth in {p.depth for p in parents}:
        counts.update(descendant_counts([p for p in parents if p.depth == depth]))
    return [
        {
            "org": p,
            "under": {lv: counts.get(p.pk, {}).get(lv.value, 0) for lv in Level if lv > p.level},
            "under_total": sum(counts.get(p.pk, {}).values()),
        }
        for p in parents
    ]


def _totals_below(org: Organisation, rows: list[dict[str, Any]]) -> list[tuple[Level, int]]:
    """Units of each lower level under ``org``: its children plus what is under each child."""
    totals = {lv: 0 for lv in Level if lv > org.level}
    for row in rows:
        child = row["org"]
        totals[Level(child.level)] = totals.get(Level(child.level), 0) + 1
        for lv, n in row["under"].items():
            totals[lv] = totals.get(lv, 0) + n
    return [(lv, totals[lv]) for lv in sorted(totals)]


def _breadcrumbs(request: HttpRequest, org: Organisation) -> list[Organisation]:
    """Ancestors the user may see (from their own unit down), then ``org``."""
    if request.user.is_superuser:
        return org.ancestors_and_self()
    unit = unit_of(request.user)
    return [
        a for a in org.ancestors_and_self() if unit is not None and a.path.startswith(unit.path)
    ]


def index(request: HttpRequest) -> HttpResponse:
    """The tree from the user's own unit (all roots for a superuser), or search results."""
    q = request.GET.get("q", "").strip()
    visible = visible_organisations(request.user)
    results = None
    if q:
        results = list(
            visible.filter(Q(name__icontains=q) | Q(code__icontains=q)).order_by("path")[
                : SEARCH_LIMIT + 1
            ]
        )
    if request.user.is_superuser:
        tops = list(Organisation.objects.filter(depth=1).order_by("path"))
    else:
        unit = unit_of(request.user)
        tops = [unit] if unit is not None else []
    return render(
        request,
        "orgs/index.html",
        {
            "q": q,
            "results": results[:SEARCH_LIMIT] if results is not None else None,
            "results_truncated": results is not None and len(results) > SEARCH_LIMIT,
            "tops": [
                (
                    row,
                    _children_with_counts(
                        list(Organisation.objects.get_children(row["org"]).order_by("path"))
                    ),
                )
                for row in _children_with_counts(tops)
            ],
            "levels": list(Level),
            "can_import": is_office(request.user),
        },
    )


def children(request: HttpRequest, pk: int) -> HttpResponse:
    """The children of one organisation as rows of the tree (loaded by htmx on expand)."""
    org = get_visible_org_or_404(request.user, pk)
    kids = list(Organisation.objects.get_children(org).order_by("path"))
    return render(
        request, "orgs/_tree_rows.html", {"rows": _children_with_counts(kids), "parent": org}
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_visible_org_or_404(request.user, pk)
    kids = list(Organisation.objects.get_children(org).order_by("path"))
    rows = _children_with_counts(kids)
    return render(
        request,
        "orgs/detail.html",
        {
            "org": org,
            "crumbs": _breadcrumbs(request, org),
            "rows": rows,
            "lower_levels": [lv for lv in Level if lv > org.level],
            "totals": _totals_below(org, rows),
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
    before = Organisation.objects.get(pk=org.pk)
    form = OrganisationForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        changes = diff_fields(before, saved, ["name", "kind", "members"])
        if changes:
            log_change(request, saved, Action.UPDATE, changes)
        messages.success(request, _("Đã lưu thay đổi của %(name)s.") % {"name": saved.name})
        return redirect("orgs:detail", pk=saved.pk)
    return render(
        request, "orgs/edit.html", {"org": org, "form": form, "crumbs": _breadcrumbs(request, org)}
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
            child = Organisation.objects.add_child(parent, instance=new)
            log_change(
                request,
                child,
                Action.CREATE,
                {f: [None, getattr(child, f)] for f in ("code", "name", "level", "kind", "members")}
                | {"parent": [None, parent.code]},
            )
            return reverse("orgs:detail", args=[child.pk])

        return submit_once(request, add, _("Đã thêm %(name)s.") % {"name": new.name})
    return render(
        request,
        "orgs/add_child.html",
        {"org": parent, "form": form, "crumbs": _breadcrumbs(request, parent)},
    )


def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The organisation and everything under it as .xlsx or .csv."""
    org = get_visible_org_or_404(request.user, pk)
    safe_code = re.sub(r"[^A-Za-z0-9._-]+", "_", org.code)
    filename = f"to-chuc-{safe_code}.{fmt}"
    if fmt == "csv":
        response: HttpResponse = StreamingHttpResponse(
            exporter.csv_lines(org), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            exporter.xlsx_bytes(org),
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
            job = submit_import(request.user, upload)
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
        "column_labels": COLUMN_LABELS,
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
        {"job": job, "stalled": stalled(job), "column_labels": COLUMN_LABELS},
    )
