"""The composition risk of a candidate list (rủi ro cơ cấu): what the election can do to the
shares of women, young cadres and first-time members, pure.

**A complete election outcome** is a set of exactly ``seats`` names of the list elected. A tie
at the cutoff is not an outcome of its own: the engine's rules vote again among the tied until
the seats are filled, so each way the re-vote can go is one of these sets, and every set of
``seats`` names can be produced by some ballots. An election the rules leave short (fewer than
the seats above the line, the congress leaving seats empty) is not complete; ``bounds`` takes
``elected`` for such a body (the shares are then of the ``elected`` members).

``bounds`` gives, per trait, the fewest and the most members with the trait that any complete
outcome can have, the number of outcomes that miss the target and the sentence an office reads
("Nếu 2 trong 3 ứng viên nữ không trúng cử, tỷ lệ nữ còn 12,5% < 15%.").

With the preliminary nomination votes (phiếu giới thiệu) ``simulate`` estimates the chance that
each target is missed, and ``exact_chances`` computes it exactly under the same model:

- each of ``voters`` voters keeps candidate *i* independently with probability
  ``p_i = preliminary votes / preliminary voters``, so candidate *i*'s votes are
  Binomial(voters, p_i), independently of the others (the model reads every ballot as valid);
- the count follows the engine's rules (``daihoi.engine.tally``): elected needs strictly more
  than half of the base (the electorate, by default the voters), the highest votes take the
  seats, a group of equal votes straddling the last seat is voted again and the re-vote is
  modelled as a uniform draw among the tied; with fewer than the seats above the line the body
  is those above it (a share of an empty body misses every target).

``exact_chances`` sums over the cutoff vote ``c`` (the votes of the last seat): for each ``c``
a dynamic programme over the candidates gives the joint law of (how many above ``c``, how many
at ``c``, how many of each with the trait), and the tied are drawn hypergeometrically; the short
case is one more programme over (how many above the line, how many with the trait). Its cost
grows with the candidates⁴ × the voters, not with 2^candidates; it is checked against brute
enumeration of every vote vector in the tests.

``simulate`` draws ``runs`` counts with a seeded generator. A share's standard error is at most
0.5/√runs; for the 95% interval to be within ±1 point, 1.96 × 0.5/√runs ≤ 0.01, i.e. runs ≥
9,604: ``RUNS = 10_000``.
"""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from daihoi.personnel_rules.checks import Nominee
from daihoi.personnel_rules.targets import Targets
from daihoi.vnformat import format_decimal

RUNS = 10_000  # ≥ 9,604: ±1 point at 95% (see the module docstring)

WOMEN, YOUNG, FIRST = "women", "young", "first_time"
TRAITS = (WOMEN, YOUNG, FIRST)

# Sentences per trait: (bounds, miss after losing some, miss even with all elected, always met).
WORDS: dict[str, tuple[str, str, str, str]] = {
    WOMEN: (
        "Nữ: trúng cử ít nhất %(least)s/%(seats)s (%(least_pct)s), nhiều nhất "
        "%(most)s/%(seats)s (%(most_pct)s).",
        "Nếu %(lose)s trong %(have)s ứng viên nữ không trúng cử, tỷ lệ nữ còn %(pct)s < "
        "%(target)s.",
        "Dù cả %(have)s ứng viên nữ đều trúng cử, tỷ lệ nữ chỉ %(pct)s < %(target)s.",
        "Mọi kết quả bầu đủ %(seats)s người đều đạt tỷ lệ nữ từ %(target)s.",
    ),
    YOUNG: (
        "Dưới %(age)s tuổi: trúng cử ít nhất %(least)s/%(seats)s (%(least_pct)s), nhiều nhất "
        "%(most)s/%(seats)s (%(most_pct)s).",
        "Nếu %(lose)s trong %(have)s ứng viên dưới %(age)s tuổi không trúng cử, tỷ lệ dưới "
        "%(age)s tuổi còn %(pct)s < %(target)s.",
        "Dù cả %(have)s ứng viên dưới %(age)s tuổi đều trúng cử, tỷ lệ dưới %(age)s tuổi chỉ "
        "%(pct)s < %(target)s.",
        "Mọi kết quả bầu đủ %(seats)s người đều đạt tỷ lệ dưới %(age)s tuổi từ %(target)s.",
    ),
    FIRST: (
        "Tham gia lần đầu: trúng cử ít nhất %(least)s/%(seats)s (%(least_pct)s), nhiều nhất "
        "%(most)s/%(seats)s (%(most_pct)s).",
        "Nếu %(lose)s trong %(have)s ứng viên tham gia lần đầu không trúng cử, tỷ lệ đổi mới "
        "còn %(pct)s < %(target)s.",
        "Dù cả %(have)s ứng viên tham gia lần đầu đều trúng cử, tỷ lệ đổi mới chỉ %(pct)s < "
        "%(target)s.",
        "Mọi kết quả bầu đủ %(seats)s người đều đạt tỷ lệ đổi mới từ %(target)s.",
    ),
}
CHANCE_WORDS = {
    WOMEN: "Theo phiếu giới thiệu, khả năng tỷ lệ nữ dưới %(target)s: khoảng %(chance)s.",
    YOUNG: "Theo phiếu giới thiệu, khả năng tỷ lệ dưới %(age)s tuổi dưới %(target)s: khoảng "
    "%(chance)s.",
    FIRST: "Theo phiếu giới thiệu, khả năng tỷ lệ đổi mới dưới %(target)s: khoảng %(chance)s.",
}
# When every name with the trait would have to lose ("1 trong 1" reads badly).
ALL_LOSE_WORDS = {
    WOMEN: "Nếu cả %(have)s ứng viên nữ đều không trúng cử, tỷ lệ nữ còn %(pct)s < %(target)s.",
    YOUNG: "Nếu cả %(have)s ứng viên dưới %(age)s tuổi đều không trúng cử, tỷ lệ dưới %(age)s "
    "tuổi còn %(pct)s < %(target)s.",
    FIRST: "Nếu cả %(have)s ứng viên tham gia lần đầu đều không trúng cử, tỷ lệ đổi mới còn "
    "%(pct)s < %(target)s.",
}
ALL_WORDS: tuple[str, ...] = (
    *(w for four in WORDS.values() for w in four),
    *ALL_LOSE_WORDS.values(),
    *CHANCE_WORDS.values(),
)


