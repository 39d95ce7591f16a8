"""DHIS2 period identifiers: monthly 202611, quarterly 2026Q4, yearly 2026."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hearth.reports.dhis2 import periods

DAYS = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(9999, 12, 31))


@pytest.mark.parametrize(
    ("day", "kind", "code"),
    [
        (dt.date(2026, 11, 15), "month", "202611"),
        (dt.date(2026, 1, 1), "month", "202601"),
        (dt.date(2026, 11, 15), "quarter", "2026Q4"),
        (dt.date(2026, 3, 31), "quarter", "2026Q1"),
        (dt.date(2026, 4, 1), "quarter", "2026Q2"),
        (dt.date(2026, 11, 15), "year", "2026"),
    ],
)
def test_codes_in_dhis2_format(day, kind, code):
    assert periods.containing(day, kind).code == code


@given(day=DAYS, kind=st.sampled_from(periods.KINDS))
def test_the_period_of_a_day_contains_it_and_its_code_reads_back(day, kind):
    period = periods.containing(day, kind)
    assert period.start <= day <= period.end
    again = periods.parse(period.code)
    assert (again.start, again.end, again.kind) == (period.start, period.end, kind)


@given(day=DAYS)
def test_months_and_quarters_tile_the_year(day):
    month = periods.containing(day, "month")
    quarter = periods.containing(day, "quarter")
    year = periods.containing(day, "year")
    assert year.start <= quarter.start <= month.start <= day <= month.end <= quarter.end
    assert quarter.end <= year.end


@pytest.mark.parametrize("text", ["2026-11", "202613", "2026Q5", "26", "2026W45", "", "Nov 2026"])
def test_other_spellings_are_refused(text):
    with pytest.raises(ValueError, match="202611"):
        periods.parse(text)


def test_recent_offers_finished_periods():
    offered = [p.code for p in periods.recent(dt.date(2026, 11, 26), count=3)]
    assert offered == ["202610", "202609", "202608", "2026Q3", "2025"]
