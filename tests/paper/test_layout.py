"""Ballot geometry: everything on the page, nothing on top of anything else, long lists fit."""

from __future__ import annotations

import hashlib
import json

import pytest

from daihoi.engine.ballot import Form
from daihoi.engine.errors import InputError
from daihoi.fonts import Face
from daihoi.paper.fonts import text_width
from daihoi.paper.layout import (
    MIN_FONT,
    MIN_ROW_HEIGHT,
    QR_QUIET,
    TALL_MARK_ALLOWANCE,
    BallotSpec,
    Layout,
    canonical_json,
    design_ballot,
    layout_hash,
    load_layout,
    qr_payload,
)

from .conftest import SCENARIOS, SEVEN, people, spec
from .geometry import grow, inside, overlaps, text_box

PAGE = (0.0, 0.0, 595.28, 841.89)


def all_boxes(layout: Layout) -> list[tuple[str, tuple[float, float, float, float]]]:
    boxes = [("seal", layout.seal), ("qr", layout.qr)]
    boxes += [(f"fiducial {i}", f) for i, f in enumerate(layout.fiducials)]
    for row in layout.rows:
        boxes.append((f"row {row.number}", row.row))
        boxes.append((f"name {row.number}", row.name))
        if row.agree:
            boxes += [(f"agree {row.number}", row.agree), (f"disagree {row.number}", row.disagree)]
    return boxes


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_it_keeps_every_box_inside_the_page(scenario: str, request: pytest.FixtureRequest) -> None:
    layout = design_ballot(request.getfixturevalue(scenario)).layout
    for what, box in all_boxes(layout):
        assert box[0] < box[2] and box[1] < box[3], what
        assert inside(box, PAGE), what
    assert (layout.page_width, layout.page_height) == (595.28, 841.89)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_it_puts_nothing_on_top_of_anything_else(
    scenario: str, request: pytest.FixtureRequest
) -> None:
    design = design_ballot(request.getfixturevalue(scenario))
    layout = design.layout
    qr_zone = grow(layout.qr, QR_QUIET)
    marks = [("seal", layout.seal), ("qr zone", qr_zone)]
    marks += [(f"fiducial {i}", f) for i, f in enumerate(layout.fiducials)]
    rows = [row.row for row in layout.rows]
    for i, a in enumerate(rows):
        for b in rows[i + 1 :]:
            assert not overlaps(a, b)
        for what, mark in marks:
            assert not overlaps(a, mark), f"row {i + 1} overlaps {what}"
    for i, (what, a) in enumerate(marks):
        for other, b in marks[i + 1 :]:
            assert not overlaps(a, b), f"{what} overlaps {other}"
    # Printed text stays clear of the machine marks, and header text clear of the rows.
    row_texts = {row.candidate for row in layout.rows}
    for line in design.texts:
        box = text_box(line)
        assert inside(box, PAGE), line.text
        for what, mark in marks:
            assert not overlaps(box, mark), f"“{line.text}” overlaps {what}"
        if line.text not in row_texts and not line.text.rstrip(".").isdigit():
            for row in layout.rows:
                assert not overlaps(box, row.row), f"“{line.text}” overlaps row {row.number}"
    assert inside(text_box(design.seal_label), layout.seal)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_it_gives_each_name_a_tight_box_in_its_own_row(
    scenario: str, request: pytest.FixtureRequest
) -> None:
    ballot: BallotSpec = request.getfixturevalue(scenario)
    layout = design_ballot(ballot).layout
    assert [row.candidate for row in layout.rows] == list(ballot.candidates)
    assert [row.number for row in layout.rows] == list(range(1, len(ballot.candidates) + 1))
    rise = TALL_MARK_ALLOWANCE * layout.font_size
    for row in layout.rows:
        x0, y0, x1, y1 = row.name
        assert x1 - x0 == pytest.approx(
            text_width(row.candidate, Face.REGULAR, layout.font_size), abs=0.02
        )
        assert inside(row.name, (row.row[0], row.row[1] - rise, row.row[2], row.row[3]))
        assert y1 - y0 < row.row[3] - row.row[1] + rise
    for above, below in zip(layout.rows, layout.rows[1:], strict=False):
        if above.row[0] == below.row[0]:  # same column: rows share their edge exactly
            assert above.row[3] == below.row[1]
    names = [row.name for row in layout.rows]
    for i, a in enumerate(names):
        assert not any(overlaps(a, b) for b in names[i + 1 :])


