"""Marks the synthetic corpus does not draw: strokes with tremor and skips, strokes that leave a
word clean, a struck name kept again (a loop, "giữ" written beside), a highlighter, light inks,
and on the approve form a circle round a box or an X on the name."""

from __future__ import annotations

import pytest

from daihoi.engine.election import Election
from daihoi.scan.template import BallotTemplate
from daihoi_testsupport.synth import Scan
from tests.scan.hardcases import (
    BLACK_PEN,
    BLUE_PEN,
    GREEN_HIGHLIGHTER,
    LIGHT_BLUE_PEN,
    LIGHT_PENCIL,
    YELLOW_HIGHLIGHTER,
    Canvas,
    Drawing,
    Drawn,
    circle_round,
    cross_in,
    default_seal,
    draw_page,
    loop_round,
    names_pt,
    stroke_through,
    word_spans,
    write_giu,
)

GREY = Scan(dpi=200, colour=False, jpeg_quality=85)
COLOUR = Scan(dpi=200, colour=True, jpeg_quality=85)
PENS = {
    "blue": {"colour": BLUE_PEN, "width": 1.2, "tremor": 0.5, "skips": 0.1},
    "black": {"colour": BLACK_PEN, "width": 1.0, "tremor": 0.4},
    "light-pencil": {"colour": LIGHT_PENCIL, "width": 1.0, "opacity": 0.8, "skips": 0.2},
}
ROW = 2  # the name the hard marks go on ("Phạm Bảo Ổn" in Quận 1's list)


def _sealed(drawing: Drawing) -> Drawing:
    def drawn(canvas: Canvas, template: BallotTemplate) -> None:
        default_seal(canvas, template.layout)
        drawing(canvas, template)

    return drawn


def _read(election: Election, seed: int, drawing: Drawing, scan: Scan = GREY) -> Drawn:
    return draw_page(election, seed, _sealed(drawing), scan=scan)


def _row(page: Drawn, index: int) -> str:
    return page.result.reading.rows[index].mark


# ---------------------------------------------------------------------------- whole strikes


@pytest.mark.parametrize("pen", list(PENS), ids=list(PENS))
@pytest.mark.parametrize("scan", [GREY, COLOUR], ids=["grey", "colour"])
@pytest.mark.parametrize("seed", [0, 1])
def test_a_whole_stroke_with_tremor_and_skips_is_struck(
    quan1: Election, pen: str, scan: Scan, seed: int
) -> None:
    page = _read(quan1, seed, lambda c, t: stroke_through(c, t, ROW, **PENS[pen]), scan)
    assert (page.status, _row(page, ROW)) == ("valid", "struck"), page.result.reading.rows[ROW]


# ---------------------------------------------------------------------------- partial strikes


def _partial(kind: str) -> Drawing:
    def drawing(canvas: Canvas, template: BallotTemplate) -> None:
        words = word_spans(template, ROW)
        if kind == "leaves_given_name":
            stroke_through(canvas, template, ROW, x1=words[-2][1] + 1.5)
        elif kind == "after_surname":
            stroke_through(canvas, template, ROW, x0=words[1][0] - 1.5)
        elif kind == "starts_mid_surname":
            stroke_through(canvas, template, ROW, x0=(words[0][0] + words[0][1]) / 2)
        elif kind == "stops_in_last_word":
            stroke_through(canvas, template, ROW, x1=(words[-1][0] + words[-1][1]) / 2)
        else:  # one word
            stroke_through(canvas, template, ROW, x0=words[1][0] - 1, x1=words[1][1] + 1)

    return drawing


PARTIAL_KINDS = [
    "leaves_given_name",
    "after_surname",
    "starts_mid_surname",
    "stops_in_last_word",
    "one_word",
]


@pytest.mark.parametrize("kind", PARTIAL_KINDS)
@pytest.mark.parametrize("scan", [GREY, COLOUR], ids=["grey", "colour"])
def test_a_stroke_that_leaves_part_of_the_name_clean_is_a_partial_strike(
    quan1: Election, kind: str, scan: Scan
) -> None:
    page = _read(quan1, 3, _partial(kind), scan)
    assert (page.status, page.reason) == ("review", "partial_strike")
    assert _row(page, ROW) == "unclear"


