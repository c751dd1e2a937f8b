"""Excel (.xlsx) export of the dashboard tables: one sheet per table, real numbers and dates.

Every text (names, titles, notes) is a string cell: a name starting with ``=`` is shown, never run.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from daihoi.web.core.spreadsheet import keep_as_text, xlsx_text

from .tables import Table

SHEET_NAME_MAX = 31


def write_workbook(tables: Sequence[Table], heading: str) -> bytes:
    """A workbook with each table on its own sheet, titled with ``heading`` on the first row."""
    book = Workbook()
    first = True
    for table in tables:
        sheet = book.active if first else book.create_sheet()
        first = False
        sheet.title = table.sheet[:SHEET_NAME_MAX]
        sheet.append([f"{heading} — {table.title}"])
        sheet["A1"].font = Font(bold=True, size=12)
        keep_as_text(sheet["A1"])
        sheet.append([_native(h) for h in table.headers])
        for cell in sheet[2]:
            keep_as_text(cell)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in table.rows:
            sheet.append([_native(v) for v in row])
            for cell, value in zip(sheet[sheet.max_row], row, strict=False):
                keep_as_text(cell)
                if isinstance(value, date):
                    cell.number_format = "DD/MM/YYYY"
                elif isinstance(value, Decimal):
                    cell.number_format = "0.00"
        for index, header in enumerate(table.headers, start=1):
            width = max([len(header)] + [len(str(r[index - 1] or "")) for r in table.rows[:200]])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
        sheet.freeze_panes = "A3"
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _native(value: object) -> object:
    # Lazy translations and other objects become their text; numbers and dates stay typed.
    if isinstance(value, str):
        return xlsx_text(value)
    if value is None or isinstance(value, int | Decimal | date):
        return value
    return xlsx_text(str(value))
