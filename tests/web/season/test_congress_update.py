"""Congresses updated from their Excel list: preview first, then all or nothing.

Alice (office of Hà Nam) exports her province's list, fills in Biên Hòa school's held date and
results and Phủ Lý's new planned date, sends it back, reads the preview (nothing saved yet) and
applies it: both congresses change, each change in the audit log. Her mistakes (a held date in
the future, a percentage typed "85.5", Ninh Bình's row pasted in, a row whose congress Dave
changed meanwhile) are each named by row and column, and nothing is saved. Charlie (a viewer)
may not send a file at all.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from io import BytesIO
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from daihoi.web.audit.models import AuditEntry
from daihoi.web.season.congress_file import congress_version
from daihoi.web.season.congress_update import plan_update
from daihoi.web.season.models import Congress, CongressStatus, CongressUpload
from daihoi.web.season.upload_jobs import run_apply
from tests.tasks import run_worker


def _export(client, org):  # type: ignore[no-untyped-def]
    response = client.get(reverse("season:congress_export"), {"org": org.pk})
    assert response.status_code == 200
    return load_workbook(BytesIO(response.content))


def _columns(sheet) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {c.value: c.column for c in sheet[2]}


def _row_of(sheet, code: str) -> int:  # type: ignore[no-untyped-def]
    for row in range(3, sheet.max_row + 1):
        if sheet.cell(row=row, column=1).value == code:
            return row
    raise AssertionError(code)


def _set(sheet, code: str, column: str, value) -> int:  # type: ignore[no-untyped-def]
    row = _row_of(sheet, code)
    sheet.cell(row=row, column=_columns(sheet)[column], value=value)
    return row


def _bytes(book) -> bytes:  # type: ignore[no-untyped-def]
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _send(client, data: bytes, name: str = "dai-hoi.xlsx"):  # type: ignore[no-untyped-def]
    """Send the file, let the task worker check it, and read the job's page."""
    sent = client.post(
        reverse("season:congress_upload"), {"file": SimpleUploadedFile(name, data)}, follow=True
    )
    if not sent.redirect_chain:  # refused by the form: nothing queued
        return sent
    run_worker()
    return client.get(sent.redirect_chain[-1][0])


def _apply(client, kept):  # type: ignore[no-untyped-def]
    """Click "Ghi các thay đổi", let the task worker apply, and read the job's page."""
    clicked = client.post(reverse("season:congress_upload_apply", args=[kept.pk]))
    if clicked.status_code != 302:
        return clicked
    run_worker()
    return client.get(clicked["Location"])


def _filled_in(scenario, tree, client):  # type: ignore[no-untyped-def]
    book = _export(client, tree.ha_nam)
    sheet = book.active
    today = scenario.today
    _set(sheet, "HNA-PL-02", "Tình trạng", "Đã tổ chức")
    _set(sheet, "HNA-PL-02", "Ngày tổ chức", (today - timedelta(days=1)).strftime("%d/%m/%Y"))
    _set(sheet, "HNA-PL-02", "Số được triệu tập", 48)
    _set(sheet, "HNA-PL-02", "Số có mặt", "46")
    _set(sheet, "HNA-PL-02", "Bí thư được bầu trực tiếp tại đại hội", "Có")
    _set(sheet, "HNA-PL-02", "Tỷ lệ phiếu bầu bí thư (%)", "85,5")
    _set(sheet, "HNA-PL", "Ngày dự kiến", today + timedelta(days=45))
    return book


