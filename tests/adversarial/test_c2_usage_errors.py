"""Class 2: usage errors — a command line that cannot be run.

Owed: exit 2, a usage message that names what is wrong (the option, the value, the missing
argument), never a Python traceback. These are the first things a nervous operator types.
"""

from __future__ import annotations

from pathlib import Path

from .conftest import XFAIL, assert_refused, daihoi

TRACEBACK = "a typer/click exception escapes main(): exit 1 with a Python traceback"


def usage_refused(
    folder: Path, *args: str, needles: tuple[str, ...] = (), real_process: bool = False
) -> None:
    run = daihoi(*args, cwd=folder, subprocess_=real_process)
    assert_refused(run, *needles)
    assert "Usage" in run.out or "Cách dùng" in run.out or "--help" in run.out, str(run)


@XFAIL(strict=True, reason=f"campaign: usage — `daihoi count tally` (no arguments): {TRACEBACK}")
def test_tally_without_arguments(bch: Path) -> None:
    usage_refused(bch, "count", "tally", real_process=True)


@XFAIL(strict=True, reason=f"campaign: usage — `count tally e.yaml` (no ballots): {TRACEBACK}")
def test_tally_without_ballots(bch: Path) -> None:
    usage_refused(bch, "count", "tally", "e.yaml")


@XFAIL(strict=True, reason=f"campaign: usage — `count tally e.yaml b.csv --bogus`: {TRACEBACK}")
def test_tally_unknown_option(bch: Path) -> None:
    usage_refused(bch, "count", "tally", "e.yaml", "b.csv", "--bogus", needles=("--bogus",))


@XFAIL(
    strict=True, reason=f"campaign: usage — `count tally e.yaml b.csv -o` (no value): {TRACEBACK}"
)
def test_tally_option_without_value(bch: Path) -> None:
    usage_refused(bch, "count", "tally", "e.yaml", "b.csv", "-o", needles=("-o",))


@XFAIL(strict=True, reason=f"campaign: usage — `count scan e.yaml b.csv -j abc`: {TRACEBACK}")
def test_scan_workers_not_a_number(bch: Path) -> None:
    usage_refused(bch, "count", "scan", "e.yaml", "b.csv", "-j", "abc", needles=("abc",))


@XFAIL(strict=True, reason=f"campaign: usage — `count scan e.yaml b.csv -j 0`: {TRACEBACK}")
def test_scan_zero_workers(bch: Path) -> None:
    usage_refused(bch, "count", "scan", "e.yaml", "b.csv", "-j", "0", needles=("0",))


@XFAIL(strict=True, reason=f"campaign: usage — `count scan e.yaml b.csv -j -3`: {TRACEBACK}")
def test_scan_negative_workers(bch: Path) -> None:
    usage_refused(bch, "count", "scan", "e.yaml", "b.csv", "-j", "-3")


@XFAIL(strict=True, reason=f"campaign: usage — `daihoi nosuch`: {TRACEBACK}")
def test_unknown_command(bch: Path) -> None:
    usage_refused(bch, "nosuch", needles=("nosuch",), real_process=True)


@XFAIL(strict=True, reason=f"campaign: usage — `daihoi --bogus`: {TRACEBACK}")
def test_unknown_top_level_option(bch: Path) -> None:
    usage_refused(bch, "--bogus", needles=("--bogus",))


@XFAIL(
    strict=True,
    reason=f"campaign: usage — `daihoi count` (no sub-command) prints the usage then {TRACEBACK}",
)
def test_group_without_command(bch: Path) -> None:
    usage_refused(bch, "count")


@XFAIL(
    strict=True, reason=f"campaign: usage — `count resolve s.json d.csv` without -o: {TRACEBACK}"
)
def test_resolve_without_output(bch: Path) -> None:
    (bch / "d.csv").write_text("source,page,decision,struck,reason\n", encoding="utf-8")
    usage_refused(bch, "count", "resolve", "r.json", "d.csv", needles=("-o",))


@XFAIL(strict=True, reason=f"campaign: usage — `ballot print e.yaml` without -o: {TRACEBACK}")
def test_ballot_print_without_output(bch: Path) -> None:
    usage_refused(bch, "ballot", "print", "e.yaml")


@XFAIL(
    strict=True,
    reason=f"campaign: usage — `ballot print e.yaml -o x.pdf --copies abc`: {TRACEBACK}",
)
def test_ballot_copies_not_a_number(bch: Path) -> None:
    usage_refused(
        bch, "ballot", "print", "e.yaml", "-o", "x.pdf", "--copies", "abc", needles=("abc",)
    )


@XFAIL(strict=True, reason=f"campaign: usage — `daihoi minutes` (no results file): {TRACEBACK}")
def test_minutes_without_results(bch: Path) -> None:
    usage_refused(bch, "minutes")


@XFAIL(strict=True, reason=f"campaign: usage — `daihoi demo` (no folder): {TRACEBACK}")
def test_demo_without_folder(bch: Path) -> None:
    usage_refused(bch, "demo")


@XFAIL(strict=True, reason=f"campaign: usage — `daihoi web serve --port abc`: {TRACEBACK}")
def test_web_port_not_a_number(bch: Path) -> None:
    # A real process with a timeout: should the value ever parse, no server may stay up here.
    usage_refused(bch, "web", "serve", "--port", "abc", needles=("abc",), real_process=True)


def test_copies_out_of_range_is_a_clear_message(bch: Path) -> None:
    """Control: a value the command itself checks is refused properly."""
    assert_refused(
        daihoi("ballot", "print", "e.yaml", "-o", "x.pdf", "--copies", "0", cwd=bch), "--copies"
    )


def test_minutes_without_any_output(bch: Path) -> None:
    """Control: `minutes r.json` with neither --pdf nor --docx says so."""
    assert_refused(daihoi("minutes", "r.json", cwd=bch), "--pdf")


def test_empty_output_path(bch: Path) -> None:
    """Control: `-o ''` is refused (it names the current folder), nothing written."""
    assert_refused(daihoi("count", "tally", "e.yaml", "b.csv", "-o", "", cwd=bch))
