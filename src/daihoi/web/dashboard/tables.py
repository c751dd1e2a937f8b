"""The dashboard's tables as plain rows, shared by the Excel export and the PDF report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from daihoi.web.orgs.models import Level

from .figures import Dashboard
from .vnformat import format_date, format_int, format_percent, format_short_date

Cell = str | int | Decimal | date | None


@dataclass(frozen=True)
class Table:
    key: str
    sheet: str  # a short sheet name for Excel (at most 31 characters)
    title: str
    headers: list[str]
    rows: list[list[Cell]]


def forecast_sentence(level: int, percent_text: str, deadline: date) -> str:
    """ "Cơ sở: dự kiến đạt 99,75% trước 30/6/2025". """
    return f"{Level(level).label}: dự kiến đạt {percent_text} trước {format_short_date(deadline)}"


def dashboard_tables(board: Dashboard) -> list[Table]:
    """Every table of the dashboard, in page order."""
    tables = [
        Table(
            "levels",
            "Theo cấp",
            "Tiến độ theo cấp",
            ["Cấp", "Tổng số", "Đã tổ chức", "Tỷ lệ (%)", "Đang chờ", "Chưa có kế hoạch",
             "Quá hạn", "Hoãn", "Trong tuần này", "Đại hội điểm",
             "Dự kiến bầu trực tiếp bí thư", "Đã bầu trực tiếp bí thư"],
            [[lv.label, lv.total, lv.held, lv.percent, lv.pending, lv.not_planned,
              lv.overdue, lv.postponed, lv.this_week, lv.pilot, lv.direct_planned,
              lv.direct_elected] for lv in board.levels],
        ),
        Table(
            "forecast",
            "Dự báo",
            "Dự báo hoàn thành theo các mốc",
            ["Cấp", "Hạn", "Tổng số", "Đã tổ chức trước hạn", "Dự kiến hoàn thành",
             "Tỷ lệ dự kiến (%)", "Dự báo"],
            [[str(Level(f.level).label), f.deadline, f.total, f.held_by_deadline, f.expected,
              f.percent, forecast_sentence(f.level, format_percent(f.percent), f.deadline)]
             for f in board.forecasts],
        ),
        Table(
            "results",
            "Kết quả",
            "Kết quả đại hội (các đại hội đã tổ chức)",
            ["Chỉ tiêu", "Số lượng", "Tỷ lệ (%)"],
            [
                ["Đại hội đã tổ chức", board.results.congresses, board.percent],
                ["Ủy viên ban chấp hành", board.results.committee_seats, None],
                ["Nữ", board.results.women, board.results.women_percent],
                ["Dưới 40 tuổi", board.results.under_40, board.results.under_40_percent],
                ["Tham gia lần đầu (đổi mới)", board.results.new_members,
                 board.results.renewal_percent],
                ["Bí thư được bầu trực tiếp tại đại hội", board.results.direct_secretaries,
                 board.results.direct_secretary_percent],
                ["Đại biểu chính thức dự đại hội cấp trên", board.delegates_official, None],
                ["Đại biểu dự khuyết", board.delegates_alternate, None],
            ],
        ),
        Table(
            "children",
            "Đơn vị trực thuộc",
            "Các đơn vị trực thuộc",
            ["Mã", "Đơn vị", *(f"{Level(lv).label}: đã tổ chức/tổng" for lv in board.child_levels),
             "Đã tổ chức", "Tổng số", "Tỷ lệ (%)", "Quá hạn", "Hoãn", "Đại hội điểm",
             "Bầu trực tiếp bí thư", "Vướng mắc chờ trả lời"],
            [[c.org.code, c.org.name,
              *(_progress_text(c.by_level.get(lv)) for lv in board.child_levels),
              c.held, c.total, c.percent, c.overdue, c.postponed, c.pilot, c.direct_elected,
              c.open_difficulties] for c in board.children],
        ),
        Table(
            "this_week",
            "Trong tuần",
            "Đại hội trong tuần này",
            ["Mã", "Đơn vị", "Ngày dự kiến", "Tình trạng"],
            [[c.organisation.code, c.organisation.name, c.planned_date,
              c.get_status_display()] for c in board.this_week],
        ),
        Table(
            "overdue",
            "Quá hạn",
            "Đại hội quá ngày dự kiến chưa tổ chức",
            ["Mã", "Đơn vị", "Ngày dự kiến", "Tình trạng"],
            [[c.organisation.code, c.organisation.name, c.planned_date,
              c.get_status_display()] for c in board.overdue],
        ),
        Table(
            "postponed",
            "Hoãn",
            "Đại hội hoãn",
            ["Mã", "Đơn vị", "Lý do hoãn"],
            [[c.organisation.code, c.organisation.name, c.postponed_reason]
             for c in board.postponed],
        ),
        Table(
            "difficulties",
            "Vướng mắc",
            "Vướng mắc chờ trả lời",
            ["Đơn vị", "Vướng mắc", "Tổ công tác phụ trách", "Hạn trả lời", "Quá hạn"],
            [[d.organisation.name, d.title,
              d.working_group.name if d.working_group else "Văn phòng cấp trên",
              d.due_date, "Quá hạn" if d.is_overdue(board.today) else ""]
             for d in board.difficulties],
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
        return "Có" if value else "Không"
    if isinstance(value, int):
        return format_int(value)
    if isinstance(value, Decimal):
        return format_percent(value)
    if isinstance(value, date):
        return format_date(value)
    return str(value)
