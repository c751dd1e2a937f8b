"""Validity, tally and winners, told as named election scenarios."""

from decimal import Decimal
from typing import Any

import pytest

from daihoi.engine.ballot import Ballot, Mark, VerdictStatus
from daihoi.engine.election import Election, parse_election
from daihoi.engine.errors import InputError
from daihoi.engine.tally import (
    Outcome,
    Status,
    count_election,
    judge_ballot,
    percent_of,
    votes_needed,
)

AN, BINH, CUC, DUNG, EM = "Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Cúc", "Phạm Văn Dũng", "Võ Em"


def make(seats: int = 2, people: tuple[str, ...] = (AN, BINH, CUC), **extra: Any) -> Election:
    data: dict[str, Any] = {
        "id": "scenario",
        "title": "Bầu thử",
        "body": "committee",
        "seats": seats,
        "rules": "party",
        "electorate": 11,
        "candidates": list(people),
    }
    data.update(extra)
    return parse_election(data, "scenario.yaml")


def keep(
    election: Election, *kept_lists: tuple[str, ...], ruling: str | None = None
) -> list[Ballot]:
    """Strike ballots: each keeps the names given and strikes the rest."""
    return [
        Ballot(
            f"p{index + 1}",
            {label: Mark.KEPT if label in kept else Mark.STRUCK for label in election.labels},
            ruling,
        )
        for index, kept in enumerate(kept_lists)
    ]


def votes_of(result) -> dict[str, int]:
    return {line.name: line.votes for line in result.candidates}


def status_of(result) -> dict[str, Status]:
    return {line.name: line.status for line in result.candidates}


def test_eleven_members_convened_five_votes_is_not_elected_six_is():
    election = make(electorate=11)
    ballots = keep(election, *[(AN, BINH)] * 5, (AN, CUC), *[(CUC,)] * 5)
    result = count_election(election, ballots)
    assert votes_of(result) == {AN: 6, BINH: 5, CUC: 6}
    assert result.votes_needed == 6
    assert status_of(result) == {AN: Status.ELECTED, BINH: Status.NOT_ELECTED, CUC: Status.ELECTED}
    assert result.outcome is Outcome.COMPLETE
    assert result.elected == (AN, CUC)  # equal votes listed in ballot order


def test_ten_members_convened_need_six():
    election = make(electorate=10, seats=1)
    result = count_election(election, keep(election, *[(AN,)] * 5, *[(BINH,)] * 5))
    assert result.votes_needed == 6
    assert result.outcome is Outcome.SHORT
    assert result.seats_unfilled == 1
    assert result.elected == ()


def test_thirty_one_delegates_need_sixteen():
    election = make(electorate=31, seats=1)
    ballots = keep(election, *[(AN,)] * 16, *[(BINH,)] * 15)
    result = count_election(election, ballots)
    assert result.votes_needed == 16
    assert result.elected == (AN,)
    line = result.candidates[0]
    assert (line.name, line.votes, line.percent) == (AN, 16, Decimal("51.61"))


def test_too_few_above_the_line_leaves_seats_unfilled():
    election = make(seats=2, electorate=11)
    ballots = keep(election, *[(AN, BINH)] * 6, *[(CUC,)] * 5)
    result = count_election(election, ballots)
    assert result.elected == (AN, BINH)
    assert result.outcome is Outcome.COMPLETE
    ballots = keep(election, *[(AN, BINH)] * 4, *[(AN, CUC)] * 3, *[(CUC,)] * 4)
    result = count_election(election, ballots)
    assert votes_of(result) == {AN: 7, BINH: 4, CUC: 7}
    assert result.outcome is Outcome.COMPLETE
    ballots = keep(election, *[(AN, BINH)] * 6, *[(CUC,)] * 3, *[(BINH,)] * 2)
    result = count_election(election, ballots)
    assert result.elected == (BINH, AN)  # in order of votes: Bình 8, An 6
    short = count_election(election, keep(election, *[(AN,)] * 6, *[(BINH,)] * 5))
    assert short.outcome is Outcome.SHORT and short.seats_unfilled == 1
    assert short.elected == (AN,)


