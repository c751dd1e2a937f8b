"""The organisation file (Excel .xlsx or CSV): its columns, and reading its rows.

Columns (first row, any order; Vietnamese names accepted too):
``code, name, parent_code, level, type, members``. ``level`` is ``central``, ``province``,
``upper_base``, ``base``, ``cell`` (or 0–4, or the level's name in Vietnamese or English).
Exports write the columns' and the levels' names in the user's language (``export_headers``,
``level_name``); the import reads those back.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from daihoi.web.core.spreadsheet import unquote
from daihoi.web.orgs.models import Level

COLUMNS = ("code", "name", "parent_code", "level", "type", "members")
REQUIRED_COLUMNS = ("code", "name", "parent_code", "level")

LEVEL_KEYS: dict[Level, str] = {
    Level.CENTRAL: "central",
    Level.PROVINCE: "province",
    Level.UPPER_BASE: "upper_base",
    Level.BASE: "base",
    Level.CELL: "cell",
}


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).strip().casefold()
    return " ".join(text.replace("_", " ").replace("-", " ").split())


_HEADER_ALIASES: dict[str, str] = {
    _norm(alias): field
    for field, aliases in {
        "code": ["code", "mã", "ma", "mã tổ chức", "mã đơn vị"],
        "name": ["name", "tên", "ten", "tên tổ chức", "tên đơn vị"],
        "parent_code": [
            "parent_code",
            "parent code",
            "parent",
            "mã cấp trên",
            "ma cap tren",
            "cấp trên",
        ],
        "level": ["level", "cấp", "cap"],
        "type": ["type", "kind", "loại", "loại hình", "loai hinh"],
        "members": ["members", "số đảng viên", "so dang vien", "đảng viên", "số đv"],
    }.items()
    for alias in aliases
}

_LEVEL_ALIASES: dict[str, Level] = {
    _norm(alias): level
    for level, aliases in {
        Level.CENTRAL: ["0", "central", "trung ương", "tw"],
        Level.PROVINCE: [
            "1",
            "province",
            "tỉnh",
            "tỉnh, thành",
            "tỉnh/thành",
            "tỉnh thành",
            "thành phố",
            "province, city",
        ],
        Level.UPPER_BASE: ["2", "upper_base", "upper base", "cấp trên cơ sở", "ctcs"],
        Level.BASE: ["3", "base", "cơ sở"],
        Level.CELL: ["4", "cell", "chi bộ trực thuộc", "chi bộ"],
    }.items()
    for alias in aliases
}


def level_name(level: int) -> str:
    """The level as people name it ("Cấp trên cơ sở"): what exports write and messages say."""
    return str(Level(level).label)


def level_choices_text() -> str:
    """ "«Trung ương», «Tỉnh, thành», …": the level names a file may use."""
    return ", ".join(f"«{level_name(level)}»" for level in Level)


def export_headers() -> list[str]:
    """The columns' names in an export, in the user's language; the import reads them back."""
    return [
        _("Mã"),
        _("Tên"),
        _("Mã cấp trên"),
        _("Cấp"),
        _("Loại hình"),
        _("Số đảng viên"),
    ]


def parse_level(text: str) -> Level | None:
    """A level from its key, number or Vietnamese name; None when it is none of them."""
    return _LEVEL_ALIASES.get(_norm(text))


def header_field(text: str) -> str | None:
    return _HEADER_ALIASES.get(_norm(text))


@dataclass(frozen=True)
class ReadLimits:
    """How large a file may turn out to be once read (settings ``DAIHOI_ORG_IMPORT_MAX_*``).

    The upload limit bounds the bytes sent; these bound the work: a small .xlsx can hold a
    million rows, or decompress to gigabytes (a "zip bomb").
    """

    max_rows: int = 100_000
    max_unzipped_bytes: int = 200 * 1024 * 1024
    max_zip_ratio: int = 100


# A part smaller than this is never refused for its ratio (tiny parts compress oddly).
_RATIO_FREE_BYTES = 1024 * 1024
# Columns read per row: the file has six; a forged sheet size (A1:XFD1) must not make every row
# sixteen thousand cells wide.
MAX_COLUMNS = 64


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",") + " MB"


def check_zip(data: bytes, limits: ReadLimits) -> None:
    """Refuse an .xlsx whose parts would decompress past the limits, before any is read.

    The sizes come from the zip's central directory; ``zipfile`` never yields more than a part's
    stated size, so a directory that lies only makes the part unreadable, not larger.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableFile(
            "Không đọc được tệp Excel: tệp bị hỏng hoặc không phải .xlsx (tệp .xls cũ cần lưu lại thành .xlsx)."
        ) from exc
    total = sum(m.file_size for m in members)
    if total > limits.max_unzipped_bytes:
        raise UnreadableFile(
            f"Tệp Excel khi giải nén lớn {_mb(total)}, quá giới hạn {_mb(limits.max_unzipped_bytes)} "
            "(DAIHOI_ORG_IMPORT_MAX_UNZIPPED_BYTES): hãy chia danh sách thành nhiều tệp nhỏ hơn."
        )
    for member in members:
        if member.file_size <= _RATIO_FREE_BYTES:
            continue
        if member.file_size > limits.max_zip_ratio * max(member.compress_size, 1):
            raise UnreadableFile(
                f"Tệp Excel có phần «{member.filename}» nén {_mb(member.compress_size)} nhưng giải nén "
                f"ra {_mb(member.file_size)}, gấp hơn {limits.max_zip_ratio} lần (giới hạn "
                "DAIHOI_ORG_IMPORT_MAX_ZIP_RATIO): tệp không phải một bảng tính bình thường."
            )


