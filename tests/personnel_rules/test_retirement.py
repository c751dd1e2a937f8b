"""The retirement schedule of the Labour Code 2019 (Decree 135/2020), as a season's data."""

from __future__ import annotations

from datetime import date

import pytest

from daihoi.personnel_rules.retirement import (
    MEN_2019,
    WOMEN_2019,
    RetirementSchedule,
    months_between,
    retirement_date,
)


@pytest.mark.parametrize(
    ("born", "retires"),
    [
        (date(1960, 6, 15), date(2020, 7, 1)),  # before the schedule: 60 years
        (date(1961, 1, 10), date(2021, 5, 1)),  # 60y3m in April 2021
        (date(1961, 9, 1), date(2022, 1, 1)),  # 60y3m in December 2021
        (date(1961, 10, 1), date(2022, 5, 1)),  # would reach 60y3m in 2022: 60y6m then
        (date(1966, 1, 1), date(2027, 11, 1)),  # 61y9m in October 2027
        (date(1967, 1, 1), date(2029, 2, 1)),  # 62 years from 2028 on
        (date(1970, 3, 5), date(2032, 4, 1)),
    ],
)
def test_it_follows_the_mens_schedule(born: date, retires: date) -> None:
    assert retirement_date(born, MEN_2019) == retires


@pytest.mark.parametrize(
    ("born", "retires"),
    [
        (date(1965, 5, 20), date(2020, 6, 1)),  # 55 years before 2021
        (date(1966, 1, 1), date(2021, 6, 1)),  # 55y4m in May 2021
        (date(1966, 9, 1), date(2022, 6, 1)),  # would reach 55y4m in 2022: 55y8m then
        (date(1975, 1, 1), date(2034, 10, 1)),  # 59y8m in September 2034
        (date(1975, 5, 1), date(2035, 6, 1)),  # 60 years from 2035 on
        (date(1980, 7, 1), date(2040, 8, 1)),
    ],
)
def test_it_follows_the_womens_schedule(born: date, retires: date) -> None:
    assert retirement_date(born, WOMEN_2019) == retires


def test_it_takes_another_schedule_as_data() -> None:
    flat = RetirementSchedule(start_year=2000, start=65 * 12, step=0, final=65 * 12)
    assert retirement_date(date(1970, 3, 5), flat) == date(2035, 4, 1)


def test_it_counts_whole_months() -> None:
    assert months_between(date(2025, 10, 15), date(2029, 10, 15)) == 48
    assert months_between(date(2025, 10, 15), date(2029, 10, 14)) == 47
    assert months_between(date(2025, 10, 15), date(2025, 9, 1)) == -2
