"""Speed of machine counting: pages per second at 200 dpi grayscale JPEG on this machine.

Prints the pages/s of reading (decode + register + score + decide) in one process and in two,
the whole ``daihoi count scan`` batch (journal, duplicates, count) with one worker and with two,
and the ratio of each to the time needed just to decode the same images (cv2.imdecode, one
process). Each timing is repeated (``--repeat``); the best and the median are shown, with the
load average, since other jobs share the machine.
Targets: at least 20 pages/s; at most 3× the decode time.

    python bench/scan_speed.py [--pages 80] [--repeat 3]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np

from daihoi.engine.election import Election
from daihoi.scan.ballots import printed_ballot
from daihoi.scan.batch import scan_batch
from daihoi.scan.images import PageImage, decode_image
from daihoi.scan.reader import read_page
from daihoi_testsupport.synth import Scan, make_election, random_marked_case, render_case

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


def _init(election: Election, threads: int | None = None) -> None:
    global _ELECTION
    _ELECTION = election
    if threads is not None:
        cv2.setNumThreads(threads)  # a worker among as many as there are cores: one thread
    printed_ballot(election)  # the blank ballot is rendered once per process, before timing


def _times(run: Callable[[], float], repeat: int) -> tuple[float, float]:
    times = [run() for _ in range(repeat)]
    return min(times), statistics.median(times)


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=80)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    election, data = _corpus(args.pages)
    n = len(data)
    print(f"{os.cpu_count()} cores; {_load()} before timing")
    _init(election)
    _read(data[0])  # warm up
    decode = min(_decode_all(data) for _ in range(args.repeat))
    statuses = [_read(blob) for blob in data]
    single = _times(lambda: _timed(lambda: [_read(blob) for blob in data]), args.repeat)
    # Spawned, as the command's workers are: a forked child of a process that has used
    # OpenCV's threads can hang when it sets its own thread count.
    with multiprocessing.get_context("spawn").Pool(
        2, initializer=_init, initargs=(election, 1)
    ) as pool:
        pool.map(_read, data[:4])
        double = _times(lambda: _timed(lambda: pool.map(_read, data, chunksize=2)), args.repeat)
    batch = {}
    with tempfile.TemporaryDirectory() as folder:
        for index, blob in enumerate(data):
            (Path(folder) / f"p{index:04d}.jpg").write_bytes(blob)
        for workers in (1, 2):

            def run(workers: int = workers) -> float:
                journal = Path(folder) / f"kq-{workers}.journal"
                journal.unlink(missing_ok=True)
                return _timed(
                    lambda: scan_batch(election, [Path(folder)], journal, workers=workers)
                )

            batch[workers] = _times(run, args.repeat)

    def line(label: str, timing: tuple[float, float], note: str = "") -> None:
        best, median = timing
        print(
            f"{label:34} {n / best:6.1f} pages/s ({1000 * best / n:5.1f} ms/page) "
            f"= {best / decode:4.2f}× decode time; median {n / median:5.1f} pages/s "
            f"= {median / decode:4.2f}×{note}"
        )

    counts = {s: statuses.count(s) for s in sorted(set(statuses))}
    print(f"pages: {n} (200 dpi grayscale JPEG, 30 names; read as {counts})")
    print(
        f"decode only (cv2.imdecode, 1 process): {n / decode:6.1f} pages/s ({1000 * decode / n:.1f} ms/page)"
    )
    line("read, 1 process", single)
    line("read, 2 processes (1 thread each)", double)
    line("count scan batch, 1 process", batch[1], " (journal fsync per page)")
    line("count scan batch, 2 workers", batch[2], " (includes starting the workers)")
    print(f"targets: ≥ 20 pages/s, ≤ 3× decode time; {_load()} after timing")
    return 0


if __name__ == "__main__":
    sys.exit(main())
