"""Writing a subtree as the organisation file (the same columns the import reads)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from daihoi.web.core.spreadsheet import csv_text, keep_as_text
from daihoi.web.orgs.fileformat import COLUMNS, LEVEL_KEYS
from daihoi.web.orgs.models import Level, Organisation


def subtree_rows(root: Organisation) -> Iterator[tuple[str, str, str, str, str, int]]:
    """``(code, name, parent_code, level, type, members)`` for ``root`` and everything under it.

    Two queries however large the subtree: rows come in path order, so every parent is seen
    before its children and its code is remembered by path.
    """
    steplen = Organisation.steplen
    code_of_path: dict[str, str] = {}
    if root.depth > 1:
        parent = (
            Organisation.objects.filter(path=root.path[:-steplen])
            .values_list("code", flat=True)
            .first()
        )
        code_of_path[root.path[:-steplen]] = parent or ""
    rows = (
        Organisation.objects.filter(path__startswith=root.path)
        .order_by("path")
        .values_list("path", "code", "name", "level", "kind", "members")
    )
    for path, code, name, level, kind, members in rows.iterator(chunk_size=5000):
        code_of_path[path] = code
        yield (
            code,
            name,
            code_of_path.get(path[:-steplen], ""),
            LEVEL_KEYS[Level(level)],
            kind,
            members,
        )


def csv_lines(root: Organisation) -> Iterator[str]:
    """The CSV file, line by line (UTF-8 with BOM so that Excel shows the diacritics).

    Names, codes and types that a spreadsheet would run as a formula are marked as text.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    yield "\ufeff" + buffer.getvalue()
    for row in subtree_rows(root):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([csv_text(v) for v in row])
        yield buffer.getvalue()


def xlsx_bytes(root: Organisation) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("to_chuc")
    sheet.append(list(COLUMNS))

    def cell(value: object) -> object:
        # openpyxl writes any text starting with "=" as a formula: every text is a string cell.
        if isinstance(value, str):
            c = WriteOnlyCell(sheet, value=value)
            keep_as_text(c)
            return c
        return value

    for row in subtree_rows(root):
        sheet.append([cell(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
