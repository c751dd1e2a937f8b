"""Pages of the congress season: seasons, congresses and lessons learned."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from daihoi.web.accounts.scope import can_edit, get_visible_org_or_404, is_office, require_office
from daihoi.web.audit.labels import field_label, value_text
from daihoi.web.core.once import resent, submit_once
from daihoi.web.orgs.models import Level

from . import services
from .calendar import month_key, month_weeks, parse_month, shift_month
from .congress_file import write_congress_list
from .forms import CongressFileForm, CongressForm, LessonForm, ReopenForm, SeasonForm
from .models import PENDING, Congress, CongressStatus, CongressUpload

PAGE_SIZE = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def season_list(request: HttpRequest) -> HttpResponse:
    seasons = services.visible_seasons(request.user).prefetch_related("deadlines")
    return render(
        request,
        "season/season_list.html",
        {
            "seasons": seasons,
            "is_office": is_office(request.user),
        },
    )


def _filtered_congresses(request: HttpRequest) -> dict[str, Any]:
    """The unit, season and filters of the congress list (``?org=&season=&status=&overdue=``),
    with the congresses they select: the page and its Excel export show the same rows."""
    org = get_visible_org_or_404(request.user, request.GET.get("org"))
    season, _seasons = services.choose_season(org, request.GET.get("season"))
    today = timezone.localdate()
    qs = services.visible_congresses(request.user).filter(organisation__path__startswith=org.path)
    if season is not None:
        qs = qs.filter(season=season)
    status = request.GET.get("status", "")
    if status in CongressStatus.values:
        qs = qs.filter(status=status)
    overdue = bool(request.GET.get("overdue"))
    if overdue:
        qs = qs.filter(status__in=["planned", "preparing"], planned_date__lt=today)
    return {
        "org": org,
        "season": season,
        "congresses": qs.order_by("organisation__path"),
        "status": status if status in CongressStatus.values else "",
        "overdue": overdue,
        "today": today,
    }


@login_required
def congress_list(request: HttpRequest) -> HttpResponse:
    """Congresses under a unit, filtered by status (``?status=``) and ``?overdue=1``."""
    chosen = _filtered_congresses(request)
    page = Paginator(chosen.pop("congresses"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = {"org": chosen["org"].pk, "status": chosen["status"]}
    if chosen["season"] is not None:
        query["season"] = chosen["season"].pk
    if chosen["overdue"]:
        query["overdue"] = 1
    return render(
        request,
        "season/congress_list.html",
        chosen
        | {
            "page": page,
            "statuses": CongressStatus.choices,
            "export_query": urlencode(query),
            "can_update": can_edit(request.user, chosen["org"]),
        },
    )


@login_required
def congress_export(request: HttpRequest) -> HttpResponse:
    """The filtered congress list as an Excel workbook (every row, not one page)."""
    chosen = _filtered_congresses(request)
    org = chosen["org"]
    title = _("Danh sách đại hội — %(unit)s — %(day)s") % {
        "unit": org.name,
        "day": date_format(chosen["today"], "SHORT_DATE_FORMAT"),
    }
    data = write_congress_list(
        chosen["congresses"].select_related("organisation").iterator(chunk_size=2000), title
    )
    response = HttpResponse(data, content_type=XLSX)
    safe_code = re.sub(r"[^A-Za-z0-9._-]+", "_", org.code)
    response["Content-Disposition"] = f'attachment; filename="dai-hoi-{safe_code}.xlsx"'
    return response


def _congress_or_404(request: HttpRequest, pk: int):  # type: ignore[no-untyped-def]
    return get_object_or_404(services.visible_congresses(request.user), pk=pk)


def _counted(congress: Congress) -> set[str]:
    """The figures that came from the congress's counting station (shown as such)."""
    from .sources import locked_fields

    return locked_fields(congress)


