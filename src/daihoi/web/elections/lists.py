"""Lists typed, pasted or imported from Excel: the delegates convened and an election's candidates.

Every row is checked before anything is saved: a list with one wrong row is refused whole, and
each problem names its row and column ("Dòng 3, cột Họ và tên: …"). A name is plain text: no
markup, no formula (``=1+1`` is what a spreadsheet would run), no control characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from daihoi.web.orgs.fileformat import (
    MAX_COLUMNS,
    ReadLimits,
    SheetRow,
    UnreadableFile,
    cell_text,
    check_zip,
    read_sheet,
)

MAX_NAME, MAX_UNIT = 100, 200
MAX_ROWS = 2000
EARLIEST_BORN, LATEST_BORN = 1900, 2015

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
_FORMULA = ("=", "+", "-", "@")
_NUMBERED = re.compile(r"^\s*(\d{1,5})\s*[.)\-–:]?\s+(.+)$")
_BORN_TAIL = re.compile(r"^(.*?)[\s,;(]+(\d{4})\)?\s*$")


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"Dòng {self.row}, cột {self.column}: {self.message}"


@dataclass(frozen=True)
class DelegateRow:
    row: int
    number: int
    name: str
    born: int | None = None
    unit: str = ""


@dataclass(frozen=True)
class CandidateRow:
    row: int
    name: str
    born: int | None = None


@dataclass
class Reading:
    """What a list holds: its rows, or the problems that refuse it."""

    rows: list = field(default_factory=list)  # type: ignore[type-arg]
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


def clean_text(
    value: str, *, row: int, column: str, limit: int, required: bool, out: list[Problem]
) -> str:
    """``value`` as one line of plain text, or "" with a problem added to ``out``."""
    text = unicodedata.normalize("NFC", value).strip()
    text = re.sub(r"[ \u00a0]+", " ", text)
    if not text:
        if required:
            out.append(Problem(row, column, "bỏ trống."))
        return ""
    if _CONTROL.search(text):
        out.append(Problem(row, column, "có ký tự điều khiển không in được; hãy gõ lại ô này."))
    elif "<" in text or ">" in text:
        out.append(
            Problem(row, column, f"có dấu < hoặc > («{text[:40]}»): tên không chứa mã HTML.")
        )
    elif text.startswith(_FORMULA):
        out.append(
            Problem(row, column, f"bắt đầu bằng «{text[0]}» như một công thức («{text[:40]}»).")
        )
    elif len(text) > limit:
        out.append(Problem(row, column, f"dài quá {limit} ký tự."))
    else:
        return text
    return ""


def read_year(value: str, *, row: int, column: str, out: list[Problem]) -> int | None:
    text = value.strip()
    if not text:
        return None
    if not text.isdigit() or not EARLIEST_BORN <= int(text) <= LATEST_BORN:
        out.append(
            Problem(
                row,
                column,
                f"«{text[:20]}» không phải năm sinh (4 chữ số, từ {EARLIEST_BORN} đến {LATEST_BORN}).",
            )
        )
        return None
    return int(text)


def _lines(text: str) -> Iterable[tuple[int, str]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield number, line


# ------------------------------------------------------------------------------------ delegates


def _delegate(
    row: int, number: str, name: str, born: str, unit: str, out: list[Problem]
) -> DelegateRow | None:
    before = len(out)
    number = number.strip().rstrip(".")
    if not number.isdigit() or not 1 <= int(number) <= 99999:
        out.append(Problem(row, "Số thẻ", f"«{number[:20]}» không phải số thẻ (số nguyên dương)."))
    clean_name = clean_text(
        name, row=row, column="Họ và tên", limit=MAX_NAME, required=True, out=out
    )
    year = read_year(born, row=row, column="Năm sinh", out=out)
    clean_unit = clean_text(unit, row=row, column="Đơn vị", limit=MAX_UNIT, required=False, out=out)
    if len(out) > before:
        return None
    return DelegateRow(row, int(number), clean_name, year, clean_unit)


def _check_numbers(reading: Reading, taken: set[int]) -> None:
    seen: dict[int, int] = {}
    for item in reading.rows:
        if item.number in seen:
            reading.problems.append(
                Problem(item.row, "Số thẻ", f"số {item.number} trùng với dòng {seen[item.number]}.")
            )
        elif item.number in taken:
            reading.problems.append(
                Problem(item.row, "Số thẻ", f"số {item.number} đã có trong danh sách đại biểu.")
            )
        seen.setdefault(item.number, item.row)


def read_delegates_text(text: str, taken: set[int]) -> Reading:
    """A pasted list: "12. Nguyễn Văn An" per line, or tab-separated number, name, born, unit."""
    reading = Reading()
    for row, line in _lines(text):
        if len(reading.rows) + len(reading.problems) >= MAX_ROWS:
            reading.problems.append(Problem(row, "Số thẻ", f"danh sách dài quá {MAX_ROWS} dòng."))
            break
        if "\t" in line:
            cells = [*line.split("\t"), "", "", ""]
            item = _delegate(row, cells[0], cells[1], cells[2], cells[3], reading.problems)
        else:
            match = _NUMBERED.match(line)
            if match is None:
                reading.problems.append(
                    Problem(row, "Số thẻ", "thiếu số thẻ: mỗi dòng viết «số. Họ và tên».")
                )
                continue
            item = _delegate(row, match[1], match[2], "", "", reading.problems)
        if item is not None:
            reading.rows.append(item)
    _check_numbers(reading, taken)
    return reading


DELEGATE_HEADERS = {
    "number": ("số thẻ", "số", "stt", "number", "số tt"),
    "name": ("họ và tên", "họ tên", "tên", "name"),
    "born": ("năm sinh", "born", "sinh năm"),
    "unit": ("đơn vị", "unit", "chi bộ"),
}
CANDIDATE_HEADERS = {
    "name": ("họ và tên", "họ tên", "tên", "name"),
    "born": ("năm sinh", "born", "sinh năm"),
}
COLUMN_LABELS = {"number": "Số thẻ", "name": "Họ và tên", "born": "Năm sinh", "unit": "Đơn vị"}


def _sheet(filename: str, data: bytes) -> list[SheetRow]:
    """The non-empty rows of the file. In .xlsx a formula cell reads as its formula (``=1+1``),
    never as a value computed by whoever saved it, so that it is refused, not imported."""
    limits = ReadLimits(max_rows=MAX_ROWS)
    if not filename.lower().endswith(".xlsx"):
        return list(read_sheet(filename, data, limits))
    import io

    from openpyxl import load_workbook

    check_zip(data, limits)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        raise UnreadableFile(
            "Không đọc được tệp Excel: tệp bị hỏng hoặc không phải .xlsx "
            "(tệp .xls cũ cần lưu lại thành .xlsx)."
        ) from exc
    out: list[SheetRow] = []
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(
            sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1
        ):
            cells = tuple(cell_text(v) for v in values)
            if any(cells):
                if len(out) > MAX_ROWS:
                    raise UnreadableFile(f"Tệp có hơn {MAX_ROWS} dòng: hãy chia thành nhiều tệp.")
                out.append(SheetRow(number, cells))
    except UnreadableFile:
        raise
    except Exception as exc:
        raise UnreadableFile("Không đọc được tệp Excel: nội dung bảng tính bị hỏng.") from exc
    finally:
        workbook.close()
    return out


def _positions(
    header: SheetRow, names: dict[str, tuple[str, ...]], reading: Reading
) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header.cells):
        key = cell.strip().lower()
        for field_name, aliases in names.items():
            if key in aliases and field_name not in found:
                found[field_name] = index
    if "name" not in found:
        reading.problems.append(
            Problem(header.number, "Họ và tên", "dòng đầu phải có tiêu đề cột «Họ và tên».")
        )
    return found


def _rows_of(filename: str, data: bytes, reading: Reading) -> list[SheetRow]:
    """The sheet's rows, or [] with the problem (an unreadable file, no row) in ``reading``."""
    try:
        rows = _sheet(filename, data)
    except UnreadableFile as exc:
        reading.problems.append(Problem(0, "—", str(exc)))
        return []
    if not rows:
        reading.problems.append(Problem(1, "—", "tệp không có dòng nào."))
    return rows


