"""`daihoi count next-round`: the next round's election file, and its refusals."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.cli.test_count_helpers import EXAMPLES, run, write

HANH, HUNG = "Lê Thị Hạnh", "Phạm Văn Hùng"


def tally(capsys, election: Path, ballots: Path, out: Path) -> dict:
    code, _, err = run(["count", "tally", election, ballots, "-o", out], capsys)
    assert code == 0, err
    return json.loads(out.read_text(encoding="utf-8"))


def test_delegates_tied_in_round_one_are_elected_in_round_two(tmp_path, capsys):
    round1 = tmp_path / "vong1.json"
    tally(
        capsys, EXAMPLES / "q1-daibieu-2025.yaml", EXAMPLES / "q1-daibieu-2025-ballots.csv", round1
    )
    round2_file = tmp_path / "vong2.yaml"
    code, out, err = run(["count", "next-round", round1, "-o", round2_file], capsys)
    assert (code, err) == (0, "")
    assert "Vòng 2: bầu 2 chỗ trong 2 người" in out
    text = round2_file.read_text(encoding="utf-8")
    assert text.startswith("# Vòng bầu thứ 2")
    data = yaml.safe_load(text)
    assert data["round"] == 2
    assert (data["seats"], data["alternates"]) == (1, 1)
    assert data["candidates"] == [HANH, HUNG]
    assert [e["name"] for e in data["elected_before"]] == ["Nguyễn Thị Hà", "Trần Quốc Hải"]

    # Round 2 uses the đồng ý / không đồng ý form: two names for two places.
    rows = ["ballot," + HANH + "," + HUNG]
    rows += [f"{i:03d},y,y" for i in range(1, 17)] + [f"{i:03d},y,n" for i in range(17, 23)]
    ballots = write(tmp_path / "vong2.csv", "\n".join(rows) + "\n")
    final = tally(capsys, round2_file, ballots, tmp_path / "vong2.json")
    assert final["outcome"] == "complete"
    assert final["form"] == "approve"
    assert final["elected"] == ["Nguyễn Thị Hà", "Trần Quốc Hải", HANH]
    assert final["alternates"] == [HUNG]
    assert final["rounds"] == [
        {"round": 1, "elected": ["Nguyễn Thị Hà", "Trần Quốc Hải"], "alternates": []},
        {"round": 2, "elected": [HANH], "alternates": [HUNG]},
    ]


def test_without_output_the_yaml_goes_to_the_terminal(tmp_path, capsys):
    round1 = tmp_path / "doan.json"
    tally(capsys, EXAMPLES / "doan-bch-2025.yaml", EXAMPLES / "doan-bch-2025-ballots.csv", round1)
    code, out, _ = run(["count", "next-round", round1], capsys)
    assert code == 0
    assert "seats: 1" in out and "- Lê Thu Trang" in out and "rules: youth_union" in out


def test_a_results_file_from_another_election_is_refused(tmp_path, capsys):
    round1 = tmp_path / "doan.json"
    tally(capsys, EXAMPLES / "doan-bch-2025.yaml", EXAMPLES / "doan-bch-2025-ballots.csv", round1)
    out_file = tmp_path / "vong2.yaml"
    code, _, err = run(
        [
            "count",
            "next-round",
            round1,
            "--election",
            EXAMPLES / "q1-bch-2025.yaml",
            "-o",
            out_file,
        ],
        capsys,
    )
    assert code == 2
    assert f"{round1}, trường “election”" in err
    assert "doan-bch-2025" in err and "q1-bch-2025" in err
    assert not out_file.exists()


def test_the_matching_election_file_is_accepted(tmp_path, capsys):
    round1 = tmp_path / "doan.json"
    tally(capsys, EXAMPLES / "doan-bch-2025.yaml", EXAMPLES / "doan-bch-2025-ballots.csv", round1)
    code, _, err = run(
        [
            "count",
            "next-round",
            round1,
            "--election",
            EXAMPLES / "doan-bch-2025.yaml",
            "-o",
            tmp_path / "v2.yaml",
        ],
        capsys,
    )
    assert (code, err) == (0, "")


def test_a_complete_result_has_no_next_round(tmp_path, capsys):
    results = tmp_path / "bch.json"
    tally(capsys, EXAMPLES / "q1-bch-2025.yaml", EXAMPLES / "q1-bch-2025-ballots.csv", results)
    code, _, err = run(["count", "next-round", results, "-o", tmp_path / "v2.yaml"], capsys)
    assert code == 2
    assert f"{results}, trường “outcome”: đã bầu đủ số lượng" in err
    assert not (tmp_path / "v2.yaml").exists()


def test_the_youth_union_has_no_third_round(tmp_path, capsys):
    round1 = tmp_path / "doan.json"
    tally(capsys, EXAMPLES / "doan-bch-2025.yaml", EXAMPLES / "doan-bch-2025-ballots.csv", round1)
    round2 = tmp_path / "doan2.yaml"
    assert run(["count", "next-round", round1, "-o", round2], capsys)[0] == 0
    ballots = write(tmp_path / "doan2.csv", "ballot,Võ Đức Thịnh,Lê Thu Trang\n1,,x\n2,x,\n3,x,x\n")
    results2 = tmp_path / "doan2.json"
    assert tally(capsys, round2, ballots, results2)["outcome"] == "short"
    code, _, err = run(["count", "next-round", results2], capsys)
    assert code == 2
    assert "tối đa 2 vòng bầu" in err and "trường “round”" in err


def test_files_that_are_not_results_are_refused(tmp_path, capsys):
    cases = {
        "bau.json": json.dumps({"id": "x", "title": "Bầu", "candidates": ["A"]}),
        "list.json": "[1, 2, 3]",
        "text.json": "đây không phải JSON",
    }
    for name, content in cases.items():
        path = write(tmp_path / name, content)
        code, _, err = run(["count", "next-round", path], capsys)
        assert code == 2, name
        assert str(path) in err
        assert "không phải tệp kết quả kiểm phiếu" in err, err
