"""Deadlines on the dashboards: how many cases have an assessment, a case plan, a
review, a service or a follow-up overdue or due within the week. All of them are
stored dates (hearth.cases.deadlines), so each count is a filtered COUNT in one
query over the cases the viewer may report on."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hearth.cases.models import Case, FollowUp, Service
from hearth.core import clock
from hearth.reports.indicators.casework import reportable_cases

KINDS = {
    "assessment": _("Assessments"),
    "plan": _("Case plans"),
    "review": _("Case reviews"),
    "service": _("Services"),
    "follow_up": _("Follow-ups"),
}
WHEN = {"overdue": _("Overdue"), "week": _("Due within 7 days")}
REVIEWING = (Case.Status.PLAN_APPROVED, Case.Status.IN_IMPLEMENTATION, Case.Status.UNDER_REVIEW)


def _window(when: str) -> tuple[dt.date | None, dt.date]:
    """(from, before): overdue is before today; the week is today and six more days."""
    today = clock.today()
    if when == "overdue":
        return None, today
    return today, today + dt.timedelta(days=7)


def _dated(field: str, when: str) -> dict:
    start, before = _window(when)
    found = {f"{field}__lt": before}
    if start is not None:
        found[f"{field}__gte"] = start
    return found


def condition(kind: str, when: str) -> Q:
    """Cases with a `kind` deadline `when` (overdue or this week)."""
    if kind == "assessment":
        start, before = _window(when)
        moment = {"assessment_due_at__lt": clock.now() if when == "overdue" else _at(before)}
        if start is not None:
            moment["assessment_due_at__gte"] = clock.now()
        return Q(status=Case.Status.REGISTERED, **moment)
    if kind == "plan":
        return Q(status=Case.Status.ASSESSED, **_dated("plan_due_on", when))
    if kind == "review":
        return Q(status__in=REVIEWING, **_dated("review_due_on", when))
    if kind == "service":
        rows = Service.objects.filter(
            case=OuterRef("pk"), status=Service.Status.PLANNED, is_voided=False,
            **_dated("due_on", when),
        )  # fmt: skip
        return Q(Exists(rows))
    if kind == "follow_up":
        rows = FollowUp.objects.filter(
            case=OuterRef("pk"), done_on__isnull=True, is_voided=False, **_dated("due_on", when)
        )
        return Q(Exists(rows))
    raise ValueError(f"unknown deadline {kind!r}")


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def open_cases(user):
    return reportable_cases(user).exclude(status=Case.Status.CLOSED)


def counts(qs, by: str = "") -> dict:
    """{kind: {when: n}} over the cases `qs`; with `by` (a column such as "owner"),
    {value: {kind: {when: n}}} in one GROUP BY."""
    measures = {
        f"{kind}__{when}": Count("pk", filter=condition(kind, when))
        for kind in KINDS
        for when in WHEN
    }

    def shape(found):
        return {kind: {when: found[f"{kind}__{when}"] for when in WHEN} for kind in KINDS}

    if not by:
        return shape(qs.aggregate(**measures))
    return {found[by]: shape(found) for found in qs.values(by).annotate(**measures).order_by(by)}


def cases_with(user, kind: str, when: str, worker=None):
    qs = open_cases(user).filter(condition(kind, when))
    if worker:
        qs = qs.filter(owner_id=worker)
    return qs
