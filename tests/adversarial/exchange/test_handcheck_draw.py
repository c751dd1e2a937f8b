"""Attacks on the hand-check draw (``daihoi.engine.handcheck``, contract 3 of issue 16): which
batches are counted again by hand is drawn from dice thrown in the hall. Anyone must be able to
redo the draw with a few lines of Python, so every ticket here is computed with hashlib alone:
``sha256(f"{seed},{batch_id}".encode("utf-8")).hexdigest()``, the seed its dice digits with the
spaces removed; the draw takes the next ``k`` batches in ascending ticket order.
"""

from __future__ import annotations

import hashlib
import itertools
import random
from typing import Any

import pytest

from tests.adversarial.exchange._forge import is_vietnamese

handcheck = pytest.importorskip(
    "daihoi.engine.handcheck", reason="daihoi.engine.handcheck does not exist yet (issue 16)"
)
tickets = handcheck.tickets
draw = handcheck.draw

SEED = "31415 26535 89793 23846"  # 20 digits, as read out in groups of five
DIGITS = SEED.replace(" ", "")
BATCHES = [f"lo-{i:02d}" for i in range(1, 21)]
VIET_BATCHES = ["Lô A", "Lô Ă", "Lô Â", "tổ-1/hòm-2", "phiếu,đợt 2", "ĐB-03", "x"]


def ticket(seed: str, batch: str) -> str:
    return hashlib.sha256(f"{seed},{batch}".encode()).hexdigest()


def expected_order(seed: str, batches: list[str]) -> list[str]:
    return sorted(set(batches), key=lambda b: ticket(seed, b))


def as_list(value: Any) -> list[Any]:
    return [tuple(v) if isinstance(v, list) else v for v in value]


# ------------------------------------------------------------------------ the tickets


@pytest.mark.parametrize(
    "batches", [BATCHES, VIET_BATCHES, ["1"], []], ids=["ascii", "vi", "one", "none"]
)
def test_every_ticket_is_the_sha256_of_seed_comma_batch(batches: list[str]) -> None:
    got = as_list(tickets(SEED, batches))
    assert len(got) == len(batches)
    assert {b: t for b, t in got} == {b: ticket(DIGITS, b) for b in batches}


def test_tickets_are_lower_case_hex() -> None:
    for _, t in tickets(SEED, BATCHES):
        assert isinstance(t, str) and len(t) == 64 and t == t.lower()
        int(t, 16)


@pytest.mark.parametrize(
    "typed",
    [
        DIGITS,
        SEED,
        "  " + SEED + "  ",
        " ".join(DIGITS),
        "3141526535  8979323846",
    ],
    ids=["bare", "groups", "padded", "every-digit", "double-space"],
)
def test_spaces_in_the_seed_do_not_change_the_tickets(typed: str) -> None:
    assert dict(as_list(tickets(typed, BATCHES))) == {b: ticket(DIGITS, b) for b in BATCHES}


def test_tickets_are_not_computed_on_the_spaced_seed() -> None:
    got = dict(as_list(tickets(SEED, BATCHES)))
    assert all(got[b] != ticket(SEED, b) for b in BATCHES)


@pytest.mark.parametrize("digits", [15, 16, 30, 100])
def test_fifteen_digits_or_more_are_a_seed(digits: int) -> None:
    seed = "".join(str((i * 7) % 6 + 1) for i in range(digits))
    assert dict(as_list(tickets(seed, BATCHES))) == {b: ticket(seed, b) for b in BATCHES}


@pytest.mark.parametrize(
    "seed", ["000000000000000", "000123456123456123", "0" * 14 + "1"], ids=["zeros", "lead", "one"]
)
def test_leading_zeros_are_kept_in_the_ticket(seed: str) -> None:
    """The seed is text: hashed as its digits, never through int() (which drops the zeros)."""
    assert dict(as_list(tickets(seed, BATCHES))) == {b: ticket(seed, b) for b in BATCHES}


def test_a_seed_longer_than_pythons_int_limit_is_a_seed() -> None:
    """5000 digits: int(seed) raises ValueError (the 4300-digit limit); a seed is text."""
    seed = "".join(str(i % 6 + 1) for i in range(5000))
    assert dict(as_list(tickets(seed, BATCHES[:3]))) == {b: ticket(seed, b) for b in BATCHES[:3]}