@dataclass(frozen=True)
class Runner:
    """One name on the list: which traits the record shows (a trait the record cannot tell,
    e.g. no birth date, is not counted) and the preliminary nomination votes, when entered."""

    name: str
    traits: frozenset[str] = frozenset()
    preliminary: int | None = None


@dataclass(frozen=True)
class Bound:
    """What complete outcomes can do to one trait's share."""

    key: str
    have: int  # names with the trait on the list
    seats: int  # the members of the body (the seats, or ``elected``)
    least: int
    most: int
    target: Fraction
    need: int  # ceil(seats × target)
    outcomes: int  # complete outcomes: C(names, seats)
    missing: int  # of them, those with fewer than ``need``
    lose: int | None  # fewest names with the trait not elected that miss; 0: missed anyway
    words: str
    facts: Mapping[str, str]
    risk_words: str
    risk_facts: Mapping[str, str]

    @property
    def least_share(self) -> Fraction:
        return Fraction(self.least, self.seats)

    @property
    def most_share(self) -> Fraction:
        return Fraction(self.most, self.seats)

    @property
    def at_risk(self) -> bool:
        return self.missing > 0

    @property
    def text(self) -> str:
        return self.words % dict(self.facts)

    @property
    def risk_text(self) -> str:
        return self.risk_words % dict(self.risk_facts)


def pct(share: Fraction) -> str:
    """A share as a Vietnamese percentage, 2 decimals, trailing zeros dropped: 12,5%."""
    value = (Decimal(share.numerator) * 100 / share.denominator).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    text = format_decimal(value, 2)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text + "%"


def traits_of(person: Nominee, targets: Targets, on: date) -> frozenset[str]:
    """The traits of a record on the congress date: a woman, under the young age, first time
    (not on the outgoing committee)."""
    traits: set[str] = set()
    if person.gender == "female":
        traits.add(WOMEN)
    if person.born is not None:
        age = (
            on.year - person.born.year - ((on.month, on.day) < (person.born.month, person.born.day))
        )
        if age < targets.young_age:
            traits.add(YOUNG)
    if not person.outgoing:
        traits.add(FIRST)
    return frozenset(traits)


def target_shares(targets: Targets, *, renewal: bool = True) -> dict[str, Fraction]:
    shares = {WOMEN: targets.women, YOUNG: targets.young}
    if renewal:
        shares[FIRST] = targets.renewal
    return shares


def _need(members: int, share: Fraction) -> int:
    return math.ceil(members * share)