def test_a_tie_for_the_last_seat_elects_those_clearly_above():
    election = make(seats=2, people=(AN, BINH, CUC, DUNG), electorate=11)
    ballots = keep(election, *[(AN, BINH)] * 4, *[(AN, CUC)] * 4, (AN,), (DUNG,), (DUNG,))
    result = count_election(election, ballots)
    assert votes_of(result) == {AN: 9, BINH: 4, CUC: 4, DUNG: 2}
    # Bình and Cúc have 4 of 11: below the line, so no tie: short by one.
    assert result.outcome is Outcome.SHORT
    ballots = keep(election, *[(AN, BINH)] * 3, *[(AN, CUC)] * 3, *[(BINH, CUC)] * 4, (AN,))
    result = count_election(election, ballots)
    assert votes_of(result) == {AN: 7, BINH: 7, CUC: 7, DUNG: 0}
    assert result.outcome is Outcome.TIE
    assert result.elected == ()
    assert result.tied == (AN, BINH, CUC)
    assert result.tie_groups[0].seats == 2
    ballots = keep(election, *[(AN, BINH)] * 4, *[(AN, CUC)] * 4, (AN,), (BINH, CUC), (BINH, CUC))
    result = count_election(election, ballots)
    assert votes_of(result) == {AN: 9, BINH: 6, CUC: 6, DUNG: 0}
    assert result.outcome is Outcome.TIE
    assert result.elected == (AN,)
    assert result.tied == (BINH, CUC)
    assert status_of(result)[BINH] is Status.TIED
    assert result.tie_groups[0].seats == 1


def test_a_tie_that_fits_in_the_seats_is_no_tie():
    election = make(seats=3, people=(AN, BINH, CUC, DUNG), electorate=11)
    ballots = keep(election, *[(AN, BINH, CUC)] * 7, *[(AN, DUNG)] * 4)
    result = count_election(election, ballots)
    assert result.outcome is Outcome.COMPLETE
    assert result.elected == (AN, BINH, CUC)


def delegates(**extra: Any) -> Election:
    return make(
        seats=2,
        people=(AN, BINH, CUC, DUNG, EM),
        body="delegates",
        alternates=1,
        electorate=11,
        **extra,
    )


def test_delegates_fill_official_seats_then_alternates():
    election = delegates()
    ballots = keep(
        election, *[(AN, BINH, CUC)] * 6, *[(AN, BINH, DUNG)] * 2, (AN, EM), (EM,), (EM,)
    )
    result = count_election(election, ballots)
    assert votes_of(result) == {AN: 9, BINH: 8, CUC: 6, DUNG: 2, EM: 3}
    assert result.elected == (AN, BINH)
    assert result.alternates == (CUC,)
    assert status_of(result)[CUC] is Status.ALTERNATE
    assert result.outcome is Outcome.COMPLETE


def test_delegates_tie_at_the_official_cutoff():
    election = delegates()
    ballots = keep(election, *[(AN, BINH, CUC)] * 8, *[(AN, DUNG)] * 1, (DUNG,), (EM,))
    result = count_election(election, ballots)
    assert votes_of(result) == {AN: 9, BINH: 8, CUC: 8, DUNG: 2, EM: 1}
    assert result.outcome is Outcome.TIE
    assert result.elected == (AN,)
    assert result.tied == (BINH, CUC)
    group = result.tie_groups[0]
    assert (group.seats, group.alternates) == (1, 1)  # the one who loses is the alternate


def test_delegates_tie_at_the_alternates_cutoff():
    election = delegates()
    ballots = keep(
        election,
        *[(AN, BINH, CUC)] * 4,
        *[(AN, BINH, DUNG)] * 4,
        (AN, CUC, DUNG),
        *[(CUC, DUNG)] * 2,
    )
    result = count_election(election, ballots)
    assert votes_of(result) == {AN: 9, BINH: 8, CUC: 7, DUNG: 7, EM: 0}
    assert result.elected == (AN, BINH)
    assert result.alternates == ()
    assert result.tied == (CUC, DUNG)
    assert (result.tie_groups[0].seats, result.tie_groups[0].alternates) == (0, 1)


def test_a_youth_union_count_takes_invalid_ballots_into_the_base():
    people = (AN, BINH, CUC)
    youth = make(rules="youth_union", electorate=None, people=people)
    state = make(rules="state", electorate=None, people=people)
    for election, elected in ((youth, ()), (state, (AN,))):
        ballots = keep(election, *[(AN,)] * 10, *[(BINH, CUC)] * 6)
        ballots += keep(election, *[(AN, BINH, CUC)] * 4)  # too many kept: invalid
        ballots = [Ballot(f"b{i}", b.marks, b.ruling) for i, b in enumerate(ballots)]
        result = count_election(election, ballots)
        assert (result.counted, result.valid, result.invalid) == (20, 16, 4)
        # Youth Union: 10 of 20 collected is not more than half; state: 10 of 16 valid is.
        assert result.elected == elected, election.rules.name
    assert count_election(youth, []).base == 0


