"""`daihoi count tally`: the table, the results JSON, double entry, a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_count_helpers import (
    AN,
    BALLOTS,
    BINH,
    DUC,
    ELECTION,
    EXAMPLES,
    csv_text,
    run,
    write,
)


@pytest.fixture
def election(tmp_path: Path) -> Path:
    return write(tmp_path / "chibo.yaml", ELECTION)


def test_it_counts_prints_the_table_and_writes_the_results(tmp_path, election, capsys):
    ballots = write(tmp_path / "phieu.csv", csv_text())
    out_file = tmp_path / "ketqua.json"
    code, out, err = run(["count", "tally", election, ballots, "-o", out_file], capsys)
    assert (code, err) == (0, "")
    assert "Bầu Chi ủy Chi bộ 3" in out
    assert "Số phiếu thu vào: 11; hợp lệ: 11; không hợp lệ: 0" in out
    assert "Quá bán: cần ít nhất 6 phiếu" in out
    assert "Kết quả: Đã bầu đủ số lượng" in out
    assert out.index(AN) < out.index(BINH) < out.index(DUC)  # ballot order
    data = json.loads(out_file.read_text(encoding="utf-8"))
    assert data["elected"] == [AN, DUC]
    assert {c["name"]: (c["votes"], c["percent"], c["status"]) for c in data["candidates"]} == {
        AN: (6, "54.55", "elected"),
        BINH: (5, "45.45", "not_elected"),
        DUC: (6, "54.55", "elected"),
    }
    assert data["threshold"]["votes_needed"] == 6


def test_a_header_only_file_is_a_count_of_no_ballots(tmp_path, election, capsys):
    ballots = write(tmp_path / "phieu.csv", csv_text(rows=[]))
    out_file = tmp_path / "ketqua.json"
    code, _, _ = run(["count", "tally", election, ballots, "-o", out_file], capsys)
    assert code == 0
    data = json.loads(out_file.read_text(encoding="utf-8"))
    assert data["ballots"]["counted"] == 0
    assert data["outcome"] == "short" and data["seats_unfilled"] == 2


def test_committee_rulings_and_other_spellings_are_read(tmp_path, election, capsys):
    rows = [(*row, "") for row in BALLOTS]
    rows[0] = ("001", "X", " 1 ", "0", "")
    rows[1] = ("002", "", "", "x", "not_issued")
    ballots = write(tmp_path / "phieu.csv", csv_text(rows, ("ballot", AN, BINH, DUC, "invalid")))
    out_file = tmp_path / "ketqua.json"
    assert run(["count", "tally", election, ballots, "-o", out_file], capsys)[0] == 0
    data = json.loads(out_file.read_text(encoding="utf-8"))
    assert data["ballots"]["invalid_reasons"] == {"not_issued": 1}
    assert data["candidates"][0]["votes"] == 4


def test_columns_in_any_order_and_quoted_cells_count_the_same(tmp_path, election, capsys):
    plain = write(tmp_path / "a.csv", csv_text())
    # Đức first, the ballot id second and quoted: the careful csv path reads this file.
    reordered_rows = [(r[3], f'"{r[0]}"', r[1], r[2]) for r in BALLOTS]
    reordered = write(tmp_path / "b.csv", csv_text(reordered_rows, (DUC, "ballot", AN, BINH)))
    out_a, out_b = tmp_path / "a.json", tmp_path / "b.json"
    assert run(["count", "tally", election, plain, "-o", out_a], capsys)[0] == 0
    assert run(["count", "tally", election, reordered, "-o", out_b], capsys)[0] == 0
    assert json.loads(out_a.read_text()) == json.loads(out_b.read_text())


def test_double_entry_that_agrees_is_counted(tmp_path, election, capsys):
    first = write(tmp_path / "may1.csv", csv_text())
    second = write(tmp_path / "may2.csv", csv_text(list(reversed(BALLOTS))))
    code, out, _ = run(["count", "tally", election, first, "--verify", second], capsys)
    assert code == 0
    assert "Kết quả: Đã bầu đủ số lượng" in out


def test_double_entry_that_differs_lists_every_ballot_and_announces_nothing(
    tmp_path, election, capsys
):
    first = write(tmp_path / "may1.csv", csv_text())
    changed = list(BALLOTS)
    changed[5] = ("006", "", "", "")  # Bình kept on machine 2, struck on machine 1
    changed[9] = ("010", "", "x", "")
    del changed[10]  # ballot 011 missing on machine 2
    second = write(tmp_path / "may2.csv", csv_text(changed))
    third = write(tmp_path / "may3.csv", csv_text())
    out_file = tmp_path / "ketqua.json"
    code, out, err = run(
        ["count", "tally", election, first, "--verify", second, "--verify", third, "-o", out_file],
        capsys,
    )
    assert code == 2
    assert not out_file.exists()
    assert "Kết quả" not in out
    assert f"Phiếu “006”, cột “{BINH}”: {first}: “x”; {second}: “”; {third}: “x”" in err
    assert f"Phiếu “010”, cột “{AN}”: {first}: “x”; {second}: “”; {third}: “x”" in err
    assert f"Phiếu “011”: không có trong {second}" in err
    assert "3 phiếu khác nhau" in err


def test_a_tie_is_a_result_not_a_failure(tmp_path, capsys):
    results = tmp_path / "daibieu.json"
    code, out, _ = run(
        [
            "count",
            "tally",
            EXAMPLES / "q1-daibieu-2025.yaml",
            EXAMPLES / "q1-daibieu-2025-ballots.csv",
            "-o",
            results,
        ],
        capsys,
    )
    assert code == 0
    assert "Bằng phiếu, phải bầu lại cho 1 chỗ chính thức và 1 chỗ dự khuyết" in out
    data = json.loads(results.read_text(encoding="utf-8"))
    assert data["outcome"] == "tie"
    assert data["tied"] == ["Lê Thị Hạnh", "Phạm Văn Hùng"]


@pytest.mark.parametrize(
    ("name", "elected"),
    [
        (
            "q1-bch-2025",
            [
                "Nguyễn Văn An (1970)",
                "Võ Thị Anh",
                "Hoàng Minh Ánh",
                "Trần Thị Bình",
                "Nguyễn Văn An (1982)",
            ],
        ),
        ("q1-bithu-2025", ["Trần Thị Bình"]),
        ("doan-bch-2025", ["Nguyễn Hoàng Yến", "Trần Minh Khôi"]),
    ],
)
def test_the_examples_count_as_the_docs_say(tmp_path, capsys, name, elected):
    results = tmp_path / "r.json"
    code, _, _ = run(
        [
            "count",
            "tally",
            EXAMPLES / f"{name}.yaml",
            EXAMPLES / f"{name}-ballots.csv",
            "-o",
            results,
        ],
        capsys,
    )
    assert code == 0
    assert json.loads(results.read_text(encoding="utf-8"))["elected"] == elected


def test_the_installed_command_runs_as_a_subprocess(tmp_path, election):
    ballots = write(tmp_path / "phieu.csv", csv_text())
    bad = write(tmp_path / "hong.csv", csv_text([("001", "", "z", "")]))
    out_file = tmp_path / "ketqua.json"
    command = [sys.executable, "-m", "daihoi.cli.main", "count", "tally", str(election)]
    done = subprocess.run(
        [*command, str(ballots), "-o", str(out_file)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(out_file.read_text(encoding="utf-8"))["elected"] == [AN, DUC]
    failed = subprocess.run(
        [*command, str(bad)], capture_output=True, text=True, encoding="utf-8", check=False
    )
    assert failed.returncode == 2
    assert f"{bad}, dòng 2, cột “{BINH}”" in failed.stderr
