"""Reading a results file for the minutes and writing the minutes' documents.

Every document is rendered in memory first; only then is each written with
``daihoi.files.write_atomic`` (a temporary file in the same folder, then ``os.replace``), so a
reader never sees half a PDF, and a failure (bad input, a renderer error, a full disk) leaves no
half-written file behind.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from daihoi.engine.errors import InputError, Location
from daihoi.engine.results import result_from_dict
from daihoi.engine.resultsfile import read_results_file
from daihoi.files import RESULTS_FILE, read_json, write_atomic
from daihoi.minutes.docx import render_docx
from daihoi.minutes.model import Minutes, word_minutes
from daihoi.minutes.pdf import render_pdf

# The extension keys result_from_dict needs to rebuild the election.
ENGINE_KEYS = ("title", "body", "seats")


def read_results_json(path: Path) -> Any:
    """The parsed JSON of a results file; ``InputError`` (with line and column) if it is not JSON."""
    return read_json(path, expected=RESULTS_FILE)


def read_results_for_minutes(path: Path) -> Minutes:
    """Read a results file and build its minutes.

    Every file is read by the engine's one reader of results files (``read_results_file``). A
    file the counting engine wrote (it has the extension keys) is also rebuilt into a ``Result``,
    which refuses one whose numbers do not add up; a file with only the keys of ``formats.md``
    (an outside tool's) cannot be, and its minutes say only what it states.
    """
    source = str(path)
    data = read_results_json(path)
    stated = read_results_file(data, source)
    if all(key in data for key in ENGINE_KEYS):
        result_from_dict(data, source)
    return word_minutes(stated)


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
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data)
    return [target for target, _ in rendered]
