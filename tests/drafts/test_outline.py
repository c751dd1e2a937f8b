"""Drafts read from DOCX and text: headings become sections, paragraphs are numbered."""

from __future__ import annotations

import io
import zipfile

import docx

from daihoi.drafts.diff import Change, diff_outlines
from daihoi.drafts.hints import draft_hints
from daihoi.drafts.outline import Outline, Refusal, read_docx, read_text


def make_docx() -> bytes:
    d = docx.Document()
    d.add_heading("Phần thứ nhất", level=1)
    d.add_paragraph("Nhiệm kỳ qua, Đảng bộ đã lãnh đạo hoàn thành các chỉ tiêu.")
    d.add_paragraph("I. KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT")
    d.add_paragraph("Kinh tế tăng trưởng khá, bình quân 7,5% mỗi năm.")
    d.add_heading("Phương hướng", level=2)
    d.add_paragraph("Đẩy mạnh chuyển đổi số.")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_it_reads_headings_by_style_and_by_numbering() -> None:
    outline = read_docx(make_docx())
    assert isinstance(outline, Outline)
    assert [s.title for s in outline.sections] == [
        "Phần thứ nhất",
        "I. KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT",
        "Phương hướng",
    ]
    assert [p.number for s in outline.sections for p in s.paragraphs] == [1, 2, 3]
    assert outline.sections[2].level == 2
    assert Outline.from_data(outline.to_data()) == outline


def test_it_refuses_a_pdf_named_docx_and_a_zip_bomb() -> None:
    pdf = read_docx(b"%PDF-1.7\n...")
    assert isinstance(pdf, Refusal) and "PDF" in pdf.reason
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"\0" * (80 * 1024 * 1024))
    refused = read_docx(bomb.getvalue())
    assert isinstance(refused, Refusal) and "giải nén" in refused.reason


def test_the_diff_marks_changed_words_inside_a_paragraph() -> None:
    old = read_text("I. KẾT QUẢ\nTăng cường công tác kiểm tra giám sát ở cơ sở.\nĐoạn bỏ đi.")
    new = read_text(
        "I. KẾT QUẢ\nĐẩy mạnh công tác kiểm tra giám sát ở cơ sở.\nĐoạn mới thêm vào hẳn."
    )
    diff = diff_outlines(old, new)
    changed = [line for line in diff.lines if line.change is Change.CHANGED]
    assert len(changed) == 1
    pieces = [(p.kind, p.text) for p in changed[0].pieces]
    assert (Change.REMOVED, "Tăng cường") in pieces and (Change.ADDED, "Đẩy mạnh") in pieces


def test_hints_find_a_paragraph_repeated_in_another_section() -> None:
    long = (
        "Tiếp tục đẩy mạnh cải cách hành chính, nâng cao chất lượng phục vụ người dân và doanh "
        "nghiệp, công khai minh bạch thủ tục, ứng dụng công nghệ thông tin trong giải quyết hồ sơ"
    )
    outline = read_text(f"I. KẾT QUẢ\n{long}.\nII. PHƯƠNG HƯỚNG\n{long}, hằng năm.")
    hints = draft_hints(outline)
    assert [(r.first, r.second) for r in hints.repetitions] == [(1, 2)]
