"""Every way people strike a name is read as struck; every doubtful mark goes to the committee."""

from __future__ import annotations

import itertools

import pytest

from daihoi.engine.ballot import Mark
from daihoi.engine.election import Election
from daihoi_testsupport.synth import Case, Doubt, Pen, Scan, Stroke
from tests.scan.conftest import QUIET, expected_marks, marks_of, page_of

PEN_CYCLE = itertools.cycle(list(Pen))
# Issue 10: anything added in a row besides one strike is a second mark, never read silently:
# a double line and a zigzag drawn over a strike (the synthetic corpus's DOUBLE and SCRIBBLE)
# may be read struck or sent to the committee as a correction, never read otherwise.
SECOND_MARK = {Stroke.DOUBLE, Stroke.SCRIBBLE}
STYLE_PENS = [(style, pen) for style in Stroke for pen in Pen]


@pytest.mark.parametrize(("style", "pen"), STYLE_PENS, ids=lambda v: v.value)
def test_it_reads_each_stroke_style_in_each_pen_as_struck(
    quan1: Election, style: Stroke, pen: Pen
) -> None:
    names = [c.label for c in quan1.candidates]
    case = Case(quan1, strokes={names[5]: style, names[6]: style}, pen=pen, scan=QUIET, seed=11)
    page, result = page_of(case)
    if style in SECOND_MARK and result.reading.status.value == "review":
        assert result.reading.reason == "correction"
        assert {r.mark for r in result.reading.rows[5:7]} <= {"struck", "unclear"}
        return
    assert result.reading.status.value == "valid", [
        (r.candidate, r.mark, r.why, r.scores) for r in result.reading.rows
    ]
    assert marks_of(result) == expected_marks(page)
    assert result.reading.names_with("struck") == [names[5], names[6]]


def test_a_stroke_hidden_along_the_tops_of_the_letters_goes_to_review(quan1: Election) -> None:
    # "Phan Thu Linh": a slanted line that runs along the arches of "Phan" is ink on ink for a
    # whole word; the machine cannot see that it crosses that word, so the committee decides.
    names = [c.label for c in quan1.candidates]
    case = Case(
        quan1, strokes={names[1]: Stroke.SLANTED}, pen=Pen.BLACK_BALLPOINT, scan=QUIET, seed=11
    )
    _, result = page_of(case)
    assert marks_of(result)[names[1]] == "unclear"
    assert result.reading.status.value == "review"


@pytest.mark.parametrize("doubt", list(Doubt), ids=lambda d: d.value)
@pytest.mark.parametrize("pen", [Pen.BLACK_BALLPOINT, Pen.PENCIL], ids=lambda p: p.value)
def test_it_sends_each_doubtful_mark_to_review(quan1: Election, doubt: Doubt, pen: Pen) -> None:
    names = [c.label for c in quan1.candidates]
    case = Case(
        quan1,
        strokes={names[6]: Stroke.STRAIGHT},
        doubts={names[2]: doubt},
        pen=pen,
        scan=QUIET,
        seed=23,
    )
    _, result = page_of(case)
    reading = result.reading
    assert reading.status.value == "review"
    # A stroke over part of the name has its own reason; every other doubt is an unclear mark.
    assert reading.reason == ("partial_strike" if doubt is Doubt.PARTIAL else "unclear_mark")
    assert names[2] in reading.names_with("unclear")
    assert names[6] in reading.names_with("struck")  # the clear stroke is still read


def test_a_partial_strike_counts_as_the_rule_set_says(quan1: Election) -> None:
    import dataclasses

    from daihoi.engine.rules import rule_set

    rules = rule_set("party", {"scan": {"partial_strike": "kept"}})
    lenient = dataclasses.replace(quan1, rules=rules)
    names = [c.label for c in quan1.candidates]
    case = Case(
        lenient,
        strokes={names[0]: Stroke.STRAIGHT},
        doubts={names[3]: Doubt.PARTIAL},
        scan=QUIET,
        seed=5,
    )
    _, result = page_of(case)
    assert result.reading.status.value == "valid"
    assert marks_of(result)[names[3]] == "kept"


@pytest.mark.parametrize("pen", list(Pen), ids=lambda p: p.value)
def test_it_reads_x_marks_on_the_approve_form(secretary: Election, pen: Pen) -> None:
    a, b, c = (cand.label for cand in secretary.candidates)
    case = Case(
        secretary,
        crosses={a: Mark.AGREE, b: Mark.DISAGREE, c: Mark.BOTH},
        pen=pen,
        scan=Scan(dpi=200, rotation=90),
        seed=31,
    )
    page, result = page_of(case)
    assert marks_of(result) == expected_marks(page)
    assert result.reading.status.value == page.truth.status


def test_an_approve_row_without_any_x_is_neither(secretary: Election) -> None:
    a = secretary.candidates[0].label
    case = Case(secretary, crosses={a: Mark.AGREE}, scan=QUIET, seed=3)
    _, result = page_of(case)
    marks = marks_of(result)
    assert marks[a] == "agree"
    assert [m for name, m in marks.items() if name != a] == ["neither", "neither"]
