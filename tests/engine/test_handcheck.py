"""The random batch hand-check: the draw from the hall's dice, the comparison of hand and machine
counts, and the rule that follows (keep, draw more, count everything by hand)."""

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daihoi.engine.handcheck import (
    BatchCount,
    Tally,
    VerdictKind,
    compare,
    draw,
    first_sample_size,
    grouped,
    margin,
    normalise_seed,
    tickets,
    verdict,
)

SEED = "31415 92653 58979 32384"  # 20 dice read aloud, written in groups
DIGITS = "31415926535897932384"
AN, BINH, CUC = "Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cúc"


def test_it_makes_each_ticket_the_sha256_of_seed_comma_batch():
    found = dict(tickets(SEED, ["1", "2", "3"]))
    for batch in ("1", "2", "3"):
        assert found[batch] == hashlib.sha256(f"{DIGITS},{batch}".encode()).hexdigest()


def test_it_draws_in_ascending_ticket_order():
    order = tickets(SEED, [str(n) for n in range(1, 21)])
    assert [t for _, t in order] == sorted(t for _, t in order)
    assert draw(SEED, [str(n) for n in range(1, 21)], 3) == [b for b, _ in order[:3]]


def test_it_draws_the_next_batches_without_those_already_drawn():
    ids = [str(n) for n in range(1, 31)]
    first = draw(SEED, ids, 3)
    more = draw(SEED, ids, 3, already=first)
    assert first + more == draw(SEED, ids, 6)
    assert draw(SEED, ids, 100, already=first) == draw(SEED, ids, 30)[3:]


@pytest.mark.parametrize(
    ("seed", "words"),
    [
        ("", "Chưa nhập"),
        ("   ", "Chưa nhập"),
        ("1234 5678 9012 34x", "“x”"),
        ("12345-67890-12345", "“-”"),
        ("１２３４５６７８９０１２３４５", "chỉ được có chữ số 0–9"),
        ("12345 67890 1234", "14 chữ số, cần ít nhất 15"),
    ],
)
def test_it_refuses_a_seed_that_is_not_enough_dice(seed, words):
    with pytest.raises(ValueError, match=words):
        normalise_seed(seed)
    with pytest.raises(ValueError):
        tickets(seed, ["1"])


def test_it_reads_the_seed_back_in_groups_of_five():
    assert grouped("314159265358979323 84") == "31415 92653 58979 32384"
    assert normalise_seed(" 31415\t92653 58979 32384\n") == DIGITS


def test_it_refuses_duplicate_or_unknown_batches_and_a_negative_count():
    with pytest.raises(ValueError, match="trùng: 2"):
        tickets(SEED, ["1", "2", "2"])
    with pytest.raises(ValueError, match="không có trong danh sách: 9"):
        draw(SEED, ["1", "2"], 1, already=["9"])
    with pytest.raises(ValueError, match="không âm"):
        draw(SEED, ["1", "2"], -1)


def test_it_refuses_a_string_for_the_list_of_batches_and_a_verdict_on_nothing():
    with pytest.raises(ValueError, match="không phải một chuỗi"):
        tickets(SEED, "123")
    with pytest.raises(ValueError, match="Chưa có tệp nào"):
        verdict(compare(MACHINE, {}), TALLY, unchecked=3)


def test_it_takes_a_tenth_of_the_batches_at_least_one():
    assert [first_sample_size(n) for n in (0, 1, 9, 10, 11, 40)] == [0, 1, 1, 1, 2, 4]


# --------------------------------------------------------------------------- the comparison


def count(ballots, valid, votes):
    return BatchCount(ballots, valid, ballots - valid, votes)


MACHINE = {
    "1": count(50, 48, {AN: 40, BINH: 30, CUC: 10}),
    "2": count(50, 49, {AN: 41, BINH: 29, CUC: 12}),
    "3": count(50, 50, {AN: 45, BINH: 20, CUC: 11}),
}
# 150 ballots: An 126, Bình 79, Cúc 33; line 76: An and Bình elected for 2 seats.
TALLY = Tally({AN: 126, BINH: 79, CUC: 33}, [AN, BINH], 76, 2)


def test_it_reports_no_discrepancy_when_hand_and_machine_agree():
    report = compare(MACHINE, {"2": MACHINE["2"]})
    assert report.discrepant == ()
    [batch] = report.batches
    assert [(x.what, x.machine, x.hand, x.difference) for x in batch.lines] == [
        ("ballots", 50, 50, 0),
        ("valid", 49, 49, 0),
        ("invalid", 1, 1, 0),
        (AN, 41, 41, 0),
        (BINH, 29, 29, 0),
        (CUC, 12, 12, 0),
    ]
    result = verdict(report, TALLY, unchecked=2)
    assert result.kind is VerdictKind.CONFIRMED
    assert "giữ nguyên" in result.sentence


def test_it_reports_each_candidates_difference():
    hand = {"3": count(50, 50, {AN: 44, BINH: 21, CUC: 11}), "1": MACHINE["1"]}
    report = compare(MACHINE, hand)
    assert [b.batch for b in report.batches] == ["1", "3"]
    assert report.discrepant == ("3",)
    lines = {x.what: x.difference for x in report.batches[1].lines}
    assert lines == {"ballots": 0, "valid": 0, "invalid": 0, AN: -1, BINH: 1, CUC: 0}
    assert report.batches[1].worst == 1


