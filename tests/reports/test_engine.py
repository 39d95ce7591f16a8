"""The indicator engine on a hand-built set of cases whose answers are worked out here."""

import datetime as dt

import pytest

from hearth.cases.models import Case
from hearth.core import clock
from hearth.reports.indicators import Period, compute, get
from hearth.reports.indicators.engine import records

PERIOD = Period.parse("2026Q1")


@pytest.fixture
def cases(make_case, worker, worker_elsewhere, places):
    """Five cases for the worker (north) and one for the worker elsewhere (south)."""
    clock.freeze(dt.datetime(2026, 3, 31, 12, 0))
    try:

        def child(sex, age_years):
            return {
                "given_name": "C",
                "family_name": "X",
                "sex": sex,
                "date_of_birth": dt.date(2026 - age_years, 1, 15),
            }

        made = [
            make_case(
                worker,
                child_fields=child("female", 3),
                risk_level="high",
                registration_date=dt.date(2026, 1, 10),
            ),
            make_case(
                worker,
                child_fields=child("female", 12),
                risk_level="low",
                registration_date=dt.date(2026, 2, 1),
            ),
            make_case(
                worker,
                child_fields=child("male", 12),
                risk_level="medium",
                registration_date=dt.date(2026, 3, 5),
            ),
            make_case(
                worker,
                child_fields=child("male", 16),
                risk_level="medium",
                registration_date=dt.date(2025, 12, 20),
            ),
            make_case(
                worker,
                child_fields=child("female", 7),
                risk_level="high",
                registration_date=dt.date(2026, 2, 14),
            ),
            make_case(
                worker_elsewhere,
                child_fields=child("male", 5),
                risk_level="low",
                registration_date=dt.date(2026, 1, 3),
                location=places["south_village"],
            ),
        ]
    finally:
        clock.freeze(None)
    # One closed inside the period: not open at its end.
    Case.objects.filter(pk=made[1].pk).update(status="closed", closed_on=dt.date(2026, 3, 1))
    return made


def test_registered_in_the_period_counts_only_what_the_viewer_may_see(
    cases, worker, manager, worker_elsewhere
):
    assert compute(get("cases.registered"), worker, PERIOD).total.value == 4
    assert compute(get("cases.registered"), worker_elsewhere, PERIOD).total.value == 1
    # The manager covers the north: the worker's cases only.
    assert compute(get("cases.registered"), manager, PERIOD).total.value == 4


def test_breakdowns_add_up_to_the_total(cases, manager):
    result = compute(get("cases.open"), manager, PERIOD, by=["sex", "age_band"])
    assert result.total.value == 4  # five north cases, one closed on 1 March
    assert sum(r.value for r in result.rows) == 4
    cells = {(r.keys["sex"], r.keys["age_band"]): r.value for r in result.rows}
    assert cells == {
        ("female", "0–4"): 1,
        ("male", "10–14"): 1,
        ("male", "15–17"): 1,
        ("female", "5–9"): 1,
    }
    assert result.label("sex", "female") == "Female"


def test_filters_and_areas(cases, manager, places):
    result = compute(get("cases.open"), manager, PERIOD, by=["area_1"], filters={"risk": "high"})
    assert [(r.keys["area_1"], r.value) for r in result.rows] == [("N", 2)]
    assert result.label("area_1", "N") == "North"


def test_the_records_behind_a_number(cases, manager):
    behind = records(get("cases.open"), manager, PERIOD, {"risk": "medium"})
    assert {c.pk for c in behind} == {cases[2].pk, cases[3].pk}


def test_unknown_breakdown_is_refused(manager, db):
    with pytest.raises(ValueError):
        compute(get("cases.open"), manager, PERIOD, by=["care_type"])


@pytest.mark.parametrize(
    "code, by",
    [
        ("cases.open", ["sex", "age_band", "area_1"]),
        ("cases.registered", ["risk"]),
        ("cases.open", ["concern"]),  # several concerns a case: counted distinct
        ("assessments.on_time", ["sex"]),  # cases counted through their assessments
    ],
)
def test_a_breakdown_gives_the_same_total_as_the_indicator_alone(cases, manager, code, by):
    alone = compute(get(code), manager, PERIOD).total
    broken_down = compute(get(code), manager, PERIOD, by=by).total
    assert (broken_down.numerator, broken_down.denominator) == (alone.numerator, alone.denominator)


def test_a_breakdown_of_rows_counted_once_takes_one_query(
    cases, manager, django_assert_num_queries
):
    indicator = get("cases.open")
    manager.roles.all()  # the viewer's roles and areas are read once per request
    compute(indicator, manager, PERIOD, by=["sex"])
    with django_assert_num_queries(2):  # the groups, and the labels of the areas
        compute(indicator, manager, PERIOD, by=["sex", "area_1"])
