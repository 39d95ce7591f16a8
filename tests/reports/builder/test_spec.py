"""The last complete period, which schedules and "always the latest" reports use."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hearth.reports.builder.spec import Spec, last_complete


@pytest.mark.parametrize(
    ("today", "kind", "code"),
    [
        (dt.date(2026, 3, 5), "month", "202602"),
        (dt.date(2026, 1, 1), "month", "202512"),
        (dt.date(2026, 3, 31), "quarter", "2025Q4"),
        (dt.date(2026, 4, 1), "quarter", "2026Q1"),
        (dt.date(2026, 12, 31), "year", "2025"),
    ],
)
def test_last_complete(today, kind, code):
    assert last_complete(kind, today).code == code


def test_a_fixed_period_of_another_kind_is_refused(db):
    with pytest.raises(ValidationError) as refused:
        Spec.check(indicator="records.cases", period="2026Q1", period_kind="month")
    assert refused.value.message_dict["period"] == ["2026Q1 is not a month."]
    with pytest.raises(ValidationError):
        Spec.check(indicator="records.cases", period="2026Q1", period_kind="week")