def test_it_prints_seven_names_in_one_column_at_a_comfortable_size(
    committee_seven: BallotSpec,
) -> None:
    layout = design_ballot(committee_seven).layout
    assert (layout.columns, layout.font_size, layout.form) == (1, 12.0, Form.STRIKE)
    assert all(row.agree is None and row.disagree is None for row in layout.rows)
    heights = {round(row.row[3] - row.row[1], 2) for row in layout.rows}
    assert len(heights) == 1 and heights.pop() >= 24  # room to strike a name through


def test_it_fits_120_delegates_on_one_side_in_two_columns(delegates_120: BallotSpec) -> None:
    layout = design_ballot(delegates_120).layout
    assert layout.columns == 2
    assert layout.font_size >= MIN_FONT
    assert min(row.row[3] - row.row[1] for row in layout.rows) >= MIN_ROW_HEIGHT
    lefts = sorted({row.row[0] for row in layout.rows})
    assert len(lefts) == 2
    first_column = [row for row in layout.rows if row.row[0] == lefts[0]]
    assert [row.number for row in first_column] == list(range(1, 61))


def test_it_fits_120_names_under_a_long_title_in_a_later_round() -> None:
    ballot = spec(
        people(120),
        round_no=2,
        title="Bầu Đoàn đại biểu dự Đại hội đại biểu Đảng bộ Thành phố Hồ Chí Minh lần thứ XII, "
        "nhiệm kỳ 2025–2030",
    )
    design = design_ballot(ballot)
    assert design.layout.columns == 2 and len(design.layout.rows) == 120
    assert any("(Lần 2)" in line.text for line in design.texts)


def test_it_puts_a_long_approve_list_in_two_columns_with_real_x_boxes(
    delegates_no_surplus_100: BallotSpec,
) -> None:
    layout = design_ballot(delegates_no_surplus_100).layout
    assert layout.columns == 2 and layout.font_size >= MIN_FONT
    for row in layout.rows:
        assert row.agree and row.disagree
        assert row.agree[2] - row.agree[0] >= 8.5  # 3 mm: room for a hand-drawn X


def test_it_refuses_a_list_that_cannot_fit_one_side() -> None:
    with pytest.raises(InputError) as caught:
        design_ballot(spec(people(260)))
    assert "Danh sách 260 người không vừa một mặt giấy A4" in str(caught.value)
    assert caught.value.location.field == "candidates"


def test_it_refuses_an_empty_list_and_characters_the_font_cannot_print() -> None:
    with pytest.raises(InputError, match="trống"):
        design_ballot(spec(()))
    with pytest.raises(InputError, match="không in được") as caught:
        design_ballot(spec(("Nguyễn Văn An", "李小龍")))
    assert caught.value.location.field == "candidates[2]"  # 1-based, as the engine counts


def test_it_refuses_a_name_too_long_for_one_line() -> None:
    endless = " ".join(["Công Tằng Tôn Nữ Thị Minh"] * 3)
    with pytest.raises(InputError, match="quá dài") as caught:
        design_ballot(spec(("Nguyễn Văn An", endless)))
    assert caught.value.location.field == "candidates[2]"


def test_it_shrinks_the_type_only_as_far_as_needed() -> None:
    sizes = [design_ballot(spec(people(n))).layout.font_size for n in (7, 40, 80, 100, 120)]
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[0] == 12.0 and sizes[-1] >= MIN_FONT


def test_it_draws_square_x_boxes_beside_each_name_on_the_approve_form(
    standing_three: BallotSpec,
) -> None:
    layout = design_ballot(standing_three).layout
    assert layout.form is Form.APPROVE and layout.round == 2
    for row in layout.rows:
        assert row.agree and row.disagree
        for box in (row.agree, row.disagree):
            assert box[2] - box[0] == pytest.approx(box[3] - box[1], abs=0.02)
            assert box[2] - box[0] >= 8
            assert inside(box, row.row)
            assert not overlaps(box, row.name)
        assert row.name[2] < row.agree[0] < row.disagree[0]


