"""The congress's bundles page: register the station's key, send its results bundle, see what
was received and why a bundle was refused. Office staff of the congress's organisation (or
above) act; everyone who sees the congress sees the page; others get a 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from daihoi.web.core.once import resent, submit_once

from . import services
from .forms import BundleForm, RegistrationForm
from .models import BundleImport, StationRegistration


def _congress(request: HttpRequest, pk: int, *, manage: bool = False) -> Any:
    congress = services.congress_or_404(request.user, pk)
    if manage and not services.may_manage(request.user, congress):
        raise PermissionDenied(
            _("Chỉ cán bộ văn phòng của đơn vị (hoặc cấp trên) được đăng ký khoá và nhận gói.")
        )
    return congress


def _page(
    request: HttpRequest,
    congress: Any,
    *,
    registration_form: RegistrationForm | None = None,
    bundle_form: BundleForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "imports/congress_imports.html",
        {
            "congress": congress,
            "may_manage": services.may_manage(request.user, congress),
            "registrations": congress.station_registrations.select_related(
                "registered_by", "revoked_by"
            ),
            "imports": services.history(congress)[:50],
            "registration_form": registration_form or RegistrationForm(),
            "bundle_form": bundle_form or BundleForm(),
            "latest": services.bundle_results(congress),
        },
        status=status,
    )


@login_required
def congress_imports(request: HttpRequest, congress: int) -> HttpResponse:
    return _page(request, _congress(request, congress))


@login_required
@require_POST
def register(request: HttpRequest, congress: int) -> HttpResponse:
    row = _congress(request, congress, manage=True)
    if (first := resent(request)) is not None:
        return first
    form = RegistrationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data

        def act() -> str:
            services.register_station(
                request.user, row, data["fingerprint"], data["label"], data["public_key"]
            )
            return reverse("imports:congress", args=[row.pk])

        try:
            return submit_once(
                request,
                act,
                _("Đã đăng ký khoá %(fp)s cho đại hội.") % {"fp": data["fingerprint"]},
            )
        except services.RegistrationError as exc:
            form.add_error(None, str(exc))
    return _page(request, row, registration_form=form, status=400)


@login_required
@require_POST
def revoke(request: HttpRequest, congress: int, pk: int) -> HttpResponse:
    row = _congress(request, congress, manage=True)
    registration = get_object_or_404(StationRegistration, pk=pk, congress=row)
    if services.revoke_station(request.user, registration):
        messages.success(
            request,
            _("Đã thu hồi khoá %(fp)s: gói ký bằng khoá này sẽ không được nhận nữa.")
            % {"fp": registration.fingerprint},
        )
    else:
        messages.info(request, _("Khoá này đã được thu hồi trước đó."))
    return redirect("imports:congress", congress=row.pk)


@login_required
@require_POST
def upload(request: HttpRequest, congress: int) -> HttpResponse:
    row = _congress(request, congress, manage=True)
    if (first := resent(request)) is not None:
        return first
    form = BundleForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, row, bundle_form=form, status=400)
    upload_file = form.cleaned_data["bundle"]
    data = upload_file.read()
    name = upload_file.name or "goi-ket-qua.bundle.zip"
    # The same form sent twice (a double tap) is the same bytes: the second finds the first's
    # row (waiting or done) and queues nothing more.
    submitted = services.submit_bundle(request.user, row, data, name)
    if submitted.again:
        messages.info(request, _("Gói kết quả này đã nhận rồi: không có gì thay đổi."))
    else:
        messages.success(request, _("Đã nhận tệp %(file)s: đang kiểm tra.") % {"file": name})
    return redirect("imports:job", congress=row.pk, pk=submitted.row.pk)


@login_required
def import_job(request: HttpRequest, congress: int, pk: int) -> HttpResponse:
    """One received bundle: waiting for the worker (the page refreshes itself), then what was
    decided and why."""
    row = _congress(request, congress)
    job = get_object_or_404(BundleImport, pk=pk, congress=row)
    template = "imports/_job.html" if request.htmx else "imports/job.html"
    return render(
        request, template, {"congress": row, "job": job, "stalled": services.stalled(job)}
    )
