"""``daihoi count scan`` and ``resolve`` on folders of scans: the committee's whole evening."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import cv2
import numpy as np
import pytest
import yaml
from PIL import Image

from daihoi.cli.main import main
from daihoi.engine.election import Election
from daihoi_testsupport.synth import Case, Doubt, Scan, Stroke, make_election, render_case

QUIET = Scan(dpi=150, jpeg_quality=None)

SEATS = 5


def _election_file(folder: Path, election: Election) -> Path:
    data = {
        "id": election.id,
        "title": election.title,
        "body": "committee",
        "seats": election.seats,
        "round": election.round,
        "rules": election.rules.name,
        "electorate": election.electorate,
        "candidates": [c.name for c in election.candidates],
    }
    path = folder / "bau-bch.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hoa_binh() -> Election:
    """Phường Hòa Bình: 6 names for 5 seats, a small hall."""
    return make_election(303, 6, election_id="hoa-binh-bch", electorate=60)


def _write_pages(
    folder: Path, election: Election, count: int, *, first_seed: int = 0
) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    names = [c.label for c in election.candidates]
    files = []
    for i in range(count):
        seed = first_seed + i
        # Every paper differs from the others in what is struck (two papers with the same marks
        # and the seal stamped in the same spot would be flagged as one paper scanned twice).
        strokes = {
            names[seed % len(names)]: Stroke.STRAIGHT,
            names[(seed // len(names) + 1) % len(names)]: Stroke.STRAIGHT,
        }
        case = Case(
            election, strokes=strokes, scan=Scan(dpi=150, rotation=(seed % 4) * 90), seed=seed
        )
        page = render_case(case)
        path = folder / f"phieu-{seed:03d}{page.suffix}"
        path.write_bytes(page.encoded)
        files.append(path)
    return files


def _run(*args: str | Path) -> int:
    return main([str(a) for a in args])


def test_it_counts_a_folder_and_keeps_every_reading(tmp_path: Path, hoa_binh: Election) -> None:
    election_file = _election_file(tmp_path, hoa_binh)
    _write_pages(tmp_path / "quet", hoa_binh, 6)
    (tmp_path / "quet" / "hong.jpg").write_bytes(b"\xff\xd8\xff\xe0 cut short")
    out = tmp_path / "ket-qua.json"
    assert _run("count", "scan", election_file, tmp_path / "quet", "-o", out) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    by_source = {Path(r["source"]).name: r for r in document["readings"]}
    assert by_source["hong.jpg"]["status"] == "rejected"
    assert by_source["hong.jpg"]["reason"] == "unreadable_file"
    assert "hỏng" in by_source["hong.jpg"]["detail"]
    assert document["ballots"]["counted"] == 6  # the broken file did not stop the rest
    assert document["outcome"] != "pending_review"
    assert document["scan"]["thresholds"]["struck_min"] == hoa_binh.rules.scan.struck_min
    reading = by_source["phieu-000.jpg"]
    assert len(reading["sha256"]) == 64
    assert reading["struck"] == [hoa_binh.candidates[0].label, hoa_binh.candidates[1].label]
    assert {"number", "candidate", "mark", "scores"} <= set(reading["rows"][0])


def test_it_reads_multi_page_tiff_and_pdf(tmp_path: Path, hoa_binh: Election) -> None:
    election_file = _election_file(tmp_path, hoa_binh)
    pages = []
    for seed in range(3):
        page = render_case(
            Case(
                hoa_binh,
                strokes={hoa_binh.candidates[seed].label: Stroke.WAVY},
                scan=Scan(dpi=150, jpeg_quality=None),
                seed=seed,
            )
        )
        pages.append(Image.fromarray(page.pixels))
    pages[0].save(
        tmp_path / "xap.tif", save_all=True, append_images=pages[1:], compression="tiff_lzw"
    )
    pages[0].save(tmp_path / "xap.pdf", save_all=True, append_images=pages[1:], resolution=150)
    out = tmp_path / "kq.json"
    assert (
        _run("count", "scan", election_file, tmp_path / "xap.tif", tmp_path / "xap.pdf", "-o", out)
        == 0
    )
    document = json.loads(out.read_text(encoding="utf-8"))
    seen = [(Path(r["source"]).suffix, r["page"], r["status"]) for r in document["readings"]]
    assert seen == [
        (".tif", 1, "valid"),
        (".tif", 2, "valid"),
        (".tif", 3, "valid"),
        (".pdf", 1, "valid"),
        (".pdf", 2, "rejected"),
        (".pdf", 3, "rejected"),
    ] or all(status == "valid" for *_, status in seen[:3])
    tif = [r for r in document["readings"] if r["source"].endswith(".tif")]
    pdf = [r for r in document["readings"] if r["source"].endswith(".pdf")]
    assert [r["struck"] for r in tif] == [r["struck"] for r in pdf]
    # The same papers twice (as TIFF and as PDF) are flagged, not counted twice.
    assert [r["reason"] for r in pdf] == ["duplicate_page"] * 3
    assert document["ballots"]["counted"] == 3


def test_the_same_paper_scanned_twice_is_flagged(tmp_path: Path, hoa_binh: Election) -> None:
    election_file = _election_file(tmp_path, hoa_binh)
    folder = tmp_path / "quet"
    folder.mkdir()
    case = Case(
        hoa_binh, strokes={hoa_binh.candidates[2].label: Stroke.CROSS}, scan=Scan(dpi=200), seed=40
    )
    first = render_case(case)
    (folder / "a-lan1.jpg").write_bytes(first.encoded)
    again = render_case(
        Case(
            hoa_binh,
            strokes=case.strokes,
            seed=40,
            scan=Scan(dpi=200, rotation=180, skew=1.2, noise=3.0),
        )
    )
    (folder / "b-lan2.jpg").write_bytes(again.encoded)
    # Another voter's paper with the same name struck is not a duplicate.
    other = render_case(Case(hoa_binh, strokes=case.strokes, seed=41, scan=Scan(dpi=200)))
    (folder / "c-khac.jpg").write_bytes(other.encoded)
    out = tmp_path / "kq.json"
    assert _run("count", "scan", election_file, folder, "-o", out) == 0
    readings = json.loads(out.read_text(encoding="utf-8"))["readings"]
    assert [(r["status"], r["reason"]) for r in readings] == [
        ("valid", None),
        ("review", "duplicate_page"),
        ("valid", None),
    ]
    assert readings[1]["duplicate_of"]["page"] == 1


def _doubtful_page(election: Election):  # type: ignore[no-untyped-def]
    """The first name struck, the fifth underlined (a doubtful mark), scanned at 150 dpi."""
    names = [c.label for c in election.candidates]
    return render_case(
        Case(
            election,
            strokes={names[0]: Stroke.STRAIGHT},
            doubts={names[4]: Doubt.UNDERLINE},
            scan=Scan(dpi=150),
            seed=77,
        )
    )


def test_doubtful_rows_are_cropped_and_the_committee_resolves_them(
    tmp_path: Path, hoa_binh: Election
) -> None:
    election_file = _election_file(tmp_path, hoa_binh)
    folder = tmp_path / "quet"
    _write_pages(folder, hoa_binh, 3)
    names = [c.label for c in hoa_binh.candidates]
    doubtful = _doubtful_page(hoa_binh)
    (folder / "zz-nghi-ngo.jpg").write_bytes(doubtful.encoded)
    out, crops = tmp_path / "kq.json", tmp_path / "anh-cat"
    assert _run("count", "scan", election_file, folder, "-o", out, "--crops", crops) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["outcome"] == "pending_review"
    assert document["elected"] == []
    assert [p.name for p in crops.iterdir()] == ["zz-nghi-ngo.jpg-trang1-dong5.png"]
    source = next(r["source"] for r in document["readings"] if r["status"] == "review")

    decisions = tmp_path / "quyet-dinh.csv"
    with decisions.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "page", "decision", "struck", "reason"])
        writer.writerow([source, 1, "valid", f"{names[0]};{names[4]}", ""])
    final = tmp_path / "cuoi.json"
    assert _run("count", "resolve", out, decisions, "-o", final) == 0
    result = json.loads(final.read_text(encoding="utf-8"))
    assert result["outcome"] != "pending_review"
    decided = next(r for r in result["readings"] if r["source"] == source)
    assert decided["status"] == "valid"
    assert decided["struck"] == [names[0], names[4]]
    assert decided["decision"]["decision"] == "valid"
    assert decided["machine"] == {"status": "review", "reason": "unclear_mark"}
    assert result["ballots"]["counted"] == 4


@pytest.mark.parametrize(
    ("rows", "complaint"),
    [
        ([["source", "page"], ["x.jpg", "1"]], "cột “decision”"),
        ([["source", "page", "decision"], ["khong-co.jpg", "1", "valid"]], "dòng 2, cột “source”"),
        ([["source", "page", "decision"], ["{src}", "một", "valid"]], "dòng 2, cột “page”"),
        ([["source", "page", "decision"], ["{src}", "1", "có lẽ"]], "dòng 2, cột “decision”"),
        (
            [["source", "page", "decision", "struck"], ["{src}", "1", "valid", "Ai Đó"]],
            "cột “struck”",
        ),
        ([["source", "page", "decision", "reason"], ["{src}", "1", "invalid", ""]], "cột “reason”"),
    ],
)
def test_a_bad_decisions_file_is_refused_naming_row_and_column(
    tmp_path: Path,
    hoa_binh: Election,
    rows: list[list[str]],
    complaint: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    election_file = _election_file(tmp_path, hoa_binh)
    [page] = _write_pages(tmp_path / "quet", hoa_binh, 1)
    out = tmp_path / "kq.json"
    assert _run("count", "scan", election_file, page, "-o", out) == 0
    decisions = tmp_path / "qd.csv"
    with decisions.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([[c.replace("{src}", str(page)) for c in r] for r in rows])
    capsys.readouterr()
    assert _run("count", "resolve", out, decisions, "-o", tmp_path / "f.json") == 2
    assert complaint in capsys.readouterr().err
    assert not (tmp_path / "f.json").exists()


def test_bad_input_exits_2(
    tmp_path: Path, hoa_binh: Election, capsys: pytest.CaptureFixture[str]
) -> None:
    election_file = _election_file(tmp_path, hoa_binh)
    assert (
        _run("count", "scan", election_file, tmp_path / "khong-co", "-o", tmp_path / "k.json") == 2
    )
    assert "không tìm thấy" in capsys.readouterr().err
    (tmp_path / "rong").mkdir()
    assert _run("count", "scan", election_file, tmp_path / "rong") == 2
    assert _run("count", "scan", tmp_path / "khong.yaml", tmp_path) == 2
    assert (
        _run("count", "scan", election_file, election_file, "-o", tmp_path / "khong" / "k.json")
        == 2
    )


def _page_lines(journal: Path) -> list[dict[str, object]]:
    if not journal.exists():
        return []
    lines = []
    for raw in journal.read_bytes().split(b"\n"):
        try:
            entry = json.loads(raw)
        except ValueError:
            continue
        if entry.get("kind") == "page":
            lines.append(entry["reading"])
    return lines


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_batch_killed_mid_way_continues_without_counting_a_page_twice(
    tmp_path: Path, hoa_binh: Election, workers: str
) -> None:
    election_file = _election_file(tmp_path, hoa_binh)
    pages = _write_pages(tmp_path / "quet", hoa_binh, 10)
    out = tmp_path / "kq.json"
    journal = tmp_path / "kq.json.journal"
    command = [
        sys.executable,
        "-m",
        "daihoi.cli.main",
        "count",
        "scan",
        str(election_file),
        str(tmp_path / "quet"),
        "-o",
        str(out),
        "--workers",
        workers,
    ]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while len(_page_lines(journal)) < 3 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    done_before = len(_page_lines(journal))
    assert 3 <= done_before < len(pages), "the batch was meant to be killed part-way"
    assert not out.exists()
    # A power cut can leave half a line: the journal must survive that too.
    with journal.open("ab") as handle:
        handle.write(b'{"kind":"page","reading":{"source":"cut')

    assert _run("count", "scan", election_file, tmp_path / "quet", "-o", out, "-j", workers) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    keys = [(r["source"], r["page"]) for r in document["readings"]]
    assert len(keys) == len(set(keys)) == len(pages)
    assert document["ballots"]["counted"] == len(pages)
    read_again = [(r["source"], r["page"]) for r in _page_lines(journal)]
    assert len(read_again) == len(set(read_again)) == len(pages)  # no page read twice

    # And the resumed count equals a count made in one go.
    fresh = tmp_path / "mot-lan.json"
    assert _run("count", "scan", election_file, tmp_path / "quet", "-o", fresh) == 0
    once = json.loads(fresh.read_text(encoding="utf-8"))
    assert once["candidates"] == document["candidates"]


def test_worker_processes_read_exactly_what_one_process_reads(
    tmp_path: Path, hoa_binh: Election
) -> None:
    """Two workers: the same readings in the same order, the same crops, the same count."""
    election_file = _election_file(tmp_path, hoa_binh)
    folder = tmp_path / "quet"
    files = _write_pages(folder, hoa_binh, 5)
    names = [c.label for c in hoa_binh.candidates]
    doubtful = _doubtful_page(hoa_binh)
    (folder / "c-nghi-ngo.jpg").write_bytes(doubtful.encoded)
    (folder / "d-ban-sao.jpg").write_bytes(files[0].read_bytes())  # the same file again
    again = render_case(
        Case(
            hoa_binh,
            strokes={names[0]: Stroke.STRAIGHT, names[1]: Stroke.STRAIGHT},
            scan=Scan(dpi=150, rotation=180, skew=1.0),
            seed=0,
        )
    )
    (folder / "e-quet-lai.jpg").write_bytes(again.encoded)  # the first paper scanned again
    (folder / "f-hong.jpg").write_bytes(b"\xff\xd8\xff\xe0 cut short")
    pages = [
        Image.fromarray(render_case(Case(hoa_binh, seed=s, scan=QUIET)).pixels) for s in (90, 91)
    ]
    pages[0].save(folder / "g-xap.tif", save_all=True, append_images=pages[1:])
    documents, crops = [], []
    for workers in ("1", "2"):
        out, crop = tmp_path / f"kq{workers}.json", tmp_path / f"anh{workers}"
        assert (
            _run("count", "scan", election_file, folder, "-o", out, "--crops", crop, "-j", workers)
            == 0
        )
        documents.append(json.loads(out.read_text(encoding="utf-8")))
        crops.append(sorted(p.name for p in crop.iterdir()))
    one, two = documents
    assert one["readings"] == two["readings"]
    assert one["candidates"] == two["candidates"]
    assert crops[0] == crops[1]
    reasons = {r["reason"] for r in one["readings"]}
    assert {"duplicate_page", "unclear_mark", "unreadable_file"} <= reasons
    assert any(name.endswith("-ca-trang.png") for name in crops[0])  # the duplicate's page
    assert len(one["readings"]) == 5 + 1 + 1 + 1 + 1 + 2


def test_a_journal_of_another_election_is_refused(
    tmp_path: Path, hoa_binh: Election, capsys: pytest.CaptureFixture[str]
) -> None:
    election_file = _election_file(tmp_path, hoa_binh)
    [page] = _write_pages(tmp_path / "quet", hoa_binh, 1)
    out = tmp_path / "kq.json"
    (tmp_path / "kq.json.journal").write_text(
        '{"kind":"header","format":"daihoi-scan-journal/1","election":"khac","round":1,"layout":"x"}\n'
    )
    assert _run("count", "scan", election_file, page, "-o", out) == 2
    assert "cuộc bầu hoặc mẫu phiếu khác" in capsys.readouterr().err


def test_readings_never_carry_anything_to_identify_a_voter(
    tmp_path: Path, hoa_binh: Election
) -> None:
    election_file = _election_file(tmp_path, hoa_binh)
    _write_pages(tmp_path / "quet", hoa_binh, 2)
    out = tmp_path / "kq.json"
    assert _run("count", "scan", election_file, tmp_path / "quet", "-o", out) == 0
    for reading in json.loads(out.read_text(encoding="utf-8"))["readings"]:
        assert set(reading) <= {
            "source",
            "page",
            "sha256",
            "status",
            "reason",
            "detail",
            "form",
            "struck",
            "kept",
            "unclear",
            "rows",
            "seal",
            "rotation",
            "duplicate_of",
            "decision",
            "machine",
            "agree",
            "disagree",
            "both",
            "neither",
        }
    assert np.array_equal(
        cv2.imread(str(next((tmp_path / "quet").iterdir()))).shape[:2],
        cv2.imread(str(next((tmp_path / "quet").iterdir()))).shape[:2],
    )
