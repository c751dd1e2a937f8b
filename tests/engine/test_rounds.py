"""Further rounds: the tied vote again; short results vote again for the empty seats."""

from typing import Any

import pytest

from daihoi.engine.ballot import Ballot, Mark
from daihoi.engine.election import Election, parse_election
from daihoi.engine.errors import InputError
from daihoi.engine.results import result_from_dict, result_to_dict
from daihoi.engine.rounds import next_round
from daihoi.engine.tally import Outcome, count_election

AN, BINH, CUC, DUNG = "Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Cúc", "Phạm Văn Dũng"


def election(**extra: Any) -> Election:
    data: dict[str, Any] = {
        "id": "bch",
        "title": "Bầu Ban Chấp hành",
        "body": "committee",
        "seats": 2,
        "rules": "party",
        "electorate": 11,
        "candidates": [AN, BINH, CUC, DUNG],
        "meeting": {"place": "Hội trường", "issued": 12},
    }
    data.update(extra)
    return parse_election(data, "bch.yaml")


def keep(e: Election, *kept_lists: tuple[str, ...]) -> list[Ballot]:
    return [
        Ballot(f"p{i}", {label: Mark.KEPT if label in kept else Mark.STRUCK for label in e.labels})
        for i, kept in enumerate(kept_lists)
    ]


def test_after_a_tie_the_tied_vote_again_for_the_remaining_seat():
    first = election()
    result = count_election(
        first, keep(first, *[(AN, BINH)] * 4, *[(AN, CUC)] * 4, (AN,), (BINH, CUC), (BINH, CUC))
    )
    assert result.outcome is Outcome.TIE
    data = next_round(result)
    assert data["round"] == 2
    assert data["seats"] == 1
    assert data["candidates"] == [BINH, CUC]
    assert data["elected_before"] == [{"name": AN, "round": 1, "status": "elected"}]
    assert data["meeting"] == {"place": "Hội trường"}  # a new set of ballots is issued

    second = parse_election(data, "round2.yaml")
    assert second.form.value == "strike"  # two names for one seat
    assert second.round == 2
    final = count_election(second, keep(second, *[(CUC,)] * 7, *[(BINH,)] * 4))
    out = result_to_dict(final)
    assert out["elected"] == [AN, CUC]
    assert out["rounds"] == [
        {"round": 1, "elected": [AN], "alternates": []},
        {"round": 2, "elected": [CUC], "alternates": []},
    ]
    assert {c["name"]: c["elected_round"] for c in out["candidates"]} == {BINH: None, CUC: 2}
    assert result_from_dict(out, "r2.json").all_elected == (AN, CUC)


def test_after_a_short_result_the_not_elected_stand_for_the_empty_seats():
    first = election()
    result = count_election(first, keep(first, *[(AN, BINH)] * 6, *[(CUC, DUNG)] * 5))
    assert result.elected == (AN, BINH)
    result = count_election(first, keep(first, *[(AN, BINH)] * 3, *[(AN, CUC)] * 3, *[(DUNG,)] * 5))
    assert result.outcome is Outcome.SHORT
    data = next_round(result)
    assert data["seats"] == 1
    assert data["candidates"] == [BINH, CUC, DUNG]
    assert data["elected_before"] == [{"name": AN, "round": 1, "status": "elected"}]


def test_namesakes_keep_their_birth_year_in_the_next_round():
    first = election(
        candidates=[{"name": AN, "born": 1970}, {"name": AN, "born": 1980}, CUC],
        seats=1,
        electorate=12,
    )
    older, younger = first.labels[0], first.labels[1]
    ballots = keep(first, *[(older,)] * 6, *[(younger,)] * 6)
    tie = count_election(first, ballots)
    assert tie.outcome is Outcome.SHORT  # 6 of 12 is not more than half
    first = election(
        candidates=[{"name": AN, "born": 1970}, {"name": AN, "born": 1980}, CUC],
        seats=2,
        electorate=12,
    )
    ballots = keep(first, *[(older, CUC)] * 4, *[(younger, CUC)] * 4, *[(older, younger)] * 4)
    tie = count_election(first, ballots)
    assert tie.outcome is Outcome.TIE
    data = next_round(tie)
    assert data["candidates"] == [{"name": AN, "born": 1970}, {"name": AN, "born": 1980}, CUC]
    assert parse_election(data, "round2.yaml").labels == (older, younger, CUC)


