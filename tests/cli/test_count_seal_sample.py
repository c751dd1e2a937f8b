"""``daihoi count scan --seal-sample``: the committee of Phường Tân Định scans one stamped blank
ballot before counting. The terminal names that sample, the results record its SHA-256, a
ballot stamped with another seal goes to the committee with the reason named in the summary,
and without a sample the terminal says that none was given."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import cv2
import pytest
import yaml

from daihoi.cli.main import main
from daihoi.engine.election import Election
from daihoi.scan.template import BallotTemplate
from daihoi_testsupport.synth import Case, Scan, Stroke, make_election, render_case
from tests.scan.hardcases import Canvas, Drawing, draw_page, names_pt

SCAN = Scan(dpi=150, jpeg_quality=None)


@pytest.fixture(scope="module")
def tan_dinh() -> Election:
    """Phường Tân Định elects 4 of 5 names."""
    return make_election(404, 5, election_id="tan-dinh-bch", electorate=50)


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


def _committee_seal(canvas: Canvas, template: BallotTemplate, size: float = 0.84) -> None:
    """The committee's rubber stamp: one size, wherever and however turned the hand puts it."""
    box = template.layout.seal
    centre = (
        box.centre[0] + canvas.rng.uniform(-8, 8),
        box.centre[1] + canvas.rng.uniform(-3, 3),
    )
    canvas.seal(centre, min(box.width, box.height) / 2 * size)


def _another_committees_seal(canvas: Canvas, template: BallotTemplate) -> None:
    """A stamp of the same make but another committee's, a fifth smaller."""
    _committee_seal(canvas, template, size=0.84 * 0.8)


def _png(election: Election, seed: int, drawing: Drawing) -> bytes:
    ok, data = cv2.imencode(".png", draw_page(election, seed, drawing, scan=SCAN).pixels)
    assert ok
    return data.tobytes()


def _ballots(folder: Path, election: Election) -> None:
    """Three ballots stamped with the committee's seal (each strikes one name), and one stamped
    with another committee's seal."""
    folder.mkdir()
    for i in range(3):

        def struck(canvas: Canvas, template: BallotTemplate, i: int = i) -> None:
            _committee_seal(canvas, template)
            _, x0, x1, mid, _ = names_pt(template)[i]
            canvas.pen([(x0 - 3, mid), (x1 + 4, mid + 0.3)], tremor=0.3)

        (folder / f"phieu-{i}.png").write_bytes(_png(election, 600 + i, struck))

    def other_seal(canvas: Canvas, template: BallotTemplate) -> None:
        _another_committees_seal(canvas, template)
        _, x0, x1, mid, _ = names_pt(template)[3]
        canvas.pen([(x0 - 3, mid), (x1 + 4, mid + 0.3)], tremor=0.3)

    (folder / "phieu-dau-khac.png").write_bytes(_png(election, 610, other_seal))


def test_the_terminal_and_the_results_name_the_committees_seal_sample(
    tmp_path: Path, tan_dinh: Election, capsys: pytest.CaptureFixture[str]
) -> None:
    election_file = _election_file(tmp_path, tan_dinh)
    _ballots(tmp_path / "quet", tan_dinh)
    sample = tmp_path / "mau-dau.png"
    sample.write_bytes(_png(tan_dinh, 77, _committee_seal))
    digest = hashlib.sha256(sample.read_bytes()).hexdigest()
    out = tmp_path / "ket-qua.json"

    code = main(
        [
            *("count", "scan", str(election_file), str(tmp_path / "quet")),
            *("-o", str(out), "--seal-sample", str(sample), "-j", "1"),
        ]
    )

    assert code == 0
    captured = capsys.readouterr()
    terminal = " ".join((captured.out + captured.err).split())
    assert f"Mẫu dấu của Ban Tổ chức: {sample} (SHA-256 {digest[:12]}…)" in terminal
    assert "không có mẫu dấu" not in terminal
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["scan"]["seal_sample"] == digest
    by_file = {Path(r["source"]).name: r for r in document["readings"]}
    for i in range(3):
        reading = by_file[f"phieu-{i}.png"]
        assert reading["status"] == "valid", reading.get("reason")
        assert reading["seal"]["match"] >= tan_dinh.rules.scan.seal_match_min
    other = by_file["phieu-dau-khac.png"]
    assert (other["status"], other["reason"]) == ("review", "seal_mismatch"), json.dumps(
        other["seal"]
    )
    assert other["seal"]["match"] < tan_dinh.rules.scan.seal_match_min
    # The summary's "Lý do" column says why the page waits for the committee.
    summary = terminal.split("Kết quả quét phiếu")[1]
    waiting = summary.split("chờ ban kiểm phiếu quyết định")[1].split("│")
    assert waiting[1].strip() == "1"
    assert waiting[2].strip() != ""


