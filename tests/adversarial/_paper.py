"""Scanned ballots made from outside: the PDF `daihoi ballot print` writes, rendered like a
scanner would, with a red seal stamped and names struck through by a pen."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path

DPI = 150


def render_ballot(
    pdf: Path,
    layout: Path,
    out: Path,
    *,
    struck: list[int],
    seal_shift: float,
    partial: list[int] | None = None,
) -> Path:
    import pypdfium2
    from PIL import ImageDraw

    lay = json.loads(layout.read_text(encoding="utf-8"))
    scale = DPI / 72
    doc = pypdfium2.PdfDocument(str(pdf))
    image = doc[0].render(scale=scale).to_pil().convert("RGB")
    doc.close()
    draw = ImageDraw.Draw(image)

    def px(v: float) -> int:
        return round(v * scale)

    x0, y0, x1, y1 = lay["seal"]
    cx = (x0 + x1) / 2 + seal_shift
    cy = (y0 + y1) / 2 + seal_shift / 2
    r = min(x1 - x0, y1 - y0) * 0.42
    draw.ellipse(
        [px(cx - r), px(cy - r), px(cx + r), px(cy + r)], outline=(200, 20, 30), width=px(3)
    )
    draw.ellipse(
        [px(cx - r * 0.55), px(cy - r * 0.55), px(cx + r * 0.55), px(cy + r * 0.55)],
        fill=(205, 30, 40),
    )
    rows = {row["number"]: row for row in lay["rows"]}
    for number in struck:
        n0, m0, n1, m1 = rows[number]["name"]
        mid = (m0 + m1) / 2
        draw.line(
            [px(n0 - 6), px(mid + 1), px(n1 + 6), px(mid - 1)], fill=(20, 30, 120), width=px(1.6)
        )
    for number in partial or []:
        n0, m0, n1, m1 = rows[number]["name"]
        mid = (m0 + m1) / 2
        draw.line(
            [px(n0 - 2), px(mid), px(n0 + (n1 - n0) * 0.45), px(mid)],
            fill=(20, 30, 120),
            width=px(1.6),
        )
    image.save(out, dpi=(DPI, DPI))
    return out


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header claims width × height pixels (8-bit grey)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * ((width + 1) * 20), 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def pdf_with_page(points: float, out: Path) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(out), pagesize=(points, points))
    c.drawString(72, 72, "trang qua lon")
    c.showPage()
    c.save()
    return out