def bounds(
    runners: Sequence[Runner],
    seats: int,
    shares: Mapping[str, Fraction],
    *,
    elected: int | None = None,
    age: int = 40,
) -> list[Bound]:
    """Per trait of ``shares``, the bounds over every complete outcome (``elected`` names of
    the list, ``seats`` by default) and the outcomes that miss the target."""
    n = len(runners)
    k = seats if elected is None else elected
    if k <= 0 or k > n:
        return []
    result = []
    for key, target in shares.items():
        have = sum(1 for r in runners if key in r.traits)
        least, most = max(0, k - (n - have)), min(have, k)
        need = _need(k, target)
        outcomes = math.comb(n, k)
        missing = sum(math.comb(have, j) * math.comb(n - have, k - j) for j in range(need))
        first_lose = max(0, have - need + 1)
        lose = first_lose if first_lose <= min(have, n - k) and need > least else None
        facts = {
            "least": str(least),
            "most": str(most),
            "seats": str(k),
            "least_pct": pct(Fraction(least, k)),
            "most_pct": pct(Fraction(most, k)),
            "age": str(age),
        }
        risk = {
            "have": str(have),
            "target": pct(target),
            "seats": str(k),
            "age": str(age),
        }
        bounds_words, lose_words, anyway_words, met_words = WORDS[key]
        if lose is None:
            risk_words = met_words
        elif lose == 0:
            risk_words = anyway_words
            risk |= {"pct": pct(Fraction(have, k))}
        else:
            risk_words = ALL_LOSE_WORDS[key] if lose == have else lose_words
            risk |= {"lose": str(lose), "pct": pct(Fraction(have - lose, k))}
        result.append(
            Bound(
                key,
                have,
                k,
                least,
                most,
                target,
                need,
                outcomes,
                missing,
                lose,
                bounds_words,
                facts,
                risk_words,
                risk,
            )
        )
    return result


# ---- the count of one simulated election, by the engine's rules ----


def votes_needed(base: int) -> int:
    """The fewest votes that are strictly more than half of ``base`` (engine.tally's rule)."""
    return base // 2 + 1


@dataclass(frozen=True)
class Decision:
    elected: tuple[int, ...]  # indexes clearly elected
    tied: tuple[int, ...]  # indexes tied at the cutoff
    tied_seats: int  # seats the tied compete for


def decide(votes: Sequence[int], seats: int, base: int) -> Decision:
    """Who is elected by ``votes`` (in ballot order) under the engine's rules: above the line,
    highest first; a group of equal votes straddling the last seat is tied."""
    needed = votes_needed(base)
    eligible = sorted((i for i, v in enumerate(votes) if v >= needed), key=lambda i: -votes[i])
    elected: list[int] = []
    position = 0
    while position < len(eligible) and len(elected) < seats:
        value = votes[eligible[position]]
        end = position
        while end < len(eligible) and votes[eligible[end]] == value:
            end += 1
        group = eligible[position:end]
        if end <= seats:
            elected.extend(group)
        else:
            return Decision(tuple(elected), tuple(group), seats - len(elected))
        position = end
    return Decision(tuple(elected), (), 0)


@dataclass(frozen=True)
class Chance:
    key: str
    target: Fraction
    missed: float  # the chance the target is missed, 0..1
    runs: int  # simulated counts (0: computed exactly)
    words: str
    facts: Mapping[str, str]

    @property
    def text(self) -> str:
        return self.words % dict(self.facts)


