"""Class 1: an output path that is one of the command's inputs (or another output).

Owed: exit 2 with a message, and every input's bytes unchanged. A user who types the wrong
name after ``-o`` must not lose the ballots they typed in, the election file, or the scan
results the committee worked on.
"""

from __future__ import annotations

import os
from pathlib import Path

from .conftest import assert_refused, daihoi, snapshot


def refused_unchanged(folder: Path, *args: str) -> None:
    before = snapshot(folder)
    run = daihoi(*args, cwd=folder)
    after = snapshot(folder)
    for name, data in before.items():
        assert after.get(name) == data, f"{name} was overwritten\n{run}"
    assert_refused(run)


def test_tally_onto_ballots(bch: Path) -> None:
    refused_unchanged(bch, "count", "tally", "e.yaml", "b.csv", "-o", "b.csv")


def test_tally_onto_election(bch: Path) -> None:
    refused_unchanged(bch, "count", "tally", "e.yaml", "b.csv", "-o", "e.yaml")


def test_tally_onto_ballots_dot_slash(bch: Path) -> None:
    refused_unchanged(bch, "count", "tally", "e.yaml", "b.csv", "-o", "./b.csv")


def test_tally_onto_ballots_roundabout(bch: Path) -> None:
    refused_unchanged(bch, "count", "tally", "e.yaml", "b.csv", "-o", f"../{bch.name}/b.csv")


def test_tally_input_symlink_output_target(bch: Path) -> None:
    os.symlink("b.csv", bch / "link.csv")
    refused_unchanged(bch, "count", "tally", "e.yaml", "link.csv", "-o", "b.csv")


def test_tally_output_symlink_to_input(bch: Path) -> None:
    os.symlink("b.csv", bch / "link.csv")
    refused_unchanged(bch, "count", "tally", "e.yaml", "b.csv", "-o", "link.csv")
    assert os.readlink(bch / "link.csv") == "b.csv"


def test_tally_output_hard_link_of_input(bch: Path) -> None:
    os.link(bch / "b.csv", bch / "hard.csv")
    refused_unchanged(bch, "count", "tally", "e.yaml", "b.csv", "-o", "hard.csv")


def test_tally_onto_verify_file(bch: Path) -> None:
    (bch / "b2.csv").write_bytes((bch / "b.csv").read_bytes())
    refused_unchanged(
        bch, "count", "tally", "e.yaml", "b.csv", "--verify", "b2.csv", "-o", "b2.csv"
    )


def test_ballot_print_onto_election(bch: Path) -> None:
    refused_unchanged(bch, "ballot", "print", "e.yaml", "-o", "e.yaml")


def test_ballot_layout_onto_election(bch: Path) -> None:
    refused_unchanged(bch, "ballot", "print", "e.yaml", "-o", "x.pdf", "--layout", "e.yaml")


def test_ballot_pdf_and_layout_same_file(bch: Path) -> None:
    run = daihoi("ballot", "print", "e.yaml", "-o", "b.pdf", "--layout", "b.pdf", cwd=bch)
    assert_refused(run)
    assert not (bch / "b.pdf").exists()


def test_minutes_pdf_onto_results(bch: Path) -> None:
    refused_unchanged(bch, "minutes", "r.json", "--pdf", "r.json")


def test_minutes_docx_onto_results(bch: Path) -> None:
    refused_unchanged(bch, "minutes", "r.json", "--docx", "r.json")


def test_minutes_pdf_and_docx_same_file(bch: Path) -> None:
    run = daihoi("minutes", "r.json", "--pdf", "x.pdf", "--docx", "x.pdf", cwd=bch)
    assert_refused(run)
    assert not (bch / "x.pdf").exists()


def test_next_round_onto_results(tie: Path) -> None:
    refused_unchanged(tie, "count", "next-round", "tie.json", "-o", "tie.json")


def test_next_round_onto_its_election(tie: Path) -> None:
    refused_unchanged(
        tie,
        "count",
        "next-round",
        "tie.json",
        "--election",
        "q1-daibieu-2025.yaml",
        "-o",
        "q1-daibieu-2025.yaml",
    )


# --- the scan commands ------------------------------------------------------------------------


def test_scan_onto_election(scanned: Path) -> None:
    refused_unchanged(scanned, "count", "scan", "e.yaml", "scans", "-o", "e.yaml", "-j", "1")


def test_scan_onto_image(scanned: Path) -> None:
    image = scanned / "scans" / "a.png"
    before = image.read_bytes()
    run = daihoi(
        "count", "scan", "e.yaml", "scans/a.png", "-o", "scans/a.png", "-j", "1", cwd=scanned
    )
    assert image.read_bytes() == before, f"the scan was overwritten\n{run}"
    assert_refused(run)


def test_resolve_onto_decisions(scanned: Path) -> None:
    refused_unchanged(scanned, "count", "resolve", "s.json", "d.csv", "-o", "d.csv")


def test_resolve_onto_scan_results(scanned: Path) -> None:
    refused_unchanged(scanned, "count", "resolve", "s.json", "d.csv", "-o", "s.json")


def test_tally_into_missing_folder_keeps_inputs(bch: Path) -> None:
    """Control: an output in a folder that does not exist is refused, naming it."""
    refused_unchanged(bch, "count", "tally", "e.yaml", "b.csv", "-o", "nosuch/r.json")


def test_failed_tally_keeps_previous_output(bch: Path) -> None:
    """Control (whole or not at all): a tally that fails leaves the earlier results as they
    were."""
    (bch / "bad.csv").write_text("ballot,Không Có Ai\n001,x\n", encoding="utf-8")
    refused_unchanged(bch, "count", "tally", "e.yaml", "bad.csv", "-o", "r.json")


def test_demo_onto_a_file(bch: Path) -> None:
    """Control: `daihoi demo e.yaml` (a file, not a folder) is refused, the file kept."""
    refused_unchanged(bch, "demo", "e.yaml")
