"""Printed ballots, read back as pixels: the marks are where layout.json says, the QR code
decodes, and every copy is the same."""

from __future__ import annotations

import numpy as np
import pytest
import zxingcpp

from daihoi.paper.layout import BallotSpec, design_ballot, qr_payload
from daihoi.paper.render import render_ballots

from .conftest import SCENARIOS, SEVEN, spec
from .rendering import SCALE, crop, ink_bounds, pages

PIXEL = 1 / SCALE  # one pixel at 100 dpi, in points


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_it_prints_the_fiducials_where_the_layout_says(
    scenario: str, request: pytest.FixtureRequest
) -> None:
    design = design_ballot(request.getfixturevalue(scenario))
    (page,) = pages(render_ballots(design))
    for box in design.layout.fiducials:
        assert crop(page, box, inset=1.0).max() < 60  # solid black
        # and white just outside: the box is the whole mark
        x0, y0, x1, y1 = box
        assert ink_bounds(page, (x0 - 6, y0 - 6, x1 + 6, y1 + 6)) == pytest.approx(
            box, abs=2 * PIXEL
        )


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_it_prints_each_name_inside_its_name_box(
    scenario: str, request: pytest.FixtureRequest
) -> None:
    ballot: BallotSpec = request.getfixturevalue(scenario)
    design = design_ballot(ballot)
    (page,) = pages(render_ballots(design))
    for row in design.layout.rows:
        # The ink of the name cell (from the name's left edge to the X boxes or the row end,
        # inside the row separators) is the printed name, and the name box is tight around it.
        right = row.row[2] - 1
        if row.agree:  # up to the table's grid line before the “Đồng ý” column
            grid = [
                r.x0 for r in design.rules if r.x0 == r.x1 and row.name[2] < r.x0 < row.agree[0]
            ]
            right = min(grid) - 1.5
        cell = (row.name[0] - 3, row.row[1] + 1, right, row.row[3] - 1)
        ink = ink_bounds(page, cell)
        assert ink is not None, row.candidate
        x0, y0, x1, y1 = row.name
        assert ink[0] == pytest.approx(x0, abs=1.5)
        assert ink[2] == pytest.approx(x1, abs=1.5)
        assert ink[1] >= y0 - 1.5 and ink[3] <= y1 + 1.5
        assert ink[3] == pytest.approx(y1, abs=1.5)  # lowest ink: descender or baseline


def test_it_prints_the_right_name_in_each_row() -> None:
    """Swap two names and only their rows' ink changes: the boxes follow the names."""
    a = design_ballot(spec(SEVEN))
    b = design_ballot(spec((SEVEN[1], SEVEN[0], *SEVEN[2:])))
    page_a, page_b = pages(render_ballots(a))[0], pages(render_ballots(b))[0]
    for row_a, row_b in zip(a.layout.rows, b.layout.rows, strict=True):
        same = row_a.candidate == row_b.candidate
        cells_equal = np.array_equal(crop(page_a, row_a.row), crop(page_b, row_b.row))
        assert cells_equal == same, row_a.number
    # the name printed in row 1 of ballot b is the one printed in row 2 of ballot a
    assert b.layout.rows[0].candidate == a.layout.rows[1].candidate
    width = a.layout.rows[1].name[2] - a.layout.rows[1].name[0]
    assert b.layout.rows[0].name[2] - b.layout.rows[0].name[0] == pytest.approx(width)


def test_it_leaves_the_seal_area_empty_but_for_its_label(committee_seven: BallotSpec) -> None:
    design = design_ballot(committee_seven)
    (page,) = pages(render_ballots(design))
    x0, y0, x1, _ = design.layout.seal
    inner = (x0 + 2, y0 + 2, x1 - 2, design.seal_label.baseline - 8)
    assert crop(page, inner).min() > 240
    border = crop(page, design.layout.seal)
    assert 100 < border.min() < 230  # a light grey dashed line, not black


def test_it_draws_the_x_boxes_of_the_approve_form(standing_three: BallotSpec) -> None:
    design = design_ballot(standing_three)
    (page,) = pages(render_ballots(design))
    for row in design.layout.rows:
        for box in (row.agree, row.disagree):
            assert box is not None
            assert ink_bounds(page, (box[0] - 2, box[1] - 2, box[2] + 2, box[3] + 2)) == (
                pytest.approx(box, abs=1.5)
            )
            assert crop(page, box, inset=2.0).min() > 200  # empty inside


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_it_prints_a_qr_code_that_reads_back_as_the_payload(
    scenario: str, request: pytest.FixtureRequest
) -> None:
    design = design_ballot(request.getfixturevalue(scenario))
    (page,) = pages(render_ballots(design))
    found = zxingcpp.read_barcodes(page, formats=zxingcpp.BarcodeFormat.QRCode)
    assert [code.text for code in found] == [qr_payload(design.layout)]
    x0, y0, x1, y1 = design.layout.qr
    assert ink_bounds(page, (x0 - 6, y0 - 6, x1 + 6, y1 + 6)) == pytest.approx(
        design.layout.qr, abs=1.5
    )
    position = found[0].position
    xs = [p.x / SCALE for p in (position.top_left, position.bottom_right)]
    assert x0 - 2 <= min(xs) and max(xs) <= x1 + 2


def test_it_prints_identical_copies(delegates_120: BallotSpec) -> None:
    pdf = render_ballots(design_ballot(delegates_120), copies=3)
    first, *others = pages(pdf)
    assert len(others) == 2
    for other in others:
        assert np.array_equal(first, other)


def test_it_prints_the_same_bytes_every_time(committee_seven: BallotSpec) -> None:
    design = design_ballot(committee_seven)
    assert render_ballots(design, copies=2) == render_ballots(design_ballot(committee_seven), 2)


def test_it_refuses_zero_copies(committee_seven: BallotSpec) -> None:
    with pytest.raises(ValueError):
        render_ballots(design_ballot(committee_seven), copies=0)
