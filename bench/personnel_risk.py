"""Times the composition risk of a 12-name list: the simulation (10,000 seeded counts, the
engine's rules) and the exact dynamic programme, and prints both chances side by side.

``python bench/personnel_risk.py [--voters N]`` (default 300 delegates).
"""

from __future__ import annotations

import argparse
import time
from fractions import Fraction

from daihoi.personnel_rules.risk import FIRST, RUNS, WOMEN, YOUNG, Runner, exact_chances, simulate


def twelve(voters: int) -> list[Runner]:
    # 12 names for 10 seats: 3 women, 2 under 40, 5 first-time; preliminary shares 55–95%.
    shares = [0.62, 0.58, 0.80, 0.95, 0.91, 0.88, 0.86, 0.84, 0.75, 0.70, 0.66, 0.55]
    traits = [
        {WOMEN},
        {WOMEN, YOUNG},
        {WOMEN, FIRST},
        set(),
        set(),
        {FIRST},
        set(),
        {FIRST},
        set(),
        {YOUNG, FIRST},
        set(),
        {FIRST},
    ]
    return [
        Runner(f"Người {i + 1}", frozenset(t), round(s * voters))
        for i, (s, t) in enumerate(zip(shares, traits, strict=True))
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--voters", type=int, default=300)
    voters = parser.parse_args().voters
    runners = twelve(voters)
    shares = {WOMEN: Fraction(15, 100), YOUNG: Fraction(10, 100), FIRST: Fraction(1, 3)}
    start = time.perf_counter()
    sim = simulate(runners, 10, shares, voters=voters, preliminary_voters=voters, seed=1)
    sim_s = time.perf_counter() - start
    start = time.perf_counter()
    exact = exact_chances(runners, 10, shares, voters=voters, preliminary_voters=voters)
    exact_s = time.perf_counter() - start
    print(f"12 names, 10 seats, {voters} voters")
    print(f"simulation: {RUNS} counts in {sim_s:.2f} s ({RUNS / sim_s:,.0f} counts/s)")
    print(f"exact:      {exact_s:.2f} s")
    for s, e in zip(sim, exact, strict=True):
        print(f"  {s.key:<10} simulated {s.missed:6.2%}  exact {e.missed:6.2%}")


if __name__ == "__main__":
    main()
