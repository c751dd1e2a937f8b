"""The composition risk of a list: exact bounds on named lists, the decision equal to the
engine's, the exact chances against brute enumeration, the simulation against the exact."""

from __future__ import annotations

import itertools
import math
import random
from datetime import date
from fractions import Fraction

import pytest

from daihoi.engine import Ballot, Body, Candidate, Election, Mark, Status, count_election, rule_set
from daihoi.personnel_rules import Nominee, Targets
from daihoi.personnel_rules.risk import (
    FIRST,
    RUNS,
    WOMEN,
    YOUNG,
    Runner,
    bounds,
    decide,
    exact_chances,
    simulate,
    target_shares,
    traits_of,
)

WOMEN_15 = {WOMEN: Fraction(15, 100)}


def named(women: int, men: int, *, prelim: list[int] | None = None) -> list[Runner]:
    names = [f"Nữ {i}" for i in range(women)] + [f"Nam {i}" for i in range(men)]
    traits = [frozenset({WOMEN})] * women + [frozenset()] * men
    votes = prelim or [None] * len(names)  # type: ignore[list-item]
    return [Runner(n, t, v) for n, t, v in zip(names, traits, votes, strict=True)]


# ------------------------------------------------------------------------------ exact bounds


def test_it_bounds_nine_names_for_seven_seats_with_three_women() -> None:
    (women,) = bounds(named(3, 6), 7, WOMEN_15)
    assert (women.least, women.most) == (1, 3)
    assert women.text == "Nữ: trúng cử ít nhất 1/7 (14,29%), nhiều nhất 3/7 (42,86%)."
    # 15% of 7 is 1.05: 2 women needed; losing 2 of the 3 leaves 1.
    assert women.need == 2
    assert women.risk_text == "Nếu 2 trong 3 ứng viên nữ không trúng cử, tỷ lệ nữ còn 14,29% < 15%."
    # The outcomes with a single woman: C(3,1) × C(6,6) = 3 of C(9,7) = 36.
    assert (women.missing, women.outcomes) == (3, 36)


def test_it_says_the_issue_sentence_for_ten_names_and_eight_seats() -> None:
    (women,) = bounds(named(3, 7), 8, WOMEN_15)
    assert women.risk_text == "Nếu 2 trong 3 ứng viên nữ không trúng cử, tỷ lệ nữ còn 12,5% < 15%."
    assert women.missing == math.comb(3, 1) * math.comb(7, 7)


def test_it_says_when_every_outcome_meets_the_target() -> None:
    (women,) = bounds(named(5, 4), 7, WOMEN_15)
    assert (women.least, women.most, women.missing) == (3, 5, 0)
    assert not women.at_risk
    assert women.risk_text == "Mọi kết quả bầu đủ 7 người đều đạt tỷ lệ nữ từ 15%."


def test_it_says_when_even_electing_every_woman_misses() -> None:
    (women,) = bounds(named(1, 11), 10, WOMEN_15)
    assert women.lose == 0
    assert women.missing == women.outcomes == math.comb(12, 10)
    assert women.risk_text == "Dù cả 1 ứng viên nữ đều trúng cử, tỷ lệ nữ chỉ 10% < 15%."


@pytest.mark.parametrize(
    ("women", "men", "seats", "least", "most", "missing"),
    [
        (1, 3, 3, 0, 1, 1),  # 4 names for 3 seats: the woman may lose (1 of 4 outcomes)
        (2, 2, 3, 1, 2, 0),  # 15% of 3 needs 1: both women cannot lose together
        (1, 4, 4, 0, 1, 1),  # 5 for 4
        (1, 5, 5, 0, 1, 1),  # 6 for 5
        (2, 4, 5, 1, 2, 0),
    ],
)
def test_it_bounds_small_bodies(
    women: int, men: int, seats: int, least: int, most: int, missing: int
) -> None:
    (bound,) = bounds(named(women, men), seats, WOMEN_15)
    assert (bound.least, bound.most, bound.missing) == (least, most, missing)
    # Brute force over every set of ``seats`` names.
    people = named(women, men)
    shares = [
        sum(WOMEN in p.traits for p in chosen) for chosen in itertools.combinations(people, seats)
    ]
    assert (min(shares), max(shares)) == (least, most)
    assert sum(s < bound.need for s in shares) == missing


