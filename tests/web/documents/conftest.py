"""Documents told as a story: Hà Nam's political report and the comments on it.

- ``season``: Hà Nam's 2025–2030 season; ``ha_nam_congress``, ``phu_ly_congress`` and
  ``ninh_binh_congress`` its congresses (Ninh Bình's under Bob's own season).
- ``report_docx``: a small political report as a Word file (headings by style and numbering).
- ``minh`` is the secretary of Minh Khai (a ward under Phủ Lý); ``lan`` office staff of Phủ Lý.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import docx
import pytest

from daihoi.web.accounts.models import Role
from daihoi.web.season.models import Congress, Season

LONG = (
    "Tiếp tục đẩy mạnh cải cách hành chính, nâng cao chất lượng phục vụ người dân và doanh "
    "nghiệp, công khai minh bạch thủ tục, ứng dụng công nghệ thông tin trong giải quyết hồ sơ "
    "của người dân"
)


def make_report(extra: str = "") -> bytes:
    d = docx.Document()
    d.add_heading("Phần thứ nhất", level=1)
    d.add_paragraph("KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT ĐẠI HỘI NHIỆM KỲ 2020–2025")
    d.add_paragraph("I. VỀ PHÁT TRIỂN KINH TẾ")
    d.add_paragraph("Kinh tế tăng trưởng khá, tốc độ bình quân đạt 7,5% mỗi năm.")
    d.add_paragraph(LONG + ".")
    d.add_paragraph("II. VỀ XÂY DỰNG ĐẢNG")
    d.add_paragraph("Công tác xây dựng Đảng được chú trọng, kết nạp 1.250 đảng viên mới.")
    d.add_paragraph(LONG + ", hằng năm.")
    d.add_heading("Phần thứ hai", level=1)
    d.add_paragraph("1. Phương hướng")
    d.add_paragraph("Đẩy mạnh chuyển đổi số, phát triển kinh tế xanh." + extra)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


@pytest.fixture
def report_docx() -> bytes:
    return make_report()


@pytest.fixture
def season(tree: Any) -> Season:
    return Season.objects.create(
        organisation=tree.ha_nam, name="Đại hội nhiệm kỳ 2025–2030", term_start=2025, term_end=2030
    )


@pytest.fixture
def ha_nam_congress(tree: Any, season: Season) -> Congress:
    return Congress.objects.create(
        season=season, organisation=tree.ha_nam, planned_date=date(2025, 10, 1)
    )


@pytest.fixture
def phu_ly_congress(tree: Any, season: Season) -> Congress:
    return Congress.objects.create(season=season, organisation=tree.phu_ly)


@pytest.fixture
def ninh_binh_congress(tree: Any) -> Congress:
    s = Season.objects.create(
        organisation=tree.ninh_binh, name="Ninh Bình", term_start=2025, term_end=2030
    )
    return Congress.objects.create(season=s, organisation=tree.ninh_binh)


@pytest.fixture
def minh(tree: Any, make_user: Any) -> Any:
    return make_user("minh", tree.minh_khai, Role.SECRETARY)


@pytest.fixture
def lan(tree: Any, make_user: Any) -> Any:
    return make_user("lan", tree.phu_ly, Role.OFFICE)
