"""Who reads a full record, and that every read and export is in the access log."""

from __future__ import annotations

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from daihoi.web.personnel.models import AccessKind, AccessLog


def profile(pk: int) -> str:
    return reverse("personnel:detail", args=[pk])


def test_it_lets_alice_read_an_and_logs_the_read(alice, an, client_of):
    response = client_of(alice).get(profile(an.pk))
    assert response.status_code == 200
    assert "035075000123" in response.content.decode()
    entry = AccessLog.objects.get()
    assert (entry.user, entry.kind, entry.person, entry.organisation.code) == (
        alice,
        AccessKind.PROFILE,
        an,
        "HNA-PL-01",
    )
    assert entry.reader_unit.code == "HNA"


def test_it_refuses_bob_of_another_province_as_if_an_did_not_exist(bob, an, client_of):
    assert client_of(bob).get(profile(an.pk)).status_code == 404
    assert not AccessLog.objects.exists()


def test_it_shows_charlie_the_viewer_names_and_units_but_never_a_profile(
    charlie, an, tree, client_of
):
    client = client_of(charlie)
    listing = client.get(reverse("personnel:index"), {"org": tree.phu_ly.pk}).content.decode()
    assert "Nguyễn Văn An" in listing and "Đảng bộ phường Minh Khai" in listing
    assert "035075000123" not in listing and profile(an.pk) not in listing
    assert client.get(profile(an.pk)).status_code == 403
    export = reverse("personnel:export") + f"?org={tree.phu_ly.pk}"
    assert client.get(export).status_code == 403
    assert not AccessLog.objects.exists()


def test_it_lets_the_secretary_read_their_own_unit_only(minh, an, binh, client_of):
    client = client_of(minh)
    assert client.get(profile(an.pk)).status_code == 200
    # Biên Hòa is Minh Khai's sibling: out of the secretary's sight altogether.
    assert client.get(profile(binh.pk)).status_code == 404
    assert AccessLog.objects.count() == 1


def test_it_lets_the_personnel_subcommittee_read_its_unit_and_below(hoa, an, binh, duc, client_of):
    client = client_of(hoa)
    assert client.get(profile(an.pk)).status_code == 200
    assert client.get(profile(binh.pk)).status_code == 200
    assert client.get(profile(duc.pk)).status_code == 404


def test_it_refuses_a_working_group_member_the_profile(tree, make_user, an, client_of):
    from daihoi.web.accounts.models import Role

    erin = make_user("erin2", tree.ha_nam, Role.WORKING_GROUP)
    assert client_of(erin).get(profile(an.pk)).status_code == 403


def test_the_export_is_formula_safe_and_logged(alice, tree, an, client_of):
    an.position = '=HYPERLINK("http://x","y")'
    an.save()
    response = client_of(alice).get(reverse("personnel:export"), {"org": tree.ha_nam.pk})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "Nguyễn Văn An"
    cell = sheet.cell(row=2, column=11)
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"
    entry = AccessLog.objects.get()
    assert (entry.kind, entry.rows, entry.organisation) == (AccessKind.EXPORT, 1, tree.ha_nam)


def test_the_access_log_page_is_the_office_s_and_shows_each_read(
    alice, bob, charlie, hoa, an, client_of
):
    client_of(hoa).get(profile(an.pk))
    page = client_of(alice).get(reverse("personnel:access_log"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "hoa" in text and "Nguyễn Văn An" in text and "Đảng bộ thành phố Phủ Lý" in text
    # Bob's province has had no reads; Charlie is no office.
    assert (
        "Nguyễn Văn An" not in client_of(bob).get(reverse("personnel:access_log")).content.decode()
    )
    assert client_of(charlie).get(reverse("personnel:access_log")).status_code == 403


def test_completeness_counts_the_filled_fields_per_unit(alice, an, binh, tree):
    from daihoi.web.personnel.services import completeness

    rows = {r.unit.code: r for r in completeness(alice, tree.ha_nam)}
    assert rows["HNA-PL-01"].filled["cccd"] == 1 and rows["HNA-PL-02"].filled["cccd"] == 0
    assert rows["HNA-PL-02"].filled["gender"] == 1 and rows["HNA-PL-02"].total == 1
