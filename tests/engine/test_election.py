"""Election definitions: what parse_election accepts, and what it refuses (file and field)."""

import unicodedata
from typing import Any

import pytest

from daihoi.engine.ballot import Form
from daihoi.engine.election import Body, parse_election
from daihoi.engine.errors import InputError
from daihoi.engine.rules import ThresholdBase, UnclearRow


def q1(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "q1-bch-2025",
        "title": "Bầu Ban Chấp hành Đảng bộ Quận 1",
        "body": "committee",
        "seats": 2,
        "rules": "party",
        "electorate": 31,
        "candidates": ["Trần Thị Bình", "Nguyễn Văn An", {"name": "Lê Văn Đức", "born": 1975}],
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def refusal(data: dict[str, Any]) -> InputError:
    with pytest.raises(InputError) as caught:
        parse_election(data, "bau.yaml")
    assert caught.value.location.file == "bau.yaml"
    return caught.value


def test_it_reads_a_complete_election_in_ballot_order():
    election = parse_election(q1(congress="Đại hội XII"), "bau.yaml")
    assert election.id == "q1-bch-2025"
    assert election.body is Body.COMMITTEE
    assert election.labels == ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Đức")
    assert election.candidates[2].born == 1975
    assert election.form is Form.STRIKE
    assert election.to_keep == 2
    assert election.round == 1
    assert election.rules.threshold_base is ThresholdBase.ELECTORATE


def test_names_are_normalised_to_nfc():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn An")
    election = parse_election(q1(candidates=[decomposed, "Lê Bình"], seats=1), "bau.yaml")
    assert "Nguyễn Văn An" in election.labels
    assert all(unicodedata.is_normalized("NFC", label) for label in election.labels)


def test_one_candidate_for_one_seat_uses_the_approve_form():
    election = parse_election(
        q1(body="secretary", seats=1, candidates=["Nguyễn Văn An"]), "bau.yaml"
    )
    assert election.form is Form.APPROVE


@pytest.mark.parametrize("missing", ["id", "title", "body", "seats", "rules", "candidates"])
def test_it_refuses_a_missing_field(missing):
    data = q1()
    del data[missing]
    error = refusal(data)
    assert error.location.field == missing
    assert missing in error.message


def test_it_refuses_an_unknown_field_and_names_it():
    error = refusal(q1(seat=3))
    assert error.location.field == "seat"
    assert "seat" in error.message


@pytest.mark.parametrize("seats", [0, -1])
def test_it_refuses_seats_not_above_zero(seats):
    assert refusal(q1(seats=seats)).location.field == "seats"


def test_it_refuses_seats_that_are_not_a_number():
    assert refusal(q1(seats="năm")).location.field == "seats"
    assert refusal(q1(seats=True)).location.field == "seats"


def test_it_refuses_fewer_candidates_than_seats():
    error = refusal(q1(seats=4))
    assert error.location.field == "candidates"
    assert "3" in error.message and "4" in error.message


def test_it_refuses_namesakes_without_birth_years():
    error = refusal(q1(candidates=["Nguyễn Văn An", "Lê Bình", "Nguyễn Văn An"]))
    assert error.location.field == "candidates[3]"
    assert "Nguyễn Văn An" in error.message


def test_it_refuses_namesakes_with_the_same_birth_year():
    same = {"name": "Nguyễn Văn An", "born": 1970}
    assert "born" in refusal(q1(candidates=[same, dict(same), "Lê Bình"])).message


def test_namesakes_with_different_birth_years_are_told_apart_by_label():
    election = parse_election(
        q1(
            candidates=[
                {"name": "Nguyễn Văn An", "born": 1980},
                {"name": "Nguyễn Văn An", "born": 1970},
                "Lê Bình",
            ]
        ),
        "bau.yaml",
    )
    assert election.labels == ("Nguyễn Văn An (1970)", "Nguyễn Văn An (1980)", "Lê Bình")
    assert election.candidates[0].name == "Nguyễn Văn An"


def test_it_refuses_an_unknown_rule_set():
    error = refusal(q1(rules="communist"))
    assert error.location.field == "rules"
    assert "communist" in error.message


def test_it_refuses_party_rules_without_electorate():
    error = refusal(q1(electorate=None))
    assert error.location.field == "electorate"


def test_state_rules_need_no_electorate():
    election = parse_election(q1(rules="state", electorate=None), "bau.yaml")
    assert election.electorate is None


@pytest.mark.parametrize("bad_id", ["Q1", "q1 bch", "bầu", "", 2025])
def test_it_refuses_a_bad_id(bad_id):
    assert refusal(q1(id=bad_id)).location.field == "id"


def test_it_refuses_alternates_outside_a_delegates_election():
    assert refusal(q1(alternates=1)).location.field == "alternates"


def test_delegates_may_have_alternates():
    election = parse_election(q1(body="delegates", seats=1, alternates=1), "bau.yaml")
    assert election.to_keep == 2
    assert election.form is Form.STRIKE


def test_it_refuses_round_below_one():
    assert refusal(q1(round=0)).location.field == "round"


def test_a_rules_mapping_overrides_single_settings():
    election = parse_election(
        q1(
            rules={
                "preset": "youth_union",
                "threshold_base": "valid",
                "approve_unclear_row": "invalid",
            }
        ),
        "bau.yaml",
    )
    assert election.rules.name == "youth_union"
    assert election.rules.threshold_base is ThresholdBase.VALID
    assert election.rules.approve_unclear_row is UnclearRow.INVALID
    assert election.rules.max_rounds == 2


def test_it_refuses_an_unknown_rule_setting_and_names_it():
    error = refusal(q1(rules={"preset": "party", "majority": "two_thirds"}))
    assert error.location.field == "rules.majority"


def test_it_refuses_a_rules_mapping_without_preset():
    assert refusal(q1(rules={"threshold_base": "valid"})).location.field == "rules.preset"


def test_it_refuses_an_unknown_candidate_field():
    error = refusal(q1(candidates=[{"name": "An", "gender": "nữ"}, "Bình", "Cúc"]))
    assert error.location.field == "candidates[1].gender"


def test_it_reads_the_meeting_section():
    election = parse_election(
        q1(
            meeting={
                "place": "Hội trường Quận ủy",
                "date": "2025-07-10",
                "present": 30,
                "absent": 1,
                "issued": 30,
                "counting_committee": [
                    {"name": "Lê Văn Hùng", "role": "Trưởng ban"},
                    {"name": "Phạm Thị Lan"},
                ],
            }
        ),
        "bau.yaml",
    )
    assert election.meeting.place == "Hội trường Quận ủy"
    assert election.meeting.present == 30
    assert election.meeting.counting_committee[0].role == "Trưởng ban"
    assert election.meeting.counting_committee[1].role == ""


def test_it_refuses_an_unknown_meeting_field():
    assert refusal(q1(meeting={"chairman": "X"})).location.field == "meeting.chairman"


def test_it_refuses_elected_before_from_a_later_round():
    error = refusal(q1(round=2, elected_before=[{"name": "Hà Văn Sơn", "round": 2}]))
    assert error.location.field == "elected_before[1].round"


def test_elected_before_names_cannot_stand_again():
    error = refusal(q1(round=2, elected_before=[{"name": "Nguyễn Văn An", "round": 1}]))
    assert error.location.field == "elected_before[1].name"


def test_an_alternates_only_round_of_delegates_may_have_no_official_seats():
    election = parse_election(q1(body="delegates", seats=0, alternates=1, round=2), "bau.yaml")
    assert election.to_keep == 1


def test_it_refuses_a_round_beyond_the_rule_sets_limit():
    error = refusal(q1(rules="youth_union", electorate=None, round=3))
    assert error.location.field == "round"
    assert "2 vòng" in error.message
