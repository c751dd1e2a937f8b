"""Properties of the count that must hold for every election and every pile of ballots."""

import random
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from daihoi.engine.ballot import Form
from daihoi.engine.errors import InputError
from daihoi.engine.results import result_from_dict, result_to_dict
from daihoi.engine.tally import Status, check_result, count_election, judge_ballot
from tests.engine.strategies import election_with_ballots, valid_ballot_for

# Per test, not a global profile: other parts of the suite keep their own settings.
PROPERTY = settings(max_examples=100, deadline=None)


@PROPERTY
@given(election_with_ballots(), st.randoms(use_true_random=False))
def test_shuffling_ballots_never_changes_the_result(case, rnd: random.Random):
    election, ballots = case
    shuffled = list(ballots)
    rnd.shuffle(shuffled)
    assert result_to_dict(count_election(election, shuffled)) == result_to_dict(
        count_election(election, ballots)
    )


@PROPERTY
@given(election_with_ballots())
def test_a_valid_ballot_never_gives_more_votes_than_places(case):
    election, ballots = case
    for ballot in ballots:
        verdict = judge_ballot(election, ballot)
        if verdict.valid:
            assert len(verdict.votes) <= election.to_keep
        else:
            assert verdict.reason in election.rules.reason_codes()


@PROPERTY
@given(election_with_ballots(), st.data())
def test_adding_a_valid_ballot_never_lowers_a_count(case, data):
    election, ballots = case
    if len(ballots) >= (election.electorate or 10**6):
        return
    before = count_election(election, ballots)
    extra = data.draw(valid_ballot_for(election, "extra"))
    after = count_election(election, [*ballots, extra])
    assert judge_ballot(election, extra).valid
    assert after.valid == before.valid + 1
    for old, new in zip(before.candidates, after.candidates, strict=True):
        assert new.votes >= old.votes


@PROPERTY
@given(election_with_ballots())
def test_the_arithmetic_always_holds_and_percentages_are_exact(case):
    election, ballots = case
    result = count_election(election, ballots)
    check_result(result)
    assert result.counted == result.valid + result.invalid == len(ballots)
    for line in result.candidates:
        assert line.votes <= result.valid
        if result.base:
            exact = Fraction(100 * line.votes, result.base)
            # Half up to 2 decimals: the shown value is within half a hundredth, ties upward.
            shown = Fraction(line.percent)
            assert -Fraction(1, 200) < shown - exact <= Fraction(1, 200)


@PROPERTY
@given(election_with_ballots())
def test_the_fast_count_agrees_with_judging_ballot_by_ballot(case):
    election, ballots = case
    result = count_election(election, ballots)
    verdicts = [judge_ballot(election, b) for b in ballots]
    assert result.valid == sum(v.valid for v in verdicts)
    for line in result.candidates:
        assert line.votes == sum(line.name in v.votes for v in verdicts)


@PROPERTY
@given(election_with_ballots())
def test_winners_are_above_the_line_and_within_the_seats(case):
    election, ballots = case
    result = count_election(election, ballots)
    elected = [c for c in result.candidates if c.status is Status.ELECTED]
    assert len(elected) <= election.seats
    assert all(c.votes * 2 > result.base for c in elected)
    losers = [c.votes for c in result.candidates if c.status is Status.NOT_ELECTED]
    if losers and elected:
        assert max(losers) < min(c.votes for c in elected) or result.tied
    if election.form is Form.APPROVE:
        assert result.invalid == sum(1 for b in ballots if b.ruling)


@PROPERTY
@given(election_with_ballots())
def test_every_result_survives_the_json_round_trip(case):
    election, ballots = case
    result = count_election(election, ballots)
    try:
        again = result_from_dict(result_to_dict(result), "r.json")
    except InputError as error:  # pragma: no cover - a failure here is the finding
        raise AssertionError(str(error)) from error
    assert result_to_dict(again) == result_to_dict(result)
