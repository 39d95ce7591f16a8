"""The formal-care indicators (H2) on a hand-built set whose answers are worked out
here. The period is the first quarter of 2026 (1 January - 31 March).

North, seen by the manager (all registered 1 September 2025 by the worker):
  A  girl, 3    foster care from 10 Jan (gatekept); reviewed 1 Mar; contact 10 Feb;
                a placement care plan
  B  boy, 12, with a disability
                institution from 1 Oct 2025 (gatekept), then foster care from 15 Mar
                (a move, not an entry); no review, no contact, no plan
  C  girl, 12   small group home from 1 Feb as an emergency (never gatekept),
                discharged home on 10 Mar, parental care from 11 Mar
  D  boy, 16    informal kinship care since Dec 2025 (never counted)
  F  boy, 5     institution from 5 Jan (gatekept), died in care on 20 Feb
  H  girl, 14   institution since 1 Jun 2025 (gatekept); last review 20 Dec 2025;
                contact only in Dec 2025; a case plan approved on 1 Feb
South, seen by the worker elsewhere:
  E  girl, 7    formal kinship care from 14 Feb (gatekept)

So, for the manager:
  entries: A, C, F = 3 (2 girls, 1 boy; foster, small group home, institution)
  gatekept entries: A and F of 3 = 66.7 %
  in formal care on 31 Mar: A, B (foster), H (institution) = 3
  residential : family-based = 1 : 2 = 0.5
  with a care plan: A, H of 3 = 66.7 %
  reviewed on time (within 90 days of 31 Mar, i.e. since 1 Jan): A (1 Mar) and
  B (placed 15 Mar, not yet due) of 3 placements = 66.7 %
  family contact in the quarter: A of 3 = 33.3 %
  left residential for family-based care: B (to foster) and C (home) = 2
  deaths in care: F = 1
  entries per 100,000 children: north has 60,000 children (30,000 each sex):
  3 / 60,000 = 5.0; girls 2 / 30,000 = 6.7; boys 1 / 30,000 = 3.3.
  The auditor (all records) sees 4 entries for 100,000 children = 4.0."""

import datetime as dt

import pytest

from hearth.care.population import import_population
from hearth.care.services import arrangements, placement
from hearth.cases.models import CasePlan
from hearth.core import clock, writes
from hearth.reports.indicators import Period, compute, get
from hearth.reports.indicators.engine import records
from tests.care.conftest import decide, place

PERIOD = Period.parse("2026Q1")
D = dt.date
POPULATION = """area_code,year,sex,age_from,age_to,count
N1A,2026,female,0,4,10000
N1A,2026,female,5,9,10000
N1A,2026,female,10,14,5000
N1A,2026,female,15,17,5000
N1A,2026,male,0,4,10000
N1A,2026,male,5,9,10000
N1A,2026,male,10,14,5000
N1A,2026,male,15,17,5000
N1A,2026,female,18,24,99999
S1A,2026,female,0,4,40000
"""


@pytest.fixture
def world(make_case, worker, worker_elsewhere, administrator, carer, facility, places):
    clock.freeze(dt.datetime(2026, 3, 31, 12, 0))
    try:
        yield build(make_case, worker, worker_elsewhere, administrator, carer, facility, places)
    finally:
        clock.freeze(None)


