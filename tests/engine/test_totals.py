"""Totals counted by hand (a batch's tally sheet) add to a count like the ballots they stand for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from daihoi.engine import InputError, count_election
from daihoi.engine.tally import Totals
from daihoi.files import load_election, read_ballot_list

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _bch():
    election = load_election(EXAMPLES / "q1-bch-2025.yaml")
    return election, read_ballot_list(EXAMPLES / "q1-bch-2025-ballots.csv", election)


def test_totals_of_some_ballots_count_as_those_ballots() -> None:
    election, ballots = _bch()
    whole = count_election(election, ballots)
    typed, sheet = ballots[:20], ballots[20:]
    rest = count_election(election, sheet)
    totals = Totals(
        valid=rest.valid,
        invalid_reasons=dict(rest.invalid_reasons),
        votes={line.name: line.votes for line in rest.candidates},
    )
    mixed = count_election(election, typed, totals=[totals])
    assert mixed.candidates == whole.candidates
    assert (mixed.counted, mixed.valid, mixed.invalid) == (
        whole.counted,
        whole.valid,
        whole.invalid,
    )
    assert dict(mixed.invalid_reasons) == dict(whole.invalid_reasons)
    assert mixed.elected == whole.elected


def test_totals_no_ballots_could_give_are_refused() -> None:
    election, ballots = _bch()
    name = election.labels[0]
    with pytest.raises(
        InputError, match=re.escape(f"“{name}” có 3 phiếu, nhiều hơn 2 phiếu hợp lệ")
    ):
        count_election(election, ballots[:5], totals=[Totals(valid=2, votes={name: 3})])
    with pytest.raises(InputError, match="không có trong danh sách"):
        count_election(election, ballots[:5], totals=[Totals(valid=2, votes={"Ai Đó": 1})])
    with pytest.raises(InputError, match="lý do không hợp lệ không có trong quy chế"):
        count_election(election, ballots[:5], totals=[Totals(valid=0, invalid_reasons={"x": 1})])
    with pytest.raises(InputError, match="âm"):
        count_election(election, ballots[:5], totals=[Totals(valid=-1)])
