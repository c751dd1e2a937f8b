"""A held congress of Minh Khai (Hà Nam, Alice's province) whose station counted its elections
away from the network and sends its results bundle to the office above.

``station_key`` is the station's own key (its fingerprint printed in the minutes);
``bundle_of(congress)`` counts the sample congress (a committee of 5 of 7 from 30 scanned
ballots, a secretary typed in) at that station into a folder and returns the folder's recorder:
``.zip()`` is the bundle as sent, and it may go on (``more(recorder)``) for a newer bundle.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from daihoi.record import Recorder, StationKey
from daihoi.web.counting.recording import record_id
from daihoi.web.season.models import Congress, CongressKind, CongressStatus, Season
from daihoi_testsupport.recordsample import count_sample


@pytest.fixture
def congress(tree) -> Congress:  # type: ignore[no-untyped-def]
    season = Season.objects.create(
        organisation=tree.ha_nam, name="Đợt 2025", term_start=2025, term_end=2030
    )
    return Congress.objects.create(
        season=season,
        organisation=tree.minh_khai,
        kind=CongressKind.DELEGATES,
        status=CongressStatus.HELD,
        held_date=date(2025, 7, 11),
    )


@pytest.fixture
def station_key() -> StationKey:
    return StationKey.from_seed(bytes(range(32)))


@pytest.fixture
def other_key() -> StationKey:
    return StationKey.from_seed(bytes(range(1, 33)))


BundleOf = Callable[..., Recorder]


@pytest.fixture
def bundle_of(tmp_path: Path, station_key: StationKey) -> BundleOf:
    made = [0]

    def make(congress: Congress, key: StationKey | None = None) -> Recorder:
        made[0] += 1
        recorder = Recorder(
            [tmp_path / f"station-{made[0]}"],
            key or station_key,
            {
                "id": record_id(congress),
                "name": f"Đại hội {congress.organisation.name}",
                "organisation": congress.organisation.name,
            },
        )
        count_sample(recorder)
        return recorder

    return make


def more(recorder: Recorder, at: str = "2025-07-11T12:00:00+07:00") -> bytes:
    """The station goes on (an export) and sends its bundle again: a newer bundle."""
    recorder.append("export", {"by": "hung", "at": at, "what": "bundle.zip"})
    recorder.commit()
    return recorder.zip()
