"""The seal decides whether a paper was issued; pages that are not this ballot are never read."""

from __future__ import annotations

import dataclasses

import cv2
import numpy as np

from daihoi.engine.election import Election
from daihoi.engine.rules import rule_set
from daihoi.scan.images import PageImage
from daihoi.scan.reader import read_page
from daihoi_testsupport.synth import Case, Extra, Scan, Stroke, make_election, render_case
from tests.scan.conftest import QUIET, page_of


def test_a_ballot_without_the_seal_is_invalid_not_issued(quan1: Election) -> None:
    case = Case(
        quan1, strokes={quan1.candidates[0].label: Stroke.STRAIGHT}, seal=False, scan=QUIET, seed=2
    )
    _, result = page_of(case)
    assert (result.reading.status.value, result.reading.reason) == ("invalid", "not_issued")


def test_a_missing_seal_is_ignored_where_the_rule_set_does_not_ask_for_one(quan1: Election) -> None:
    youth = dataclasses.replace(quan1, rules=rule_set("youth_union"))
    case = Case(
        youth, strokes={quan1.candidates[0].label: Stroke.STRAIGHT}, seal=False, scan=QUIET, seed=2
    )
    _, result = page_of(case)
    assert result.reading.status.value == "valid"
    assert result.reading.seal is not None and result.reading.seal["state"] == "not_checked"


def test_it_finds_the_seal_in_a_grayscale_scan_by_ink_and_shape(quan1: Election) -> None:
    case = Case(
        quan1,
        strokes={quan1.candidates[3].label: Stroke.CROSS},
        scan=Scan(dpi=200, colour=False, noise=4.0),
        seed=8,
    )
    _, result = page_of(case)
    assert result.reading.seal is not None
    assert result.reading.seal["state"] == "present"
    assert result.reading.seal["red"] is None  # no colour to go by
    assert result.reading.status.value == "valid"


def test_it_finds_the_red_seal_in_a_colour_scan(quan1: Election) -> None:
    case = Case(
        quan1,
        strokes={quan1.candidates[3].label: Stroke.CROSS},
        scan=Scan(dpi=200, colour=True),
        seed=8,
    )
    _, result = page_of(case)
    assert result.reading.seal is not None and result.reading.seal["red"] > 0.05


def test_a_faint_seal_goes_to_review(quan1: Election) -> None:
    case = Case(
        quan1,
        strokes={quan1.candidates[3].label: Stroke.STRAIGHT},
        faint_seal=True,
        scan=Scan(dpi=200, colour=False),
        seed=9,
    )
    _, result = page_of(case)
    assert (result.reading.status.value, result.reading.reason) == ("review", "seal_doubtful")


def test_a_name_written_in_goes_to_review(quan1: Election) -> None:
    case = Case(
        quan1,
        strokes={quan1.candidates[0].label: Stroke.STRAIGHT},
        extra=Extra.WRITTEN_IN,
        scan=QUIET,
        seed=4,
    )
    _, result = page_of(case)
    assert (result.reading.status.value, result.reading.reason) == ("review", "written_in")


def test_a_signature_goes_to_review(quan1: Election) -> None:
    case = Case(
        quan1,
        strokes={quan1.candidates[0].label: Stroke.STRAIGHT},
        extra=Extra.SIGNATURE,
        scan=QUIET,
        seed=4,
    )
    _, result = page_of(case)
    assert (result.reading.status.value, result.reading.reason) == ("review", "other_marks")


def test_every_name_struck_is_invalid_none_kept(quan1: Election) -> None:
    strokes = {c.label: Stroke.STRAIGHT for c in quan1.candidates}
    _, result = page_of(Case(quan1, strokes=strokes, scan=QUIET, seed=6))
    assert (result.reading.status.value, result.reading.reason) == ("invalid", "none_kept")


def test_too_many_names_kept_is_invalid(quan1: Election) -> None:
    _, result = page_of(Case(quan1, scan=QUIET, seed=6))  # nothing struck: 8 kept for 7 seats
    assert (result.reading.status.value, result.reading.reason) == ("invalid", "too_many_kept")


def test_another_elections_ballot_is_rejected(quan1: Election) -> None:
    other = make_election(999, 8, election_id="quan3-bch")
    page = render_case(
        Case(other, strokes={other.candidates[0].label: Stroke.STRAIGHT}, scan=QUIET, seed=1)
    )
    result = read_page(PageImage("khac.png", 1, "x", page.pixels), quan1)
    assert (result.reading.status.value, result.reading.reason) == ("rejected", "wrong_election")
    assert result.reading.rows == ()


def test_another_rounds_ballot_is_rejected(quan1: Election) -> None:
    round2 = dataclasses.replace(quan1, round=2)
    page = render_case(
        Case(quan1, strokes={quan1.candidates[0].label: Stroke.STRAIGHT}, scan=QUIET, seed=1)
    )
    result = read_page(PageImage("vong1.png", 1, "x", page.pixels), round2)
    assert (result.reading.status.value, result.reading.reason) == ("rejected", "wrong_round")


def test_a_ballot_with_a_changed_list_is_rejected(quan1: Election) -> None:
    # Same election id and round, but one name changed after the ballots were printed.
    changed = (
        dataclasses.replace(quan1.candidates[0], name="Người Khác Hẳn", label="Người Khác Hẳn"),
        *quan1.candidates[1:],
    )
    renamed = dataclasses.replace(quan1, candidates=changed)
    page = render_case(Case(renamed, scan=QUIET, seed=1))
    result = read_page(PageImage("cu.png", 1, "x", page.pixels), quan1)
    assert result.reading.status.value == "rejected"
    assert result.reading.reason == "wrong_election"


def test_a_blank_page_is_rejected(quan1: Election) -> None:
    blank = np.full((1754, 1240), 250, np.uint8)
    noisy = np.clip(blank + np.random.default_rng(1).normal(0, 3, blank.shape), 0, 255)
    result = read_page(PageImage("trang-trang.png", 1, "x", noisy.astype(np.uint8)), quan1)
    assert (result.reading.status.value, result.reading.reason) == ("rejected", "blank_page")


def test_a_page_that_is_not_a_ballot_is_rejected_unregistered(quan1: Election) -> None:
    page = np.full((1754, 1240), 245, np.uint8)
    for line in range(20):
        cv2.putText(
            page,
            "Bien ban hop chi bo " * 3,
            (60, 120 + 70 * line),
            cv2.FONT_HERSHEY_SIMPLEX,
            1.0,
            20,
            2,
        )
    result = read_page(PageImage("van-ban.png", 1, "x", page), quan1)
    assert (result.reading.status.value, result.reading.reason) == ("rejected", "unregistered")


def test_a_ballot_with_its_qr_code_torn_off_is_rejected(quan1: Election) -> None:
    page = render_case(Case(quan1, scan=Scan(dpi=150, jpeg_quality=None), seed=1))
    pixels = page.pixels.copy()
    k = 150 / 72
    pixels[int(35 * k) : int(110 * k), int(480 * k) : int(560 * k)] = 255
    result = read_page(PageImage("rach.png", 1, "x", pixels), quan1)
    assert (result.reading.status.value, result.reading.reason) == ("rejected", "unregistered")
