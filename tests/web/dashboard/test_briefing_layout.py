"""The briefing PDF looks like a party document: letterhead, place and date, page numbers,
figures right-aligned, codes on one line, a short table never split across pages.

Alice (office of Hà Nam) prints her province's briefing; Charlie (viewer of Phủ Lý) prints
his city's, which carries Hà Nam above Phủ Lý in its letterhead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pypdfium2 as pdfium
import pytest
from django.urls import reverse
from django.utils import translation

from daihoi.vnformat import format_long_date
from daihoi.web.dashboard.figures import build_dashboard
from daihoi.web.dashboard.letterhead import BLANK, dated, place_of
from daihoi.web.orgs.models import Level, Organisation
from daihoi.web.season.services import choose_season


@dataclass(frozen=True)
class Run:
    """One line of text as drawn on a page, with its box (PDF points, origin bottom left)."""

    page: int
    text: str
    left: float
    bottom: float
    right: float


def runs_of(content: bytes) -> list[Run]:
    pdf = pdfium.PdfDocument(content)
    runs = []
    for number in range(len(pdf)):
        textpage = pdf[number].get_textpage()
        for i in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(i)
            text = textpage.get_text_bounded(left, bottom, right, top).strip()
            runs.append(Run(number + 1, text, left, bottom, right))
    return runs


def page_texts(content: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(content)
    return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]


def briefing(client, org: Organisation) -> bytes:  # type: ignore[no-untyped-def]
    response = client.get(reverse("dashboard:report", args=[org.pk]))
    assert response.status_code == 200
    return bytes(response.content)


def test_alices_briefing_has_the_party_letterhead_dated_from_ha_nam(
    scenario, tree, alice, client_of
):
    first = page_texts(briefing(client_of(alice), tree.ha_nam))[0]
    assert "ĐẢNG BỘ TỈNH HÀ NAM" in first
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in first
    assert f"Hà Nam, {format_long_date(scenario.today)}" in first
    assert "Số ……-BC/……" in first  # the number is given when the office registers it
    assert "BÁO CÁO" in first
    assert "TRUNG ƯƠNG" not in first  # the top of the tree is not a body above a province


def test_charlies_briefing_names_ha_nam_above_phu_ly(scenario, tree, charlie, client_of):
    first = page_texts(briefing(client_of(charlie), tree.phu_ly))[0]
    above, issuer = first.index("ĐẢNG BỘ TỈNH HÀ NAM"), first.index("ĐẢNG BỘ THÀNH PHỐ PHỦ LÝ")
    assert above < issuer
    assert f"Phủ Lý, {format_long_date(scenario.today)}" in first


def test_every_page_is_numbered_of_the_total(scenario, tree, alice, client_of):
    pages = page_texts(briefing(client_of(alice), tree.ha_nam))
    assert all(f"Trang {n}/{len(pages)}" in text for n, text in enumerate(pages, start=1))


def test_figures_are_right_aligned_and_codes_stay_on_one_line(scenario, tree, alice, client_of):
    runs = runs_of(briefing(client_of(alice), tree.ha_nam))

    def figure_beside(label: str) -> Run:
        row = next(r for r in runs if r.text == label)
        same_line = [
            r
            for r in runs
            if r.page == row.page
            and abs(r.bottom - row.bottom) < 3
            and r.left > row.right
            and r.text.replace(".", "").isdigit()
        ]
        return min(same_line, key=lambda r: r.left)

    # The results: 9 committee members, 10 official delegates, 1 alternate.
    nine = figure_beside("Ủy viên ban chấp hành")
    ten = figure_beside("Đại biểu chính thức dự đại hội cấp trên")
    one = figure_beside("Đại biểu dự khuyết")
    assert (nine.text, ten.text, one.text) == ("9", "10", "1")
    assert abs(nine.right - ten.right) < 0.6 and abs(ten.right - one.right) < 0.6
    assert ten.left < one.left - 1  # the wider figure starts further left: right-aligned
    texts = {r.text for r in runs}
    assert {"HNA-PL", "HNA-DT", "HNA-DT-01"} <= texts  # never broken inside a code


def test_a_short_table_starts_on_a_new_page_rather_than_split(scenario, tree, alice, client_of):
    pages = page_texts(briefing(client_of(alice), tree.ha_nam))
    for title, last_row in [
        ("Kết quả đại hội (các đại hội đã tổ chức)", "Đại biểu dự khuyết"),
        ("Tiến độ theo cấp", "Chi bộ trực thuộc"),
    ]:
        (page,) = [text for text in pages if title in text]
        assert last_row in page


def test_dates_are_written_the_same_way_everywhere(scenario, tree, alice, client_of):
    text = "".join(page_texts(briefing(client_of(alice), tree.ha_nam)))
    base_deadline = date.fromordinal(scenario.today.toordinal() + 30)
    assert f"trước {base_deadline:%d/%m/%Y}" in text  # the forecast sentence: 05/01, not 5/1


def test_a_districts_chart_follows_its_own_congress_too(scenario, tree):
    season, _ = choose_season(tree.phu_ly)
    board = build_dashboard(tree.phu_ly, season, scenario.today)
    labels = [str(line.label) for line in board.chart_lines]
    assert labels[0] == str(Level.UPPER_BASE.label)
    assert str(Level.BASE.label) in labels
    marked = {m.label for m in board.chart_markers}
    assert "hạn cấp trên cơ sở" in marked  # every deadline drawn has its line


def test_the_english_briefing_has_an_english_letterhead(scenario, tree, alice, client_of):
    client = client_of(alice)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    pages = page_texts(briefing(client, tree.ha_nam))
    today = scenario.today
    assert "COMMUNIST PARTY OF VIETNAM" in pages[0]
    with translation.override("en"):
        assert dated("Hà Nam", today) in pages[0]
    assert f"Hà Nam, {today.day} " in pages[0]
    assert f"Page 1 of {len(pages)}" in pages[0]
    assert "REPORT" in pages[0]


@pytest.mark.parametrize(
    ("lineage", "place"),
    [
        (["Đảng bộ huyện Nam Hà", "Đảng bộ thành phố Hà Nội"], "Nam Hà"),
        (["Đảng bộ Khối các cơ quan thành phố Hà Nội", "Đảng bộ thành phố Hà Nội"], "Hà Nội"),
        (["Chi bộ Trường THPT chuyên Biên Hòa", "Đảng bộ thành phố Phủ Lý"], "Phủ Lý"),
        (["Đảng bộ xã Phước Đạt", "Đảng bộ huyện An Châu"], "Phước Đạt"),
        (["Trung ương"], "Hà Nội"),
        (["Hà Nam", "Trung ương"], BLANK),  # written in by hand, not dated from the capital
        (["Chi bộ Công ty cổ phần Cấp nước"], BLANK),
    ],
)
def test_the_place_is_the_locality_of_the_nearest_body_that_names_one(lineage, place):
    orgs = [
        Organisation(name=name, level=Level.CENTRAL if name == "Trung ương" else Level.BASE)
        for name in lineage
    ]
    assert place_of(orgs) == place
