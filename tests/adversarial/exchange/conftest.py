"""Fixtures of the exchange attacks (issue 16): the office's and the attackers' keys, the
congresses, and small results bundles written by a station through ``daihoi.record``'s public
API (``Recorder``), one zip after every commit."""

from __future__ import annotations

import nacl.signing
import pytest

from tests.adversarial.exchange._forge import Snapshot, seed_of, station_chain

CONGRESS = {
    "id": "adv-2025",
    "name": "Đại hội đại biểu Đảng bộ Phường Thử lần thứ I",
    "organisation": "Đảng bộ Phường Thử",
}
OTHER_CONGRESS = {
    "id": "adv-khac-2025",
    "name": "Đại hội đại biểu Đảng bộ Xã Khác lần thứ I",
    "organisation": "Đảng bộ Xã Khác",
}

OFFICE_SEED = seed_of("office")
ATTACKER_SEED = seed_of("attacker")
STATION_SEED = seed_of("station")
STATION2_SEED = seed_of("second station")
ROGUE_SEED = seed_of("rogue station")


def station_key(seed: bytes):  # the public API's key
    from daihoi.record import StationKey

    return StationKey.from_seed(seed)


def signing(seed: bytes) -> nacl.signing.SigningKey:
    return nacl.signing.SigningKey(seed)


@pytest.fixture(scope="session")
def chains() -> dict[str, list[Snapshot]]:
    """The bundles of the intake attacks (about 0.3 s in all).

    - ``main``: the station's bundle, entries 1, 2, 3, 4 (counted, unconfirmed), 6 (confirmed,
      minutes printed), 7 (exported).
    - ``fork``: the same station and congress, batch B typed with other operators: the same
      entries 1–3, then another history (4', 6', 7').
    - ``reopened``: ``main`` and then the round reopened (entry 8: nothing stands confirmed).
    - ``unconfirmed``: counted, never confirmed (1–4).
    - ``other``: the same station's key, another congress.
    - ``second``: another registered station, this congress.
    - ``rogue``: a key nobody registered, this congress.
    """
    return {
        "main": station_chain(STATION_SEED, CONGRESS),
        "fork": station_chain(STATION_SEED, CONGRESS, batch_b_operators=("hung", "lan")),
        "reopened": station_chain(STATION_SEED, CONGRESS, reopen=True),
        "unconfirmed": station_chain(STATION_SEED, CONGRESS, confirm=False),
        "other": station_chain(STATION_SEED, OTHER_CONGRESS),
        "second": station_chain(STATION2_SEED, CONGRESS),
        "rogue": station_chain(ROGUE_SEED, CONGRESS),
    }
