import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hearth.reports.indicators import Period


def test_dhis2_period_codes():
    assert Period.parse("202611") == Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30), "month")
    assert Period.parse("2026Q4") == Period(dt.date(2026, 10, 1), dt.date(2026, 12, 31), "quarter")
    assert Period.parse("2024") == Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31), "year")
    assert Period.parse("202402").end == dt.date(2024, 2, 29)


@pytest.mark.parametrize("bad", ["", "2026Q5", "202613", "26", "2026-11", "Q4"])
def test_bad_periods_are_refused_with_a_message(bad):
    with pytest.raises(ValueError, match="202611"):
        Period.parse(bad)


@given(st.integers(1900, 2999), st.integers(1, 12))
def test_month_codes_round_trip(year, month):
    period = Period.parse(f"{year}{month:02d}")
    assert Period.parse(period.code) == period
    assert period.start.day == 1 and (period.end + dt.timedelta(days=1)).day == 1


@given(st.integers(1900, 2999), st.integers(1, 4))
def test_quarters_round_trip_and_tile_the_year(year, quarter):
    period = Period.parse(f"{year}Q{quarter}")
    assert Period.parse(period.code) == period
    assert (period.end - period.start).days in (89, 90, 91)


def test_previous_periods_for_trends():
    codes = [p.code for p in Period.parse("202602").previous(3)]
    assert codes == ["202512", "202601", "202602"]
    assert [p.code for p in Period.parse("2026Q1").previous(2)] == ["2025Q4", "2026Q1"]
