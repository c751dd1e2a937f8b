"""The congress list exported to Excel, filters kept.

Alice (office of Hà Nam) exports her province's list, then only the overdue ones, in
Vietnamese and in English; Charlie (viewer of Phủ Lý) may export Phủ Lý's list but not Hà
Nam's; Bob (Ninh Bình) sees none of Hà Nam's congresses in his.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook


def _sheet(client, **query):  # type: ignore[no-untyped-def]
    response = client.get(reverse("season:congress_export"), query)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(BytesIO(response.content)).active


def _rows(sheet) -> list[list[object]]:  # type: ignore[no-untyped-def]
    return [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)]


def test_alices_export_has_every_congress_of_ha_nam_in_words(scenario, tree, alice, client_of):
    sheet = _sheet(client_of(alice), org=tree.ha_nam.pk)
    header = [c.value for c in sheet[2]]
    assert header[:7] == [
        "Mã",
        "Đơn vị",
        "Cấp",
        "Hình thức",
        "Tình trạng",
        "Ngày dự kiến",
        "Ngày tổ chức",
    ]
    assert "Tỷ lệ phiếu bầu bí thư (%)" in header
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in _rows(sheet)}
    assert set(rows) == {
        "HNA",
        "HNA-PL",
        "HNA-PL-01",
        "HNA-PL-01-01",
        "HNA-PL-02",
        "HNA-DT",
        "HNA-DT-01",
    }
    minh_khai = rows["HNA-PL-01"]
    assert minh_khai["Cấp"] == "Cơ sở"
    assert minh_khai["Tình trạng"] == "Đã tổ chức"
    assert minh_khai["Hình thức"] == "Đại hội đại biểu"
    assert minh_khai["Đại hội điểm"] == "Có"
    assert (
        minh_khai["Tỷ lệ phiếu bầu bí thư (%)"] == Decimal("92.5")
        or minh_khai["Tỷ lệ phiếu bầu bí thư (%)"] == 92.5
    )
    assert isinstance(minh_khai["Ngày tổ chức"], date | datetime)
    assert minh_khai["Số có mặt"] == 398
    assert rows["HNA-DT"]["Lý do hoãn"] == "Sáp nhập đơn vị hành chính"
    assert rows["HNA-PL-01-01"]["Ngày dự kiến"] is None


def test_the_filters_of_the_page_are_kept(scenario, tree, alice, client_of):
    client = client_of(alice)
    page = client.get(reverse("season:congress_list"), {"org": tree.ha_nam.pk, "overdue": 1})
    link = page.content.decode()
    assert "overdue=1" in link and 'data-testid="congress-export"' in link
    overdue = _rows(_sheet(client, org=tree.ha_nam.pk, overdue=1))
    assert [r[0] for r in overdue] == ["HNA-DT-01"]
    held = _rows(_sheet(client, org=tree.ha_nam.pk, status="held"))
    assert [r[0] for r in held] == ["HNA-PL-01"]


def test_charlie_exports_phu_ly_but_not_ha_nam(scenario, tree, charlie, client_of):
    client = client_of(charlie)
    rows = _rows(_sheet(client, org=tree.phu_ly.pk))
    assert {r[0] for r in rows} == {"HNA-PL", "HNA-PL-01", "HNA-PL-01-01", "HNA-PL-02"}
    response = client.get(reverse("season:congress_export"), {"org": tree.ha_nam.pk})
    assert response.status_code == 404


def test_bob_never_gets_ha_nams_congresses(scenario, tree, bob, client_of):
    client = client_of(bob)
    assert client.get(reverse("season:congress_export"), {"org": tree.ha_nam.pk}).status_code == 404
    rows = _rows(_sheet(client))
    assert {r[0] for r in rows} == {"NBI", "NBI-HL", "NBI-HL-01"}


def test_the_english_export_has_english_headers_and_levels(scenario, tree, alice, client_of):
    client = client_of(alice)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    sheet = _sheet(client, org=tree.ha_nam.pk, status="held")
    header = [c.value for c in sheet[2]]
    assert header[:3] == ["Code", "Unit", "Level"]
    row = dict(zip(header, _rows(sheet)[0], strict=True))
    assert row["Level"] == "Base"
    assert row["Pilot congress"] == "Yes"


def test_a_unit_named_like_a_formula_is_written_as_text(scenario, tree, alice, client_of):
    tree.hoa_mac.name = '=HYPERLINK("http://x.example","bấm")'
    tree.hoa_mac.save()
    sheet = _sheet(client_of(alice), org=tree.ha_nam.pk, overdue=1)
    cell = sheet.cell(row=3, column=2)
    assert cell.value == '=HYPERLINK("http://x.example","bấm")'
    assert cell.data_type == "s"


def test_the_congress_number_is_shown_without_a_thousands_separator(
    scenario, tree, alice, client_of
):
    # Excel's "#,##0" would show congress 12345 as "12,345": the number is copied, not counted.
    # The figures keep their grouping.
    sheet = _sheet(client_of(alice), org=tree.ha_nam.pk)
    header = [c.value for c in sheet[2]]
    number = header.index("Số hiệu đại hội (không sửa)")
    present = header.index("Số có mặt")
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=3)}
    assert rows["HNA-PL"][number].value == scenario.phu_ly.pk
    assert {r[number].number_format for r in rows.values()} == {"0"}
    assert rows["HNA-PL-01"][present].number_format == "#,##0"
