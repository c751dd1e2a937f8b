"""The congress list as an Excel workbook (danh sách đại hội), as filtered on the page.

One row per congress: the unit, its level in words, the plan, the state and the typed result
summary, under the columns' names in the user's language (the fields' verbose names). Dates
are real dates shown ``dd/mm/yyyy``, figures real numbers, yes/no in words; every text is a
string cell, so a unit named ``=HYPERLINK(…)`` is shown, never run.

The last two columns let the file come back (``congress_update``): the congress's number and
its version when exported (``congress_version``), so a row whose congress was changed since is
refused instead of undoing that change.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from daihoi.web.core.spreadsheet import keep_as_text, xlsx_text
from daihoi.web.core.versions import fingerprint
from daihoi.web.orgs.models import Level

from .models import CONGRESS_FIELDS, Congress

# The congress's own columns, in the order the edit form groups them.
FIELDS = CONGRESS_FIELDS
SHEET_TITLE = "dai_hoi"


def congress_version(congress: Congress) -> str:
    """The version of a congress's editable values: it changes whenever one of them does."""
    return fingerprint("season.Congress", congress.pk, *(getattr(congress, n) for n in FIELDS))


def id_header() -> str:
    return _("Số hiệu đại hội (không sửa)")


def version_header() -> str:
    return _("Phiên bản (không sửa)")


def headers() -> list[str]:
    """The columns' names in the active language: the unit, then each field's verbose name."""
    meta = Congress._meta
    return [
        _("Mã"),
        _("Đơn vị"),
        _("Cấp"),
        *(str(capfirst(meta.get_field(name).verbose_name)) for name in FIELDS),
        id_header(),
        version_header(),
    ]


def row_values(congress: Congress) -> list[Any]:
    """One congress as cell values (typed: dates, ints, Decimals; choices and yes/no in words)."""
    org = congress.organisation
    values: list[Any] = [org.code, org.name, str(Level(org.level).label)]
    for name in FIELDS:
        value = getattr(congress, name)
        field = Congress._meta.get_field(name)
        if field.choices:
            value = getattr(congress, f"get_{name}_display")()
        elif isinstance(value, bool):
            value = pgettext("yes or no", "Có") if value else pgettext("yes or no", "Không")
        elif value == "":
            value = None
        values.append(value)
    return [*values, congress.pk, congress_version(congress)]


def write_congress_list(congresses: Iterable[Congress], title: str) -> bytes:
    """The workbook: ``title`` on the first row, the headers on the second, a congress a row."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET_TITLE)
    names = headers()
    widths = [14, 44, 16] + [16] * len(FIELDS) + [12, 36]
    for index, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.freeze_panes = "A3"

    def cell(value: Any, *, bold: bool = False, number_format: str = "") -> WriteOnlyCell:
        c = WriteOnlyCell(sheet, value=xlsx_text(value))
        keep_as_text(c)
        if bold:
            c.font = Font(bold=True)
            c.alignment = Alignment(wrap_text=True, vertical="top")
        if isinstance(value, date):
            c.number_format = "DD/MM/YYYY"
        elif isinstance(value, Decimal):
            c.number_format = "0.00"
        elif isinstance(value, int):
            c.number_format = "#,##0"
        if number_format:
            c.number_format = number_format
        return c

    # The congress's number is a number to copy, not a count: "12345", never "12,345".
    id_column = len(names) - 2

    sheet.append([cell(title, bold=True)])
    sheet.append([cell(h, bold=True) for h in names])
    for congress in congresses:
        values = row_values(congress)
        sheet.append(
            [cell(v, number_format="0" if i == id_column else "") for i, v in enumerate(values)]
        )
    out = BytesIO()
    book.save(out)
    return out.getvalue()
