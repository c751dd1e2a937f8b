"""The office's letter that goes with a congress package (công văn gửi kèm gói đại hội).

It prints the office key's fingerprint large, so that the station's operator can compare it,
group by group, with what the station shows before trusting the key (trust on first use,
checked out of band: the letter travels by hand or by post, the package on a USB stick).
Every text is people's input: escaped before it becomes Paragraph markup.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from daihoi.fonts import BOLD, ITALIC, REGULAR, register_family
from daihoi.pdftext import para_text
from daihoi.vnformat import format_long_date


def letter(
    *,
    issuer: str,
    congress_name: str,
    organisation: str,
    term: str,
    record_id: str,
    fingerprint: str,
    today: date,
) -> bytes:
    """The letter as PDF bytes (one A4 page)."""
    register_family()
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=12, leading=17, spaceAfter=6)
    title = ParagraphStyle(
        "title", parent=body, fontName=BOLD, fontSize=15, leading=20, alignment=TA_CENTER
    )
    big = ParagraphStyle(
        "big", parent=body, fontName=BOLD, fontSize=30, leading=40, alignment=TA_CENTER
    )
    small = ParagraphStyle("small", parent=body, fontName=ITALIC, fontSize=11, leading=15)
    right = ParagraphStyle("right", parent=body, fontName=ITALIC, alignment=2)

    def p(text: object, style: ParagraphStyle) -> Paragraph:
        return Paragraph(para_text(text), style)

    groups = fingerprint.split("-")
    out = BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title="Dấu vân tay khoá của văn phòng",
        author="daihoi",
    )
    fingerprint_table = Table(
        [[p(g, big) for g in groups]], colWidths=[38 * mm] * len(groups), rowHeights=[20 * mm]
    )
    fingerprint_table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1, "black"),
                ("INNERGRID", (0, 0), (-1, -1), 0.5, "black"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    story = [
        Table(
            [
                [
                    p(
                        issuer.upper(),
                        ParagraphStyle("issuer", parent=body, fontName=BOLD, alignment=TA_CENTER),
                    ),
                    p(format_long_date(today).capitalize(), right),
                ]
            ],
            colWidths=[80 * mm, 85 * mm],
        ),
        Spacer(1, 6 * mm),
        p("THÔNG BÁO DẤU VÂN TAY KHOÁ CỦA VĂN PHÒNG", title),
        p(
            "gửi kèm gói đại hội cho trạm kiểm phiếu",
            ParagraphStyle("sub", parent=title, fontName=ITALIC, fontSize=12),
        ),
        Spacer(1, 6 * mm),
        p(f"Đại hội: {congress_name}", body),
        p(f"Tổ chức: {organisation}", body),
        p(f"Nhiệm kỳ: {term}", body),
        p(f"Mã đại hội: {record_id}", body),
        Spacer(1, 4 * mm),
        p(
            "Gói đại hội được ký bằng khoá của văn phòng. Lần đầu nhận gói, trạm kiểm phiếu hiện "
            "dấu vân tay của khoá đã ký gói. Người vận hành trạm so từng nhóm bốn ký tự dưới đây "
            "với dấu vân tay trên màn hình; chỉ nhận gói khi cả bốn nhóm trùng khớp.",
            body,
        ),
        Spacer(1, 3 * mm),
        fingerprint_table,
        Spacer(1, 4 * mm),
        p(
            "Nếu dấu vân tay trên trạm khác với công văn này, không nhận gói và gọi điện ngay cho "
            "văn phòng. Văn phòng không bao giờ đổi khoá mà không báo bằng công văn mới.",
            small,
        ),
        Spacer(1, 14 * mm),
        Table(
            [
                [p("", body), p("NGƯỜI GỬI", ParagraphStyle("sign", parent=title, fontSize=12))],
                [
                    p("", body),
                    p(
                        "(ký, ghi rõ họ tên)",
                        ParagraphStyle("signhint", parent=small, alignment=TA_CENTER),
                    ),
                ],
                [p("", body), Spacer(1, 25 * mm)],
                [
                    p("", body),
                    p("……………………………………", ParagraphStyle("line", parent=body, alignment=TA_CENTER)),
                ],
            ],
            colWidths=[75 * mm, 85 * mm],
        ),
    ]
    doc.build(story)
    return out.getvalue()
