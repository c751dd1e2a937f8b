"""The Be Vietnam Pro fonts, embedded in every PDF so each diacritic prints the same everywhere.

The static TTFs come from the PyPI package ``fontpkg_be_vietnam_pro``. Registration with
reportlab happens once per process (``register_fonts`` is idempotent).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import fontpkg_be_vietnam_pro
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FAMILY = "BeVietnamPro"
REGULAR = "BeVietnamPro"
BOLD = "BeVietnamPro-Bold"
ITALIC = "BeVietnamPro-Italic"
BOLD_ITALIC = "BeVietnamPro-BoldItalic"

_FILES = {
    REGULAR: "BeVietnamPro-Regular.ttf",
    BOLD: "BeVietnamPro-Bold.ttf",
    ITALIC: "BeVietnamPro-Italic.ttf",
    BOLD_ITALIC: "BeVietnamPro-BoldItalic.ttf",
}


def font_dir() -> Path:
    """Where the package keeps its TTF files."""
    return Path(fontpkg_be_vietnam_pro.__file__).parent / "files"


@cache
def register_fonts() -> str:
    """Register the four faces and the family (so ``<b>``/``<i>`` in paragraphs pick the right
    face); return the family name."""
    for name, file in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(font_dir() / file)))
    pdfmetrics.registerFontFamily(
        FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
    )
    addMapping(FAMILY, 0, 0, REGULAR)
    addMapping(FAMILY, 1, 0, BOLD)
    addMapping(FAMILY, 0, 1, ITALIC)
    addMapping(FAMILY, 1, 1, BOLD_ITALIC)
    return FAMILY
