"""``daihoi count scan`` and ``resolve`` against what went wrong in the attack campaign: pages
deleted between runs, two runs on one output, files made to exhaust memory, outputs that cannot
be written, and outputs that would overwrite an input."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from daihoi.cli.main import main
from daihoi.engine.election import Election
from daihoi.scan import journal as journal_module
from daihoi.scan.images import MAX_PAGE_PIXELS
from daihoi_testsupport.synth import make_election
from tests.scan.test_batch import _election_file, _write_pages

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture(scope="module")
def hoa_binh() -> Election:
    """Phường Hòa Bình: 6 names for 5 seats, a small hall."""
    return make_election(303, 6, election_id="hoa-binh-bch", electorate=60)


def _run(*args: str | Path) -> int:
    return main([str(a) for a in args])


def _readings(path: Path) -> list[dict[str, object]]:
    return list(json.loads(path.read_text(encoding="utf-8"))["readings"])


# ------------------------------------------------------------- the journal is a cache of readings


def test_a_file_deleted_between_runs_is_no_longer_counted(
    tmp_path: Path, hoa_binh: Election, capsys: pytest.CaptureFixture[str]
) -> None:
    election_file = _election_file(tmp_path, hoa_binh)
    pages = _write_pages(tmp_path / "quet", hoa_binh, 3)
    out = tmp_path / "kq.json"
    assert _run("count", "scan", election_file, tmp_path / "quet", "-o", out) == 0
    pages[1].unlink()  # the secretary took out a paper scanned by mistake
    capsys.readouterr()
    assert _run("count", "scan", election_file, tmp_path / "quet", "-o", out) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert [Path(str(r["source"])).name for r in document["readings"]] == [
        pages[0].name,
        pages[2].name,
    ]
    assert document["ballots"]["counted"] == 2
    assert "1 trang trong nhật ký" in capsys.readouterr().err


def test_a_file_changed_between_runs_is_read_again_and_only_its_new_page_counted(
    tmp_path: Path, hoa_binh: Election
) -> None:
    election_file = _election_file(tmp_path, hoa_binh)
    pages = _write_pages(tmp_path / "quet", hoa_binh, 2)
    out = tmp_path / "kq.json"
    assert _run("count", "scan", election_file, tmp_path / "quet", "-o", out) == 0
    [other] = _write_pages(tmp_path / "khac", hoa_binh, 1, first_seed=7)
    pages[0].write_bytes(other.read_bytes())  # scanned again over the same name
    assert _run("count", "scan", election_file, tmp_path / "quet", "-o", out) == 0
    readings = _readings(out)
    assert [Path(str(r["source"])).name for r in readings] == [pages[0].name, pages[1].name]
    assert readings[0]["sha256"] != readings[1]["sha256"]
    assert {str(r["status"]) for r in readings} == {"valid"}


def test_a_copy_whose_original_is_gone_is_counted_on_the_next_run(
    tmp_path: Path, hoa_binh: Election
) -> None:
    election_file = _election_file(tmp_path, hoa_binh)
    [original] = _write_pages(tmp_path / "quet", hoa_binh, 1)
    copy = tmp_path / "quet" / "z-ban-sao.jpg"
    copy.write_bytes(original.read_bytes())
    out = tmp_path / "kq.json"
    assert _run("count", "scan", election_file, tmp_path / "quet", "-o", out) == 0
    assert [r["reason"] for r in _readings(out)] == [None, "duplicate_page"]
    original.unlink()
    assert _run("count", "scan", election_file, tmp_path / "quet", "-o", out) == 0
    [reading] = _readings(out)
    assert (reading["source"], reading["status"]) == (str(copy), "valid")


# -------------------------------------------------------------------- one batch per output


def test_a_second_run_on_the_same_output_is_refused_naming_the_first(
    tmp_path: Path, hoa_binh: Election, capsys: pytest.CaptureFixture[str]
) -> None:
    election_file = _election_file(tmp_path, hoa_binh)
    [page] = _write_pages(tmp_path / "quet", hoa_binh, 1)
    out = tmp_path / "kq.json"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; "
            "from daihoi.scan.journal import BatchLock; "
            "lock = BatchLock(Path(sys.argv[1])); print('ok', flush=True); time.sleep(60)",
            str(out) + ".journal",
        ],
        env={**os.environ, "PYTHONPATH": str(SRC)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        capsys.readouterr()
        assert _run("count", "scan", election_file, page, "-o", out) == 2
        err = capsys.readouterr().err
        assert f"tiến trình {holder.pid}" in err
        assert not out.exists()
    finally:
        holder.kill()
        holder.wait()
    # Once the first is gone, the output is free again.
    assert _run("count", "scan", election_file, page, "-o", out) == 0


# ------------------------------------------------------------------ files made to hurt the batch


def _big_png(path: Path, width: int, height: int) -> None:
    """A PNG whose header claims ``width`` × ``height`` (a few rows of data: a decoder that
    trusts the header allocates the whole image before finding out)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    rows = zlib.compress((b"\0" + b"\xff" * width) * 4, 1)
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def test_an_empty_and_a_giant_image_are_rejected_and_the_rest_is_counted(
    tmp_path: Path, hoa_binh: Election
) -> None:
    election_file = _election_file(tmp_path, hoa_binh)
    folder = tmp_path / "quet"
    _write_pages(folder, hoa_binh, 2)
    (folder / "rong.jpg").write_bytes(b"")
    _big_png(folder / "khong-lo.png", 40000, 40000)
    out = tmp_path / "kq.json"
    assert _run("count", "scan", election_file, folder, "-o", out) == 0
    by_name = {Path(str(r["source"])).name: r for r in _readings(out)}
    assert (by_name["rong.jpg"]["status"], by_name["rong.jpg"]["reason"]) == (
        "rejected",
        "unreadable_file",
    )
    assert "0 byte" in str(by_name["rong.jpg"]["detail"])
    assert by_name["khong-lo.png"]["reason"] == "unreadable_file"
    assert "40000 × 40000" in str(by_name["khong-lo.png"]["detail"])
    assert json.loads(out.read_text(encoding="utf-8"))["ballots"]["counted"] == 2


