"""The printable briefing report (báo cáo nhanh) of a dashboard as a PDF, in Vietnamese."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import fontpkg_be_vietnam_pro
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .figures import Dashboard
from .tables import cell_text, dashboard_tables
from .vnformat import format_date, format_int, format_percent

FONT_DIR = Path(fontpkg_be_vietnam_pro.__file__).resolve().parent / "files"
REGULAR = "BeVietnamPro"
BOLD = "BeVietnamPro-Bold"


def _register_fonts() -> None:
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "BeVietnamPro-Regular.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "BeVietnamPro-Bold.ttf")))


def render_report(board: Dashboard, printed_by: str) -> bytes:
    """A landscape A4 PDF with the headline figures, the forecasts and every table."""
    _register_fonts()
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=9, leading=12)
    title = ParagraphStyle("title", fontName=BOLD, fontSize=15, leading=19, spaceAfter=4)
    heading = ParagraphStyle("heading", fontName=BOLD, fontSize=11, leading=14, spaceBefore=8,
                             spaceAfter=4)
    cell = ParagraphStyle("cell", fontName=REGULAR, fontSize=7.5, leading=9)
    head_cell = ParagraphStyle("head", fontName=BOLD, fontSize=7.5, leading=9)

    story: list = [
        Paragraph(_("Báo cáo tình hình đại hội — %(unit)s") % {"unit": board.root.name}, title),
    ]
    if board.season is not None:
        story.append(Paragraph(
            _("%(season)s, nhiệm kỳ %(term)s. Số liệu đến ngày %(today)s; người in: %(who)s.")
            % {"season": board.season.name, "term": board.season.term_label,
               "today": format_date(board.today), "who": printed_by}, body))
        story.append(Paragraph(
            _("Đã tổ chức %(held)s/%(total)s đại hội (%(percent)s); quá hạn %(overdue)s, "
              "hoãn %(postponed)s, trong tuần này %(week)s; %(pilot)s đại hội điểm; "
              "%(direct)s bí thư được bầu trực tiếp tại đại hội; "
              "%(open)s vướng mắc chờ trả lời.")
            % {"held": format_int(board.held), "total": format_int(board.total),
               "percent": format_percent(board.percent),
               "overdue": format_int(board.overdue_count),
               "postponed": format_int(board.postponed_count),
               "week": format_int(board.this_week_count),
               "pilot": format_int(board.pilot_count),
               "direct": format_int(board.direct_elected_count),
               "open": format_int(board.difficulty_counts.open)}, body))
    else:
        story.append(Paragraph("Chưa có đợt đại hội nào cho đơn vị này.", body))

    page_width = landscape(A4)[0] - 24 * mm
    for table in dashboard_tables(board):
        story.append(Paragraph(table.title, heading))
        if not table.rows:
            story.append(Paragraph("Không có.", body))
            continue
        data = [[Paragraph(h, head_cell) for h in table.headers]]
        data += [[Paragraph(cell_text(v), cell) for v in row] for row in table.rows]
        widths = _widths(table.headers, page_width)
        grid = Table(data, colWidths=widths, repeatRows=1)
        grid.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f4f6")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        story.append(grid)
        story.append(Spacer(1, 4))

    out = BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
        topMargin=12 * mm, bottomMargin=12 * mm,
        title=_("Báo cáo tình hình đại hội — %(unit)s") % {"unit": board.root.name},
        author="daihoi",
    )
    doc.build(story)
    return out.getvalue()


def _widths(headers: list[str], total: float) -> list[float]:
    # Names and free text get more room than the figures.
    wide = {_("Đơn vị"), _("Vướng mắc"), _("Dự báo"), _("Lý do hoãn"), _("Chỉ tiêu"), _("Tổ công tác phụ trách")}
    weights = [3.0 if h in wide else 1.0 for h in headers]
    scale = total / sum(weights)
    return [w * scale for w in weights]
