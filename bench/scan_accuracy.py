"""Accuracy of machine counting on a seeded synthetic corpus, per class of ballot.

For each class it prints how many pages were read right, sent to review, rejected, and SILENT
ERRORS (a page accepted with a wrong reading). Targets: 0 silent errors anywhere; at most 2% of
ordinary marked ballots sent to review.

    python bench/scan_accuracy.py [--scale 1.0] [--seed 1]
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
import time
from collections import Counter
from collections.abc import Callable

import numpy as np

from daihoi.engine.election import Election
from daihoi.scan.images import PageImage
from daihoi.scan.reader import read_page
from daihoi_testsupport.synth import (
    Case,
    Scan,
    Truth,
    make_election,
    phone_scan,
    random_doubtful_case,
    random_invalid_case,
    random_marked_case,
    read_outcome,
    render_case,
)

Maker = Callable[[random.Random, int], tuple[Case, Election | None]]


def _elections(seed: int) -> dict[str, list[Election]]:
    rng = random.Random(seed)
    strike = [
        make_election(seed * 100 + i, rng.choice([5, 8, 12, 20, 31, 45]), electorate=10**6)
        for i in range(6)
    ]
    approve = [
        make_election(seed * 100 + 50 + i, rng.choice([1, 2, 3]), form="approve", electorate=10**6)
        for i in range(3)
    ]
    long = [make_election(seed * 100 + 80 + i, 120, electorate=10**6) for i in range(2)]
    other = [make_election(seed * 100 + 90, 8, election_id="bau-khac", electorate=10**6)]
    return {"strike": strike, "approve": approve, "long": long, "other": other}


def _classes(pool: dict[str, list[Election]]) -> dict[str, tuple[int, Maker]]:
    def ordinary(rng: random.Random, seed: int) -> tuple[Case, None]:
        return random_marked_case(rng.choice(pool["strike"]), seed), None

    def approve(rng: random.Random, seed: int) -> tuple[Case, None]:
        return random_marked_case(rng.choice(pool["approve"]), seed), None

    def long_list(rng: random.Random, seed: int) -> tuple[Case, None]:
        return random_marked_case(rng.choice(pool["long"]), seed, scan=Scan(dpi=200)), None

    def degraded(rng: random.Random, seed: int) -> tuple[Case, None]:
        return random_marked_case(rng.choice(pool["strike"]), seed, degraded=True), None

    def invalid(rng: random.Random, seed: int) -> tuple[Case, None]:
        return random_invalid_case(rng.choice(pool["strike"]), seed), None

    def doubtful(rng: random.Random, seed: int) -> tuple[Case, None]:
        return random_doubtful_case(rng.choice(pool["strike"] + pool["approve"]), seed), None

    def wrong_election(rng: random.Random, seed: int) -> tuple[Case, Election]:
        counted = rng.choice(pool["strike"])
        if rng.random() < 0.5:
            return random_marked_case(pool["other"][0], seed), counted
        return random_marked_case(counted, seed), dataclasses.replace(counted, round=2)

    def phone(rng: random.Random, seed: int) -> tuple[Case, None]:
        election = rng.choice(pool["strike"])
        return random_marked_case(election, seed, scan=phone_scan(rng)), None

    return {
        "ordinary marked (strike)": (200, ordinary),
        "approve form (X boxes)": (60, approve),
        "120-name ballots": (20, long_list),
        "degraded scans": (100, degraded),
        "invalid papers": (50, invalid),
        "doubtful papers": (80, doubtful),
        "wrong election / round": (30, wrong_election),
        "phone photos": (40, phone),
    }


def _blank_pages(count: int, seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    pages = []
    for i in range(count):
        height, width = (1654, 1169) if i % 2 else (2339, 1654)
        page = np.full((height, width), int(rng.integers(235, 252)), np.float32)
        page += rng.normal(0, rng.uniform(1, 6), page.shape)
        pages.append(np.clip(page, 0, 255).astype(np.uint8))
    return pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every class size")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--explain", action="store_true", help="say why pages went to review")
    args = parser.parse_args()
    pool = _elections(args.seed)
    rng = random.Random(args.seed)
    table: dict[str, Counter[str]] = {}
    failures: list[str] = []
    started = time.monotonic()
    seed = args.seed * 1_000_000
    for name, (size, maker) in _classes(pool).items():
        counts: Counter[str] = Counter()
        for _ in range(max(1, round(size * args.scale))):
            seed += 1
            case, counted_as = maker(rng, seed)
            page = render_case(case)
            election = counted_as or case.election
            truth = page.truth
            if counted_as is not None:
                reason = "wrong_round" if counted_as.id == case.election.id else "wrong_election"
                truth = Truth("rejected", reason, None)
            result = read_page(
                PageImage(f"{seed}{page.suffix}", 1, str(seed), page.pixels), election
            )
            reading = result.reading
            marks = {row.candidate: row.mark for row in reading.rows} if reading.rows else None
            outcome = read_outcome(truth, reading.status.value, marks)
            counts[outcome] += 1
            if outcome in ("review", "rejected") and "--explain" in sys.argv:
                why = [
                    (r.number, case.strokes.get(r.candidate), r.why, r.scores)
                    for r in reading.rows
                    if r.mark == "unclear"
                ]
                print(
                    f"    {name} seed {seed}: {reading.reason} {reading.detail} {case.pen.value}"
                    f" {case.scan.dpi}dpi blur {case.scan.blur:.1f} {why[:3]}",
                    file=sys.stderr,
                )
            if outcome == "silent_error":
                failures.append(
                    f"{name}: seed {seed}: read {reading.status.value}/{reading.reason}, "
                    f"truth {truth.status}/{truth.reason}"
                )
        table[name] = counts
        print(f"  … {name}: {dict(counts)}", file=sys.stderr, flush=True)
    blank_counts: Counter[str] = Counter()
    election = pool["strike"][0]
    for i, pixels in enumerate(_blank_pages(max(1, round(10 * args.scale)), args.seed)):
        reading = read_page(PageImage(f"blank{i}.png", 1, "b", pixels), election).reading
        blank_counts[
            read_outcome(Truth("rejected", "blank_page", None), reading.status.value, None)
        ] += 1
    table["blank pages"] = blank_counts

    print(
        f"{'class':28} {'pages':>6} {'right':>6} {'review':>7} {'rejected':>9} {'SILENT ERRORS':>14}"
    )
    total: Counter[str] = Counter()
    for name, counts in table.items():
        pages = sum(counts.values())
        total.update(counts)
        print(
            f"{name:28} {pages:6d} {counts['right']:6d} {counts['review']:7d} "
            f"{counts['rejected']:9d} {counts['silent_error']:14d}"
        )
    print(
        f"{'all':28} {sum(total.values()):6d} {total['right']:6d} {total['review']:7d} "
        f"{total['rejected']:9d} {total['silent_error']:14d}"
    )
    ordinary = table["ordinary marked (strike)"]
    share = 100 * (ordinary["review"] + ordinary["rejected"]) / max(1, sum(ordinary.values()))
    print(f"ordinary marked ballots sent to review or rejected: {share:.1f}% (target ≤ 2%)")
    print(f"silent errors: {total['silent_error']} (target 0); {time.monotonic() - started:.0f} s")
    for line in failures:
        print("SILENT ERROR", line)
    return 1 if total["silent_error"] else 0


if __name__ == "__main__":
    sys.exit(main())