def _limited(limit: int) -> None:
    import resource  # POSIX only

    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@pytest.mark.skipif(sys.platform == "win32", reason="address-space limits are POSIX")
def test_a_pdf_with_a_giant_page_is_rejected_within_a_memory_bound(
    tmp_path: Path, hoa_binh: Election
) -> None:
    """A 14 400 pt page at 200 dpi would be 40 000 × 40 000 pixels (6.4 GB as BGRA): the page is
    refused from its size in points, and the whole command runs under 2 GB of address space."""
    election_file = _election_file(tmp_path, hoa_binh)
    [page] = _write_pages(tmp_path / "quet", hoa_binh, 1)
    pdf = tmp_path / "quet" / "khong-lo.pdf"
    sheet = canvas.Canvas(str(pdf), pagesize=(14400, 14400))
    sheet.drawString(100, 100, "trang rất lớn")
    sheet.showPage()
    sheet.save()
    out = tmp_path / "kq.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "daihoi.cli.main",
            "count",
            "scan",
            str(election_file),
            str(tmp_path / "quet"),
            "-o",
            str(out),
            "-j",
            "1",
        ],
        env={**os.environ, "PYTHONPATH": str(SRC)},
        preexec_fn=lambda: _limited(2 * 1024**3),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    by_name = {Path(str(r["source"])).name: r for r in _readings(out)}
    assert by_name["khong-lo.pdf"]["reason"] == "unreadable_file"
    assert "14400 × 14400 pt" in str(by_name["khong-lo.pdf"]["detail"])
    assert by_name[page.name]["status"] == "valid"


def test_the_page_size_limit_is_a_large_scan_and_no_more() -> None:
    a3_at_600_dpi = round(297 / 25.4 * 600) * round(420 / 25.4 * 600)
    assert a3_at_600_dpi <= MAX_PAGE_PIXELS < 40000 * 40000


# ------------------------------------------------------------------------- outputs that fail


def test_outputs_that_cannot_be_written_exit_2_naming_the_path(
    tmp_path: Path, hoa_binh: Election, capsys: pytest.CaptureFixture[str]
) -> None:
    election_file = _election_file(tmp_path, hoa_binh)
    [page] = _write_pages(tmp_path / "quet", hoa_binh, 1)
    # A folder where the results file should be.
    (tmp_path / "la-thu-muc.json").mkdir()
    # A file in the way of the journal.
    (tmp_path / "kq.json.journal").mkdir()
    # A file named as the crops folder.
    (tmp_path / "anh.png").write_bytes(b"x")
    cases = [
        (["-o", tmp_path / "la-thu-muc.json"], "la-thu-muc.json"),
        (["-o", tmp_path / "kq.json"], "kq.json.journal"),
        (["-o", tmp_path / "k2.json", "--crops", tmp_path / "anh.png"], "anh.png"),
        (["-o", tmp_path / "anh.png" / "k.json"], "anh.png"),
    ]
    if hasattr(os, "geteuid") and os.geteuid() != 0:  # root writes into read-only folders
        locked = tmp_path / "chi-doc"
        locked.mkdir()
        locked.chmod(0o555)
        cases.append((["-o", locked / "k.json"], "chi-doc"))
    for options, named in cases:
        capsys.readouterr()
        assert _run("count", "scan", election_file, page, *options) == 2, options
        err = capsys.readouterr().err
        assert named in err and "Traceback" not in err, err


