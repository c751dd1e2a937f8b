"""Numbers and dates the Vietnamese way, the same in the web, its reports and the minutes."""

from datetime import date
from decimal import Decimal

import pytest

from daihoi.vnformat import (
    format_date,
    format_decimal,
    format_int,
    format_long_date,
    format_percent,
    format_percent_text,
    format_short_date,
)


def test_it_groups_thousands_with_a_dot() -> None:
    assert format_int(0) == "0"
    assert format_int(999) == "999"
    assert format_int(2500) == "2.500"
    assert format_int(1234567) == "1.234.567"
    assert format_int(-1250) == "-1.250"


def test_it_writes_decimals_with_the_comma_and_groups_with_the_dot() -> None:
    assert format_decimal(Decimal("1234.5")) == "1.234,50"
    assert format_decimal(Decimal("0.125"), places=1) == "0,1"
    assert format_decimal(Decimal("1234567.891"), places=3) == "1.234.567,891"


def test_it_writes_percentages_with_two_decimals_and_the_sign() -> None:
    assert format_percent(Decimal("99.75")) == "99,75%"
    assert format_percent(Decimal("100")) == "100,00%"


def test_it_copies_the_engines_exact_percentage_with_the_decimal_comma() -> None:
    # The minutes print the engine's string as written: nothing is rounded again.
    assert format_percent_text("87.10") == "87,10"
    assert format_percent_text("100.00") == "100,00"
    assert format_percent_text("3.225") == "3,225"


def test_it_writes_dates_day_first() -> None:
    assert format_date(date(2025, 6, 30)) == "30/06/2025"
    assert format_short_date(date(2025, 6, 30)) == "30/6/2025"
    assert format_short_date(date(2025, 12, 1)) == "1/12/2025"


def test_it_writes_dates_with_the_leading_zeros_the_party_rules_ask_for() -> None:
    assert format_long_date(date(2025, 2, 5)) == "ngày 05 tháng 02 năm 2025"
    assert format_long_date(date(2025, 3, 9)) == "ngày 09 tháng 3 năm 2025"
    assert format_long_date(date(2025, 11, 20)) == "ngày 20 tháng 11 năm 2025"


@pytest.mark.parametrize("formatter", [format_int, format_decimal, format_percent, format_date])
def test_it_shows_a_dash_for_a_missing_value(formatter) -> None:
    assert formatter(None) == "–"
