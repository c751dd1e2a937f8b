"""The printable briefing report (báo cáo nhanh) of a dashboard as a PDF, in Vietnamese.

Laid out as a party document: the letterhead (``letterhead.py``), the title, the figures, the
completion chart and every table of the dashboard; each table is kept on one page when it fits
(its header row repeated when it does not), figures are right-aligned, dates ``dd/mm/yyyy``, and
every page is numbered "Trang x/y" at its foot.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from daihoi.fonts import BOLD, ITALIC, REGULAR, register_family
from daihoi.pdftext import para_text
from daihoi.vnformat import format_date, format_int, format_percent

from .figures import Dashboard
from .letterhead import Letterhead, letterhead
from .tables import Cell, cell_text, dashboard_tables
from .tables import Table as BoardTable

PAGE = landscape(A4)
MARGIN = 12 * mm
FRAME_WIDTH = PAGE[0] - 2 * MARGIN
CELL_FONT_SIZE = 7.5
CELL_PADDING = 4.0  # each side of a cell
_PROGRESS = re.compile(r"^[\d.]+/[\d.]+$")  # "12/40": held of total


def _para(text: object, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: names and notes are people's input, never reportlab markup."""
    return Paragraph(para_text(text), style)


def _styles() -> dict[str, ParagraphStyle]:
    register_family()
    cell = ParagraphStyle("cell", fontName=REGULAR, fontSize=CELL_FONT_SIZE, leading=9)
    return {
        "body": ParagraphStyle("body", fontName=REGULAR, fontSize=9.5, leading=13),
        "above": ParagraphStyle(
            "above", fontName=REGULAR, fontSize=10.5, leading=13.5, alignment=TA_CENTER
        ),
        "issuer": ParagraphStyle(
            "issuer", fontName=BOLD, fontSize=10.5, leading=13.5, alignment=TA_CENTER
        ),
        "number": ParagraphStyle(
            "number", fontName=REGULAR, fontSize=10, leading=13, alignment=TA_CENTER
        ),
        "party": ParagraphStyle(
            "party", fontName=BOLD, fontSize=11.5, leading=15, alignment=TA_CENTER
        ),
        "date": ParagraphStyle(
            "date",
            fontName=ITALIC,
            fontSize=10.5,
            leading=14,
            alignment=TA_CENTER,
            spaceBefore=8,
        ),
        "title": ParagraphStyle(
            "title",
            fontName=BOLD,
            fontSize=14,
            leading=18,
            alignment=TA_CENTER,
            spaceBefore=10,
        ),
        "subtitle": ParagraphStyle(
            "subtitle", fontName=BOLD, fontSize=11, leading=14.5, alignment=TA_CENTER
        ),
        "heading": ParagraphStyle(
            "heading",
            fontName=BOLD,
            fontSize=11,
            leading=14,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "cell": cell,
        "cell_right": ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        "cell_centre": ParagraphStyle("cell_centre", parent=cell, alignment=TA_CENTER),
        "head": ParagraphStyle("head", parent=cell, fontName=BOLD, alignment=TA_CENTER),
    }


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no types
    """Writes "Trang x/y" at the foot of every page; y is known only once every page is laid
    out, so the pages are kept and numbered when the document is saved."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved: list[dict[str, Any]] = []
        self._page_label = _("Trang %(page)s/%(pages)s")

    def showPage(self) -> None:  # reportlab's name
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved)
        for state in self._saved:
            self.__dict__.update(state)
            self.setFont(REGULAR, 8)
            self.setFillColor(colors.HexColor("#444444"))
            self.drawCentredString(
                PAGE[0] / 2,
                MARGIN / 2,
                self._page_label % {"page": self._pageNumber, "pages": total},
            )
            super().showPage()
        super().save()


def _letterhead(head: Letterhead, st: dict[str, ParagraphStyle]) -> Table:
    left: list[Flowable] = []
    if head.above:
        left.append(_para(head.above, st["above"]))
    left += [
        _para(head.issuer, st["issuer"]),
        _para("*", st["issuer"]),
        _para(head.number, st["number"]),
    ]
    right: list[Flowable] = [
        Paragraph(f"<u>{para_text(head.party)}</u>", st["party"]),
        _para(head.place_date, st["date"]),
    ]
    table = Table([[left, right]], colWidths=[FRAME_WIDTH * 0.42, FRAME_WIDTH * 0.58])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def render_report(board: Dashboard, printed_by: str) -> bytes:
    """A landscape A4 PDF with the letterhead, the headline figures, the forecasts and every
    table."""
    st = _styles()
    body = st["body"]
    lineage = list(reversed(board.root.ancestors_and_self()))
    story: list[Flowable] = [
        _letterhead(letterhead(lineage, board.today), st),
        _para(_("BÁO CÁO"), st["title"]),
        _para(_("Tình hình đại hội — %(unit)s") % {"unit": board.root.name}, st["subtitle"]),
        HRFlowable(width=30 * mm, thickness=0.6, color=colors.black, spaceBefore=4, spaceAfter=8),
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

    if board.chart_lines:
        story.append(
            KeepTogether(
                [
                    _para(_("Tiến độ theo thời gian"), st["heading"]),
                    completion_drawing(board, FRAME_WIDTH, 55 * mm),
                ]
            )
        )
    for table in dashboard_tables(board):
        heading = _para(table.title, st["heading"])
        if not table.rows:
            story.append(KeepTogether([heading, _para(_("Không có."), body)]))
            continue
        # A table that fits on a page starts on a fresh one rather than split; a longer one
        # splits with its header row repeated.
        story.append(KeepTogether([heading, _grid(table, st)]))
        story.append(Spacer(1, 4))

    out = BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=_("Báo cáo tình hình đại hội — %(unit)s") % {"unit": board.root.name},
        author="daihoi",
        lang="vi",
        initialFontName=REGULAR,
    )
    doc.build(story, canvasmaker=_NumberedCanvas)
    return out.getvalue()


def _column_kind(header: str, values: list[Cell]) -> str:
    """How a column is set: "code" and "date" never wrap, "number" right-aligned, else "text"."""
    if header == _("Mã"):
        return "code"
    present = [v for v in values if v is not None and v != "" and v != "–"]
    if not present:
        return "number"
    if all(isinstance(v, date) for v in present):
        return "date"
    if all(
        (isinstance(v, int | Decimal) and not isinstance(v, bool))
        or (isinstance(v, str) and _PROGRESS.match(v))
        for v in present
    ):
        return "number"
    return "text"


def _grid(table: BoardTable, st: dict[str, ParagraphStyle]) -> Table:
    columns = list(zip(*table.rows, strict=True))
    kinds = [_column_kind(h, list(col)) for h, col in zip(table.headers, columns, strict=True)]
    style_of = {"number": "cell_right", "date": "cell_centre", "code": "cell", "text": "cell"}
    data: list[list[Flowable]] = [[_para(h, st["head"]) for h in table.headers]]
    data += [
        [_para(cell_text(v), st[style_of[k]]) for v, k in zip(row, kinds, strict=True)]
        for row in table.rows
    ]
    grid = Table(data, colWidths=_widths(table, kinds), repeatRows=1)
    grid.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f4f6")),
                ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
                ("VALIGN", (0, 1), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ]
        )
    )
    return grid


def _text_width(text: str, bold: bool = False) -> float:
    return stringWidth(text, BOLD if bold else REGULAR, CELL_FONT_SIZE)


def _widths(table: BoardTable, kinds: list[str]) -> list[float]:
    """Codes, dates and figures get the width of their longest entry (a code never wraps), at
    least the longest word of their header; names and free text share what is left."""
    fixed: dict[int, float] = {}
    for index, (header, kind) in enumerate(zip(table.headers, kinds, strict=True)):
        if kind == "text":
            continue
        longest = max(_text_width(cell_text(row[index])) for row in table.rows)
        word = max(_text_width(w, bold=True) for w in header.split())
        # (+1: a line exactly as wide as its cell would still wrap on rounding.)
        least = 12 * mm if kind == "number" else 0
        fixed[index] = max(longest, word, least) + 2 * CELL_PADDING + 1
    # Names and free text get more room than short labels (level, status).
    wide = {
        _("Đơn vị"),
        _("Vướng mắc"),
        _("Dự báo"),
        _("Lý do hoãn"),
        _("Chỉ tiêu"),
        _("Tổ công tác phụ trách"),
    }
    weights = {i: 3.0 if h in wide else 1.0 for i, h in enumerate(table.headers) if i not in fixed}
    left = FRAME_WIDTH - sum(fixed.values())
    if not weights:
        scale = FRAME_WIDTH / sum(fixed.values())
        return [fixed[i] * scale for i in range(len(kinds))]
    if left < 25 * mm * len(weights):
        # Too many figures: narrow them (their headers wrap more), never a code or a date.
        numbers = [i for i in fixed if kinds[i] == "number"]
        rest = sum(w for i, w in fixed.items() if i not in numbers)
        squeeze = (FRAME_WIDTH - 25 * mm * len(weights) - rest) / sum(fixed[i] for i in numbers)
        fixed = {i: w * squeeze if i in numbers else w for i, w in fixed.items()}
        left = FRAME_WIDTH - sum(fixed.values())
    unit = left / sum(weights.values())
    shares = {i: w * unit for i, w in weights.items()}
    # A short label ("Cơ sở") needs no more than its own width: what it would not use goes to
    natural = {
        i: max(
            max(_text_width(cell_text(row[i])) for row in table.rows),
            _text_width(table.headers[i], bold=True),
        )
        + 2 * CELL_PADDING
        for i in shares
    }
    # the figures, up to the width of their header on one line; the rest stays with the text.
    if fixed and all(natural[i] < shares[i] for i in shares):
        spare = sum(shares[i] - natural[i] for i in shares)
        wanted = {
            i: max(0.0, _text_width(table.headers[i], bold=True) + 2 * CELL_PADDING - w)
            for i, w in fixed.items()
        }
        given = min(spare, sum(wanted.values()))
        if given:
            fixed = {i: w + given * wanted[i] / sum(wanted.values()) for i, w in fixed.items()}
        extra = (spare - given) / sum(weights.values())
        shares = {i: natural[i] + weights[i] * extra for i in shares}
    return [fixed[i] if i in fixed else shares[i] for i in range(len(kinds))]


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
    drawing.add(String(left, 3, format_date(first), fontName=REGULAR, fontSize=6.5))
    drawing.add(
        String(
            left + plot_w,
            3,
            format_date(last),
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
            first_point = line.projected[0]
            projected: list[float] = [x(first_point.day), y(first_point.held, line.total)]
            for before, point in zip(line.projected, line.projected[1:], strict=False):
                projected += [x(point.day), y(before.held, line.total)]
                projected += [x(point.day), y(point.held, line.total)]
            drawing.add(
                PolyLine(projected, strokeColor=colour, strokeWidth=0.9, strokeDashArray=[3, 2])
            )
        ly = bottom + plot_h - 8 - 9 * index
        drawing.add(Rect(left + 4, ly, 6, 6, fillColor=colour, strokeColor=None))
        drawing.add(String(left + 13, ly + 0.5, line.label, fontName=REGULAR, fontSize=7))
    return drawing
