"""Importing organisations: every problem reported by row, and a bad file changes nothing."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from daihoi.web.audit.models import AuditEntry
from daihoi.web.orgs.importer import apply_import, plan_import
from daihoi.web.orgs.models import ImportJob, Organisation
from tests.tasks import run_worker

HEADER = "code,name,parent_code,level,type,members\n"


def csv_bytes(*lines: str) -> bytes:
    return (HEADER + "\n".join(lines) + "\n").encode("utf-8")


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def problems(plan) -> list[tuple[int | None, str]]:
    return [(p.row, p.column) for p in plan.problems]


def upload(client, name: str, data: bytes):
    """Send the file, let the worker import it, and return the job's page (or the refusal)."""
    response = client.post(reverse("orgs:import"), {"file": SimpleUploadedFile(name, data)})
    if response.status_code != 302 or "/orgs/import/" not in response["Location"]:
        return response
    run_worker()
    return client.get(response["Location"])


def test_it_imports_a_new_district_with_its_bases_for_alice(tree, alice, client_of):
    data = csv_bytes(
        "HNA-KB,Đảng bộ huyện Kim Bảng,HNA,upper_base,Đảng bộ huyện,6100",
        "HNA-KB-01,Đảng bộ thị trấn Quế,HNA-KB,base,Đảng bộ cơ sở,1.234",
        "HNA-KB-01-01,Chi bộ tổ dân phố 3,HNA-KB-01,cell,Chi bộ trực thuộc,40",
    )
    response = upload(client_of(alice), "kim-bang.csv", data)
    assert response.status_code == 200
    assert response.context["job"].state == ImportJob.State.DONE
    assert "Đã nhập xong: thêm 3, cập nhật 0, giữ nguyên 0 tổ chức." in response.content.decode()
    kb = Organisation.objects.get(code="HNA-KB")
    assert Organisation.objects.get_parent(kb) == tree.ha_nam
    assert Organisation.objects.get(code="HNA-KB-01").members == 1234
    assert (
        Organisation.objects.get_parent(Organisation.objects.get(code="HNA-KB-01-01")).code
        == "HNA-KB-01"
    )
    entry = AuditEntry.objects.get(action="import")
    assert entry.username == "alice"
    assert entry.organisation == tree.ha_nam
    assert entry.changes["created"] == ["HNA-KB", "HNA-KB-01", "HNA-KB-01-01"]
    assert Organisation.objects.find_problems() == ([], [], [], [], [])


def test_it_accepts_children_before_their_parents_and_vietnamese_headers_in_excel(tree, alice):
    data = xlsx_bytes(
        [
            ["Mã", "Tên", "Mã cấp trên", "Cấp", "Loại hình", "Số đảng viên"],
            ["HNA-KB-01", "Đảng bộ thị trấn Quế", "HNA-KB", "Cơ sở", "Đảng bộ cơ sở", 310],
            ["HNA-KB", "Đảng bộ huyện Kim Bảng", "HNA", 2, "Đảng bộ huyện", 6100.0],
        ]
    )
    plan = plan_import(alice, "kim-bang.xlsx", data)
    assert plan.ok, plan.problems
    result = apply_import(alice, plan)
    assert result.created == 2
    assert (
        Organisation.objects.get_parent(Organisation.objects.get(code="HNA-KB-01")).code == "HNA-KB"
    )


