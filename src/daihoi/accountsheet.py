"""The sheet of station accounts (phiếu tài khoản trạm kiểm phiếu): A4 pages of slips to cut
apart, one per person, with the station's address, the username and the one-time password.

Pure: data in, bytes out. Every text is a person's typing and goes through ``para_text``.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph

from daihoi.fonts import BOLD, register_family
from daihoi.pdftext import para_text

SLIP_W, SLIP_H = 180 * mm, 44 * mm
PER_PAGE = 6


@dataclass(frozen=True)
class Slip:
    name: str
    task: str  # "Ban Kiểm phiếu — Trưởng ban" …
    username: str
    password: str  # the one-time password, printed once and never kept


def account_sheet_pdf(congress: str, address: str, valid: str, slips: Iterable[Slip]) -> bytes:
    """The slips of ``slips`` for ``congress`` (its full name), six to an A4 page; ``address``
    is where to sign in, ``valid`` says until when the account works."""
    family = register_family()
    head = ParagraphStyle("head", fontName=BOLD, fontSize=9, leading=11)
    name_style = ParagraphStyle("name", fontName=BOLD, fontSize=13, leading=16)
    small = ParagraphStyle("small", fontName=family, fontSize=8.5, leading=10.5)
    label = ParagraphStyle("label", fontName=family, fontSize=10, leading=13)
    secret = ParagraphStyle("secret", fontName=BOLD, fontSize=16, leading=19)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(f"Tài khoản trạm kiểm phiếu — {congress}")
    page_w, page_h = A4
    margin_x = (page_w - SLIP_W) / 2
    margin_y = (page_h - PER_PAGE * SLIP_H) / 2
    count = 0
    for slip in slips:
        if count and count % PER_PAGE == 0:
            pdf.showPage()
        x = margin_x
        y = page_h - margin_y - (count % PER_PAGE + 1) * SLIP_H
        pdf.setStrokeColorRGB(0.6, 0.6, 0.6)
        pdf.setDash(2, 2)
        pdf.rect(x, y, SLIP_W, SLIP_H)  # the cutting line
        pdf.setDash()
        pad = 4 * mm
        column = (SLIP_W - 3 * pad) / 2
        left = [
            Paragraph(f"{para_text(congress.upper())} — TÀI KHOẢN TRẠM KIỂM PHIẾU", head),
            Paragraph(para_text(slip.name), name_style),
            Paragraph(para_text(slip.task), small),
            Paragraph(f"Đăng nhập tại: {para_text(address)}", small),
            Paragraph(para_text(valid), small),
        ]
        right = [
            Paragraph("Tên đăng nhập", label),
            Paragraph(para_text(slip.username), secret),
            Paragraph("Mật khẩu dùng một lần", label),
            Paragraph(para_text(slip.password), secret),
            Paragraph("Lần đăng nhập đầu tiên phải đặt mật khẩu riêng.", small),
        ]
        for blocks, left_x in ((left, x + pad), (right, x + 2 * pad + column)):
            top = y + SLIP_H - pad
            for block in blocks:
                _w, h = block.wrap(column, 20 * mm)
                top -= h
                block.drawOn(pdf, left_x, top)
                top -= 0.8 * mm
        count += 1
    if count == 0:
        pdf.setFont(family, 12)
        pdf.drawString(25 * mm, page_h - 30 * mm, "Không có tài khoản nào.")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
