"""Delegate cards (thẻ đại biểu): a PDF of A4 pages, eight cards a page, each with the
congress, the delegate's number and name, and a QR of the card's code for the attendance desk.

Pure: data in, bytes out. Every text is a person's typing and goes through ``para_text``.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

import segno
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph

from daihoi.fonts import BOLD, register_family
from daihoi.pdftext import para_text

COLUMNS, ROWS = 2, 4
CARD_W, CARD_H = 90 * mm, 62 * mm
QR_SIZE = 30 * mm


@dataclass(frozen=True)
class Card:
    number: int
    name: str
    unit: str
    kind: str  # "Đại biểu chính thức" …
    code: str  # what the QR holds


def _qr(code: str, size: float) -> Drawing:
    """The QR of ``code`` as vector squares (sharp at any printer's resolution)."""
    qr = segno.make_qr(code, error="m")
    matrix = [list(row) for row in qr.matrix]
    border = 2
    cells = len(matrix) + 2 * border
    step = size / cells
    drawing = Drawing(size, size)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                drawing.add(
                    Rect(
                        (x + border) * step,
                        size - (y + border + 1) * step,
                        step,
                        step,
                        fillColor="black",
                        strokeColor=None,
                    )
                )
    return drawing


def cards_pdf(congress: str, cards: Iterable[Card]) -> bytes:
    """The cards of ``cards`` for ``congress`` (its full name), eight to an A4 page."""
    family = register_family()
    title = ParagraphStyle("title", fontName=BOLD, fontSize=9, leading=11, alignment=1)
    name_style = ParagraphStyle("name", fontName=BOLD, fontSize=13, leading=16)
    small = ParagraphStyle("small", fontName=family, fontSize=8.5, leading=10.5)
    number_style = ParagraphStyle("number", fontName=BOLD, fontSize=22, leading=24)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(f"Thẻ đại biểu — {congress}")
    page_w, page_h = A4
    margin_x = (page_w - COLUMNS * CARD_W) / 2
    margin_y = (page_h - ROWS * CARD_H) / 2
    per_page = COLUMNS * ROWS
    count = 0
    for card in cards:
        if count and count % per_page == 0:
            pdf.showPage()
        slot = count % per_page
        x = margin_x + (slot % COLUMNS) * CARD_W
        y = page_h - margin_y - (slot // COLUMNS + 1) * CARD_H
        pdf.setStrokeColorRGB(0.6, 0.6, 0.6)
        pdf.setDash(2, 2)
        pdf.rect(x, y, CARD_W, CARD_H)  # the cutting line
        pdf.setDash()
        pad = 4 * mm
        head = Paragraph(f"{para_text(congress.upper())}<br/>THẺ ĐẠI BIỂU", title)
        _w, head_h = head.wrap(CARD_W - 2 * pad, 20 * mm)
        head.drawOn(pdf, x + pad, y + CARD_H - pad - head_h)
        text_w = CARD_W - 3 * pad - QR_SIZE
        blocks = [
            Paragraph(f"Số {card.number}", number_style),
            Paragraph(para_text(card.name), name_style),
            Paragraph(para_text(card.kind), small),
        ]
        if card.unit:
            blocks.append(Paragraph(para_text(card.unit), small))
        top = y + CARD_H - pad - head_h - 3 * mm
        for block in blocks:
            _w, h = block.wrap(text_w, 20 * mm)
            top -= h
            block.drawOn(pdf, x + pad, top)
            top -= 1 * mm
        renderPDF.draw(_qr(card.code, QR_SIZE), pdf, x + CARD_W - pad - QR_SIZE, y + pad)
        count += 1
    if count == 0:
        pdf.setFont(family, 12)
        pdf.drawString(25 * mm, page_h - 30 * mm, "Chưa có đại biểu nào.")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
