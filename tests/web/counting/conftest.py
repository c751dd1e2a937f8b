"""A congress with a 5-of-7 election, synthetic marked ballots of that election, and the
station accounts of its panels: Hạnh heads the counting committee, Minh and Lan are members,
Tú is a technical operator, Phương sits in the presidium."""

from __future__ import annotations

import random

import pytest

from daihoi.web.elections import services as elections
from daihoi_testsupport.synth import Case, Scan, Stroke, render_case
from tests.web.elections.conftest import congress, election  # noqa: F401  (fixtures)

QUIET = Scan(dpi=150, jpeg_quality=None)
OWN_PASSWORD = "Hoa-sen-trong-dam-2026"


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


# ------------------------------------------------------------------ the panels' station accounts

SEATS = (
    ("hanh", "Nguyễn Thị Hạnh", "counting", "head"),
    ("minh", "Trần Văn Minh", "counting", "member"),
    ("lan", "Lê Thị Lan", "counting", "member"),
    ("tu", "Vũ Văn Tú", "technical", "operator"),
    ("phuong", "Đỗ Thị Phương", "presidium", "member"),
)


@pytest.fixture
def seats(trio):  # type: ignore[no-untyped-def]
    """The panels of Minh Khai's congress, nobody with an account yet."""
    from daihoi.web.elections.models import PanelMember

    return {
        key: PanelMember.objects.create(
            congress=trio.congress, panel=panel, role=role, name=name, order=i
        )
        for i, (key, name, panel, role) in enumerate(SEATS, start=1)
    }


@pytest.fixture
def station(seats, trio, alice):  # type: ignore[no-untyped-def]
    """Every seat's station account, its own password already set: {key: user}."""
    from django.contrib.auth.models import User

    from daihoi.web.counting import services
    from daihoi.web.counting.models import StationAccount

    services.issue_station_accounts(trio.congress, alice)
    StationAccount.objects.update(must_set_password=False)
    return {key: User.objects.get(panel_seats=member) for key, member in seats.items()}


@pytest.fixture
def doubtful(trio):  # type: ignore[no-untyped-def]
    """Trio's count with two pages read: one clear, one sent to review; (count, its key)."""
    from daihoi.web.counting import services
    from tests.tasks import run_worker
    from tests.web.counting.test_review import _doubtful_page

    count = services.count_of(trio)
    for data in _doubtful_page(trio):
        services.receive_file(count, data)
    run_worker()
    [key] = count.pages.filter(status="review").values_list("key", flat=True)
    return count, key
