"""Importing one-person 2C/TCTW-98 forms (one sheet each) in the same background import."""

from __future__ import annotations

import runpy
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from daihoi.web.personnel.importer import plan_import
from daihoi.web.personnel.models import Person, PersonImport
from tests.tasks import run_worker
from tests.web.personnel.test_import import send

EXAMPLES = Path(__file__).parents[3] / "examples"
SAMPLE = runpy.run_path(str(EXAMPLES / "make_personnel_2c_sample.py"))
TODAY = date(2025, 10, 1)


def forms(*people: dict[str, Any], tamper: Any = None) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for person in people:
        SAMPLE["add_form"](book, person)
    if tamper is not None:
        tamper(book)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


AN, BINH = SAMPLE["PEOPLE"]


def test_two_forms_are_two_people_with_every_field(alice):
    plan = plan_import(alice, "2c.xlsx", forms(AN, BINH), TODAY)
    assert plan.ok, [str(p) for p in plan.problems]
    assert plan.rows == 2
    an, binh = plan.creates
    assert (an.full_name, an.birth_date, an.gender, an.cccd) == (
        "Nguyễn Văn An",
        date(1975, 2, 5),
        "male",
        "035075000123",
    )
    assert (an.theory, an.position, an.unit.code) == (
        "cao_cap",
        "Bí thư Đảng ủy phường Minh Khai",
        "HNA-PL-01",
    )
    assert (an.joined_on, an.official_on, an.ethnicity) == (
        date(1998, 5, 19),
        date(1999, 5, 19),
        "Kinh",
    )
    assert (binh.gender, binh.cccd, binh.theory) == ("female", "", "trung_cap")


def test_a_bad_cell_is_named_by_its_sheet_and_cell(alice):
    def tamper(book: Workbook) -> None:
        book["Trần Thị Bình"]["B6"] = "31/02/1982"
        book["Trần Thị Bình"]["D6"] = "Không rõ"
        book["Nguyễn Văn An"]["B15"] = '=HYPERLINK("x")'

    plan = plan_import(alice, "2c.xlsx", forms(AN, BINH, tamper=tamper), TODAY)
    messages = [str(p) for p in plan.problems]
    assert (
        "Trang 2 («Trần Thị Bình»), ô B6 — Sinh ngày: «31/02/1982» không phải một ngày "
        "(ghi dạng 05/02/1975)."
    ) in messages
    assert "Trang 2 («Trần Thị Bình»), ô D6 — Giới tính: «Không rõ» không phải «Nam» hay «Nữ»." in (
        messages
    )
    assert any(
        m.startswith("Trang 1 («Nguyễn Văn An»), ô B15 — Lý luận chính trị: ô chứa công thức")
        for m in messages
    )
    assert not plan.creates


def test_a_form_without_a_unit_code_is_refused(alice):
    def tamper(book: Workbook) -> None:
        book["Nguyễn Văn An"].delete_rows(3)

    plan = plan_import(alice, "2c.xlsx", forms(AN, tamper=tamper), TODAY)
    assert [str(p) for p in plan.problems] == [
        "Trang 1 («Nguyễn Văn An») — Mã đơn vị: không thấy mục «Mã đơn vị» (mã đơn vị quản lý "
        "hồ sơ)."
    ]


def test_a_unit_out_of_sight_is_refused(bob):
    plan = plan_import(bob, "2c.xlsx", forms(AN), TODAY)
    assert [str(p) for p in plan.problems] == [
        "Trang 1 («Nguyễn Văn An»), ô B3 — Mã đơn vị: không có đơn vị mã «HNA-PL-01» trong "
        "phạm vi của bạn."
    ]


def test_the_same_person_on_two_sheets_is_refused(alice):
    twin = AN | {"name": "Nguyễn Văn Anh"}
    plan = plan_import(alice, "2c.xlsx", forms(AN, twin), TODAY)
    assert [str(p) for p in plan.problems] == [
        "Trang 2 («Nguyễn Văn Anh»), mục Số CCCD: trùng số CCCD với trang 1."
    ]


def test_the_example_forms_merge_into_the_list_records_through_the_worker(alice, an, client_of):
    data = (EXAMPLES / "personnel-2c.xlsx").read_bytes()
    client = client_of(alice)
    send(client, data, "personnel-2c.xlsx")
    run_worker()
    job = PersonImport.objects.get()
    assert job.state == "checked", job.problems
    assert (job.rows, job.created, job.merged) == (2, 1, 1)
    assert job.merges[0]["by"] == "cccd"
    from django.urls import reverse

    client.post(reverse("personnel:import_apply", args=[job.pk]))
    run_worker()
    an.refresh_from_db()
    assert an.position == "Bí thư Đảng ủy phường Minh Khai" and an.ethnicity == "Kinh"
    assert Person.objects.get(full_name="Trần Thị Bình").unit.code == "HNA-PL-02"