def test_a_full_disk_while_journalling_exits_2_naming_the_journal(
    tmp_path: Path,
    hoa_binh: Election,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    election_file = _election_file(tmp_path, hoa_binh)
    pages = _write_pages(tmp_path / "quet", hoa_binh, 2)
    calls = {"n": 0}
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] > 2:  # the header and the first page fit, then the disk is full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(journal_module.os, "fsync", fsync)
    out = tmp_path / "kq.json"
    capsys.readouterr()
    assert _run("count", "scan", election_file, *pages, "-o", out) == 2
    err = capsys.readouterr().err
    assert "kq.json.journal" in err and "đầy" in err
    assert not out.exists()


# --------------------------------------------------------------- outputs that are inputs


def test_an_output_that_is_an_input_is_refused_whatever_it_is_called(
    tmp_path: Path,
    hoa_binh: Election,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    election_file = _election_file(tmp_path, hoa_binh)
    [page] = _write_pages(tmp_path / "quet", hoa_binh, 1)
    election_bytes, page_bytes = election_file.read_bytes(), page.read_bytes()
    (tmp_path / "lien-ket.json").symlink_to(page)
    os.link(election_file, tmp_path / "cung-tep.json")
    monkeypatch.chdir(tmp_path)
    for output in (
        election_file,
        Path("./bau-bch.yaml"),
        page,
        tmp_path / "lien-ket.json",
        tmp_path / "cung-tep.json",
    ):
        capsys.readouterr()
        assert _run("count", "scan", election_file, tmp_path / "quet", "-o", output) == 2
        assert "đầu vào" in capsys.readouterr().err
    assert election_file.read_bytes() == election_bytes
    assert page.read_bytes() == page_bytes
    # The crops of doubtful pages inside the folder being scanned would be read as ballots.
    assert (
        _run(
            "count",
            "scan",
            election_file,
            tmp_path / "quet",
            "-o",
            tmp_path / "k.json",
            "--crops",
            tmp_path / "quet" / "anh",
        )
        == 2
    )


def test_resolve_refuses_to_write_over_its_inputs(
    tmp_path: Path, hoa_binh: Election, capsys: pytest.CaptureFixture[str]
) -> None:
    election_file = _election_file(tmp_path, hoa_binh)
    [page] = _write_pages(tmp_path / "quet", hoa_binh, 1)
    out = tmp_path / "kq.json"
    assert _run("count", "scan", election_file, page, "-o", out) == 0
    decisions = tmp_path / "qd.csv"
    decisions.write_text("source,page,decision,struck,reason\n", encoding="utf-8")
    before = out.read_bytes(), decisions.read_bytes()
    for output in (out, decisions, tmp_path / "." / "qd.csv"):
        capsys.readouterr()
        assert _run("count", "resolve", out, decisions, "-o", output) == 2
        assert "đầu vào" in capsys.readouterr().err
    assert (out.read_bytes(), decisions.read_bytes()) == before
    assert _run("count", "resolve", out, decisions, "-o", tmp_path / "cuoi.json") == 0


def test_files_given_in_another_order_never_count_one_paper_twice(
    tmp_path: Path, hoa_binh: Election
) -> None:
    """A copy journalled as a duplicate, then given before its original: one of them counts."""
    election_file = _election_file(tmp_path, hoa_binh)
    [original] = _write_pages(tmp_path / "quet", hoa_binh, 1)
    copy = tmp_path / "quet" / "z-ban-sao.jpg"
    copy.write_bytes(original.read_bytes())
    out = tmp_path / "kq.json"
    assert _run("count", "scan", election_file, original, copy, "-o", out) == 0
    assert _run("count", "scan", election_file, copy, original, "-o", out) == 0
    readings = _readings(out)
    assert [(r["source"], r["status"]) for r in readings] == [
        (str(copy), "valid"),
        (str(original), "rejected"),
    ]
    assert readings[1]["reason"] == "duplicate_page"
    assert json.loads(out.read_text(encoding="utf-8"))["ballots"]["counted"] == 1
