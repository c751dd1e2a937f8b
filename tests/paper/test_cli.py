"""``daihoi ballot print``: what the convening committee's office runs before the congress."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
import yaml
import zxingcpp

from daihoi.cli.main import main
from daihoi.files import load_election
from daihoi.paper.layout import design_ballot, layout_hash, load_layout, spec_from_election

from .conftest import CONGRESS, SEVEN, TITLE, people
from .rendering import pages


def election_file(folder: Path, names: tuple[str, ...], *, seats: int = 5, **extra: object) -> Path:
    data = {
        "id": "q1-bch-2025",
        "title": TITLE,
        "congress": CONGRESS,
        "body": "committee",
        "seats": seats,
        "round": 1,
        "rules": "party",
        "electorate": 31,
        "candidates": list(names),
        **extra,
    }
    path = folder / "q1-bch.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_it_prints_identical_copies_and_the_layout_the_scanner_reads(tmp_path: Path) -> None:
    election = election_file(tmp_path, tuple(reversed(SEVEN)))
    pdf, layout_path = tmp_path / "phieu.pdf", tmp_path / "layout.json"
    status = main(["ballot", "print", str(election), "-o", str(pdf), "--copies", "4",
                   "--layout", str(layout_path)])  # fmt: skip
    assert status == 0
    images = pages(pdf.read_bytes())
    assert len(images) == 4
    assert all(np.array_equal(images[0], image) for image in images[1:])

    data = json.loads(layout_path.read_text(encoding="utf-8"))
    expected = design_ballot(spec_from_election(load_election(election))).layout
    assert load_layout(data) == expected
    assert data["hash"] == layout_hash(data) == expected.hash
    # The file lists them Z to A; the ballot prints them A, B, C by given name.
    assert [row["candidate"] for row in data["rows"]] == list(SEVEN)
    codes = zxingcpp.read_barcodes(images[2], formats=zxingcpp.BarcodeFormat.QRCode)
    assert [c.text for c in codes] == [f"DH1|q1-bch-2025|1|{data['hash']}"]
    assert leftovers(tmp_path) == []


def test_it_prints_the_approve_form_when_there_is_no_surplus(tmp_path: Path) -> None:
    election = election_file(tmp_path, ("Trần Thị Bình",), seats=1, body="secretary")
    pdf, layout_path = tmp_path / "bi-thu.pdf", tmp_path / "bi-thu.json"
    assert main(["ballot", "print", str(election), "-o", str(pdf), "--layout",
                 str(layout_path)]) == 0  # fmt: skip
    data = json.loads(layout_path.read_text(encoding="utf-8"))
    assert data["form"] == "approve"
    assert data["rows"][0]["agree"] and data["rows"][0]["disagree"]
    assert len(pdfium.PdfDocument(pdf.read_bytes())) == 1


def test_it_refuses_a_list_too_long_for_one_side_and_keeps_the_old_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    election = election_file(tmp_path, people(260), seats=100, body="delegates")
    pdf = tmp_path / "phieu.pdf"
    pdf.write_bytes(b"the ballots printed yesterday")
    status = main(["ballot", "print", str(election), "-o", str(pdf)])
    assert status == 2
    error = capsys.readouterr().err
    assert "Danh sách 260 người không vừa một mặt giấy A4" in error
    assert str(election) in error
    assert pdf.read_bytes() == b"the ballots printed yesterday"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--copies", "0"], "số phiếu phải từ 1"),
        (["--copies", "-3"], "số phiếu phải từ 1"),
    ],
)
def test_it_refuses_a_copy_count_below_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    election = election_file(tmp_path, SEVEN)
    pdf = tmp_path / "phieu.pdf"
    assert main(["ballot", "print", str(election), "-o", str(pdf), *args]) == 2
    assert message in capsys.readouterr().err
    assert not pdf.exists()


def test_it_names_the_file_and_field_of_a_bad_election(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "khong-co.yaml"
    assert main(["ballot", "print", str(missing), "-o", str(tmp_path / "p.pdf")]) == 2
    assert "khong-co.yaml" in capsys.readouterr().err

    broken = tmp_path / "broken.yaml"
    broken.write_text("id: q1\ntitle: Bầu\nbody: committee\nseats: 2\nrules: party\n",
                      encoding="utf-8")  # fmt: skip
    assert main(["ballot", "print", str(broken), "-o", str(tmp_path / "p.pdf")]) == 2
    error = capsys.readouterr().err
    assert "broken.yaml" in error and "candidates" in error
    assert not (tmp_path / "p.pdf").exists()


def test_it_refuses_an_output_folder_that_does_not_exist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    election = election_file(tmp_path, SEVEN)
    target = tmp_path / "no-such-folder" / "phieu.pdf"
    assert main(["ballot", "print", str(election), "-o", str(target)]) == 2
    assert "không tồn tại" in capsys.readouterr().err
