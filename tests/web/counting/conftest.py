"""A congress with a 5-of-7 election, and synthetic marked ballots of that election."""

from __future__ import annotations

import random

import pytest

from daihoi.web.elections import services as elections
from daihoi_testsupport.synth import Case, Scan, Stroke, render_case
from tests.web.elections.conftest import congress, election  # noqa: F401  (fixtures)

QUIET = Scan(dpi=150, jpeg_quality=None)


def marked_ballots(row, n: int, seed: int = 1) -> list[bytes]:  # type: ignore[no-untyped-def]
    """``n`` distinct ballots of ``row``, each striking 2 or 3 names (valid)."""
    engine = elections.engine_election(row)
    labels = list(engine.labels)
    rng = random.Random(seed)
    pages = []
    for i in range(n):
        struck = rng.sample(labels, rng.choice([2, 2, 3]))
        case = Case(
            engine,
            strokes={label: Stroke.STRAIGHT for label in struck},
            scan=QUIET,
            seed=seed * 1000 + i,
        )
        pages.append(render_case(case).encoded)
    return pages


@pytest.fixture
def ballots(election):  # type: ignore[no-untyped-def]
    return marked_ballots(election, 8)


def ballots_striking(row, struck_lists, seed: int = 7) -> list[bytes]:  # type: ignore[no-untyped-def]
    """One ballot of ``row`` per list, striking exactly those candidate labels."""
    engine = elections.engine_election(row)
    return [
        render_case(
            Case(
                engine,
                strokes={label: Stroke.STRAIGHT for label in struck},
                scan=QUIET,
                seed=seed * 1000 + i,
            )
        ).encoded
        for i, struck in enumerate(struck_lists)
    ]


@pytest.fixture
def approved(election):  # type: ignore[no-untyped-def]
    from daihoi.web.elections.models import ElectionState

    election.state = ElectionState.APPROVED
    election.save()
    return election


@pytest.fixture
def trio(congress):  # type: ignore[no-untyped-def]
    """2 seats among 3, electorate 8: the ballots decide a tie."""
    from daihoi.web.elections.models import Candidate, Election, ElectionState

    row = Election.objects.create(
        congress=congress,
        slug="ubkt",
        title="Bầu Ủy ban Kiểm tra",
        body="inspection_committee",
        seats=2,
        rules="party",
        electorate=8,
        state=ElectionState.APPROVED,
    )
    Candidate.objects.bulk_create(
        Candidate(election=row, name=n) for n in ("Lê Văn An", "Trần Thị Bình", "Phạm Văn Cường")
    )
    return row
