"""Dashboard pages: progress of the congress season for any subtree the user may see."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from daihoi.vnformat import format_percent
from daihoi.web.accounts.scope import can_view, get_visible_org_or_404
from daihoi.web.core import officeforms
from daihoi.web.orgs.models import Level, Organisation
from daihoi.web.season.models import Season

from . import bodies, services
from .excel import write_workbook
from .report import render_report
from .tables import dashboard_tables, forecast_sentence

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _season_of(request: HttpRequest, org: Organisation) -> tuple[Season | None, list[Season]]:
    return services.season_of(org, request.GET.get("season"))


def _board(request: HttpRequest, org: Organisation) -> services.Dashboard:
    season, seasons = _season_of(request, org)
    return services.board(org, season, seasons, timezone.localdate())


def _season_query(season: Season | None, seasons: list[Season]) -> str:
    return f"?season={season.pk}" if season is not None and len(seasons) > 1 else ""


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The user's own unit, or ``?org=<id>`` for any unit they may see."""
    org_id = request.GET.get("org")
    if org_id:
        org = get_visible_org_or_404(request.user, org_id)
        season = request.GET.get("season", "")
        query = f"?season={season}" if season.isdigit() else ""
        return redirect(reverse("dashboard:org", args=[org.pk]) + query)
    return _render(request, get_visible_org_or_404(request.user))


@login_required
def org_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, get_visible_org_or_404(request.user, pk))


def _board_html(
    org: Organisation, season: Season | None, seasons: list[Season], today: date
) -> SafeString:
    board = services.figures_now(org, season, seasons, today)
    context = {
        "board": board,
        "tables": {t.key: t for t in dashboard_tables(board)},
        "forecast_sentences": [
            forecast_sentence(f.level, format_percent(f.percent), f.deadline)
            for f in board.forecasts
        ],
        "season_query": _season_query(season, seasons),
        "child_level_labels": [Level(lv).label for lv in board.child_levels],
    }
    return mark_safe(render_to_string("dashboard/_board.html", context))


def _render(request: HttpRequest, org: Organisation) -> HttpResponse:
    season, seasons = _season_of(request, org)
    today = timezone.localdate()

    def compute() -> tuple[SafeString, list[Organisation]]:
        return _board_html(org, season, seasons, today), org.ancestors_and_self()

    html, ancestors = services.cached_page(org, season, today, compute)
    # Units above the user's own are not theirs to see, not even by name in the breadcrumbs.
    breadcrumbs = [b for b in ancestors if can_view(request.user, b)]
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "root": org,
            "breadcrumbs": breadcrumbs,
            "board_html": mark_safe(html),
            "season_query": _season_query(season, seasons),
        },
    )


@login_required
def export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """Every table of the dashboard as an Excel workbook (``?table=<key>`` for just one)."""
    org = get_visible_org_or_404(request.user, pk)
    board = _board(request, org)
    tables = dashboard_tables(board)
    key = request.GET.get("table")
    if key:
        tables = [t for t in tables if t.key == key]
        if not tables:
            raise Http404(_("Không có bảng này."))
    data = write_workbook(tables, f"{org.name} — {board.today:%d/%m/%Y}")
    response = HttpResponse(data, content_type=XLSX)
    suffix = f"-{key}" if key else ""
    response["Content-Disposition"] = f'attachment; filename="tien-do-{org.code}{suffix}.xlsx"'
    return response


@login_required
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable briefing report of the dashboard."""
    org = get_visible_org_or_404(request.user, pk)
    board = _board(request, org)
    data = render_report(board, request.user.get_full_name() or request.user.get_username())
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bao-cao-{org.code}.pdf"'
    return response


@login_required
def reminders(request: HttpRequest) -> HttpResponse:
    """What a unit's subtree needs reminding of today (``?org=``, ``?days=``), and the daily
    summaries recorded for it (an office's) by the reminder task."""
    from .models import ReminderDigest
    from .reminders import MAX_DAYS, default_days, summary_for

    org = get_visible_org_or_404(request.user, request.GET.get("org"))
    try:
        days = max(1, min(int(request.GET.get("days", default_days())), MAX_DAYS))
    except ValueError:
        days = default_days()
    return render(
        request,
        "dashboard/reminders.html",
        {
            "org": org,
            "days": days,
            "summary": summary_for(org, timezone.localdate(), days),
            "digests": ReminderDigest.objects.filter(organisation=org)[:7],
        },
    )


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _bodies(request: HttpRequest, pk: int) -> tuple[Organisation, bodies.BodyRollup]:
    org = get_visible_org_or_404(request.user, pk)
    season, _seasons = _season_of(request, org)
    return org, bodies.body_rollup(org, season)


@login_required
def elected_bodies(request: HttpRequest, pk: int) -> HttpResponse:
    """The structure of the committees elected in the unit's subtree, per child unit."""
    org, rollup = _bodies(request, pk)
    headers, rows = bodies.rollup_grid(rollup)
    season, seasons = _season_of(request, org)
    return render(
        request,
        "dashboard/bodies.html",
        {
            "root": org,
            "rollup": rollup,
            "headers": headers,
            "rows": rows,
            "season_query": _season_query(season, seasons),
        },
    )


def _bodies_sections(org: Organisation, rollup: bodies.BodyRollup) -> list[officeforms.Section]:
    headers, rows = bodies.rollup_grid(rollup)
    title = _("Cơ cấu cấp ủy khóa mới")
    lines = [
        _(
            "Số liệu từ kết quả kiểm phiếu đã xác nhận và hồ sơ của người trúng cử; đại hội chỉ "
            "có số liệu nhập tay được ghi riêng ở cột Nguồn."
        )
    ]
    return [
        officeforms.Section(title, _("Cơ cấu cấp ủy"), lines, [officeforms.Grid(headers, rows)])
    ]


@login_required
def elected_bodies_file(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The same table as .xlsx or .docx (figures only: no person data)."""
    org, rollup = _bodies(request, pk)
    heading = f"{org.name} — {timezone.localdate():%d/%m/%Y}"
    sections = _bodies_sections(org, rollup)
    if kind == "xlsx":
        data, content_type = officeforms.write_xlsx(heading, sections), XLSX
    else:
        data, content_type = officeforms.write_docx(heading, sections), DOCX
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="co-cau-cap-uy-{org.code}.{kind}"'
    return response
