"""One registration of Be Vietnam Pro serves the ballots, the minutes and the web's report."""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics

from daihoi.fonts import (
    BOLD,
    BOLD_ITALIC,
    FAMILY,
    ITALIC,
    REGULAR,
    Face,
    font_file,
    register_faces,
    register_family,
    ttfont,
)


def test_every_ballot_face_has_its_file_and_registers_once() -> None:
    register_faces()
    for face in Face:
        assert font_file(face).is_file()
        assert face.value in pdfmetrics.getRegisteredFontNames()
        assert ttfont(face) is ttfont(face)


def test_the_documents_family_has_bold_and_italic_faces() -> None:
    assert register_family() == FAMILY
    registered = pdfmetrics.getRegisteredFontNames()
    assert {REGULAR, BOLD, ITALIC, BOLD_ITALIC} <= set(registered)
    # The family's bold face is the ballot's bold face, under the same name.
    assert ttfont(Face.BOLD).fontName == BOLD