def test_it_reports_every_problem_by_row_and_changes_nothing(tree, alice, client_of):
    data = csv_bytes(
        "HNA-KB,Đảng bộ huyện Kim Bảng,HNA,upper_base,Đảng bộ huyện,6100",  # 2: fine
        "HNA-KB-01,Đảng bộ xã A,HNA-XX,base,Đảng bộ cơ sở,100",  # 3: unknown parent
        "HNA-KB,Đảng bộ huyện trùng,HNA,upper_base,,10",  # 4: duplicate code
        "HNA-C1,Chi bộ C1,HNA-C2,cell,,5",  # 5: cycle
        "HNA-C2,Chi bộ C2,HNA-C1,cell,,5",  # 6: cycle
        "HNA-KB-02,Đảng bộ xã B,HNA-KB,province,,100",  # 7: level above its parent
        "HNA-KB-03,Đảng bộ xã C,HNA-KB,base,,mười",  # 8: bad number
        ",Đảng bộ xã D,HNA-KB,base,,10",  # 9: missing code
        "HNA-KB-05,,HNA-KB,base,,10",  # 10: missing name
        "HNA-KB-06,Đảng bộ xã E,HNA-KB,xã,,10",  # 11: unknown level
        "HNA-KB-07,Đảng bộ xã F,HNA-KB,base,,-3",  # 12: negative number
    )
    before = Organisation.objects.count()
    response = upload(client_of(alice), "loi.csv", data)
    job = response.context["job"]
    assert job.state == ImportJob.State.REJECTED
    assert [(p["row"], p["column"]) for p in job.problems] == [
        (3, "parent_code"),
        (4, "code"),
        (5, "parent_code"),
        (6, "parent_code"),
        (7, "level"),
        (8, "members"),
        (9, "code"),
        (10, "name"),
        (11, "level"),
        (12, "members"),
    ]
    page = response.content.decode()
    assert "Không tìm thấy tổ chức cấp trên mã HNA-XX" in page
    assert "Mã HNA-KB trùng với dòng 2" in page
    assert "Vòng lặp cấp trên" in page
    assert "phải ở cấp thấp hơn" in page
    assert "«mười» không phải số nguyên không âm" in page
    assert Organisation.objects.count() == before
    assert not AuditEntry.objects.exists()


def test_it_refuses_a_parent_that_is_a_cell_and_a_cell_with_children(tree, alice):
    plan = plan_import(alice, "x.csv", csv_bytes("HNA-PL-01-01-A,Tổ đảng A,HNA-PL-01-01,cell,,3"))
    assert problems(plan) == [(2, "level")]


def test_it_refuses_alice_a_parent_in_ninh_binh_without_revealing_it(tree, alice):
    plan = plan_import(
        alice, "x.csv", csv_bytes("NBI-HL-02,Đảng bộ phường Ninh Mỹ,NBI-HL,base,,300")
    )
    assert problems(plan) == [(2, "parent_code")]
    assert "trong phạm vi của bạn" in plan.problems[0].message
    assert not Organisation.objects.filter(code="NBI-HL-02").exists()


def test_it_refuses_alice_changing_bobs_unit_by_its_code(tree, alice):
    plan = plan_import(alice, "x.csv", csv_bytes("NBI-HL-01,Tên mới,NBI-HL,base,,1"))
    assert problems(plan) == [(2, "code")]
    tree.dong_thanh.refresh_from_db()
    assert tree.dong_thanh.name == "Đảng bộ phường Đông Thành"


def test_it_refuses_an_import_to_charlie_who_only_views(tree, charlie, client_of):
    response = upload(
        client_of(charlie), "x.csv", csv_bytes("HNA-PL-03,Chi bộ mới,HNA-PL,base,,10")
    )
    assert response.status_code == 403
    assert not Organisation.objects.filter(code="HNA-PL-03").exists()


def test_it_updates_names_and_members_when_an_export_comes_back_edited(tree, alice, client_of):
    client = client_of(alice)
    exported = b"".join(
        client.get(reverse("orgs:export_csv", args=[tree.phu_ly.pk])).streaming_content
    )
    edited = exported.decode("utf-8-sig").replace(
        "Chi bộ tổ dân phố số 1,HNA-PL-01,Chi bộ trực thuộc,Chi bộ trực thuộc,35",
        "Chi bộ tổ dân phố số 1,HNA-PL-01,Chi bộ trực thuộc,Chi bộ trực thuộc,37",
    )
    response = upload(client, "phu-ly.csv", edited.encode("utf-8-sig"))
    assert response.context["job"].state == ImportJob.State.DONE
    tree.minh_khai_cell.refresh_from_db()
    assert tree.minh_khai_cell.members == 37
    entry = AuditEntry.objects.get(action="import")
    assert entry.changes["updated"] == {"HNA-PL-01-01": {"members": [35, 37]}}
    assert entry.changes["unchanged"] == 3
    assert entry.organisation == tree.minh_khai_cell


def test_it_does_not_move_an_organisation_by_import(tree, alice):
    plan = plan_import(
        alice, "x.csv", csv_bytes("HNA-PL-02,Chi bộ Trường THPT chuyên Biên Hòa,HNA-DT,base,,48")
    )
    assert problems(plan) == [(2, "parent_code")]


def test_it_reads_semicolon_separated_csv_from_excel(tree, alice):
    data = (
        "code;name;parent_code;level;type;members\nHNA-DT-02;Đảng bộ xã Tiên Sơn;HNA-DT;base;;210\n"
    )
    plan = plan_import(alice, "x.csv", data.encode("utf-8-sig"))
    assert plan.ok and plan.creates[0].name == "Đảng bộ xã Tiên Sơn"


