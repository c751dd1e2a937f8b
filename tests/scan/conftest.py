"""Named scanning scenarios: Quận 1's committee ballot, the secretary's approve ballot, and
helpers that print, mark, scan and read one paper the way the counting committee would."""

from __future__ import annotations

import dataclasses

import pytest

from daihoi.engine.election import Election
from daihoi.scan.images import PageImage
from daihoi.scan.reader import PageResult, read_page
from daihoi_testsupport.synth import Case, Scan, SyntheticPage, make_election, render_case

# A quiet office scan at 150 dpi: the cheapest to make, and every test that needs a degradation
# says which one.
QUIET = Scan(dpi=150, jpeg_quality=None)


@pytest.fixture(scope="session")
def quan1() -> Election:
    """Quận 1 elects 7 of 8 names: the voter strikes at least one name."""
    return make_election(101, 8, election_id="quan1-bch", electorate=2000)


@pytest.fixture(scope="session")
def secretary() -> Election:
    """The approve form: three names, đồng ý / không đồng ý for each."""
    return make_election(202, 3, form="approve", election_id="quan1-pbt", electorate=2000)


def page_of(case: Case) -> tuple[SyntheticPage, PageResult]:
    """Mark and scan ``case``'s paper, and read it back."""
    page = render_case(case)
    image = PageImage(f"phieu-{case.seed}{page.suffix}", 1, f"sha-{case.seed}", page.pixels)
    return page, read_page(image, case.election)


def marks_of(result: PageResult) -> dict[str, str]:
    return {row.candidate: row.mark for row in result.reading.rows}


def expected_marks(page: SyntheticPage) -> dict[str, str]:
    assert page.truth.marks is not None
    return {name: mark.value for name, mark in page.truth.marks.items()}


def with_scan(case: Case, **changes: object) -> Case:
    return dataclasses.replace(case, scan=dataclasses.replace(case.scan, **changes))