def test_without_a_sample_the_terminal_says_none_was_given(
    tmp_path: Path, tan_dinh: Election, capsys: pytest.CaptureFixture[str]
) -> None:
    election_file = _election_file(tmp_path, tan_dinh)
    _ballots(tmp_path / "quet", tan_dinh)
    out = tmp_path / "ket-qua.json"

    code = main(["count", "scan", str(election_file), str(tmp_path / "quet"), "-o", str(out)])

    assert code == 0
    captured = capsys.readouterr()
    terminal = " ".join((captured.out + captured.err).split())
    assert "không có mẫu dấu (--seal-sample)" in terminal
    assert "Mẫu dấu của Ban Tổ chức" not in terminal
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["scan"]["seal_sample"] is None
    # Any stamp-like seal of substance passes: the other design is counted too.
    assert document["scan"]["by_status"].get("review", 0) == 0


def test_a_sample_that_is_not_this_elections_ballot_is_refused_naming_it(
    tmp_path: Path, tan_dinh: Election, capsys: pytest.CaptureFixture[str]
) -> None:
    election_file = _election_file(tmp_path, tan_dinh)
    _ballots(tmp_path / "quet", tan_dinh)
    other = make_election(405, 5, election_id="phuong-khac", electorate=50)
    sample = tmp_path / "mau-dau-khac.png"
    sample.write_bytes(_png(other, 78, _committee_seal))

    code = main(
        [
            *("count", "scan", str(election_file), str(tmp_path / "quet")),
            *("-o", str(tmp_path / "ket-qua.json"), "--seal-sample", str(sample)),
        ]
    )

    assert code == 2
    captured = capsys.readouterr()
    assert "mau-dau-khac.png" in " ".join((captured.out + captured.err).split())
    assert not (tmp_path / "ket-qua.json").exists()


@pytest.mark.xfail(
    strict=True,
    reason="finding: a seal of another design (the synthetic corpus's double ring, 28 marks and "
    "a star) but of the same size matches the committee's triple-ring sample 0.61 in a 150 dpi "
    "grey scan, above seal_match_min 0.6: the match weighs the size more than the design",
)
def test_a_seal_of_another_design_of_the_same_size_goes_to_review(
    tmp_path: Path, tan_dinh: Election
) -> None:
    election_file = _election_file(tmp_path, tan_dinh)
    folder = tmp_path / "quet"
    folder.mkdir()
    first = tan_dinh.candidates[0].label
    other = Case(tan_dinh, strokes={first: Stroke.STRAIGHT}, scan=SCAN, seed=610)
    (folder / "phieu-dau-khac.png").write_bytes(render_case(other).encoded)
    sample = tmp_path / "mau-dau.png"
    sample.write_bytes(_png(tan_dinh, 77, _committee_seal))
    out = tmp_path / "ket-qua.json"
    assert (
        main(
            [
                *("count", "scan", str(election_file), str(folder)),
                *("-o", str(out), "--seal-sample", str(sample), "-j", "1"),
            ]
        )
        == 0
    )
    reading = json.loads(out.read_text(encoding="utf-8"))["readings"][0]
    assert (reading["status"], reading["reason"]) == ("review", "seal_mismatch")
