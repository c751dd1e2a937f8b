"""The Be Vietnam Pro typeface and its registration with reportlab: the one place that does it.

Every PDF we make (ballots, counting minutes, the web's briefing report) embeds this typeface so
each diacritic prints the same everywhere. The static TTFs come from the PyPI package
``fontpkg_be_vietnam_pro``. Registration happens once per process and per name: registering is
idempotent and cheap after the first call.

* Ballots set text in ``Face`` weights (``register_faces``, ``ttfont``): each face is registered
  under its own file's name.
* Documents with paragraphs (the minutes, the web's report) use the ``FAMILY`` with its four
  faces (``register_family``), so that ``<b>`` and ``<i>`` in a paragraph pick the right face.
"""

from __future__ import annotations

from enum import Enum
from functools import cache
from pathlib import Path

import fontpkg_be_vietnam_pro
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(fontpkg_be_vietnam_pro.ROOT) / "files"


class Face(Enum):
    """The weights a ballot uses; the value is the name registered with reportlab (and the
    file's name without ``.ttf``)."""

    REGULAR = "BeVietnamPro-Regular"
    ITALIC = "BeVietnamPro-Italic"
    SEMIBOLD = "BeVietnamPro-SemiBold"
    BOLD = "BeVietnamPro-Bold"


# The family of the documents, and the name each of its faces is registered under.
FAMILY = "BeVietnamPro"
REGULAR = "BeVietnamPro"
BOLD = "BeVietnamPro-Bold"
ITALIC = "BeVietnamPro-Italic"
BOLD_ITALIC = "BeVietnamPro-BoldItalic"
_FAMILY_FILES = {
    REGULAR: "BeVietnamPro-Regular.ttf",
    BOLD: "BeVietnamPro-Bold.ttf",
    ITALIC: "BeVietnamPro-Italic.ttf",
    BOLD_ITALIC: "BeVietnamPro-BoldItalic.ttf",
}


def font_file(face: Face) -> Path:
    """The TTF file of a face (static instance from the ``fontpkg_be_vietnam_pro`` package)."""
    return FONT_DIR / f"{face.value}.ttf"


@cache
def _registered(name: str, file: str) -> TTFont:
    font = TTFont(name, str(FONT_DIR / file))
    pdfmetrics.registerFont(font)
    return font


def ttfont(face: Face) -> TTFont:
    """The registered reportlab font of ``face`` (registered on first use)."""
    return _registered(face.value, font_file(face).name)


def register_faces() -> None:
    """Register every ballot face with reportlab."""
    for face in Face:
        ttfont(face)


@cache
def register_family() -> str:
    """Register the four faces of the documents' family and the family itself (so ``<b>`` and
    ``<i>`` in paragraphs pick the right face); return the family name, which is also the name
    of the regular face."""
    for name, file in _FAMILY_FILES.items():
        _registered(name, file)
    pdfmetrics.registerFontFamily(
        FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
    )
    addMapping(FAMILY, 0, 0, REGULAR)
    addMapping(FAMILY, 1, 0, BOLD)
    addMapping(FAMILY, 0, 1, ITALIC)
    addMapping(FAMILY, 1, 1, BOLD_ITALIC)
    return FAMILY
