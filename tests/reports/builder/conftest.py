"""A hand-built world for the report builder, whose numbers the tests work out.

The worker (north, inside the manager's area) has seven cases; open at some time
during 2026Q1 are these five:

    case  sex     risk    registered   closed
    c1    female  high    2026-01-10
    c2    female  low     2026-02-01   2026-03-01
    c3    male    medium  2026-03-05
    c4    male    medium  2025-12-20
    c5    female  high    2026-02-14
and not: c6 (closed 2025-12-31), c7 (registered 2026-04-05).
The worker elsewhere (south) has one: e1, male, low, registered 2026-01-03."""

import datetime as dt

import pytest

from hearth.care.models import CareArrangement, CareType
from hearth.cases.models import Case, FollowUp, Referral, Service, ServiceType
from hearth.core import clock
from hearth.reports.indicators import Period

Q1 = Period.parse("2026Q1")


def _child(sex, born=dt.date(2016, 5, 1)):
    return {"given_name": "C", "family_name": "X", "sex": sex, "date_of_birth": born}


@pytest.fixture
def world(make_case, worker, worker_elsewhere, places):
    return build_world(make_case, worker, worker_elsewhere, places)


def build_world(make_case, worker, worker_elsewhere, places) -> dict:
    clock.freeze(dt.datetime(2026, 4, 10, 9, 0))
    try:

        def mine(sex, risk, registered, **extra):
            return make_case(
                worker, child_fields=_child(sex), risk_level=risk, registration_date=registered,
                **extra,
            )  # fmt: skip

        c = {
            "c1": mine("female", "high", dt.date(2026, 1, 10)),
            "c2": mine("female", "low", dt.date(2026, 2, 1)),
            "c3": mine("male", "medium", dt.date(2026, 3, 5)),
            "c4": mine("male", "medium", dt.date(2025, 12, 20)),
            "c5": mine("female", "high", dt.date(2026, 2, 14)),
            "c6": mine("female", "high", dt.date(2025, 6, 1)),
            "c7": mine("male", "low", dt.date(2026, 4, 5)),
            "e1": make_case(
                worker_elsewhere, child_fields=_child("male"), risk_level="low",
                registration_date=dt.date(2026, 1, 3), location=places["south_village"],
            ),
        }  # fmt: skip
    finally:
        clock.freeze(None)
    Case.objects.filter(pk=c["c2"].pk).update(status="closed", closed_on=dt.date(2026, 3, 1))
    Case.objects.filter(pk=c["c6"].pk).update(status="closed", closed_on=dt.date(2025, 12, 31))
    return c


@pytest.fixture
def work_on_cases(world, worker, worker_elsewhere):
    """Services, follow-ups, referrals and care arrangements on the world's cases.
    In 2026Q1 the worker's scope holds 2 services, 1 follow-up, 1 referral and
    1 care arrangement; the worker elsewhere's holds 1 service."""
    kind = ServiceType.objects.create(code="counselling", name="Counselling")

    def service(on, due):
        Service.objects.create(case=world[on], service_type=kind, provided_by_user=worker,
                               due_on=due)  # fmt: skip

    service("c1", dt.date(2026, 2, 10))
    service("c3", dt.date(2026, 3, 20))
    service("c4", dt.date(2026, 4, 2))  # after the quarter
    service("e1", dt.date(2026, 1, 15))
    FollowUp.objects.create(case=world["c1"], due_on=dt.date(2026, 1, 20))
    FollowUp.objects.create(case=world["c3"], due_on=dt.date(2025, 12, 1))  # before
    Referral.objects.create(
        case=world["c1"], service_type=kind, to_user=worker_elsewhere, reason="Needs counselling",
        created_at=dt.datetime(2026, 2, 3, 10, 0, tzinfo=dt.UTC),
    )  # fmt: skip
    kinship, foster = CareType.objects.get(code="kinship"), CareType.objects.get(code="foster")
    for on, care_type, start in (("c2", kinship, dt.date(2025, 11, 1)),
                                 ("c5", foster, dt.date(2026, 4, 1))):  # fmt: skip
        CareArrangement.objects.create(
            case=world[on], child=world[on].child, care_type=care_type, start_date=start,
            legal_basis="none", decided_by="Family meeting",
        )  # fmt: skip
