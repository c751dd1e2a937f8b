"""Minutes of results the counting engine itself wrote: the contract seen from both sides."""

from __future__ import annotations

from typing import Any

from daihoi.engine.ballot import Ballot, Mark
from daihoi.engine.election import parse_election
from daihoi.engine.results import result_to_dict
from daihoi.engine.tally import count_election
from daihoi.minutes.model import Para, ParaKind, minutes_from_results

CELL = {
    "id": "kim-dong-bch",
    "title": "Bầu Chi ủy Chi bộ Trường Tiểu học Kim Đồng, nhiệm kỳ 2025–2027",
    "congress": "Đại hội đảng viên Chi bộ Trường Tiểu học Kim Đồng lần thứ V",
    "body": "committee",
    "seats": 2,
    "rules": "party",
    "electorate": 11,
    "candidates": ["Trần Thị Bình", "Nguyễn Văn An", "Lê Văn Cường"],
    "meeting": {
        "place": "Phường Cửa Nam",
        "date": "2025-04-08",
        "present": 11,
        "absent": 0,
        "issued": 11,
        "counting_committee": [
            {"name": "Phạm Thị Dung", "role": "Trưởng ban"},
            {"name": "Hoàng Văn Em"},
        ],
    },
}


def count(kept_by_ballot: list[tuple[str, ...]], **changes: Any) -> dict[str, Any]:
    election = parse_election({**CELL, **changes}, "kimdong.yaml")
    ballots = [
        Ballot(
            str(i),
            {label: Mark.KEPT if label in kept else Mark.STRUCK for label in election.labels},
        )
        for i, kept in enumerate(kept_by_ballot, start=1)
    ]
    return result_to_dict(count_election(election, ballots))


def test_it_words_a_members_congress_where_six_of_eleven_is_elected_and_five_is_not() -> None:
    # 11 members convened: more than half is 6. An gets 6, Bình 5, Cường 3.
    papers = (
        [("Nguyễn Văn An", "Trần Thị Bình")] * 5
        + [("Nguyễn Văn An", "Lê Văn Cường")]
        + [("Lê Văn Cường",)] * 2
        + [()] * 3
    )
    m = minutes_from_results(count(papers), "kimdong.json")
    rows = {r.name: (r.votes, r.percent, r.result) for r in m.table.rows}
    assert rows == {
        "Nguyễn Văn An": (6, "54,55", "Trúng cử"),
        "Trần Thị Bình": (5, "45,45", "Không trúng cử"),
        "Lê Văn Cường": (3, "27,27", "Không trúng cử"),
    }
    text = m.plain_text()
    assert "Tổng số đảng viên được triệu tập: 11" in text
    assert "tức là ít nhất 6 phiếu" in text
    assert "+ Phiếu gạch hết tên: 3" in text
    assert "còn 1 vị trí chưa có người trúng cử" in text
    assert m.head_signature.name == "Phạm Thị Dung"
    assert [s.name for s in m.member_signatures] == ["Hoàng Văn Em"]


def test_it_words_a_tie_the_engine_found_with_the_places_left() -> None:
    papers = (
        [("Nguyễn Văn An", "Trần Thị Bình")] * 5
        + [("Nguyễn Văn An", "Lê Văn Cường")] * 5
        + [("Trần Thị Bình", "Lê Văn Cường")]
    )
    m = minutes_from_results(count(papers), "kimdong.json")
    notice = next(b for b in m.body if isinstance(b, Para) and b.kind is ParaKind.NOTICE)
    assert "Trần Thị Bình" in notice.text and "Lê Văn Cường" in notice.text
    assert "(cùng được 6 phiếu)" in notice.text
    assert "để chọn đủ 1 người còn thiếu" in notice.text
    assert "1. Đồng chí Nguyễn Văn An: 10 phiếu, đạt 90,91%" in m.plain_text()


def test_it_counts_agreement_for_a_single_candidate_for_secretary() -> None:
    election = parse_election(
        {
            **CELL,
            "id": "kim-dong-bt",
            "title": "Bầu Bí thư Chi bộ",
            "body": "secretary",
            "seats": 1,
            "candidates": ["Trần Thị Bình"],
        },
        "bithu.yaml",
    )
    marks = [Mark.AGREE] * 9 + [Mark.DISAGREE, Mark.NEITHER]
    ballots = [Ballot(str(i), {"Trần Thị Bình": m}) for i, m in enumerate(marks, start=1)]
    m = minutes_from_results(result_to_dict(count_election(election, ballots)), "bithu.json")
    assert m.table.header[2] == "Số phiếu đồng ý"
    assert [(r.name, r.votes, r.percent, r.result) for r in m.table.rows] == [
        ("Trần Thị Bình", 9, "81,82", "Trúng cử")
    ]
    assert "Danh sách bầu cử gồm 1 đồng chí: 1. Trần Thị Bình." in m.plain_text()


def test_it_words_the_second_round_the_engine_prepared_after_a_tie() -> None:
    from daihoi.engine.rounds import next_round

    first_papers = (
        [("Nguyễn Văn An", "Trần Thị Bình")] * 5
        + [("Nguyễn Văn An", "Lê Văn Cường")] * 5
        + [("Trần Thị Bình", "Lê Văn Cường")]
    )
    first = count_election(
        parse_election(CELL, "kimdong.yaml"),
        [
            Ballot(str(i), {n: Mark.KEPT if n in kept else Mark.STRUCK for n in CELL["candidates"]})
            for i, kept in enumerate(first_papers, start=1)
        ],
    )
    second = parse_election(next_round(first), "kimdong-2.yaml")
    papers = [{"Trần Thị Bình": Mark.KEPT, "Lê Văn Cường": Mark.STRUCK}] * 7 + [
        {"Trần Thị Bình": Mark.STRUCK, "Lê Văn Cường": Mark.KEPT}
    ] * 4
    result = count_election(second, [Ballot(str(i), p) for i, p in enumerate(papers, start=1)])
    m = minutes_from_results(result_to_dict(result), "kimdong-2.json")
    paras = [b.text for b in m.body if isinstance(b, Para)]
    assert m.subtitle.endswith("(lần 2)")
    assert "1. Đồng chí Trần Thị Bình: 7 phiếu, đạt 63,64%" in paras
    assert not any("Nguyễn Văn An:" in p for p in paras)  # elected in round 1, votes there
    assert "Kết quả qua các lần bầu (2 đồng chí trúng cử):" in paras
    assert "- Lần 1: Nguyễn Văn An." in paras
    assert "- Lần 2: Trần Thị Bình." in paras


def test_it_announces_no_one_while_the_engine_holds_ballots_for_review() -> None:
    election = parse_election(CELL, "kimdong.yaml")
    papers = [("Nguyễn Văn An", "Trần Thị Bình")] * 8
    ballots = [
        Ballot(str(i), {n: Mark.KEPT if n in kept else Mark.STRUCK for n in election.labels})
        for i, kept in enumerate(papers, start=1)
    ]
    data = result_to_dict(count_election(election, ballots, pending_review=3))
    m = minutes_from_results(data, "kimdong.json")
    assert not m.final
    assert "Còn 3 phiếu đang chờ Ban Kiểm phiếu xem xét" in m.plain_text()
    assert {r.result for r in m.table.rows} == {"Chưa công bố"}
    assert "sau đây trúng cử" not in m.plain_text()