def test_a_tie_at_the_cutoff_resolves_into_complete_outcomes_within_the_bounds() -> None:
    # 4 names for 3 seats, one woman (Nữ 0) tied with Nam 2 for the last seat: the engine
    # says tie; whichever way the re-vote goes, the body is a complete outcome in the bounds.
    people = named(1, 3)
    election = Election(
        id="bch",
        title="BCH",
        body=Body.COMMITTEE,
        seats=3,
        rules=rule_set("party"),
        candidates=tuple(Candidate(p.name) for p in people),
        electorate=10,
    )
    # Ten ballots, each striking one name: Nam 0 and Nam 1 have 8, Nữ 0 and Nam 2 have 7.
    struck = ["Nam 0"] * 2 + ["Nam 1"] * 2 + ["Nữ 0"] * 3 + ["Nam 2"] * 3
    ballots = [
        Ballot(str(i), {p.name: Mark.STRUCK if p.name == gone else Mark.KEPT for p in people})
        for i, gone in enumerate(struck)
    ]
    result = count_election(election, ballots)
    assert set(result.tied) == {"Nữ 0", "Nam 2"}
    (bound,) = bounds(people, 3, WOMEN_15)
    for winner in ("Nữ 0", "Nam 2"):
        body = [*result.elected, winner]
        women = sum(name.startswith("Nữ") for name in body)
        assert bound.least <= women <= bound.most
    # A body the congress left at 2 members (no re-vote): its own bounds.
    (short,) = bounds(people, 3, WOMEN_15, elected=2)
    assert (short.least, short.most, short.seats) == (0, 1, 2)


def test_it_reads_the_traits_from_the_records() -> None:
    targets = Targets()
    on = date(2025, 10, 15)
    young_woman = Nominee("Trần Thị Bình", gender="female", born=date(1990, 10, 16))
    old_member = Nominee("Lê Văn Minh", gender="male", born=date(1970, 1, 1), outgoing=True)
    unknown = Nominee("Phạm An")
    assert traits_of(young_woman, targets, on) == {WOMEN, YOUNG, FIRST}
    assert traits_of(old_member, targets, on) == frozenset()
    assert traits_of(unknown, targets, on) == {FIRST}
    assert set(target_shares(targets)) == {WOMEN, YOUNG, FIRST}
    assert set(target_shares(targets, renewal=False)) == {WOMEN, YOUNG}


# ---------------------------------------------------------------- the decision is the engine's


def test_the_decision_is_the_engines_on_random_counts() -> None:
    rng = random.Random(7)
    for trial in range(300):
        n = rng.randint(2, 7)
        seats = rng.randint(1, n - 1)
        voters = rng.randint(1, 9)
        labels = [f"Người {chr(65 + i)}" for i in range(n)]
        election = Election(
            id="e",
            title="E",
            body=Body.COMMITTEE,
            seats=seats,
            rules=rule_set("party"),
            candidates=tuple(Candidate(x) for x in labels),
            electorate=voters + rng.randint(0, 3),
        )
        ballots = []
        for v in range(voters):
            kept = set(rng.sample(labels, rng.randint(1, seats)))
            ballots.append(
                Ballot(str(v), {x: Mark.KEPT if x in kept else Mark.STRUCK for x in labels})
            )
        result = count_election(election, ballots)
        votes = [c.votes for c in result.candidates]
        decision = decide(votes, seats, result.base)
        assert {labels[i] for i in decision.elected} == set(result.elected), trial
        assert {labels[i] for i in decision.tied} == set(result.tied), trial
        if result.tie_groups:
            assert decision.tied_seats == result.tie_groups[0].seats
        statuses = {c.name: c.status for c in result.candidates}
        assert all(statuses[labels[i]] is Status.ELECTED for i in decision.elected)


# ------------------------------------------------- exact chances against brute enumeration


def _brute(runners: list[Runner], seats: int, target: Fraction, voters: int, prelim: int) -> float:
    """Every vote vector, with its probability, and every way a tie can be voted again."""
    ps = [Fraction(r.preliminary or 0, prelim) for r in runners]
    missed = Fraction(0)
    for votes in itertools.product(range(voters + 1), repeat=len(runners)):
        mass = Fraction(1)
        for v, p in zip(votes, ps, strict=True):
            mass *= math.comb(voters, v) * p**v * (1 - p) ** (voters - v)
        if not mass:
            continue
        d = decide(votes, seats, voters)
        draws = list(itertools.combinations(d.tied, d.tied_seats)) if d.tied else [()]
        for draw in draws:
            body = [*d.elected, *draw]
            have = sum(WOMEN in runners[i].traits for i in body)
            if not body or have < math.ceil(len(body) * target):
                missed += mass / len(draws)
    return float(missed)


