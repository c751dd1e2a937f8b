"""Batches counted by hand whose totals alone are entered: checked, added to the ballots' count,
compared with the ballots of the same batch, and worded for the minutes."""

import pytest

from daihoi.engine.ballot import Ballot, Mark
from daihoi.engine.batches import (
    BatchTotals,
    methods_words,
    totals_differences,
    totals_problems,
)
from daihoi.engine.errors import InputError
from daihoi.engine.results import result_to_dict
from daihoi.engine.resultsfile import read_results_file
from daihoi.engine.tally import count_election, totals_of_ballots

from .test_tally import AN, BINH, CUC, keep, make


def test_it_accepts_totals_that_add_up():
    election = make()  # 2 of 3
    totals = BatchTotals("5", 10, 9, {"too_many_kept": 1}, {AN: 9, BINH: 6, CUC: 3})
    assert totals_problems(election, totals) == []


@pytest.mark.parametrize(
    ("totals", "words"),
    [
        (BatchTotals("5", 10, 8, {"too_many_kept": 1}, {}), "phải bằng số phiếu thu vào (10)"),
        (BatchTotals("5", 10, 10, {}, {AN: 11}), "Nguyễn Văn An có 11 phiếu, nhiều hơn"),
        (
            BatchTotals("5", 10, 10, {}, {AN: 10, BINH: 10, CUC: 1}),
            "tổng số phiếu bầu (21) nhiều hơn số mà 10 phiếu hợp lệ có thể cho",
        ),
        (BatchTotals("5", 1, 0, {"lost": 1}, {}), "lý do không hợp lệ “lost” không có"),
        (BatchTotals("5", 3, 3, {}, {"Ai Đó": 1}), "“Ai Đó” không có trong danh sách"),
        (BatchTotals("5", -1, 0, {}, {}), "số phiếu thu vào phải là số nguyên không âm"),
    ],
)
def test_it_refuses_totals_that_cannot_be_a_count_and_says_why(totals, words):
    problems = totals_problems(make(), totals)
    assert any(words in p for p in problems), problems


def test_totals_are_added_to_the_ballots_and_decide_with_them():
    election = make()
    ballots = keep(election, (AN,), (AN, BINH))
    totals = BatchTotals("2", 4, 3, {"none_kept": 1}, {AN: 3, BINH: 2, CUC: 1})
    result = count_election(election, ballots, totals=[totals])
    assert (result.counted, result.valid, result.invalid) == (6, 5, 1)
    assert dict(result.invalid_reasons) == {"none_kept": 1}
    assert {c.name: c.votes for c in result.candidates} == {AN: 5, BINH: 3, CUC: 1}
    # The same as counting the papers themselves.
    papers = ballots + keep(election, (AN, BINH), (AN, BINH), (AN, CUC), ())
    papers = [Ballot(f"q{i}", b.marks, b.ruling) for i, b in enumerate(papers)]
    alone = count_election(election, papers)
    assert result_to_dict(result) == result_to_dict(alone)


def test_the_count_refuses_totals_that_do_not_add_up_naming_the_batch():
    election = make()
    with pytest.raises(InputError) as error:
        count_election(election, [], totals=[BatchTotals("7", 3, 1, {}, {AN: 1})])
    assert error.value.location.field == "tệp 7"
    assert "phải bằng số phiếu thu vào" in error.value.message


def test_totals_of_ballots_and_the_cross_check():
    election = make()
    ballots = keep(election, (AN,), (AN, BINH), (), (AN, BINH, CUC))
    counted = totals_of_ballots(election, ballots, "3")
    assert counted.collected == 4 and counted.valid == 2
    assert dict(counted.invalid_reasons) == {"none_kept": 1, "too_many_kept": 1}
    typed = BatchTotals("3", 4, 2, {"none_kept": 1, "too_many_kept": 1}, {AN: 2, BINH: 1})
    assert totals_differences(election, typed, counted) == []
    typed = BatchTotals("3", 4, 2, {"none_kept": 1, "too_many_kept": 1}, {AN: 2, BINH: 2})
    assert totals_differences(election, typed, counted) == [
        f"{BINH}: tổng số nhập 2, phiếu đã kiểm 1"
    ]


def test_an_approve_ballot_keeps_its_own_marks():
    election = make(seats=1, people=(AN,))  # one name for one seat: đồng ý / không đồng ý
    ballots = [Ballot("1", {AN: Mark.AGREE}), Ballot("2", {AN: Mark.DISAGREE})]
    totals = totals_of_ballots(election, ballots)
    assert (totals.valid, dict(totals.votes)) == (2, {AN: 1})


def test_methods_are_worded_by_runs_of_batches():
    words = methods_words([(4, "ballots"), (1, "scan"), (2, "scan"), (3, "scan"), (5, "totals")])
    assert words == "Tệp 1–3: máy đọc; tệp 4: nhập tay; tệp 5: nhập tổng số"
    assert methods_words([(1, "scan"), (2, "ballots"), (3, "scan")]) == (
        "Tệp 1, 3: máy đọc; tệp 2: nhập tay"
    )
    assert methods_words([]) == ""


def test_the_results_file_keeps_the_batches_and_refuses_an_unknown_method():
    election = make()
    document = result_to_dict(count_election(election, keep(election, (AN,))))
    document["batches"] = [{"number": 1, "method": "scan"}, {"number": 2, "method": "totals"}]
    assert read_results_file(document, "r.json").batches == ((1, "scan"), (2, "totals"))
    document["batches"] = [{"number": 1, "method": "guess"}]
    with pytest.raises(InputError) as error:
        read_results_file(document, "r.json")
    assert error.value.location.field == "batches[0].method"
