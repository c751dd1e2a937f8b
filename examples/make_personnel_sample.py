"""Write examples/personnel-list.xlsx: a small personnel list sheet (docs/personnel.md).

Its unit codes are those of the test tree and the demo (HNA-PL-01 …). Run:
``python examples/make_personnel_sample.py``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook

ROWS = [
    [
        "Họ và tên",
        "Giới tính",
        "Ngày sinh",
        "Dân tộc",
        "Quê quán",
        "Số CCCD",
        "Trình độ chuyên môn",
        "Lý luận chính trị",
        "Nghề nghiệp",
        "Mã đơn vị",
        "Chức vụ",
        "Ngày vào Đảng",
        "Ngày chính thức",
        "Quy hoạch",
    ],
    [
        "Nguyễn Văn An",
        "Nam",
        date(1975, 2, 5),
        "Kinh",
        "Phủ Lý, Hà Nam",
        "035075000123",
        "Cử nhân Luật",
        "Cao cấp",
        "Công chức",
        "HNA-PL-01",
        "Bí thư Đảng ủy phường",
        date(1998, 5, 19),
        date(1999, 5, 19),
        "Cấp ủy, Chủ chốt",
    ],
    [
        "Trần Thị Bình",
        "Nữ",
        date(1982, 6, 1),
        "Kinh",
        "Duy Tiên, Hà Nam",
        "",
        "Thạc sĩ Giáo dục",
        "Trung cấp",
        "Giáo viên",
        "HNA-PL-02",
        "Hiệu trưởng",
        date(2006, 9, 2),
        date(2007, 9, 2),
        "Cấp ủy",
    ],
    [
        "Phạm Văn Cường",
        "Nam",
        date(1990, 11, 20),
        "Mường",
        "Kim Bảng, Hà Nam",
        "035090000456",
        "Kỹ sư",
        "Sơ cấp",
        "Viên chức",
        "HNA-DT-01",
        "Phó Bí thư",
        date(2015, 3, 3),
        date(2016, 3, 3),
        "",
    ],
]


def main() -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Nhân sự"
    for row in ROWS:
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2):
        for cell in (row[2], row[11], row[12]):
            cell.number_format = "DD/MM/YYYY"
        row[5].data_type = "s"  # the CCCD keeps its leading zero as text
    book.save(Path(__file__).with_name("personnel-list.xlsx"))


if __name__ == "__main__":
    main()
