"""The organisation pages: the tree, drill-down, scoping, editing and export."""

from __future__ import annotations

import csv
import io
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from daihoi.web.audit.models import AuditEntry
from daihoi.web.orgs.models import Level, Organisation
from daihoi.web.orgs.tree import NewOrganisation, add_organisations


def test_it_shows_alice_her_province_with_its_districts(tree, alice, client_of):
    page = client_of(alice).get(reverse("orgs:index")).content.decode()
    assert "Đảng bộ tỉnh Hà Nam" in page
    assert "Đảng bộ thành phố Phủ Lý" in page and "Đảng bộ thị xã Duy Tiên" in page
    assert "Ninh Bình" not in page and "Hoa Lư" not in page


def test_it_drills_down_one_level_at_a_time(tree, alice, client_of):
    client = client_of(alice)
    rows = client.get(reverse("orgs:children", args=[tree.phu_ly.pk])).content.decode()
    assert "Đảng bộ phường Minh Khai" in rows and "Chi bộ Trường THPT chuyên Biên Hòa" in rows
    assert "Chi bộ tổ dân phố số 1" not in rows  # a level further down, loaded on its own
    detail = client.get(reverse("orgs:detail", args=[tree.minh_khai.pk])).content.decode()
    assert "Chi bộ tổ dân phố số 1" in detail
    assert "Đảng bộ tỉnh Hà Nam" in detail  # in the breadcrumbs


def test_it_counts_units_under_each_child(tree, alice, client_of):
    response = client_of(alice).get(reverse("orgs:detail", args=[tree.ha_nam.pk]))
    rows = {r["org"].code: r for r in response.context["rows"]}
    assert rows["HNA-PL"]["under_total"] == 3
    assert rows["HNA-PL"]["under"][Level.BASE] == 2 and rows["HNA-PL"]["under"][Level.CELL] == 1
    assert rows["HNA-DT"]["under_total"] == 1
    assert response.context["totals"] == [(Level.UPPER_BASE, 2), (Level.BASE, 3), (Level.CELL, 1)]


def test_it_hides_bobs_units_from_alice_with_a_404(tree, alice, client_of):
    client = client_of(alice)
    for name in (
        "orgs:detail",
        "orgs:children",
        "orgs:edit",
        "orgs:add_child",
        "orgs:export_csv",
        "orgs:export_xlsx",
    ):
        assert client.get(reverse(name, args=[tree.hoa_lu.pk])).status_code == 404, name
    assert (
        client.post(
            reverse("orgs:edit", args=[tree.hoa_lu.pk]), {"name": "Đổi", "kind": "", "members": 1}
        ).status_code
        == 404
    )
    tree.hoa_lu.refresh_from_db()
    assert tree.hoa_lu.name == "Đảng bộ thành phố Hoa Lư"


def test_it_does_not_show_the_parent_above_alices_unit(tree, alice, client_of):
    assert client_of(alice).get(reverse("orgs:detail", args=[tree.central.pk])).status_code == 404


def test_it_finds_organisations_by_name_only_in_scope(tree, alice, client_of):
    page = client_of(alice).get(reverse("orgs:index"), {"q": "phường"}).content.decode()
    assert "Minh Khai" in page and "Hòa Mạc" in page
    assert "Đông Thành" not in page


def test_it_lets_charlie_read_but_not_edit(tree, charlie, client_of):
    client = client_of(charlie)
    assert client.get(reverse("orgs:detail", args=[tree.minh_khai.pk])).status_code == 200
    assert client.get(reverse("orgs:edit", args=[tree.minh_khai.pk])).status_code == 403
    assert (
        client.post(
            reverse("orgs:edit", args=[tree.minh_khai.pk]), {"name": "X", "kind": "", "members": 1}
        ).status_code
        == 403
    )
    assert (
        client.get(reverse("orgs:detail", args=[tree.hoa_mac.pk])).status_code == 404
    )  # Duy Tiên is not his


