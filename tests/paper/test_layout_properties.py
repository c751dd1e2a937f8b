"""Any list the layout accepts is laid out cleanly; any it cannot place is refused, never
squeezed: properties over generated elections."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from daihoi.engine.ballot import Form
from daihoi.engine.errors import InputError
from daihoi.paper.layout import (
    MIN_FONT,
    MIN_ROW_HEIGHT,
    QR_QUIET,
    BallotSpec,
    design_ballot,
    load_layout,
)

from .conftest import GIVEN, MIDDLE, SURNAMES
from .geometry import grow, inside, overlaps

PAGE = (0.0, 0.0, 595.28, 841.89)

full_names = st.builds(
    lambda s, m, g, extra: " ".join((s, m, *extra, g)),
    st.sampled_from(SURNAMES),
    st.sampled_from(MIDDLE),
    st.sampled_from(GIVEN),
    st.lists(st.sampled_from(MIDDLE), max_size=2),
)
ballots = st.builds(
    BallotSpec,
    election=st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True),
    round=st.integers(1, 4),
    title=st.lists(
        st.sampled_from(
            (
                "Bầu",
                "Ban",
                "Chấp",
                "hành",
                "Đảng",
                "bộ",
                "khóa",
                "XII",
                "nhiệm",
                "kỳ",
                "2025–2030",
                "Thường",
                "vụ",
            )
        ),
        min_size=1,
        max_size=30,
    ).map(" ".join),
    form=st.sampled_from(Form),
    candidates=st.integers(1, 140).flatmap(
        lambda n: st.lists(full_names, min_size=n, max_size=n).map(tuple)
    ),
    congress=st.none() | st.just("Đại hội đại biểu Đảng bộ Quận Bình Thạnh lần thứ XIII"),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ballots)
def test_every_accepted_ballot_is_clean_and_every_other_is_refused(ballot: BallotSpec) -> None:
    try:
        layout = design_ballot(ballot).layout
    except InputError as refused:
        assert "không vừa một mặt giấy A4" in refused.message
        assert len(ballot.candidates) > 40  # short lists always fit
        return
    assert [row.candidate for row in layout.rows] == list(ballot.candidates)
    assert layout.font_size >= MIN_FONT and layout.columns in (1, 2)
    marks = [layout.seal, grow(layout.qr, QR_QUIET), *layout.fiducials]
    rows = [row.row for row in layout.rows]
    for i, row in enumerate(layout.rows):
        assert inside(row.row, PAGE)
        assert row.row[3] - row.row[1] >= MIN_ROW_HEIGHT
        assert not any(overlaps(row.row, mark) for mark in marks)
        assert not any(overlaps(row.row, other) for other in rows[i + 1 :])
        assert (row.agree is not None) == (ballot.form is Form.APPROVE)
    assert load_layout(layout.to_dict()) == layout


def test_120_long_names_with_tall_tone_marks_still_fit() -> None:
    """The worst realistic delegates' list: long four-word names, capitals with stacked tone
    marks (Ẩ, Ấ) and descenders, under a long title in round 2."""
    names = ("Huỳnh Thị Thanh Nguyệt", "Nguyễn Phương Ẩn", "Công Tằng Tôn Nữ Ấu")
    ballot = BallotSpec(
        "q1-dbdh-2025",
        2,
        "Bầu Đoàn đại biểu dự Đại hội đại biểu Đảng bộ Thành phố lần thứ XII, nhiệm kỳ 2025–2030",
        Form.STRIKE,
        names * 40,
        "Đại hội đại biểu Đảng bộ Quận Bình Thạnh lần thứ XIII",
    )
    layout = design_ballot(ballot).layout
    assert len(layout.rows) == 120 and layout.columns == 2
