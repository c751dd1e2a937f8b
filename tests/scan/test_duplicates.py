"""The same paper scanned twice is caught by what the hand added; papers marked alike by
different voters never are (``scan.dupes``)."""

from __future__ import annotations

import hashlib

import pytest

from daihoi.engine.ballot import Mark
from daihoi.engine.election import Election
from daihoi.scan.dupes import read_signature, similarity
from daihoi.scan.images import PageImage
from daihoi.scan.readings import reading_from_dict
from daihoi.scan.session import ScanSession
from daihoi_testsupport.synth import Case, Scan, make_election, render_case

RESCANS = (
    Scan(dpi=150),
    Scan(dpi=300),
    Scan(dpi=200, colour=True),
    Scan(dpi=200, rotation=180),
    Scan(dpi=200, shift=(2.5, -1.5), skew=0.8),
    Scan(dpi=150, colour=True, rotation=180, skew=-1.0, noise=3.0),
)


@pytest.fixture(scope="module")
def bi_thu() -> Election:
    """The secretary: one candidate, đồng ý / không đồng ý."""
    return make_election(303, 1, form="approve", election_id="bi-thu")


def _page(election: Election, seed: int, scan: Scan, label: str) -> PageImage:
    name = election.candidates[0].label
    synthetic = render_case(Case(election, crosses={name: Mark.AGREE}, scan=scan, seed=seed))
    return PageImage(label, 1, hashlib.sha256(synthetic.encoded).hexdigest(), synthetic.pixels)


def test_a_hundred_alike_approve_papers_are_never_duplicates_and_rescans_always_are(
    bi_thu: Election,
) -> None:
    session = ScanSession(bi_thu)
    for seed in range(100):
        reading = session.add_page(_page(bi_thu, 9000 + seed, Scan(dpi=200), f"phieu-{seed}"))
        assert reading.reason != "duplicate_page", (seed, reading.duplicate_of)
    for seed in (0, 37, 99):
        for k, scan in enumerate(RESCANS):
            again = session.add_page(_page(bi_thu, 9000 + seed, scan, f"lai-{seed}-{k}"))
            assert again.reason == "duplicate_page", (seed, scan)
            assert again.duplicate_of is not None
            earlier = {f"phieu-{seed}"} | {f"lai-{seed}-{j}" for j in range(k)}
            assert again.duplicate_of["source"] in earlier
    assert session.count().outcome.value == "pending_review"


def test_the_signature_survives_the_journal(bi_thu: Election) -> None:
    session = ScanSession(bi_thu)
    first = session.add_page(_page(bi_thu, 1, Scan(dpi=200), "a"))
    assert first.signature is not None and len(first.signature) < 16_000
    restored = reading_from_dict(first.to_dict(with_fingerprint=True))
    assert restored.signature == first.signature
    assert "signature" not in first.to_dict()  # the results file carries no image of the hand
    # A resumed session compares a new page with the restored one.
    resumed = ScanSession(bi_thu)
    resumed.restore(restored)
    again = resumed.add_page(_page(bi_thu, 1, Scan(dpi=300, rotation=180), "b"))
    assert again.reason == "duplicate_page"
    other = resumed.add_page(_page(bi_thu, 2, Scan(dpi=200), "c"))
    assert other.reason is None


def test_similarity_is_zero_when_a_region_is_inked_on_one_page_only(bi_thu: Election) -> None:
    stamped = ScanSession(bi_thu).add_page(_page(bi_thu, 5, Scan(dpi=200), "a"))
    assert stamped.signature is not None
    regions = read_signature(stamped.signature)
    assert similarity(regions, regions) > 0.99
    seal_only = {k: v for k, v in regions.items() if k == 0}
    assert similarity(regions, seal_only) == 0.0
    assert similarity({}, {}) == 0.0


# Pairs of distinct papers the bench (seed 1, election make_election(1, 1)) once took for one:
# the stamps within half a point of each other and at the same angle but for the star's
# five-fold turn (525 and 354: 4.4° apart; 252 and 140: 0.1° apart, the X's margins 0.45 pt
# apart), or the X's margins 1.1 pt apart (800 and 354); and 877 and 369, whose 28 evenly
# spaced letter marks round the ring lined up (centres 0.13 pt apart, the whole seal turned
# 0.05°) while their stars lay 7.7° apart: the seal's middle correlates 0.53.
ALIKE_PAIRS = ((525, 354), (252, 140), (800, 354), (877, 369))


@pytest.mark.parametrize(("first", "second"), ALIKE_PAIRS)
def test_two_papers_stamped_alike_within_half_a_point_are_not_one_paper(
    first: int, second: int
) -> None:
    election = make_election(1, 1, form="approve", election_id="bi-thu")
    session = ScanSession(election)
    one = session.add_page(_page(election, 1_000_000 + first, Scan(dpi=200), "a"))
    other = session.add_page(_page(election, 1_000_000 + second, Scan(dpi=200), "b"))
    assert one.reason is None and other.reason is None, other.duplicate_of
    # Each is still caught when scanned again (the roughest rescan of the bench).
    again = session.add_page(_page(election, 1_000_000 + first, RESCANS[-1], "c"))
    assert again.reason == "duplicate_page" and again.duplicate_of == {"source": "a", "page": 1}
