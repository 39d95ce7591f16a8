"""Each case management indicator (H3) on the hand-built set of casework_world.py,
with the answers worked out from the dates written there."""

import pytest

from hearth.reports.indicators import compute, get, registry
from hearth.reports.indicators.engine import records
from hearth.reports.indicators.measures import median
from tests.reports.casework_world import PERIOD


def value(code, user, **kw):
    return compute(get(code), user, PERIOD, **kw).total.value


def cells(code, user, by, **kw):
    result = compute(get(code), user, PERIOD, by=[by], **kw)
    return {r.keys[by]: r.value for r in result.rows}


def test_every_h3_indicator_is_described():
    h3 = [i for i in registry().values() if i.source == "H3"]
    assert len(h3) >= 14
    for indicator in h3:
        assert indicator.name and indicator.description and indicator.numerator
        if indicator.unit in ("percent", "ratio"):
            assert indicator.denominator, indicator.code


def test_open_cases_by_status_and_risk(casework, manager):
    # c2 closed 1 Mar and c4 on 25 Mar; c1, c3, c5 (worker) and c7 (supervisor) open.
    assert value("cases.open", manager) == 4
    assert cells("cases.open", manager, "risk") == {"high": 2, "medium": 1, "low": 1}
    assert cells("cases.open", manager, "status") == {"registered": 4}


def test_median_days_to_assessment(casework, manager, worker_elsewhere):
    # First assessments in the quarter: c1 0 days, c2 11, c3 1 (its second one and
    # c4's, whose first was in December, do not count).
    result = compute(get("cases.days_to_assessment"), manager, PERIOD)
    assert (result.total.numerator, result.total.value) == (3, 1)
    assert result.rows == []
    by_sex = cells("cases.days_to_assessment", manager, "sex")
    assert by_sex == {"female": 5.5, "male": 1}  # girls: 0 and 11
    assert value("cases.days_to_assessment", worker_elsewhere) == 1  # c6 only


def test_distribution_of_days_to_assessment(casework, manager):
    assert cells("cases.assessed", manager, "delay") == {"a": 2, "d": 1}
    assert value("cases.assessed", manager) == 3


def test_median_days_to_an_approved_plan(casework, manager):
    # c1 10 days, c2 37, c4 43.
    assert value("cases.days_to_plan", manager) == 37
    assert cells("cases.plan_approved", manager, "delay") == {"d": 1, "f": 2}


def test_median_of_an_even_count_is_the_mean_of_the_middle_two():
    assert median({1: 1, 3: 1}) == 2
    assert median({0: 2, 5: 1, 9: 1}) == 2.5
    assert median({}) is None


def test_on_time_shares(casework, manager):
    assert value("assessments.on_time", manager) == 66.7  # c1, c3 of c1, c2, c3
    assert value("plans.on_time", manager) == 33.3  # c1 of c1, c2, c4
    # Due in the quarter and not cancelled: c1 health (early), c1 education (late),
    # c2 health (never delivered).
    assert value("services.on_time", manager) == 33.3
    assert value("follow_ups.on_time", manager) == 50.0  # c1 and c4 of four
    # c4's reviews: the one due 5 Feb was held 3 Feb; the one due 5 Mar never was.
    assert value("reviews.on_time", manager) == 50.0


def test_services_referrals_and_closures(casework, manager):
    assert value("services.delivered", manager) == 3
    assert cells("services.delivered", manager, "service_type") == {"health": 2, "education": 1}
    assert cells("referrals.made", manager, "referral_status") == {
        "accepted": 1,
        "declined": 1,
        "pending": 1,
    }
    assert value("closures.approved", manager) == 2
    assert cells("closures.approved", manager, "closure_reason") == {"goals_met": 1, "moved": 1}
    assert value("closures.goals_met", manager) == 50.0


def test_caseload_per_worker(casework, manager, worker, supervisor):
    result = compute(get("caseload.per_worker"), manager, PERIOD)
    assert (result.total.numerator, result.total.denominator, result.total.value) == (4, 2, 2.0)
    assert cells("caseload.per_worker", manager, "worker") == {worker.pk: 3.0, supervisor.pk: 1.0}
    assert cells("cases.open", manager, "worker") == {worker.pk: 3, supervisor.pk: 1}


COUNTS = [
    "cases.open",
    "cases.assessed",
    "services.delivered",
    "referrals.made",
    "closures.approved",
]
SINGLE = ["sex", "age_band", "area_1", "area_2", "month", "quarter", "agency", "risk", "worker"]


@pytest.mark.parametrize("code", COUNTS)
def test_disaggregations_add_up_to_the_total(casework, manager, code):
    total = value(code, manager)
    assert total > 0
    for by in SINGLE:
        result = compute(get(code), manager, PERIOD, by=[by])
        assert sum(r.value for r in result.rows) == total, (code, by)
    crossed = compute(get(code), manager, PERIOD, by=["sex", "age_band", "area_1"])
    assert sum(r.value for r in crossed.rows) == total


@pytest.mark.parametrize("code", ["assessments.on_time", "services.on_time", "follow_ups.on_time"])
def test_percentage_parts_add_up(casework, manager, code):
    result = compute(get(code), manager, PERIOD, by=["sex"])
    assert sum(r.numerator for r in result.rows) == result.total.numerator
    assert sum(r.denominator for r in result.rows) == result.total.denominator


H3 = [
    "cases.open", "cases.registered", "cases.assessed", "cases.plan_approved",
    "assessments.on_time", "services.on_time", "services.delivered", "referrals.made",
]  # fmt: skip


@pytest.mark.parametrize("code", H3)
def test_out_of_scope_records_are_never_counted(casework, manager, worker_elsewhere, auditor, code):
    """The auditor sees every case; the manager only the north, so the south case
    c6 of the worker elsewhere shows in the auditor's count and never in the manager's."""
    everyone = compute(get(code), auditor, PERIOD).total
    north = compute(get(code), manager, PERIOD).total
    south = compute(get(code), worker_elsewhere, PERIOD).total
    assert everyone.numerator == north.numerator + south.numerator
    behind = {
        r.case_id if hasattr(r, "case_id") else r.pk for r in records(get(code), manager, PERIOD)
    }
    assert casework["c6"].pk not in behind


def test_the_records_behind_a_number_are_the_counted_ones(casework, manager):
    def cases_behind(code, **filters):
        indicator = get(code)
        rows = records(indicator, manager, PERIOD, filters)
        return set(rows.values_list(indicator.case_path, flat=True))

    c = casework
    assert cases_behind("assessments.on_time") == {c["c1"].pk, c["c3"].pk}
    assert cases_behind("cases.assessed", delay="d") == {c["c2"].pk}
    assert cases_behind("services.delivered", service_type="health") == {c["c1"].pk, c["c4"].pk}
    assert cases_behind("closures.goals_met") == {c["c2"].pk}
    assert cases_behind("cases.days_to_plan") == {c["c1"].pk, c["c2"].pk, c["c4"].pk}
