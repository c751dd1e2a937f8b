"""The counting minutes as a Word document (python-docx), for committees that edit before signing.

Same content and order as the PDF: real Word tables (the result table's header row repeats on
each page), A4 with the margins of the party's rules for documents, Times New Roman (which every
Word has, with all Vietnamese letters) and "Trang x/y" fields in the footer.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from daihoi.engine.tally import Status
from daihoi.minutes.model import (
    COMMITTEE_HEADING,
    PARTY_HEADING,
    Minutes,
    Para,
    ParaKind,
    ResultTable,
    Signature,
)

FONT = "Times New Roman"
NOTICE_RED = RGBColor(0x9B, 0x1C, 0x1C)
PAGE_WIDTH = Cm(21.0)
MARGIN_LEFT = Cm(3.0)
MARGIN_RIGHT = Cm(1.5)
TEXT_WIDTH = Cm(21.0 - 3.0 - 1.5)


def _set_font(style_or_run_font: object, size: float | None = None) -> None:
    font = style_or_run_font
    font.name = FONT  # type: ignore[attr-defined]
    if size:
        font.size = Pt(size)  # type: ignore[attr-defined]


def _force_font_everywhere(element: object) -> None:
    """Word picks a font per script; name it for every script so no letter falls back."""
    rpr = element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _paragraph(
    container: WordDocument | _Cell,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size: float | None = None,
    align: WD_ALIGN_PARAGRAPH | None = None,
    space_after: float = 0,
) -> Paragraph:
    p = container.add_paragraph()
    if text:
        run = p.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(space_after)
    return p


def _first_paragraph(
    cell: _Cell,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size: float | None = None,
    align: WD_ALIGN_PARAGRAPH | None = None,
) -> Paragraph:
    """Fill a cell's built-in empty paragraph instead of leaving a blank line above."""
    p: Paragraph = cell.paragraphs[0]
    run = p.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    if size:
        run.font.size = Pt(size)
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    return p


# Word refuses a document whose property elements are out of the schema's order (it calls the
# file corrupt), so new elements go before the ones the schema puts after them.
_AFTER_PBDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_AFTER_PARAGRAPH_SHD = _AFTER_PBDR[1:]
_AFTER_CELL_SHD = (
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
    "w:headers",
    "w:cellIns",
    "w:cellDel",
    "w:cellMerge",
    "w:tcPrChange",
)


def _border(
    p: Paragraph, sides: tuple[str, ...], *, size: int = 6, color: str = "000000", space: int = 1
) -> None:
    ppr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side in sides:
        b = OxmlElement(f"w:{side}")
        b.set(qn("w:val"), "single")
        b.set(qn("w:sz"), str(size))
        b.set(qn("w:space"), str(space))
        b.set(qn("w:color"), color)
        borders.append(b)
    ppr.insert_element_before(borders, *_AFTER_PBDR)


