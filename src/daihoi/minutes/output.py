"""Reading a results file for the minutes and writing the minutes' documents.

Every document is rendered in memory first; only then is each written, through a temporary file
in the same folder and ``os.replace``, so a reader never sees half a PDF, and a failure (bad
input, a renderer error, a full disk) leaves no file behind.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from daihoi.engine.errors import InputError, Location
from daihoi.engine.results import result_from_dict
from daihoi.minutes.docx import render_docx
from daihoi.minutes.model import Minutes, minutes_from_results
from daihoi.minutes.pdf import render_pdf

# The extension keys result_from_dict needs to rebuild the election.
ENGINE_KEYS = ("title", "body", "seats")


def read_results_json(path: Path) -> Any:
    """The parsed JSON of a results file; ``InputError`` (with line and column) if it is not."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError("không tìm thấy tệp", Location(file=name)) from None
    except IsADirectoryError:
        raise InputError("đây là thư mục, không phải tệp kết quả", Location(file=name)) from None
    except OSError as exc:
        raise InputError(f"không đọc được tệp ({exc.strerror})", Location(file=name)) from None
    try:
        text = raw.decode("utf-8-sig")  # a BOM from a Windows editor is harmless
    except UnicodeDecodeError as exc:
        raise InputError(
            f"tệp không phải văn bản UTF-8 (byte thứ {exc.start + 1})", Location(file=name)
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"không phải JSON hợp lệ: {exc.msg} (cột {exc.colno})",
            Location(file=name, row=exc.lineno),
        ) from None


def read_results_for_minutes(path: Path) -> Minutes:
    """Read a results file and build its minutes.

    A file written by the counting engine (it has the extension keys) is first read back by the
    engine itself, which refuses one whose numbers do not add up; a file with only the keys of
    ``formats.md`` (an outside tool's) is checked by the minutes' own reader.
    """
    data = read_results_json(path)
    if isinstance(data, Mapping) and all(key in data for key in ENGINE_KEYS):
        result_from_dict(data, str(path))
    return minutes_from_results(data, source=str(path))


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that it appears whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_minutes(minutes: Minutes, *, pdf: Path | None, docx: Path | None) -> list[Path]:
    """Render the asked-for documents, then write them; return the paths written."""
    for target in (pdf, docx):
        if target is not None and target.is_dir():
            raise InputError("đây là thư mục; hãy cho tên tệp", Location(file=str(target)))
    rendered: list[tuple[Path, bytes]] = []
    if pdf is not None:
        rendered.append((pdf, render_pdf(minutes)))
    if docx is not None:
        rendered.append((docx, render_docx(minutes)))
    for target, data in rendered:
        write_atomically(target, data)
    return [target for target, _ in rendered]
