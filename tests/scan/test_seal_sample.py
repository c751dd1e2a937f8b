"""The committee's own seal, learnt from a stamped blank ballot (``--seal-sample``): pages with
that seal pass, another design or another colour goes to the committee, none is not issued."""

from __future__ import annotations

import hashlib

import pytest

from daihoi.engine.election import Election
from daihoi.scan.images import PageImage
from daihoi.scan.reader import SealSampleError
from daihoi.scan.session import ScanSession
from daihoi.scan.template import BallotTemplate
from daihoi_testsupport.synth import Case, Scan, Stroke, render_case
from tests.scan.hardcases import SEAL_BLUE, Canvas, default_seal, draw_page, names_pt

COLOUR = Scan(dpi=200, colour=True, jpeg_quality=85)
GREY = Scan(dpi=200, colour=False, jpeg_quality=85)


def _synthetic(case: Case, label: str) -> PageImage:
    page = render_case(case)
    return PageImage(label, 1, hashlib.sha256(page.encoded).hexdigest(), page.pixels)


@pytest.fixture(scope="module")
def sample(quan1: Election) -> PageImage:
    """A blank ballot stamped with the synthetic corpus's seal, scanned in colour."""
    return _synthetic(Case(quan1, scan=COLOUR, seed=77), "mau-dau.jpg")


@pytest.fixture
def session(quan1: Election, sample: PageImage) -> ScanSession:
    """A fresh session for each page (the same paper in colour and grey is one paper)."""
    return ScanSession(quan1, seal_sample=[sample])


def _struck(quan1: Election, seed: int, scan: Scan) -> PageImage:
    first = quan1.candidates[0].label
    return _synthetic(Case(quan1, strokes={first: Stroke.STRAIGHT}, scan=scan, seed=seed), "p")


@pytest.mark.parametrize("scan", [COLOUR, GREY, Scan(dpi=300)], ids=["colour", "grey", "300dpi"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pages_stamped_with_the_committees_seal_pass(
    session: ScanSession, quan1: Election, scan: Scan, seed: int
) -> None:
    reading = session.add_page(_struck(quan1, 500 + seed, scan))
    assert reading.status.value == "valid", (reading.reason, reading.seal)
    assert reading.seal is not None and reading.seal["state"] == "present"
    assert reading.seal["match"] >= quan1.rules.scan.seal_match_min


def _other_seal(quan1: Election, seed: int, scan: Scan, **seal: object) -> PageImage:
    def drawing(canvas: Canvas, template: BallotTemplate) -> None:
        default_seal(canvas, template.layout, **seal)  # type: ignore[arg-type]
        _, x0, x1, mid, _ = names_pt(template)[0]
        canvas.pen([(x0 - 3, mid), (x1 + 4, mid + 0.3)], tremor=0.3)

    drawn = draw_page(quan1, seed, drawing, scan=scan)
    # Without a sample, the hard cases' own seal is a seal like any other.
    assert drawn.result.reading.seal is not None
    return PageImage(f"khac-{seed}", 1, f"sha-khac-{seed}-{scan}", drawn.pixels)


@pytest.mark.parametrize("scan", [COLOUR, GREY], ids=["colour", "grey"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_seal_of_another_design_goes_to_review_as_a_mismatch(
    session: ScanSession, quan1: Election, scan: Scan, seed: int
) -> None:
    page = _other_seal(quan1, seed, scan)
    reading = session.add_page(page)
    assert reading.status.value == "review" and reading.reason == "seal_mismatch", reading.seal
    assert reading.seal is not None and reading.seal["match"] < quan1.rules.scan.seal_match_min
    # The same page without a sample: any stamp-like seal of substance passes.
    assert ScanSession(quan1).add_page(page).status.value == "valid"


def test_a_blue_stamp_in_a_colour_scan_goes_to_review(
    session: ScanSession, quan1: Election
) -> None:
    reading = session.add_page(_other_seal(quan1, 4, COLOUR, colour=SEAL_BLUE))
    assert reading.status.value == "review"
    assert reading.reason in ("seal_colour", "seal_mismatch")


def test_a_page_with_no_seal_is_not_issued(session: ScanSession, quan1: Election) -> None:
    first = quan1.candidates[0].label
    page = _synthetic(Case(quan1, strokes={first: Stroke.STRAIGHT}, seal=False, seed=9), "x")
    reading = session.add_page(page)
    assert reading.status.value == "invalid" and reading.reason == "not_issued"


def test_the_results_name_the_sample_by_its_sha256(quan1: Election, sample: PageImage) -> None:
    with_sample = ScanSession(quan1, seal_sample=[sample]).results_document()
    assert with_sample["scan"]["seal_sample"] == sample.sha256
    assert ScanSession(quan1).results_document()["scan"]["seal_sample"] is None
    # A learnt seal can be handed over as it is (a counting station keeps it).
    learnt = ScanSession(quan1, seal_sample=[sample]).seal_model
    assert learnt is not None
    again = ScanSession(quan1, seal_sample=learnt, seal_sample_sha256=[sample.sha256])
    assert again.results_document()["scan"]["seal_sample"] == sample.sha256


def test_a_sample_without_a_seal_is_refused(quan1: Election) -> None:
    blank = _synthetic(Case(quan1, seal=False, seed=5), "trang.jpg")
    with pytest.raises(SealSampleError, match="vòng dấu"):
        ScanSession(quan1, seal_sample=[blank])
