"""The report of how comments were taken in (Báo cáo tổng hợp, tiếp thu, giải trình ý kiến góp ý).

The usual form: the unit and "ĐẢNG CỘNG SẢN VIỆT NAM" at the head, the title, then I. the
totals by source (comments and the people they speak for), II. per section of the draft the
grouped comments with their count and the answer (taken in, with the change; explained; not
taken, with the reason). Data in, DOCX bytes out; every text is cleaned of control characters
(which Word's XML cannot hold) and written as plain runs, never as fields or formulas.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from daihoi.drafts.text import clean


@dataclass(frozen=True)
class SourceTotal:
    label: str
    comments: int
    people: int


@dataclass(frozen=True)
class GroupLine:
    text: str
    comments: int
    people: int
    sources: str
    units: str
    answer: str  # "Tiếp thu", "Giải trình", "Không tiếp thu", "Chưa trả lời"
    answer_text: str
    change: str


@dataclass(frozen=True)
class SectionPart:
    title: str
    groups: tuple[GroupLine, ...]


@dataclass(frozen=True)
class ReportData:
    unit: str
    parent_unit: str
    place_and_date: str
    draft_title: str
    round_title: str
    totals: tuple[SourceTotal, ...]
    sections: tuple[SectionPart, ...]


def _t(text: str) -> str:
    return clean(text)


def _n(value: int) -> str:
    """1.250 (the Vietnamese thousands separator)."""
    return f"{value:,}".replace(",", ".")


def render_report(data: ReportData) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = docx.Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)

    head = doc.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    left.text = ""
    p = left.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if data.parent_unit:
        p.add_run(_t(data.parent_unit).upper() + "\n")
    p.add_run(_t(data.unit).upper()).bold = True
    p.add_run("\n*")
    p2 = right.paragraphs[0]
    p2.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p2.add_run("ĐẢNG CỘNG SẢN VIỆT NAM").bold = True
    p2.add_run("\n" + _t(data.place_and_date)).italic = True

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("BÁO CÁO\n").bold = True
    title.add_run("Tổng hợp, tiếp thu, giải trình ý kiến góp ý\n").bold = True
    title.add_run(_t(data.draft_title)).bold = True
    doc.add_paragraph(_t(data.round_title)).alignment = WD_ALIGN_PARAGRAPH.CENTER

    doc.add_paragraph().add_run("I. TÌNH HÌNH TỔ CHỨC LẤY Ý KIẾN").bold = True
    total_comments = sum(t.comments for t in data.totals)
    total_people = sum(t.people for t in data.totals)
    doc.add_paragraph(
        f"Tổng số ý kiến góp ý: {_n(total_comments)}, thay mặt cho {_n(total_people)} lượt người."
    )
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, label in zip(
        table.rows[0].cells, ("Nguồn ý kiến", "Số ý kiến", "Số người"), strict=True
    ):
        cell.text = label
        cell.paragraphs[0].runs[0].bold = True
    for t in data.totals:
        row = table.add_row().cells
        row[0].text = _t(t.label)
        row[1].text = _n(t.comments)
        row[2].text = _n(t.people)

    doc.add_paragraph()
    doc.add_paragraph().add_run("II. TỔNG HỢP Ý KIẾN VÀ TIẾP THU, GIẢI TRÌNH").bold = True
    if not data.sections:
        doc.add_paragraph("Chưa có ý kiến góp ý.")
    n = 0
    for part in data.sections:
        doc.add_paragraph().add_run(_t(part.title) or "Ý kiến chung").bold = True
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, label in zip(
            table.rows[0].cells,
            ("TT", "Nội dung ý kiến", "Số ý kiến (số người)", "Tiếp thu, giải trình"),
            strict=True,
        ):
            cell.text = label
            cell.paragraphs[0].runs[0].bold = True
        for g in part.groups:
            n += 1
            row = table.add_row().cells
            row[0].text = str(n)
            row[1].text = _t(g.text)
            extra = "; ".join(x for x in (_t(g.sources), _t(g.units)) if x)
            if extra:
                row[1].add_paragraph().add_run(f"({extra})").italic = True
            row[2].text = f"{_n(g.comments)} ({_n(g.people)})"
            row[3].text = ""
            ans = row[3].paragraphs[0]
            ans.add_run(_t(g.answer)).bold = True
            if g.answer_text:
                ans.add_run(": " + _t(g.answer_text))
            if g.change:
                row[3].add_paragraph().add_run("Sửa thành: " + _t(g.change)).italic = True
        widths = (Cm(1.2), Cm(8.0), Cm(2.6), Cm(5.2))
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width  # the grid LibreOffice reads
        for row_ in table.rows:
            for cell, width in zip(row_.cells, widths, strict=True):
                cell.width = width
    doc.add_paragraph()
    sign = doc.add_paragraph()
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    sign.add_run("T/M TIỂU BAN VĂN KIỆN").bold = True
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
