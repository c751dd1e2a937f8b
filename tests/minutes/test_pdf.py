"""The PDF minutes, read back as text and as pixels."""

from __future__ import annotations

import unicodedata

import pypdfium2 as pdfium
import pytest

from daihoi.minutes.model import minutes_from_results
from daihoi.minutes.pdf import render_pdf
from tests.minutes.scenarios import ben_thanh_committee, ben_thanh_pending, provincial_delegates


def page_texts(data: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(data)
    texts = []
    for i in range(len(pdf)):
        text = pdf.get_page(i).get_textpage().get_text_range()
        # Line breaks inside wrapped paragraphs become spaces; glyph text is precomposed NFC.
        texts.append(unicodedata.normalize("NFC", " ".join(text.replace("\r", "").split())))
    return texts


@pytest.fixture(scope="module")
def ward_pdf() -> bytes:
    return render_pdf(minutes_from_results(ben_thanh_committee()))


def test_it_prints_headings_names_numbers_and_outcomes_with_their_diacritics(ward_pdf) -> None:
    text = " ".join(page_texts(ward_pdf))
    for expected in (
        "ĐẢNG BỘ PHƯỜNG BẾN THÀNH",
        "BAN KIỂM PHIẾU",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Phường Bến Thành, ngày 05 tháng 7 năm 2025",
        "BIÊN BẢN KIỂM PHIẾU",
        "Bầu Ban Chấp hành Đảng bộ phường Bến Thành khóa I, nhiệm kỳ 2025–2030",
        "Số phiếu hợp lệ: 28",
        "Phiếu gạch hết tên: 1",
        "Ngô Thị Thu Trang 25 80,65 Trúng cử",
        "Huỳnh Văn Phúc 9 29,03 Không trúng cử",
        "Đồng chí Phạm Minh Đức: 28 phiếu, đạt 90,32%",
        "tức là ít nhất 16 phiếu",
        "TRƯỞNG BAN KIỂM PHIẾU",
        "Trịnh Thị Ngọc Ánh",
    ):
        assert expected in text, expected


def test_it_numbers_every_page_out_of_the_total(ward_pdf) -> None:
    texts = page_texts(ward_pdf)
    assert len(texts) >= 2
    for i, text in enumerate(texts, start=1):
        assert f"Trang {i}/{len(texts)}" in text


def test_it_embeds_the_be_vietnam_pro_font(ward_pdf) -> None:
    assert b"BeVietnamPro" in ward_pdf
    assert b"Helvetica" not in ward_pdf


def test_it_repeats_the_table_header_on_every_page_a_long_list_spans() -> None:
    data = provincial_delegates(120)
    texts = page_texts(render_pdf(minutes_from_results(data)))
    table_pages = [t for t in texts if "Họ và tên" in t]
    assert len(table_pages) >= 3
    everything = " ".join(texts)
    for line in data["candidates"]:
        assert line["name"] in everything
    assert "Các đồng chí sau đây trúng cử đại biểu dự khuyết" in everything
    assert "Số đại biểu chính thức cần bầu: 100" in everything


def test_it_puts_the_not_final_notice_on_a_pending_result() -> None:
    text = " ".join(page_texts(render_pdf(minutes_from_results(ben_thanh_pending()))))
    assert "KẾT QUẢ CHƯA CHÍNH THỨC" in text
    assert "Biên bản này không công bố người trúng cử" in text
    assert "Trúng cử" not in text.replace("Chưa công bố", "")


def test_it_draws_ink_on_the_first_page(ward_pdf) -> None:
    page = pdfium.PdfDocument(ward_pdf).get_page(0)
    image = page.render(scale=0.5).to_pil().convert("L")
    width, height = image.size
    assert (width, height) == (round(595.28 * 0.5), round(841.89 * 0.5))
    dark = sum(image.histogram()[:128])
    assert dark > 0.01 * width * height  # headings, text and table lines, not a blank page
