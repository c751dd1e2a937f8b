"""A round typed in by hand with a batch of ballots and a batch of totals: recounted, and a
result that differs from the entries is caught."""

from __future__ import annotations

from pathlib import Path

from daihoi.engine import count_election, result_to_dict
from daihoi.engine.ballot import Ballot, Mark
from daihoi.engine.batches import BatchTotals
from daihoi.record import (
    Recorder,
    file_hashes,
    manual_batch_data,
    round_created_data,
    round_files,
    verify,
)
from daihoi_testsupport.recordsample import CONGRESS, typed_round

NAME = "Trần Thị Bình"


def _count(tmp_path: Path, key, *, forged_votes: int = 0) -> Path:
    election, definition, rows = typed_round()
    typed = rows[:6]
    sheet = {
        "batch": "T",
        "operators": ["hung"],
        "totals": {"votes": {NAME: 2}, "valid": 2, "invalid": {"other_marks": 1}, "collected": 3},
    }
    recorder = Recorder([tmp_path / "b"], key, CONGRESS)
    recorder.append("round.created", round_created_data(definition))
    for batch in ("A", "B"):
        in_batch = [r for r in typed if r["batch"] == batch]
        recorder.append("manual.entry", manual_batch_data(election.id, 1, batch, in_batch))
    recorder.append("manual.entry", manual_batch_data(election.id, 1, "T", [sheet]))
    ballots = [
        Ballot(str(i), {k: Mark(v) for k, v in r["marks"].items()}, r["invalid"] or None)
        for i, r in enumerate(typed)
    ]
    result = result_to_dict(
        count_election(
            election,
            ballots,
            totals=[
                BatchTotals(
                    batch="T",
                    collected=3,
                    valid=2,
                    invalid_reasons={"other_marks": 1},
                    votes={NAME: 2},
                )
            ],
        )
    )
    result["candidates"][0]["votes"] += forged_votes
    files = round_files(definition, [], [*typed, sheet], result, None, None)
    for name, data in files.items():
        recorder.put(name, data)
    recorder.commit()
    recorder.append(
        "results.confirmed",
        {
            "election": election.id,
            "round": 1,
            "by": "hung",
            "at": "2025-07-11T10:00:00+07:00",
            "files": file_hashes(files),
        },
    )
    recorder.commit()
    return tmp_path / "b"


def test_typed_ballots_and_a_tally_sheet_are_counted_again(tmp_path: Path, station_key) -> None:
    verdict = verify(_count(tmp_path, station_key))
    assert verdict.exit_code == 0, verdict.message
    (summary,) = verdict.summary["rounds"]
    assert summary["manual"] == 9
    assert summary["counted"] == 9


def test_a_result_one_vote_off_the_typed_entries_is_caught(tmp_path: Path, station_key) -> None:
    verdict = verify(_count(tmp_path, station_key, forged_votes=-1))
    assert verdict.exit_code == 3
    assert verdict.message.startswith(
        f"rounds/q1-bithu-2025-1/results.json: cuộc bầu “q1-bithu-2025” lần 1: “{NAME}” ghi "
    )
