"""Writing a subtree as the organisation file (the same columns the import reads)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from daihoi.web.core.spreadsheet import csv_text, keep_as_text, xlsx_text
from daihoi.web.orgs.fileformat import export_headers, level_name
from daihoi.web.orgs.models import Level, Organisation


def level_names() -> dict[int, str]:
    """Each level's name in the active language, read once (a streamed file is written after
    the request's language is gone)."""
    return {level: level_name(level) for level in Level}


def subtree_rows(
    root: Organisation, names: dict[int, str] | None = None
) -> Iterator[tuple[str, str, str, str, str, int]]:
    """``(code, name, parent_code, level, type, members)`` for ``root`` and everything under it,
    the level by its name (``names``, by default in the active language).

    Two queries however large the subtree: rows come in path order, so every parent is seen
    before its children and its code is remembered by path.
    """
    names = names or level_names()
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
            names[level],
            kind,
            members,
        )


def csv_lines(root: Organisation) -> Iterator[str]:
    """The CSV file, line by line (UTF-8 with BOM so that Excel shows the diacritics).

    Names, codes and types that a spreadsheet would run as a formula are marked as text. The
    headers and level names are taken now, in the request's language.
    """
    return _csv_lines(root, export_headers(), level_names())


def _csv_lines(root: Organisation, headers: list[str], names: dict[int, str]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    yield "\ufeff" + buffer.getvalue()
    for row in subtree_rows(root, names):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([csv_text(v) for v in row])
        yield buffer.getvalue()


def xlsx_bytes(root: Organisation) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("to_chuc")

    def cell(value: object) -> object:
        # openpyxl writes any text starting with "=" as a formula: every text is a string cell.
        if isinstance(value, str):
            c = WriteOnlyCell(sheet, value=xlsx_text(value))
            keep_as_text(c)
            return c
        return value

    sheet.append([cell(h) for h in export_headers()])
    for row in subtree_rows(root):
        sheet.append([cell(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
