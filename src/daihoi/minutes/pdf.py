"""The counting minutes as an A4 PDF (reportlab platypus), with Be Vietnam Pro embedded.

The layout follows the party's template for a biên bản kiểm phiếu: the organisation and
"BAN KIỂM PHIẾU" top left, "ĐẢNG CỘNG SẢN VIỆT NAM" top right with the place and date under
it, the title, the body, the result table (its header repeated on every page it spans), the
signatures, and "Trang x/y" at the foot of each page.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
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

from daihoi.engine.tally import Status
from daihoi.fonts import BOLD, ITALIC, REGULAR, register_family
from daihoi.minutes.model import (
    COMMITTEE_HEADING,
    PARTY_HEADING,
    Minutes,
    Para,
    ParaKind,
    ResultTable,
    Run,
    Signature,
)
from daihoi.pdftext import para_text

MARGIN_LEFT = 25 * mm
MARGIN_RIGHT = 18 * mm
MARGIN_TOP = 18 * mm
MARGIN_BOTTOM = 20 * mm
FRAME_WIDTH = A4[0] - MARGIN_LEFT - MARGIN_RIGHT
NOTICE_RED = colors.HexColor("#9b1c1c")


def _styles() -> dict[str, ParagraphStyle]:
    family = register_family()
    base = ParagraphStyle(
        "body", fontName=family, fontSize=11, leading=15, alignment=TA_JUSTIFY, spaceAfter=3
    )
    return {
        "body": base,
        "item": ParagraphStyle(
            "item", parent=base, leftIndent=8 * mm, spaceAfter=1, alignment=TA_LEFT
        ),
        "subitem": ParagraphStyle(
            "subitem", parent=base, leftIndent=14 * mm, spaceAfter=1, alignment=TA_LEFT
        ),
        "heading": ParagraphStyle(
            "heading", parent=base, spaceBefore=8, spaceAfter=4, alignment=TA_LEFT, keepWithNext=1
        ),
        "lead": ParagraphStyle("lead", parent=base, keepWithNext=1),
        "notice": ParagraphStyle(
            "notice",
            parent=base,
            textColor=NOTICE_RED,
            borderColor=NOTICE_RED,
            borderWidth=1.5,
            borderPadding=6,
            backColor=colors.HexColor("#fdf2f2"),
            spaceBefore=10,
            spaceAfter=12,
        ),
        "closing": ParagraphStyle("closing", parent=base, spaceBefore=10, fontName=ITALIC),
        "org": ParagraphStyle(
            "org", fontName=REGULAR, fontSize=11, leading=15, alignment=TA_CENTER
        ),
        "org_bold": ParagraphStyle(
            "org_bold", fontName=BOLD, fontSize=11, leading=15, alignment=TA_CENTER
        ),
        "party": ParagraphStyle(
            "party", fontName=BOLD, fontSize=12, leading=16, alignment=TA_CENTER
        ),
        "date": ParagraphStyle(
            "date", fontName=ITALIC, fontSize=11, leading=15, alignment=TA_RIGHT, spaceBefore=6
        ),
        "title": ParagraphStyle(
            "title",
            fontName=BOLD,
            fontSize=15,
            leading=20,
            alignment=TA_CENTER,
            spaceBefore=14,
            spaceAfter=2,
        ),
        "subtitle": ParagraphStyle(
            "subtitle", fontName=BOLD, fontSize=12, leading=16, alignment=TA_CENTER, spaceAfter=12
        ),
        "cell": ParagraphStyle("cell", fontName=REGULAR, fontSize=10, leading=12.5),
        "cell_center": ParagraphStyle(
            "cell_center", fontName=REGULAR, fontSize=10, leading=12.5, alignment=TA_CENTER
        ),
        "cell_right": ParagraphStyle(
            "cell_right", fontName=REGULAR, fontSize=10, leading=12.5, alignment=TA_RIGHT
        ),
        "cell_head": ParagraphStyle(
            "cell_head", fontName=BOLD, fontSize=10, leading=12.5, alignment=TA_CENTER
        ),
        "sign_caption": ParagraphStyle(
            "sign_caption", fontName=BOLD, fontSize=11, leading=14, alignment=TA_CENTER
        ),
        "sign_hint": ParagraphStyle(
            "sign_hint", fontName=ITALIC, fontSize=9.5, leading=12, alignment=TA_CENTER
        ),
        "sign_name": ParagraphStyle(
            "sign_name", fontName=BOLD, fontSize=11, leading=14, alignment=TA_CENTER
        ),
    }


def _markup(runs: tuple[Run, ...]) -> str:
    out = []
    for run in runs:
        text = para_text(run.text)
        if run.bold:
            text = f"<b>{text}</b>"
        if run.italic:
            text = f"<i>{text}</i>"
        out.append(text)
    return "".join(out)


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no types
    """Writes "Trang x/y" on every page; y is known only once all pages are laid out, so page
    states are kept and the numbers drawn at save time."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved: list[dict[str, Any]] = []

    def showPage(self) -> None:  # reportlab's name
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved)
        for state in self._saved:
            self.__dict__.update(state)
            self.setFont(REGULAR, 9)
            self.setFillColor(colors.HexColor("#444444"))
            self.drawCentredString(
                A4[0] / 2, MARGIN_BOTTOM / 2, f"Trang {self._pageNumber}/{total}"
            )
            super().showPage()
        super().save()