def read_delegates_file(filename: str, data: bytes, taken: set[int]) -> Reading:
    """An .xlsx (or .csv) with a header row: Số thẻ, Họ và tên, Năm sinh, Đơn vị."""
    reading = Reading()
    rows = _rows_of(filename, data, reading)
    if not rows:
        return reading
    at = _positions(rows[0], DELEGATE_HEADERS, reading)
    if "number" not in at:
        reading.problems.append(
            Problem(rows[0].number, "Số thẻ", "dòng đầu phải có tiêu đề cột «Số thẻ».")
        )
    if reading.problems:
        return reading

    def cell(sheet_row: SheetRow, name: str) -> str:
        index = at.get(name)
        return sheet_row.cells[index] if index is not None and index < len(sheet_row.cells) else ""

    for sheet_row in rows[1:]:
        item = _delegate(
            sheet_row.number,
            cell(sheet_row, "number"),
            cell(sheet_row, "name"),
            cell(sheet_row, "born"),
            cell(sheet_row, "unit"),
            reading.problems,
        )
        if item is not None:
            reading.rows.append(item)
    _check_numbers(reading, taken)
    return reading


# ----------------------------------------------------------------------------------- candidates


def _candidate(row: int, name: str, born: str, out: list[Problem]) -> CandidateRow | None:
    before = len(out)
    clean_name = clean_text(
        name, row=row, column="Họ và tên", limit=MAX_NAME, required=True, out=out
    )
    year = read_year(born, row=row, column="Năm sinh", out=out)
    if len(out) > before:
        return None
    return CandidateRow(row, clean_name, year)


