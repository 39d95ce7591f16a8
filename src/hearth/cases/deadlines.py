"""Deadlines are data: each is a date stored on the row it belongs to, computed
from timeframes configured per deployment. "Overdue" is a query, not a job.

The case also keeps the nearest open deadline (`next_due_on`) so lists can sort
by what is due next; services call `refresh(case)` after anything that moves one."""

import datetime as dt

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hearth.core import clock, config

config.register(
    "cases.assessment_hours",
    {"high": 24, "medium": 72, "low": 168},
    _("Hours from registration to the assessment deadline, by risk level (C2)."),
)
config.register(
    "cases.plan_days",
    14,
    _("Days from the completed assessment to the case plan deadline (D1)."),
)
config.register(
    "cases.review_days",
    {"high": 30, "medium": 60, "low": 90},
    _("Days between case plan reviews, by risk level; at most 3 months (E2)."),
)
config.register(
    "cases.approval_required",
    {"assessment": True, "case_plan": True, "closure": True},
    _("Which steps need a supervisor's approval (C4, E3)."),
)


def registered_at(case) -> dt.datetime:
    """When the clock for the assessment started: the registration date, at the
    time of day the case was entered (midnight for a back-dated registration)."""
    created = timezone.localtime(case.created_at)
    if created.date() == case.registration_date:
        return created
    return timezone.make_aware(dt.datetime.combine(case.registration_date, dt.time()))


def assessment_due(case) -> dt.datetime:
    hours = config.get("cases.assessment_hours")[case.risk_level]
    return registered_at(case) + dt.timedelta(hours=hours)


def plan_due(assessed_on: dt.date) -> dt.date:
    return assessed_on + dt.timedelta(days=config.get("cases.plan_days"))


def review_due(case, from_date: dt.date) -> dt.date:
    days = min(config.get("cases.review_days")[case.risk_level], 92)
    return from_date + dt.timedelta(days=days)


def approval_required(step: str) -> bool:
    return bool(config.get("cases.approval_required").get(step, True))


def refresh(case) -> None:
    """Recompute the case's nearest open deadline from its rows (two queries)."""
    from hearth.cases.models import Case, FollowUp, Service

    candidates = []
    if case.status == Case.Status.REGISTERED and case.assessment_due_at:
        candidates.append(timezone.localtime(case.assessment_due_at).date())
    if case.plan_due_on and case.status == Case.Status.ASSESSED:
        candidates.append(case.plan_due_on)
    if case.review_due_on and case.status != Case.Status.CLOSED:
        candidates.append(case.review_due_on)
    if case.status != Case.Status.CLOSED:
        service = Service.objects.filter(
            case=case, status=Service.Status.PLANNED, is_voided=False
        ).aggregate(d=Min("due_on"))["d"]
        visit = FollowUp.objects.filter(case=case, done_on__isnull=True, is_voided=False).aggregate(
            d=Min("due_on")
        )["d"]
        candidates += [d for d in (service, visit) if d]
    case.next_due_on = min(candidates) if candidates else None
    case.last_activity_at = clock.now()
    Case.objects.filter(pk=case.pk).update(
        next_due_on=case.next_due_on, last_activity_at=case.last_activity_at
    )
    # The open work items too: some deadlines are moved by a plain update.
    from hearth.cases import work

    work.sync([case.pk])
