"""The adversarial campaign: attacks from outside on the CLI and the web app.

Every test states what a user is owed. A test marked ``xfail(strict=True)`` is an attack that
succeeds against today's code: the suite stays green, and the day the bug is fixed the test
XPASSes, which fails the run: the fixer then removes the marker. ``python
tests/adversarial/campaign.py`` (or any pytest run of this folder) prints per class how many
attacks there are, how many are handled and how many mishandled.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import resource
import shutil
import subprocess
import sys
import traceback
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.adversarial._paper import render_ballot
from tests.web.conftest import (  # noqa: F401  (fixtures shared with tests/web)
    PASSWORD,
    Tree,
    _fast_password_hashing,
    alice,
    bob,
    charlie,
    client_of,
    make_user,
    sam,
    tree,
)

# An attack that succeeds today. ``raises=AssertionError``: a mistake in the test itself (a
# TypeError, a fixture error) must fail loudly, not hide as an expected failure.
XFAIL = functools.partial(pytest.mark.xfail, strict=True, raises=AssertionError)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

CLASSES = {
    "test_c1_": "1 output path is an input",
    "test_c2_": "2 usage errors",
    "test_c3_": "3 deep / odd structured input",
    "test_c4_": "4 hostile names",
    "test_c5_": "5 values outside the contract",
    "test_c6_": "6 messages point to the right place",
    "test_c7_": "7 scan batch",
    "test_c8_": "8 web",
    "record/test_r1_": "R1 bundle bytes changed without the key",
    "record/test_r2_": "R2 bundle re-signed forgeries",
    "record/test_r3_": "R3 bundle log, --key, --head, --partial",
    "record/test_r4_": "R4 bundle container and hygiene",
    "record/test_r5_": "R5 bundle from the station, secrecy",
    "exchange/test_package_": "X1 office package: forged, bombed, renamed",
    "exchange/test_intake_": "X2 bundle intake: replay, fork, congress, key",
    "exchange/test_handcheck_": "X3 hand-check draw from the dice",
    "web16/test_w1_": "W1 web: congress package export and receive",
    "web16/test_w2_": "W2 web: central bundle import",
    "web16/test_w3_": "W3 web: hand-check",
    "web16/test_w4_": "W4 web: documents and the public link",
    "web16/test_w5_": "W5 web: personnel reports",
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "adversarial: an attack of the adversarial campaign")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/adversarial/" in str(item.fspath):
            item.add_marker(pytest.mark.adversarial)


def _class_of(nodeid: str) -> str | None:
    if "tests/adversarial/" not in nodeid:
        return None
    name = nodeid.split("tests/adversarial/", 1)[1]
    for prefix, label in CLASSES.items():
        if name.startswith(prefix):
            return label
    return None


_tally: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Any:
    outcome = yield
    report = outcome.get_result()
    label = _class_of(report.nodeid)
    if label is None:
        return
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        if hasattr(report, "wasxfail") or "XPASS(strict)" in str(report.longrepr or ""):
            kind = "mishandled" if report.skipped else "fixed (XPASS: remove marker)"
        elif report.passed:
            kind = "handled"
        elif report.skipped:
            kind = "skipped"
        else:
            kind = "failed (regression)"
        _tally[label][kind] += 1


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _tally:
        return
    tr = terminalreporter
    tr.section("adversarial campaign")
    tr.write_line(f"{'class':40} {'attacks':>7} {'handled':>7} {'mishandled':>10}  other")
    totals = defaultdict(int)
    for label in sorted(_tally):
        counts = _tally[label]
        attacks = sum(counts.values())
        other = ", ".join(
            f"{k}: {v}" for k, v in counts.items() if k not in ("handled", "mishandled")
        )
        tr.write_line(
            f"{label:40} {attacks:7} {counts['handled']:7} {counts['mishandled']:10}  {other}"
        )
        totals["attacks"] += attacks
        totals["handled"] += counts["handled"]
        totals["mishandled"] += counts["mishandled"]
    tr.write_line(
        f"{'total':40} {totals['attacks']:7} {totals['handled']:7} {totals['mishandled']:10}"
    )


# ---------------------------------------------------------------------------------------------
# Running the command of this tree from outside.


def _daihoi_command() -> list[str]:
    beside = Path(sys.executable).with_name("daihoi")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("daihoi")
    if found:
        return [found]
    raise RuntimeError("the daihoi command is not installed beside this Python")


@dataclass
class Run:
    args: tuple[str, ...]
    returncode: int
    out: str  # stdout and stderr together

    def __str__(self) -> str:
        return f"daihoi {' '.join(self.args)} → exit {self.returncode}\n{self.out[-3000:]}"


MEMORY_LIMIT = 3 * 1024**3  # a scan of a hostile file must not need more than this


def daihoi(
    *args: str | Path,
    cwd: Path,
    subprocess_: bool = False,
    memory_limit: bool = False,
    timeout: float = 120,
) -> Run:
    """Run ``daihoi ARGS`` in ``cwd``: in this process through the console-script entry point
    (fast: the imports are paid once), or as a real subprocess (``subprocess_``, and always
    with ``memory_limit``). In-process, an exception escaping the entry point is what a user
    would see as a traceback: it is written to the output as one and the status is 1."""
    argv = [str(a) for a in args]
    if subprocess_ or memory_limit:
        return _subprocess(argv, cwd, memory_limit, timeout)
    main = _entry_point()
    out, err = io.StringIO(), io.StringIO()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main(argv)
            except SystemExit as stop:
                code = stop.code
                status = code if isinstance(code, int) else (0 if code is None else 1)
                if code is not None and not isinstance(code, int):
                    print(code, file=sys.stderr)
            except BaseException:
                print(traceback.format_exc(), file=sys.stderr)
                status = 1
    finally:
        os.chdir(old)
    return Run(tuple(argv), int(status or 0), out.getvalue() + err.getvalue())


def _entry_point() -> Any:
    from importlib.metadata import entry_points

    (ep,) = [e for e in entry_points(group="console_scripts") if e.name == "daihoi"]
    return ep.load()


def _subprocess(argv: list[str], cwd: Path, memory_limit: bool, timeout: float) -> Run:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env["COLUMNS"] = "200"
    env.pop("DAIHOI_DATA_DIR", None)

    def limit() -> None:  # runs in the child
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    proc = subprocess.run(
        [*_daihoi_command(), *argv],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=timeout,
        preexec_fn=limit if memory_limit else None,
    )
    out = proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace")
    return Run(tuple(argv), proc.returncode, out)


def assert_refused(run: Run, *needles: str) -> None:
    """Bad input: exit 2, a message (naming what is given in ``needles``), no traceback."""
    assert "Traceback" not in run.out, str(run)
    assert run.returncode == 2, str(run)
    for needle in needles:
        assert needle in run.out, f"{needle!r} not in the message\n{run}"


def assert_no_traceback(run: Run) -> None:
    assert "Traceback" not in run.out, str(run)
    assert run.returncode in (0, 2), str(run)


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A folder with the sample elections and their ballots (copies)."""
    for f in EXAMPLES.iterdir():
        shutil.copy(f, tmp_path / f.name)
    return tmp_path


