"""Importing a list sheet: the worker checks it, the sender sees the preview, then it is written."""

from __future__ import annotations

from datetime import date, datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from daihoi.web.personnel.models import Person, PersonImport
from tests.tasks import run_worker
from tests.web.personnel.conftest import HEADER, workbook


def send(client, data: bytes, name: str = "nhan-su.xlsx"):
    return client.post(
        reverse("personnel:import"), {"file": SimpleUploadedFile(name, data)}, follow=True
    )


def test_it_previews_a_new_person_and_a_merge_then_writes_both_on_confirmation(
    alice, an, client_of
):
    client = client_of(alice)
    data = workbook(
        HEADER,
        # An by CCCD (a number cell: Excel dropped the leading zero): a new position.
        [
            "Nguyễn Văn An",
            "Nam",
            "05/02/1975",
            35075000123,
            "Cao cấp",
            "HNA-PL-01",
            "Bí thư Đảng ủy phường",
            "Cấp ủy",
        ],
        ["Phạm Thị Cúc", "Nữ", datetime(1988, 3, 9), "", "Trung cấp", "HNA-DT-01", "", ""],
    )
    send(client, data)
    job = PersonImport.objects.get()
    run_worker()
    job.refresh_from_db()
    assert job.state == "checked", job.problems
    assert (job.created, job.merged) == (1, 1)
    page = client.get(reverse("personnel:import_job", args=[job.pk])).content.decode()
    assert "Bí thư Đảng ủy phường" in page and "số CCCD" in page
    assert Person.objects.count() == 1  # nothing written before the confirmation
    client.post(reverse("personnel:import_apply", args=[job.pk]))
    run_worker()
    job.refresh_from_db()
    assert job.state == "done"
    an.refresh_from_db()
    assert an.position == "Bí thư Đảng ủy phường" and an.planned_committee
    cuc = Person.objects.get(full_name="Phạm Thị Cúc")
    assert cuc.birth_date == date(1988, 3, 9) and cuc.unit.code == "HNA-DT-01"


def test_it_merges_by_name_and_birth_date_when_there_is_no_cccd(alice, binh, client_of):
    send(
        client_of(alice),
        workbook(
            HEADER, ["Trần Thị  Bình", "Nữ", "01/06/1982", "", "", "HNA-PL-02", "Hiệu trưởng", ""]
        ),
    )
    run_worker()
    job = PersonImport.objects.get()
    assert (job.state, job.created, job.merged) == ("checked", 0, 1)
    assert job.merges[0]["by"] == "name_birth"


def test_one_wrong_row_refuses_the_file_with_its_row_and_column(alice, client_of):
    client = client_of(alice)
    send(
        client,
        workbook(
            HEADER,
            ["Hoàng Văn Em", "Nam", "12/14/1980", "", "", "HNA", "", ""],
            ['=HYPERLINK("x")', "Nam", "", "", "", "HNA", "", ""],
            ["Đỗ Thị <b>Gấm</b>", "Nữ", "", "123", "Tiến sĩ", "NBI", "", ""],
            ["Lý Văn\u200b Hùng", "", "", "", "", "HNA", "", ""],
        ),
    )
    run_worker()
    job = PersonImport.objects.get()
    assert job.state == "rejected"
    shown = [(p["row"], p["column"]) for p in job.problems]
    assert (2, "Ngày sinh") in shown and (3, "Họ và tên") in shown
    assert {(4, "Họ và tên"), (4, "Số CCCD"), (4, "Lý luận chính trị"), (4, "Mã đơn vị")} <= set(
        shown
    )
    assert (5, "Họ và tên") in shown
    page = client.get(reverse("personnel:import_job", args=[job.pk])).content.decode()
    assert "Dòng 2, cột Ngày sinh:" in page
    assert not Person.objects.exists()
    assert not job.file


def test_it_refuses_a_cccd_of_another_province_and_duplicates_inside_the_file(
    alice, duc, client_of
):
    duc.cccd = "037080000999"
    duc.save()
    send(
        client_of(alice),
        workbook(
            HEADER,
            ["Lê Văn Đức", "", "", "037080000999", "", "HNA", "", ""],
            ["Mai Văn Khoa", "", "", "035090000111", "", "HNA", "", ""],
            ["Mai Văn Khoa", "", "", "035090000111", "", "HNA", "", ""],
        ),
    )
    run_worker()
    job = PersonImport.objects.get()
    messages = {(p["row"], p["message"]) for p in job.problems}
    assert any(r == 2 and "ngoài phạm vi" in m for r, m in messages)
    assert any(r == 4 and "dòng 3" in m for r, m in messages)


def test_a_viewer_may_not_import(charlie, client_of):
    assert client_of(charlie).get(reverse("personnel:import")).status_code == 403


def test_someone_else_s_job_does_not_exist_for_bob(alice, bob, client_of):
    send(client_of(alice), workbook(HEADER, ["Ngô Văn Lâm", "", "", "", "", "HNA", "", ""]))
    job = PersonImport.objects.get()
    assert client_of(bob).get(reverse("personnel:import_job", args=[job.pk])).status_code == 404
    client_of(bob).post(reverse("personnel:import_apply", args=[job.pk]))
    run_worker()
    job.refresh_from_db()
    assert job.state == "checked"


def test_the_sample_in_examples_imports_without_a_problem(alice, client_of):
    from pathlib import Path

    sample = Path(__file__).parents[3] / "examples" / "personnel-list.xlsx"
    send(client_of(alice), sample.read_bytes(), "personnel-list.xlsx")
    run_worker()
    job = PersonImport.objects.get()
    assert (job.state, job.created) == ("checked", 3), job.problems
