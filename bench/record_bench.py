"""How fast does a station write its results record, and how fast is ``daihoi verify``?

Counts the example congress with generated ballots added to its committee election
(``daihoi_testsupport.recordsample``: 1000 scanned pages by default) into a bundle folder on
this machine's disk, as a station does: after each batch of pages read, one ``pages.read``
entry, the round's records file written again, one commit (manifest signed, fsync). Prints:

* pages per second and append+commit per second, for batches of 1 page (a scanning PC that
  sends one page per file: the records file grows with each commit) and of 25 pages;
* the bundle's size (the folder, and the zip without images);
* ``verify`` seconds for the bundle (the zip, in-process: every check and the recount), best of 3.

Run: .venv/bin/python bench/record_bench.py [--pages N]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from daihoi.record import Recorder, StationKey, verify
from daihoi_testsupport.recordsample import CONGRESS, count_sample


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def write(folder: Path, pages: int, batch: int) -> tuple[Recorder, float, int]:
    key = StationKey.from_seed(bytes(range(32)))
    recorder = Recorder([folder], key, CONGRESS)
    commits = 0

    def counted() -> None:
        nonlocal commits
        commits += 1

    start = time.perf_counter()
    count_sample(recorder, batch_size=batch, extra_pages=pages - 30, on_commit=counted)
    return recorder, time.perf_counter() - start, commits


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for batch in (1, 25):
            folder = Path(tmp) / f"batch{batch}"
            recorder, seconds, commits = write(folder, args.pages, batch)
            entries = recorder.head.n
            print(
                f"batches of {batch:>2} page(s): {args.pages} pages in {seconds:.2f} s = "
                f"{args.pages / seconds:.0f} pages/s; {entries} entries and {commits} commits: "
                f"{commits / seconds:.1f} append+commit/s"
            )
        data = recorder.zip()
        print(
            f"bundle of {args.pages} pages: folder {folder_size(folder) / 1e6:.2f} MB, "
            f"zip {len(data) / 1e6:.2f} MB (without images)"
        )
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            verdict = verify(data)
            best = min(best, time.perf_counter() - start)
            assert verdict.exit_code == 0, verdict.message
        print(
            f"verify of the {args.pages}-page bundle (zip, recount included): {best:.2f} s "
            "(best of 3)"
        )


if __name__ == "__main__":
    main()
