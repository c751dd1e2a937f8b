"""The minutes' wording, computed from results files of named scenarios."""

from __future__ import annotations

import pytest

from daihoi.engine.errors import InputError
from daihoi.engine.tally import percent_of
from daihoi.minutes.model import Para, ParaKind, minutes_from_results
from tests.minutes.scenarios import (
    ben_thanh_committee,
    ben_thanh_pending,
    ben_thanh_round_two,
    ben_thanh_short,
    ben_thanh_tie,
    provincial_delegates,
)


def paragraphs(minutes) -> list[str]:
    return [b.text for b in minutes.body if isinstance(b, Para)]


def test_it_heads_the_minutes_like_the_party_template() -> None:
    m = minutes_from_results(ben_thanh_committee())
    assert m.organisation == "ĐẢNG BỘ PHƯỜNG BẾN THÀNH"
    assert m.place_date == "Phường Bến Thành, ngày 05 tháng 7 năm 2025"
    assert m.title == "BIÊN BẢN KIỂM PHIẾU"
    assert m.subtitle == "Bầu Ban Chấp hành Đảng bộ phường Bến Thành khóa I, nhiệm kỳ 2025–2030"


def test_it_lists_every_number_of_the_ward_count() -> None:
    text = minutes_from_results(ben_thanh_committee()).plain_text()
    for line in (
        "Số lượng cần bầu: 7 đồng chí",
        "Tổng số đại biểu được triệu tập: 31",
        "Số đại biểu có mặt: 30",
        "Số đại biểu vắng mặt: 1",
        "Số phiếu phát ra: 30",
        "Số phiếu thu về: 30",
        "Số phiếu hợp lệ: 28",
        "Số phiếu không hợp lệ: 2",
        "+ Phiếu để lại quá số lượng cần bầu: 1",
        "+ Phiếu gạch hết tên: 1",
        "1. Đồng chí Lê Văn Hùng – Trưởng ban",
        "quá một nửa so với số đại biểu được triệu tập (31), tức là ít nhất 16 phiếu",
    ):
        assert line in text


def test_it_keeps_the_table_in_ballot_order_with_the_engines_percentages() -> None:
    m = minutes_from_results(ben_thanh_committee())
    rows = [(r.number, r.name, r.votes, r.percent, r.result) for r in m.table.rows]
    assert rows[0] == (1, "Nguyễn Văn An", 27, "87,10", "Trúng cử")
    assert rows[2] == (3, "Lê Hoàng Châu", 12, "38,71", "Không trúng cử")
    assert rows[3] == (4, "Phạm Minh Đức", 28, "90,32", "Trúng cử")
    assert m.table.header[3] == "Tỷ lệ % (so với số đại biểu được triệu tập)"


def test_it_copies_percentages_and_never_recomputes_them() -> None:
    # The engine's exact string wins even where a float division would say otherwise.
    data = ben_thanh_committee()
    data["candidates"][0]["percent"] = "87.0967741935"
    m = minutes_from_results(data)
    assert m.table.rows[0].percent == "87,0967741935"


def test_it_names_the_elected_in_order_of_votes() -> None:
    paras = paragraphs(minutes_from_results(ben_thanh_committee()))
    first = paras.index("1. Đồng chí Phạm Minh Đức: 28 phiếu, đạt 90,32%")
    assert paras[first + 1] == "2. Đồng chí Nguyễn Văn An: 27 phiếu, đạt 87,10%"
    assert paras[first + 6] == "7. Đồng chí Đặng Quốc Hùng: 18 phiếu, đạt 58,06%"
    assert not any("Huỳnh Văn Phúc:" in p for p in paras)


def test_it_says_who_tied_and_that_the_congress_votes_again_for_the_last_seat() -> None:
    m = minutes_from_results(ben_thanh_tie())
    notice = next(b for b in m.body if isinstance(b, Para) and b.kind is ParaKind.NOTICE)
    assert (
        "các đồng chí Đặng Quốc Hùng, Bùi Thị Lan bằng phiếu nhau (cùng được 18 phiếu)"
        in notice.text
    )
    assert "để chọn đủ 1 người còn thiếu" in notice.text
    assert [r.result for r in m.table.rows if r.name in ("Bùi Thị Lan", "Đặng Quốc Hùng")] == [
        "Bằng phiếu",
        "Bằng phiếu",
    ]
    assert "5. Đồng chí Võ Thị Hạnh: 22 phiếu, đạt 70,97%" in paragraphs(m)
    assert "6. Đồng chí Lê Hoàng Châu: 19 phiếu, đạt 61,29%" in paragraphs(m)


def test_it_says_how_many_seats_stay_empty_when_too_few_pass_the_line() -> None:
    text = minutes_from_results(ben_thanh_short()).plain_text()
    assert "còn 2 vị trí chưa có người trúng cử" in text


def test_it_announces_no_one_while_ballots_await_review() -> None:
    m = minutes_from_results(ben_thanh_pending())
    assert not m.final
    first = m.body[0]
    assert isinstance(first, Para) and first.kind is ParaKind.NOTICE
    assert "KẾT QUẢ CHƯA CHÍNH THỨC" in first.text
    assert "Còn 3 phiếu đang chờ Ban Kiểm phiếu xem xét" in first.text
    assert {r.result for r in m.table.rows} == {"Chưa công bố"}
    assert "trúng cử (xếp theo số phiếu" not in m.plain_text()


