"""The station the browser benches count at: a province, one base unit, its congress and one
approved election of ``names`` synthetic candidates (after Django is set up)."""

from __future__ import annotations

from datetime import date
from typing import Any


def approved_election(seats: int, names: int, electorate: int) -> tuple[Any, Any]:
    """(the election, the base unit) of a fresh congress."""
    from daihoi.web.elections.models import Candidate, Election, ElectionState
    from daihoi.web.orgs.models import Level, Organisation
    from daihoi.web.season.models import Congress, CongressKind, CongressStatus, Season
    from daihoi_testsupport.synth import make_election

    root = Organisation.objects.add_root(
        {"code": "B", "name": "Đảng bộ tỉnh thử", "level": Level.PROVINCE, "kind": "Đảng bộ"}
    )
    base = Organisation.objects.add_child(
        root,
        {"code": "B-1", "name": "Đảng bộ xã thử", "level": Level.BASE, "kind": "Đảng bộ"},
    )
    season = Season.objects.create(
        organisation=root, name="Đợt thử", term_start=2025, term_end=2030
    )
    congress = Congress.objects.create(
        season=season,
        organisation=base,
        kind=CongressKind.DELEGATES,
        status=CongressStatus.PREPARING,
        planned_date=date(2026, 12, 20),
    )
    row = Election.objects.create(
        congress=congress,
        slug="bch",
        title="Bầu Ban Chấp hành",
        body="committee",
        seats=seats,
        rules="party",
        electorate=electorate,
        state=ElectionState.APPROVED,
    )
    candidates = [c.name for c in make_election(4242, names).candidates]
    Candidate.objects.bulk_create(Candidate(election=row, name=n) for n in candidates)
    return row, base