def _shade(p: Paragraph, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    p._p.get_or_add_pPr().insert_element_before(shd, *_AFTER_PARAGRAPH_SHD)


def _shade_cell(cell: _Cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().insert_element_before(shd, *_AFTER_CELL_SHD)


def _grid(table: Table, widths: Sequence[int]) -> None:
    """Column widths in the table grid too (LibreOffice lays out by the grid, Word by cells)."""
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Emu(width)


def _repeat_as_header(table: Table) -> None:
    trpr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)
    # A row split across pages is hard to read; keep each row whole.
    for row in table.rows:
        cant = OxmlElement("w:cantSplit")
        cant.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(cant)


def _field(p: Paragraph, instruction: str) -> None:
    """Insert a Word field (PAGE, NUMPAGES) that Word fills in when it lays out the pages."""
    run = p.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = instruction
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for el in (begin, instr, separate, placeholder, end):
        run._r.append(el)


def _setup(doc: WordDocument) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, Cm(29.7)
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    normal = doc.styles["Normal"]
    _set_font(normal.font, 13)
    _force_font_everywhere(normal.element)
    normal.paragraph_format.space_after = Pt(3)
    normal.paragraph_format.line_spacing = 1.15
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Trang ").font.size = Pt(10)
    _field(footer, "PAGE")
    footer.add_run("/").font.size = Pt(10)
    _field(footer, "NUMPAGES")
    doc.core_properties.language = "vi-VN"


def _header(doc: WordDocument, m: Minutes) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Cm(7.5), Emu(TEXT_WIDTH - Cm(7.5))
    _grid(table, [Cm(7.5), TEXT_WIDTH - Cm(7.5)])
    center = WD_ALIGN_PARAGRAPH.CENTER
    _first_paragraph(left, m.organisation, size=12, align=center)
    _paragraph(left, COMMITTEE_HEADING, bold=True, size=12, align=center)
    # The short rule under "BAN KIỂM PHIẾU": a bottom border on an indented empty paragraph.
    under = _paragraph(left, align=center)
    under.paragraph_format.left_indent = Cm(2.3)
    under.paragraph_format.right_indent = Cm(2.3)
    under.paragraph_format.space_after = Pt(0)
    _border(under, ("bottom",), size=6)
    under.paragraph_format.line_spacing = Pt(4)
    _first_paragraph(right, PARTY_HEADING, bold=True, underline=True, size=13, align=center)
    date = _paragraph(right, m.place_date, italic=True, size=13, align=WD_ALIGN_PARAGRAPH.RIGHT)
    date.paragraph_format.space_before = Pt(6)


def _body_paragraph(doc: WordDocument, block: Para) -> None:
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    if block.kind in (ParaKind.BODY, ParaKind.LEAD):
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = Cm(1.0)
        fmt.keep_with_next = block.kind is ParaKind.LEAD
    elif block.kind is ParaKind.ITEM:
        fmt.left_indent = Cm(1.0)
    elif block.kind is ParaKind.SUBITEM:
        fmt.left_indent = Cm(1.8)
    elif block.kind is ParaKind.HEADING:
        fmt.space_before = Pt(8)
        fmt.keep_with_next = True
    elif block.kind is ParaKind.NOTICE:
        fmt.space_before, fmt.space_after = Pt(8), Pt(8)
        _border(p, ("top", "left", "bottom", "right"), size=12, color="9B1C1C", space=4)
        _shade(p, "FDF2F2")
    elif block.kind is ParaKind.CLOSING:
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = Cm(1.0)
        fmt.space_before = Pt(10)
        fmt.keep_with_next = True
    for r in block.runs:
        run = p.add_run(r.text)
        run.bold = r.bold
        run.italic = r.italic or block.kind is ParaKind.CLOSING
        if block.kind is ParaKind.NOTICE:
            run.font.color.rgb = NOTICE_RED


def _result_table(doc: WordDocument, t: ResultTable) -> None:
    table = doc.add_table(rows=1 + len(t.rows), cols=5)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    fixed = [Cm(1.3), Cm(2.2), Cm(3.4), Cm(3.3)]
    name_width = Emu(TEXT_WIDTH - sum(fixed))
    widths = [fixed[0], name_width, *fixed[1:]]
    _grid(table, widths)
    center = WD_ALIGN_PARAGRAPH.CENTER
    for cell, text, width in zip(table.rows[0].cells, t.header, widths, strict=True):
        cell.width = width
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _first_paragraph(cell, text, bold=True, size=12, align=center)
        _shade_cell(cell, "E8E8E8")
    for row, line in zip(table.rows[1:], t.rows, strict=True):
        winner = line.status in (Status.ELECTED, Status.ALTERNATE) and line.result != "Chưa công bố"
        values = (str(line.number), line.name, line.votes_text, line.percent, line.result)
        for i, (cell, text, width) in enumerate(zip(row.cells, values, widths, strict=True)):
            cell.width = width
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            _first_paragraph(
                cell, text, size=12, bold=winner and i == 4, align=None if i == 1 else center
            )
    _repeat_as_header(table)


def _signature_top(cell: _Cell, sig: Signature | None) -> None:
    """Caption, "(Ký, ghi rõ họ tên)" and the space to sign."""
    if sig is None:
        return
    center = WD_ALIGN_PARAGRAPH.CENTER
    paragraphs = [
        _first_paragraph(cell, sig.caption, bold=True, size=12, align=center),
        _paragraph(cell, "(Ký, ghi rõ họ tên)", italic=True, size=11, align=center),
        *(_paragraph(cell, align=center) for _ in range(3)),
    ]
    for paragraph in paragraphs:
        paragraph.paragraph_format.keep_with_next = True  # never a name alone on the next page


def _signature_name(cell: _Cell, sig: Signature | None) -> None:
    if sig is not None:
        p = _first_paragraph(
            cell, sig.name or "", bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER
        )
        p.paragraph_format.space_after = Pt(8)


def _signatures(doc: WordDocument, m: Minutes) -> None:
    # Same places as the PDF: the head top right, the members in order around.
    cells: list[Signature | None] = list(m.member_signatures[:2])
    while len(cells) < 2:
        cells.append(None)
    cells.append(m.head_signature)
    cells.extend(m.member_signatures[2:])
    while len(cells) % 3:
        cells.append(None)
    # Two table rows per line of signatures: captions (one may wrap to two lines) above, names
    # below, so that the names stand on one line whatever the captions' lengths.
    table = doc.add_table(rows=2 * (len(cells) // 3), cols=3)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _grid(table, [TEXT_WIDTH // 3] * 3)
    for i, sig in enumerate(cells):
        top = table.rows[2 * (i // 3)].cells[i % 3]
        bottom = table.rows[2 * (i // 3) + 1].cells[i % 3]
        for cell in (top, bottom):
            cell.width = Emu(TEXT_WIDTH // 3)
        _signature_top(top, sig)
        _signature_name(bottom, sig)
    for row in table.rows:
        cant = OxmlElement("w:cantSplit")
        cant.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(cant)


def render_docx(minutes: Minutes) -> bytes:
    """Lay out the minutes as an A4 Word document and return its bytes."""
    doc = Document()
    _setup(doc)
    _header(doc, minutes)
    title = _paragraph(doc, minutes.title, bold=True, size=15, align=WD_ALIGN_PARAGRAPH.CENTER)
    title.paragraph_format.space_before = Pt(14)
    _paragraph(
        doc, minutes.subtitle, bold=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=10
    )
    for block in minutes.body:
        if isinstance(block, ResultTable):
            _result_table(doc, block)
        else:
            _body_paragraph(doc, block)
    _signatures(doc, minutes)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