def test_a_four_word_name_with_its_given_name_left_clean_is_not_struck() -> None:
    # Four words: three crossed of four was read as struck before (3/4 of the words seen).
    from daihoi_testsupport.synth import make_election

    election = make_election(770, 6, election_id="bon-chu", electorate=1000)
    index = next(i for i, c in enumerate(election.candidates) if len(c.name.split()) == 4)

    def drawing(canvas: Canvas, template: BallotTemplate) -> None:
        words = word_spans(template, index)
        stroke_through(canvas, template, index, x1=words[-2][1] + 2.0)

    page = _read(election, 4, drawing)
    assert page.result.reading.rows[index].mark == "unclear"
    assert page.status == "review"


# ---------------------------------------------------------------------------- corrections


@pytest.mark.parametrize("scan", [GREY, COLOUR], ids=["grey", "colour"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_struck_name_circled_again_goes_to_review(quan1: Election, scan: Scan, seed: int) -> None:
    def drawing(canvas: Canvas, template: BallotTemplate) -> None:
        stroke_through(canvas, template, ROW)
        loop_round(canvas, template, ROW)

    page = _read(quan1, seed, drawing, scan)
    assert (page.status, page.reason) == ("review", "correction")


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_struck_name_with_giu_written_beside_goes_to_review(quan1: Election, seed: int) -> None:
    def drawing(canvas: Canvas, template: BallotTemplate) -> None:
        stroke_through(canvas, template, ROW)
        name = template.layout.rows[ROW].name
        write_giu(canvas, name.x1 + 6 + 4 * seed, name.y1 - 3)

    page = _read(quan1, seed, drawing)
    assert (page.status, page.reason) == ("review", "correction")


@pytest.mark.parametrize("colour", [YELLOW_HIGHLIGHTER, GREEN_HIGHLIGHTER], ids=["yellow", "green"])
@pytest.mark.parametrize("tight", [False, True], ids=["over-name", "over-letters"])
def test_a_highlighter_over_a_kept_name_in_colour_goes_to_review(
    quan1: Election, colour: tuple[int, int, int], tight: bool
) -> None:
    def drawing(canvas: Canvas, template: BallotTemplate) -> None:
        stroke_through(canvas, template, 0)
        name = template.layout.rows[ROW].name
        box = name.grown(1.5)
        if tight:
            box = type(name)(name.x0 - 2, name.y0 + 3, name.x1 + 2, name.y1 - 2)
        canvas.highlight(box, colour)

    page = _read(quan1, 5, drawing, COLOUR)
    assert page.status == "review"
    assert _row(page, ROW) == "unclear"
    assert _row(page, 0) == "struck"


@pytest.mark.parametrize("seed", [0, 1])
def test_a_highlighter_over_a_kept_name_in_a_grey_scan_goes_to_review(
    quan1: Election, seed: int
) -> None:
    # In grey a yellow highlighter is a band only a little darker than the paper: never ink,
    # but never a clean row either.
    def drawing(canvas: Canvas, template: BallotTemplate) -> None:
        stroke_through(canvas, template, 0)
        name = template.layout.rows[ROW].name
        canvas.highlight(type(name)(name.x0 - 2, name.y0 + 1, name.x1 + 2, name.y1 - 1))

    page = _read(quan1, seed, drawing)
    assert page.status == "review"
    assert _row(page, ROW) == "unclear"
    assert _row(page, 0) == "struck"


@pytest.mark.parametrize("seed", [0, 1])
def test_a_struck_name_struck_again_under_the_first_line_goes_to_review(
    quan1: Election, seed: int
) -> None:
    # The voter strikes a name twice, the second line under the first along the whole name:
    # two marks, never one plain strike.
    def drawing(canvas: Canvas, template: BallotTemplate) -> None:
        stroke_through(canvas, template, ROW, **PENS["blue"])
        _, nx0, nx1, mid, h = names_pt(template)[ROW]
        canvas.pen([(nx0 - 3, mid + 0.8 * h), (nx1 + 3, mid + 0.8 * h)], **PENS["blue"])

    page = _read(quan1, seed, drawing)
    assert page.status == "review"
    assert page.reason == "correction"
    assert _row(page, ROW) == "unclear"


def test_the_scanner_lid_round_a_shifted_sheet_is_not_a_mark(quan1: Election) -> None:
    # A sheet shifted on the glass shows the dark lid along one edge, inside the page's outer
    # band but never past the fiducials: not a voter's mark (it sent ordinary ballots to review).
    def drawing(canvas: Canvas, template: BallotTemplate) -> None:
        stroke_through(canvas, template, 0)
        stroke_through(canvas, template, 1)
        layout = template.layout
        box = type(layout.seal)
        canvas.highlight(box(layout.width - 13, 300, layout.width, 830), (40, 40, 40), 1.0)
        canvas.highlight(box(10, layout.height - 13, 300, layout.height), (40, 40, 40), 1.0)

    page = _read(quan1, 3, drawing)
    assert page.status == "valid"
    assert [_row(page, i) for i in (0, 1)] == ["struck", "struck"]


# ---------------------------------------------------------------------------- light inks


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_a_light_blue_ballpoint_in_a_grey_scan_is_never_read_as_kept(
    quan1: Election, seed: int
) -> None:
    pen = {"colour": LIGHT_BLUE_PEN, "width": 0.9, "tremor": 0.4, "skips": 0.15}
    page = _read(quan1, seed, lambda c, t: stroke_through(c, t, ROW, **pen))
    assert _row(page, ROW) in ("struck", "unclear")
    assert page.status in ("valid", "review")


@pytest.mark.parametrize("seed", [0, 1])
def test_a_light_blue_ballpoint_in_a_colour_scan_is_struck(quan1: Election, seed: int) -> None:
    pen = {"colour": LIGHT_BLUE_PEN, "width": 0.9, "tremor": 0.4, "skips": 0.15}
    page = _read(quan1, seed, lambda c, t: stroke_through(c, t, ROW, **pen), COLOUR)
    assert (page.status, _row(page, ROW)) == ("valid", "struck")


# ---------------------------------------------------------------------------- approve form


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_approve_form_a_circle_round_the_agree_box_goes_to_review(
    secretary: Election, seed: int
) -> None:
    def drawing(canvas: Canvas, template: BallotTemplate) -> None:
        rows = template.layout.rows
        cross_in(canvas, rows[0].agree)  # type: ignore[arg-type]
        circle_round(canvas, rows[1].agree, grow=2.0 + seed)  # type: ignore[arg-type]
        cross_in(canvas, rows[2].disagree)  # type: ignore[arg-type]

    page = _read(secretary, seed, drawing)
    assert (page.status, page.reason) == ("review", "other_marks")
    assert _row(page, 1) == "unclear"


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_approve_form_an_x_on_the_name_with_both_boxes_empty_goes_to_review(
    secretary: Election, seed: int
) -> None:
    def drawing(canvas: Canvas, template: BallotTemplate) -> None:
        rows = template.layout.rows
        cross_in(canvas, rows[0].agree)  # type: ignore[arg-type]
        name = rows[1].name
        small = type(name)(name.x0, name.y0, name.x0 + min(name.width, 30), name.y1)
        cross_in(canvas, small if seed else name)
        cross_in(canvas, rows[2].agree)  # type: ignore[arg-type]

    page = _read(secretary, seed, drawing)
    assert page.status == "review"
    assert _row(page, 1) == "unclear"


def test_approve_form_a_clean_row_with_both_boxes_empty_is_neither(secretary: Election) -> None:
    def drawing(canvas: Canvas, template: BallotTemplate) -> None:
        rows = template.layout.rows
        cross_in(canvas, rows[0].agree)  # type: ignore[arg-type]
        cross_in(canvas, rows[2].disagree)  # type: ignore[arg-type]

    page = _read(secretary, 2, drawing)
    assert page.status == "valid"
    assert [row.mark for row in page.result.reading.rows] == ["agree", "neither", "disagree"]
