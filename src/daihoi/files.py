"""Reading and writing the public files of ``formats.md``; the only place that touches the disk
for them.

* ``load_election(path)``: an election file (YAML, or JSON for ``.json``) → ``Election``.
* ``read_ballots(path, election)``: a ballots CSV → ``MarkGrid`` (``read_ballot_list`` gives
  ``Ballot`` objects). Accepts what Excel saves: UTF-8 with or without BOM, UTF-16 with BOM
  ("Unicode text", tab-separated) and Windows-1258 ("CSV" on Vietnamese Windows); comma, tab
  or semicolon as separator. Text is normalised to Unicode NFC (Windows-1258 stores tones as
  combining marks).
* ``load_results(path)`` / ``write_results(path, result)``: the results JSON.
* ``write_atomic(path, data)``: outputs appear whole or not at all.

Every refusal is an ``InputError`` naming the file, and the row and column or field.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import tempfile
import unicodedata
from collections.abc import Mapping
from operator import itemgetter, methodcaller
from pathlib import Path
from typing import Any

import yaml

from daihoi.engine.ballot import FORM_CODES, Ballot, Form, MarkGrid
from daihoi.engine.election import Election, parse_election
from daihoi.engine.errors import InputError, Location
from daihoi.engine.names import normalize_name
from daihoi.engine.results import result_from_dict, result_to_dict
from daihoi.engine.tally import Result

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


# ---------------------------------------------------------------------------- text and atomicity


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of ``path``; a missing or unreadable file is an ``InputError``."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("không tìm thấy tệp", Location(file=str(path))) from None
    except IsADirectoryError:
        raise InputError("đây là một thư mục, không phải tệp", Location(file=str(path))) from None
    except OSError as exc:
        raise InputError(f"không đọc được tệp ({exc.strerror})", Location(file=str(path))) from None


def decode_text(raw: bytes, source: str) -> tuple[str, str]:
    """Decode file bytes the way Excel may have saved them; return (text in NFC, encoding).

    Order: a BOM decides (UTF-8, UTF-16 LE/BE); NUL bytes without a BOM mean UTF-16; then
    strict UTF-8; otherwise Windows-1258.
    """
    if raw.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif b"\x00" in raw[:4096]:
        head = raw[:4096]
        encoding = "utf-16-le" if head[1::2].count(0) >= head[0::2].count(0) else "utf-16-be"
    else:
        encoding = "utf-8"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        if encoding != "utf-8":
            raise InputError(
                f"tệp hỏng: không đọc được theo bảng mã {encoding}", Location(file=source)
            ) from None
        try:
            text, encoding = raw.decode("cp1258"), "cp1258"
        except UnicodeDecodeError:
            raise InputError(
                "không nhận ra bảng mã của tệp (cần UTF-8, UTF-16 hoặc Windows-1258)",
                Location(file=source),
            ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text, encoding


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and
    ``os.replace``, so readers see the old file or the whole new one, never a part."""
    target = Path(path)
    where = Location(file=str(path))
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError("thư mục để ghi tệp không tồn tại", where)
    if target.is_dir():
        raise InputError("đây là một thư mục; hãy cho tên tệp", where)
    umask = os.umask(0)
    os.umask(umask)
    try:
        handle, temp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(f"không ghi được tệp ({exc.strerror})", where) from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, target)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise InputError(f"không ghi được tệp ({exc.strerror or exc})", where) from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


# -------------------------------------------------------------------------------- data files


def load_data(path: str | os.PathLike[str]) -> Any:
    """Parse a YAML or JSON file (JSON for ``.json``) with errors naming file and line."""
    source = str(path)
    text, _ = decode_text(read_bytes(path), source)
    if Path(path).suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"JSON không hợp lệ: {exc.msg}", Location(file=source, row=exc.lineno)
            ) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "cú pháp sai"
        raise InputError(
            f"YAML không hợp lệ: {problem}",
            Location(file=source, row=mark.line + 1 if mark is not None else None),
        ) from None


def load_election(path: str | os.PathLike[str]) -> Election:
    """Read and check an election file (``formats.md``)."""
    data = load_data(path)
    if data is None:
        raise InputError("tệp bầu cử rỗng", Location(file=str(path)))
    return parse_election(data, str(path))


def election_yaml(data: Mapping[str, Any]) -> str:
    """Election data as YAML text (Vietnamese kept readable, keys in the given order)."""
    return yaml.safe_dump(dict(data), allow_unicode=True, sort_keys=False, width=1000)


def load_results(path: str | os.PathLike[str]) -> Result:
    """Read a results JSON file back into a ``Result``."""
    source = str(path)
    text, _ = decode_text(read_bytes(path), source)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"không phải tệp kết quả kiểm phiếu (JSON không hợp lệ: {exc.msg})",
            Location(file=source, row=exc.lineno),
        ) from None
    return result_from_dict(data, source)


