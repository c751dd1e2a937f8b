"""How long does the office above take to decide on a station's bundle (``daihoi.record.intake``)?

Counts the example congress with generated ballots added (``daihoi_testsupport.recordsample``:
``--pages`` scanned pages, 1000 by default) into a bundle, then times ``decide`` (pure: verify
with the recount, then the congress, the key, the log against the one imported before) for:

* a first import (imported), the same bundle again (unchanged), a newer one (imported),
  the older one replayed (older), a bundle signed by an unregistered key, one byte changed;

best of 3 each, in seconds. The web import adds a database transaction and the figures' write.

Run: .venv/bin/python bench/intake_bench.py [--pages N]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from daihoi.record import Recorder, StationKey
from daihoi.record.intake import Imported, Intake, decide
from daihoi_testsupport.recordsample import CONGRESS, count_sample


def best_of(n: int, run: Callable[[], Intake]) -> tuple[float, Intake]:
    times, result = [], None
    for _ in range(n):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    assert result is not None
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=1000)
    args = parser.parse_args()
    key = StationKey.from_seed(bytes(range(32)))
    other = StationKey.from_seed(bytes(range(1, 33)))
    with tempfile.TemporaryDirectory() as tmp:
        recorder = Recorder([Path(tmp) / "bundle"], key, CONGRESS)
        count_sample(recorder, batch_size=25, extra_pages=max(0, args.pages - 30))
        older = recorder.zip()
        recorder.append("export", {"by": "hung", "at": "2025-07-11T12:00:00+07:00", "what": "usb"})
        recorder.commit()
        newer = recorder.zip()
    foreign = bytearray(older)
    foreign[len(foreign) // 2] ^= 1
    fp = [key.fingerprint]

    def run(data: bytes, last: Imported | None, registered: list[str] = fp) -> Intake:
        return decide(data, congress_id=CONGRESS["id"], registered=registered, last=last)

    first_t, first = best_of(3, lambda: run(older, None))
    last = Imported(first.entries, first.head, first.fingerprint)
    newer_t, second = best_of(3, lambda: run(newer, last))
    last2 = Imported(second.entries, second.head, second.fingerprint)
    cases = [
        ("first import", first_t, first),
        ("same again", *best_of(3, lambda: run(older, last))),
        ("newer", newer_t, second),
        ("older replayed", *best_of(3, lambda: run(older, last2))),
        ("unregistered key", *best_of(3, lambda: run(older, None, [other.fingerprint]))),
        ("one byte changed", *best_of(3, lambda: run(bytes(foreign), None))),
    ]
    print(f"bundle: {args.pages} scanned pages, zip {len(older) / 1e6:.2f} MB")
    for name, seconds, intake in cases:
        print(f"{name:18} {intake.outcome:9} {intake.code:17} {seconds:.3f} s")


if __name__ == "__main__":
    main()
