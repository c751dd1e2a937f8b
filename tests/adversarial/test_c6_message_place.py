"""Class 6: the message must point to the right place — file, row, column — and be readable.

A NUL byte in a UTF-8 CSV is one bad byte on one row, not a sign of UTF-16; an unterminated
quote is an error where it opens, not at the end of the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from .conftest import assert_refused, daihoi

CJK = re.compile("[\u3400-\u9fff\uac00-\ud7af]")  # what UTF-8 read as UTF-16 looks like


def rows_changed(folder: Path, name: str, change: Callable[[list[bytes]], None]) -> str:
    rows = (folder / "b.csv").read_bytes().split(b"\n")
    change(rows)
    (folder / name).write_bytes(b"\n".join(rows))
    return name


def at_row(run: object, n: int) -> None:
    out = getattr(run, "out", "")
    assert re.search(rf"dòng {n}(?!\d)", out), f"row {n} is not named\n{run}"


def readable(out: str) -> None:
    assert not CJK.search(out), f"the file was read as UTF-16: {out[:300]!r}"


def test_nul_in_a_ballot_row(bch: Path) -> None:
    name = rows_changed(bch, "nul.csv", lambda r: r.__setitem__(3, r[3].replace(b",x", b",x\0", 1)))
    run = daihoi("count", "tally", "e.yaml", name, cwd=bch)
    readable(run.out)
    assert_refused(run, name)
    at_row(run, 4)


def test_nul_at_end_of_row(bch: Path) -> None:
    name = rows_changed(bch, "nul.csv", lambda r: r.__setitem__(8, r[8] + b"\0"))
    run = daihoi("count", "tally", "e.yaml", name, cwd=bch)
    readable(run.out)
    assert_refused(run, name)
    at_row(run, 9)


def test_nul_in_header(bch: Path) -> None:
    name = rows_changed(
        bch, "nul.csv", lambda r: r.__setitem__(0, r[0].replace(b"ballot", b"bal\0lot"))
    )
    run = daihoi("count", "tally", "e.yaml", name, cwd=bch)
    readable(run.out)
    assert_refused(run, name)
    at_row(run, 1)


def test_nul_in_decisions(scanned: Path) -> None:
    (scanned / "dn.csv").write_bytes(b"source,page,decision,struck,reason\nc.png,1,inv\0alid,,\n")
    run = daihoi("count", "resolve", "s.json", "dn.csv", "-o", "x.json", cwd=scanned)
    readable(run.out)
    assert_refused(run, "dn.csv")
    at_row(run, 2)


def test_unterminated_quote_row_3(bch: Path) -> None:
    name = rows_changed(bch, "q.csv", lambda r: r.__setitem__(2, r[2].replace(b",,", b',"x,', 1)))
    run = daihoi("count", "tally", "e.yaml", name, cwd=bch)
    assert_refused(run, name)
    at_row(run, 3)


def test_quote_spanning_lines_row_3(bch: Path) -> None:
    name = rows_changed(bch, "q.csv", lambda r: r.__setitem__(2, r[2].replace(b",,", b',"x\n', 1)))
    run = daihoi("count", "tally", "e.yaml", name, cwd=bch)
    assert_refused(run, name)
    at_row(run, 3)


def test_yaml_unclosed_bracket_line(bch: Path) -> None:
    lines = (bch / "e.yaml").read_text(encoding="utf-8").split("\n")
    at = lines.index("seats: 5")
    lines[at] = "seats: [5"
    (bch / "y.yaml").write_text("\n".join(lines), encoding="utf-8")
    run = daihoi("count", "tally", "y.yaml", "b.csv", cwd=bch)
    assert_refused(run, "y.yaml")
    at_row(run, at + 1)


def test_bad_cell_named(bch: Path) -> None:
    """Control: a `?` in a cell names row 5 and the candidate's column."""
    name = rows_changed(bch, "c.csv", lambda r: r.__setitem__(4, r[4].replace(b",x", b",?", 1)))
    assert_refused(
        daihoi("count", "tally", "e.yaml", name, cwd=bch), name, "dòng 5", "Nguyễn Văn An (1982)"
    )


def test_duplicate_ballot_id_named(bch: Path) -> None:
    """Control (nothing counted twice): a ballot id repeated on row 6 names both rows."""
    name = rows_changed(bch, "d.csv", lambda r: r.__setitem__(5, r[4]))
    assert_refused(daihoi("count", "tally", "e.yaml", name, cwd=bch), name, "dòng 6", "dòng 5")


def test_extra_cell_named(bch: Path) -> None:
    """Control: one cell too many on row 7 names row 7."""
    name = rows_changed(bch, "x.csv", lambda r: r.__setitem__(6, r[6] + b",x"))
    assert_refused(daihoi("count", "tally", "e.yaml", name, cwd=bch), name, "dòng 7")


def test_utf16_file_is_refused_or_read_right(bch: Path) -> None:
    """Control: a real UTF-16 file (Excel's 'Unicode text', with its BOM) is either refused
    with a message naming UTF-16, or counted exactly as the UTF-8 file."""
    text = (bch / "b.csv").read_text(encoding="utf-8")
    (bch / "u.csv").write_bytes(text.encode("utf-16"))
    run = daihoi("count", "tally", "e.yaml", "u.csv", "-o", "u.json", cwd=bch)
    readable(run.out)
    if run.returncode == 0:
        utf8 = json.loads((bch / "r.json").read_text(encoding="utf-8"))
        utf16 = json.loads((bch / "u.json").read_text(encoding="utf-8"))
        for key in ("ballots", "candidates", "elected"):
            assert utf16[key] == utf8[key], key
    else:
        assert_refused(run, "u.csv", "UTF-16")