def results_json(result: Result) -> bytes:
    """The results JSON bytes of ``result`` (UTF-8, readable Vietnamese, final newline)."""
    text = json.dumps(result_to_dict(result), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def write_results(path: str | os.PathLike[str], result: Result) -> None:
    """Write the results JSON of ``result`` to ``path`` atomically."""
    write_atomic(path, results_json(result))


# ------------------------------------------------------------------------------- ballots CSV


def read_ballots(path: str | os.PathLike[str], election: Election) -> MarkGrid:
    """Read a ballots CSV (``formats.md``) for ``election`` into a ``MarkGrid``."""
    source = str(path)
    raw = read_bytes(path)
    head, newline, body = raw.partition(b"\n")
    if newline and not raw.startswith(_BOMS) and b"\x00" not in head and body.isascii():
        # The usual file: Vietnamese names in the header only, ASCII below it. Decoding the
        # body on its own keeps it a compact one-byte str (and ASCII needs no NFC pass).
        header, _ = decode_text(head, source)
        return _parse(header, body.decode("ascii"), election, source)
    text, _ = decode_text(raw, source)
    return parse_ballots(text, election, source)


def read_ballot_list(path: str | os.PathLike[str], election: Election) -> list[Ballot]:
    """Read a ballots CSV as ``Ballot`` objects (convenient for small files)."""
    return list(read_ballots(path, election).ballots())


def parse_ballots(text: str, election: Election, source: str) -> MarkGrid:
    """Parse the text of a ballots CSV; see ``read_ballots``."""
    first_line, _, body = text.partition("\n")
    return _parse(first_line, body, election, source)


def _parse(first_line: str, body: str, election: Election, source: str) -> MarkGrid:
    """Parse a ballots CSV given as its header line and the text below it."""
    if not first_line.strip() and not body.strip():
        raise InputError(
            "tệp rỗng: cần dòng tiêu đề “ballot” và tên từng ứng cử viên",
            Location(file=source, row=1),
        )
    delimiter = max(DELIMITERS, key=first_line.count)
    layout = _Layout.from_header(_header_cells(first_line, delimiter), election, source)
    # A lone carriage return (not before a line feed) ends a row for the csv module: let it
    # decide such files, as it decides quoted ones.
    lone_cr = body.count("\r") != body.count("\r\n")
    if '"' not in body and '"' not in first_line and not lone_cr and layout.standard:
        return _parse_fast(body, layout, election, source, delimiter)
    return _parse_general(first_line + "\n" + body, layout, election, source, delimiter)


def _header_cells(line: str, delimiter: str) -> list[str]:
    row = next(csv.reader([line.rstrip("\r")], delimiter=delimiter), [])
    cells = [normalize_name(cell) for cell in row]
    while cells and not cells[-1]:
        cells.pop()  # Excel leaves trailing empty columns
    return cells


class _Layout:
    """Where the ballot id, the candidates and the ruling are in the rows of one file."""

    def __init__(
        self, width: int, id_at: int, columns: tuple[str, ...], positions: tuple[int, ...],
        ruling_at: int | None, header: list[str],
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
            else:
                hint = folded.get(key)
                suggestion = f" (có phải “{hint}”?)" if hint else ""
                raise at(
                    cell,
                    f"cột “{cell}” không phải ứng cử viên của cuộc bầu “{election.id}”"
                    f"{suggestion}",
                )
        if id_at is None:
            raise at(BALLOT_COLUMN, "thiếu cột “ballot” (mã phiếu) ở dòng tiêu đề")
        missing = [label for label in election.labels if label not in columns]
        if missing:
            names = ", ".join(f"“{m}”" for m in missing)
            raise at(missing[0], f"thiếu cột cho ứng cử viên {names}")
        return cls(len(header), id_at, tuple(columns), tuple(positions), ruling_at, header)


def _parse_fast(
    body: str, layout: _Layout, election: Election, source: str, delimiter: str
) -> MarkGrid:
    # Quote-free file with the usual column order: a few passes over the whole text in C
    # (_parse_bulk) do what csv + per-cell lookups would; failing that, a partition and two
    # replaces per line. Anything unusual on a line (other
    # spellings such as "X" or "1", blanks, a bad cell, a short row) falls back to the careful
    # per-cell parser, which also names the exact bad cell.
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
    # Windows line ends: every line but a last unterminated one ends with \r, which the bulk
    # pass drops with its last translate (saving a pass over the whole text).
    crlf = bool(lines) and lines[0].endswith("\r")
    bulk = _parse_bulk(lines, n, allowed, replacements, delimiter, has_ruling, reasons, crlf)
    if bulk is not None:
        bulk_ids, bulk_rows, bulk_rulings = bulk
        if len(set(bulk_ids)) == len(bulk_ids) and all(bulk_ids):
            return MarkGrid(layout.columns, bulk_ids, bulk_rows, bulk_rulings)
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
        if (len(code) != n or code.strip(allowed) or not ballot_id.strip()
                or any(c in rest for c in allowed)):
            row_no = offset + 2
            cells = line.split(delimiter)
            if not any(cell.strip() for cell in cells):
                skipped += 1  # an empty line, or one of only separators, as Excel leaves
                continue
            ballot_id, code, ruling = _parse_row(cells, row_no, layout, election.form, source)
        if skipped:
            row_numbers[len(rows)] = offset + 2
        if ruling:
            reason = ruling.strip()
            if reason not in reasons:
                raise _unknown_reason(reason, reasons, source, offset + 2)
            rulings[len(rows)] = reason
        ids.append(ballot_id)
        rows.append(code)
    clean_ids = [i.strip() for i in ids]
    if len(set(clean_ids)) != len(clean_ids) or not all(clean_ids):
        _refuse_ids(clean_ids, row_numbers, source)
    return MarkGrid(layout.columns, clean_ids, rows, rulings)


def _parse_bulk(
    lines: list[str],
    n: int,
    allowed: str,
    replacements: list[tuple[str, str]],
    delimiter: str,
    has_ruling: bool,
    reasons: tuple[str, ...],
    crlf: bool = False,
) -> tuple[list[str], list[str], dict[int, str]] | None:
    """The whole file in a handful of C-level passes, when every line is clean; None when any
    line needs the per-line parser (which then finds and names the problem)."""
    parts = list(map(methodcaller("partition", delimiter), lines))
    ids = list(map(itemgetter(0), parts))
    rests = list(map(itemgetter(2), parts))
    rulings: dict[int, str] = {}
    if has_ruling:
        split = list(map(methodcaller("rpartition", delimiter), rests))
        rests = list(map(itemgetter(0), split))
        for index, ruling in enumerate(map(itemgetter(2), split)):
            if ruling and (not crlf or ruling != "\r"):
                reason = ruling.strip()
                if reason not in reasons:
                    return None
                rulings[index] = reason
    try:
        packed = (delimiter + ("\n" + delimiter).join(rests)).encode("ascii")
    except UnicodeEncodeError:
        return None  # something other than the usual cell values somewhere
    drop = b""
    if crlf:
        # Exactly one \r per line, at its end (the last line may lack it): anything else
        # is left to the per-line parser.
        expected = len(lines) if packed.endswith(b"\r") else len(lines) - 1
        if packed.count(b"\r") != expected or packed.count(b"\r\n") != len(lines) - 1:
            return None
        drop = b"\r"
    codes = _pack(packed, replacements[:1], replacements[-1], allowed, drop)
    if codes is None and len(replacements) > 2:  # other spellings ("X", "1", "0"; "y", "n")
        codes = _pack(packed, replacements[:-1], replacements[-1], allowed, drop)
    if codes is None:
        return None
    rows = codes.split("\n") if lines else []
    if len(rows) != len(lines) or set(map(len, rows)) - {n}:
        return None
    joined_ids = "".join(ids)
    if " " in joined_ids or "\t" in joined_ids:
        ids = [i.strip() for i in ids]
    return ids, rows, rulings


def _pack(
    packed: bytes,
    replacements: list[tuple[str, str]],
    last: tuple[str, str],
    allowed: str,
    drop: bytes = b"",
) -> str | None:
    """Turn ``,x,,x`` cells into one code character each: replace each ``delimiter + value``
    by its code, then the remaining delimiters (empty cells) by the empty cell's code in one
    translate. None when anything else is left (bytes are faster than str for this)."""
    if any(code.encode("ascii") in packed for code in allowed):
        return None  # a cell holding a code letter itself ("K") would pass for a mark
    for old, new in replacements:
        packed = packed.replace(old.encode("ascii"), new.encode("ascii"))
    table = bytes.maketrans(last[0].encode("ascii"), last[1].encode("ascii"))
    packed = packed.translate(table, drop)
    if packed.translate(None, (allowed + "\n").encode("ascii")):
        return None
    return packed.decode("ascii")


def _unknown_reason(reason: str, reasons: tuple[str, ...], source: str, row_no: int) -> InputError:
    return InputError(
        f"lý do phiếu không hợp lệ “{reason}” không có trong bộ quy tắc "
        f"(có: {', '.join(reasons)})",
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
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            row_no = reader.line_num
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
            f"CSV không hợp lệ: {exc}", Location(file=source, row=reader.line_num)
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
        "struck": "x", "kept": "", "agree": "y", "disagree": "n", "both": "yn", "neither": "",
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
