"""The Word minutes, re-opened with python-docx."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm

from daihoi.minutes.docx import render_docx
from daihoi.minutes.model import minutes_from_results
from tests.minutes.scenarios import ben_thanh_committee, ben_thanh_tie, provincial_delegates


@pytest.fixture(scope="module")
def ward_doc():
    return Document(io.BytesIO(render_docx(minutes_from_results(ben_thanh_committee()))))


def result_table(doc):
    return next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")


def test_it_has_a_real_table_with_one_row_per_candidate_in_ballot_order(ward_doc) -> None:
    table = result_table(ward_doc)
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == [
        "STT",
        "Họ và tên",
        "Số phiếu bầu",
        "Tỷ lệ % (so với số đại biểu được triệu tập)",
        "Kết quả",
    ]
    assert len(rows) == 1 + 9
    assert rows[1] == ["1", "Nguyễn Văn An", "27", "87,10", "Trúng cử"]
    assert rows[8] == ["8", "Huỳnh Văn Phúc", "9", "29,03", "Không trúng cử"]


def test_it_repeats_the_header_row_on_each_page(ward_doc) -> None:
    header = result_table(ward_doc).rows[0]._tr
    assert header.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None


def test_it_is_an_a4_page_in_times_new_roman(ward_doc) -> None:
    section = ward_doc.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.01)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.01)
    assert ward_doc.styles["Normal"].font.name == "Times New Roman"
    fonts = ward_doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:cs")) == "Times New Roman"


def test_it_says_the_same_as_the_pdf(ward_doc) -> None:
    text = "\n".join(p.text for p in ward_doc.paragraphs)
    cells = "\n".join(c.text for t in ward_doc.tables for row in t.rows for c in row.cells)
    assert "BIÊN BẢN KIỂM PHIẾU" in text
    assert "1. Đồng chí Phạm Minh Đức: 28 phiếu, đạt 90,32%" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in cells
    assert "Phường Bến Thành, ngày 05 tháng 7 năm 2025" in cells
    assert "TRƯỞNG BAN KIỂM PHIẾU" in cells and "Lê Văn Hùng" in cells


def test_it_numbers_pages_with_word_fields(ward_doc) -> None:
    footer = ward_doc.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer and "Trang " in footer


def test_it_marks_the_tied_in_the_table() -> None:
    doc = Document(io.BytesIO(render_docx(minutes_from_results(ben_thanh_tie()))))
    results = {row.cells[1].text: row.cells[4].text for row in result_table(doc).rows[1:]}
    assert results["Bùi Thị Lan"] == results["Đặng Quốc Hùng"] == "Bằng phiếu"


def test_it_holds_a_long_delegates_list() -> None:
    data = provincial_delegates(120)
    doc = Document(io.BytesIO(render_docx(minutes_from_results(data))))
    table = result_table(doc)
    assert len(table.rows) == 121
    assert [r.cells[1].text for r in table.rows[1:]] == [c["name"] for c in data["candidates"]]


# The order ECMA-376 gives the children of w:pPr and w:tcPr; Word calls a file with them out of
# order corrupt, while python-docx re-opens it without a word.
PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]
TCPR_ORDER = [
    "cnfStyle",
    "tcW",
    "gridSpan",
    "hMerge",
    "vMerge",
    "tcBorders",
    "shd",
    "noWrap",
    "tcMar",
    "textDirection",
    "tcFitText",
    "vAlign",
    "hideMark",
]


def test_its_properties_follow_the_schema_order_word_insists_on() -> None:
    from tests.minutes.scenarios import ben_thanh_pending

    doc = Document(io.BytesIO(render_docx(minutes_from_results(ben_thanh_pending()))))
    body = doc.element.body
    checked = 0
    for tag, order in (("w:pPr", PPR_ORDER), ("w:tcPr", TCPR_ORDER)):
        for props in body.iter(qn(tag)):
            names = [child.tag.split("}")[1] for child in props]
            assert names == sorted(names, key=order.index), names
            checked += 1
    assert checked > 50


def test_the_signers_names_stand_on_one_line_below_their_captions(ward_doc) -> None:
    table = ward_doc.tables[-1]
    rows = [[c.text.strip() for c in row.cells] for row in table.rows]
    captions = rows[0]
    assert "TRƯỞNG BAN KIỂM PHIẾU" in captions[2] and "(Ký, ghi rõ họ tên)" in captions[2]
    names = rows[1]
    assert all(names) and not any("Ký" in n for n in names)
    for row in table.rows:
        assert row._tr.find(qn("w:trPr")).find(qn("w:cantSplit")) is not None
