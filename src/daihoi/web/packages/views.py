"""The congress package's pages (``docs/package.md``).

Central (office staff, scoped to the congress's organisation): the page of a congress's
package with the office key's fingerprint, the letter (PDF) and the package (zip). Station:
receive a package (upload, compare the fingerprint the first time, import), and the station's
own key for the office to register.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from daihoi.web.accounts.scope import is_office, visible_organisations
from daihoi.web.season.models import Congress

from . import services
from .forms import ConfirmForm, UploadForm

MAX_UPLOAD = 50_000_000


def _congress(request: HttpRequest, pk: int) -> Congress:
    row = get_object_or_404(
        Congress.objects.select_related("organisation", "season"),
        pk=pk,
        organisation__in=visible_organisations(request.user),
    )
    if not is_office(request.user):
        raise PermissionDenied(_("Chỉ cán bộ văn phòng được xuất gói đại hội."))
    return row


def _office(request: HttpRequest) -> None:
    if not is_office(request.user):
        raise PermissionDenied(_("Chỉ tài khoản văn phòng của trạm được nhận gói đại hội."))


@login_required
def export_page(request: HttpRequest, congress: int) -> HttpResponse:
    row = _congress(request, congress)
    return render(
        request,
        "packages/export.html",
        {
            "congress": row,
            "fingerprint": services.office_fingerprint(),
            "last": services.last_sequence(row),
            "next": services.last_sequence(row) + 1,
            "record_id": services.package_facts(row)["id"],
        },
    )


@login_required
@require_POST
def export_zip(request: HttpRequest, congress: int) -> HttpResponse:
    row = _congress(request, congress)
    data, sequence = services.export_package(row, request.user, timezone.now())
    response = HttpResponse(data, content_type="application/zip")
    name = f"goi-dai-hoi-{services.package_facts(row)['id']}-{sequence}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def letter_pdf(request: HttpRequest, congress: int) -> HttpResponse:
    row = _congress(request, congress)
    response = HttpResponse(
        services.letter_pdf(row, timezone.localdate(), request.user), content_type="application/pdf"
    )
    response["Content-Disposition"] = 'inline; filename="cong-van-khoa-van-phong.pdf"'
    return response


# ---------------------------------------------------------------------------------- the station


@login_required
def receive(request: HttpRequest) -> HttpResponse:
    _office(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    problem = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            problem = (_("Tệp quá lớn: một gói đại hội nhỏ hơn nhiều."), "too_large")
        else:
            try:
                row = services.receive(request.user, upload.name, upload.read())
            except services.PackageError as exc:
                problem = (exc.message, exc.code)
            else:
                return redirect("packages:confirm", pk=row.pk)
    return render(
        request,
        "packages/receive.html",
        {
            "form": form,
            "problem": problem,
            "imports": services.recent_imports(),
            "trusted": services.trusted_keys(),
        },
        status=400 if problem or form.errors else 200,
    )


@login_required
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    _office(request)
    upload = services.upload_of(request.user, pk)
    if upload is None:
        messages.info(request, _("Gói này đã được nhận hoặc đã bị bỏ: hãy gửi lại tệp."))
        return redirect("packages:receive")
    try:
        preview = services.preview(upload)
    except services.PackageError as exc:
        return render(
            request,
            "packages/receive.html",
            {"form": UploadForm(), "problem": (exc.message, exc.code)},
            status=400,
        )
    form = ConfirmForm(request.POST or None)
    problem = None
    if request.method == "POST" and (preview.trusted or form.is_valid()):
        digits = "" if preview.trusted else form.cleaned_data["last_digits"]
        try:
            outcome = services.import_upload(upload, request.user, confirm_digits=digits)
        except services.Refused as exc:
            problem = exc.message
        except services.PackageError as exc:
            problem = f"{exc.message} ({exc.code})"
        else:
            return render(request, "packages/done.html", {"outcome": outcome})
    return render(
        request,
        "packages/confirm.html",
        {
            "upload": upload,
            "preview": preview,
            "groups": preview.package.fingerprint.split("-"),
            "form": form,
            "problem": problem,
        },
        status=400 if problem or form.errors else 200,
    )


@login_required
def station_key(request: HttpRequest) -> HttpResponse:
    facts = services.station_key_facts()
    return render(
        request,
        "packages/station_key.html",
        {
            "fingerprint": facts["fingerprint"],
            "groups": facts["fingerprint"].split("-"),
            "public_key": facts["public_key"],
            "public_groups": [facts["public_key"][i : i + 8] for i in range(0, 64, 8)],
        },
    )
