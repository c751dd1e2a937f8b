"""``election_to_dict``: an election written back as election file data reads as the same election."""

from __future__ import annotations

from pathlib import Path

import pytest

from daihoi.engine.election import election_to_dict, parse_election
from daihoi.files import load_data, load_election

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_it_reads_back_as_the_same_election(path: Path) -> None:
    election = load_election(path)
    assert parse_election(election_to_dict(election), "lại") == election


def test_the_file_of_quan1_comes_back_in_ballot_order_with_its_meeting() -> None:
    [path] = [p for p in EXAMPLES if p.name == "q1-bch-2025.yaml"]
    data = election_to_dict(load_election(path))
    assert list(data) == [
        "id",
        "title",
        "congress",
        "body",
        "seats",
        "round",
        "rules",
        "electorate",
        "candidates",
        "meeting",
    ]
    assert data["rules"] == "party"
    # The two Nguyễn Văn An keep their birth years; everyone else is a plain name.
    assert data["candidates"][:2] == [
        {"name": "Nguyễn Văn An", "born": 1970},
        {"name": "Nguyễn Văn An", "born": 1982},
    ]
    assert data["meeting"]["date"] == "2025-07-10"
    assert data["meeting"]["counting_committee"][0] == {"name": "Lê Văn Hùng", "role": "Trưởng ban"}


def test_a_file_already_in_this_form_comes_back_unchanged() -> None:
    data = {
        "id": "hoa-binh-bch",
        "title": "Bầu Ban Chấp hành Đảng bộ phường Hòa Bình",
        "body": "committee",
        "seats": 2,
        "round": 1,
        "rules": "party",
        "electorate": 60,
        "candidates": ["Lê Văn An", "Trần Thị Bình", "Phạm Văn Cường"],
    }
    assert election_to_dict(parse_election(data, "hoa-binh.yaml")) == data


def test_changed_settings_and_earlier_rounds_are_kept() -> None:
    """Round 2 of the delegates of a youth union with its own scan thresholds."""
    data = {
        "id": "dai-bieu",
        "title": "Bầu đại biểu",
        "body": "delegates",
        "seats": 0,
        "alternates": 1,
        "round": 2,
        "rules": {
            "preset": "party",
            "max_rounds": 3,
            "scan": {"struck_min": 0.8},
            "extra_invalid_reasons": ["torn"],
        },
        "electorate": 40,
        "candidates": ["Lê Văn An", {"name": "Trần Thị Bình", "born": 1980}],
        "meeting": {"place": "Hội trường", "date": "2025-07-10", "issued": 39},
        "elected_before": [{"name": "Võ Thị Cúc", "round": 1}],
    }
    election = parse_election(data, "dai-bieu.yaml")
    written = election_to_dict(election)
    assert parse_election(written, "lại") == election
    rules = written["rules"]
    assert rules["preset"] == "party" and rules["max_rounds"] == 3
    assert rules["scan"]["struck_min"] == 0.8
    assert "torn" in rules["invalid_reasons"]
    assert written["elected_before"] == [{"name": "Võ Thị Cúc", "round": 1, "status": "elected"}]


def test_an_unquoted_yaml_date_becomes_text(tmp_path: Path) -> None:
    """An unquoted ``date: 2025-07-10`` is read as the text written (the election parser
    checks the day exists); written back it is the same ISO text (JSON-safe)."""
    path = tmp_path / "bau.yaml"
    path.write_text(
        "id: a\ntitle: T\nbody: committee\nseats: 1\nrules: state\n"
        "candidates: [An, Bình]\nmeeting: {date: 2025-07-10}\n",
        encoding="utf-8",
    )
    assert load_data(path)["meeting"]["date"] == "2025-07-10"
    assert election_to_dict(load_election(path))["meeting"] == {"date": "2025-07-10"}