def test_alice_previews_then_applies_her_filled_in_list(scenario, tree, alice, client_of):
    client = client_of(alice)
    page = _send(client, _bytes(_filled_in(scenario, tree, client)))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Ghi các thay đổi" in text
    assert "Chi bộ Trường THPT chuyên Biên Hòa" in text and "85,50" in text
    # Nothing is saved by the preview.
    scenario.bien_hoa.refresh_from_db()
    assert scenario.bien_hoa.status == CongressStatus.PLANNED
    kept = CongressUpload.objects.get(user=alice)

    done = _apply(client, kept)
    assert "Đã cập nhật 2 đại hội" in done.content.decode()
    bien_hoa = Congress.objects.get(pk=scenario.bien_hoa.pk)
    assert bien_hoa.status == CongressStatus.HELD
    assert bien_hoa.held_date == scenario.today - timedelta(days=1)
    assert (bien_hoa.convened, bien_hoa.present) == (48, 46)
    assert bien_hoa.secretary_vote_percent == Decimal("85.5")
    assert Congress.objects.get(pk=scenario.phu_ly.pk).planned_date == scenario.today + timedelta(
        45
    )
    entries = AuditEntry.objects.filter(action="congress.import")
    assert entries.count() == 2
    logged = entries.get(object_id=str(bien_hoa.pk)).changes
    assert logged["status"] == ["planned", "held"] and logged["file"] == "dai-hoi.xlsx"
    kept.refresh_from_db()
    assert kept.applied_at is not None and not kept.file
    # A later click changes nothing more.
    again = client.post(reverse("season:congress_upload_apply", args=[kept.pk]), follow=True)
    assert "đã được cập nhật" in again.content.decode()
    run_worker()
    assert AuditEntry.objects.filter(action="congress.import").count() == 2


def test_every_mistake_is_named_by_row_and_column_and_nothing_is_saved(
    scenario, tree, alice, client_of
):
    client = client_of(alice)
    book = _filled_in(scenario, tree, client)
    sheet = book.active
    future = (scenario.today + timedelta(days=3)).strftime("%d/%m/%Y")
    row = _set(sheet, "HNA-PL-02", "Ngày tổ chức", future)
    _set(sheet, "HNA-PL-02", "Tỷ lệ phiếu bầu bí thư (%)", "85.5")
    hoa_mac = _set(sheet, "HNA-DT-01", "Tình trạng", "Chưa có kế hoạch")
    text = _send(client, _bytes(book)).content.decode()
    assert f"Dòng {row}, cột Ngày tổ chức: ngày tổ chức không thể sau hôm nay" in text
    assert f"Dòng {row}, cột Tỷ lệ phiếu bầu bí thư (%): tỷ lệ phần trăm dùng dấu phẩy" in text
    assert f"Dòng {hoa_mac}, cột Tình trạng: không thể chuyển từ" in text
    assert "Ghi các thay đổi" not in text
    # Applying anyway (a crafted post) saves nothing either.
    kept = CongressUpload.objects.get(user=alice)
    response = client.post(reverse("season:congress_upload_apply", args=[kept.pk]))
    assert response.status_code == 400
    assert Congress.objects.get(pk=scenario.phu_ly.pk).planned_date == scenario.phu_ly.planned_date
    assert not AuditEntry.objects.filter(action="congress.import").exists()


def test_a_row_changed_since_the_export_is_refused_as_stale(scenario, tree, alice, client_of):
    client = client_of(alice)
    book = _filled_in(scenario, tree, client)
    # Meanwhile someone moves Phủ Lý's congress to another day.
    Congress.objects.filter(pk=scenario.phu_ly.pk).update(
        planned_date=scenario.today + timedelta(days=41)
    )
    row = _row_of(book.active, "HNA-PL")
    text = _send(client, _bytes(book)).content.decode()
    assert f"Dòng {row}, cột Phiên bản (không sửa): đại hội của Đảng bộ thành phố Phủ Lý" in text
    assert "đã được sửa sau khi tệp này được xuất" in text
    assert Congress.objects.get(pk=scenario.bien_hoa.pk).status == CongressStatus.PLANNED


def test_a_row_changed_between_preview_and_apply_is_refused(scenario, tree, alice, client_of):
    client = client_of(alice)
    _send(client, _bytes(_filled_in(scenario, tree, client)))
    kept = CongressUpload.objects.get(user=alice)
    Congress.objects.filter(pk=scenario.phu_ly.pk).update(is_pilot=True)
    text = _apply(client, kept).content.decode()
    assert "Chưa ghi gì: tệp có lỗi (có thể đại hội vừa được sửa)" in text
    assert "đã được sửa sau khi tệp này được xuất" in text
    assert CongressUpload.objects.get(pk=kept.pk).state == CongressUpload.State.REFUSED
    assert Congress.objects.get(pk=scenario.bien_hoa.pk).status == CongressStatus.PLANNED


