"""Class 7: a scan batch with hostile files among good ballots, reruns, and output folders
that cannot be written.

Owed: the batch completes (exit 0); a file that cannot be read becomes a `rejected` reading
(`unreadable_file`) and the others are counted; a rerun gives the same result; a page whose
file is gone is no longer counted; an output that cannot be written is exit 2 naming the path.
Hostile files run in a real process with its address space limited to 3 GB: a scanner station
is an ordinary office PC.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.adversarial._paper import pdf_with_page, png_claiming, render_ballot

from .conftest import assert_refused, daihoi


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three scanned ballots made once: a.png and b.png valid, c.png with a row to review."""
    folder = tmp_path_factory.mktemp("papers")
    shutil.copy(Path(__file__).parents[2] / "examples" / "q1-bch-2025.yaml", folder / "e.yaml")
    run = daihoi("ballot", "print", "e.yaml", "-o", "p.pdf", "--layout", "l.json", cwd=folder)
    assert run.returncode == 0, str(run)
    render_ballot(
        folder / "p.pdf", folder / "l.json", folder / "a.png", struck=[6, 7], seal_shift=0
    )
    render_ballot(
        folder / "p.pdf", folder / "l.json", folder / "b.png", struck=[1, 7], seal_shift=4
    )
    render_ballot(
        folder / "p.pdf", folder / "l.json", folder / "c.png", struck=[2], partial=[7], seal_shift=8
    )
    render_ballot(
        folder / "p.pdf", folder / "l.json", folder / "b2.png", struck=[1, 2], seal_shift=-4
    )
    return folder


@pytest.fixture
def batch(papers: Path, tmp_path: Path) -> Path:
    """tmp_path with e.yaml and scans/ holding a.png and b.png (two valid ballots)."""
    shutil.copy(papers / "e.yaml", tmp_path / "e.yaml")
    (tmp_path / "scans").mkdir()
    for name in ("a.png", "b.png"):
        shutil.copy(papers / name, tmp_path / "scans" / name)
    return tmp_path


def results(folder: Path, name: str = "s.json") -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / name).read_text(encoding="utf-8"))
    return data


def by_source(data: dict[str, Any]) -> dict[str, tuple[str, str | None]]:
    return {Path(r["source"]).name: (r["status"], r.get("reason")) for r in data["readings"]}


def scan(folder: Path, *extra: str, hostile: bool = False) -> Any:
    """The batch, in this process — or, for files built to exhaust memory, in a real process
    limited to 3 GB."""
    return daihoi(
        "count",
        "scan",
        "e.yaml",
        "scans",
        "-o",
        "s.json",
        "-j",
        "1",
        *extra,
        cwd=folder,
        memory_limit=hostile,
    )


def batch_survives(folder: Path, bad: str, hostile: bool = False) -> None:
    for attempt in ("first run", "rerun"):
        run = scan(folder, hostile=hostile)
        assert "Traceback" not in run.out, f"{attempt}\n{run}"
        assert run.returncode == 0, f"{attempt}\n{run}"
        data = results(folder)
        readings = by_source(data)
        assert readings[bad] == ("rejected", "unreadable_file"), (attempt, readings)
        assert readings["a.png"][0] == readings["b.png"][0] == "valid", (attempt, readings)
        assert data["ballots"]["counted"] == 2, (attempt, data["ballots"])
        assert data["ballots"]["valid"] == 2, (attempt, data["ballots"])


def test_empty_jpeg_in_batch(batch: Path) -> None:
    (batch / "scans" / "empty.jpg").write_bytes(b"")
    batch_survives(batch, "empty.jpg")


def test_png_claiming_huge_size(batch: Path) -> None:
    (batch / "scans" / "huge.png").write_bytes(png_claiming(40000, 40000))
    batch_survives(batch, "huge.png", hostile=True)


def test_pdf_with_giant_page(batch: Path) -> None:
    pdf_with_page(14400, batch / "scans" / "huge.pdf")
    batch_survives(batch, "huge.pdf", hostile=True)


def test_truncated_png_in_batch(batch: Path, papers: Path) -> None:
    """Control: the first 100 bytes of a PNG are rejected as unreadable, the rest counted."""
    (batch / "scans" / "trunc.png").write_bytes((papers / "a.png").read_bytes()[:100])
    batch_survives(batch, "trunc.png")


def test_text_named_png_in_batch(batch: Path) -> None:
    """Control: a text file named .png is rejected as unreadable."""
    (batch / "scans" / "text.png").write_text("không phải ảnh\n", encoding="utf-8")
    batch_survives(batch, "text.png")


def test_garbage_tiff_in_batch(batch: Path) -> None:
    """Control: a file that starts like a TIFF and is not one is rejected as unreadable."""
    (batch / "scans" / "bad.tif").write_bytes(b"II*\0garbage" * 10)
    batch_survives(batch, "bad.tif")


def test_deleted_file_no_longer_counted(batch: Path) -> None:
    assert scan(batch).returncode == 0
    assert results(batch)["ballots"]["valid"] == 2
    (batch / "scans" / "b.png").unlink()
    run = scan(batch)
    assert run.returncode == 0, str(run)
    data = results(batch)
    assert "b.png" not in by_source(data), by_source(data)
    assert data["ballots"]["counted"] == 1, data["ballots"]


