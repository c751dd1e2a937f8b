"""The dashboard's tables as plain rows, shared by the Excel export and the PDF report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from daihoi.vnformat import format_date, format_int, format_percent
from daihoi.web.orgs.models import Level

from .figures import Dashboard

Cell = str | int | Decimal | date | None


@dataclass(frozen=True)
class Table:
    key: str
    sheet: str  # a short sheet name for Excel (at most 31 characters)
    title: str
    headers: list[str]
    rows: list[list[Cell]]


def forecast_sentence(level: int, percent_text: str, deadline: date) -> str:
    """ "Cơ sở: dự kiến đạt 99,75% trước 30/06/2025"."""
    return _("%(level)s: dự kiến đạt %(percent)s trước %(deadline)s") % {
        "level": Level(level).label,
        "percent": percent_text,
        "deadline": format_date(deadline),
    }


def dashboard_tables(board: Dashboard) -> list[Table]:
    """Every table of the dashboard, in page order."""
    tables = [
        Table(
            "levels",
            _("Theo cấp"),
            _("Tiến độ theo cấp"),
            [
                _("Cấp"),
                _("Tổng số"),
                _("Đã tổ chức"),
                _("Tỷ lệ (%)"),
                _("Đang chờ"),
                _("Chưa có kế hoạch"),
                _("Quá hạn"),
                _("Hoãn"),
                _("Trong tuần này"),
                _("Đại hội điểm"),
                _("Dự kiến bầu trực tiếp bí thư"),
                _("Đã bầu trực tiếp bí thư"),
            ],
            [
                [
                    lv.label,
                    lv.total,
                    lv.held,
                    lv.percent,
                    lv.pending,
                    lv.not_planned,
                    lv.overdue,
                    lv.postponed,
                    lv.this_week,
                    lv.pilot,
                    lv.direct_planned,
                    lv.direct_elected,
                ]
                for lv in board.levels
            ],
        ),
        Table(
            "forecast",
            _("Dự báo"),
            _("Dự báo hoàn thành theo các mốc"),
            [
                _("Cấp"),
                _("Hạn"),
                _("Tổng số"),
                _("Đã tổ chức trước hạn"),
                _("Dự kiến hoàn thành"),
                _("Tỷ lệ dự kiến (%)"),
                _("Dự báo"),
            ],
            [
                [
                    str(Level(f.level).label),
                    f.deadline,
                    f.total,
                    f.held_by_deadline,
                    f.expected,
                    f.percent,
                    forecast_sentence(f.level, format_percent(f.percent), f.deadline),
                ]
                for f in board.forecasts
            ],
        ),
        Table(
            "results",
            _("Kết quả"),
            _("Kết quả đại hội (các đại hội đã tổ chức)"),
            [_("Chỉ tiêu"), _("Số lượng"), _("Tỷ lệ (%)")],
            [
                [_("Đại hội đã tổ chức"), board.results.congresses, board.percent],
                [_("Ủy viên ban chấp hành"), board.results.committee_seats, None],
                [_("Nữ"), board.results.women, board.results.women_percent],
                [_("Dưới 40 tuổi"), board.results.under_40, board.results.under_40_percent],
                [
                    _("Tham gia lần đầu (đổi mới)"),
                    board.results.new_members,
                    board.results.renewal_percent,
                ],
                [
                    _("Nguồn nữ, dưới 40, lần đầu: kết quả kiểm phiếu (còn lại nhập tay)"),
                    board.results.counted_structure,
                    board.results.counted_structure_percent,
                ],
                [
                    _("Bí thư được bầu trực tiếp tại đại hội"),
                    board.results.direct_secretaries,
                    board.results.direct_secretary_percent,
                ],
                [_("Đại biểu chính thức dự đại hội cấp trên"), board.delegates_official, None],
                [_("Đại biểu dự khuyết"), board.delegates_alternate, None],
            ],
        ),
        Table(
            "children",
            _("Đơn vị trực thuộc"),
            _("Các đơn vị trực thuộc"),
            [
                _("Mã"),
                _("Đơn vị"),
                *(
                    _("%(level)s: đã tổ chức/tổng") % {"level": Level(lv).label}
                    for lv in board.child_levels
                ),
                _("Đã tổ chức"),
                _("Tổng số"),
                _("Tỷ lệ (%)"),
                _("Quá hạn"),
                _("Hoãn"),
                _("Đại hội điểm"),
                _("Bầu trực tiếp bí thư"),
                _("Vướng mắc chờ trả lời"),
            ],
            [
                [
                    c.org.code,
                    c.org.name,
                    *(_progress_text(c.by_level.get(lv)) for lv in board.child_levels),
                    c.held,
                    c.total,
                    c.percent,
                    c.overdue,
                    c.postponed,
                    c.pilot,
                    c.direct_elected,
                    c.open_difficulties,
                ]
                for c in board.children
            ],
        ),
        Table(
            "this_week",
            _("Trong tuần"),
            _("Đại hội trong tuần này"),
            [_("Mã"), _("Đơn vị"), _("Ngày dự kiến"), _("Tình trạng")],
            [
                [c.organisation.code, c.organisation.name, c.planned_date, c.get_status_display()]
                for c in board.this_week
            ],
        ),
        Table(
            "overdue",
            _("Quá hạn"),
            _("Đại hội quá ngày dự kiến chưa tổ chức"),
            [_("Mã"), _("Đơn vị"), _("Ngày dự kiến"), _("Tình trạng")],
            [
                [c.organisation.code, c.organisation.name, c.planned_date, c.get_status_display()]
                for c in board.overdue
            ],
        ),
        Table(
            "postponed",
            _("Hoãn"),
            _("Đại hội hoãn"),
            [_("Mã"), _("Đơn vị"), _("Lý do hoãn")],
            [
                [c.organisation.code, c.organisation.name, c.postponed_reason]
                for c in board.postponed
            ],
        ),
        Table(
            "difficulties",
            _("Vướng mắc"),
            _("Vướng mắc chờ trả lời"),
            [
                _("Đơn vị"),
                _("Vướng mắc"),
                _("Tổ công tác phụ trách"),
                _("Hạn trả lời"),
                _("Quá hạn"),
            ],
            [
                [
                    d.organisation.name,
                    d.title,
                    d.working_group.name if d.working_group else _("Văn phòng cấp trên"),
                    d.due_date,
                    _("Quá hạn") if d.is_overdue(board.today) else "",
                ]
                for d in board.difficulties
            ],
        ),
    ]
    return tables


def _progress_text(progress: object) -> str:
    if progress is None:
        return "–"
    held = getattr(progress, "held", 0)
    total = getattr(progress, "total", 0)
    return f"{format_int(held)}/{format_int(total)}"


def cell_text(value: Cell) -> str:
    """A cell as Vietnamese text (for the PDF and HTML)."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, int):
        return format_int(value)
    if isinstance(value, Decimal):
        return format_percent(value)
    if isinstance(value, date):
        return format_date(value)
    return str(value)