def test_rows_of_another_province_are_refused(scenario, tree, alice, bob, client_of):
    bobs = _export(client_of(bob), tree.ninh_binh)
    _set(bobs.active, "NBI-HL", "Ngày dự kiến", scenario.today + timedelta(days=60))
    text = _send(client_of(alice), _bytes(bobs)).content.decode()
    assert "không thuộc các đơn vị bạn được cập nhật" in text
    assert Congress.objects.get(pk=scenario.hoa_lu.pk).planned_date == scenario.hoa_lu.planned_date


def test_charlie_the_viewer_may_not_send_a_file(scenario, charlie, client_of):
    client = client_of(charlie)
    assert client.get(reverse("season:congress_upload")).status_code == 403
    page = client.get(reverse("season:congress_list"))
    assert 'data-testid="congress-upload"' not in page.content.decode()


def test_another_users_upload_does_not_exist_for_bob(scenario, tree, alice, bob, client_of):
    client = client_of(alice)
    _send(client, _bytes(_filled_in(scenario, tree, client)))
    kept = CongressUpload.objects.get(user=alice)
    bobs = client_of(bob)
    assert bobs.get(reverse("season:congress_upload_preview", args=[kept.pk])).status_code == 404
    assert bobs.post(reverse("season:congress_upload_apply", args=[kept.pk])).status_code == 404


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x.example","bấm")', "ô chứa công thức"),
        ("<script>alert(1)</script>", "ô chứa mã HTML"),
        ("Sáp nhập\x9b đơn vị", "ô chứa ký tự điều khiển"),
        ("Sáp nhập\u202e đơn vị", "ô chứa ký tự điều khiển"),
    ],
)
def test_hostile_cells_are_refused(scenario, tree, alice, client_of, value, expected):
    client = client_of(alice)
    book = _export(client, tree.ha_nam)
    row = _set(book.active, "HNA-DT", "Lý do hoãn", value)
    text = _send(client, _bytes(book)).content.decode()
    assert f"Dòng {row}, cột Lý do hoãn: {expected}" in text
    duy_tien = Congress.objects.get(pk=scenario.duy_tien.pk)
    assert duy_tien.postponed_reason == "Sáp nhập đơn vị hành chính"


def test_a_real_formula_in_a_date_cell_is_refused(scenario, tree, alice, client_of):
    client = client_of(alice)
    book = _export(client, tree.ha_nam)
    row = _set(book.active, "HNA-PL", "Ngày dự kiến", "=TODAY()+3")
    text = _send(client, _bytes(book)).content.decode()
    assert f"Dòng {row}, cột Ngày dự kiến: ô chứa công thức" in text


def test_wrong_files_are_told_apart(scenario, tree, alice, client_of):
    client = client_of(alice)
    csv = _send(client, b"a,b\n1,2\n", name="dai-hoi.csv")
    assert csv.status_code == 400 and "không phải Excel (.xlsx)" in csv.content.decode()
    broken = _send(client, b"PK\x03\x04 not really a zip")
    assert "Không đọc được tệp Excel" in broken.content.decode()
    orgs = client.get(reverse("orgs:export_xlsx", args=[tree.ha_nam.pk])).content
    other = _send(client, orgs, name="to-chuc-HNA.xlsx").content.decode()
    assert "không phải danh sách đại hội xuất từ trang Đại hội" in other
    assert not AuditEntry.objects.filter(action="congress.import").exists()


def test_too_many_rows_are_refused(scenario, tree, alice, client_of, settings):
    settings.ORG_IMPORT_MAX_ROWS = 5
    client = client_of(alice)
    book = _export(client, tree.ha_nam)
    sheet = book.active
    for n in range(10):
        sheet.append(["X", f"dòng {n}"])
    text = _send(client, _bytes(book)).content.decode()
    assert "quá giới hạn" in text


def test_english_file_and_messages(scenario, tree, alice, client_of):
    client = client_of(alice)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    book = _export(client, tree.ha_nam)
    future = (scenario.today + timedelta(days=3)).strftime("%d/%m/%Y")
    columns = _columns(book.active)
    assert "Congress number (do not edit)" in columns
    row = _row_of(book.active, "HNA-PL-02")
    book.active.cell(row=row, column=columns["Status"], value="Held")
    book.active.cell(row=row, column=columns["Date held"], value=future)
    text = _send(client, _bytes(book)).content.decode()
    assert f"Row {row}, column Date held: the held date cannot be after today" in text


