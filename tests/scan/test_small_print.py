"""The 120-name delegates' ballot (9 pt names, two columns): read at the finer working scale."""

from __future__ import annotations

import dataclasses
import random

import pytest

from daihoi.engine.election import Election
from daihoi.scan.ballots import printed_ballot
from daihoi.scan.template import FINE_SCALE, WORK_SCALE
from daihoi_testsupport.synth import (
    Doubt,
    Pen,
    Scan,
    make_election,
    random_marked_case,
    random_scan,
)
from tests.scan.conftest import expected_marks, marks_of, page_of

OFFICE_200 = Scan(dpi=200)  # the committee's office scanner: 200 dpi grayscale JPEG


@pytest.fixture(scope="module")
def delegates() -> Election:
    """A congress elects its delegates from a list of 120 names, printed at 9 pt."""
    return make_election(9001, 120, electorate=10**6)


def test_small_print_is_read_at_the_fine_scale_and_ordinary_print_is_not(
    delegates: Election, quan1: Election
) -> None:
    small = printed_ballot(delegates).template
    assert small.layout.font_size <= 10.5
    assert small.scale == FINE_SCALE
    assert small.blank.shape[0] == round(small.layout.height * FINE_SCALE)
    assert printed_ballot(quan1).template.scale == WORK_SCALE


# Ballots that went to review at 2 px/pt (the pencil or ballpoint line was seen only between
# the words), each with several names struck right through.
@pytest.mark.parametrize(
    ("seed", "pen"),
    [
        (777000, Pen.PENCIL),
        (777004, Pen.PENCIL),
        (777008, Pen.PENCIL),
        (777001, Pen.BLUE_BALLPOINT),
    ],
)
def test_whole_strikes_in_pencil_and_ballpoint_on_small_print_are_read(
    delegates: Election, seed: int, pen: Pen
) -> None:
    case = random_marked_case(delegates, seed, pen=pen, scan=OFFICE_200)
    page, result = page_of(case)
    assert result.reading.status.value == page.truth.status, [
        (r.number, r.mark, r.why, r.scores) for r in result.reading.rows if r.mark == "unclear"
    ]
    assert marks_of(result) == expected_marks(page)


@pytest.mark.parametrize(
    ("seed", "pen", "doubt"),
    [
        (777001, Pen.BLUE_BALLPOINT, Doubt.PARTIAL),
        (777004, Pen.PENCIL, Doubt.PARTIAL),
        (777007, Pen.FELT, Doubt.PARTIAL),
        (777006, Pen.BLACK_BALLPOINT, Doubt.PARTIAL),
        (777001, Pen.BLUE_BALLPOINT, Doubt.UNDERLINE),
        (777003, Pen.PENCIL, Doubt.UNDERLINE),
    ],
    ids=lambda v: getattr(v, "value", v),
)
def test_a_partial_strike_or_an_underline_on_small_print_still_goes_to_review(
    delegates: Election, seed: int, pen: Pen, doubt: Doubt
) -> None:
    # A stroke over a quarter to a half of one name (inside one word it was not seen at all at
    # 2 px/pt), or a line 1.5-3 pt under the name, by the printed rule: the committee decides.
    base = random_marked_case(delegates, seed, pen=pen, scan=OFFICE_200)
    kept = [c.label for c in delegates.candidates if c.label not in base.strokes]
    target = random.Random(seed).choice(kept)
    case = dataclasses.replace(base, doubts={target: doubt}, seed=seed + 1)
    _, result = page_of(case)
    assert result.reading.status.value == "review"
    # A partial strike has its own reason (an underline stays an unclear mark).
    assert result.reading.reason in ("unclear_mark", "partial_strike")
    assert target in result.reading.names_with("unclear")


def test_an_underline_touching_the_strike_of_the_name_below_goes_to_review() -> None:
    # A 150 dpi office scan in black ballpoint: the line under a kept 9 pt name runs along the
    # rule and touches the stroke through the struck name right below it.
    election = make_election(7102, 120, electorate=10**6)
    seed = 8_100_041
    rng = random.Random(seed)
    scan = random_scan(rng)
    base = random_marked_case(election, seed, pen=Pen.BLACK_BALLPOINT, scan=scan)
    kept = [c.label for c in election.candidates if c.label not in base.strokes]
    target = rng.choice(kept)
    case = dataclasses.replace(base, doubts={target: Doubt.UNDERLINE})
    _, result = page_of(case)
    assert result.reading.status.value == "review"
    assert target in result.reading.names_with("unclear")
