"""Printing ballots (in phiếu bầu) with reportlab from a ``BallotDesign``.

The page is drawn once as a PDF form XObject and placed on every page, so ``--copies 500``
stays small and every copy is the same drawing: no serial numbers, no per-copy codes. The PDF is
written in reportlab's invariant mode (no timestamps, fixed document id) so that printing the
same election twice gives the same bytes.

``layout`` coordinates are from the page's top-left; reportlab's origin is the bottom-left, so
every y goes through ``_y`` (a point) or ``_rect`` (a box).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

import segno
from reportlab.pdfgen.canvas import Canvas

from daihoi.fonts import register_faces
from daihoi.paper.layout import Align, BallotDesign, Box, Layout, qr_payload

PAGE_FORM = "ballot"
SEAL_GREY = 0.6
ROW_FONT_GREY = 0.0


def _y(layout: Layout, y: float) -> float:
    """A top-left y as reportlab's bottom-left y."""
    return layout.page_height - y


def _rect(layout: Layout, box: Box) -> tuple[float, float, float, float]:
    """A top-left box as reportlab's ``(x, y, width, height)`` with y at the box's bottom edge."""
    x0, y0, x1, y1 = box
    return x0, layout.page_height - y1, x1 - x0, y1 - y0


def qr_matrix(layout: Layout) -> list[list[bool]]:
    """The QR symbol of the ballot (error correction M), dark modules as ``True``, no border."""
    qr = segno.make_qr(qr_payload(layout), error="m", boost_error=False)
    return [[bool(v) for v in row] for row in qr.matrix]


def _draw_qr(canvas: Canvas, layout: Layout) -> None:
    matrix = qr_matrix(layout)
    x0, y_bottom, width, height = _rect(layout, layout.qr)
    module = width / len(matrix)
    canvas.setFillGray(0.0)
    for r, row in enumerate(matrix):
        c = 0
        # Runs of dark modules as one rectangle each: fewer seams between modules when rasterised.
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            top = y_bottom + height - r * module
            canvas.rect(
                x0 + start * module, top - module, (c - start) * module, module, stroke=0, fill=1
            )


def _draw_page(canvas: Canvas, design: BallotDesign) -> None:
    layout = design.layout
    canvas.setFillGray(0.0)
    for box in layout.fiducials:
        canvas.rect(*_rect(layout, box), stroke=0, fill=1)

    # Seal area: a light dashed box the convening committee stamps (dấu của Ban Tổ chức).
    canvas.saveState()
    canvas.setStrokeGray(SEAL_GREY)
    canvas.setLineWidth(0.6)
    canvas.setDash(3, 2.5)
    canvas.rect(*_rect(layout, layout.seal), stroke=1, fill=0)
    canvas.restoreState()

    _draw_qr(canvas, layout)

    for rule in design.rules:
        canvas.setStrokeGray(rule.grey)
        canvas.setLineWidth(rule.width)
        canvas.line(rule.x0, _y(layout, rule.y0), rule.x1, _y(layout, rule.y1))

    for row in layout.rows:
        for x_box in (row.agree, row.disagree):
            if x_box is not None:
                canvas.setStrokeGray(0.0)
                canvas.setLineWidth(0.9)
                canvas.rect(*_rect(layout, x_box), stroke=1, fill=0)

    for line in (*design.texts, design.seal_label):
        canvas.setFillGray(line.grey)
        canvas.setFont(line.face.value, line.size)
        y = _y(layout, line.baseline)
        if line.align is Align.CENTRE:
            canvas.drawCentredString(line.x, y, line.text)
        elif line.align is Align.RIGHT:
            canvas.drawRightString(line.x, y, line.text)
        else:
            canvas.drawString(line.x, y, line.text)


@contextmanager
def _canvas(target: io.BytesIO, design: BallotDesign) -> Iterator[Canvas]:
    register_faces()
    layout = design.layout
    canvas = Canvas(
        target,
        pagesize=(layout.page_width, layout.page_height),
        invariant=1,
        pageCompression=1,
    )
    canvas.setTitle(f"Phiếu bầu {layout.election} – vòng {layout.round}")
    canvas.setAuthor("daihoi")
    canvas.setCreator("daihoi")
    canvas.setSubject(qr_payload(layout))
    yield canvas
    canvas.save()


def render_ballots(design: BallotDesign, copies: int = 1) -> bytes:
    """A PDF with ``copies`` identical pages of the ballot."""
    if copies < 1:
        raise ValueError("copies must be at least 1")
    buffer = io.BytesIO()
    with _canvas(buffer, design) as canvas:
        canvas.beginForm(PAGE_FORM)
        _draw_page(canvas, design)
        canvas.endForm()
        for _ in range(copies):
            canvas.doForm(PAGE_FORM)
            canvas.showPage()
    return buffer.getvalue()
