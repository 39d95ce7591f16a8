"""The tasks kept as data: deadlines on the user's own open cases (assessment,
plan, review) and the open plan actions, services and follow-ups on them, read
from the open work items (`WorkItem`, kept by `hearth.cases.work`).

One query counts every kind, one finds the first ids of a page in the list's
order (overdue first, then by due day, kind, due value and row), and one reads
those items with their case and child: three queries whatever the caseload and
the page size. The items are read through the access policy (`visible_work`,
with the direct grants as id lists) and the user's own cases (owned, or assigned
to them), as the cases themselves were."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case as When_
from django.db.models import Count, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from hearth.cases.access import assigned_case_ids, visible_work
from hearth.cases.models import FollowUp, WorkItem
from hearth.cases.task_sources import Task, child_label, detail_link

KINDS = tuple(WorkItem.Kind.values)
WEEK = dt.timedelta(days=7)

_FOLLOW_UP_KINDS = dict(FollowUp.Kind.choices)
# kind -> (title, anchor on the case page)
_TITLES = {
    "assessment": (
        lambda i: _("Assess the child (case %(n)s)") % {"n": i.case.number},
        "assessments",
    ),
    "case_plan": (lambda i: _("Write the case plan (case %(n)s)") % {"n": i.case.number}, "plan"),
    "review": (lambda i: _("Review the case plan (case %(n)s)") % {"n": i.case.number}, "reviews"),
    # The action's text is sensitive: the title names the step, not the words.
    "plan_action": (lambda i: _("Plan action due (case %(n)s)") % {"n": i.case.number}, "plan"),
    "service": (
        lambda i: _("%(service)s (case %(n)s)") % {"service": i.service_type, "n": i.case.number},
        "services",
    ),
    "follow_up": (
        lambda i: (
            _("%(kind)s (case %(n)s)")
            % {"kind": _FOLLOW_UP_KINDS.get(i.detail, i.detail), "n": i.case.number}
        ),
        "followups",
    ),
}


def own_items(user) -> QuerySet[WorkItem]:
    """The open work on the user's own cases (owned or assigned) that they may see.
    Their few open assignments are read first, so the owner index leads."""
    assigned = assigned_case_ids(user)
    own = Q(owner=user) | Q(case_id__in=assigned) if assigned else Q(owner=user)
    return visible_work(user).filter(own)


def late(today: dt.date, now: dt.datetime) -> Q:
    """Overdue: past its day, or (the assessment) past its moment. Put as a range
    on the due day first, so an index on it serves."""
    return Q(due_on__lte=today) & (Q(due_on__lt=today) | Q(due_at__lt=now))


def within(today: dt.date, now: dt.datetime, when: str) -> Q:
    """The items overdue ("overdue") or due within a week ("week", overdue included)."""
    if when == "overdue":
        return late(today, now)
    if when == "week":
        return Q(due_on__lt=today + WEEK + dt.timedelta(days=1))
    return Q()


def counts(items: QuerySet, today: dt.date, now: dt.datetime) -> dict[str, dict[str, int]]:
    """kind -> {"total", "overdue", "week"}: one aggregate, grouped by kind."""
    rows = (
        items.order_by()
        .values("kind")
        .annotate(
            total=Count("pk"),
            overdue=Count("pk", filter=within(today, now, "overdue")),
            week=Count("pk", filter=within(today, now, "week")),
        )
    )
    return {
        row["kind"]: {"total": row["total"], "overdue": row["overdue"], "week": row["week"]}
        for row in rows
    }


def first(items: QuerySet, n: int, today: dt.date, now: dt.datetime) -> list[tuple]:
    """(item id, place) of the first `n` items in the list's order: overdue first,
    then due day, kind, due value and row (the order the tasks are sorted in)."""
    ordered = items.annotate(
        waiting=When_(
            When(late(today, now), then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    ).order_by("waiting", "due_on", "kind", "due_at", "row_id")
    return [
        (pk, (bool(waiting), due_on))
        for pk, waiting, due_on in ordered.values_list("pk", "waiting", "due_on")[:n]
    ]


def read(keys: list, user, today: dt.date, now: dt.datetime) -> list[tuple[tuple, Task]]:
    """The tasks of these items, each with its tie-break within its kind."""
    found = []
    rows = WorkItem.objects.filter(pk__in=keys).select_related("case__child", "service_type")
    for item in rows:
        found.append(((item.due_at or item.due_on, item.row_id), to_task(item, user, today, now)))
    return found


def to_task(item: WorkItem, user, today: dt.date, now: dt.datetime) -> Task:
    title, anchor = _TITLES[item.kind]
    overdue = item.due_at < now if item.due_at is not None else item.due_on < today
    return Task(
        kind=item.kind,
        title=title(item),
        case_id=item.case_id,
        case_number=item.case.number,
        child=child_label(user, item.case.child),
        due=item.due_on,
        overdue=overdue,
        link=detail_link(item.case_id, anchor),
        key=f"{item.kind}:{item.row_id}:{item.due_on}",
    )
