"""Class 2: usage errors — a command line that cannot be run.

Owed: exit 2, a usage message that names what is wrong (the option, the value, the missing
argument), never a Python traceback. These are the first things a nervous operator types.
"""

from __future__ import annotations

from pathlib import Path

from .conftest import assert_refused, daihoi


def usage_refused(
    folder: Path, *args: str, needles: tuple[str, ...] = (), real_process: bool = False
) -> None:
    run = daihoi(*args, cwd=folder, subprocess_=real_process)
    assert_refused(run, *needles)
    assert "Usage" in run.out or "Cách dùng" in run.out or "--help" in run.out, str(run)


def test_tally_without_arguments(bch: Path) -> None:
    usage_refused(bch, "count", "tally", real_process=True)


def test_tally_without_ballots(bch: Path) -> None:
    usage_refused(bch, "count", "tally", "e.yaml")


def test_tally_unknown_option(bch: Path) -> None:
    usage_refused(bch, "count", "tally", "e.yaml", "b.csv", "--bogus", needles=("--bogus",))


def test_tally_option_without_value(bch: Path) -> None:
    usage_refused(bch, "count", "tally", "e.yaml", "b.csv", "-o", needles=("-o",))


def test_scan_workers_not_a_number(bch: Path) -> None:
    usage_refused(bch, "count", "scan", "e.yaml", "b.csv", "-j", "abc", needles=("abc",))


def test_scan_zero_workers(bch: Path) -> None:
    usage_refused(bch, "count", "scan", "e.yaml", "b.csv", "-j", "0", needles=("0",))


def test_scan_negative_workers(bch: Path) -> None:
    usage_refused(bch, "count", "scan", "e.yaml", "b.csv", "-j", "-3")


def test_unknown_command(bch: Path) -> None:
    usage_refused(bch, "nosuch", needles=("nosuch",), real_process=True)


def test_unknown_top_level_option(bch: Path) -> None:
    usage_refused(bch, "--bogus", needles=("--bogus",))


def test_group_without_command(bch: Path) -> None:
    usage_refused(bch, "count")


def test_resolve_without_output(bch: Path) -> None:
    (bch / "d.csv").write_text("source,page,decision,struck,reason\n", encoding="utf-8")
    usage_refused(bch, "count", "resolve", "r.json", "d.csv", needles=("-o",))


def test_ballot_print_without_output(bch: Path) -> None:
    usage_refused(bch, "ballot", "print", "e.yaml")


def test_ballot_copies_not_a_number(bch: Path) -> None:
    usage_refused(
        bch, "ballot", "print", "e.yaml", "-o", "x.pdf", "--copies", "abc", needles=("abc",)
    )


def test_minutes_without_results(bch: Path) -> None:
    usage_refused(bch, "minutes")


def test_demo_without_folder(bch: Path) -> None:
    usage_refused(bch, "demo")


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
