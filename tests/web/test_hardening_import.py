"""Imports are bounded by what a file becomes once read, and every refusal names its limit.

Mallory (here Alice's account, since only office staff import) sends files built to tie up the
server: larger than the upload limit, empty, a million rows in a small workbook, a zip bomb.
Each is refused quickly with a message that names the limit, and nothing is imported.
"""

from __future__ import annotations

import io
import time
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from daihoi.web.orgs.importer import plan_import
from daihoi.web.orgs.models import ImportJob, Organisation
from tests.web.test_import import upload

HEADER = "code,name,parent_code,level,type,members\r\n"


def cells_csv(count: int, prefix: str = "HNA-X") -> bytes:
    lines = [
        f"{prefix}{i:06d},Chi bộ số {i},HNA-PL-01,cell,Chi bộ trực thuộc,{i % 90}"
        for i in range(count)
    ]
    return (HEADER + "\r\n".join(lines) + "\r\n").encode()


def cells_xlsx(count: int) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("to_chuc")
    sheet.append(["code", "name", "parent_code", "level", "type", "members"])
    for i in range(count):
        sheet.append([f"HNA-X{i:06d}", f"Chi bộ số {i}", "HNA-PL-01", "cell", "Chi bộ", 10])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def bomb(part: str, size: int) -> bytes:
    """A workbook-looking zip whose ``part`` decompresses to ``size`` bytes of one letter."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(part, "w", force_zip64=True) as stream:
            chunk = b"a" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                stream.write(chunk)
    return out.getvalue()


def test_a_file_over_the_upload_limit_is_refused_on_its_real_size(tree, alice, client_of, settings):
    data = cells_csv(10) + b"x" * (25 * 1024 * 1024)
    response = client_of(alice).post(
        reverse("orgs:import"), {"file": SimpleUploadedFile("lon.csv", data)}
    )
    assert response.status_code == 400
    assert "Tệp quá lớn (tối đa 20 MB)." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_an_empty_file_is_refused_with_a_message(tree, alice, client_of):
    for name in ("trong.csv", "trong.xlsx"):
        response = client_of(alice).post(
            reverse("orgs:import"), {"file": SimpleUploadedFile(name, b"")}
        )
        assert response.status_code == 400
        assert "Tệp gửi lên trống (0 byte)" in response.content.decode()
    for name, data in (("bom.csv", b"\xef\xbb\xbf\r\n \r\n"), ("tieude.csv", HEADER.encode())):
        page = upload(client_of(alice), name, data)
        assert page.context["job"].state == ImportJob.State.REJECTED
        assert page.context["job"].problems[0]["message"] in (
            "Tệp trống: không có dòng tiêu đề và dữ liệu.",
            "Tệp chỉ có dòng tiêu đề, không có tổ chức nào.",
        )


def test_one_row_more_than_the_limit_is_refused_and_the_limit_itself_is_fine(
    tree, alice, client_of, settings
):
    settings.ORG_IMPORT_MAX_ROWS = 1_000
    for name, data in (("nhieu.csv", cells_csv(1_001)), ("nhieu.xlsx", cells_xlsx(1_001))):
        plan = plan_import(alice, name, data)
        assert [p.message for p in plan.problems] == [
            "Tệp có hơn 1.000 dòng dữ liệu, quá giới hạn 1.000 dòng một lần nhập "
            "(DAIHOI_ORG_IMPORT_MAX_ROWS): hãy chia danh sách thành nhiều tệp."
        ]
    page = upload(client_of(alice), "nhieu.csv", cells_csv(1_001))
    assert page.context["job"].state == ImportJob.State.REJECTED
    assert "DAIHOI_ORG_IMPORT_MAX_ROWS" in page.content.decode()
    assert not Organisation.objects.filter(code__startswith="HNA-X").exists()
    assert plan_import(alice, "du.xlsx", cells_xlsx(1_000)).ok


def test_a_huge_file_stops_being_read_at_the_row_limit(tree, alice, settings):
    assert settings.ORG_IMPORT_MAX_ROWS == 100_000
    settings.ORG_IMPORT_MAX_ROWS = 20_000
    data = cells_csv(300_000)
    started = time.monotonic()
    plan = plan_import(alice, "trieu-dong.csv", data)
    assert time.monotonic() - started < 10
    assert "DAIHOI_ORG_IMPORT_MAX_ROWS" in plan.problems[0].message


def test_a_file_of_mostly_empty_rows_is_refused_at_twice_the_limit(tree, alice, settings):
    settings.ORG_IMPORT_MAX_ROWS = 100
    data = cells_csv(3) + b",,,,,\r\n" * 5_000
    plan = plan_import(alice, "dong-trong.csv", data)
    assert "DAIHOI_ORG_IMPORT_MAX_ROWS" in plan.problems[0].message
    assert plan_import(alice, "it-dong-trong.csv", cells_csv(3) + b",,,,,\r\n" * 150).ok


def test_a_shared_strings_zip_bomb_is_refused_before_it_is_parsed(tree, alice):
    data = bomb("xl/sharedStrings.xml", 300 * 1024 * 1024)
    assert len(data) < 1024 * 1024
    started = time.monotonic()
    plan = plan_import(alice, "bom.xlsx", data)
    assert time.monotonic() - started < 5
    [problem] = plan.problems
    assert "giới hạn 200,0 MB (DAIHOI_ORG_IMPORT_MAX_UNZIPPED_BYTES)" in problem.message


def test_a_part_far_larger_than_its_compressed_size_is_refused():
    from daihoi.web.orgs.fileformat import ReadLimits, UnreadableFile, check_zip

    data = bomb("xl/sharedStrings.xml", 50 * 1024 * 1024)
    try:
        check_zip(data, ReadLimits())
    except UnreadableFile as refusal:
        message = str(refusal)
    else:
        raise AssertionError("a 50 MB part compressed a thousand times was accepted")
    assert "«xl/sharedStrings.xml»" in message
    assert "gấp hơn 100 lần (giới hạn DAIHOI_ORG_IMPORT_MAX_ZIP_RATIO)" in message


def test_an_ordinary_workbook_passes_the_zip_check():
    from daihoi.web.orgs.fileformat import ReadLimits, check_zip

    check_zip(cells_xlsx(5_000), ReadLimits())
