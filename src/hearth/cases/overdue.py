"""What "overdue" means for each kind of casework deadline, as filters on cases.
Deadlines are data on their own rows; these are the queries over them, shared by
the case list filters, the team view and the reminders so they agree."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q

from hearth.cases.models import Case, CasePlan, FollowUp, PlanAction, Service
from hearth.core import clock

OPEN_WITH_PLAN = (
    Case.Status.PLAN_APPROVED,
    Case.Status.IN_IMPLEMENTATION,
    Case.Status.UNDER_REVIEW,
)
# The kinds the case list can filter on; "1" (or "any") means anything overdue.
KINDS = ("assessment", "case_plan", "review", "plan_action", "service", "follow_up")


def services_overdue(today: dt.date):
    return Service.objects.filter(status=Service.Status.PLANNED, due_on__lt=today, is_voided=False)


def follow_ups_overdue(today: dt.date):
    return FollowUp.objects.filter(done_on__isnull=True, due_on__lt=today, is_voided=False)


def plan_actions_overdue(today: dt.date):
    return PlanAction.objects.filter(
        done_on__isnull=True,
        target_date__lt=today,
        is_voided=False,
        goal__is_voided=False,
        goal__plan__status=CasePlan.Status.APPROVED,
    )


def case_q(kind: str, today: dt.date | None = None) -> Q:
    """Cases with something of `kind` overdue (on the case itself or its rows)."""
    today = today or clock.today()
    if kind == "assessment":
        return Q(status=Case.Status.REGISTERED, assessment_due_at__lt=clock.now())
    if kind == "case_plan":
        return Q(status=Case.Status.ASSESSED, plan_due_on__lt=today)
    if kind == "review":
        return Q(status__in=OPEN_WITH_PLAN, review_due_on__lt=today)
    if kind == "service":
        return Q(Exists(services_overdue(today).filter(case=OuterRef("pk"))))
    if kind == "follow_up":
        return Q(Exists(follow_ups_overdue(today).filter(case=OuterRef("pk"))))
    if kind == "plan_action":
        return Q(Exists(plan_actions_overdue(today).filter(case=OuterRef("pk"))))
    # Anything: the case's nearest open deadline (kept by deadlines.refresh) is past.
    return Q(next_due_on__lt=today)
