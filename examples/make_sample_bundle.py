"""Write examples/q1-2025.bundle.zip and examples/q1-2025.fingerprint: the results bundle of the
example congress of Quận 1 (``docs/bundle.md``), for anyone to try ``daihoi verify`` on.

The committee election (q1-bch-2025) is counted as scanned pages (the ballots CSV turned into
the scanner's readings, three pages decided by the committee), the secretary election
(q1-bithu-2025) as typed in by hand in two batches; both are confirmed, with their minutes.
The sample station's key is made from a published seed, so the same bytes come out every time:
a sample key, never a station's. Run from the repository's root:

    .venv/bin/python examples/make_sample_bundle.py
    .venv/bin/daihoi verify examples/q1-2025.bundle.zip --key "$(cat examples/q1-2025.fingerprint)"
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path
from typing import Any

from reportlab import rl_config

from daihoi.engine.resultsfile import read_results_file
from daihoi.minutes.model import word_minutes
from daihoi.minutes.pdf import render_pdf
from daihoi.record import Recorder, StationKey
from daihoi_testsupport.recordsample import CONGRESS, count_sample

HERE = Path(__file__).resolve().parent
SEED = hashlib.sha256(b"daihoi sample station: not a secret").digest()

rl_config.invariant = 1  # no creation time or random id in the minutes: the same bytes each run


def minutes_pdf(results: dict[str, Any]) -> bytes:
    return render_pdf(word_minutes(read_results_file(results, "results.json")))


def main(out: Path = HERE) -> None:
    key = StationKey.from_seed(SEED)
    with tempfile.TemporaryDirectory() as folder:
        recorder = Recorder([Path(folder) / "bundle"], key, CONGRESS)
        done = count_sample(recorder, minutes_pdf=minutes_pdf)
        (out / "q1-2025.bundle.zip").write_bytes(recorder.zip())
    (out / "q1-2025.fingerprint").write_text(key.fingerprint + "\n")
    print(f"examples/q1-2025.bundle.zip: khoá {key.fingerprint}, đầu nhật ký {recorder.head.hash}")
    for election, head in done.confirmed_heads.items():
        print(f"  {election}: kết quả xác nhận ở đầu {head}")


if __name__ == "__main__":
    main()
