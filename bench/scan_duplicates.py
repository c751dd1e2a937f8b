"""Duplicate pages told by the paper's own marks: false and missed duplicates.

Distinct one-candidate approve ballots ("đồng ý", each stamped and marked by its own hand) are
read into one scan session: none may be flagged ``duplicate_page``. Then every ``--every``-th
paper is scanned again (another dpi, colour or grey, turned 180°, shifted and skewed a little)
and given to the session: every one must be flagged.

    python bench/scan_duplicates.py [--n 1000] [--seed 1] [--every 10]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time

from daihoi.engine.ballot import Mark
from daihoi.scan.dupes import Region, read_signature, similarity
from daihoi.scan.images import PageImage
from daihoi.scan.session import ScanSession
from daihoi_testsupport.synth import Case, Scan, make_election, render_case

RESCANS = (
    Scan(dpi=150),
    Scan(dpi=300),
    Scan(dpi=200, colour=True),
    Scan(dpi=200, rotation=180),
    Scan(dpi=200, shift=(2.5, -1.5), skew=0.8),
    Scan(dpi=150, colour=True, rotation=180, skew=-1.0, noise=3.0),
)


def page(case: Case, label: str) -> PageImage:
    synthetic = render_case(case)
    digest = hashlib.sha256(synthetic.encoded).hexdigest()
    return PageImage(label, 1, digest, synthetic.pixels)


def _progress(what: str, started: float) -> None:
    """One line on stderr while the bench runs (the table comes only at the end)."""
    load = os.getloadavg()[0]
    took = time.perf_counter() - started
    print(f"  … {what}; {took:.0f} s, load {load:.1f}", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="distinct papers (default 1000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--every", type=int, default=10, help="rescan every N-th paper")
    args = parser.parse_args()
    election = make_election(args.seed, 1, form="approve", election_id="bi-thu")
    label = election.candidates[0].label
    session = ScanSession(election)
    started = time.perf_counter()
    base = args.seed * 1_000_000
    false = 0
    others = 0
    signatures: list[dict[int, Region]] = []
    closest = 0.0
    for i in range(args.n):
        case = Case(election, crosses={label: Mark.AGREE}, scan=Scan(dpi=200), seed=base + i)
        reading = session.add_page(page(case, f"phieu-{i}"))
        if reading.reason == "duplicate_page":
            false += 1
            print(f"false duplicate: phieu-{i} like {reading.duplicate_of}")
        elif reading.status.value != "valid":
            others += 1
        if reading.signature is not None:
            mine = read_signature(reading.signature)
            closest = max([closest] + [similarity(mine, earlier) for earlier in signatures])
            signatures.append(mine)
        if (i + 1) % 50 == 0:
            _progress(f"{i + 1}/{args.n} papers, {false} false duplicates", started)
    missed = 0
    wrong = 0
    rescans = 0

    def ours(i: int, k: int) -> set[str]:
        return {f"phieu-{i}"} | {f"quet-lai-{i}-{j}" for j in range(k)}

    lowest = 1.0
    for i in range(0, args.n, args.every):
        for k, scan in enumerate(RESCANS):
            case = Case(election, crosses={label: Mark.AGREE}, scan=scan, seed=base + i)
            reading = session.add_page(page(case, f"quet-lai-{i}-{k}"))
            rescans += 1
            if reading.signature is not None:
                mine = read_signature(reading.signature)
                lowest = min(lowest, similarity(mine, signatures[i]))
            if reading.reason != "duplicate_page":
                missed += 1
                print(f"missed rescan: phieu-{i} as {scan}: {reading.status.value}")
            elif (reading.duplicate_of or {}).get("source") not in ours(i, k):
                # Flagged, but as a copy of another voter's paper: its own was not recognised.
                wrong += 1
                print(f"rescan of phieu-{i} as {scan} taken for {reading.duplicate_of}")
        if (i // args.every + 1) % 10 == 0:
            _progress(f"{rescans} rescans, {missed} missed", started)
    took = time.perf_counter() - started
    threshold = election.rules.scan.duplicate_min
    print(f"distinct papers: {args.n}, false duplicates: {false} (other reviews: {others})")
    print(f"rescans: {rescans}, missed: {missed}, taken for another paper: {wrong}")
    print(
        f"closest two distinct papers: {closest:.3f}; least alike rescan and its original: "
        f"{lowest:.3f}; duplicate_min {threshold}"
    )
    print(f"{took:.0f} s")


if __name__ == "__main__":
    main()