def test_rescanned_file_same_name(batch: Path, papers: Path) -> None:
    assert scan(batch).returncode == 0
    shutil.copy(papers / "b2.png", batch / "scans" / "b.png")
    run = scan(batch)
    assert "Traceback" not in run.out, str(run)
    if run.returncode == 0:
        data = results(batch)
        assert data["ballots"]["counted"] == 2, data["ballots"]  # the new scan replaces the old
    else:
        assert_refused(run, "s.json.journal")


def test_rerun_is_the_same(batch: Path, papers: Path) -> None:
    """Control: a rerun on the same files reads nothing again and gives the same results."""
    shutil.copy(papers / "c.png", batch / "scans" / "c.png")
    assert scan(batch).returncode == 0
    first = results(batch)
    assert scan(batch).returncode == 0
    second = results(batch)
    assert first["ballots"] == second["ballots"]
    assert by_source(first) == by_source(second)


def test_crops_is_a_file(batch: Path, papers: Path) -> None:
    shutil.copy(papers / "c.png", batch / "scans" / "c.png")
    (batch / "crops").write_text("một tệp, không phải thư mục\n", encoding="utf-8")
    run = scan(batch, "--crops", "crops")
    assert_refused(run, "crops")
    assert not (batch / "s.json").exists()


def test_crops_under_a_file(batch: Path, papers: Path) -> None:
    shutil.copy(papers / "c.png", batch / "scans" / "c.png")
    (batch / "f").write_text("x\n", encoding="utf-8")
    assert_refused(scan(batch, "--crops", "f/sub"), "f/sub")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_crops_read_only(batch: Path, papers: Path) -> None:
    shutil.copy(papers / "c.png", batch / "scans" / "c.png")
    (batch / "ro").mkdir()
    (batch / "ro").chmod(0o555)
    try:
        assert_refused(scan(batch, "--crops", "ro"), "ro")
    finally:
        (batch / "ro").chmod(0o755)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_output_in_read_only_folder(batch: Path) -> None:
    (batch / "ro").mkdir()
    (batch / "ro").chmod(0o555)
    try:
        run = daihoi(
            "count",
            "scan",
            "e.yaml",
            "scans",
            "-o",
            "ro/s.json",
            "-j",
            "1",
            cwd=batch,
            memory_limit=True,
        )
        assert_refused(run, "ro")
    finally:
        (batch / "ro").chmod(0o755)


def test_output_is_a_folder(batch: Path) -> None:
    """Control: `-o` naming a folder is refused naming it."""
    (batch / "od").mkdir()
    run = daihoi("count", "scan", "e.yaml", "scans", "-o", "od", "-j", "1", cwd=batch)
    assert_refused(run, "od")


def test_empty_folder(batch: Path) -> None:
    """Control: an empty input folder is bad input (exit 2)."""
    (batch / "none").mkdir()
    assert_refused(daihoi("count", "scan", "e.yaml", "none", "-j", "1", cwd=batch), "none")


def test_crops_into_input_folder(batch: Path, papers: Path) -> None:
    shutil.copy(papers / "c.png", batch / "scans" / "c.png")
    first = scan(batch, "--crops", "scans")
    if first.returncode == 2:  # refusing the folder is a fine answer
        assert_refused(first, "scans")
        return
    assert first.returncode == 0, str(first)
    before = by_source(results(batch))
    assert scan(batch, "--crops", "scans").returncode == 0
    assert by_source(results(batch)) == before


def test_output_inside_input_folder(batch: Path) -> None:
    """Control: results and journal written inside the scanned folder are not read as pages."""
    for _ in range(2):
        run = daihoi("count", "scan", "e.yaml", "scans", "-o", "scans/s.json", "-j", "1", cwd=batch)
        assert run.returncode == 0, str(run)
    data = results(batch, "scans/s.json")
    assert sorted(by_source(data)) == ["a.png", "b.png"]


# --- a journal someone (or something) wrote into ----------------------------------------------


def test_journal_with_deep_line(batch: Path) -> None:
    assert scan(batch).returncode == 0
    journal = batch / "s.json.journal"
    lines = journal.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(1, "[" * 100_000 + "]" * 100_000 + "\n")
    journal.write_text("".join(lines), encoding="utf-8")
    assert_refused(scan(batch), "s.json.journal")


def test_journal_with_garbage_line(batch: Path) -> None:
    """Control: a broken line in the middle of the journal is refused naming the journal."""
    assert scan(batch).returncode == 0
    journal = batch / "s.json.journal"
    lines = journal.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(1, "không phải JSON\n")
    journal.write_text("".join(lines), encoding="utf-8")
    assert_refused(scan(batch), "s.json.journal")


def test_journal_record_repeated_counts_once(batch: Path) -> None:
    """Control (nothing counted twice): every journal line appended a second time, rerun: each
    page still counted once."""
    assert scan(batch).returncode == 0
    journal = batch / "s.json.journal"
    lines = journal.read_text(encoding="utf-8").splitlines(keepends=True)
    journal.write_text("".join(lines + lines[1:]), encoding="utf-8")
    run = scan(batch)
    assert "Traceback" not in run.out, str(run)
    if run.returncode == 0:
        data = results(batch)
        assert data["ballots"]["counted"] == 2, data["ballots"]
        assert len(data["readings"]) == 2
    else:
        assert_refused(run, "s.json.journal")
