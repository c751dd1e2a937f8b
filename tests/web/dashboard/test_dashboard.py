"""The dashboard of a subtree: figures, drill-down, exports, and who may see what."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pypdfium2 as pdfium
from django.urls import reverse
from openpyxl import load_workbook

from daihoi.web.dashboard.figures import build_dashboard
from daihoi.web.orgs.models import Level
from daihoi.web.season.services import choose_season


def test_ha_nam_figures(scenario, tree):
    season, _ = choose_season(tree.ha_nam)
    board = build_dashboard(tree.ha_nam, season, scenario.today)
    levels = {lv.level: lv for lv in board.levels}
    base = levels[Level.BASE]
    assert (base.total, base.held, base.overdue, base.pilot, base.direct_elected) == (3, 1, 1, 1, 1)
    assert base.direct_planned == 2
    assert base.percent == Decimal("33.33")
    assert (levels[Level.UPPER_BASE].total, levels[Level.UPPER_BASE].postponed) == (2, 1)
    assert levels[Level.CELL].not_planned == 1
    assert (board.held, board.total) == (1, 7)
    # Results come from Minh Khai alone: 3 women of 9, 2 under 40, 4 new.
    assert board.results.women_percent == Decimal("33.33")
    assert board.results.under_40_percent == Decimal("22.22")
    assert board.results.renewal_percent == Decimal("44.44")
    assert (board.delegates_official, board.delegates_alternate) == (10, 1)
    assert [c.organisation.name for c in board.overdue] == ["Đảng bộ phường Hòa Mạc"]
    assert [c.organisation.name for c in board.postponed] == ["Đảng bộ thị xã Duy Tiên"]
    children = {c.org.name: c for c in board.children}
    assert set(children) == {"Đảng bộ thành phố Phủ Lý", "Đảng bộ thị xã Duy Tiên"}
    phu_ly = children["Đảng bộ thành phố Phủ Lý"]
    assert (phu_ly.total, phu_ly.held, phu_ly.pilot) == (4, 1, 1)
    assert phu_ly.by_level[Level.BASE].held == 1 and phu_ly.by_level[Level.BASE].total == 2
    duy_tien = children["Đảng bộ thị xã Duy Tiên"]
    assert (duy_tien.total, duy_tien.overdue, duy_tien.postponed) == (2, 1, 1)
    # Base deadline today+30: Minh Khai held, Biên Hòa planned in 20 days, Hòa Mạc overdue.
    base_forecast = next(f for f in board.forecasts if f.level == Level.BASE)
    assert (base_forecast.expected, base_forecast.total) == (2, 3)
    assert base_forecast.percent == Decimal("66.67")
    assert "<svg" in board.chart_svg


def test_alice_reads_her_dashboard_and_drills_down(scenario, tree, alice, client_of):
    client = client_of(alice)
    page = client.get(reverse("dashboard:home")).content.decode()
    assert "Tiến độ đại hội: Đảng bộ tỉnh Hà Nam" in page
    assert "Cơ sở: dự kiến đạt 66,67% trước" in page
    assert reverse("dashboard:org", args=[tree.phu_ly.pk]) in page
    assert "Ninh Bình" not in page
    drill = client.get(reverse("dashboard:org", args=[tree.phu_ly.pk])).content.decode()
    assert "Tiến độ đại hội: Đảng bộ thành phố Phủ Lý" in drill
    assert "Đảng bộ phường Minh Khai" in drill
    # Breadcrumbs run from her own unit; Trung ương is above her and not shown.
    crumbs = drill.split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert "Đảng bộ tỉnh Hà Nam" in crumbs and "Trung ương" not in crumbs
    redirect = client.get(reverse("dashboard:home"), {"org": tree.phu_ly.pk})
    assert redirect.status_code == 302
    assert redirect["Location"] == reverse("dashboard:org", args=[tree.phu_ly.pk])


def test_alice_never_sees_bobs_dashboard_or_exports(scenario, tree, alice, client_of):
    client = client_of(alice)
    for name in ("dashboard:org", "dashboard:export", "dashboard:report"):
        for org in (tree.ninh_binh, tree.hoa_lu, tree.central):
            assert client.get(reverse(name, args=[org.pk])).status_code == 404, (name, org)
    assert client.get(reverse("dashboard:home"), {"org": tree.ninh_binh.pk}).status_code == 404
    assert client.get(reverse("dashboard:home"), {"org": "abc"}).status_code == 404


def test_bob_sees_only_ninh_binh(scenario, tree, bob, client_of):
    page = client_of(bob).get(reverse("dashboard:home")).content.decode()
    assert "Đảng bộ tỉnh Ninh Bình" in page
    assert "Hà Nam" not in page and "Minh Khai" not in page


def test_the_excel_export_has_every_table_and_the_right_rows(scenario, tree, alice, client_of):
    response = client_of(alice).get(reverse("dashboard:export", args=[tree.ha_nam.pk]))
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == [
        "Theo cấp",
        "Dự báo",
        "Kết quả",
        "Đơn vị trực thuộc",
        "Trong tuần",
        "Quá hạn",
        "Hoãn",
        "Vướng mắc",
    ]
    children = book["Đơn vị trực thuộc"]
    assert children["A1"].value.endswith("Các đơn vị trực thuộc")
    rows = list(children.iter_rows(min_row=3, values_only=True))
    assert [r[1] for r in rows] == ["Đảng bộ thành phố Phủ Lý", "Đảng bộ thị xã Duy Tiên"]
    header = [c.value for c in children[2]]
    held = header.index("Đã tổ chức")
    assert [r[held] for r in rows] == [1, 0]
    overdue = list(book["Quá hạn"].iter_rows(min_row=3, values_only=True))
    assert [r[1] for r in overdue] == ["Đảng bộ phường Hòa Mạc"]
    assert overdue[0][2].date() == scenario.hoa_mac.planned_date  # a real date cell
    assert book["Quá hạn"]["C3"].number_format == "DD/MM/YYYY"


def test_one_table_alone_can_be_exported(scenario, tree, alice, client_of):
    client = client_of(alice)
    response = client.get(reverse("dashboard:export", args=[tree.ha_nam.pk]), {"table": "levels"})
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["Theo cấp"]
    labels = [r[0] for r in book.active.iter_rows(min_row=3, values_only=True)]
    assert labels == ["Tỉnh, thành", "Cấp trên cơ sở", "Cơ sở", "Chi bộ trực thuộc"]
    assert (
        client.get(
            reverse("dashboard:export", args=[tree.ha_nam.pk]), {"table": "nope"}
        ).status_code
        == 404
    )


def test_the_pdf_briefing_is_in_vietnamese(scenario, tree, alice, client_of):
    response = client_of(alice).get(reverse("dashboard:report", args=[tree.ha_nam.pk]))
    assert response["Content-Type"] == "application/pdf"
    pdf = pdfium.PdfDocument(response.content)
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "Tình hình đại hội — Đảng bộ tỉnh Hà Nam" in text
    assert "Đảng bộ phường Hòa Mạc" in text
    assert "Sáp nhập đơn vị hành chính" in text
    assert "33,33%" in text
    assert "Tiến độ theo thời gian" in text  # the completion chart, drawn in the PDF


def test_a_unit_with_no_season_says_so(tree, alice, client_of):
    page = client_of(alice).get(reverse("dashboard:home")).content.decode()
    assert "Chưa có đợt đại hội nào cho đơn vị này." in page


def test_the_dashboard_speaks_english_when_asked(scenario, alice, client_of):
    client = client_of(alice)
    vietnamese = client.get(reverse("dashboard:home"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Tiến độ đại hội: Đảng bộ tỉnh Hà Nam" in vietnamese.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    text = client.get(reverse("dashboard:home")).content.decode()
    assert "Congress progress: Đảng bộ tỉnh Hà Nam" in text
    assert "Base: expected 66,67% by" in text


def test_sam_the_superuser_starts_at_the_top(scenario, sam, client_of):
    page = client_of(sam).get(reverse("dashboard:home")).content.decode()
    assert "Tiến độ đại hội: Trung ương" in page
    assert "Đảng bộ tỉnh Hà Nam" in page and "Đảng bộ tỉnh Ninh Bình" in page
    # Two provinces: 2 of 10 congresses held (Minh Khai and Đông Thành).
    assert 'data-figure="held">2/10<' in page


def test_erin_sees_her_base_and_its_cell_only(scenario, tree, erin, client_of):
    client = client_of(erin)
    page = client.get(reverse("dashboard:home")).content.decode()
    assert "Tiến độ đại hội: Đảng bộ phường Minh Khai" in page
    assert 'data-figure="held">1/2<' in page  # her own congress held, the cell's not planned
    assert reverse("dashboard:org", args=[tree.minh_khai_cell.pk]) in page
    assert client.get(reverse("dashboard:org", args=[tree.phu_ly.pk])).status_code == 404
