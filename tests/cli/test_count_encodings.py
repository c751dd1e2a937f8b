"""Ballots CSV files as Excel saves them: UTF-8 with BOM, UTF-16 "Unicode text" (tabs),
Windows-1258 "CSV" on Vietnamese Windows; all count the same as plain UTF-8."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from daihoi.engine.election import parse_election
from daihoi.files import decode_text, parse_ballots
from tests.cli.test_count_helpers import ELECTION, cp1258_bytes, csv_text, run, write


@pytest.fixture
def election(tmp_path: Path) -> Path:
    return write(tmp_path / "chibo.yaml", ELECTION)


def count(capsys, tmp_path: Path, election: Path, ballots: Path) -> dict:
    out_file = tmp_path / f"{ballots.stem}.json"
    code, _, err = run(["count", "tally", election, ballots, "-o", out_file], capsys)
    assert code == 0, err
    return json.loads(out_file.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("utf8-bom", lambda: b"\xef\xbb\xbf" + csv_text(end="\r\n").encode("utf-8")),
        ("utf16-le", lambda: b"\xff\xfe" + csv_text(sep="\t", end="\r\n").encode("utf-16-le")),
        ("utf16-be", lambda: b"\xfe\xff" + csv_text(sep="\t", end="\r\n").encode("utf-16-be")),
        ("cp1258", lambda: cp1258_bytes(csv_text(end="\r\n"))),
        ("semicolons", lambda: csv_text(sep=";").encode("utf-8")),
        ("decomposed", lambda: unicodedata.normalize("NFD", csv_text()).encode("utf-8")),
    ],
)
def test_excel_files_count_like_plain_utf8(tmp_path, election, capsys, name, raw):
    plain = count(capsys, tmp_path, election, write(tmp_path / "plain.csv", csv_text()))
    other = tmp_path / f"{name}.csv"
    other.write_bytes(raw())
    assert count(capsys, tmp_path, election, other) == plain


def test_windows_1258_really_stores_tones_as_combining_marks():
    raw = cp1258_bytes("Nguyễn")
    assert raw.decode("cp1258") != "Nguyễn"  # decomposed on disk
    assert decode_text(raw, "x.csv") == ("Nguyễn", "cp1258")


def test_bytes_that_are_no_known_encoding_are_refused(tmp_path, election, capsys):
    ballots = tmp_path / "p.csv"
    ballots.write_bytes(csv_text().encode("utf-8") + b"\x81\x8a\x8d\x8e\x8f")
    code, _, err = run(["count", "tally", election, ballots], capsys)
    assert code == 2
    assert "bảng mã" in err or "dòng" in err


def test_the_fast_and_the_careful_parser_agree():
    election = parse_election(
        {
            "id": "e",
            "title": "T",
            "body": "committee",
            "seats": 2,
            "rules": "state",
            "candidates": ["A An", "B Bình", "C Cúc"],
        },
        "e.yaml",
    )
    text = "ballot,A An,B Bình,C Cúc,invalid\n1,x,,,\n2,X,1,0,\n3,,,x,other_marks\n\n4,,x,x\n"
    quoted = text.replace("1,x", '"1",x')  # a quote sends the file down the csv path
    fast, careful = parse_ballots(text, election, "a"), parse_ballots(quoted, election, "b")
    assert (fast.ids, fast.rows, dict(fast.rulings)) == (
        careful.ids,
        careful.rows,
        dict(careful.rulings),
    )
    assert list(fast.rows) == ["SKK", "SSK", "KKS", "KSS"]
    assert dict(fast.rulings) == {2: "other_marks"}
