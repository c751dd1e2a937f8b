"""Hà Nam's draft against the province's indicators: missing, weaker by direction, other unit."""

from decimal import Decimal

from daihoi.drafts.targets import Direction, Indicator, Mapping, Verdict, align

PROVINCE = [
    Indicator(
        "GRDP", "Tốc độ tăng trưởng GRDP bình quân", "%", Decimal("8.5"), 2030, Direction.HIGHER
    ),
    Indicator("NGHEO", "Tỷ lệ hộ nghèo", "%", Decimal("1.5"), 2030, Direction.LOWER),
    Indicator(
        "THUNHAP",
        "Thu nhập bình quân đầu người",
        "triệu đồng/người/năm",
        Decimal("120"),
        2030,
        Direction.HIGHER,
    ),
    Indicator(
        "NTM", "Số xã đạt chuẩn nông thôn mới nâng cao", "xã", Decimal("40"), 2030, Direction.HIGHER
    ),
]


def test_it_finds_a_missing_indicator_a_weaker_target_and_a_unit_mismatch() -> None:
    mine = [
        Mapping("Tăng trưởng kinh tế", "%", Decimal("8.0"), "grdp"),  # weaker: higher is better
        Mapping("Hộ nghèo", " % ", Decimal("2"), "NGHEO"),  # weaker: lower is better
        Mapping("Thu nhập", "triệu đồng", Decimal("130"), "THUNHAP"),  # other unit
        Mapping("Cây xanh đô thị", "cây", Decimal("1000")),  # no code: the unit's own
    ]
    result = align(PROVINCE, mine)
    assert [ind.code for ind in result.missing] == ["NTM"]
    assert [line.above.code for line in result.weaker if line.above] == ["GRDP", "NGHEO"]
    assert [line.mine.name for line in result.unit_mismatch] == ["Thu nhập"]
    assert [m.name for m in result.unmapped] == ["Cây xanh đô thị"]
    assert not result.aligned


def test_it_accepts_equal_and_stronger_targets_in_either_direction() -> None:
    mine = [
        Mapping("GRDP", "%", Decimal("8.50"), "GRDP"),  # equal
        Mapping("Hộ nghèo", "%", Decimal("1.0"), "NGHEO"),  # stronger: lower
        Mapping("Thu nhập", "Triệu đồng/người/năm", Decimal("121"), "THUNHAP"),
        Mapping("Nông thôn mới", "xã", Decimal("45"), "NTM"),
    ]
    result = align(PROVINCE, mine)
    assert result.aligned
    assert {line.verdict for line in result.lines} == {Verdict.OK}


def test_a_unit_mismatch_never_compares_values() -> None:
    result = align(PROVINCE, [Mapping("Hộ nghèo", "hộ", Decimal("0"), "NGHEO")])
    assert [line.verdict for line in result.lines] == [Verdict.UNIT_MISMATCH]


def test_a_code_the_level_above_does_not_have_is_told() -> None:
    result = align(PROVINCE, [Mapping("Du lịch", "lượt", Decimal("5"), "DULICH")])
    assert [line.verdict for line in result.lines] == [Verdict.UNKNOWN_CODE]
    assert len(result.missing) == 4