def _chance(key: str, target: Fraction, missed: float, runs: int, age: int) -> Chance:
    percent = Decimal(missed * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    facts = {"target": pct(target), "chance": format_decimal(percent, 0) + "%", "age": str(age)}
    return Chance(key, target, missed, runs, CHANCE_WORDS[key], facts)


def _probabilities(runners: Sequence[Runner], preliminary_voters: int) -> list[float]:
    if preliminary_voters <= 0:
        raise ValueError("preliminary_voters must be > 0")
    probabilities = []
    for r in runners:
        if r.preliminary is None or not 0 <= r.preliminary <= preliminary_voters:
            raise ValueError(f"preliminary votes of {r.name!r} must be 0..{preliminary_voters}")
        probabilities.append(r.preliminary / preliminary_voters)
    return probabilities


def _pmf(voters: int, p: float) -> list[float]:
    if p <= 0.0:
        return [1.0] + [0.0] * voters
    if p >= 1.0:
        return [0.0] * voters + [1.0]
    # In logs: math.comb(200, 100) × p^100 … does not overflow this way.
    lp, lq = math.log(p), math.log1p(-p)
    return [
        math.exp(
            math.lgamma(voters + 1)
            - math.lgamma(v + 1)
            - math.lgamma(voters - v + 1)
            + v * lp
            + (voters - v) * lq
        )
        for v in range(voters + 1)
    ]


def _missed(have: int, members: int, target: Fraction) -> bool:
    return members == 0 or have < _need(members, target)


def simulate(
    runners: Sequence[Runner],
    seats: int,
    shares: Mapping[str, Fraction],
    *,
    voters: int,
    preliminary_voters: int,
    base: int | None = None,
    runs: int = RUNS,
    seed: int = 0,
    age: int = 40,
) -> list[Chance]:
    """The chance each target of ``shares`` is missed, from ``runs`` counts drawn with the
    model of the module docstring (seeded: the same inputs give the same figures)."""
    probabilities = _probabilities(runners, preliminary_voters)
    rng = random.Random(seed)
    cdfs = []
    for p in probabilities:
        total, cdf = 0.0, []
        for mass in _pmf(voters, p):
            total += mass
            cdf.append(total)
        cdf[-1] = math.inf  # a draw above the rounded total still lands on the last value
        cdfs.append(cdf)
    base = voters if base is None else base
    keys = list(shares)
    has = [[key in r.traits for r in runners] for key in keys]
    misses = [0] * len(keys)
    for _ in range(runs):
        votes = [bisect.bisect_right(cdf, rng.random()) for cdf in cdfs]
        decision = decide(votes, seats, base)
        chosen = list(decision.elected)
        if decision.tied:
            chosen.extend(rng.sample(decision.tied, decision.tied_seats))
        for t, key in enumerate(keys):
            if _missed(sum(has[t][i] for i in chosen), len(chosen), shares[key]):
                misses[t] += 1
    return [_chance(key, shares[key], misses[t] / runs, runs, age) for t, key in enumerate(keys)]


def exact_chances(
    runners: Sequence[Runner],
    seats: int,
    shares: Mapping[str, Fraction],
    *,
    voters: int,
    preliminary_voters: int,
    base: int | None = None,
    age: int = 40,
) -> list[Chance]:
    """The same chances as ``simulate``, computed exactly (in floating point) by the dynamic
    programme of the module docstring."""
    probabilities = _probabilities(runners, preliminary_voters)
    pmfs = [_pmf(voters, p) for p in probabilities]
    base = voters if base is None else base
    needed = votes_needed(base)
    # Tails: above[i][c] = P(v_i > c).
    above = []
    for pmf in pmfs:
        tail, row = 0.0, [0.0] * (voters + 2)
        for c in range(voters, -1, -1):
            row[c] = tail
            tail += pmf[c]
        row[voters + 1] = 0.0
        above.append(row)
    result = []
    for key, target in shares.items():
        has = [key in r.traits for r in runners]
        missed = 0.0
        # Short: fewer than ``seats`` at or above the line; the body is those above it.
        states: dict[tuple[int, int], float] = {(0, 0): 1.0}
        for i in range(len(pmfs)):
            # P(v_i ≥ needed) = P(v_i > needed - 1); needed ≥ 1, and above the voters: 0.
            q = above[i][needed - 1] if needed <= voters + 1 else 0.0
            states = _step2(states, q, has[i])
        for (k, t), mass in states.items():
            if k < seats and _missed(t, k, target):
                missed += mass
        # Complete or tied: the last seat's votes are c ≥ the line.
        need = _need(seats, target)
        for c in range(max(needed, 0), voters + 1):
            at_c = [pmf[c] for pmf in pmfs]
            if not any(at_c):
                continue
            states4: dict[tuple[int, int, int, int], float] = {(0, 0, 0, 0): 1.0}
            for i in range(len(pmfs)):
                states4 = _step4(states4, above[i][c], at_c[i], has[i], seats)
            for (na, ne, ta, te), mass in states4.items():
                if not na < seats <= na + ne:
                    continue
                draw = seats - na
                # P(ta + X < need), X ~ Hypergeometric(ne, te, draw).
                total = math.comb(ne, draw)
                low = sum(
                    math.comb(te, x) * math.comb(ne - te, draw - x)
                    for x in range(max(0, min(draw + 1, need - ta)))
                )
                missed += mass * low / total
        result.append(_chance(key, target, min(missed, 1.0), 0, age))
    return result


def _step2(
    states: dict[tuple[int, int], float], q: float, trait: bool
) -> dict[tuple[int, int], float]:
    out: dict[tuple[int, int], float] = {}
    for (k, t), mass in states.items():
        if q:
            key = (k + 1, t + trait)
            out[key] = out.get(key, 0.0) + mass * q
        if q < 1.0:
            out[(k, t)] = out.get((k, t), 0.0) + mass * (1.0 - q)
    return out


def _step4(
    states: dict[tuple[int, int, int, int], float],
    a: float,
    e: float,
    trait: bool,
    seats: int,
) -> dict[tuple[int, int, int, int], float]:
    b = max(0.0, 1.0 - a - e)
    out: dict[tuple[int, int, int, int], float] = {}
    for (na, ne, ta, te), mass in states.items():
        if a and na + 1 < seats:  # seats or more above c: the cutoff is higher, not here
            key = (na + 1, ne, ta + trait, te)
            out[key] = out.get(key, 0.0) + mass * a
        if e:
            key = (na, ne + 1, ta, te + trait)
            out[key] = out.get(key, 0.0) + mass * e
        if b:
            out[(na, ne, ta, te)] = out.get((na, ne, ta, te), 0.0) + mass * b
    return out