def _physical_rows(limits: ReadLimits) -> int:
    # Empty rows are skipped, not counted as data; a file of a million empty rows is refused
    # all the same once it has twice as many rows as the limit.
    return 2 * limits.max_rows + 1


def _too_many_rows(limits: ReadLimits) -> UnreadableFile:
    limit = f"{limits.max_rows:,}".replace(",", ".")
    return UnreadableFile(
        f"Tệp có hơn {limit} dòng dữ liệu, quá giới hạn {limit} dòng một lần nhập "
        "(DAIHOI_ORG_IMPORT_MAX_ROWS): hãy chia danh sách thành nhiều tệp."
    )


@dataclass(frozen=True)
class SheetRow:
    """One non-empty row: its number as the spreadsheet shows it, and its cells as text."""

    number: int
    cells: tuple[str, ...]


class UnreadableFile(Exception):
    """The file is of a wrong type or corrupt; the message says so in Vietnamese."""


def cell_text(value: Any) -> str:
    """A cell as text: integral floats lose their ``.0`` (Excel stores 35 as 35.0)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFC", str(value)).strip()


def read_sheet(filename: str, data: bytes, limits: ReadLimits | None = None) -> Iterator[SheetRow]:
    """The non-empty rows of an .xlsx or .csv file, read as a stream. Raises ``UnreadableFile``.

    At most ``limits.max_rows`` rows after the header: one more and the file is refused.
    """
    limits = limits or ReadLimits()
    lower = filename.lower()
    if lower.endswith((".xlsx", ".csv")):
        rows = _read_xlsx(data, limits) if lower.endswith(".xlsx") else _read_csv(data, limits)
        for count, row in enumerate(rows):
            if count > limits.max_rows:  # the header and max_rows rows were fine
                raise _too_many_rows(limits)
            yield row
    else:
        raise UnreadableFile(
            f"Tệp «{filename}» không phải Excel (.xlsx) hoặc CSV (.csv); hãy lưu lại đúng một trong hai dạng này."
        )


def _read_xlsx(data: bytes, limits: ReadLimits) -> Iterator[SheetRow]:
    from openpyxl import load_workbook

    check_zip(data, limits)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise UnreadableFile(
            "Không đọc được tệp Excel: tệp bị hỏng hoặc không phải .xlsx (tệp .xls cũ cần lưu lại thành .xlsx)."
        ) from exc
    except Exception as exc:  # openpyxl raises many kinds on broken XML
        raise UnreadableFile("Không đọc được tệp Excel: tệp bị hỏng.") from exc
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        for number, values in enumerate(rows, start=1):
            if number > _physical_rows(limits):
                raise _too_many_rows(limits)
            cells = tuple(cell_text(v) for v in values)
            if any(cells):
                yield SheetRow(number, cells)
    except UnreadableFile:
        raise
    except Exception as exc:
        raise UnreadableFile("Không đọc được tệp Excel: nội dung bảng tính bị hỏng.") from exc
    finally:
        workbook.close()


def _read_csv(data: bytes, limits: ReadLimits) -> Iterator[SheetRow]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            "Tệp CSV không ở mã UTF-8 (dòng có dấu tiếng Việt bị lỗi mã). "
            "Trong Excel hãy chọn Lưu thành → «CSV UTF-8 (phân cách bằng dấu phẩy)»."
        ) from exc
    if "\x00" in text:
        raise UnreadableFile("Tệp CSV chứa dữ liệu nhị phân: có lẽ đây không phải tệp CSV.")
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        for number, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
            if number > _physical_rows(limits):
                raise _too_many_rows(limits)
            # A text our export marked with a leading ' (``core.spreadsheet``) loses the mark;
            # in .xlsx such texts are text cells, never marked.
            row = tuple(cell_text(unquote(c.strip())) for c in cells)
            if any(row):
                yield SheetRow(number, row)
    except csv.Error as exc:
        raise UnreadableFile(f"Tệp CSV sai định dạng: {exc}.") from exc