@login_required
def congress_detail(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _congress_or_404(request, pk)
    return render(
        request,
        "season/congress_detail.html",
        {
            "congress": congress,
            "counted": _counted(congress),
            "sources": congress.figure_sources or {},
            "notes": congress.notes.select_related("author"),
            "can_edit": can_edit(request.user, congress.organisation),
            "is_office": is_office(request.user),
            "lesson_form": LessonForm(),
            "may_reopen": congress.status == CongressStatus.HELD
            and services.may_reopen(request.user, congress),
            "reopen_form": ReopenForm(current=congress.status),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def congress_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """The office above takes a held congress back to planned or preparing, with a reason."""
    congress = _congress_or_404(request, pk)
    if not services.may_reopen(request.user, congress):
        raise PermissionDenied(_("Chỉ văn phòng cấp trên được mở lại tình trạng đại hội."))
    if congress.status != CongressStatus.HELD:
        # Already taken back (a second click, another tab): nothing to do, and no error page.
        messages.info(
            request, _("Đại hội này không ở tình trạng “Đã tổ chức”: không có gì để mở lại.")
        )
        return redirect("season:congress_detail", pk=congress.pk)
    form = ReopenForm(request.POST, current=congress.status)
    if not form.is_valid():
        return render(
            request,
            "season/congress_detail.html",
            {
                "congress": congress,
                "notes": congress.notes.select_related("author"),
                "can_edit": can_edit(request.user, congress.organisation),
                "lesson_form": LessonForm(),
                "may_reopen": True,
                "reopen_form": form,
                "today": timezone.localdate(),
            },
            status=400,
        )
    services.reopen_congress(
        request.user, congress, form.cleaned_data["status"], form.cleaned_data["reason"]
    )
    messages.success(request, _("Đã mở lại tình trạng đại hội."))
    return redirect("season:congress_detail", pk=congress.pk)


@login_required
def congress_edit(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _congress_or_404(request, pk)
    if not can_edit(request.user, congress.organisation):
        raise PermissionDenied(_("Bạn không có quyền sửa đại hội này."))
    before = services.congress_values(congress)
    # The version the form was filled in from: if someone saved the congress since, this save
    # would silently undo their change, so it is refused once with the user's input kept.
    version = f"{congress.updated_at.timestamp():.6f}"
    form = CongressForm(request.POST or None, instance=congress, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        if request.POST.get("version", version) != version:
            when = date_format(timezone.localtime(congress.updated_at), "H:i d/m/Y")
            form.add_error(
                None,
                _(
                    "Trong lúc bạn sửa, thông tin đại hội này đã được lưu lúc %(when)s (có thể bởi "
                    "người khác). Thay đổi của bạn vẫn ở dưới đây và chưa được lưu: hãy mở trang đại "
                    "hội ở thẻ khác để xem bản mới, rồi bấm Lưu lần nữa nếu vẫn muốn ghi đè."
                )
                % {"when": when},
            )
        else:
            services.save_congress(request.user, form.instance, before)
            messages.success(request, _("Đã lưu thông tin đại hội."))
            return redirect("season:congress_detail", pk=congress.pk)
    return render(
        request,
        "season/congress_form.html",
        {"congress": congress, "form": form, "version": version},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def congress_lesson(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _congress_or_404(request, pk)
    if not can_edit(request.user, congress.organisation):
        raise PermissionDenied(_("Bạn không có quyền ghi rút kinh nghiệm cho đại hội này."))
    form = LessonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy nhập nội dung rút kinh nghiệm."))
        return redirect("season:congress_detail", pk=congress.pk)

    def add() -> str:
        services.add_lesson(request.user, congress, form.cleaned_data["text"])
        return reverse("season:congress_detail", args=[congress.pk])

    return submit_once(request, add, _("Đã ghi rút kinh nghiệm."))


@login_required
def season_new(request: HttpRequest) -> HttpResponse:
    """An office opens a season for its unit (``?org=`` a unit below it)."""
    office = get_visible_org_or_404(request.user, request.GET.get("org"))
    require_office(request.user, office)
    levels = [(lv.value, str(lv.label)) for lv in Level if lv > office.level]
    form = SeasonForm(request.POST or None, levels=levels)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        season = services.create_season(
            request.user,
            office,
            name=data["name"],
            term_start=data["term_start"],
            term_end=data["term_end"],
            directive=data["directive"],
            starts_on=data["starts_on"],
            deadlines=form.deadlines(),
        )
        messages.success(request, _("Đã mở đợt đại hội."))
        return redirect(reverse("dashboard:org", args=[office.pk]) + f"?season={season.pk}")
    return render(
        request,
        "season/season_form.html",
        {"form": form, "office": office},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def season_sync(request: HttpRequest, pk: int) -> HttpResponse:
    """Adds the congresses of organisations created after the season was opened."""
    season = get_object_or_404(services.visible_seasons(request.user), pk=pk)
    root = get_visible_org_or_404(request.user, request.GET.get("org"))
    if not root.path.startswith(season.organisation.path):
        root = season.organisation
    require_office(request.user, root)
    added = services.add_missing_congresses(season, root)
    messages.success(request, _("Đã bổ sung %(n)d đại hội cho các tổ chức mới.") % {"n": added})
    return redirect("season:season_list")


def _may_update_or_403(request: HttpRequest) -> None:
    unit = get_visible_org_or_404(request.user)
    if not can_edit(request.user, unit):
        raise PermissionDenied(_("Bạn không có quyền cập nhật đại hội."))


def _own_upload_or_404(request: HttpRequest, pk: int) -> CongressUpload:
    """An upload is seen by the one who sent it; to anyone else it does not exist."""
    return get_object_or_404(CongressUpload.objects.filter(user=request.user), pk=pk)


@login_required
def congress_upload(request: HttpRequest) -> HttpResponse:
    """Send the congress list back filled in: the file is stored and its check queued; the next
    page waits for the task worker, then shows what the file would change."""
    _may_update_or_403(request)
    if request.method == "POST" and (first := resent(request)) is not None:
        return first
    form = CongressFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]

        def submit() -> str:
            kept = services.submit_congress_file(request.user, upload)
            return reverse("season:congress_upload_preview", args=[kept.pk])

        return submit_once(
            request, submit, _("Đã nhận tệp %(file)s: đang kiểm tra.") % {"file": upload.name}
        )
    return render(
        request,
        "season/congress_upload.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _changed_rows(kept: CongressUpload) -> list[dict[str, Any]]:
    """The recorded changes by row: the unit, then each field's old and new value."""
    rows: dict[int, dict[str, Any]] = {}
    for change in kept.changes:
        row = rows.setdefault(
            change["row"],
            {"row": change["row"], "unit": change["unit"], "pk": change["congress"], "fields": []},
        )
        row["fields"].append(
            {
                "label": field_label(Congress, change["field"]),
                "old": value_text(Congress, change["field"], change["old"]),
                "new": value_text(Congress, change["field"], change["new"]),
            }
        )
    return list(rows.values())


def _job_page(request: HttpRequest, kept: CongressUpload, status: int = 200) -> HttpResponse:
    template = (
        "season/_congress_upload_job.html"
        if request.htmx
        else "season/congress_upload_preview.html"
    )
    return render(
        request,
        template,
        {
            "kept": kept,
            "stalled": services.upload_stalled(kept),
            "changed_rows": _changed_rows(kept),
            "problems_hidden": max(0, kept.problem_count - len(kept.problems)),
        },
        status=status,
    )


@login_required
def congress_upload_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The job of one file: waiting, checking (the page refreshes itself), then every change it
    would make (row, field, old → new) and every problem; after "Ghi", the outcome."""
    _may_update_or_403(request)
    return _job_page(request, _own_upload_or_404(request, pk))


@login_required
@require_POST
def congress_upload_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue the apply of a checked file (the worker saves every change in one transaction, or
    none if a row is wrong by then). A second click queues nothing more."""
    _may_update_or_403(request)
    kept = _own_upload_or_404(request, pk)
    if services.queue_congress_apply(kept):
        messages.success(
            request, _("Đang ghi các thay đổi của tệp %(file)s.") % {"file": kept.filename}
        )
        return redirect("season:congress_upload_preview", pk=kept.pk)
    if kept.state in (CongressUpload.State.APPLY_QUEUED, CongressUpload.State.APPLYING):
        # A second click, another tab: the first one's apply is under way.
        messages.info(request, _("Tệp này đang được ghi; không ghi thêm lần nữa."))
        return redirect("season:congress_upload_preview", pk=kept.pk)
    if kept.state == CongressUpload.State.APPLIED:
        messages.info(request, _("Tệp này đã được cập nhật vào danh sách đại hội."))
        return redirect("season:congress_upload_preview", pk=kept.pk)
    # Not checked yet, or checked with problems (a crafted post): nothing to apply.
    messages.error(request, _("Chưa ghi gì: tệp chưa được kiểm tra xong hoặc có lỗi."))
    return _job_page(request, kept, status=400)


WEEKDAYS = [
    pgettext_lazy("weekday", "T2"),
    pgettext_lazy("weekday", "T3"),
    pgettext_lazy("weekday", "T4"),
    pgettext_lazy("weekday", "T5"),
    pgettext_lazy("weekday", "T6"),
    pgettext_lazy("weekday", "T7"),
    pgettext_lazy("weekday", "CN"),
]


@login_required
def congress_calendar(request: HttpRequest) -> HttpResponse:
    """A month of congresses under a unit (``?org=&season=&month=2026-12``): each on the day it
    was held, or, while it waits, on its planned day (overdue ones marked)."""
    org = get_visible_org_or_404(request.user, request.GET.get("org"))
    season, _seasons = services.choose_season(org, request.GET.get("season"))
    today = timezone.localdate()
    first = parse_month(request.GET.get("month"), today)
    weeks = month_weeks(first)
    start, end = weeks[0][0], weeks[-1][-1]
    qs = services.visible_congresses(request.user).filter(organisation__path__startswith=org.path)
    if season is not None:
        qs = qs.filter(season=season)
    qs = qs.filter(
        Q(status=CongressStatus.HELD, held_date__range=(start, end))
        | Q(status__in=PENDING, planned_date__range=(start, end))
    ).order_by("organisation__path")
    by_day: dict[Any, list[Congress]] = {}
    for congress in qs:
        day = (
            congress.held_date if congress.status == CongressStatus.HELD else congress.planned_date
        )
        by_day.setdefault(day, []).append(congress)
    base = {"org": org.pk}
    if season is not None:
        base["season"] = season.pk
    return render(
        request,
        "season/congress_calendar.html",
        {
            "org": org,
            "season": season,
            "today": today,
            "first": first,
            "weekdays": WEEKDAYS,
            "weeks": [[(day, by_day.get(day, [])) for day in week] for week in weeks],
            "count": sum(len(v) for d, v in by_day.items() if d.month == first.month),
            "previous_query": urlencode(base | {"month": month_key(shift_month(first, -1))}),
            "next_query": urlencode(base | {"month": month_key(shift_month(first, 1))}),
            "this_query": urlencode(base),
            "list_query": urlencode(base),
        },
    )
