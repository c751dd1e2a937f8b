"""A hand-check in the results log: its draw recomputes from the seed, and Mallory, who draws
the batches she likes or changes a ticket, is caught."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from daihoi.engine.handcheck import draw, tickets
from daihoi.record import Recorder, verify
from daihoi_testsupport.recordsample import CONGRESS

from .conftest import Counted

SEED = "31415926535897932384"
BATCHES = [str(n) for n in range(1, 13)]


def _entry(drawn: list[str], **changes: Any) -> dict[str, Any]:
    order = dict(tickets(SEED, BATCHES))
    data: dict[str, Any] = {
        "election": "q1-bch-2025",
        "round": 1,
        "seed": SEED,
        "batches": BATCHES,
        "drawn": [{"batch": b, "ticket": order[b]} for b in drawn],
        "counts": {b: {"ballots": 10, "valid": 10, "invalid": 0, "votes": {}} for b in drawn},
        "verdict": "confirmed",
    }
    data.update(changes)
    return data


def _append(counted: Counted, data: dict[str, Any]) -> None:
    recorder = Recorder([counted.folder], counted.key, CONGRESS)
    recorder.append("handcheck", data)
    recorder.commit()


def test_a_bundle_with_a_hand_check_verifies(counted: Counted) -> None:
    _append(counted, _entry(draw(SEED, BATCHES, 2)))
    _append(counted, _entry(draw(SEED, BATCHES, 4)))  # expanded with the same seed
    assert verify(counted.folder).exit_code == 0


def test_batches_drawn_by_choice_and_not_by_the_seed_are_caught(counted: Counted) -> None:
    chosen = [b for b in BATCHES if b not in draw(SEED, BATCHES, 2)][:2]
    _append(counted, _entry(chosen))
    verdict = verify(counted.folder)
    assert verdict.exit_code != 0
    assert "không phải các tệp đứng đầu theo thứ tự phiếu rút" in verdict.message


def test_a_changed_ticket_is_caught(counted: Counted) -> None:
    data = _entry(draw(SEED, BATCHES, 1))
    data["drawn"][0]["ticket"] = hashlib.sha256(b"other").hexdigest()
    _append(counted, data)
    verdict = verify(counted.folder)
    assert verdict.exit_code != 0
    assert "không khớp với SHA-256" in verdict.message


def test_a_hand_check_without_its_seed_is_never_written(counted: Counted) -> None:
    data = _entry(draw(SEED, BATCHES, 1))
    del data["seed"]
    with pytest.raises(ValueError, match="thiếu: seed"):
        _append(counted, data)
