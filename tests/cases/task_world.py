"""Deadlines put straight on the rows for the task list, team view and reminder
tests: those read deadlines, the services that set them have their own tests.
Written past the services, so each keeps the case's open work items itself."""

import datetime as dt

from hearth.cases import work
from hearth.cases.models import Approval, Case, FollowUp, Service, ServiceType
from hearth.core import clock, writes


def day(offset: int) -> dt.date:
    return clock.today() + dt.timedelta(days=offset)


def service(case, days: int, **fields) -> Service:
    values = {
        "case": case,
        "service_type": ServiceType.objects.get(code="health"),
        "provided_by_user": case.owner,
        "due_on": day(days),
    }
    values.update(fields)
    made = Service.objects.create(**values)
    work.sync([made.case_id])
    return made


def visit(case, days: int, **fields) -> FollowUp:
    made = FollowUp.objects.create(case=case, due_on=day(days), **fields)
    work.sync([made.case_id])
    return made


def put(case, **fields) -> Case:
    Case.objects.filter(pk=case.pk).update(**fields)
    work.sync([case.pk])
    case.refresh_from_db()
    return case


def pending_approval(case, requester, days_ago: int = 0, **fields) -> Approval:
    fields.setdefault("subject_id", case.pk)
    approval = Approval(case=case, subject="case_plan", **fields)
    writes.create(approval, actor=requester)
    if days_ago:
        Approval.objects.filter(pk=approval.pk).update(
            created_at=clock.now() - dt.timedelta(days=days_ago)
        )
        approval.refresh_from_db()
    return approval