def test_it_records_alices_edit_in_the_audit_log(tree, alice, client_of):
    response = client_of(alice).post(
        reverse("orgs:edit", args=[tree.minh_khai.pk]),
        {"name": "Đảng bộ phường Minh Khai", "kind": "Đảng bộ cơ sở", "members": "420"},
    )
    assert response.status_code == 302
    tree.minh_khai.refresh_from_db()
    assert tree.minh_khai.members == 420
    entry = AuditEntry.objects.get()
    assert (entry.username, entry.action, entry.organisation) == ("alice", "update", tree.minh_khai)
    assert entry.changes == {"members": [412, 420]}


def test_it_adds_a_cell_under_a_base_and_refuses_a_level_above(tree, alice, client_of):
    client = client_of(alice)
    url = reverse("orgs:add_child", args=[tree.hoa_mac.pk])
    bad = client.post(
        url,
        {
            "code": "HNA-DT-01-09",
            "name": "Chi bộ 9",
            "level": Level.UPPER_BASE,
            "kind": "",
            "members": 10,
        },
    )
    assert bad.status_code == 200 and not Organisation.objects.filter(code="HNA-DT-01-09").exists()
    good = client.post(
        url,
        {
            "code": "HNA-DT-01-09",
            "name": "Chi bộ 9",
            "level": Level.CELL,
            "kind": "Chi bộ",
            "members": 10,
        },
    )
    assert good.status_code == 302
    cell = Organisation.objects.get(code="HNA-DT-01-09")
    assert Organisation.objects.get_parent(cell) == tree.hoa_mac
    assert AuditEntry.objects.get(action="create").organisation == cell


