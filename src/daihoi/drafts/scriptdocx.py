"""The congress script as a Word document (python-docx): the head, the parts, the contingencies.

Every text is cleaned of control characters and written as a plain run: a name typed as
"<b>…</b>" or "=HYPERLINK(…)" prints as those characters, never as markup or a field.
"""

from __future__ import annotations

import io

from daihoi.drafts.script import Script
from daihoi.drafts.text import clean


def render_script(script: Script, place_and_date: str = "") -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = docx.Document()
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin, section.right_margin = Cm(3.0), Cm(1.5)
        section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)

    head = doc.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    p = left.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run(clean(script.unit).upper()).bold = True
    p.add_run("\nĐẠI HỘI\n*")
    p2 = right.paragraphs[0]
    p2.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p2.add_run("ĐẢNG CỘNG SẢN VIỆT NAM").bold = True
    if place_and_date:
        p2.add_run("\n" + clean(place_and_date)).italic = True

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("KỊCH BẢN ĐIỀU HÀNH\n").bold = True
    title.add_run(clean(script.congress)).bold = True

    for part in script.parts:
        heading = doc.add_paragraph()
        heading.paragraph_format.space_before = Pt(12)
        heading.add_run(part.title).bold = True
        if part.date:
            heading.add_run(f" — {part.date}").italic = True
        for speech in part.speeches:
            line = doc.add_paragraph()
            line.paragraph_format.space_before = Pt(6)
            if speech.time:
                line.add_run(f"{speech.time}  ").bold = True
            line.add_run(speech.title).bold = True
            who = doc.add_paragraph()
            who.add_run(speech.speaker).italic = True
            for words in speech.words:
                para = doc.add_paragraph(words)
                para.paragraph_format.first_line_indent = Cm(1.0)
                para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            if speech.note:
                note = doc.add_paragraph()
                note.add_run(f"({speech.note})").italic = True

    doc.add_page_break()  # type: ignore[no-untyped-call]
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run("DỰ KIẾN PHÁT SINH VÀ PHƯƠNG ÁN XỬ LÝ").bold = True
    for n, case in enumerate(script.contingencies, 1):
        doc.add_paragraph().add_run(f"{n}. {case.title}").bold = True
        table = doc.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        for cell, label in zip(table.rows[0].cells, ("Ai", "Làm gì"), strict=True):
            cell.text = label
            cell.paragraphs[0].runs[0].bold = True
        for duty in case.duties:
            row = table.add_row().cells
            row[0].text = duty.who
            row[1].text = duty.what
        table.autofit = False
        for column, width in zip(table.columns, (Cm(4.5), Cm(12.0)), strict=True):
            column.width = width  # the grid LibreOffice reads
            for cell in column.cells:
                cell.width = width  # the cell widths Word reads
        doc.add_paragraph()

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
