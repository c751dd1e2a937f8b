"""Totals counted by hand (a batch's tally sheet) add to a count like the ballots they stand for."""

from __future__ import annotations

from pathlib import Path

from daihoi.engine import count_election
from daihoi.engine.batches import BatchTotals
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
    totals = BatchTotals(
        batch="2",
        collected=rest.counted,
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