def _header(m: Minutes, st: dict[str, ParagraphStyle]) -> Table:
    left: list[Flowable] = [
        Paragraph(para_text(m.organisation), st["org"]),
        Paragraph(COMMITTEE_HEADING, st["org_bold"]),
        HRFlowable(
            width=22 * mm, thickness=0.8, color=colors.black, spaceBefore=3, hAlign="CENTER"
        ),
    ]
    right: list[Flowable] = [
        Paragraph(f"<u>{PARTY_HEADING}</u>", st["party"]),
        Paragraph(para_text(m.place_date), st["date"]),
    ]
    table = Table([[left, right]], colWidths=[FRAME_WIDTH * 0.46, FRAME_WIDTH * 0.54])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("ALIGN", (0, 0), (0, 0), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _result_table(t: ResultTable, st: dict[str, ParagraphStyle]) -> Table:
    widths = [13 * mm, None, 20 * mm, 34 * mm, 33 * mm]
    fixed = sum(w for w in widths if w is not None)
    col_widths = [w if w is not None else FRAME_WIDTH - fixed for w in widths]
    data: list[list[Flowable]] = [[Paragraph(para_text(h), st["cell_head"]) for h in t.header]]
    for row in t.rows:
        winner = row.status in (Status.ELECTED, Status.ALTERNATE) and row.result != "Chưa công bố"
        result = para_text(row.result)
        data.append(
            [
                Paragraph(str(row.number), st["cell_center"]),
                Paragraph(para_text(row.name), st["cell"]),
                Paragraph(para_text(row.votes_text), st["cell_center"]),
                Paragraph(para_text(row.percent), st["cell_center"]),
                Paragraph(f"<b>{result}</b>" if winner else result, st["cell_center"]),
            ]
        )
    table = Table(data, colWidths=col_widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _signature_cell(sig: Signature | None, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    if sig is None:
        return []
    return [
        Paragraph(para_text(sig.caption), st["sign_caption"]),
        Paragraph("(Ký, ghi rõ họ tên)", st["sign_hint"]),
        Spacer(1, 16 * mm),
        Paragraph(para_text(sig.name) if sig.name else "&nbsp;", st["sign_name"]),
    ]


def _signatures(m: Minutes, st: dict[str, ParagraphStyle]) -> Table:
    # Three places a row; the head signs top right, the members fill the other places in order.
    cells: list[Signature | None] = list(m.member_signatures[:2])
    while len(cells) < 2:
        cells.append(None)
    cells.append(m.head_signature)
    cells.extend(m.member_signatures[2:])
    while len(cells) % 3:
        cells.append(None)
    rows = [[_signature_cell(s, st) for s in cells[i : i + 3]] for i in range(0, len(cells), 3)]
    table = Table(rows, colWidths=[FRAME_WIDTH / 3] * 3)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
            ]
        )
    )
    return table


def render_pdf(minutes: Minutes) -> bytes:
    """Lay out the minutes as an A4 PDF and return its bytes."""
    st = _styles()
    story: list[Flowable] = [
        _header(minutes, st),
        Paragraph(para_text(minutes.title), st["title"]),
        Paragraph(para_text(minutes.subtitle), st["subtitle"]),
    ]
    closing: list[Flowable] = []
    for block in minutes.body:
        if isinstance(block, ResultTable):
            story.append(_result_table(block, st))
            story.append(Spacer(1, 4))
            continue
        assert isinstance(block, Para)
        style = {
            ParaKind.HEADING: st["heading"],
            ParaKind.BODY: st["body"],
            ParaKind.LEAD: st["lead"],
            ParaKind.ITEM: st["item"],
            ParaKind.SUBITEM: st["subitem"],
            ParaKind.NOTICE: st["notice"],
            ParaKind.CLOSING: st["closing"],
        }[block.kind]
        flowable = Paragraph(_markup(block.runs), style)
        if block.kind is ParaKind.CLOSING:
            closing.append(flowable)
        else:
            story.append(flowable)
    closing.append(Spacer(1, 6 * mm))
    closing.append(_signatures(minutes, st))
    story.append(KeepTogether(closing))

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=f"{minutes.title} – {minutes.subtitle}",
        author=COMMITTEE_HEADING,
        lang="vi",
        # Start on our font, so no standard font (without Vietnamese letters) is referenced.
        initialFontName=REGULAR,
    )
    doc.build(story, canvasmaker=_NumberedCanvas)
    return buffer.getvalue()