@pytest.fixture
def bch(work: Path) -> Path:
    """`work` with e.yaml / b.csv (the Quận 1 committee) and r.json, its results."""
    shutil.copy(work / "q1-bch-2025.yaml", work / "e.yaml")
    shutil.copy(work / "q1-bch-2025-ballots.csv", work / "b.csv")
    run = daihoi("count", "tally", "e.yaml", "b.csv", "-o", "r.json", cwd=work)
    assert run.returncode == 0, str(run)
    return work


@pytest.fixture
def tie(work: Path) -> Path:
    """`work` with tie.json: results of the delegates' election, a tie for the last seats."""
    run = daihoi(
        "count",
        "tally",
        "q1-daibieu-2025.yaml",
        "q1-daibieu-2025-ballots.csv",
        "-o",
        "tie.json",
        cwd=work,
    )
    assert run.returncode == 0, str(run)
    return work


@pytest.fixture
def scanned(bch: Path) -> Path:
    """bch + p.pdf/l.json (printed ballot and layout), scans/a.png (valid), scans/c.png (a
    partly struck row: review), s.json (their scan results)."""
    run = daihoi("ballot", "print", "e.yaml", "-o", "p.pdf", "--layout", "l.json", cwd=bch)
    assert run.returncode == 0, str(run)
    (bch / "scans").mkdir()
    render_ballot(
        bch / "p.pdf", bch / "l.json", bch / "scans" / "a.png", struck=[6, 7], seal_shift=0
    )
    render_ballot(
        bch / "p.pdf",
        bch / "l.json",
        bch / "scans" / "c.png",
        struck=[2],
        partial=[7],
        seal_shift=6,
    )
    run = daihoi("count", "scan", "e.yaml", "scans", "-o", "s.json", "-j", "1", cwd=bch)
    assert run.returncode == 0, str(run)
    (bch / "d.csv").write_text(
        "source,page,decision,struck,reason\nc.png,1,invalid,,other_marks\n", encoding="utf-8"
    )
    return bch


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and not p.is_symlink()}
