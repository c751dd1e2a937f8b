"""Seals of another make than the synthetic corpus's: thin double rings with small lettering and a
star, pale and dry, spilling out of the seal area, in the wrong colour, photocopied."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from daihoi.engine.election import Election
from daihoi.scan.images import decode_image
from daihoi.scan.template import BallotTemplate
from daihoi_testsupport.synth import Scan
from tests.scan.hardcases import (
    SEAL_BLUE,
    SEAL_GREY,
    SEAL_VIOLET,
    Canvas,
    Drawn,
    default_seal,
    draw_page,
    names_pt,
)

COLOUR = Scan(dpi=200, colour=True, jpeg_quality=85)
GREY = Scan(dpi=200, colour=False, jpeg_quality=85)


def _strike_first(canvas: Canvas, template: BallotTemplate) -> None:
    _, x0, x1, mid, _ = names_pt(template)[0]
    canvas.pen([(x0 - 3, mid), (x1 + 4, mid + 0.3)], tremor=0.3)


def _page(
    election: Election, seed: int, scan: Scan, photocopy: bool = False, **seal: object
) -> Drawn:
    def drawing(canvas: Canvas, template: BallotTemplate) -> None:
        default_seal(canvas, template.layout, **seal)  # type: ignore[arg-type]
        _strike_first(canvas, template)

    return draw_page(election, seed, drawing, scan=scan, photocopy=photocopy)


@pytest.mark.parametrize("scan", [COLOUR, GREY], ids=["colour", "grey"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_thin_double_ring_seal_with_small_text_is_present(
    quan1: Election, scan: Scan, seed: int
) -> None:
    page = _page(quan1, seed, scan)
    seal = page.result.reading.seal
    assert seal is not None and seal["state"] == "present", seal
    assert page.status == "valid"
    if scan.colour:
        assert seal["hue"] == "red" and seal["red"] is not None


@pytest.mark.parametrize("scan", [COLOUR, GREY], ids=["colour", "grey"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_pale_stamp_from_a_dry_pad_is_present(quan1: Election, scan: Scan, seed: int) -> None:
    page = _page(quan1, seed, scan, strength=0.6, dry=0.15)
    assert page.result.reading.seal is not None
    assert page.result.reading.seal["state"] == "present", page.result.reading.seal
    assert page.status == "valid"


@pytest.mark.parametrize("scan", [COLOUR, GREY], ids=["colour", "grey"])
@pytest.mark.parametrize("shift", [(20.0, -10.0), (35.0, 0.0), (0.0, 30.0)])
def test_a_stamp_spilling_out_of_the_area_is_the_seal_not_other_marks(
    quan1: Election, scan: Scan, shift: tuple[float, float]
) -> None:
    def drawing(canvas: Canvas, template: BallotTemplate) -> None:
        box = template.layout.seal
        # Centre on the area's right (or bottom) edge: the ring runs onto the heading / title.
        centre = (box.x1 + shift[0] - 20, box.centre[1] + shift[1])
        canvas.seal(centre, min(box.width, box.height) / 2 * 0.85)
        _strike_first(canvas, template)

    page = draw_page(quan1, 5, drawing, scan=scan)
    assert (page.status, page.reason) == ("valid", None), page.result.reading.seal


def test_a_stamp_beside_the_seal_area_goes_to_review_never_not_issued(quan1: Election) -> None:
    def drawing(canvas: Canvas, template: BallotTemplate) -> None:
        box = template.layout.seal
        canvas.seal((box.x1 + 48, box.centre[1] - 5), 36)
        _strike_first(canvas, template)

    page = draw_page(quan1, 0, drawing, scan=COLOUR)
    assert (page.status, page.reason) == ("review", "seal_doubtful")


@pytest.mark.parametrize("colour", [SEAL_BLUE, SEAL_VIOLET], ids=["blue", "violet"])
def test_a_stamp_of_another_colour_in_a_colour_scan_goes_to_review(
    quan1: Election, colour: tuple[int, int, int]
) -> None:
    page = _page(quan1, 3, COLOUR, colour=colour)
    assert (page.status, page.reason) == ("review", "seal_colour")


def test_a_photocopy_of_a_stamped_ballot_scanned_in_colour_goes_to_review(
    quan1: Election,
) -> None:
    page = _page(quan1, 4, COLOUR, photocopy=True)
    assert (page.status, page.reason) == ("review", "seal_colour")
    assert page.result.reading.seal is not None and page.result.reading.seal["hue"] == "neutral"


def test_a_grey_stamp_in_a_grey_scan_is_the_seal(quan1: Election) -> None:
    # In grey no colour can be checked: a grey stamp of the right shape is the seal.
    page = _page(quan1, 4, GREY, colour=SEAL_GREY)
    assert page.status == "valid"


def test_a_colour_file_with_a_thin_red_seal_stays_colour_when_decoded(quan1: Election) -> None:
    page = _page(quan1, 1, COLOUR)
    ok, data = cv2.imencode(".jpg", page.pixels, [cv2.IMWRITE_JPEG_QUALITY, 85])
    assert ok
    decoded = decode_image(np.asarray(data).tobytes())
    assert decoded is not None and decoded.ndim == 3


def test_a_pen_loop_in_the_seal_area_is_not_a_seal(quan1: Election) -> None:
    def drawing(canvas: Canvas, template: BallotTemplate) -> None:
        cx, cy = template.layout.seal.centre
        pts = [(cx + 30 * np.cos(t / 30 * 6.3), cy + 28 * np.sin(t / 30 * 6.3)) for t in range(27)]
        canvas.pen(pts, width=1.0)
        _strike_first(canvas, template)

    page = draw_page(quan1, 6, drawing, scan=GREY)
    assert page.status != "valid"
