"""One check for a person's name, wherever a name is read (election, ballots header, results,
decisions): real Vietnamese names pass however they are encoded; invisible characters, control
characters and letters of another script are refused, named as U+XXXX."""

import unicodedata

import pytest

from daihoi.engine.election import parse_election
from daihoi.engine.errors import InputError
from daihoi.engine.names import MAX_NAME, label_problem, name_problem, printable
from daihoi.engine.resultsfile import read_results_file
from tests.engine.test_election import q1, refusal

REAL_NAMES = [
    "Nguyễn Thị Ánh Tuyết",
    "Đặng Văn Hưởng",
    "Lò Văn Pướng",
    "Hà Thị Khiết",
    "Y Ngông Niê Kdăm",
    "K'Bang Hơ-Mơ",
    "Nguyễn Văn A.",
]


@pytest.mark.parametrize("name", REAL_NAMES)
@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_real_vietnamese_names_pass_composed_or_decomposed(name: str, form: str) -> None:
    assert name_problem(unicodedata.normalize(form, name)) is None


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Lê Văn\u200b Đức", "U+200B"),
        ("Ph\u0430m Thị Dung", "U+0430"),  # Cyrillic а
        ("H\u03bfàng Minh Ánh", "U+03BF"),  # Greek ο
        ("Lê Văn \u202eĐức", "U+202E"),
        ("Lê Văn \x1b[31mĐức", "U+001B"),
        ("Lê Văn \x07Đức", "U+0007"),
        ("Lê Văn \x00Đức", "U+0000"),
        ("Lê Văn Đức 2", "U+0032"),
    ],
)
def test_hostile_names_are_refused_naming_the_character(name: str, code: str) -> None:
    problem = name_problem(name)
    assert problem is not None and code in problem


def test_a_name_too_long_is_refused_with_the_limit() -> None:
    problem = name_problem("Nguyễn " * 30)
    assert problem is not None and str(MAX_NAME) in problem


def test_a_namesakes_label_carries_the_birth_year() -> None:
    assert label_problem("Nguyễn Văn An (1970)") is None
    assert label_problem("Nguyễn Văn An (197O)") is not None


def test_printable_shows_invisible_characters_and_keeps_vietnamese() -> None:
    assert printable("Lê\u200b Văn\x1b") == "Lê<U+200B> Văn<U+001B>"
    assert printable("Đặng Văn Hưởng") == "Đặng Văn Hưởng"


def test_an_election_names_the_candidate_and_never_echoes_the_character() -> None:
    error = refusal(q1(candidates=["Trần Thị Bình", "Nguyễn Văn An", "Lê Văn\u200b Đức"]))
    assert error.location.field == "candidates[3]"
    assert "U+200B" in error.message and "\u200b" not in str(error)


def results(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "election": "a",
        "round": 1,
        "rules": "state",
        "ballots": {"counted": 3, "valid": 3, "invalid": 0},
        "threshold": {"base": 3, "votes_needed": 2},
        "outcome": "complete",
        "candidates": [{"name": "An", "votes": 2, "percent": "66.67", "status": "elected"}],
        "elected": ["An"],
    }
    data.update(changes)
    return data


def test_a_results_file_with_a_hostile_name_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        read_results_file(results(elected=["A\u200bn"]), "r.json")
    assert caught.value.location.field == "elected[0]" and "U+200B" in caught.value.message


@pytest.mark.parametrize("percent", ["66.67", "66.7", "67", "66.666667"])
def test_a_percent_the_votes_give_is_read_at_any_precision(percent: str) -> None:
    line = {"name": "An", "votes": 2, "percent": percent, "status": "elected"}
    assert read_results_file(results(candidates=[line]), "r.json").candidates[0].percent == percent


def test_a_percent_the_votes_do_not_give_is_refused() -> None:
    line = {"name": "An", "votes": 2, "percent": "99.99", "status": "elected"}
    with pytest.raises(InputError) as caught:
        read_results_file(results(candidates=[line]), "r.json")
    assert caught.value.location.field == "candidates[0].percent"
    assert "66.67" in caught.value.message


def test_a_no_break_space_pasted_from_word_is_a_space() -> None:
    assert name_problem("Nguyễn\u00a0Văn An") is None
    assert (
        parse_election(q1(title="Bầu\u00a0Ban Chấp hành"), "bau.yaml").title == "Bầu Ban Chấp hành"
    )