@pytest.mark.slow
def test_three_thousand_rows_preview_and_apply(scenario, tree, alice, client_of):
    """3,000 rows of one's own list: checked and applied by the worker, none lost."""
    from daihoi.web.orgs.models import Level, Organisation

    parent = Organisation.objects.get(pk=tree.phu_ly.pk)
    for n in range(3000):
        Organisation.objects.add_child(
            parent,
            {
                "code": f"HNA-PL-X{n:04d}",
                "name": f"Chi bộ {n}",
                "level": Level.BASE,
                "kind": "Chi bộ",
                "members": 9,
            },
        )
    client = client_of(alice)
    book = _export(client, tree.ha_nam)
    sheet = book.active
    planned = _columns(sheet)["Ngày dự kiến"]
    status = _columns(sheet)["Tình trạng"]
    day = scenario.today + timedelta(days=20)
    for row in range(3, sheet.max_row + 1):
        if str(sheet.cell(row=row, column=1).value).startswith("HNA-PL-X"):
            sheet.cell(row=row, column=planned, value=day)
            sheet.cell(row=row, column=status, value="Đã có kế hoạch")
    data = _bytes(book)
    plan = plan_update(alice, "dai-hoi.xlsx", data, scenario.today)
    assert plan.ok and len(plan.updates) == 3000
    sent = client.post(
        reverse("season:congress_upload"), {"file": SimpleUploadedFile("d.xlsx", data)}
    )
    assert sent.status_code == 302
    run_worker()
    page = client.get(sent["Location"])
    assert "Ghi các thay đổi" in page.content.decode()
    kept = CongressUpload.objects.get(user=alice)
    clicked = client.post(reverse("season:congress_upload_apply", args=[kept.pk]))
    assert clicked.status_code == 302
    run_worker()
    assert Congress.objects.filter(planned_date=day, status="planned").count() >= 3000
    assert congress_version(Congress.objects.filter(planned_date=day).first()) != ""


def test_a_figure_counted_at_the_station_is_not_overwritten_by_a_file(
    scenario, tree, alice, client_of
):
    from daihoi.web.season.sources import record_counted

    record_counted(alice, scenario.phu_ly, {"committee_size": 9})
    client = client_of(alice)
    book = _export(client, tree.ha_nam)
    row = _set(book.active, "HNA-PL", "Số ủy viên BCH", 11)
    text = _send(client, _bytes(book)).content.decode()
    assert f"Dòng {row}, cột Số ủy viên BCH: số này lấy từ kết quả kiểm phiếu" in text
    assert Congress.objects.get(pk=scenario.phu_ly.pk).committee_size == 9
    # A typed figure of another field comes in, marked as imported.
    book = _export(client, tree.ha_nam)
    _set(book.active, "HNA-PL", "Ngày dự kiến", scenario.today + timedelta(days=45))
    _send(client, _bytes(book))
    kept = CongressUpload.objects.filter(user=alice).latest("pk")
    _apply(client, kept)
    phu_ly = Congress.objects.get(pk=scenario.phu_ly.pk)
    assert phu_ly.figure_sources == {"committee_size": "counted", "planned_date": "excel"}


def test_the_upload_request_only_stores_the_file_and_queues_its_check(
    scenario, tree, alice, client_of
):
    client = client_of(alice)
    data = _bytes(_filled_in(scenario, tree, client))
    with mock.patch(
        "daihoi.web.season.upload_jobs.plan_update", side_effect=AssertionError("in the request")
    ):
        sent = client.post(
            reverse("season:congress_upload"),
            {"file": SimpleUploadedFile("dai-hoi.xlsx", data)},
            follow=True,
        )
    kept = CongressUpload.objects.get(user=alice)
    assert kept.state == CongressUpload.State.QUEUED and kept.file
    text = sent.content.decode()
    assert "Đang kiểm tra…" in text and "Ghi các thay đổi" not in text
    # The waiting page asks for itself again (htmx) and gets only its part.
    assert 'hx-trigger="every 1s"' in text
    part = client.get(
        reverse("season:congress_upload_preview", args=[kept.pk]), HTTP_HX_REQUEST="true"
    )
    assert part.content.decode().startswith("<div") and "<html" not in part.content.decode()
    run_worker()
    kept.refresh_from_db()
    assert kept.state == CongressUpload.State.READY and kept.rows > 0
    page = client.get(reverse("season:congress_upload_preview", args=[kept.pk])).content.decode()
    assert "Ghi các thay đổi" in page and "every 1s" not in page


