# ruff: noqa: F811
"""W5: personnel reports: names that are formulas stay text in every spreadsheet, another
province gets nothing, every export of person data is in the access log."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from daihoi.web.personnel import plans
from daihoi.web.personnel.models import AccessKind, AccessLog, Person
from tests.web.personnel.conftest import cadres, hoa, season, ward_congress  # noqa: F401
from tests.web.personnel.test_bodies_rollup import elect
from tests.web.season.conftest import empty_cache  # noqa: F401

pytestmark = pytest.mark.django_db

FORMULAS = [
    "=1+1",
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
    '=HYPERLINK("http://evil.example","bấm")',
    "\t=1+1",
    "\r=1+1",
    "＝1+1",  # a fullwidth equals sign
    "=cmd|'/c calc'!A1\x07",
]


def _cells(content: bytes):  # type: ignore[no-untyped-def]
    book = load_workbook(io.BytesIO(content))
    return [c for ws in book for row in ws.iter_rows() for c in row if c.value is not None]


def _assert_text(content: bytes, needle: str) -> None:
    cells = _cells(content)
    found = [c for c in cells if needle in str(c.value)]
    assert found, f"{needle!r} not in the workbook"
    for c in cells:
        assert c.data_type != "f", (c.coordinate, c.value)
    for c in found:
        assert c.data_type == "s", (c.coordinate, c.value, c.data_type)


@pytest.mark.parametrize("name", FORMULAS)
def test_a_formula_name_on_a_list_stays_text_in_the_plan_xlsx(
    hoa, ward_congress, cadres, client_of, name
) -> None:
    cl = plans.create_list(hoa, ward_congress, "committee", 1, name)
    person = Person.objects.create(full_name=name, unit=ward_congress.organisation)
    plans.nominate(hoa, cl, person, "self")
    response = client_of(hoa).get(reverse("personnel:plan_xlsx", args=[ward_congress.pk]))
    assert response.status_code == 200
    needle = name.strip().replace("\x07", "")[:6]
    _assert_text(response.content, needle)


@pytest.mark.parametrize("name", FORMULAS)
def test_a_formula_name_stays_text_in_the_plan_docx(
    hoa, ward_congress, cadres, client_of, name
) -> None:
    cl = plans.create_list(hoa, ward_congress, "committee", 1, "Bầu Ban Chấp hành")
    person = Person.objects.create(full_name=name, unit=ward_congress.organisation)
    plans.nominate(hoa, cl, person, "self")
    response = client_of(hoa).get(reverse("personnel:plan_docx", args=[ward_congress.pk]))
    assert response.status_code == 200
    import zipfile

    with zipfile.ZipFile(io.BytesIO(response.content)) as z:
        xml = z.read("word/document.xml").decode()
    for marker in ("<w:fldSimple", "<w:instrText", "<w:hyperlink", "<w:fldChar"):
        assert marker not in xml
    Document(io.BytesIO(response.content))  # it opens


@pytest.mark.parametrize("name", FORMULAS)
def test_a_formula_name_stays_text_in_the_person_export(alice, tree, client_of, name) -> None:
    Person.objects.create(full_name=name, unit=tree.minh_khai, position=name)
    response = client_of(alice).get(reverse("personnel:export"), {"org": tree.ha_nam.pk})
    assert response.status_code == 200
    _assert_text(response.content, name.strip().replace("\x07", "")[:6])


@pytest.mark.parametrize("name", ["=1+1", "@SUM(1+1)", "+cmd|' /C calc'!A0"])
def test_a_formula_unit_name_stays_text_in_the_bodies_export(
    alice, tree, season, client_of, empty_cache, name
) -> None:
    type(tree.minh_khai).objects.filter(pk=tree.minh_khai.pk).update(name=name)
    elect(alice, season, tree.minh_khai, [(name, "female", date(1980, 1, 1))])
    response = client_of(alice).get(reverse("dashboard:bodies_xlsx", args=[tree.phu_ly.pk]))
    assert response.status_code == 200
    _assert_text(response.content, name[:4])
    docx = client_of(alice).get(reverse("dashboard:bodies_docx", args=[tree.phu_ly.pk]))
    assert docx.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "personnel:plan_xlsx",
        "personnel:plan_docx",
        "personnel:plan",
    ],
)
def test_another_province_gets_no_plan(ward_congress, bob, client_of, url) -> None:
    response = client_of(bob).get(reverse(url, args=[ward_congress.pk]))
    assert response.status_code == 404
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("url", ["personnel:plan_xlsx", "personnel:plan_docx"])
def test_a_viewer_gets_no_plan_report(ward_congress, charlie, client_of, url) -> None:
    response = client_of(charlie).get(reverse(url, args=[ward_congress.pk]))
    assert response.status_code == 403
    assert not AccessLog.objects.exists()


def test_another_province_gets_no_person_export_or_bodies(tree, bob, client_of) -> None:
    Person.objects.create(full_name="Nguyễn Văn An", unit=tree.minh_khai)
    client = client_of(bob)
    response = client.get(reverse("personnel:export"), {"org": tree.ha_nam.pk})
    assert response.status_code in (403, 404)
    assert b"Nguy" not in response.content
    for name in ("dashboard:bodies_xlsx", "dashboard:bodies_docx"):
        assert client.get(reverse(name, args=[tree.ha_nam.pk])).status_code == 404
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("org", ["abc", "-1", "999999", "1 OR 1=1", ""])
def test_a_hostile_org_parameter_is_refused(alice, tree, client_of, org) -> None:
    response = client_of(alice).get(reverse("personnel:export"), {"org": org})
    assert response.status_code in (400, 403, 404) or (
        response.status_code == 200
        and response["Content-Type"].startswith("application/vnd.openxmlformats")
        and not AccessLog.objects.exclude(
            organisation__in=tree.ha_nam.get_tree(tree.ha_nam)
        ).exists()
    )


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
def test_every_plan_export_is_logged(hoa, ward_congress, cadres, client_of, kind) -> None:
    cl = plans.create_list(hoa, ward_congress, "committee", 3, "Bầu Ban Chấp hành")
    for person in cadres[:3]:
        plans.nominate(hoa, cl, person, "outgoing")
    client = client_of(hoa)
    before = AccessLog.objects.filter(kind=AccessKind.EXPORT).count()
    for _ in range(2):
        assert (
            client.get(reverse(f"personnel:plan_{kind}", args=[ward_congress.pk])).status_code
            == 200
        )
    logged = AccessLog.objects.filter(kind=AccessKind.EXPORT)
    assert logged.count() == before + 2
    assert all(r.user == hoa for r in logged)


def test_the_person_export_is_logged(alice, tree, client_of) -> None:
    Person.objects.create(full_name="Nguyễn Văn An", unit=tree.minh_khai)
    client_of(alice).get(reverse("personnel:export"), {"org": tree.ha_nam.pk})
    assert AccessLog.objects.filter(kind=AccessKind.EXPORT, user=alice).count() == 1


def test_the_bodies_export_of_person_data_is_logged_if_it_names_people(
    alice, tree, season, client_of, empty_cache
) -> None:
    elect(alice, season, tree.minh_khai, [("Phạm Thị Hoa", "female", date(1980, 1, 1))])
    response = client_of(alice).get(reverse("dashboard:bodies_xlsx", args=[tree.phu_ly.pk]))
    names = [c for c in _cells(response.content) if "Phạm Thị Hoa" in str(c.value)]
    if names:  # a file naming people is an export of person data
        assert AccessLog.objects.filter(kind=AccessKind.EXPORT, user=alice).exists()


# No NUL: PostgreSQL text cannot hold one, so no record can (the forms refuse it: Django's
# CharField prohibits null characters); the other control characters can reach a record.
CONTROL = "Nguyễn\x07Văn\x1bAn\x0b"


@pytest.mark.parametrize("field", ["full_name", "position", "hometown"])
def test_a_control_character_in_a_record_does_not_break_the_person_export(
    alice, tree, client_of, field
) -> None:
    values = {"full_name": "Nguyễn Văn An", "unit": tree.minh_khai, field: CONTROL}
    Person.objects.create(**values)
    response = client_of(alice).get(reverse("personnel:export"), {"org": tree.ha_nam.pk})
    assert response.status_code == 200, response.status_code
    for c in _cells(response.content):
        assert not any(ch in str(c.value) for ch in "\x07\x1b\x0b")


def test_a_control_character_in_a_unit_name_does_not_break_the_bodies_export(
    alice, tree, season, client_of, empty_cache
) -> None:
    type(tree.minh_khai).objects.filter(pk=tree.minh_khai.pk).update(name="Phường\x07Minh Khai")
    elect(alice, season, tree.minh_khai, [("Phạm\x1bThị Hoa", "female", date(1980, 1, 1))])
    client = client_of(alice)
    for name in ("dashboard:bodies_xlsx", "dashboard:bodies_docx"):
        response = client.get(reverse(name, args=[tree.phu_ly.pk]))
        assert response.status_code == 200, (name, response.status_code)


@pytest.mark.parametrize("field", ["position", "hometown", "ethnicity"])
def test_a_control_character_typed_in_the_edit_form_never_breaks_the_export(
    hoa, alice, tree, client_of, field
) -> None:
    an = Person.objects.create(
        full_name="Nguyễn Văn An", unit=tree.minh_khai, birth_date=date(1975, 2, 5)
    )
    data = {
        "full_name": an.full_name,
        "gender": an.gender,
        "birth_date": an.birth_date.isoformat(),
        "cccd": an.cccd,
        "theory": an.theory,
        field: "Phó\x07Bí\x1bthư",
    }
    edit = client_of(hoa).post(reverse("personnel:person_edit", args=[an.pk]), data)
    assert edit.status_code in (302, 400)
    response = client_of(alice).get(reverse("personnel:export"), {"org": tree.ha_nam.pk})
    assert response.status_code == 200, (edit.status_code, response.status_code)


@pytest.mark.parametrize(
    "name",
    ["=1+1", '=HYPERLINK("http://evil.example","bấm")', "Nguyễn_x0007_Văn An"],
    ids=["formula", "hyperlink", "escaped_control"],
)
def test_a_hostile_cell_imported_from_a_sheet_is_never_a_formula_or_a_500_on_export(
    alice, tree, client_of, name
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from daihoi.web.personnel.models import PersonImport
    from tests.tasks import run_worker
    from tests.web.personnel.conftest import HEADER, workbook

    client = client_of(alice)
    data = workbook(HEADER, ["Nguyễn Văn An", "Nam", "05/02/1975", "", "", "HNA-PL-01", name, ""])
    client.post(reverse("personnel:import"), {"file": SimpleUploadedFile("ns.xlsx", data)})
    run_worker()
    job = PersonImport.objects.get()
    job.refresh_from_db()
    if job.state == "checked":
        client.post(reverse("personnel:import_apply", args=[job.pk]))
        run_worker()
    job.refresh_from_db()
    assert job.state in ("rejected", "done"), job.state  # refused with its reason, or taken
    for position in Person.objects.values_list("position", flat=True):
        assert "\x07" not in position
    response = client.get(reverse("personnel:export"), {"org": tree.ha_nam.pk})
    assert response.status_code == 200, response.status_code
    for c in _cells(response.content):
        assert c.data_type != "f", (c.coordinate, c.value)
