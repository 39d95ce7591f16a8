"""What the care module puts on a worker's task list, and the daily reminders.

`care_tasks_for(user)` is the one function the task list calls: everything due or
overdue on the care side of the user's own cases (owned or assigned), each with
its due date, a link and a stable key. Post-return visits are case follow-ups
too: their tasks carry `follow_up_id` so a list that also shows follow-ups can
show each visit once, and expiring orders carry the order's id as `row_id` (a
list that shows every expiring order of the case already may leave those out).
The reminders provider phrases the same queries as
reminders to each case's worker."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearth.care import timeframes
from hearth.care.models import (
    CareArrangement,
    ReintegrationPlan,
    ReintegrationTask,
    ReintegrationVisit,
)
from hearth.care.queries import current_on
from hearth.cases.access import visible_cases
from hearth.cases.models import Case, CasePlan, LegalOrder
from hearth.core import clock, config
from hearth.notify import reminders

config.register(
    "care.care_plan_days",
    14,
    gettext_lazy("Days after a formal placement starts by which it has a care plan (F5)."),
)

KINDS = {
    "placement_review": gettext_lazy("Placement review"),
    "gatekeeping": gettext_lazy("Gatekeeping due"),
    "care_plan": gettext_lazy("Placement care plan"),
    "reintegration_visit": gettext_lazy("Post-return visit"),
    "reintegration_task": gettext_lazy("Reintegration task"),
    "legal_order": gettext_lazy("Legal order expiring"),
    "safeguard": gettext_lazy("Placement not approved"),
}


@dataclass(frozen=True)
class CareTask:
    kind: str
    case: Case
    due_on: dt.date
    link: str
    key: str
    describe: Callable[[], str]
    # The row the task is about (arrangement, order, visit, task), for de-duplication.
    row_id: uuid.UUID | None = None
    follow_up_id: uuid.UUID | None = None

    @property
    def title(self) -> str:
        return self.describe()

    @property
    def kind_label(self) -> str:
        return str(KINDS[self.kind])

    @property
    def overdue(self) -> bool:
        return self.due_on < clock.today()


def _case_link(case_id, anchor: str) -> str:
    return reverse("cases:detail", args=[case_id]) + f"#{anchor}"


def _tasks(cases, today: dt.date) -> Iterator[CareTask]:
    """Everything due on the care side of `cases` (a queryset), due or overdue now,
    or coming due within its warning."""
    running = CareArrangement.objects.filter(
        current_on(today), case__in=cases, is_formal=True
    ).select_related("case", "care_type")
    for a in running.filter(next_review_on__lte=today + timeframes.review_warning()):
        yield CareTask(
            "placement_review",
            a.case,
            a.next_review_on,
            reverse("care:review_add", args=[a.pk]),
            f"care-review:{a.pk}:{a.next_review_on}",
            lambda *, a=a: (  # type: ignore[misc]
                _("Review the placement in %(type)s (case %(n)s)")
                % {"type": a.care_type, "n": a.case.number}
            ),
            row_id=a.pk,
        )
    for a in running.filter(is_emergency=True, gatekeeping__isnull=True):
        yield CareTask(
            "gatekeeping",
            a.case,
            timeframes.gatekeeping_due(a.start_date),
            reverse("care:gatekeeping_add", args=[a.case_id]),
            f"care-gatekeeping:{a.pk}",
            lambda *, a=a: (  # type: ignore[misc]
                _("Record the gatekeeping decision for the emergency placement (case %(n)s)")
                % {"n": a.case.number}
            ),
            row_id=a.pk,
        )
    plan_days = dt.timedelta(days=int(config.get("care.care_plan_days")))
    approved = CasePlan.objects.filter(
        case=OuterRef("case"),
        status__in=(CasePlan.Status.APPROVED, CasePlan.Status.SUPERSEDED),
        is_voided=False,
    )
    for a in running.filter(care_plan_note="").exclude(Exists(approved)):
        yield CareTask(
            "care_plan",
            a.case,
            a.start_date + plan_days,
            reverse("care:care_plan", args=[a.pk]),
            f"care-plan:{a.pk}",
            lambda *, a=a: (  # type: ignore[misc]
                _("Write the care plan for the placement (case %(n)s)") % {"n": a.case.number}
            ),
            row_id=a.pk,
        )
    for a in running.filter(safeguard=CareArrangement.Safeguard.REFUSED):
        yield CareTask(
            "safeguard",
            a.case,
            today,
            _case_link(a.case_id, "care"),
            f"care-safeguard:{a.pk}",
            lambda *, a=a: (  # type: ignore[misc]
                _("The placement was not approved: find another placement (case %(n)s)")
                % {"n": a.case.number}
            ),
            row_id=a.pk,
        )
    # The orders behind the running placements, as a list read once: an EXISTS per
    # order made the database test every order ever made against the placements.
    orders = LegalOrder.objects.filter(
        pk__in=running.order_by().values("legal_order_id"),
        is_voided=False,
        expires_on__lte=today + timeframes.order_warning(),
    ).select_related("case")
    for order in orders:
        yield CareTask(
            "legal_order",
            order.case,
            order.expires_on,
            _case_link(order.case_id, "care"),
            f"care-order:{order.pk}:{order.expires_on}",
            lambda *, o=order: (  # type: ignore[misc]
                _("%(order)s expires: the placement needs a new legal basis (case %(n)s)")
                % {"order": o, "n": o.case.number}
            ),
            row_id=order.pk,
        )
    soon = today + timeframes.review_warning()
    visits = ReintegrationVisit.objects.filter(
        case__in=cases,
        is_voided=False,
        follow_up__done_on__isnull=True,
        follow_up__is_voided=False,
        follow_up__due_on__lte=soon,
        plan__status=ReintegrationPlan.Status.RETURNED,
    ).select_related("case", "follow_up")
    for v in visits:
        yield CareTask(
            "reintegration_visit",
            v.case,
            v.follow_up.due_on,
            reverse("care:visit_record", args=[v.pk]),
            f"care-visit:{v.pk}:{v.follow_up.due_on}",
            lambda *, v=v: (  # type: ignore[misc]
                _("Post-return visit %(k)s (case %(n)s)") % {"k": v.number, "n": v.case.number}
            ),
            follow_up_id=v.follow_up_id,
            row_id=v.pk,
        )
    tasks = ReintegrationTask.objects.filter(
        case__in=cases,
        is_voided=False,
        done_on__isnull=True,
        due_on__lte=soon,
        plan__status__in=ReintegrationPlan.OPEN,
    ).select_related("case")
    for t in tasks:
        yield CareTask(
            "reintegration_task",
            t.case,
            t.due_on,
            _case_link(t.case_id, "reintegration"),
            f"care-task:{t.pk}:{t.due_on}",
            lambda *, t=t: (  # type: ignore[misc]
                _("%(who)s: %(what)s (case %(n)s)")
                % {"who": t.responsible, "what": t.description[:80], "n": t.case.number}
            ),
            row_id=t.pk,
        )


def _any_care_work(own, today: dt.date) -> bool:
    """Whether any of the user's own open cases has a running formal placement or
    an open reintegration plan: every care task comes from one of them. Asked
    first, in one query without the visible set, because most caseworkers' lists
    have no care task and building the seven care queries, each carrying the whole
    visible set, cost more than the rest of the task list."""
    cases = Case.objects.filter(own, is_voided=False).exclude(status=Case.Status.CLOSED)
    placed = CareArrangement.objects.filter(current_on(today), case=OuterRef("pk"), is_formal=True)
    returning = ReintegrationPlan.objects.filter(
        case=OuterRef("pk"), status__in=ReintegrationPlan.OPEN
    )
    return cases.filter(Q(Exists(placed)) | Q(Exists(returning))).exists()


def care_tasks_for(user, today: dt.date | None = None) -> list[CareTask]:
    """The user's care tasks, overdue first, then by due date: on their own cases
    (owned or assigned), open, and open to them for care work."""
    from hearth.cases.queries import own_q  # starts from the owner's index

    today = today or clock.today()
    own = own_q(user)
    if not _any_care_work(own, today):
        return []
    cases = visible_cases(user, "care.manage").filter(own).exclude(status=Case.Status.CLOSED)
    return sorted(_tasks(cases, today), key=lambda t: (t.due_on, t.kind))


def care_reminders(today: dt.date):
    """Daily: each open case's worker is reminded of what is coming due or overdue."""
    cases = Case.objects.filter(is_voided=False).exclude(status=Case.Status.CLOSED)
    for task in _tasks(cases, today):
        overdue = task.due_on < today
        yield reminders.Reminder(
            user=task.case.owner,
            kind="overdue" if overdue else "coming_due",
            title=task.describe,
            link=task.link,
            case_id=task.case.pk,
            due_date=task.due_on,
            key=f"{task.key}:{'overdue' if overdue else 'due'}",
        )


reminders.register("care", care_reminders)