REFUSED_SEEDS = {
    "empty": "",
    "spaces-only": "     ",
    "one-digit": "4",
    "fourteen": "12345612345612",
    "fourteen-spaced": "12345 61234 5612",
    "letters": "abcdefghijklmnop",
    "hex": "0123456789abcdef0",
    "a-letter-inside": "1234561234561234x",
    "minus": "-123456123456123456",
    "plus": "+123456123456123456",
    "decimal-point": "1234561234.561234561",
    "comma": "123456,123456123456",
    "dash-groups": "12345-61234-56123-456",
    "nul": "1234561234561234\x00",
    "superscript": "123456123456123456²",
    "underscore": "123_456_123_456_123_456",
    "scientific": "1e30",
}


@pytest.mark.parametrize("name", sorted(REFUSED_SEEDS))
def test_a_seed_that_is_not_fifteen_dice_digits_is_refused(name: str) -> None:
    with pytest.raises(ValueError) as caught:
        tickets(REFUSED_SEEDS[name], BATCHES)
    assert str(caught.value).strip(), "a ValueError without a message"


@pytest.mark.parametrize("name", ["empty", "fourteen", "letters", "a-letter-inside"])
def test_draw_refuses_the_same_seeds(name: str) -> None:
    with pytest.raises(ValueError):
        draw(REFUSED_SEEDS[name], BATCHES, 3)


@pytest.mark.parametrize(
    "seed",
    ["１２３４５６１２３４５６１２３４５６", "١٢٣٤٥٦١٢٣٤٥٦١٢٣٤٥٦", "१२३४५६१२३४५६१२३४५६"],
    ids=["fullwidth", "arabic-indic", "devanagari"],
)
def test_non_ascii_digits_are_refused_or_read_as_ascii(seed: str) -> None:
    """str.isdigit() is true for these: the hall's draw would then hash other bytes than the
    auditor's "123456…". Either refused, or the same tickets as the ASCII digits."""
    ascii_seed = "123456123456123456"
    try:
        got = dict(as_list(tickets(seed, BATCHES)))
    except ValueError:
        return
    assert got == {b: ticket(ascii_seed, b) for b in BATCHES}


def test_the_refusal_says_what_is_wrong_in_vietnamese() -> None:
    for seed in ("", "123", "abcdefghijklmnopq"):
        with pytest.raises(ValueError) as caught:
            tickets(seed, BATCHES)
        assert is_vietnamese(str(caught.value)), str(caught.value)


# ------------------------------------------------------------------------ the draw


@pytest.mark.parametrize("k", [0, 1, 2, 5, 19, 20])
def test_the_draw_is_the_k_lowest_tickets_in_order(k: int) -> None:
    assert list(draw(SEED, BATCHES, k)) == expected_order(DIGITS, BATCHES)[:k]


@pytest.mark.parametrize("shuffle", range(8))
def test_the_order_of_the_batches_does_not_change_the_draw(shuffle: int) -> None:
    batches = list(BATCHES)
    random.Random(shuffle).shuffle(batches)
    assert list(draw(SEED, batches, 5)) == list(draw(SEED, BATCHES, 5))
    assert list(draw(SEED, batches, 5)) == expected_order(DIGITS, BATCHES)[:5]


@pytest.mark.parametrize("container", [tuple, list, set, frozenset, sorted, reversed])
def test_any_iterable_of_batch_ids_gives_the_same_draw(container: Any) -> None:
    assert list(draw(SEED, container(BATCHES), 4)) == expected_order(DIGITS, BATCHES)[:4]


@pytest.mark.parametrize("done", [1, 3, 7])
def test_the_next_draw_skips_what_was_drawn(done: int) -> None:
    first = list(draw(SEED, BATCHES, done))
    following = list(draw(SEED, BATCHES, 3, already=first))
    assert following == expected_order(DIGITS, BATCHES)[done : done + 3]
    assert not set(first) & set(following)


def test_drawing_one_at_a_time_is_drawing_all_at_once() -> None:
    drawn: list[str] = []
    for _ in range(len(BATCHES)):
        drawn += list(draw(SEED, BATCHES, 1, already=tuple(drawn)))
    assert drawn == expected_order(DIGITS, BATCHES)