def _check_names(reading: Reading, taken: set[tuple[str, int | None]]) -> None:
    seen: dict[tuple[str, int | None], int] = {}
    for item in reading.rows:
        key = (item.name.casefold(), item.born)
        if key in seen:
            reading.problems.append(
                Problem(item.row, "Họ và tên", f"«{item.name}» trùng với dòng {seen[key]}.")
            )
        elif key in taken:
            reading.problems.append(
                Problem(item.row, "Họ và tên", f"«{item.name}» đã có trong danh sách.")
            )
        seen.setdefault(key, item.row)


def read_candidates_text(text: str, taken: set[tuple[str, int | None]]) -> Reading:
    """One candidate a line, with an optional year of birth: "Nguyễn Văn An, 1975"; a leading
    "1." is the line's number, not part of the name."""
    reading = Reading()
    for row, line in _lines(text):
        if len(reading.rows) + len(reading.problems) >= MAX_ROWS:
            reading.problems.append(
                Problem(row, "Họ và tên", f"danh sách dài quá {MAX_ROWS} dòng.")
            )
            break
        if "\t" in line:
            cells = [*line.split("\t"), ""]
            if cells[0].strip().rstrip(".").isdigit() and len(cells) > 2:
                cells = cells[1:]
            name, born = cells[0], cells[1]
        else:
            numbered = _NUMBERED.match(line)
            text_line = numbered[2] if numbered else line
            tail = _BORN_TAIL.match(text_line)
            name, born = (tail[1], tail[2]) if tail else (text_line, "")
        item = _candidate(row, name, born, reading.problems)
        if item is not None:
            reading.rows.append(item)
    _check_names(reading, taken)
    return reading


def read_candidates_file(filename: str, data: bytes, taken: set[tuple[str, int | None]]) -> Reading:
    """An .xlsx (or .csv) with a header row: Họ và tên, Năm sinh."""
    reading = Reading()
    rows = _rows_of(filename, data, reading)
    if not rows:
        return reading
    at = _positions(rows[0], CANDIDATE_HEADERS, reading)
    if reading.problems:
        return reading
    for sheet_row in rows[1:]:
        cells = sheet_row.cells
        name = cells[at["name"]] if at["name"] < len(cells) else ""
        born_at = at.get("born")
        born = cells[born_at] if born_at is not None and born_at < len(cells) else ""
        item = _candidate(sheet_row.number, name, born, reading.problems)
        if item is not None:
            reading.rows.append(item)
    _check_names(reading, taken)
    return reading
