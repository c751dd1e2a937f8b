"""Text written to files a person opens in a spreadsheet, kept as text (never a formula).

Excel, LibreOffice and Google Sheets run a CSV cell that starts with ``=``, ``+``, ``-`` or ``@``
(and, in some, a tab or carriage return before one) as a formula: an organisation named
``=HYPERLINK(…)`` or ``=cmd|' /C calc'!A0`` would act on the machine of whoever opens the export.
In CSV such a text gets a leading ``'`` (the spreadsheet's own "this is text" mark, not shown);
the importer takes it off again (``unquote``), so an exported file imported back is unchanged.
In .xlsx the cell is written as a string cell, which no spreadsheet evaluates.

Numbers are left alone: ``-5`` in a number column stays the number -5. The public CLI formats
(``formats.md``) are not spreadsheets for people and do not use this.
"""

from __future__ import annotations

import re
from typing import Any

# The characters an .xlsx cannot hold (XML 1.0 forbids them; openpyxl raises on them): a
# control character typed or pasted into a record must not make its export fail.
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"


def csv_text(value: Any) -> Any:
    """A CSV cell: text that a spreadsheet would run gets the leading ``'``; other values as is."""
    if isinstance(value, str) and (value.startswith(FORMULA_STARTS) or _marked(value)):
        # (A text that itself looks marked, ``'=x``, is marked too, so import gives it back.)
        return TEXT_MARK + value
    return value


def _marked(text: str) -> bool:
    return text.startswith(TEXT_MARK) and text.lstrip(TEXT_MARK).startswith(FORMULA_STARTS)


def unquote(text: str) -> str:
    """An imported cell without the ``'`` that ``csv_text`` put before a formula-like text."""
    return text[1:] if _marked(text) else text


def keep_as_text(cell: Any) -> None:
    """Make an openpyxl cell holding a ``str`` a string cell (openpyxl writes ``=…`` as a formula)."""
    if isinstance(cell.value, str):
        cell.data_type = "s"


def xlsx_text(value: Any) -> Any:
    """A value for an .xlsx cell: a text without the characters a workbook cannot hold (each
    made a space); other values as they are."""
    if isinstance(value, str):
        return XML_ILLEGAL.sub(" ", value)
    return value