def test_it_tells_which_round_elected_whom() -> None:
    m = minutes_from_results(ben_thanh_round_two())
    assert m.subtitle.endswith("nhiệm kỳ 2025–2030 (lần 2)")
    paras = paragraphs(m)
    assert (
        "- Lần 1: Phạm Minh Đức, Nguyễn Văn An, Ngô Thị Thu Trang, Trần Thị Bình, Võ Thị Hạnh, Lê Hoàng Châu."
        in paras
    )
    assert "- Lần 2: Bùi Thị Lan." in paras
    assert [r.name for r in m.table.rows] == ["Đặng Quốc Hùng", "Bùi Thị Lan"]


def test_it_leaves_blanks_to_fill_by_hand_when_the_meeting_is_not_described() -> None:
    data = ben_thanh_committee()
    del data["meeting"], data["congress"]
    m = minutes_from_results(data)
    assert m.place_date == "…, ngày … tháng … năm …"
    assert m.organisation == "ĐẢNG BỘ …"
    assert "Số đại biểu có mặt: …" in m.plain_text()
    assert m.head_signature.name is None
    assert [s.name for s in m.member_signatures] == [None, None]


def test_it_measures_a_youth_union_count_against_the_ballots_collected() -> None:
    data = ben_thanh_committee()
    data["rules"] = "youth_union"
    del data["rules_detail"]
    m = minutes_from_results(data)
    assert m.table.header[3] == "Tỷ lệ % (so với số phiếu thu về)"


def test_it_speaks_of_members_at_a_members_congress() -> None:
    data = ben_thanh_committee()
    data["congress"] = "Đại hội đảng viên Chi bộ Trường Tiểu học Kim Đồng lần thứ V"
    m = minutes_from_results(data)
    assert m.organisation == "CHI BỘ TRƯỜNG TIỂU HỌC KIM ĐỒNG"
    assert "Tổng số đảng viên được triệu tập: 31" in m.plain_text()


def test_it_shows_an_unknown_invalid_reason_verbatim() -> None:
    data = ben_thanh_committee()
    data["ballots"]["invalid_reasons"] = {"too_many_kept": 1, "torn_in_half": 1}
    assert "+ Torn_in_half: 1" in minutes_from_results(data).plain_text()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d.pop("threshold"), "threshold"),
        (lambda d: d["candidates"][1].update(percent=77.42), "candidates[1].percent"),
        (lambda d: d["candidates"][0].update(votes=-1), "candidates[0].votes"),
        (lambda d: d["candidates"][0].update(status="winner"), "candidates[0].status"),
        (lambda d: d.update(outcome="done"), "outcome"),
        (lambda d: d["ballots"].update(valid=29), "ballots"),
        (lambda d: d["meeting"].update(date="05/07/2025"), "meeting.date"),
        (lambda d: d.update(elected=["Người Lạ"]), "elected"),
    ],
)
def test_it_refuses_a_results_file_that_breaks_the_contract(change, field) -> None:
    data = ben_thanh_committee()
    change(data)
    with pytest.raises(InputError) as caught:
        minutes_from_results(data, source="ketqua.json")
    assert caught.value.location.file == "ketqua.json"
    assert caught.value.location.field == field


def test_it_recognises_an_election_file_given_instead_of_results() -> None:
    with pytest.raises(InputError, match="không phải tệp kết quả kiểm phiếu mà là tệp cuộc bầu cử"):
        minutes_from_results({"id": "x", "title": "T", "candidates": ["A", "B"]})


@pytest.mark.parametrize(
    "scenario",
    [
        ben_thanh_committee,
        ben_thanh_tie,
        ben_thanh_short,
        ben_thanh_pending,
        ben_thanh_round_two,
        provincial_delegates,
    ],
)
def test_its_scenarios_are_results_the_engine_itself_accepts(scenario) -> None:
    from daihoi.engine.results import result_from_dict

    result_from_dict(scenario(), "scenario.json")


def test_it_groups_thousands_the_vietnamese_way_at_a_large_members_congress() -> None:
    data = ben_thanh_committee()
    data["threshold"] = {"base": 2500, "votes_needed": 1251}
    data["electorate"] = 2500
    for line in data["candidates"]:  # the percent is of the base (the reader checks it)
        line["percent"] = str(percent_of(line["votes"], 2500))
    m = minutes_from_results(data)
    assert "Tổng số đại biểu được triệu tập: 2.500" in m.plain_text()
    assert "tức là ít nhất 1.251 phiếu" in m.plain_text()


def test_it_prints_where_the_signed_record_stood() -> None:
    data = ben_thanh_committee()
    head = "0123456789abcdef" * 4
    data["record"] = {"entry": 412, "head": head, "key": "ed25519:3f2a9c017d4eb8a2"}
    text = minutes_from_results(data).plain_text()
    assert "ed25519:3f2a9c017d4eb8a2" in text
    assert "đến mục thứ 412" in text
    assert "01234567 89abcdef 01234567 89abcdef 01234567 89abcdef 01234567 89abcdef" in text
    assert "Sổ ghi điện tử" not in minutes_from_results(ben_thanh_committee()).plain_text()


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ({"entry": 1, "head": "xyz", "key": "k"}, "record.head"),
        ({"entry": -1, "head": "0" * 64, "key": "k"}, "record.entry"),
        ({"head": "0" * 64, "key": "k"}, "record.entry"),
        ("abc", "record"),
    ],
)
def test_a_wrong_record_is_named(record: object, field: str) -> None:
    data = ben_thanh_committee()
    data["record"] = record
    with pytest.raises(InputError) as caught:
        minutes_from_results(data)
    assert field in str(caught.value)
