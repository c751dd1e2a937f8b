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
