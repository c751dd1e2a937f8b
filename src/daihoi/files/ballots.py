"""The ballots CSV of ``formats.md`` (hand entry, or a scanner's export).

* ``read_ballots(path, election)``: a ballots CSV → ``MarkGrid`` (``read_ballot_list`` gives
  ``Ballot`` objects). Accepts what Excel saves: UTF-8 with or without BOM, UTF-16 with BOM
  ("Unicode text", tab-separated) and Windows-1258 ("CSV" on Vietnamese Windows); comma, tab
  or semicolon as separator. Text is normalised to Unicode NFC (Windows-1258 stores tones as
  combining marks).
* ``parse_ballots(text, election, source)``: the same from text already decoded.
* ``ballots_csv(election, ballots)``: the CSV text of ballots (demos and tests).

Every refusal is an ``InputError`` naming the file, and the row and column.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from itertools import islice
from operator import itemgetter, lt, methodcaller

from daihoi.engine.ballot import FORM_CODES, Ballot, Form, MarkGrid
from daihoi.engine.election import Election
from daihoi.engine.errors import InputError, Location
from daihoi.engine.names import label_problem, normalize_name, printable
from daihoi.files.public import decode_text, read_bytes

BALLOT_COLUMN = "ballot"
RULING_COLUMN = "invalid"
DELIMITERS = (",", "\t", ";")
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

# What a candidate's cell may hold, by form (after trimming blanks and ignoring case), and the
# MarkGrid code it stands for.
CELL_VALUES: dict[Form, dict[str, str]] = {
    Form.STRIKE: {"": "K", "0": "K", "x": "S", "1": "S"},
    Form.APPROVE: {"": "N", "y": "A", "n": "D", "yn": "B", "ny": "B"},
}
CELL_HELP = {
    Form.STRIKE: "“x” (hoặc “X”, “1”) là gạch tên, để trống (hoặc “0”) là giữ tên",
    Form.APPROVE: "“y” là đồng ý, “n” là không đồng ý, “yn” là cả hai ô, để trống là không ô nào",
}
# The fast path rewrites a whole line with str.replace: each ``delimiter + value`` becomes one
# code character (longest values first).
_FAST_VALUES: dict[Form, tuple[tuple[str, str], ...]] = {
    Form.STRIKE: (("x", "S"), ("X", "S"), ("1", "S"), ("0", "K"), ("", "K")),
    Form.APPROVE: (("yn", "B"), ("y", "A"), ("n", "D"), ("", "N")),
}
# For the bulk pass: the shape of a line, 0 for an id character, 1 for a code letter of the
# form or \r, and what is not part of a row (a line is one, then its codes and \r and \n).
_SHAPE: dict[Form, bytes] = {
    form: bytes(
        byte if chr(byte) == "\n" else 1 if chr(byte) in codes + "\r" else 0 for byte in range(256)
    )
    for form, codes in FORM_CODES.items()
}
_CODE_THEN_OTHER = re.compile(b"\x01\x00")  # faster than bytes.find for this pattern
_NOT_ROW: dict[Form, bytes] = {
    form: bytes(byte for byte in range(256) if chr(byte) not in codes + "\r\n")
    for form, codes in FORM_CODES.items()
}


def read_ballots(path: str | os.PathLike[str], election: Election) -> MarkGrid:
    """Read a ballots CSV (``formats.md``) for ``election`` into a ``MarkGrid``."""
    source = str(path)
    raw = read_bytes(path)
    newline = raw.find(b"\n")
    if newline > 0 and not raw.startswith(_BOMS) and b"\x00" not in raw[:newline]:
        # The usual file: Vietnamese names in the header only, ASCII below it. The bulk pass
        # reads the body as it lies in the file (no copy, no decoding, no NFC pass); it gives
        # way to the whole text, decoded, when anything below the header is not ASCII.
        grid = _try_bulk(raw[:newline], raw, newline + 1, election, source)
        if grid is not None:
            return grid
    text, _ = decode_text(raw, source)
    return parse_ballots(text, election, source)


def read_ballot_list(path: str | os.PathLike[str], election: Election) -> list[Ballot]:
    """Read a ballots CSV as ``Ballot`` objects (convenient for small files)."""
    return list(read_ballots(path, election).ballots())


def parse_ballots(text: str, election: Election, source: str) -> MarkGrid:
    """Parse the text of a ballots CSV; see ``read_ballots``."""
    first_line, newline, body = text.partition("\n")
    cr = first_line.find("\r")
    if 0 <= cr < len(first_line) - 1:  # a lone \r ends the header row (old Mac line ends)
        first_line, body = first_line[: cr + 1], first_line[cr + 1 :] + newline + body
    delimiter, layout = _read_header(first_line, body, election, source)
    if body.isascii() and '"' not in body and _bulk_may_read(first_line, layout):
        crlf = first_line.endswith("\r")
        head = b"\r\n" if crlf else b"\n"  # in place of the header line
        data = head + body.encode("ascii")
        grid = _parse_bulk(data, len(head), crlf, layout, election, delimiter)
        if grid is not None:
            return grid
    # A lone carriage return (not before a line feed) ends a row for the csv module: let it
    # decide such files, as it decides quoted ones.
    lone_cr = body.count("\r") != body.count("\r\n")
    if '"' not in body and '"' not in first_line and not lone_cr and layout.standard:
        return _parse_lines(body, layout, election, source, delimiter)
    return _parse_general(first_line + "\n" + body, layout, election, source, delimiter)


def _read_header(
    first_line: str, body: str, election: Election, source: str
) -> tuple[str, _Layout]:
    """The delimiter and the layout of the header line (``body`` only to tell an empty file)."""
    if not first_line.strip() and not body.strip():
        raise InputError(
            "tệp rỗng: cần dòng tiêu đề “ballot” và tên từng ứng cử viên",
            Location(file=source, row=1),
        )
    delimiter = max(DELIMITERS, key=first_line.count)
    return delimiter, _Layout.from_header(_header_cells(first_line, delimiter), election, source)


def _bulk_may_read(first_line: str, layout: _Layout) -> bool:
    return layout.standard and '"' not in first_line


def _try_bulk(
    head: bytes, raw: bytes, start: int, election: Election, source: str
) -> MarkGrid | None:
    """The bulk pass over ``raw`` from ``start`` with the header ``head`` decoded on its own;
    None to read the whole text instead (which also raises any error about the header)."""
    if b"\r" in head[:-1]:
        return None  # a lone \r ends the header row (old Mac line ends)
    try:
        header, _ = decode_text(head, source)
        if not header.strip():
            return None
        delimiter, layout = _read_header(header, "", election, source)
    except InputError:
        return None
    if not _bulk_may_read(header, layout) or raw.find(b'"', start) != -1:
        return None
    return _parse_bulk(raw, start, header.endswith("\r"), layout, election, delimiter)


def _header_cells(line: str, delimiter: str) -> list[str]:
    row = next(csv.reader([line.rstrip("\r")], delimiter=delimiter), [])
    cells = [normalize_name(cell) for cell in row]
    while cells and not cells[-1]:
        cells.pop()  # Excel leaves trailing empty columns
    return cells


class _Layout:
    """Where the ballot id, the candidates and the ruling are in the rows of one file."""

    def __init__(
        self,
        width: int,
        id_at: int,
        columns: tuple[str, ...],
        positions: tuple[int, ...],
        ruling_at: int | None,
        header: list[str],
    ) -> None:
        self.width = width
        self.id_at = id_at
        self.columns = columns
        self.positions = positions
        self.ruling_at = ruling_at
        self.header = header
        n = len(columns)
        self.standard = (
            id_at == 0
            and positions == tuple(range(1, n + 1))
            and ruling_at in (None, n + 1)
            and width == n + 1 + (ruling_at is not None)
        )

    @classmethod
    def from_header(cls, header: list[str], election: Election, source: str) -> _Layout:
        def at(column: str, what: str) -> InputError:
            return InputError(what, Location(file=source, row=1, column=column))

        labels = set(election.labels)
        folded = {label.casefold(): label for label in election.labels}
        id_at: int | None = None
        ruling_at: int | None = None
        columns: list[str] = []
        positions: list[int] = []
        for index, cell in enumerate(header):
            key = cell.casefold()
            if key == BALLOT_COLUMN and id_at is None:
                id_at = index
            elif key == RULING_COLUMN and ruling_at is None:
                ruling_at = index
            elif cell in labels:
                if cell in columns:
                    raise at(cell, "cột ứng cử viên bị lặp lại")
                columns.append(cell)
                positions.append(index)
            elif not cell:
                raise at(f"#{index + 1}", "cột không có tên")
            elif (problem := label_problem(cell)) is not None:
                # An invisible or look-alike character: the name must not print as a real one.
                raise at(f"#{index + 1}", f"tên cột “{printable(cell)}” {problem}")
            else:
                hint = folded.get(key)
                suggestion = f" (có phải “{hint}”?)" if hint else ""
                raise at(
                    cell,
                    f"cột “{cell}” không phải ứng cử viên của cuộc bầu “{election.id}”{suggestion}",
                )
        if id_at is None:
            raise at(BALLOT_COLUMN, "thiếu cột “ballot” (mã phiếu) ở dòng tiêu đề")
        missing = [label for label in election.labels if label not in columns]
        if missing:
            names = ", ".join(f"“{m}”" for m in missing)
            raise at(missing[0], f"thiếu cột cho ứng cử viên {names}")
        return cls(len(header), id_at, tuple(columns), tuple(positions), ruling_at, header)


def _parse_lines(
    body: str, layout: _Layout, election: Election, source: str, delimiter: str
) -> MarkGrid:
    # Quote-free file with the usual column order that the bulk pass did not take: a partition
    # and two replaces per line. Anything unusual on a line (other spellings such as "X" or
    # "1", blanks, a bad cell, a short row) goes to the careful per-cell parser, which also
    # names the exact bad cell.
    n = len(layout.columns)
    allowed = FORM_CODES[election.form]
    replacements = [(delimiter + value, code) for value, code in _FAST_VALUES[election.form]]
    (first_old, first_new), *_ = replacements
    last_old, last_new = replacements[-1]
    has_ruling = layout.ruling_at is not None
    reasons = election.rules.reason_codes()
    ids: list[str] = []
    rows: list[str] = []
    rulings: dict[int, str] = {}
    row_numbers: dict[int, int] = {}  # only when blank lines shift them
    lines = body.split("\n")
    while lines and not lines[-1].strip(delimiter + " \r"):
        lines.pop()  # trailing empty lines, or rows of separators only, as Excel leaves them
    if "\r" in body:
        # a lone \r stays and is reported as part of a bad cell
        lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    skipped = 0
    for offset, line in enumerate(lines):
        ballot_id, _, rest = line.partition(delimiter)
        if has_ruling:
            rest, _, ruling = rest.rpartition(delimiter)
        else:
            ruling = ""
        code = (delimiter + rest).replace(first_old, first_new).replace(last_old, last_new)
        if (
            len(code) != n
            or code.strip(allowed)
            or not ballot_id.strip()
            or any(c in rest for c in allowed)
        ):
            row_no = offset + 2
            cells = line.split(delimiter)
            if not any(cell.strip() for cell in cells):
                skipped += 1  # an empty line, or one of only separators, as Excel leaves
                continue
            ballot_id, code, ruling = _parse_row(cells, row_no, layout, election.form, source)
        if skipped:
            row_numbers[len(rows)] = offset + 2
        reason = ruling.strip()
        if reason:
            if reason not in reasons:
                raise _unknown_reason(reason, reasons, source, offset + 2)
            rulings[len(rows)] = reason
        ids.append(ballot_id)
        rows.append(code)
    clean_ids = [i.strip() for i in ids]
    if len(set(clean_ids)) != len(clean_ids) or not all(clean_ids):
        _refuse_ids(clean_ids, row_numbers, source)
    return MarkGrid(layout.columns, clean_ids, rows, rulings)


# The bulk pass turns every cell into its code with a few passes over the whole text in C.
# Code letters already in the file (a ballot id "K12") are first hidden behind these control
# characters, so that every code letter after the replacements stands for exactly one cell.
_HIDDEN = "\x01\x02\x03\x04\x05\x06"
_CHUNK = 1 << 17
_BLANKS = " \t\x0b\x0c\x1c\x1d\x1e\x1f"  # what str.strip() removes from an ASCII id


def _parse_bulk(
    data: bytes, start: int, crlf: bool, layout: _Layout, election: Election, delimiter: str
) -> MarkGrid | None:
    """The ballots of ``data[start:]`` (the lines below the header, which ends with ``\\r``
    when ``crlf``) in a handful of C-level passes over the whole text; None when any line
    needs the per-line parser (which then finds and names the problem, or reads the line as
    the csv module would).

    Each line ``id,c1,...,cn`` becomes ``id`` followed by n code characters: every
    ``delimiter + value`` is replaced by the value's code (``,x`` → ``S``), then every
    remaining delimiter (an empty cell) by the empty cell's code in one translate. Code
    letters already in the file are hidden first, so each code stands for one delimiter. A
    line is then accepted when nothing but codes follows its first code (its first
    delimiter) and it has exactly n of them: it had n cells, each of a known value, and what
    precedes them is its ballot id, unchanged. Lines are split at the header's line end
    (``\\r\\n`` or ``\\n``); any other ``\\r`` or ``\\n`` fails those checks.
    """
    n = len(layout.columns)
    form = election.form
    codes = FORM_CODES[form]
    hidden = _HIDDEN[: len(codes)]
    if n == 0 or any(data.find(c.encode("ascii"), start) != -1 for c in "\0" + hidden):
        return None
    if not crlf and data.find(b"\r", start) != -1:
        return None  # a \r in a file of \n line ends: the csv module ends a row there
    d = delimiter.encode("ascii")
    eol = b"\r\n" if crlf else b"\n"
    # Trailing lines of blanks or separators only, as Excel leaves them, are not ballots.
    blank = d + _BLANKS.encode("ascii") + b"\r\n"
    tail = max(start, len(data) - 4096)
    content = len(data[tail:].rstrip(blank))
    if not content and tail > start:
        tail, content = start, len(data[start:].rstrip(blank))
    if not content:
        return MarkGrid(layout.columns, [], [], {})
    end = data.find(b"\n", tail + content)
    if end != -1 and end + 1 < len(data):
        data = data[: end + 1]
    ruling_cells: list[bytes] = []
    if layout.ruling_at is not None:
        lines = data[start:].split(eol)
        if data.endswith(eol):
            lines.pop()  # after the last line end
        split = list(map(methodcaller("rpartition", d), lines))
        ruling_cells = list(map(itemgetter(2), split))
        data, start = eol + eol.join(map(itemgetter(0), split)), len(eol)
    hide = any(data.find(c.encode("ascii"), start) != -1 for c in codes)
    values = _FAST_VALUES[form]
    usual = values[:1] + values[-1:] if form is Form.STRIKE else values
    # 128 KB of whole lines at a time: the passes' temporaries stay small
    # (in the processor's cache, and memory the allocator hands back without page faults).
    id_parts: list[bytes] = []
    rows: list[str] = []
    while start < len(data):
        stop = data.find(b"\n", start + _CHUNK) + 1 or len(data)
        chunk = data[start:stop]
        start = stop
        if not chunk.isascii():
            return None  # read from the decoded text
        # The usual spellings first ("x" and empty: one replace instead of four), then all.
        part = _bulk_lines(chunk, d, eol, usual, n, form, hide)
        if part is None and usual != values:
            part = _bulk_lines(chunk, d, eol, values, n, form, hide)
        if part is None:
            return None
        id_parts.append(part[0])
        rows += part[1]
    id_text = b"".join(id_parts)
    if not id_text.isascii() or (ruling_cells and len(ruling_cells) != len(rows)):
        return None
    if hide:
        id_text = id_text.translate(bytes.maketrans(hidden.encode("ascii"), codes.encode("ascii")))
    ids = id_text.decode("ascii").split("\n")
    if ids and not ids[-1] and len(ids) == len(rows) + 1:
        ids.pop()  # after the last line end
    if len(ids) != len(rows):
        return None
    if any(blank.encode("ascii") in id_text for blank in _BLANKS):
        ids = [i.strip() for i in ids]
    # Distinct ids; ids in increasing order (the usual numbering) are, without a set.
    increasing = all(map(lt, ids, islice(ids, 1, None)))
    if not all(ids) or not (increasing or len(set(ids)) == len(ids)):
        return None
    rulings: dict[int, str] = {}
    all_rulings = b"".join(ruling_cells)
    if not all_rulings.isascii():
        return None  # the whole text, decoded, decides what such a ruling says
    if all_rulings.strip():
        reasons = election.rules.reason_codes()
        for index, cell in enumerate(ruling_cells):
            reason = cell.decode("ascii").strip()
            if reason:
                if reason not in reasons:
                    return None
                rulings[index] = reason
    return MarkGrid(layout.columns, ids, rows, rulings)


def _bulk_lines(
    chunk: bytes,
    d: bytes,
    eol: bytes,
    values: tuple[tuple[str, str], ...],
    n: int,
    form: Form,
    hide: bool,
) -> tuple[bytes, list[str]] | None:
    """(ids text, code rows) of a chunk of whole lines, or None when some line does not end
    with exactly n cells of ``values``: see ``_parse_bulk``. The ids text has one line per
    row, each ``id`` exactly as in the file (code letters in it still hidden when ``hide``)."""
    codes = FORM_CODES[form].encode("ascii")
    if hide:
        chunk = chunk.translate(bytes.maketrans(codes, _HIDDEN[: len(codes)].encode("ascii")))
    # Same-length replacements (",x" → "\0S": CPython patches a copy in place, far faster
    # than shrinking), then one translate that drops the NULs and turns the delimiters left
    # (empty cells) into the empty cell's code.
    for value, code in values[:-1]:
        chunk = chunk.replace(d + value.encode("ascii"), b"\0" * len(value) + code.encode("ascii"))
    empty = values[-1][1].encode("ascii")
    chunk = chunk.translate(bytes.maketrans(d, empty), b"\0")
    # Each line must be: its id (no code letters), then nothing but codes (and \r at the end
    # of a Windows line). A code, or \r, followed on the same line by anything else is not.
    if _CODE_THEN_OTHER.search(chunk.translate(_SHAPE[form])):
        return None
    row_text = chunk.translate(None, _NOT_ROW[form])
    rows = row_text.decode("ascii").split(eol.decode("ascii"))
    if eol == b"\r\n" and row_text.count(b"\r") != len(rows) - 1:
        return None  # a \r not before \n, which would pass for a code
    if not rows[-1]:
        rows.pop()  # after the last line end
    if set(map(len, rows)) - {n}:
        return None
    return chunk.translate(None, codes + b"\r"), rows


def _unknown_reason(reason: str, reasons: tuple[str, ...], source: str, row_no: int) -> InputError:
    return InputError(
        f"lý do phiếu không hợp lệ “{reason}” không có trong bộ quy tắc (có: {', '.join(reasons)})",
        Location(file=source, row=row_no, column=RULING_COLUMN),
    )


def _refuse_ids(ids: list[str], row_numbers: dict[int, int], source: str) -> None:
    """Raise the error for the first empty or repeated ballot id (rows as the file shows)."""
    first_row: dict[str, int] = {}
    last = 1
    for index, ballot_id in enumerate(ids):
        row_no = row_numbers.get(index, last + 1)
        last = row_no
        where = Location(file=source, row=row_no, column=BALLOT_COLUMN)
        if not ballot_id:
            raise InputError("thiếu mã phiếu", where)
        if ballot_id in first_row:
            raise InputError(
                f"mã phiếu “{ballot_id}” lặp lại (đã có ở dòng {first_row[ballot_id]})", where
            )
        first_row[ballot_id] = row_no


def _parse_general(
    text: str, layout: _Layout, election: Election, source: str, delimiter: str
) -> MarkGrid:
    reasons = election.rules.reason_codes()
    ids: list[str] = []
    rows: list[str] = []
    rulings: dict[int, str] = {}
    row_numbers: dict[int, int] = {}
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    next(reader, None)  # the header
    last_line = reader.line_num
    try:
        for cells in reader:
            # A row begins on the line after the last one read; reader.line_num is where it
            # ends, far below when a quote opened on it is never closed.
            row_no, last_line = last_line + 1, reader.line_num
            if last_line > row_no:
                raise InputError(
                    f'dấu ngoặc kép (") mở ở dòng {row_no} chưa được đóng: ô kéo dài đến '
                    f"dòng {last_line}",
                    Location(file=source, row=row_no),
                )
            if not any(cell.strip() for cell in cells):
                continue
            ballot_id, code, ruling = _parse_row(cells, row_no, layout, election.form, source)
            if ruling:
                if ruling not in reasons:
                    raise _unknown_reason(ruling, reasons, source, row_no)
                rulings[len(rows)] = ruling
            row_numbers[len(rows)] = row_no
            ids.append(ballot_id.strip())
            rows.append(code)
    except csv.Error as exc:
        raise InputError(
            f"CSV không hợp lệ: {exc}", Location(file=source, row=last_line + 1)
        ) from None
    if len(set(ids)) != len(ids) or not all(ids):
        _refuse_ids(ids, row_numbers, source)
    return MarkGrid(layout.columns, ids, rows, rulings)


def _parse_row(
    cells: list[str], row_no: int, layout: _Layout, form: Form, source: str
) -> tuple[str, str, str]:
    """Parse one row cell by cell: (ballot id, code string, ruling), or an ``InputError`` that
    names the row and the column."""
    width = layout.width
    if len(cells) > width:
        extra = cells[width:]
        if any(cell.strip() for cell in extra):
            raise InputError(
                f"dòng có {len(cells)} cột, dòng tiêu đề chỉ có {width}",
                Location(file=source, row=row_no, column=f"#{width + 1}"),
            )
        cells = cells[:width]
    if len(cells) == width - 1 and layout.ruling_at == width - 1:
        cells = [*cells, ""]  # an empty ruling cell at the end of the line may be left out
    if len(cells) < width:
        column = layout.header[len(cells)]
        raise InputError(
            f"dòng chỉ có {len(cells)} cột, dòng tiêu đề có {width}: thiếu từ cột “{column}”",
            Location(file=source, row=row_no, column=column),
        )
    values = CELL_VALUES[form]
    codes: list[str] = []
    for label, index in zip(layout.columns, layout.positions, strict=True):
        cell = cells[index]
        code = values.get(cell.strip().casefold())
        if code is None:
            raise InputError(
                f"giá trị “{cell}” không hợp lệ: {CELL_HELP[form]}",
                Location(file=source, row=row_no, column=label),
            )
        codes.append(code)
    ruling = cells[layout.ruling_at].strip() if layout.ruling_at is not None else ""
    return cells[layout.id_at], "".join(codes), ruling


def ballots_csv(election: Election, ballots: list[Ballot]) -> str:
    """The ballots CSV text of ``ballots`` (ballot order columns; for demos and tests)."""
    values = {
        "struck": "x",
        "kept": "",
        "agree": "y",
        "disagree": "n",
        "both": "yn",
        "neither": "",
    }
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    has_ruling = any(b.ruling for b in ballots)
    writer.writerow([BALLOT_COLUMN, *election.labels, *([RULING_COLUMN] if has_ruling else [])])
    for ballot in ballots:
        row = [ballot.id, *(values[ballot.marks[label].value] for label in election.labels)]
        if has_ruling:
            row.append(ballot.ruling or "")
        writer.writerow(row)
    return out.getvalue()