def build(make_case, worker, worker_elsewhere, administrator, carer, facility, places):
    def child(name, sex, born):
        return make_case(
            worker,
            child_fields={"given_name": name, "sex": sex, "date_of_birth": born},
            registration_date=D(2025, 9, 1),
        )

    made = {}
    a = made["A"] = child("A", "female", D(2023, 1, 15))
    decide(worker, a, decided_on=D(2026, 1, 5))
    fa = place(worker, a, foster_carer=carer, start_date=D(2026, 1, 10))
    placement.placement_review_record(
        actor=worker,
        arrangement=fa,
        held_on=D(2026, 3, 1),
        participants="A, carer",
        decision="continue",
    )
    placement.family_contact_record(
        actor=worker, arrangement=fa, contact_on=D(2026, 2, 10), with_whom="Mother",
        method="family_visit", initiated_by="family",
    )  # fmt: skip
    arrangements.arrangement_care_plan_set(
        actor=worker, arrangement=fa, note="Stay until home is safe."
    )

    b = made["B"] = make_case(
        worker,
        child_fields={
            "given_name": "B",
            "sex": "male",
            "date_of_birth": D(2013, 6, 1),
            "has_disability": "yes",
        },
        registration_date=D(2025, 9, 1),
    )
    decide(worker, b, decided_on=D(2025, 9, 20), recommended="institution",
           options=("kinship", "foster", "institution"))  # fmt: skip
    place(worker, b, "institution", facility=facility, start_date=D(2025, 10, 1))
    decide(worker, b, decided_on=D(2026, 3, 10))
    place(worker, b, foster_carer=carer, start_date=D(2026, 3, 15))

    c = made["C"] = child("C", "female", D(2013, 8, 1))
    fc = place(
        worker,
        c,
        "small_group_home",
        facility=facility,
        start_date=D(2026, 2, 1),
        is_emergency=True,
    )
    placement.discharge_record(
        actor=worker, arrangement=fc, discharged_on=D(2026, 3, 10), kind="reintegration"
    )
    place(worker, c, "parental", legal_basis="none", start_date=D(2026, 3, 11))

    d = made["D"] = child("D", "male", D(2009, 12, 1))
    place(worker, d, "kinship", legal_basis="none", start_date=D(2025, 12, 1))

    f = made["F"] = child("F", "male", D(2020, 11, 1))
    decide(worker, f, decided_on=D(2026, 1, 2), recommended="institution",
           options=("kinship", "foster", "institution"))  # fmt: skip
    ff = place(worker, f, "institution", facility=facility, start_date=D(2026, 1, 5))
    placement.discharge_record(
        actor=worker, arrangement=ff, discharged_on=D(2026, 2, 20), kind="death"
    )

    h = made["H"] = child("H", "female", D(2011, 7, 1))
    decide(worker, h, decided_on=D(2025, 5, 20), recommended="institution",
           options=("kinship", "foster", "institution"))  # fmt: skip
    fh = place(worker, h, "institution", facility=facility, start_date=D(2025, 6, 1))
    placement.placement_review_record(
        actor=worker, arrangement=fh, held_on=D(2025, 12, 20), participants="H", decision="continue"
    )
    placement.family_contact_record(
        actor=worker, arrangement=fh, contact_on=D(2025, 12, 28), with_whom="Aunt",
        method="call", initiated_by="child",
    )  # fmt: skip
    # No case plan service in this module: an approved plan as the plan pages leave it.
    writes.create(
        CasePlan(
            case=h,
            number=1,
            status="approved",
            approved_at=dt.datetime(2026, 2, 1, 9, 0, tzinfo=dt.UTC),
        ),
        actor=worker,
    )

    e = made["E"] = make_case(
        worker_elsewhere,
        child_fields={"given_name": "E", "sex": "female", "date_of_birth": D(2018, 10, 1)},
        registration_date=D(2025, 9, 1),
        location=places["south_village"],
    )
    decide(worker_elsewhere, e, decided_on=D(2026, 2, 10), recommended="kinship")
    place(worker_elsewhere, e, "kinship", is_formal=True, start_date=D(2026, 2, 14))

    result = import_population(actor=administrator, text=POPULATION, dry_run=False)
    assert result.ok, result.errors
    return made


def value(code, user, **kwargs):
    return compute(get(code), user, PERIOD, **kwargs)


def cells(result, dimension):
    return {r.keys[dimension]: r.value for r in result.rows}


def test_entries(world, manager, worker_elsewhere):
    result = value("care.entries", manager, by=["sex"])
    assert result.total.value == 3
    assert cells(result, "sex") == {"female": 2, "male": 1}
    by_type = value("care.entries", manager, by=["care_type"])
    assert cells(by_type, "care_type") == {"foster": 1, "small_group_home": 1, "institution": 1}
    assert value("care.entries", worker_elsewhere).total.value == 1
    behind = records(get("care.entries"), manager, PERIOD)
    assert {a.case_id for a in behind} == {world["A"].pk, world["C"].pk, world["F"].pk}


def test_in_formal_care_on_the_last_day(world, manager):
    assert value("care.in_formal_care", manager).total.value == 3
    assert cells(value("care.in_formal_care", manager, by=["care_type"]), "care_type") == {
        "foster": 2,
        "institution": 1,
    }
    assert cells(value("care.in_formal_care", manager, by=["disability"]), "disability") == {
        "yes": 1,
        "unknown": 2,
    }
    assert cells(value("care.in_formal_care", manager, by=["age_band"]), "age_band") == {
        "0–4": 1,
        "10–14": 2,
    }
    assert cells(value("care.in_formal_care", manager, by=["area_1"]), "area_1") == {"N": 3}


def test_ratio_of_residential_to_family_based_care(world, manager):
    total = value("care.residential_ratio", manager).total
    assert (total.numerator, total.denominator, total.value) == (1, 2, 0.5)


def test_percentages(world, manager):
    assert value("care.with_care_plan", manager).total.value == 66.7
    assert value("care.reviewed_on_time", manager).total.value == 66.7
    assert value("care.gatekept_entries", manager).total.value == 66.7
    assert value("care.family_contact", manager).total.value == 33.3


def test_leaving_residential_care_for_a_family_and_deaths(world, manager):
    assert value("care.left_residential_for_family", manager).total.value == 2
    assert value("care.deaths", manager).total.value == 1
    assert value("care.deaths", manager, by=["sex"]).rows[0].keys == {"sex": "male"}


def test_entries_per_100000_children(world, manager, auditor):
    result = value("care.entries_rate", manager, by=["sex"])
    assert (result.total.numerator, result.total.denominator, result.total.value) == (3, 60000, 5.0)
    assert cells(result, "sex") == {"female": 6.7, "male": 3.3}
    by_age = value("care.entries_rate", manager, by=["age_band"])
    # A (0-4): 1 of 20,000; F (5-9): 1 of 20,000; C (10-14): 1 of 10,000; none of 15-17.
    assert cells(by_age, "age_band") == {"0–4": 5.0, "5–9": 5.0, "10–14": 10.0, "15–17": 0.0}
    assert value("care.entries_rate", auditor).total.value == 4.0
    with pytest.raises(ValueError):
        value("care.entries_rate", manager, by=["care_type"])
