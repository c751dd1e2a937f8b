"""Usage errors: the usage line and the problem in Vietnamese, exit status 2, no traceback."""

from __future__ import annotations

import pytest

from daihoi.cli.main import main


@pytest.mark.parametrize(
    ("argv", "problem"),
    [
        (["count", "tally"], "Lỗi: thiếu đối số ELECTION_FILE"),
        (["count", "tally", "e.yaml", "b.csv", "--bogus"], "Lỗi: tùy chọn không có: --bogus"),
        (["count", "tally", "e.yaml", "b.csv", "-o"], "Lỗi: tùy chọn -o cần một giá trị"),
        (["count", "tally", "e.yaml", "b.csv", "c.csv"], "Lỗi: thừa đối số: c.csv"),
        (["count", "scan", "e.yaml", "s", "-j", "abc"], "-j / --workers phải là số nguyên ≥ 1"),
        (["count", "scan", "e.yaml", "s", "-j", "0"], "(đã cho “0”)"),
        (["count", "resolve", "s.json", "d.csv"], "Lỗi: thiếu tùy chọn -o / --output"),
        (["count", "tall"], "Lỗi: không có lệnh “tall” (có phải là: 'tally'?)"),
        (["ballot", "print", "e.yaml", "-o", "x.pdf", "--copies", "2x"], "--copies phải là số"),
    ],
)
def test_it_names_the_problem_in_vietnamese(capsys, argv: list[str], problem: str) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert problem in err
    assert "Traceback" not in err


def test_the_usage_line_names_the_arguments(capsys) -> None:
    assert main(["count", "tally", "e.yaml"]) == 2
    err = capsys.readouterr().err
    assert "Cách dùng: daihoi count tally [OPTIONS] ELECTION_FILE BALLOTS_FILE" in err
    assert "daihoi count tally --help" in err


def test_an_option_missing_its_value_still_points_to_the_help(capsys) -> None:
    assert main(["minutes", "r.json", "--pdf"]) == 2
    assert "Xem “daihoi minutes --help”" in capsys.readouterr().err


def test_an_input_error_is_printed_as_text_not_markup(capsys, tmp_path) -> None:
    missing = tmp_path / "[bold]x[/bold].yaml"
    assert main(["count", "tally", str(missing), "b.csv"]) == 2
    assert "[bold]x[/bold].yaml" in capsys.readouterr().err


def test_a_title_with_brackets_is_printed_as_written(capsys, tmp_path) -> None:
    from tests.cli.test_count_helpers import ELECTION, csv_text, run, write

    title = "Bầu [/] Chi ủy [bold]3"
    text = ELECTION.replace("title: Bầu Chi ủy Chi bộ 3 nhiệm kỳ 2025–2027", f"title: '{title}'")
    election = write(tmp_path / "e.yaml", text)
    ballots = write(tmp_path / "b.csv", csv_text())
    code, out, err = run(["count", "tally", election, ballots], capsys)
    assert code == 0, err
    assert title in out
