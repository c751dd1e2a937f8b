"""The personnel list sheet (.xlsx): its columns, and reading its cells as typed.

The first sheet; the first non-empty row names the columns (any order; the Vietnamese names of
``docs/personnel.md`` or the English keys). Cells are read as stored: a formula is its text
(``=1+1``), never its result, and is refused with markup and control characters.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from daihoi.web.orgs.fileformat import MAX_COLUMNS, ReadLimits, UnreadableFile, check_zip

# key → the column's name in the file (as the messages say it), and the other names accepted.
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "full_name": ("Họ và tên", ("họ tên", "ho va ten", "full name", "name")),
    "gender": ("Giới tính", ("gioi tinh", "gender")),
    "birth_date": ("Ngày sinh", ("ngay sinh", "birth date", "born")),
    "ethnicity": ("Dân tộc", ("dan toc", "ethnicity")),
    "hometown": ("Quê quán", ("que quan", "hometown")),
    "cccd": ("Số CCCD", ("cccd", "so cccd", "căn cước", "citizen id")),
    "education": ("Trình độ chuyên môn", ("chuyên môn", "trinh do chuyen mon", "education")),
    "theory": ("Lý luận chính trị", ("lý luận", "ly luan chinh tri", "political theory")),
    "profession": ("Nghề nghiệp", ("nghe nghiep", "profession")),
    "unit_code": ("Mã đơn vị", ("ma don vi", "unit code", "unit")),
    "position": ("Chức vụ", ("chuc vu", "position")),
    "joined_on": ("Ngày vào Đảng", ("ngay vao dang", "joined", "party joining date")),
    "official_on": ("Ngày chính thức", ("ngay chinh thuc", "official", "official date")),
    "planning": ("Quy hoạch", ("quy hoach", "planning")),
}
REQUIRED = ("full_name", "unit_code")


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).strip().casefold()
    return " ".join(text.replace("_", " ").replace("-", " ").split())


_ALIASES = {
    _norm(alias): key for key, (label, others) in COLUMNS.items() for alias in (key, label, *others)
}


def header_key(text: Any) -> str | None:
    return _ALIASES.get(_norm(str(text))) if isinstance(text, str) else None


def column_label(key: str) -> str:
    """The column's name in the active language (exports write it, the import reads it back)."""
    words = {
        "full_name": _("Họ và tên"),
        "gender": _("Giới tính"),
        "birth_date": _("Ngày sinh"),
        "ethnicity": _("Dân tộc"),
        "hometown": _("Quê quán"),
        "cccd": _("Số CCCD"),
        "education": _("Trình độ chuyên môn"),
        "theory": _("Lý luận chính trị"),
        "profession": _("Nghề nghiệp"),
        "unit_code": _("Mã đơn vị"),
        "position": _("Chức vụ"),
        "joined_on": _("Ngày vào Đảng"),
        "official_on": _("Ngày chính thức"),
        "planning": _("Quy hoạch"),
    }
    return words[key]


# Planning flags: the model's field and the words a cell may use (comma-separated).
PLANNING: dict[str, tuple[str, ...]] = {
    "planned_committee": ("cấp ủy", "ban chấp hành", "bch", "committee"),
    "planned_standing": ("ban thường vụ", "btv", "thường vụ", "standing committee"),
    "planned_key_post": ("chủ chốt", "chức danh chủ chốt", "key post"),
}
_PLANNING_ALIASES = {_norm(a): f for f, aliases in PLANNING.items() for a in aliases}


def parse_planning(text: str) -> dict[str, bool] | None:
    """{field: True} for each flag named in ``text``; None when a word is not one of them."""
    flags = {f: False for f in PLANNING}
    for part in re.split(r"[,;]", text):
        if not part.strip():
            continue
        field = _PLANNING_ALIASES.get(_norm(part))
        if field is None:
            return None
        flags[field] = True
    return flags


def planning_text(person: Any) -> str:
    names = {"planned_committee": "Cấp ủy", "planned_standing": "Ban thường vụ"}
    names["planned_key_post"] = "Chủ chốt"
    return ", ".join(names[f] for f in PLANNING if getattr(person, f))


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_MARKUP = re.compile(r"<\s*[a-zA-Z!/?]")
_FORMULA_STARTS = ("=", "+", "@")


def hostile(value: Any) -> str | None:
    """Why a cell may not be taken, or None: formulas, markup, control characters."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith(_FORMULA_STARTS):
            return f"ô chứa công thức hoặc chữ bắt đầu bằng «{text[0]}»: hãy ghi giá trị."
        if _CONTROL.search(value):
            return "ô chứa ký tự điều khiển không in được: hãy gõ lại nội dung ô này."
        if _MARKUP.search(value):
            return "ô chứa mã HTML: hãy ghi chữ thường."
        return None
    if value is None or isinstance(value, bool | int | float | Decimal | date | datetime):
        return None
    return "ô chứa công thức: hãy ghi giá trị."


def read_cells(data: bytes, limits: ReadLimits) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The non-empty rows of the first sheet with their numbers, typed as stored.

    At most ``limits.max_rows`` data rows after the header. Raises ``UnreadableFile``.
    """
    from openpyxl import load_workbook

    check_zip(data, limits)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on broken files
        raise UnreadableFile(
            "Không đọc được tệp Excel: tệp bị hỏng hoặc không phải .xlsx (tệp .xls cũ cần lưu "
            "lại thành .xlsx)."
        ) from exc
    try:
        sheet = book.worksheets[0]
        count = 0
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        for number, values in enumerate(rows, start=1):
            if any(v not in (None, "") for v in values):
                count += 1
                if count > limits.max_rows + 1 or number > 2 * limits.max_rows + 1:
                    limit = f"{limits.max_rows:,}".replace(",", ".")
                    raise UnreadableFile(
                        f"Tệp có hơn {limit} dòng dữ liệu, quá giới hạn một lần nhập "
                        "(DAIHOI_ORG_IMPORT_MAX_ROWS): hãy chia danh sách thành nhiều tệp."
                    )
                yield number, tuple(values)
    except UnreadableFile:
        raise
    except Exception as exc:
        raise UnreadableFile("Không đọc được tệp Excel: nội dung bảng tính bị hỏng.") from exc
    finally:
        book.close()