def test_a_small_discrepancy_draws_twice_as_many_batches():
    hand = {"3": count(50, 50, {AN: 44, BINH: 21, CUC: 11})}
    result = verdict(compare(MACHINE, hand), TALLY, unchecked=2)
    # Projected 1 + 1 × 2 = 3 votes; the margin is Bình's 79 − 76 + 1 = 4.
    assert (result.projected, result.margin) == (3, 4)
    assert result.kind is VerdictKind.EXPAND
    assert result.more == 1
    assert "rút thêm 1 tệp" in result.sentence


def test_a_discrepancy_that_could_change_a_winner_calls_for_a_full_hand_count():
    hand = {"3": count(50, 50, {AN: 45, BINH: 18, CUC: 12})}
    result = verdict(compare(MACHINE, hand), TALLY, unchecked=2)
    assert result.kind is VerdictKind.FULL_HAND_COUNT
    assert result.projected == 6 and result.margin == 4
    assert "đếm tay toàn bộ" in result.sentence


def test_any_discrepancy_once_every_batch_is_checked_calls_for_the_hand_count():
    hand = dict(MACHINE) | {"3": count(50, 50, {AN: 44, BINH: 20, CUC: 11})}
    result = verdict(compare(MACHINE, hand), TALLY, unchecked=0)
    assert result.kind is VerdictKind.FULL_HAND_COUNT


def test_a_hand_count_of_an_unknown_batch_is_refused():
    with pytest.raises(ValueError, match="không có trong số đếm của máy: 7"):
        compare(MACHINE, {"7": MACHINE["1"]})


def test_the_margin_is_the_nearest_change_of_winner():
    # Last elected 79 vs first not elected 33: 23 each way; Bình above the line by 4.
    assert margin(TALLY) == 4
    # Two above the line for one seat: 60 vs 57 → 2 votes each way make them tie or swap.
    assert margin(Tally({AN: 60, BINH: 57}, [AN], 50, 1)) == 2
    # An empty seat: Cúc needs 3 votes to reach the line of 40.
    assert margin(Tally({AN: 60, CUC: 37}, [AN], 40, 2)) == 3


# ------------------------------------------------------------------------------- properties

ids_strategy = st.lists(
    st.integers(min_value=1, max_value=500).map(str), min_size=1, max_size=40, unique=True
)
seeds = st.text(alphabet="0123456789", min_size=15, max_size=30)


@given(seeds, ids_strategy, st.randoms(use_true_random=False), st.integers(0, 45))
def test_the_draw_is_reproducible_whatever_order_the_batches_come_in(seed, ids, rnd, k):
    shuffled = list(ids)
    rnd.shuffle(shuffled)
    assert draw(seed, ids, k) == draw(seed, shuffled, k)
    assert tickets(seed, ids) == tickets(seed, shuffled)
    assert len(draw(seed, ids, k)) == min(k, len(ids))


@given(seeds, ids_strategy, st.integers(0, 20), st.integers(0, 20))
def test_drawing_more_continues_the_same_order(seed, ids, a, b):
    first = draw(seed, ids, a)
    assert first + draw(seed, ids, b, already=first) == draw(seed, ids, a + b)
    assert all(
        t == hashlib.sha256(f"{seed},{i}".encode()).hexdigest() for i, t in tickets(seed, ids)
    )


vote_counts = st.dictionaries(
    st.sampled_from([AN, BINH, CUC]), st.integers(0, 50), min_size=3, max_size=3
)
machine_counts = st.dictionaries(
    st.integers(1, 60).map(str),
    st.builds(lambda v, inv: BatchCount(60 + inv, 60, inv, v), vote_counts, st.integers(0, 5)),
    min_size=1,
    max_size=12,
)


def tally_of(machine):
    votes = {n: sum(b.votes.get(n, 0) for b in machine.values()) for n in (AN, BINH, CUC)}
    order = sorted(votes, key=votes.get, reverse=True)
    return Tally(votes, order[:1], 1, 1)


@given(machine_counts, st.integers(0, 20))
def test_hand_equal_to_machine_always_confirms(machine, unchecked):
    result = verdict(compare(machine, dict(machine)), tally_of(machine), unchecked)
    assert result.kind is VerdictKind.CONFIRMED
    assert result.discrepant == ()


@given(machine_counts, st.integers(0, 20), st.integers(1, 40))
def test_a_discrepancy_bigger_than_the_margin_calls_for_a_full_hand_count(
    machine, unchecked, extra
):
    tally = tally_of(machine)
    gap = margin(tally)
    assume_batch = sorted(machine)[0]
    wrong = machine[assume_batch]
    shift = (gap or 0) + extra
    hand = {
        assume_batch: BatchCount(
            wrong.ballots,
            wrong.valid,
            wrong.invalid,
            dict(wrong.votes) | {AN: wrong.votes[AN] + shift},
        )
    }
    result = verdict(compare(machine, hand), tally, unchecked)
    assert result.kind is VerdictKind.FULL_HAND_COUNT