@pytest.mark.parametrize("already", [set, frozenset, tuple, list])
def test_already_may_be_any_collection(already: Any) -> None:
    taken = expected_order(DIGITS, BATCHES)[:2]
    assert (
        list(draw(SEED, BATCHES, 2, already=already(taken))) == expected_order(DIGITS, BATCHES)[2:4]
    )


def test_already_not_in_the_lottery_is_refused_as_a_typo() -> None:
    """An id "drawn before" that is not among the batches is a typo: refused with a sentence
    (decided: silently ignoring it would draw a batch the committee thinks it has checked)."""
    with pytest.raises(ValueError) as refused:
        draw(SEED, BATCHES, 4, already=["lo-99", "khác", ""])
    assert str(refused.value).strip()


def test_already_out_of_order_changes_nothing() -> None:
    order = expected_order(DIGITS, BATCHES)
    skipped = [order[5], order[0]]  # drawn by hand out of order: skipped wherever they are
    rest = [b for b in order if b not in skipped]
    assert list(draw(SEED, BATCHES, 3, already=skipped)) == rest[:3]


def test_spaced_and_bare_seeds_draw_the_same() -> None:
    assert list(draw(SEED, BATCHES, 6)) == list(draw(DIGITS, BATCHES, 6))


def test_vietnamese_batch_ids_are_drawn_by_their_utf8_tickets() -> None:
    assert list(draw(SEED, VIET_BATCHES, 3)) == expected_order(DIGITS, VIET_BATCHES)[:3]


def test_another_seed_is_another_draw() -> None:
    other = "31415 26535 89793 23847"
    assert list(draw(other, BATCHES, 20)) == expected_order(other.replace(" ", ""), BATCHES)
    assert list(draw(other, BATCHES, 20)) != list(draw(SEED, BATCHES, 20))


def test_a_comma_in_a_batch_id_does_not_shift_the_seed() -> None:
    """f"{seed},{batch}": a batch "5,x" with the seed "…4" hashes "…4,5,x", not "…45,x"."""
    seed = "123451234512345"
    got = dict(as_list(tickets(seed, ["5,x", "x"])))
    assert got["5,x"] == ticket(seed, "5,x") != ticket(seed + "5", "x")


def test_a_thousand_batches_draw_quickly() -> None:
    import time

    many = [f"b{i}" for i in range(1000)]
    started = time.process_time()
    got = list(draw(SEED, many, 50))
    assert time.process_time() - started < 1
    assert got == expected_order(DIGITS, many)[:50]


@pytest.mark.parametrize("k,n", list(itertools.product([1, 3], [1, 2, 3])))
def test_small_lotteries(k: int, n: int) -> None:
    batches = BATCHES[:n]
    want = expected_order(DIGITS, batches)[:k]
    try:
        got = list(draw(SEED, batches, k))
    except ValueError:  # k above the batches left: refusing it is as fair as drawing them all
        assert k > n
        return
    assert got == want


# ---------------------------------------------------------------- what the contract leaves open


def test_ambiguous_duplicate_batch_ids_are_drawn_once_or_refused() -> None:
    try:
        got = list(draw(SEED, [*BATCHES, *BATCHES[:5]], 20))
    except ValueError as exc:
        assert str(exc).strip()
        return
    assert got == expected_order(DIGITS, BATCHES)


@pytest.mark.parametrize("k", [-1])
def test_ambiguous_a_negative_k_is_refused(k: int) -> None:
    with pytest.raises(ValueError):
        draw(SEED, BATCHES, k)


def test_ambiguous_tabs_and_newlines_in_the_seed() -> None:
    """ "spaces removed": a seed typed with a tab or over two lines."""
    try:
        got = dict(as_list(tickets("31415\t26535\n89793 23846", BATCHES)))
    except ValueError:
        return
    assert got == {b: ticket(DIGITS, b) for b in BATCHES}


def test_tickets_come_in_drawing_order() -> None:
    """Decided: ``tickets`` lists the batches in ascending ticket order (the drawing order), so
    the list printed in the hall is the same whatever order the batches were given in."""
    listed = as_list(tickets(SEED, BATCHES))
    assert [b for b, _ in listed] == expected_order(DIGITS, BATCHES)
    assert as_list(tickets(SEED, list(reversed(BATCHES)))) == listed
