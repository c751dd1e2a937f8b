"""A page is placed on the layout whatever the scanner did to it, or rejected with a reason."""

from __future__ import annotations

import pytest

from daihoi.engine.election import Election
from daihoi_testsupport.synth import Case, Pen, Scan, Stroke
from tests.scan.conftest import QUIET, expected_marks, marks_of, page_of

DEGRADATIONS = {
    "turned 90°": Scan(dpi=150, rotation=90),
    "upside down": Scan(dpi=150, rotation=180),
    "turned 270°": Scan(dpi=150, rotation=270),
    "skewed +5°": Scan(dpi=150, skew=5.0),
    "skewed -5°": Scan(dpi=150, skew=-5.0, rotation=90),
    "shifted and scaled": Scan(dpi=200, shift=(9.0, -7.0), scale=0.97),
    "noisy": Scan(dpi=200, noise=8.0),
    "blurred": Scan(dpi=200, blur=1.0),
    "speckled": Scan(dpi=200, speckle=40.0),
    "low toner": Scan(dpi=200, low_toner=0.4),
    "fold line": Scan(dpi=200, fold=25.0),
    "poor JPEG": Scan(dpi=200, jpeg_quality=45),
    "colour 300 dpi": Scan(dpi=300, colour=True, rotation=180),
    "phone photo": Scan(dpi=150, perspective=18.0, uneven_light=0.35, colour=True),
}


@pytest.mark.parametrize("name", list(DEGRADATIONS))
def test_it_reads_a_marked_ballot_under_each_degradation(quan1: Election, name: str) -> None:
    first, third = quan1.candidates[0].label, quan1.candidates[2].label
    case = Case(
        quan1,
        strokes={first: Stroke.STRAIGHT, third: Stroke.WAVY},
        pen=Pen.BLUE_BALLPOINT,
        scan=DEGRADATIONS[name],
        seed=7,
    )
    page, result = page_of(case)
    assert result.reading.status.value == "valid", result.reading
    assert marks_of(result) == expected_marks(page)


def test_it_reads_a_600_dpi_scan(quan1: Election) -> None:
    case = Case(
        quan1,
        strokes={quan1.candidates[0].label: Stroke.STRAIGHT},
        scan=Scan(dpi=600, jpeg_quality=80),
        seed=0,
    )
    page, result = page_of(case)
    assert result.reading.status.value == "valid"
    assert marks_of(result) == expected_marks(page)


def test_it_records_how_the_page_was_turned(quan1: Election) -> None:
    for rotation in (0, 90, 180, 270):
        case = Case(
            quan1,
            strokes={quan1.candidates[1].label: Stroke.STRAIGHT},
            scan=Scan(dpi=150, rotation=rotation, jpeg_quality=None),
            seed=rotation,
        )
        _, result = page_of(case)
        assert result.reading.rotation == rotation


def test_a_quiet_scan_needs_no_degradation_to_be_read(quan1: Election) -> None:
    case = Case(quan1, strokes={quan1.candidates[7].label: Stroke.PAST}, scan=QUIET, seed=1)
    page, result = page_of(case)
    assert marks_of(result) == expected_marks(page)
