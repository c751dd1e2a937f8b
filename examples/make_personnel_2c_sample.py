"""Write examples/personnel-2c.xlsx: two one-person forms 2C/TCTW-98 (Sơ yếu lý lịch), one sheet
each, and a sheet of instructions that the import passes over (docs/personnel.md lists the cells).

Nguyễn Văn An has the CCCD of examples/personnel-list.xlsx: imported after it, he is merged into
the same record. Unit codes are those of the test tree and the demo. Run:
``python examples/make_personnel_2c_sample.py``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

PEOPLE = [
    {
        "unit": "HNA-PL-01",
        "name": "Nguyễn Văn An",
        "born": date(1975, 2, 5),
        "gender": "Nam",
        "birthplace": "Xã Liêm Chung, thành phố Phủ Lý, tỉnh Hà Nam",
        "hometown": "Phủ Lý, Hà Nam",
        "ethnicity": "Kinh",
        "religion": "Không",
        "cccd": "035075000123",
        "profession": "Công chức",
        "position": "Bí thư Đảng ủy phường Minh Khai",
        "joined": date(1998, 5, 19),
        "official": date(1999, 5, 19),
        "education": "Cử nhân Luật",
        "theory": "Cao cấp",
    },
    {
        "unit": "HNA-PL-02",
        "name": "Trần Thị Bình",
        "born": date(1982, 6, 1),
        "gender": "Nữ",
        "birthplace": "Thị xã Duy Tiên, tỉnh Hà Nam",
        "hometown": "Duy Tiên, Hà Nam",
        "ethnicity": "Kinh",
        "religion": "Không",
        "cccd": "",
        "profession": "Giáo viên",
        "position": "Hiệu trưởng Trường THPT chuyên Biên Hòa",
        "joined": date(2006, 9, 2),
        "official": date(2007, 9, 2),
        "education": "Thạc sĩ Giáo dục",
        "theory": "Trung cấp",
    },
]


def form_rows(p: dict[str, Any]) -> list[list[Any]]:
    """The form's rows, label cells in column A (and C), values beside them."""
    return [
        ["ĐẢNG CỘNG SẢN VIỆT NAM", None, None, None, "Mẫu 2C/TCTW-98"],
        ["SƠ YẾU LÝ LỊCH"],
        ["Mã đơn vị:", p["unit"]],
        ["1) Họ và tên khai sinh:", p["name"]],
        ["2) Tên gọi khác:", None],
        ["3) Sinh ngày:", p["born"], "Giới tính:", p["gender"]],
        ["4) Nơi sinh:", p["birthplace"]],
        ["5) Quê quán:", p["hometown"]],
        ["6) Dân tộc:", p["ethnicity"], "7) Tôn giáo:", p["religion"]],
        ["8) Số CCCD:", p["cccd"] or None],
        ["10) Nghề nghiệp bản thân:", p["profession"]],
        ["13) Chức vụ hiện tại:", p["position"]],
        ["16) Ngày vào Đảng Cộng sản Việt Nam:", p["joined"], "Ngày chính thức:", p["official"]],
        ["20) Trình độ chuyên môn:", p["education"]],
        ["21) Lý luận chính trị:", p["theory"]],
        [],
        ["TÓM TẮT QUÁ TRÌNH CÔNG TÁC"],
        ["Từ tháng, năm đến tháng, năm", "Chức danh, chức vụ, đơn vị công tác"],
    ]


def add_form(book: Workbook, p: dict[str, Any]) -> None:
    sheet = book.create_sheet(p["name"][:31])
    for row in form_rows(p):
        sheet.append(row)
    sheet["A2"].font = Font(bold=True, size=14)
    sheet.merge_cells("A2:E2")
    sheet["A2"].alignment = Alignment(horizontal="center")
    for cell in ("B6", "B13", "D13"):
        sheet[cell].number_format = "DD/MM/YYYY"
    sheet["B10"].data_type = "s"  # the CCCD keeps its leading zero as text
    sheet.column_dimensions["A"].width = 38
    sheet.column_dimensions["B"].width = 40
    sheet.column_dimensions["C"].width = 18


def main() -> None:
    book = Workbook()
    book.remove(book.active)
    for person in PEOPLE:
        add_form(book, person)
    notes = book.create_sheet("Hướng dẫn")
    notes.append(["Mỗi trang một người, theo mẫu 2C/TCTW-98; trang này không được nhập."])
    book.save(Path(__file__).with_name("personnel-2c.xlsx"))


if __name__ == "__main__":
    main()
