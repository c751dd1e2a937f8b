"""The one-person form 2C/TCTW-98 (Sơ yếu lý lịch cán bộ, công chức) as an .xlsx workbook.

One sheet per person. A sheet is a form when one of its first rows holds the title
"SƠ YẾU LÝ LỊCH"; other sheets (instructions, a cover) are passed over. On a form, each field is
a label cell ("5) Quê quán:") and its value is the next non-empty cell to its right on the same
row; the numbering ("5)", "5.") and the colon are ignored, and the labels of the official form
and their short forms are both read (``LABELS``; ``docs/personnel.md`` lists them with the
cells of ``examples/personnel-2c.xlsx``). Cells are read as stored, like the list sheet.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from daihoi.web.orgs.fileformat import ReadLimits, UnreadableFile, check_zip

TITLE = "sơ yếu lý lịch"
TITLE_ROWS = 6  # the title is looked for in the first rows
MAX_FORM_ROWS = 200  # a form is one or two printed pages: more rows are not read
MAX_FORM_COLUMNS = 12

# key → the label as messages name it, and every label that means it (lower case).
LABELS: dict[str, tuple[str, tuple[str, ...]]] = {
    "unit_code": ("Mã đơn vị", ("mã đơn vị", "đơn vị (mã)", "mã đơn vị quản lý")),
    "full_name": (
        "Họ và tên khai sinh",
        ("họ và tên khai sinh", "họ và tên", "họ tên khai sinh", "họ tên"),
    ),
    "gender": ("Giới tính", ("giới tính", "nam, nữ", "nam/nữ")),
    "birth_date": ("Sinh ngày", ("sinh ngày", "ngày sinh", "ngày, tháng, năm sinh")),
    "hometown": ("Quê quán", ("quê quán",)),
    "ethnicity": ("Dân tộc", ("dân tộc",)),
    "cccd": (
        "Số CCCD",
        ("số cccd", "số căn cước công dân", "số cmnd/cccd", "số định danh cá nhân", "cccd"),
    ),
    "profession": ("Nghề nghiệp", ("nghề nghiệp bản thân", "nghề nghiệp")),
    "position": (
        "Chức vụ hiện tại",
        ("chức vụ hiện tại", "chức vụ", "chức vụ (đảng, chính quyền, đoàn thể)"),
    ),
    "joined_on": ("Ngày vào Đảng", ("ngày vào đảng", "ngày vào đảng cộng sản việt nam")),
    "official_on": ("Ngày chính thức", ("ngày chính thức",)),
    "education": (
        "Trình độ chuyên môn",
        ("trình độ chuyên môn", "trình độ chuyên môn cao nhất", "học hàm, học vị"),
    ),
    "theory": ("Lý luận chính trị", ("lý luận chính trị", "trình độ lý luận chính trị")),
}
_NUMBERING = re.compile(r"^\s*(?:\d+[a-z]?\s*[).:]|[a-z]\s*\))\s*")


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).strip().casefold()
    text = _NUMBERING.sub("", text).rstrip(" :.")
    return " ".join(text.split())


_ALIASES = {_norm(alias): key for key, (_label, aliases) in LABELS.items() for alias in aliases}


def label_key(value: Any) -> str | None:
    return _ALIASES.get(_norm(value)) if isinstance(value, str) else None


@dataclass
class FormSheet:
    """One person's form: its position and title, and each field's value with its cell."""

    number: int  # the sheet's position in the workbook, from 1
    title: str
    values: dict[str, tuple[str, Any]] = field(default_factory=dict)  # key → (cell, raw)
    repeated: list[tuple[str, str]] = field(default_factory=list)  # (label, cell) seen twice

    def where(self, key: str) -> str:
        """«Trang 2 (Nguyễn Văn An), ô B7 — Sinh ngày», as the messages name a field."""
        cell = self.values[key][0] if key in self.values else ""
        at = f", ô {cell}" if cell else ""
        return f"Trang {self.number} («{self.title}»){at} — {LABELS[key][0]}"


def is_form_book(data: bytes, limits: ReadLimits) -> bool:
    """Whether the workbook's first sheet is a 2C form (its title in the first rows)."""
    from openpyxl import load_workbook

    check_zip(data, limits)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:
        return False  # the list reader says why the file cannot be read
    try:
        return bool(book.worksheets) and _has_title(book.worksheets[0])
    except Exception:
        return False
    finally:
        book.close()


def _has_title(sheet: Any) -> bool:
    for values in sheet.iter_rows(max_row=TITLE_ROWS, max_col=MAX_FORM_COLUMNS, values_only=True):
        for value in values:
            if isinstance(value, str) and TITLE in unicodedata.normalize("NFC", value).casefold():
                return True
    return False


def read_forms(data: bytes, limits: ReadLimits) -> Iterator[FormSheet]:
    """Each form of the workbook, its labelled values read as stored. At most
    ``limits.max_rows`` forms. Raises ``UnreadableFile``."""
    from openpyxl import load_workbook

    check_zip(data, limits)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:
        raise UnreadableFile(
            "Không đọc được tệp Excel: tệp bị hỏng hoặc không phải .xlsx (tệp .xls cũ cần lưu "
            "lại thành .xlsx)."
        ) from exc
    try:
        count = 0
        for number, sheet in enumerate(book.worksheets, start=1):
            if not _has_title(sheet):
                continue
            count += 1
            if count > limits.max_rows:
                limit = f"{limits.max_rows:,}".replace(",", ".")
                raise UnreadableFile(
                    f"Tệp có hơn {limit} trang sơ yếu lý lịch, quá giới hạn một lần nhập: hãy "
                    "chia thành nhiều tệp."
                )
            yield _read_sheet(number, sheet)
    except UnreadableFile:
        raise
    except Exception as exc:
        raise UnreadableFile("Không đọc được tệp Excel: nội dung bảng tính bị hỏng.") from exc
    finally:
        book.close()


def _read_sheet(number: int, sheet: Any) -> FormSheet:
    form = FormSheet(number=number, title=str(sheet.title))
    rows = sheet.iter_rows(max_row=MAX_FORM_ROWS, max_col=MAX_FORM_COLUMNS, values_only=True)
    for row_number, values in enumerate(rows, start=1):
        for index, value in enumerate(values):
            key = label_key(value)
            if key is None:
                continue
            raw, cell = None, f"{get_column_letter(index + 2)}{row_number}"
            for later in range(index + 1, len(values)):
                if values[later] not in (None, "") and label_key(values[later]) is None:
                    raw, cell = values[later], f"{get_column_letter(later + 1)}{row_number}"
                    break
                if label_key(values[later]) is not None:
                    break  # the next label on the row: this one is empty
            if key in form.values:
                form.repeated.append((LABELS[key][0], cell))
                continue
            form.values[key] = (cell, raw)
    return form
