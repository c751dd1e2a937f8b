"""Speed of machine counting: pages per second at 200 dpi grayscale JPEG on this machine.

Prints the pages/s of reading (decode + register + score + decide) in one process and in two,
and the ratio to the time needed just to decode the same images (cv2.imdecode).
Targets: at least 20 pages/s; at most 3× the decode time.

    python bench/scan_speed.py [--pages 80]
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import sys
import time

import cv2
import numpy as np

from daihoi.engine.election import Election
from daihoi.scan.ballots import printed_ballot
from daihoi.scan.images import PageImage, decode_image
from daihoi.scan.reader import read_page
from daihoi.scan.synth import Scan, make_election, random_marked_case, render_case

_ELECTION: Election | None = None


def _corpus(pages: int) -> tuple[Election, list[bytes]]:
    election = make_election(4242, 30, electorate=10**6)
    rng = random.Random(4242)
    data = []
    for seed in range(pages):
        scan = Scan(
            dpi=200,
            colour=False,
            rotation=rng.choice([0, 180]),
            skew=rng.uniform(-1, 1),
            noise=2.0,
            jpeg_quality=85,
        )
        data.append(render_case(random_marked_case(election, seed, scan=scan)).encoded)
    return election, data


def _decode_all(data: list[bytes]) -> float:
    started = time.perf_counter()
    for blob in data:
        cv2.imdecode(np.frombuffer(blob, np.uint8), cv2.IMREAD_UNCHANGED)
    return time.perf_counter() - started


def _read(blob: bytes) -> str:
    assert _ELECTION is not None
    pixels = decode_image(blob)
    assert pixels is not None
    return read_page(PageImage("p.jpg", 1, "x", pixels), _ELECTION).reading.status.value


def _init(election: Election) -> None:
    global _ELECTION
    _ELECTION = election
    printed_ballot(election)  # the blank ballot is rendered once per process, before timing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=80)
    args = parser.parse_args()
    election, data = _corpus(args.pages)
    _init(election)
    _read(data[0])  # warm up
    decode = min(_decode_all(data) for _ in range(3))
    started = time.perf_counter()
    statuses = [_read(blob) for blob in data]
    single = time.perf_counter() - started
    with multiprocessing.get_context("fork").Pool(
        2, initializer=_init, initargs=(election,)
    ) as pool:
        pool.map(_read, data[:4])
        started = time.perf_counter()
        pool.map(_read, data, chunksize=4)
        double = time.perf_counter() - started
    n = len(data)
    print(
        f"pages: {n} (200 dpi grayscale JPEG, 30 names; read as {dict((s, statuses.count(s)) for s in set(statuses))})"
    )
    print(
        f"decode only (cv2.imdecode):  {n / decode:7.1f} pages/s  ({1000 * decode / n:.1f} ms/page)"
    )
    print(
        f"read, 1 process:            {n / single:7.1f} pages/s  ({1000 * single / n:.1f} ms/page)"
        f"  = {single / decode:.2f}× decode time"
    )
    print(
        f"read, 2 processes:          {n / double:7.1f} pages/s  = {double / decode:.2f}× decode time"
        " (decode in one process)"
    )
    print("targets: ≥ 20 pages/s, ≤ 3× decode time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