def test_invalid_ballots_are_counted_with_their_reasons():
    election = make(seats=2)
    ballots = keep(election, (AN,), (AN, BINH, CUC), (), (AN, BINH))
    ballots.append(Ballot("p9", ballots[0].marks, "not_issued"))
    verdicts = [judge_ballot(election, b) for b in ballots]
    assert [(v.status, v.reason) for v in verdicts] == [
        (VerdictStatus.VALID, None),
        (VerdictStatus.INVALID, "too_many_kept"),
        (VerdictStatus.INVALID, "none_kept"),
        (VerdictStatus.VALID, None),
        (VerdictStatus.INVALID, "not_issued"),
    ]
    assert verdicts[3].votes == (AN, BINH)
    result = count_election(election, ballots)
    assert (result.counted, result.valid, result.invalid) == (5, 2, 3)
    assert result.invalid_reasons == {"not_issued": 1, "too_many_kept": 1, "none_kept": 1}


def test_a_strike_ballot_keeping_fewer_names_than_seats_is_valid():
    election = make(seats=2)
    assert judge_ballot(election, keep(election, (CUC,))[0]).valid


def secretary(**extra: Any) -> Election:
    return make(seats=1, people=(AN,), body="secretary", electorate=9, **extra)


def approve(election: Election, *marks: Mark) -> list[Ballot]:
    return [Ballot(f"s{i}", {AN: mark}, None) for i, mark in enumerate(marks)]


def test_one_candidate_for_secretary_is_voted_agree_or_disagree():
    election = secretary()
    marks = [Mark.AGREE] * 5 + [Mark.DISAGREE] * 2 + [Mark.BOTH, Mark.NEITHER]
    result = count_election(election, approve(election, *marks))
    # Both or neither box: no vote, but the ballot stays valid (party rules).
    assert (result.valid, result.invalid) == (9, 0)
    assert result.candidates[0].votes == 5
    assert result.elected == (AN,)


def test_approve_rows_with_both_or_neither_can_invalidate_the_ballot():
    election = secretary(rules={"preset": "party", "approve_unclear_row": "invalid"})
    marks = [Mark.AGREE] * 4 + [Mark.DISAGREE] * 3 + [Mark.BOTH, Mark.NEITHER]
    result = count_election(election, approve(election, *marks))
    assert result.invalid_reasons == {"unclear_row": 2}
    assert result.elected == ()
    assert result.outcome is Outcome.SHORT


def test_nobody_is_announced_while_ballots_await_review():
    election = make(electorate=11)
    ballots = keep(election, *[(AN, BINH)] * 8)
    result = count_election(election, ballots, pending_review=2)
    assert result.outcome is Outcome.PENDING_REVIEW
    assert result.elected == () and result.tied == ()
    assert result.candidates[0].votes == 8  # provisional counts stay visible


def test_more_ballots_than_electorate_is_refused():
    election = make(electorate=3, seats=1)
    with pytest.raises(InputError) as caught:
        count_election(election, keep(election, (AN,), (AN,), (AN,), (BINH,)))
    assert caught.value.location.field == "electorate"


def test_a_ballot_missing_a_candidate_is_refused():
    election = make()
    with pytest.raises(InputError):
        judge_ballot(election, Ballot("p1", {AN: Mark.KEPT, BINH: Mark.STRUCK}))
    with pytest.raises(InputError):
        judge_ballot(election, Ballot("p1", {AN: Mark.AGREE, BINH: Mark.KEPT, CUC: Mark.KEPT}))


def test_repeated_ballot_ids_are_refused():
    election = make()
    ballots = keep(election, (AN,), (BINH,))
    with pytest.raises(InputError):
        count_election(election, [ballots[0], ballots[0]])


@pytest.mark.parametrize(
    ("votes", "base", "shown"),
    [
        (27, 31, "87.10"),
        (16, 31, "51.61"),
        (1, 3, "33.33"),
        (2, 3, "66.67"),
        (1, 8, "12.50"),
        (1, 800, "0.13"),
        (3, 800, "0.38"),
        (0, 31, "0.00"),
        (31, 31, "100.00"),
        (5, 0, "0.00"),
    ],
)
def test_percentages_round_half_up_exactly(votes, base, shown):
    assert str(percent_of(votes, base)) == shown


def test_votes_needed_is_strictly_more_than_half():
    assert [votes_needed(b) for b in (10, 11, 31, 0, 1)] == [6, 6, 16, 1, 1]
