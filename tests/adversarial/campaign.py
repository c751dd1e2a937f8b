"""Run the adversarial campaign and print, per class, the attacks, how many today's code
handles and how many it mishandles (the strict xfails), then each mishandled attack's reason.

    PYTHONPATH=$PWD/src .venv/bin/python tests/adversarial/campaign.py [pytest args...]

Exit status is pytest's: 0 while every mishandled attack still fails the way it is recorded
and every handled one still passes; 1 when an attack now XPASSes (fixed: remove its marker) or
a handled one regressed.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))


class Collector:
    def __init__(self) -> None:
        self.mishandled: dict[str, list[tuple[str, str]]] = defaultdict(list)

    def pytest_runtest_logreport(self, report: Any) -> None:
        if report.when == "call" and getattr(report, "wasxfail", None) and report.skipped:
            from tests.adversarial.conftest import _class_of

            label = _class_of(report.nodeid) or "?"
            self.mishandled[label].append((report.nodeid.split("::", 1)[1], report.wasxfail))


def main(argv: list[str]) -> int:
    collector = Collector()
    status = pytest.main(
        ["-q", "-p", "no:cacheprovider", "-rN", str(HERE), *argv], plugins=[collector]
    )
    print("\nmishandled today, per class:")
    for label in sorted(collector.mishandled):
        print(f"\n{label}")
        for test, reason in collector.mishandled[label]:
            print(f"  - {test}: {reason.removeprefix('campaign: ')}")
    return int(status)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
