"""A hand-built set of cases for the case management indicators (H3), the first
quarter of 2026. The rows the later steps would leave are written directly, with
the dates each test works its answers out from.

North (the manager's region), owned by `worker` unless said:
  c1  girl 3,  high,   registered 10 Jan; assessed 10 Jan (0 days, on time);
      plan approved 20 Jan (10 days, due 24 Jan: on time)
  c2  girl 12, low,    registered 1 Feb; assessed 12 Feb (11 days, due 8 Feb: late);
      plan approved 10 Mar (37 days, due 26 Feb: late); closed 1 Mar, goals met
  c3  boy 12,  medium, registered 5 Mar; assessed 6 Mar (1 day, on time) and again
      20 Mar (not the first: not counted)
  c4  boy 16,  medium, registered 20 Dec 2025; assessed 22 Dec 2025 (before the
      quarter); plan approved 1 Feb (43 days, due 5 Jan: late); closed 25 Mar, moved
  c5  girl 7,  high,   registered 14 Feb; nothing done; closure requested only
  c7  boy 10,  low,    registered 10 Mar, owned by the supervisor
South (out of the manager's scope), owned by `worker_elsewhere`:
  c6  boy 5,   low,    registered 3 Jan; assessed 4 Jan; a service, a referral
"""

import datetime as dt

import pytest
from django.utils import timezone

from hearth.care.models import CareType
from hearth.cases.models import (
    Assessment,
    Case,
    CasePlan,
    CaseReview,
    Closure,
    FollowUp,
    Referral,
    Service,
    ServiceType,
)
from hearth.core import clock
from hearth.forms.models import FormVersion
from hearth.reports.indicators import Period

PERIOD = Period.parse("2026Q1")


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def d(month: int, day: int, year: int = 2026) -> dt.date:
    return dt.date(year, month, day)


def child(sex, age_years):
    return {
        "given_name": "C",
        "family_name": "X",
        "sex": sex,
        "date_of_birth": dt.date(2026 - age_years, 1, 15),
    }


@pytest.fixture
def casework(make_case, worker, worker_elsewhere, supervisor, agencies, places):
    clock.freeze(dt.datetime(2026, 3, 31, 12, 0))
    try:
        c = {
            "c1": make_case(
                worker, child_fields=child("female", 3), risk_level="high",
                registration_date=d(1, 10),
            ),
            "c2": make_case(
                worker, child_fields=child("female", 12), risk_level="low",
                registration_date=d(2, 1),
            ),
            "c3": make_case(
                worker, child_fields=child("male", 12), risk_level="medium",
                registration_date=d(3, 5),
            ),
            "c4": make_case(
                worker, child_fields=child("male", 16), risk_level="medium",
                registration_date=d(12, 20, 2025),
            ),
            "c5": make_case(
                worker, child_fields=child("female", 7), risk_level="high",
                registration_date=d(2, 14),
            ),
            "c6": make_case(
                worker_elsewhere, child_fields=child("male", 5), risk_level="low",
                registration_date=d(1, 3), location=places["south_village"],
            ),
            "c7": make_case(
                supervisor, child_fields=child("male", 10), risk_level="low",
                registration_date=d(3, 10),
            ),
        }  # fmt: skip
        form = FormVersion.objects.current("initial_assessment")
        for key, done in [
            ("c1", at(d(1, 10), 20)),
            ("c2", at(d(2, 12), 10)),
            ("c3", at(d(3, 6))),
            ("c3", at(d(3, 20))),
            ("c4", at(d(12, 22, 2025))),
            ("c4", at(d(1, 15))),
            ("c6", at(d(1, 4))),
        ]:
            Assessment.objects.create(
                case=c[key], form_version=form, status="approved", completed_at=done
            )
        for key, approved, due in [
            ("c1", d(1, 20), d(1, 24)),
            ("c2", d(3, 10), d(2, 26)),
            ("c4", d(2, 1), d(1, 5)),
        ]:
            CasePlan.objects.create(
                case=c[key], number=1, status="approved", approved_at=at(approved)
            )
            Case.objects.filter(pk=c[key].pk).update(plan_due_on=due)
        health = ServiceType.objects.get(code="health")
        education = ServiceType.objects.get(code="education")
        for key, kind, due, delivered, status in [
            ("c1", health, d(1, 15), d(1, 14), "delivered"),
            ("c1", education, d(2, 1), d(2, 5), "delivered"),
            ("c2", health, d(3, 1), None, "planned"),
            ("c3", health, d(3, 10), None, "cancelled"),
            ("c4", health, d(12, 1, 2025), d(1, 2), "delivered"),
            ("c6", health, d(1, 10), d(1, 10), "delivered"),
        ]:
            Service.objects.create(
                case=c[key], service_type=kind, provided_by_user=worker,
                due_on=due, delivered_on=delivered, status=status,
            )  # fmt: skip
        for key, due, done in [
            ("c1", d(1, 20), d(1, 19)),
            ("c2", d(2, 10), d(2, 15)),
            ("c3", d(3, 15), None),
            ("c4", d(3, 20), d(3, 20)),
        ]:
            FollowUp.objects.create(case=c[key], due_on=due, done_on=done)
        for key, held, next_on in [
            ("c4", d(1, 5), d(2, 5)),
            ("c4", d(2, 3), d(3, 5)),
            ("c1", d(1, 25), d(4, 25)),
        ]:
            CaseReview.objects.create(
                case=c[key], held_on=held, next_review_on=next_on,
                participants="Team", decisions="Go on", decision="continue",
            )  # fmt: skip
        for key, made, status in [
            ("c1", d(1, 12), "accepted"),
            ("c2", d(2, 20), "declined"),
            ("c3", d(3, 7), "pending"),
            ("c4", d(12, 15, 2025), "completed"),
            ("c6", d(1, 5), "pending"),
        ]:
            Referral.objects.create(
                case=c[key], service_type=health, to_agency=agencies["ngo"],
                reason="Needs help", status=status, created_at=at(made),
            )  # fmt: skip
        parental = CareType.objects.get(code="parental")
        for key, closed, reason, goals, status in [
            ("c2", d(3, 1), "goals_met", "yes", "approved"),
            ("c4", d(3, 25), "moved", "partly", "approved"),
            ("c5", d(3, 30), "declined", "no", "requested"),
        ]:
            Closure.objects.create(
                case=c[key], reason=reason, goals_met=goals, care_type_at_closure=parental,
                closure_date=closed, summary="Done", status=status,
            )  # fmt: skip
            if status == "approved":
                Case.objects.filter(pk=c[key].pk).update(status="closed", closed_on=closed)
    finally:
        clock.freeze(None)
    for case in c.values():
        case.refresh_from_db()
    return c
