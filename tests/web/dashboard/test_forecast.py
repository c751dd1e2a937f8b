"""The pure arithmetic of the season: exact percentages, forecasts, series, formatting."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from daihoi.vnformat import (
    format_date,
    format_decimal,
    format_int,
    format_percent,
    format_short_date,
)
from daihoi.web.dashboard.chart import ChartLine, ChartMarker, render_completion_svg
from daihoi.web.dashboard.forecast import (
    ResultTotals,
    cumulative_series,
    forecast_completion,
    fraction_percent,
    percent,
    projected_series,
    week_bounds,
)
from daihoi.web.groups.lifecycle import is_difficulty_overdue
from daihoi.web.season.lifecycle import CongressState, is_congress_overdue

TODAY = date(2025, 5, 20)
DEADLINE = date(2025, 6, 30)


def test_it_forecasts_99_75_percent_by_the_deadline():
    # 400 bases: 380 held, 19 planned before 30/6, 1 planned after it.
    forecast = forecast_completion(
        level=3,
        deadline=DEADLINE,
        total=400,
        held_on={date(2025, 4, 1): 200, date(2025, 5, 10): 180},
        pending_on={date(2025, 6, 1): 10, date(2025, 6, 30): 9, date(2025, 7, 2): 1},
        today=TODAY,
    )
    assert (forecast.held_by_deadline, forecast.expected, forecast.missing) == (380, 399, 1)
    assert forecast.share == Fraction(399, 400)
    assert forecast.percent == Decimal("99.75")


def test_overdue_dates_do_not_count_towards_the_forecast():
    forecast = forecast_completion(
        level=3,
        deadline=DEADLINE,
        total=10,
        held_on={date(2025, 5, 1): 6},
        pending_on={date(2025, 5, 15): 3, date(2025, 5, 20): 1},
        today=TODAY,
    )
    assert forecast.expected == 7  # the three planned on 15/5 are overdue; 20/5 is today


def test_a_past_deadline_counts_only_what_was_held_by_then():
    forecast = forecast_completion(
        level=2,
        deadline=date(2025, 5, 1),
        total=4,
        held_on={date(2025, 4, 30): 1, date(2025, 5, 2): 2},
        pending_on={},
        today=TODAY,
    )
    assert forecast.expected == 1
    assert forecast.percent == Decimal("25.00")


def test_an_empty_level_has_no_percentage():
    forecast = forecast_completion(
        level=1, deadline=DEADLINE, total=0, held_on={}, pending_on={}, today=TODAY
    )
    assert forecast.percent is None
    assert percent(0, 0) is None


def test_percentages_round_half_up_to_two_decimals():
    assert percent(1, 3) == Decimal("33.33")
    assert percent(2, 3) == Decimal("66.67")
    assert percent(1, 8) == Decimal("12.50")
    assert fraction_percent(Fraction(1, 800)) == Decimal("0.13")  # 0.125 → 0.13


@given(st.integers(0, 10_000), st.integers(1, 10_000))
def test_a_percentage_never_leaves_0_to_100(part, extra):
    value = percent(min(part, extra), extra)
    assert value is not None and Decimal(0) <= value <= Decimal(100)


@given(
    st.dictionaries(st.dates(date(2025, 1, 1), date(2025, 12, 31)), st.integers(1, 50)),
    st.dictionaries(st.dates(date(2025, 1, 1), date(2025, 12, 31)), st.integers(1, 50)),
)
def test_the_forecast_never_falls_when_the_deadline_moves_later(held, pending):
    total = sum(held.values()) + sum(pending.values())
    earlier = forecast_completion(
        level=3,
        deadline=date(2025, 6, 30),
        total=total,
        held_on=held,
        pending_on=pending,
        today=TODAY,
    )
    later = forecast_completion(
        level=3,
        deadline=date(2025, 9, 30),
        total=total,
        held_on=held,
        pending_on=pending,
        today=TODAY,
    )
    assert earlier.expected <= later.expected <= total


def test_series_accumulate_in_date_order():
    series = cumulative_series({date(2025, 3, 2): 4, date(2025, 3, 1): 1})
    assert [(p.day, p.held) for p in series] == [(date(2025, 3, 1), 1), (date(2025, 3, 2), 5)]
    projected = projected_series(5, {date(2025, 5, 1): 9, date(2025, 6, 1): 2}, TODAY)
    assert [(p.day, p.held) for p in projected] == [(TODAY, 5), (date(2025, 6, 1), 7)]


def test_overdue_rules_use_the_day_given():
    assert is_congress_overdue(CongressState.PLANNED, date(2025, 5, 19), TODAY)
    assert is_congress_overdue(CongressState.PREPARING, date(2025, 5, 19), TODAY)
    assert not is_congress_overdue(CongressState.PLANNED, TODAY, TODAY)
    assert not is_congress_overdue(CongressState.HELD, date(2025, 1, 1), TODAY)
    assert not is_congress_overdue(CongressState.POSTPONED, date(2025, 1, 1), TODAY)
    assert not is_congress_overdue(CongressState.PLANNED, None, TODAY)
    assert is_difficulty_overdue(True, date(2025, 5, 19), TODAY)
    assert not is_difficulty_overdue(False, date(2025, 5, 19), TODAY)
    assert not is_difficulty_overdue(True, TODAY, TODAY)


def test_the_week_runs_monday_to_sunday():
    assert week_bounds(date(2025, 5, 20)) == (date(2025, 5, 19), date(2025, 5, 25))
    assert week_bounds(date(2025, 5, 25)) == (date(2025, 5, 19), date(2025, 5, 25))


def test_result_shares():
    totals = ResultTotals(
        congresses=4, committee_seats=37, women=10, under_40=6, new_members=13, direct_secretaries=3
    )
    assert totals.women_percent == Decimal("27.03")
    assert totals.under_40_percent == Decimal("16.22")
    assert totals.renewal_percent == Decimal("35.14")
    assert totals.direct_secretary_percent == Decimal("75.00")


def test_vietnamese_formatting():
    assert format_int(1234567) == "1.234.567"
    assert format_decimal(Decimal("1234.5"), 1) == "1.234,5"
    assert format_percent(Decimal("99.75")) == "99,75%"
    assert format_percent(None) == "–"
    assert format_date(date(2025, 6, 30)) == "30/06/2025"
    assert format_short_date(date(2025, 6, 30)) == "30/6/2025"


def test_the_chart_is_an_svg_with_a_line_per_level_and_the_deadlines():
    svg = render_completion_svg(
        [
            ChartLine(
                "Cơ sở",
                10,
                cumulative_series({date(2025, 4, 1): 6}),
                projected_series(6, {date(2025, 6, 1): 3}, TODAY),
            )
        ],
        [ChartMarker(DEADLINE, "hạn cơ sở")],
        TODAY,
        "Tiến độ <Hà Nam>",
    )
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<polyline") == 2  # held (solid) and projected (dashed)
    assert "hạn cơ sở" in svg and "Cơ sở" in svg
    assert "Tiến độ &lt;Hà Nam&gt;" in svg
    assert ">05/2025<" in svg and ">06/2025<" in svg  # month ticks as mm/yyyy


def test_a_level_keeps_its_colour_on_every_page():
    from daihoi.web.dashboard.chart import level_colour

    base = level_colour(3)
    assert base != level_colour(2)
    svg = render_completion_svg(
        [ChartLine("Cơ sở", 10, cumulative_series({date(2025, 4, 1): 6}), [], colour=base)],
        [],
        TODAY,
        "Hà Nam",
    )
    assert f'stroke="{base}"' in svg


def test_month_ticks_fall_on_the_first_of_each_month():
    from daihoi.web.dashboard.chart import month_starts

    assert month_starts(date(2025, 11, 20), date(2026, 2, 1)) == [
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    assert month_starts(date(2025, 5, 1), date(2025, 5, 31)) == []