def test_it_says_which_round_under_the_title(standing_three: BallotSpec) -> None:
    texts = [line.text for line in design_ballot(standing_three).texts]
    assert "(Lần 2)" in texts
    assert "PHIẾU BẦU CỬ" in texts
    assert "Đánh dấu X vào ô “Đồng ý” hoặc “Không đồng ý” ở mỗi người." in texts
    first = [line.text for line in design_ballot(spec(SEVEN)).texts]
    assert not any(t.startswith("(Lần") for t in first)


def test_it_places_the_fiducials_22_points_from_each_corner(committee_seven: BallotSpec) -> None:
    fiducials = design_ballot(committee_seven).layout.fiducials
    assert fiducials == (
        (22.0, 22.0, 36.0, 36.0),
        (559.28, 22.0, 573.28, 36.0),
        (22.0, 805.89, 36.0, 819.89),
        (559.28, 805.89, 573.28, 819.89),
    )


def test_it_hashes_the_canonical_layout(committee_seven: BallotSpec) -> None:
    layout = design_ballot(committee_seven).layout
    data = layout.to_dict()
    body = {k: v for k, v in data.items() if k != "hash"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert data["hash"] == hashlib.sha256(text.encode()).hexdigest()[:16]
    assert canonical_json(body) == text
    assert qr_payload(layout) == f"DH1|q1-bch-2025|1|{data['hash']}"
    assert design_ballot(committee_seven).layout.hash == data["hash"]  # stable


def test_it_changes_the_hash_when_a_name_changes() -> None:
    before = design_ballot(spec(SEVEN)).layout.hash
    renamed = design_ballot(spec((*SEVEN[:-1], "Vũ Đức Hà"))).layout.hash
    other_round = design_ballot(spec(SEVEN, round_no=2)).layout.hash
    assert len({before, renamed, other_round}) == 3


def test_it_writes_layout_json_as_formats_md_says(standing_three: BallotSpec) -> None:
    data = design_ballot(standing_three).layout.to_dict()
    assert data["page"] == {"width": 595.28, "height": 841.89}
    assert data["form"] == "approve"
    assert {
        "rows",
        "seal",
        "qr",
        "fiducials",
        "hash",
        "election",
        "round",
        "columns",
        "font_size",
    } <= set(data)
    row = data["rows"][0]
    assert set(row) == {"number", "candidate", "row", "name", "agree", "disagree"}
    assert all(len(row[k]) == 4 for k in ("row", "name", "agree", "disagree"))
    strike = design_ballot(spec(SEVEN)).layout.to_dict()
    assert strike["rows"][0]["agree"] is None and strike["rows"][0]["disagree"] is None


def test_it_reads_layout_json_back_unchanged(delegates_120: BallotSpec) -> None:
    layout = design_ballot(delegates_120).layout
    text = json.dumps(layout.to_dict(), ensure_ascii=False)
    again = load_layout(json.loads(text))
    assert again == layout
    assert layout_hash(again) == layout.hash


def test_it_refuses_a_layout_whose_hash_does_not_match(committee_seven: BallotSpec) -> None:
    data = design_ballot(committee_seven).layout.to_dict()
    data["rows"][0]["row"][1] += 5
    with pytest.raises(InputError, match="mã băm") as caught:
        load_layout(data, "layout.json")
    assert caught.value.location.field == "hash"
    data = design_ballot(committee_seven).layout.to_dict()
    del data["seal"]
    with pytest.raises(InputError) as caught:
        load_layout(data)
    assert caught.value.location.field == "seal"


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_scanner_reads_the_boxes_hash_and_qr_text_the_printer_wrote(
    scenario: str, request: pytest.FixtureRequest
) -> None:
    # One contract: the scanner's layout comes from the same layout.json, with paper's Box.
    from daihoi.scan.template import layout_from_dict, qr_text_for

    layout = design_ballot(request.getfixturevalue(scenario)).layout
    scanned = layout_from_dict(json.loads(json.dumps(layout.to_dict())))
    assert scanned.hash == layout.hash == layout_hash(json.loads(json.dumps(layout.to_dict())))
    assert (scanned.seal, scanned.qr) == (layout.seal, layout.qr)
    assert [(r.row, r.name, r.agree, r.disagree) for r in scanned.rows] == [
        (r.row, r.name, r.agree, r.disagree) for r in layout.rows
    ]
    assert qr_text_for(layout.election, layout.round, scanned.hash) == qr_payload(layout)
    assert layout.seal.grown(2).width == pytest.approx(layout.seal.width + 4)