def test_it_names_a_missing_column(tree, alice):
    plan = plan_import(alice, "x.csv", b"code,name,level\nA,B,base\n")
    assert [(p.row, p.column) for p in plan.problems] == [(1, "parent_code")]
    assert "Thiếu cột parent_code" in plan.problems[0].message


def test_it_refuses_a_wrong_file_type_a_corrupt_workbook_and_a_non_utf8_csv(tree, alice, client_of):
    client = client_of(alice)
    pdf = upload(client, "danh-sach.pdf", b"%PDF-1.4 ...")
    assert pdf.status_code == 400 and "không phải Excel (.xlsx) hoặc CSV" in pdf.content.decode()
    broken = upload(client, "danh-sach.xlsx", b"PK\x03\x04 this is not a workbook")
    assert broken.context["job"].state == ImportJob.State.REJECTED
    assert "Không đọc được tệp Excel" in broken.content.decode()
    cp1258 = upload(
        client, "danh-sach.csv", (HEADER + "HNA-X,Đông,HNA,upper_base,,1\n").encode("cp1258")
    )
    assert cp1258.context["job"].state == ImportJob.State.REJECTED
    assert "UTF-8" in cp1258.content.decode()
    empty = upload(client, "trong.csv", b"\n\n")
    assert empty.context["job"].state == ImportJob.State.REJECTED
    assert "Tệp trống" in empty.content.decode()
    nothing = upload(client, "rong.csv", b"")
    assert nothing.status_code == 400 and "trống" in nothing.content.decode()
    assert Organisation.objects.count() == len(tree.all())


def test_it_lets_sam_import_a_new_root(tree, sam):
    plan = plan_import(
        sam, "x.csv", csv_bytes("TW2,Khối khác,,central,,0", "TW2-A,Tỉnh A,TW2,province,,10")
    )
    assert plan.ok, plan.problems
    apply_import(sam, plan)
    assert Organisation.objects.get(code="TW2").is_root()
    assert Organisation.objects.get_parent(Organisation.objects.get(code="TW2-A")).code == "TW2"


def test_it_asks_alice_for_a_parent_code(tree, alice):
    plan = plan_import(alice, "x.csv", csv_bytes("X1,Khối khác,,central,,0"))
    assert problems(plan) == [(2, "parent_code")]


def test_it_shows_alices_import_to_alice_only(tree, alice, bob, client_of):
    response = upload(client_of(alice), "x.csv", csv_bytes("HNA-PL-03,Chi bộ mới,HNA-PL,base,,10"))
    job = response.context["job"]
    assert client_of(alice).get(reverse("orgs:import_job", args=[job.pk])).status_code == 200
    assert client_of(bob).get(reverse("orgs:import_job", args=[job.pk])).status_code == 404


def test_it_imports_once_when_the_form_is_sent_twice(tree, alice, client_of):
    client = client_of(alice)
    form = {"form_token": "abc123", "file": SimpleUploadedFile("x.csv", b"")}
    data = csv_bytes("HNA-PL-03,Chi bộ mới,HNA-PL,base,,10")
    for _ in range(2):
        form["file"] = SimpleUploadedFile("x.csv", data)
        response = client.post(reverse("orgs:import"), form)
        assert response.status_code == 302
    assert ImportJob.objects.count() == 1
    run_worker()
    assert Organisation.objects.filter(code="HNA-PL-03").count() == 1


def test_it_leaves_the_work_to_the_worker_and_keeps_no_upload(tree, alice, client_of):
    client = client_of(alice)
    response = client.post(
        reverse("orgs:import"),
        {"file": SimpleUploadedFile("x.csv", csv_bytes("HNA-PL-03,Chi bộ mới,HNA-PL,base,,10"))},
    )
    job = ImportJob.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert job.state == ImportJob.State.QUEUED and "Đang chờ tiến trình nền" in page
    assert 'hx-trigger="every 1s"' in page  # the page follows the job by itself
    assert not Organisation.objects.filter(code="HNA-PL-03").exists()
    stored = job.file.name
    assert job.file.storage.exists(stored)
    run_worker()
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE and not job.file
    assert not job.file.storage.exists(stored)
    done = client.get(response["Location"]).content.decode()
    assert "hx-trigger" not in done
