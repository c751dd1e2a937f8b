"""``daihoi demo OUTDIR``: the Bến Thành ward congress, from ballots to signed-off minutes."""

from __future__ import annotations

import io
import json

import pypdfium2 as pdfium
import pytest
from docx import Document

from daihoi.cli.demo_cmds import sample_ballots, sample_election
from daihoi.cli.main import main
from daihoi.engine.ballot import Mark
from daihoi.engine.election import parse_election

FILES = [
    "ballots.csv",
    "bien-ban-kiem-phieu.docx",
    "bien-ban-kiem-phieu.pdf",
    "election.yaml",
    "results.json",
]


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "out"
    assert main(["demo", str(out)]) == 0
    return out


def test_it_writes_the_election_the_ballots_the_results_and_the_minutes(demo_dir) -> None:
    assert sorted(p.name for p in demo_dir.iterdir()) == FILES


def test_it_counts_thirty_ballots_two_of_them_invalid(demo_dir) -> None:
    results = json.loads((demo_dir / "results.json").read_text(encoding="utf-8"))
    assert results["ballots"]["counted"] == 30
    assert results["ballots"]["invalid"] == 2
    assert results["ballots"]["invalid_reasons"] == {"too_many_kept": 1, "none_kept": 1}
    assert results["threshold"] == {"base": 31, "votes_needed": 16, "of": "electorate"}
    assert results["outcome"] == "complete"
    assert len(results["elected"]) == 7
    # Ballot order: by given name, Ánh first and Yến last.
    assert results["candidates"][0]["name"] == "Huỳnh Thị Kim Ánh"
    assert results["candidates"][-1]["name"] == "Ngô Thị Yến"


def test_it_prints_the_result_table_and_where_everything_is(tmp_path, capsys) -> None:
    assert main(["demo", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Bầu Ban Chấp hành Đảng bộ phường Bến Thành" in out
    assert "Trúng cử" in out and "Không trúng cử" in out
    for name in FILES:
        assert str(tmp_path / name) in out


def test_its_minutes_name_everyone_elected(demo_dir) -> None:
    results = json.loads((demo_dir / "results.json").read_text(encoding="utf-8"))
    pdf = pdfium.PdfDocument((demo_dir / "bien-ban-kiem-phieu.pdf").read_bytes())
    text = " ".join(
        " ".join(pdf.get_page(i).get_textpage().get_text_range().split()) for i in range(len(pdf))
    )
    for name in results["elected"]:
        assert name in text
    assert "Số phiếu không hợp lệ: 2" in text
    doc = Document(io.BytesIO((demo_dir / "bien-ban-kiem-phieu.docx").read_bytes()))
    assert len(doc.tables[1].rows) == 1 + 9


def test_its_files_count_the_same_again_with_count_tally(demo_dir, tmp_path) -> None:
    again = tmp_path / "again.json"
    assert (
        main(
            [
                "count",
                "tally",
                str(demo_dir / "election.yaml"),
                str(demo_dir / "ballots.csv"),
                "-o",
                str(again),
            ]
        )
        == 0
    )
    assert again.read_bytes() == (demo_dir / "results.json").read_bytes()


def test_the_same_seed_gives_the_same_ballots_and_another_seed_others(tmp_path) -> None:
    assert main(["demo", str(tmp_path / "a")]) == 0
    assert main(["demo", str(tmp_path / "b")]) == 0
    assert main(["demo", str(tmp_path / "c"), "--seed", "7"]) == 0
    ballots = [(tmp_path / d / "ballots.csv").read_bytes() for d in "abc"]
    assert ballots[0] == ballots[1] != ballots[2]


@pytest.mark.parametrize("seed", range(20))
def test_its_ballots_are_one_per_delegate_present_and_keep_at_most_the_seats(seed) -> None:
    election = parse_election(sample_election(), "election.yaml")
    ballots = sample_ballots(election, seed)
    kept = [sum(1 for m in b.marks.values() if m is Mark.KEPT) for b in ballots]
    assert len(ballots) == 30
    assert kept.count(0) == 1  # the ballot that strikes everyone
    assert sum(1 for k in kept if k > 7) == 1  # the ballot that keeps too many


def test_it_refuses_a_file_as_the_output_folder(tmp_path, capsys) -> None:
    target = tmp_path / "not-a-folder"
    target.write_text("x", encoding="utf-8")
    assert main(["demo", str(target)]) == 2
    assert "not-a-folder" in capsys.readouterr().err
