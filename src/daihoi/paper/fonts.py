"""Text measurement on the ballot (the typeface and its registration are ``daihoi.fonts``).

Names are measured with reportlab's own metrics so that the printed-name boxes in the layout are
tight around the ink the printer will lay down; the vertical extent comes from the glyph bounding
boxes in the font file, because Vietnamese diacritics (Ễ, Ỗ, ặ) reach far above a capital letter.
"""

from __future__ import annotations

import struct
from functools import cache

from reportlab.pdfbase import pdfmetrics

from daihoi.fonts import Face, ttfont


def text_width(text: str, face: Face, size: float) -> float:
    """Advance width of ``text`` in points at ``size``, exactly as reportlab will set it."""
    ttfont(face)
    return float(pdfmetrics.stringWidth(text, face.value, size))


@cache
def _glyph_extents(face: Face) -> dict[int, tuple[int, int]]:
    """Per code point: (yMax, yMin) of its glyph in 1/1000 em (glyphs without outlines: 0, 0)."""
    ttf = ttfont(face).face
    data: bytes = ttf._ttf_data
    glyf = int(ttf.get_table_pos("glyf")[0])
    scale = 1000.0 / float(ttf.unitsPerEm)
    positions: list[int] = list(ttf.glyphPos)
    extents: dict[int, tuple[int, int]] = {}
    for char, glyph in ttf.charToGlyph.items():
        start, end = positions[glyph], positions[glyph + 1]
        if end <= start:
            extents[char] = (0, 0)
            continue
        _contours, _x_min, y_min, _x_max, y_max = struct.unpack(
            ">hhhhh", data[glyf + start : glyf + start + 10]
        )
        extents[char] = (round(y_max * scale), round(y_min * scale))
    return extents


def ink_extent(text: str, face: Face, size: float) -> tuple[float, float]:
    """How far the ink of ``text`` reaches above and below the baseline, in points.

    Returns ``(above, below)``, both non-negative for ordinary text. Characters the font lacks
    count as a capital letter so that the box is never smaller than what is printed.
    """
    extents = _glyph_extents(face)
    fallback = (740, 0)
    top = max((extents.get(ord(c), fallback)[0] for c in text), default=0)
    bottom = min((extents.get(ord(c), fallback)[1] for c in text), default=0)
    return top * size / 1000.0, -bottom * size / 1000.0


def has_glyphs(text: str, face: Face = Face.REGULAR) -> bool:
    """Whether the face has a glyph for every character of ``text`` (spaces included)."""
    extents = _glyph_extents(face)
    return all(ord(c) in extents for c in text)