def test_there_is_no_next_round_after_a_complete_result():
    first = election()
    result = count_election(first, keep(first, *[(AN, BINH)] * 6, *[(CUC, DUNG)] * 5))
    with pytest.raises(InputError) as caught:
        next_round(result, source="r.json")
    assert caught.value.location.file == "r.json"


def test_there_is_no_next_round_while_ballots_await_review():
    first = election()
    result = count_election(first, keep(first, *[(AN,)] * 3), pending_review=1)
    with pytest.raises(InputError) as caught:
        next_round(result)
    assert "chờ" in caught.value.message


def test_the_youth_union_stops_after_two_rounds():
    second = election(
        rules="youth_union",
        round=2,
        electorate=None,
        elected_before=[{"name": "Hà Văn Sơn", "round": 1}],
    )
    result = count_election(second, keep(second, *[(AN,)] * 2, *[(BINH,)] * 2))
    assert result.outcome is Outcome.SHORT
    with pytest.raises(InputError) as caught:
        next_round(result)
    assert "2 vòng" in caught.value.message
    assert caught.value.location.field == "round"


def test_delegates_tied_at_the_official_cutoff_vote_for_official_and_alternate_places():
    first = election(body="delegates", seats=2, alternates=1)
    result = count_election(first, keep(first, *[(AN, BINH, CUC)] * 8, (AN, DUNG), (DUNG,), ()))
    assert result.tied == (BINH, CUC)
    data = next_round(result)
    assert (data["seats"], data["alternates"]) == (1, 1)
    second = parse_election(data, "round2.yaml")
    assert second.form.value == "approve"  # two names for two places
    agree, disagree = Mark.AGREE, Mark.DISAGREE
    marks = [(agree, agree)] * 6 + [(agree, disagree)] * 2 + [(disagree, disagree)] * 3
    final = count_election(
        second,
        [
            Ballot(f"q{i}", dict(zip(second.labels, row, strict=True)))
            for i, row in enumerate(marks)
        ],
    )
    out = result_to_dict(final)
    assert out["elected"] == [AN, BINH]
    assert out["alternates"] == [CUC]


def test_overridden_rules_are_carried_to_the_next_round():
    first = election(rules={"preset": "party", "threshold_base": "valid"})
    result = count_election(
        first, keep(first, *[(AN, BINH)] * 3, *[(AN, CUC)] * 3, *[(BINH, CUC)] * 3, (DUNG,))
    )
    assert result.outcome is Outcome.TIE
    data = next_round(result)
    assert data["rules"] == {"preset": "party", "threshold_base": "valid"}


def test_a_tie_for_the_last_alternate_place_gives_an_alternates_only_round():
    first = election(body="delegates", seats=2, alternates=1)
    result = count_election(
        first,
        keep(
            first,
            *[(AN, BINH, CUC)] * 4,
            *[(AN, BINH, DUNG)] * 4,
            (AN, CUC, DUNG),
            *[(CUC, DUNG)] * 2,
        ),
    )
    assert result.elected == (AN, BINH)
    assert result.tied == (CUC, DUNG)
    data = next_round(result)
    assert (data["seats"], data["alternates"]) == (0, 1)
    second = parse_election(data, "round2.yaml")
    assert second.form.value == "strike"  # two names for one place
    final = count_election(second, keep(second, *[(CUC,)] * 7, *[(DUNG,)] * 4))
    out = result_to_dict(final)
    assert out["elected"] == [AN, BINH]
    assert out["alternates"] == [CUC]
    assert out["outcome"] == "complete"
