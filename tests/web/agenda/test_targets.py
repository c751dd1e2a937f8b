"""Hà Nam publishes its indicators; Phủ Lý and Duy Tiên map theirs before sending drafts up."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from daihoi.web.accounts.models import Role
from daihoi.web.agenda.models import Indicator, UnitIndicator
from daihoi.web.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _publish(
    client: Any,
    congress: Any,
    code: str,
    name: str,
    unit: str,
    value: str,
    direction: str = "higher",
) -> Any:
    return client.post(
        f"/agenda/{congress.pk}/targets/",
        {
            "action": "publish",
            "ind-code": code,
            "ind-name": name,
            "ind-unit": unit,
            "ind-value": value,
            "ind-year": "2030",
            "ind-direction": direction,
        },
    )


def _map(client: Any, congress: Any, name: str, unit: str, value: str, code: str) -> Any:
    return client.post(
        f"/agenda/{congress.pk}/targets/",
        {"action": "map", "own-name": name, "own-unit": unit, "own-value": value, "own-code": code},
    )


@pytest.fixture
def lan(tree: Any, make_user: Any) -> Any:
    return make_user("lan", tree.phu_ly, Role.OFFICE)


@pytest.fixture
def published(alice, client_of, ha_nam_congress) -> None:  # type: ignore[no-untyped-def]
    client = client_of(alice)
    assert (
        _publish(client, ha_nam_congress, "GRDP", "Tăng trưởng GRDP", "%", "8,5").status_code == 302
    )
    assert (
        _publish(
            client, ha_nam_congress, "NGHEO", "Tỷ lệ hộ nghèo", "%", "1,5", "lower"
        ).status_code
        == 302
    )
    assert (
        _publish(
            client, ha_nam_congress, "THUNHAP", "Thu nhập bình quân", "triệu đồng/người/năm", "120"
        ).status_code
        == 302
    )
    assert (
        _publish(
            client, ha_nam_congress, "NTM", "Xã nông thôn mới nâng cao", "xã", "40"
        ).status_code
        == 302
    )


def test_phu_ly_sees_a_missing_indicator_a_weaker_target_and_a_unit_mismatch(
    published, lan, client_of, phu_ly_congress
) -> None:
    client = client_of(lan)
    assert _map(client, phu_ly_congress, "Tăng trưởng kinh tế", "%", "8", "GRDP").status_code == 302
    assert _map(client, phu_ly_congress, "Hộ nghèo", "%", "2,0", "NGHEO").status_code == 302
    assert (
        _map(client, phu_ly_congress, "Thu nhập", "triệu đồng", "130", "THUNHAP").status_code == 302
    )
    assert UnitIndicator.objects.get(name="Hộ nghèo").value == Decimal("2.0")
    page = client.get(f"/agenda/{phu_ly_congress.pk}/targets/").content.decode()
    missing = page.split('data-testid="missing"')[1].split("</ul>")[0]
    weaker = page.split('data-testid="weaker"')[1].split("</ul>")[0]
    mismatch = page.split('data-testid="unit-mismatch"')[1].split("</ul>")[0]
    assert "NTM" in missing and "GRDP" not in missing
    assert (
        "Tăng trưởng kinh tế" in weaker and "Hộ nghèo" in weaker and "thấp hơn là tốt hơn" in weaker
    )
    assert "Thu nhập" in mismatch and "Thu nhập" not in weaker
    assert AuditEntry.objects.filter(action="agenda.mapping_added").count() == 3


def test_the_office_above_sees_one_row_per_unit_below(
    published, alice, lan, client_of, ha_nam_congress, phu_ly_congress, duy_tien_congress
) -> None:
    _map(client_of(lan), phu_ly_congress, "Hộ nghèo", "hộ", "20", "NGHEO")
    page = client_of(alice).get(f"/agenda/{ha_nam_congress.pk}/targets/").content.decode()
    rollup = page.split('data-testid="rollup"')[1]
    rows = rollup.split('data-testid="unit-row"')[1:]
    assert len(rows) == 2
    phu_ly = next(r for r in rows if "Phủ Lý" in r)
    duy_tien = next(r for r in rows if "Duy Tiên" in r)
    assert "<td>3<br>" in phu_ly and "NGHEO: hộ" in phu_ly  # 3 missing, 1 unit mismatch
    assert "<td>4<br>" in duy_tien


def test_bad_numbers_and_a_taken_code_are_told_and_nothing_typed_is_lost(
    published, alice, client_of, ha_nam_congress
) -> None:
    client = client_of(alice)
    r = _publish(
        client, ha_nam_congress, "XK", '=HYPERLINK("x") <i>xuất khẩu</i>', "triệu USD", "nhiều"
    )
    assert r.status_code == 200
    page = r.content.decode()
    assert "Giá trị phải là một số" in page
    assert "&lt;i&gt;xuất khẩu&lt;/i&gt;" in page and "<i>xuất khẩu</i>" not in page
    r = _publish(client, ha_nam_congress, "grdp", "Lặp mã", "%", "9")
    assert "Mã này đã có" in r.content.decode()
    assert Indicator.objects.count() == 4


def test_bob_gets_404_and_charlie_changes_nothing(
    published, bob, charlie, client_of, ha_nam_congress, phu_ly_congress
) -> None:
    assert client_of(bob).get(f"/agenda/{ha_nam_congress.pk}/targets/").status_code == 404
    assert _publish(client_of(bob), ha_nam_congress, "X", "X", "%", "1").status_code == 404
    assert client_of(bob).get(f"/agenda/{ha_nam_congress.pk}/targets.xlsx").status_code == 404
    assert client_of(charlie).get(f"/agenda/{phu_ly_congress.pk}/targets/").status_code == 200
    assert _map(client_of(charlie), phu_ly_congress, "X", "%", "1", "GRDP").status_code == 403


def test_the_table_of_the_units_below_downloads_as_excel_and_a_formula_stays_text(
    published, alice, lan, client_of, ha_nam_congress, phu_ly_congress, duy_tien_congress
) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    phu_ly_congress.organisation.name = '=HYPERLINK("http://x","Phủ Lý")'
    phu_ly_congress.organisation.save()
    _map(client_of(lan), phu_ly_congress, "Tăng trưởng", "%", "8", "GRDP")
    r = client_of(alice).get(f"/agenda/{ha_nam_congress.pk}/targets.xlsx")
    assert r.status_code == 200
    sheet = load_workbook(BytesIO(r.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Đơn vị", "Thiếu")
    phu_ly = next(row for row in rows if "HYPERLINK" in str(row[0]))
    assert phu_ly[1] == 3 and phu_ly[3] == 1 and phu_ly[4] == "GRDP: 8 < 8,5 %"
    cell = next(c for c in sheet["A"] if "HYPERLINK" in str(c.value))
    assert cell.data_type == "s"
    assert client_of(alice).get(f"/agenda/{ha_nam_congress.pk}/targets.xlsx").status_code == 200
