"""The results JSON: exactly the keys of formats.md, plus the extensions, and back again."""

import json
from typing import Any

import pytest

from daihoi.engine.ballot import Ballot, Mark
from daihoi.engine.election import parse_election
from daihoi.engine.errors import InputError
from daihoi.engine.results import result_from_dict, result_to_dict
from daihoi.engine.resultsfile import read_results_file
from daihoi.engine.tally import count_election

FORMATS_KEYS = {
    "election",
    "round",
    "rules",
    "ballots",
    "threshold",
    "candidates",
    "elected",
    "alternates",
    "outcome",
    "tied",
    "seats_unfilled",
}
EXTENSION_KEYS = {
    "title",
    "congress",
    "body",
    "form",
    "seats",
    "alternate_seats",
    "electorate",
    "meeting",
    "rules_detail",
    "rounds",
}


def q1_result(**extra: Any):
    data: dict[str, Any] = {
        "id": "q1-bch-2025",
        "title": "Bầu Ban Chấp hành Đảng bộ Quận 1 khóa XII",
        "congress": "Đại hội đại biểu Đảng bộ Quận 1 lần thứ XII",
        "body": "committee",
        "seats": 2,
        "rules": "party",
        "electorate": 5,
        "candidates": ["Nguyễn Văn An", {"name": "Trần Thị Bình", "born": 1978}, "Lê Văn Đức"],
        "meeting": {
            "place": "Hội trường",
            "date": "2025-07-10",
            "present": 5,
            "absent": 0,
            "issued": 5,
            "counting_committee": [{"name": "Lê Văn Hùng", "role": "Trưởng ban"}],
        },
    }
    data.update(extra)
    election = parse_election(data, "q1.yaml")
    k, s = Mark.KEPT, Mark.STRUCK
    rows = [(k, k, s), (k, s, k), (s, k, s), (k, k, s), (s, s, s)]
    ballots = [
        Ballot(str(i + 1), dict(zip(election.labels, row, strict=True)))
        for i, row in enumerate(rows)
    ]
    return count_election(election, ballots)


def test_the_results_json_has_the_formats_keys_and_the_extensions():
    data = result_to_dict(q1_result())
    assert set(data) >= FORMATS_KEYS | EXTENSION_KEYS
    assert data["election"] == "q1-bch-2025"
    assert data["ballots"]["counted"] == 5
    assert data["ballots"]["valid"] == 4
    assert data["ballots"]["invalid_reasons"] == {"none_kept": 1}
    assert data["threshold"] == {"base": 5, "votes_needed": 3, "of": "electorate"}
    assert data["candidates"][0] == {
        "name": "Nguyễn Văn An",
        "born": None,
        "votes": 3,
        "percent": "60.00",
        "status": "elected",
        "elected_round": 1,
    }
    assert data["elected"] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert data["outcome"] == "complete"
    assert data["tied"] == [] and data["seats_unfilled"] == 0
    assert data["meeting"]["counting_committee"] == [{"name": "Lê Văn Hùng", "role": "Trưởng ban"}]
    assert data["rounds"] == [
        {"round": 1, "elected": ["Nguyễn Văn An", "Trần Thị Bình"], "alternates": []}
    ]
    json.dumps(data)  # plain JSON data


def test_a_result_survives_the_round_trip_through_json():
    result = q1_result()
    data = json.loads(json.dumps(result_to_dict(result), ensure_ascii=False))
    again = result_from_dict(data, "results.json")
    assert again.election == result.election
    assert result_to_dict(again) == result_to_dict(result)


def test_unknown_keys_such_as_readings_are_kept():
    data = result_to_dict(q1_result())
    data["readings"] = [{"source": "a.png", "page": 1, "status": "valid"}]
    assert result_to_dict(result_from_dict(data, "r.json"))["readings"] == data["readings"]


def test_namesakes_keep_their_labels_and_birth_years():
    result = q1_result(
        candidates=[
            {"name": "Nguyễn Văn An", "born": 1970},
            {"name": "Nguyễn Văn An", "born": 1980},
            "Lê Văn Đức",
        ]
    )
    data = result_to_dict(result)
    assert data["candidates"][0]["name"] == "Nguyễn Văn An (1970)"
    again = result_from_dict(data, "r.json")
    assert again.election.candidates[0].name == "Nguyễn Văn An"
    assert again.election.candidates[0].born == 1970


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ([1, 2, 3], "$"),
        ({"election": "x"}, "round"),
        ({"id": "q1", "title": "Bầu", "candidates": []}, "election"),
    ],
)
def test_data_that_is_not_a_results_file_is_refused(data, field):
    with pytest.raises(InputError) as caught:
        result_from_dict(data, "r.json")
    assert caught.value.location.file == "r.json"
    assert caught.value.location.field == field


def test_a_results_file_that_does_not_add_up_is_refused():
    data = result_to_dict(q1_result())
    data["ballots"]["counted"] = 7
    with pytest.raises(InputError) as caught:
        result_from_dict(data, "r.json")
    assert "không nhất quán" in caught.value.message


OUTSIDE_TOOLS_FILE = {  # formats.md's example: only the contract's own keys
    "election": "q1-bch-2025",
    "round": 1,
    "rules": "party",
    "ballots": {
        "counted": 31,
        "valid": 29,
        "invalid": 2,
        "invalid_reasons": {"too_many_kept": 1, "none_kept": 1},
    },
    "threshold": {"base": 31, "votes_needed": 16},
    "candidates": [{"name": "Nguyễn Văn An", "votes": 27, "percent": "87.10", "status": "elected"}],
    "elected": ["Nguyễn Văn An"],
    "alternates": [],
    "outcome": "complete",
    "tied": [],
    "seats_unfilled": 0,
}


def test_the_one_reader_reads_what_an_outside_tools_file_states():
    stated = read_results_file(OUTSIDE_TOOLS_FILE, "tram-quet.json")
    assert (stated.election, stated.round_no, stated.counted, stated.needed) == (
        "q1-bch-2025",
        1,
        31,
        16,
    )
    assert stated.candidates[0].percent == "87.10"
    assert stated.title is None and stated.seats is None and stated.body == "other"
    assert stated.electorate == 31  # the party's base is the electorate


def test_such_a_file_cannot_be_rebuilt_into_a_result_and_says_what_it_lacks():
    with pytest.raises(InputError, match="thiếu “title”, “body”, “seats”") as caught:
        result_from_dict(OUTSIDE_TOOLS_FILE, "tram-quet.json")
    assert caught.value.location.field == "title"


def test_both_readers_refuse_a_name_elected_who_is_not_a_candidate():
    data = result_to_dict(q1_result())
    data["elected"] = [*data["elected"], "Người Lạ"]
    for read in (read_results_file, result_from_dict):
        with pytest.raises(InputError) as caught:
            read(data, "r.json")
        assert caught.value.location.field == "elected"
