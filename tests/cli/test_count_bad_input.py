"""Bad input to `daihoi count`: exit status 2, a message naming file, row and column, and no
output written (outputs appear whole or not at all)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_count_helpers import (
    AN,
    BALLOTS,
    BINH,
    DUC,
    ELECTION,
    csv_text,
    run,
    write,
)


@pytest.fixture
def election(tmp_path: Path) -> Path:
    return write(tmp_path / "chibo.yaml", ELECTION)


def refused(capsys, tmp_path: Path, args: list, *expected: str) -> str:
    out_file = tmp_path / "ketqua.json"
    out_file.write_text("kết quả cũ", encoding="utf-8")
    code, _, err = run([*args, "-o", out_file], capsys)
    assert code == 2, err
    for part in expected:
        assert part in err, err
    assert out_file.read_text(encoding="utf-8") == "kết quả cũ"  # untouched
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    return err


def test_an_unknown_candidate_column_is_named(tmp_path, election, capsys):
    ballots = write(tmp_path / "p.csv", csv_text(header=("ballot", AN, BINH, "Lê Văn Đực")))
    refused(
        capsys,
        tmp_path,
        ["count", "tally", election, ballots],
        f"{ballots}, dòng 1, cột “Lê Văn Đực”",
        "không phải ứng cử viên",
    )


def test_a_column_differing_only_in_case_gets_a_hint(tmp_path, election, capsys):
    ballots = write(tmp_path / "p.csv", csv_text(header=("ballot", AN, BINH, "LÊ VĂN ĐỨC")))
    refused(capsys, tmp_path, ["count", "tally", election, ballots], f"có phải “{DUC}”?")


def test_a_missing_candidate_column_is_named(tmp_path, election, capsys):
    rows = [row[:3] for row in BALLOTS]
    ballots = write(tmp_path / "p.csv", csv_text(rows, header=("ballot", AN, BINH)))
    refused(
        capsys,
        tmp_path,
        ["count", "tally", election, ballots],
        f"{ballots}, dòng 1, cột “{DUC}”",
        "thiếu cột",
    )


def test_a_missing_ballot_column_is_named(tmp_path, election, capsys):
    rows = [row[1:] for row in BALLOTS]
    ballots = write(tmp_path / "p.csv", csv_text(rows, header=(AN, BINH, DUC)))
    refused(
        capsys, tmp_path, ["count", "tally", election, ballots], f"{ballots}, dòng 1, cột “ballot”"
    )


def test_a_bad_cell_value_is_named_by_row_and_column(tmp_path, election, capsys):
    rows = list(BALLOTS)
    rows[3] = ("004", "", "v", "x")
    ballots = write(tmp_path / "p.csv", csv_text(rows))
    refused(
        capsys,
        tmp_path,
        ["count", "tally", election, ballots],
        f"{ballots}, dòng 5, cột “{BINH}”",
        "“v”",
    )


def test_an_approve_mark_on_a_strike_ballot_is_a_bad_value(tmp_path, election, capsys):
    rows = list(BALLOTS)
    rows[0] = ("001", "y", "", "x")
    ballots = write(tmp_path / "p.csv", csv_text(rows))
    refused(capsys, tmp_path, ["count", "tally", election, ballots], f"dòng 2, cột “{AN}”")


def test_a_duplicate_ballot_id_is_named_with_both_rows(tmp_path, election, capsys):
    rows = list(BALLOTS)
    rows[6] = ("003", *rows[6][1:])
    ballots = write(tmp_path / "p.csv", csv_text(rows))
    refused(
        capsys,
        tmp_path,
        ["count", "tally", election, ballots],
        f"{ballots}, dòng 8, cột “ballot”",
        "“003” lặp lại (đã có ở dòng 4)",
    )


def test_rows_after_blank_lines_keep_their_real_row_numbers(tmp_path, election, capsys):
    text = csv_text(BALLOTS[:2]) + "\n,,,\n" + "002,,,x\n"
    ballots = write(tmp_path / "p.csv", text)
    refused(
        capsys,
        tmp_path,
        ["count", "tally", election, ballots],
        f"{ballots}, dòng 6, cột “ballot”",
        "đã có ở dòng 3",
    )


def test_a_missing_ballot_id_is_refused(tmp_path, election, capsys):
    rows = list(BALLOTS)
    rows[2] = ("", "", "", "x")
    ballots = write(tmp_path / "p.csv", csv_text(rows))
    refused(
        capsys,
        tmp_path,
        ["count", "tally", election, ballots],
        f"{ballots}, dòng 4, cột “ballot”",
        "thiếu mã phiếu",
    )


def test_a_short_row_is_refused(tmp_path, election, capsys):
    rows = list(BALLOTS)
    rows[1] = ("002", "")
    ballots = write(tmp_path / "p.csv", csv_text(rows))
    refused(
        capsys, tmp_path, ["count", "tally", election, ballots], f"{ballots}, dòng 3, cột “{BINH}”"
    )


def test_an_unknown_invalid_reason_is_refused(tmp_path, election, capsys):
    rows = [(*row, "") for row in BALLOTS]
    rows[4] = ("005", "", "", "x", "rách")
    ballots = write(tmp_path / "p.csv", csv_text(rows, ("ballot", AN, BINH, DUC, "invalid")))
    refused(
        capsys,
        tmp_path,
        ["count", "tally", election, ballots],
        f"{ballots}, dòng 6, cột “invalid”",
        "rách",
    )


@pytest.mark.parametrize("content", [b"", b"   \n\n", "\ufeff".encode()])
def test_an_empty_file_is_refused(tmp_path, election, capsys, content):
    ballots = tmp_path / "p.csv"
    ballots.write_bytes(content)
    refused(
        capsys, tmp_path, ["count", "tally", election, ballots], f"{ballots}, dòng 1", "tệp rỗng"
    )


def test_a_missing_file_is_refused(tmp_path, election, capsys):
    refused(
        capsys,
        tmp_path,
        ["count", "tally", election, tmp_path / "khong-co.csv"],
        "khong-co.csv: không tìm thấy tệp",
    )


def test_more_ballots_than_the_electorate_is_refused(tmp_path, election, capsys):
    rows = [*BALLOTS, ("012", "", "x", "")]
    ballots = write(tmp_path / "p.csv", csv_text(rows))
    refused(
        capsys,
        tmp_path,
        ["count", "tally", election, ballots],
        f"{election}, trường “electorate”",
        "12",
        "11",
    )


def test_an_election_file_with_a_yaml_error_names_the_line(tmp_path, capsys):
    election = write(tmp_path / "hong.yaml", ELECTION.replace("seats: 2", "seats: [2"))
    ballots = write(tmp_path / "p.csv", csv_text())
    refused(capsys, tmp_path, ["count", "tally", election, ballots], f"{election}, dòng")


def test_an_election_file_with_an_unknown_field_names_it(tmp_path, capsys):
    election = write(tmp_path / "e.yaml", ELECTION + "chairman: Lê Văn Hùng\n")
    ballots = write(tmp_path / "p.csv", csv_text())
    refused(
        capsys, tmp_path, ["count", "tally", election, ballots], f"{election}, trường “chairman”"
    )


def test_an_election_given_as_json_is_read_too(tmp_path, capsys):
    election = write(
        tmp_path / "e.json",
        json.dumps(
            {
                "id": "chi-bo-3",
                "title": "Bầu Chi ủy",
                "body": "committee",
                "seats": 2,
                "rules": "party",
                "electorate": 11,
                "candidates": [AN, BINH, DUC],
            },
            ensure_ascii=False,
        ),
    )
    ballots = write(tmp_path / "p.csv", csv_text())
    assert run(["count", "tally", election, ballots], capsys)[0] == 0
    write(tmp_path / "bad.json", '{"id": "x",')
    code, _, err = run(["count", "tally", tmp_path / "bad.json", ballots], capsys)
    assert code == 2 and "bad.json, dòng 1" in err


def test_trailing_blank_rows_as_excel_leaves_them_are_ignored(tmp_path, election, capsys):
    ballots = write(tmp_path / "p.csv", csv_text() + ",,,\n\n,,,\n")
    out_file = tmp_path / "ketqua.json"
    code, _, err = run(["count", "tally", election, ballots, "-o", out_file], capsys)
    assert (code, err) == (0, "")
    assert json.loads(out_file.read_text(encoding="utf-8"))["ballots"]["counted"] == 11