def test_it_exports_alices_subtree_as_csv_that_names_each_parent(tree, alice, client_of):
    response = client_of(alice).get(reverse("orgs:export_csv", args=[tree.phu_ly.pk]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Mã", "Tên", "Mã cấp trên", "Cấp", "Loại hình", "Số đảng viên"]
    assert rows[1] == [
        "HNA-PL",
        "Đảng bộ thành phố Phủ Lý",
        "HNA",
        "Cấp trên cơ sở",
        "Đảng bộ thành phố",
        "9800",
    ]
    assert [
        "HNA-PL-01-01",
        "Chi bộ tổ dân phố số 1",
        "HNA-PL-01",
        "Chi bộ trực thuộc",
        "Chi bộ trực thuộc",
        "35",
    ] in rows
    assert len(rows) == 5


def test_it_exports_excel_with_the_same_rows(tree, bob, client_of):
    response = client_of(bob).get(reverse("orgs:export_xlsx", args=[tree.ninh_binh.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0] == ["Mã", "Tên", "Mã cấp trên", "Cấp", "Loại hình", "Số đảng viên"]
    assert [v[0] for v in values[1:]] == ["NBI", "NBI-HL", "NBI-HL-01"]
    assert values[3][2] == "NBI-HL"


def test_it_loads_the_tree_with_the_same_number_of_queries_however_big(tree, alice, client_of):
    client = client_of(alice)
    url = reverse("orgs:detail", args=[tree.ha_nam.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    add_organisations(
        [
            NewOrganisation(f"HNA-PL-X{i}", f"Chi bộ {i}", Level.BASE, "Chi bộ cơ sở", 20, "HNA-PL")
            for i in range(60)
        ]
        + [
            NewOrganisation(f"HNA-DT-Y{i}", f"Chi bộ {i}", Level.BASE, "Chi bộ cơ sở", 20, "HNA-DT")
            for i in range(30)
        ]
    )
    with CaptureQueriesContext(connection) as big:
        response = client.get(url)
    assert len(big) == len(small)
    rows = {r["org"].code: r for r in response.context["rows"]}
    assert rows["HNA-PL"]["under_total"] == 63


def test_it_keeps_the_tree_consistent_after_bulk_insertion(tree):
    add_organisations(
        [
            NewOrganisation(
                "NBI-YK", "Đảng bộ huyện Yên Khánh", Level.UPPER_BASE, "Đảng bộ huyện", 5000, "NBI"
            ),
            NewOrganisation(
                "NBI-YK-01", "Đảng bộ xã Khánh Hội", Level.BASE, "Đảng bộ cơ sở", 300, "NBI-YK"
            ),
        ]
    )
    yk = Organisation.objects.get(code="NBI-YK")
    assert Organisation.objects.get_parent(yk) == tree.ninh_binh
    assert [c.code for c in Organisation.objects.get_children(yk)] == ["NBI-YK-01"]
    assert [
        c.code for c in Organisation.objects.get_children(Organisation.objects.get(code="NBI"))
    ] == ["NBI-HL", "NBI-YK"]
    assert Organisation.objects.find_problems() == ([], [], [], [], [])


def test_it_registers_organisations_in_the_admin_for_sam(tree, sam, client_of):
    client = client_of(sam)
    assert client.get(reverse("admin:orgs_organisation_changelist")).status_code == 200
    assert (
        client.get(reverse("admin:orgs_organisation_change", args=[tree.phu_ly.pk])).status_code
        == 200
    )
    assert client.get(reverse("admin:accounts_profile_changelist")).status_code == 200
    assert client.get(reverse("admin:auth_user_change", args=[sam.pk])).status_code == 200


def test_it_writes_numbers_the_vietnamese_way_and_the_english_way(tree, alice, client_of):
    client = client_of(alice)
    page = client.get(reverse("orgs:detail", args=[tree.ha_nam.pk])).content.decode()
    assert "62.000" in page and "9.800" in page
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get(reverse("orgs:detail", args=[tree.ha_nam.pk])).content.decode()
    assert "62,000" in page and "9,800" in page


def test_it_keeps_a_name_that_looks_like_a_formula_as_text_in_excel(tree, alice, client_of):
    Organisation.objects.filter(pk=tree.hoa_mac.pk).update(
        name='=HYPERLINK("http://x","bấm")', code='HNA "DT" 01'
    )
    response = client_of(alice).get(reverse("orgs:export_xlsx", args=[tree.duy_tien.pk]))
    assert 'filename="to-chuc-HNA-DT.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = sheet.cell(row=3, column=2)
    assert cell.value == '=HYPERLINK("http://x","bấm")' and cell.data_type == "s"
    odd = client_of(alice).get(reverse("orgs:export_csv", args=[tree.hoa_mac.pk]))
    assert odd["Content-Disposition"] == 'attachment; filename="to-chuc-HNA_DT_01.csv"'


def test_it_tells_a_user_without_a_unit_to_ask_for_one(tree, make_user, client_of):
    page = client_of(make_user("dave", None)).get(reverse("orgs:index")).content.decode()
    assert "chưa được gắn với đơn vị nào" in page


def test_it_writes_shares_with_the_locale_decimal_comma(db):
    from django.template import Context, Template
    from django.utils import translation

    template = Template(
        "{% load daihoi %}{{ held|percent:total }} {{ none|percent:zero }} {{ m|get_item:'k' }}"
    )
    context = {"held": 319, "total": 321, "none": 0, "zero": 0, "m": {"k": "v"}}
    with translation.override("vi"):
        assert template.render(Context(context)) == "99,4% – v"
    with translation.override("en"):
        assert template.render(Context(context)) == "99.4% – v"


def test_it_adds_a_cell_once_when_the_form_is_sent_twice(tree, alice, client_of):
    client = client_of(alice)
    url = reverse("orgs:add_child", args=[tree.hoa_mac.pk])
    page = client.get(url).content.decode()
    token = re.search(r'name="form_token" value="([0-9a-f]+)"', page).group(1)
    data = {
        "code": "HNA-DT-01-09",
        "name": "Chi bộ 9",
        "level": Level.CELL,
        "kind": "Chi bộ",
        "members": 10,
        "form_token": token,
    }
    first = client.post(url, data)
    # The second post would fail on the code now taken; it shows the first one's result instead.
    second = client.post(url, data, follow=True)
    child = Organisation.objects.get(code="HNA-DT-01-09")
    assert first.url == reverse("orgs:detail", args=[child.pk])
    assert second.redirect_chain[-1][0] == first.url
    assert "đã được gửi lúc" in second.content.decode()
