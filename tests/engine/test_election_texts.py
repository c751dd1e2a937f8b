"""The texts of an election file that get printed: refused at parse time, naming the field and
the character (U+XXXX), or the length limit; the meeting's date must be a day that exists."""

from typing import Any

import pytest

from daihoi.engine.election import parse_election
from daihoi.engine.errors import InputError
from daihoi.engine.names import MAX_TEXT
from daihoi.engine.resultsfile import read_results_file
from tests.engine.test_election import q1, refusal


@pytest.mark.parametrize(
    ("char", "code"),
    [
        ("\x1b", "U+001B"),
        ("\x0b", "U+000B"),
        ("\x00", "U+0000"),
        ("\x07", "U+0007"),
        ("\u202e", "U+202E"),
    ],
)
def test_a_title_with_a_control_character_is_refused(char: str, code: str) -> None:
    error = refusal(q1(title=f"Bầu Ban Chấp hành{char}Đảng bộ"))
    assert error.location.field == "title"
    assert code in error.message
    assert char not in str(error)


def test_a_congress_too_long_is_refused_with_the_limit() -> None:
    error = refusal(q1(congress="Đại hội " * 1000))
    assert error.location.field == "congress"
    assert str(MAX_TEXT) in error.message


def test_a_title_typed_over_lines_in_yaml_is_one_line() -> None:
    election = parse_election(q1(title="Bầu Ban Chấp hành\nĐảng bộ Quận 1\n"), "bau.yaml")
    assert election.title == "Bầu Ban Chấp hành Đảng bộ Quận 1"


@pytest.mark.parametrize("date", ["2025-13-45", "2025-02-30", "10/07/2025", 20250710])
def test_a_meeting_date_that_does_not_exist_is_refused(date: Any) -> None:
    error = refusal(q1(meeting={"date": date}))
    assert error.location.field == "meeting.date"


def test_a_real_meeting_date_is_kept_as_iso_text() -> None:
    election = parse_election(q1(meeting={"date": "2025-07-10"}), "bau.yaml")
    assert election.meeting.date == "2025-07-10"


def test_a_results_file_with_a_control_character_in_its_title_is_refused() -> None:
    data = {
        "election": "a",
        "round": 1,
        "rules": "state",
        "title": "Bầu\x1bĐảng",
        "ballots": {"counted": 1, "valid": 1, "invalid": 0},
        "threshold": {"base": 1, "votes_needed": 1},
        "outcome": "complete",
        "candidates": [{"name": "An", "votes": 1, "percent": "100.00", "status": "elected"}],
        "elected": ["An"],
    }
    with pytest.raises(InputError) as caught:
        read_results_file(data, "r.json")
    assert caught.value.location.field == "title"
    assert "U+001B" in str(caught.value)
