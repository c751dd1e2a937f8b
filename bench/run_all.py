"""Runs every benchmark in this folder in turn and prints their figures.

Each script is standalone (`python bench/<name>.py`) and prints its own figures; this only
runs them one after the other so that `make bench` gives the whole picture.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = [
    "tally_speed.py",
    "scan_speed.py",
    "scan_accuracy.py",
    "web_dashboard.py",
    "personnel_scale.py",
    "package_bench.py",
    "personnel_risk.py",
    "documents_bench.py",
]


def main() -> int:
    failed = []
    for name in ORDER:
        script = HERE / name
        if not script.exists():
            continue
        print(f"\n=== {name} ===", flush=True)
        if subprocess.call([sys.executable, str(script)]) != 0:
            failed.append(name)
    if failed:
        print(f"\nBenchmarks that failed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