@pytest.mark.parametrize(
    ("women", "men", "seats", "prelim", "voters"),
    [
        (1, 3, 3, [3, 4, 2, 4], 4),
        (2, 3, 3, [2, 3, 4, 1, 3], 3),
        (1, 4, 4, [5, 4, 3, 5, 5], 3),
    ],
)
def test_the_exact_chances_equal_brute_enumeration(
    women: int, men: int, seats: int, prelim: list[int], voters: int
) -> None:
    runners = named(women, men, prelim=prelim)
    target = Fraction(15, 100) if seats > 3 else Fraction(34, 100)
    (exact,) = exact_chances(runners, seats, {WOMEN: target}, voters=voters, preliminary_voters=6)
    assert exact.missed == pytest.approx(_brute(runners, seats, target, voters, 6), abs=1e-12)


# ------------------------------------------------------------ simulation against the exact


TWELVE = named(3, 9, prelim=[41, 30, 28, 55, 52, 50, 47, 46, 44, 40, 38, 35])


def test_ten_thousand_runs_give_one_point() -> None:
    assert 1.96 * 0.5 / math.sqrt(RUNS) <= 0.01


@pytest.mark.parametrize(
    ("runners", "seats", "voters"),
    [
        (TWELVE, 9, 60),
        (named(2, 4, prelim=[20, 16, 25, 24, 21, 18]), 5, 30),
        (named(2, 6, prelim=[30, 22, 36, 35, 28, 27, 25, 20]), 7, 40),
    ],
)
def test_the_simulation_agrees_with_the_exact_chances(
    runners: list[Runner], seats: int, voters: int
) -> None:
    shares = {WOMEN: Fraction(15, 100), YOUNG: Fraction(10, 100)}
    # Young: the first man and the last woman.
    runners = [
        Runner(r.name, r.traits | ({YOUNG} if i in (1, len(runners) - 1) else set()), r.preliminary)
        for i, r in enumerate(runners)
    ]
    exact = exact_chances(runners, seats, shares, voters=voters, preliminary_voters=voters)
    sim = simulate(runners, seats, shares, voters=voters, preliminary_voters=voters, seed=11)
    for e, s in zip(exact, sim, strict=True):
        # ±1 point is the 95% interval; 1.5 points is three standard errors at 10,000 runs.
        assert abs(e.missed - s.missed) <= 0.015, (e.key, e.missed, s.missed)
        assert s.runs == RUNS
    # Seeded: the same figures again.
    again = simulate(runners, seats, shares, voters=voters, preliminary_voters=voters, seed=11)
    assert [c.missed for c in again] == [c.missed for c in sim]


def test_the_chance_reads_as_a_sentence() -> None:
    (chance,) = exact_chances(
        named(1, 3, prelim=[10, 10, 10, 10]),
        3,
        {WOMEN: Fraction(15, 100)},
        voters=10,
        preliminary_voters=10,
    )
    # Everyone is kept by everyone: all four tie at 10 for 3 seats; the woman loses the
    # re-vote 1 time in 4.
    assert chance.missed == pytest.approx(0.25)
    assert chance.text == "Theo phiếu giới thiệu, khả năng tỷ lệ nữ dưới 15%: khoảng 25%."


def test_it_refuses_preliminary_votes_above_the_voters() -> None:
    with pytest.raises(ValueError, match="preliminary"):
        simulate(named(1, 1, prelim=[5, 12]), 1, WOMEN_15, voters=10, preliminary_voters=10)


def test_the_bounds_equal_brute_force_on_random_lists() -> None:
    rng = random.Random(3)
    for _ in range(200):
        n = rng.randint(1, 10)
        seats = rng.randint(1, n)
        people = [
            Runner(f"Người {i}", frozenset(t for t in (WOMEN, YOUNG, FIRST) if rng.random() < 0.4))
            for i in range(n)
        ]
        shares = {WOMEN: Fraction(15, 100), YOUNG: Fraction(10, 100), FIRST: Fraction(1, 3)}
        for bound in bounds(people, seats, shares):
            counts = [
                sum(bound.key in p.traits for p in chosen)
                for chosen in itertools.combinations(people, seats)
            ]
            assert (bound.least, bound.most) == (min(counts), max(counts))
            assert bound.missing == sum(c < bound.need for c in counts)
            assert bound.outcomes == len(counts)
            # The sentence's loss is the smallest that misses, and it can happen.
            if bound.lose is not None and bound.lose > 0:
                assert bound.have - bound.lose < bound.need <= bound.have - bound.lose + 1
                assert bound.have - bound.lose >= bound.least
            assert (bound.lose is None) == (bound.missing == 0)
