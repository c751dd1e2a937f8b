"""Reading the public files of ``formats.md``: bytes, text, JSON and YAML, the election file
and the results JSON.

* ``read_bytes(path)`` and ``decode_text(raw, source)``: a file's text the way Excel may have saved
  it (UTF-8 with or without BOM, UTF-16, Windows-1258), in Unicode NFC.
* ``parse_json(text, source)`` / ``read_json(path)``: JSON, or an ``InputError`` naming the file,
  the line and the column (also for input nested too deeply to read).
* ``load_data(path)``: a YAML or JSON file (JSON for ``.json``).
* ``load_election(path)``, ``election_yaml(data)``: the election file.
* ``load_results(path)`` / ``results_json(result)`` / ``write_results(path, result)``: the results
  JSON.

Every refusal is an ``InputError`` naming the file, and the row or field.
"""

from __future__ import annotations

import codecs
import json
import os
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from daihoi.engine.election import Election, parse_election
from daihoi.engine.errors import InputError, Location
from daihoi.engine.results import result_from_dict, result_to_dict
from daihoi.engine.tally import Result
from daihoi.files.atomic import write_atomic

RESULTS_FILE = "tệp kết quả kiểm phiếu"  # what a results file is called in a refusal
TOO_DEEP = "dữ liệu lồng nhau quá sâu"


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

    Order: a BOM decides (UTF-8, UTF-16 LE/BE); without a BOM, NUL bytes mean UTF-16 only in
    the pattern UTF-16 makes (``_utf16_without_bom``); then strict UTF-8; otherwise
    Windows-1258. A NUL left in the text (a stray byte in a UTF-8 file) is refused naming its
    line and position: none of the public files may hold one.
    """
    if raw.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = _utf16_without_bom(raw[:UTF16_SAMPLE]) or "utf-8"
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
    if "\x00" in text:
        _refuse_nul(text, source)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text, encoding


UTF16_SAMPLE = 1024  # bytes looked at to tell UTF-16 without a BOM


def _utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le`` / ``-be`` when ``head`` looks like UTF-16 text, else ``None``.

    Text in UTF-16 (CSV, YAML, JSON: mostly ASCII punctuation, digits and letters) has a NUL
    as the high byte of most characters, so most bytes on one side (odd offsets for LE, even
    for BE) are NUL. A stray NUL or two in a UTF-8 file does not make that pattern.
    """
    if b"\x00" not in head:
        return None
    odd, even = head[1::2].count(0), head[0::2].count(0)
    half = max(1, len(head) // 2)
    if odd >= even and odd * 2 >= half:
        return "utf-16-le"
    if even > odd and even * 2 >= half:
        return "utf-16-be"
    return None


def _refuse_nul(text: str, source: str) -> None:
    at = text.index("\x00")
    row = text.count("\n", 0, at) + 1
    position = at - (text.rfind("\n", 0, at) + 1) + 1
    raise InputError(
        f"có byte NUL (U+0000) ở ký tự thứ {position} của dòng: tệp bị hỏng hoặc bị sửa bằng "
        "chương trình không phải trình soạn văn bản; hãy xóa ký tự đó",
        Location(file=source, row=row),
    )


def parse_json(text: str, source: str, *, expected: str | None = None) -> Any:
    """The data of JSON ``text`` from the file ``source``.

    Invalid JSON is an ``InputError`` naming the line and the column; ``expected`` names the kind
    of file wanted ("tệp kết quả kiểm phiếu"), so the message says the file is not one. Input
    nested too deeply for the parser is refused the same way rather than crashing.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        problem, row = f"JSON không hợp lệ: {exc.msg}, cột {exc.colno}", exc.lineno
    except RecursionError:
        problem, row = f"JSON không hợp lệ: {TOO_DEEP}", None
    if expected:
        problem = f"không phải {expected} ({problem})"
    raise InputError(problem, Location(file=source, row=row))


def read_json(path: str | os.PathLike[str], *, expected: str | None = None) -> Any:
    """The data of the JSON file ``path`` (see ``parse_json``)."""
    source = str(path)
    text, _ = decode_text(read_bytes(path), source)
    return parse_json(text, source, expected=expected)


class _Loader(yaml.SafeLoader):
    """YAML's safe loader, with dates kept as the text written: an unquoted ``2025-13-45``
    would otherwise be a ``ValueError`` inside the loader, naming no field. The election
    parser checks a date where it expects one (``meeting.date``) and names the field."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_data(path: str | os.PathLike[str]) -> Any:
    """Parse a YAML or JSON file (JSON for ``.json``) with errors naming file and line."""
    source = str(path)
    text, _ = decode_text(read_bytes(path), source)
    if Path(path).suffix.lower() == ".json":
        return parse_json(text, source)
    try:
        return yaml.load(text, Loader=_Loader)  # a SafeLoader (below)
    except RecursionError:
        raise InputError(f"YAML không hợp lệ: {TOO_DEEP}", Location(file=source)) from None
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, source) from None


def _yaml_error(exc: yaml.YAMLError, source: str) -> InputError:
    """The refusal of YAML the parser could not read, at the line that needs the fix.

    For a bracket (``[``, ``{``) or a quote left open the parser notices at the next line it
    cannot fit in, often far below: the line named is the one where it was opened
    (``context_mark``), the line where the parser stopped is said too. Otherwise the line is
    where the problem is (``problem_mark``).
    """
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    context = getattr(exc, "context", None) or ""
    problem = getattr(exc, "problem", None) or "cú pháp sai"
    opened = {
        "flow sequence": "dấu “[”",
        "flow mapping": "dấu “{”",
        "quoted scalar": "dấu ngoặc kép",
    }
    for kind, what in opened.items():
        if kind in context and context_mark is not None:
            stopped = f" (bộ đọc dừng ở dòng {problem_mark.line + 1})" if problem_mark else ""
            return InputError(
                f"YAML không hợp lệ: {what} mở ở cột {context_mark.column + 1} chưa được đóng"
                f"{stopped}: {problem}",
                Location(file=source, row=context_mark.line + 1),
            )
    return InputError(
        f"YAML không hợp lệ: {problem}",
        Location(file=source, row=problem_mark.line + 1 if problem_mark is not None else None),
    )


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
    return result_from_dict(read_json(path, expected=RESULTS_FILE), str(path))


def results_json(result: Result) -> bytes:
    """The results JSON bytes of ``result`` (UTF-8, readable Vietnamese, final newline)."""
    text = json.dumps(result_to_dict(result), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def write_results(path: str | os.PathLike[str], result: Result) -> None:
    """Write the results JSON of ``result`` to ``path`` atomically."""
    write_atomic(path, results_json(result))
