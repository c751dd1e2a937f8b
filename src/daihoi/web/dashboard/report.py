"""The printable briefing report (báo cáo nhanh) of a dashboard as a PDF, in Vietnamese."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from daihoi.fonts import BOLD, REGULAR, register_family
from daihoi.pdftext import para_text
from daihoi.vnformat import format_date, format_int, format_percent, format_short_date

from .figures import Dashboard
from .tables import cell_text, dashboard_tables


def _para(text: object, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: names and notes are people's input, never reportlab markup."""
    return Paragraph(para_text(text), style)


def render_report(board: Dashboard, printed_by: str) -> bytes:
    """A landscape A4 PDF with the headline figures, the forecasts and every table."""
    register_family()
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=9, leading=12)
    title = ParagraphStyle("title", fontName=BOLD, fontSize=15, leading=19, spaceAfter=4)
    heading = ParagraphStyle(
        "heading", fontName=BOLD, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4
    )
    cell = ParagraphStyle("cell", fontName=REGULAR, fontSize=7.5, leading=9)
    head_cell = ParagraphStyle("head", fontName=BOLD, fontSize=7.5, leading=9)

    story: list = [
        _para(_("Báo cáo tình hình đại hội — %(unit)s") % {"unit": board.root.name}, title),
    ]
    if board.season is not None:
        story.append(
            _para(
                _("%(season)s, nhiệm kỳ %(term)s. Số liệu đến ngày %(today)s; người in: %(who)s.")
                % {
                    "season": board.season.name,
                    "term": board.season.term_label,
                    "today": format_date(board.today),
                    "who": printed_by,
                },
                body,
            )
        )
        story.append(
            _para(
                _(
                    "Đã tổ chức %(held)s/%(total)s đại hội (%(percent)s); quá hạn %(overdue)s, "
                    "hoãn %(postponed)s, trong tuần này %(week)s; %(pilot)s đại hội điểm; "
                    "%(direct)s bí thư được bầu trực tiếp tại đại hội; "
                    "%(open)s vướng mắc chờ trả lời."
                )
                % {
                    "held": format_int(board.held),
                    "total": format_int(board.total),
                    "percent": format_percent(board.percent),
                    "overdue": format_int(board.overdue_count),
                    "postponed": format_int(board.postponed_count),
                    "week": format_int(board.this_week_count),
                    "pilot": format_int(board.pilot_count),
                    "direct": format_int(board.direct_elected_count),
                    "open": format_int(board.difficulty_counts.open),
                },
                body,
            )
        )
    else:
        story.append(_para(_("Chưa có đợt đại hội nào cho đơn vị này."), body))

    page_width = landscape(A4)[0] - 24 * mm
    if board.chart_lines:
        story.append(_para(_("Tiến độ theo thời gian"), heading))
        story.append(completion_drawing(board, page_width, 55 * mm))
    for table in dashboard_tables(board):
        story.append(_para(table.title, heading))
        if not table.rows:
            story.append(_para(_("Không có."), body))
            continue
        data = [[_para(h, head_cell) for h in table.headers]]
        data += [[_para(cell_text(v), cell) for v in row] for row in table.rows]
        widths = _widths(table.headers, page_width)
        grid = Table(data, colWidths=widths, repeatRows=1)
        grid.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f4f6")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(grid)
        story.append(Spacer(1, 4))

    out = BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=_("Báo cáo tình hình đại hội — %(unit)s") % {"unit": board.root.name},
        author="daihoi",
    )
    doc.build(story)
    return out.getvalue()


def completion_drawing(board: Dashboard, width: float, height: float) -> Drawing:
    """The dashboard's completion chart drawn with reportlab shapes (same data as the SVG)."""
    drawing = Drawing(width, height)
    left, bottom, top, right = 30.0, 16.0, 8.0, 8.0
    plot_w, plot_h = width - left - right, height - bottom - top
    days = [board.today, *(m.day for m in board.chart_markers)]
    for line in board.chart_lines:
        days += [p.day for p in line.held] + [p.day for p in line.projected]
    first, last = min(days), max(days)
    span = max(1, last.toordinal() - first.toordinal())

    def x(day: date) -> float:
        return left + plot_w * (day.toordinal() - first.toordinal()) / span

    def y(count: int, total: int) -> float:
        return bottom + plot_h * (count / total if total else 0.0)

    for pct in (0, 25, 50, 75, 100):
        gy = bottom + plot_h * pct / 100
        drawing.add(
            Line(
                left, gy, left + plot_w, gy, strokeColor=colors.HexColor("#e5e7eb"), strokeWidth=0.5
            )
        )
        drawing.add(
            String(left - 3, gy - 2.5, f"{pct}%", fontName=REGULAR, fontSize=6.5, textAnchor="end")
        )
    drawing.add(String(left, 3, format_short_date(first), fontName=REGULAR, fontSize=6.5))
    drawing.add(
        String(
            left + plot_w,
            3,
            format_short_date(last),
            fontName=REGULAR,
            fontSize=6.5,
            textAnchor="end",
        )
    )
    for marker in board.chart_markers:
        mx = x(marker.day)
        drawing.add(
            Line(
                mx,
                bottom,
                mx,
                bottom + plot_h,
                strokeColor=colors.grey,
                strokeDashArray=[1, 2],
                strokeWidth=0.5,
            )
        )
        drawing.add(
            String(
                mx - 2,
                bottom + plot_h - 7,
                marker.label,
                fontName=REGULAR,
                fontSize=6,
                textAnchor="end",
                fillColor=colors.grey,
            )
        )
    tx = x(board.today)
    drawing.add(Line(tx, bottom, tx, bottom + plot_h, strokeColor=colors.black, strokeWidth=0.6))
    for index, line in enumerate(board.chart_lines):
        colour = colors.HexColor(line.colour)
        points: list[float] = [x(first), y(0, line.total)]
        previous = 0
        for point in line.held:
            points += [
                x(point.day),
                y(previous, line.total),
                x(point.day),
                y(point.held, line.total),
            ]
            previous = point.held
        points += [tx, y(previous, line.total)]
        drawing.add(PolyLine(points, strokeColor=colour, strokeWidth=1.2))
        if len(line.projected) > 1:
            projected: list[float] = []
            for point in line.projected:
                projected += [x(point.day), y(point.held, line.total)]
            drawing.add(
                PolyLine(projected, strokeColor=colour, strokeWidth=0.9, strokeDashArray=[3, 2])
            )
        ly = bottom + plot_h - 8 - 9 * index
        drawing.add(Rect(left + 4, ly, 6, 6, fillColor=colour, strokeColor=None))
        drawing.add(String(left + 13, ly + 0.5, line.label, fontName=REGULAR, fontSize=7))
    return drawing


def _widths(headers: list[str], total: float) -> list[float]:
    # Names and free text get more room than the figures.
    wide = {
        _("Đơn vị"),
        _("Vướng mắc"),
        _("Dự báo"),
        _("Lý do hoãn"),
        _("Chỉ tiêu"),
        _("Tổ công tác phụ trách"),
    }
    weights = [3.0 if h in wide else 1.0 for h in headers]
    scale = total / sum(weights)
    return [w * scale for w in weights]