def test_a_check_whose_worker_was_killed_shows_as_stopped_and_the_file_can_be_sent_again(
    scenario, tree, alice, client_of
):
    client = client_of(alice)
    data = _bytes(_filled_in(scenario, tree, client))
    client.post(reverse("season:congress_upload"), {"file": SimpleUploadedFile("d.xlsx", data)})
    kept = CongressUpload.objects.get(user=alice)
    # What a worker killed half way through the check leaves behind.
    CongressUpload.objects.filter(pk=kept.pk).update(
        state=CongressUpload.State.CHECKING, started_at=timezone.now() - timedelta(hours=1)
    )
    page = client.get(reverse("season:congress_upload_preview", args=[kept.pk])).content.decode()
    assert "Việc xử lý tệp đã dừng" in page and "Gửi lại tệp" in page
    assert "every 1s" not in page and "Ghi các thay đổi" not in page
    assert client.post(reverse("season:congress_upload_apply", args=[kept.pk])).status_code == 400
    # Sent again, the file is checked and applied.
    again = _send(client, data)
    assert "Ghi các thay đổi" in again.content.decode()
    newer = CongressUpload.objects.filter(user=alice).latest("pk")
    assert "Đã cập nhật 2 đại hội" in _apply(client, newer).content.decode()


def test_an_apply_that_dies_half_way_changes_nothing(scenario, tree, alice, client_of):
    client = client_of(alice)
    _send(client, _bytes(_filled_in(scenario, tree, client)))
    kept = CongressUpload.objects.get(user=alice)
    saved = []

    def dies_after_the_first(*args, **kwargs):  # type: ignore[no-untyped-def]
        saved.append(args)
        if len(saved) == 2:
            raise RuntimeError("the worker's machine went off")

    with mock.patch("daihoi.web.season.congress_update.log_change", dies_after_the_first):
        text = _apply(client, kept).content.decode()
    assert len(saved) == 2
    assert CongressUpload.objects.get(pk=kept.pk).state == CongressUpload.State.FAILED
    assert "Không xử lý được tệp này" in text and "Gửi lại tệp" in text
    assert Congress.objects.get(pk=scenario.bien_hoa.pk).status == CongressStatus.PLANNED
    assert Congress.objects.get(pk=scenario.phu_ly.pk).planned_date == scenario.phu_ly.planned_date
    # An apply still "running" long after it started has lost its worker: shown as stopped.
    CongressUpload.objects.filter(pk=kept.pk).update(
        state=CongressUpload.State.APPLYING, started_at=timezone.now() - timedelta(hours=1)
    )
    page = client.get(reverse("season:congress_upload_preview", args=[kept.pk])).content.decode()
    assert "Việc xử lý tệp đã dừng" in page


def test_a_double_click_on_apply_applies_once(scenario, tree, alice, client_of):
    from django_tasks_db.models import DBTaskResult

    client = client_of(alice)
    _send(client, _bytes(_filled_in(scenario, tree, client)))
    kept = CongressUpload.objects.get(user=alice)
    url = reverse("season:congress_upload_apply", args=[kept.pk])
    first = client.post(url)
    second = client.post(url, follow=True)
    assert first.status_code == 302
    assert "Tệp này đang được ghi; không ghi thêm lần nữa." in second.content.decode()
    queued = DBTaskResult.objects.filter(task_path__endswith="apply_congress_file")
    assert queued.count() == 1
    run_worker()
    # Even a task queued twice (a retried worker) applies nothing the second time.
    assert run_apply(kept.pk) == "skipped"
    assert AuditEntry.objects.filter(action="congress.import").count() == 2
    page = client.get(reverse("season:congress_upload_preview", args=[kept.pk])).content.decode()
    assert "Đã cập nhật 2 đại hội" in page
