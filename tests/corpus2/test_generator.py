"""corpus2's generator itself: the same seed gives the same pages, and the truth follows the ink."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import pytest
from bench.corpus2 import generate as g
from bench.corpus2 import marks as mk
from bench.corpus2.degrade import Printer
from bench.corpus2.ink import pen_style
from bench.corpus2.truth import page_truth, row_truth

HERE = Path(__file__).resolve().parents[2] / "bench" / "corpus2"


@pytest.fixture(scope="module")
def ballots(tmp_path_factory):
    return g.Ballots(tmp_path_factory.mktemp("printed"))


def _paper(ballots, key="strike", seed=1):
    rng = np.random.default_rng(seed)
    return g.Paper(ballots.get(key), rng, 1.6, Printer(density=0.95)), rng


def _digest(images):
    return hashlib.sha256(b"".join(im.tobytes() for im, _ in images)).hexdigest()


def test_same_seed_same_pages_and_truth(ballots):
    a_img, a_truth, a_notes, _ = g.make_page(ballots, 7, "partial", 3)
    b_img, b_truth, b_notes, _ = g.make_page(ballots, 7, "partial", 3)
    assert _digest(a_img) == _digest(b_img)
    assert a_truth == b_truth and a_notes == b_notes
    c_img, _, _, _ = g.make_page(ballots, 8, "partial", 3)
    assert _digest(c_img) != _digest(a_img)


def test_whole_strike_is_struck_and_clean_row_kept(ballots):
    p, rng = _paper(ballots)
    st = pen_style(rng, "ballpoint_blue", tremor=0.05)
    mk.strike(p.cv, p.rows[0], st, rng)
    assert row_truth(p.cv, p.rows[0], "strike")["reading"] == "struck"
    assert row_truth(p.cv, p.rows[1], "strike")["reading"] == "kept"


@pytest.mark.parametrize("mode", ["late", "early", "skip", "late_word", "early_word"])
def test_stroke_leaving_a_word_clean_is_review(ballots, mode):
    p, rng = _paper(ballots, seed=3)
    st = pen_style(rng, "ballpoint_black", tremor=0.05)
    mk.strike(p.cv, p.rows[3], st, rng, mode=mode)
    t = row_truth(p.cv, p.rows[3], "strike")
    assert t["reading"] == "review", t
    assert min(t["words"]) < 0.9


def test_truth_is_measured_from_ink_not_from_intent(ballots):
    """A 'clean' strike drawn well above the words' middle band crosses no band: not struck."""
    p, rng = _paper(ballots, seed=4)
    r = p.rows[2]
    st = pen_style(rng, "gel_black", tremor=0.0)
    from bench.corpus2.ink import draw_path, line_path

    y = r.words[0].top - 2.0
    draw_path(p.cv, line_path(r.words[0].x0 - 5, y, r.words[-1].x1 + 5, y), st, rng, "strike")
    t = row_truth(p.cv, r, "strike")
    assert t["reading"] == "review" and max(t["words"]) == 0.0


def test_marks_beside_a_strike_and_highlighter_are_review(ballots):
    p, rng = _paper(ballots, seed=5)
    st = pen_style(rng)
    mk.strike(p.cv, p.rows[0], st, rng)
    mk.loop(p.cv, p.rows[0], st, rng)
    mk.strike(p.cv, p.rows[1], st, rng)
    mk.word_beside(p.cv, p.rows[1], st, rng, text="giữ")
    mk.highlight(p.cv, p.rows[2], rng)
    for i in range(3):
        assert row_truth(p.cv, p.rows[i], "strike")["reading"] == "review"
    assert page_truth(p.cv, p.rows, "strike", 5)["status"] == "review"


def test_pencil_strike_is_read(ballots):
    p, rng = _paper(ballots, seed=6)
    st = pen_style(rng, "pencil", tremor=0.05)
    for r in p.rows[:3]:
        mk.strike(p.cv, r, st, rng)
    t = page_truth(p.cv, p.rows, "strike", 5)
    assert t["status"] == "valid"
    assert [t["readings"][r.candidate] for r in p.rows[:4]] == ["struck"] * 3 + ["kept"]


def test_approve_boxes(ballots):
    p, rng = _paper(ballots, "approve", seed=7)
    r = p.rows[0]
    st = pen_style(rng)
    assert row_truth(p.cv, r, "approve")["reading"] == "neither"
    mk.x_mark(p.cv, r.agree, st, rng)
    assert row_truth(p.cv, r, "approve")["reading"] == "agree"
    mk.x_mark(p.cv, r.agree, st, rng, size=5.0, centre=((r.agree[2] + r.disagree[0]) / 2, r.mid_y))
    assert row_truth(p.cv, r, "approve")["reading"] == "review"


def test_no_seal_and_not_ours():
    from bench.corpus2.ink import Canvas

    cv = Canvas(10, 10, 1.0)
    assert page_truth(cv, [], "strike", 5, identity="blank")["status"] == "rejected"
    assert page_truth(cv, [], "strike", 5, seal="none")["reason"] == "not_issued"


def test_generator_does_not_use_the_reader():
    for f in HERE.glob("*.py"):
        text = f.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+daihoi", text, re.M), f


def test_writing_below_the_list_sends_the_page_to_review(ballots):
    p, rng = _paper(ballots, seed=8)
    st = pen_style(rng)
    mk.strike(p.cv, p.rows[0], st, rng)
    mk.strike(p.cv, p.rows[1], st, rng)
    t = page_truth(p.cv, p.rows, "strike", 5)
    assert t["status"] == "valid"
    mk.draw_handwriting(
        p.cv, "Lê Thị Mai", p.rows[0].name[0], p.rows[-1].row[3] + 40, 12, st, rng, kind="written"
    )
    t = page_truth(p.cv, p.rows, "strike", 5)
    assert t["status"] == "review" and t["reason"] == "ink outside the rows"
