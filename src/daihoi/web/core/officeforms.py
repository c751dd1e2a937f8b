"""Reports in the forms offices use: an Excel workbook and a Word document from the same
sections (a heading, sentences, tables).

Hostile text is neutralised: every text cell of the workbook is a string cell (a name such as
``=HYPERLINK(…)`` is shown, never run); control characters, which Word and Excel refuse or hide,
become spaces; markup is text to both formats (python-docx and openpyxl escape it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

from docx import Document
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from daihoi.vnformat import format_date, format_decimal

from .spreadsheet import keep_as_text

Cell = str | int | Decimal | date | None
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
SHEET_NAME_MAX = 31
BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Grid:
    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]]


@dataclass(frozen=True)
class Section:
    title: str
    sheet: str = ""  # the sheet's name in the workbook (the title, shortened, by default)
    lines: Sequence[str] = ()
    grids: Sequence[Grid] = field(default_factory=tuple)


def clean(text: str) -> str:
    return CONTROL.sub(" ", text)


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_decimal(value, 2)
    if isinstance(value, date):
        return format_date(value)
    return clean(str(value))


def write_xlsx(heading: str, sections: Sequence[Section]) -> bytes:
    """One sheet per section: its title, its sentences, then its tables (numbers stay numbers)."""
    book = Workbook()
    used: set[str] = set()
    for index, section in enumerate(sections):
        sheet = book.active if index == 0 else book.create_sheet()
        name = BAD_SHEET_CHARS.sub(" ", clean(section.sheet or section.title))[:SHEET_NAME_MAX]
        name = name.strip() or f"Trang {index + 1}"
        while name in used:
            name = f"{name[: SHEET_NAME_MAX - 3]} {len(used)}"
        used.add(name)
        sheet.title = name
        widths: dict[int, int] = {}

        def put(
            values: Sequence[Cell], bold: bool = False, sheet: Any = sheet, widths: Any = widths
        ) -> None:
            sheet.append([clean(v) if isinstance(v, str) else v for v in values])
            for column, cell in enumerate(sheet[sheet.max_row], start=1):
                keep_as_text(cell)
                if bold:
                    cell.font = Font(bold=True)
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                if isinstance(cell.value, date):
                    cell.number_format = "DD/MM/YYYY"
                elif isinstance(cell.value, Decimal):
                    cell.number_format = "0.00"
                widths[column] = max(widths.get(column, 8), min(len(str(cell.value or "")), 60))

        put([f"{heading} — {section.title}"], bold=True)
        for line in section.lines:
            sheet.append([clean(line)])
            keep_as_text(sheet.cell(sheet.max_row, 1))
        for grid in section.grids:
            sheet.append([])
            put(list(grid.headers), bold=True)
            for row in grid.rows:
                put(list(row))
        for column, width in widths.items():
            if column > 1 or not section.lines:
                sheet.column_dimensions[get_column_letter(column)].width = width + 2
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def write_docx(heading: str, sections: Sequence[Section], *, subtitle: str = "") -> bytes:
    """A Word document: the heading, then each section's title, sentences and tables."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    document.add_heading(clean(heading), level=1)
    if subtitle:
        document.add_paragraph(clean(subtitle))
    for section in sections:
        document.add_heading(clean(section.title), level=2)
        for line in section.lines:
            document.add_paragraph(clean(line))
        for grid in section.grids:
            table = document.add_table(rows=1, cols=len(grid.headers))
            table.style = "Table Grid"
            for cell, header in zip(table.rows[0].cells, grid.headers, strict=True):
                cell.text = clean(header)
                for run in cell.paragraphs[0].runs:
                    run.font.bold = True
            for row in grid.rows:
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    cell.text = _text(value)
            document.add_paragraph("")
    out = BytesIO()
    document.save(out)
    return out.getvalue()
