"""Keeping the open work items (`WorkItem`) equal to what the source rows say.

`derive` is the reference: the items of some cases, read from the cases and their
services, follow-ups and plan actions exactly as the task list used to read them.
`sync` makes the stored items of some cases equal to it; services need not call it:
every write of a case, service, follow-up, plan, goal or action made through
`hearth.core.writes` (and every `deadlines.refresh`) syncs its case. `rebuild`
does all cases (a migration and the `rebuild_work_items` command use it on
existing databases, the bench generator after its bulk load), and `differences`
compares stored and derived items (the tests check it after every test)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import SimpleNamespace

from django.db import transaction
from django.db.models import IntegerField, QuerySet, Value
from django.utils import timezone

OPEN_WITH_PLAN = ("plan_approved", "in_implementation", "under_review")
BATCH = 2000
COLUMNS = (
    "kind", "row_id", "case_id", "owner_id", "team_id", "due_on", "due_at", "service_type_id",
    "detail",
)  # fmt: skip

# (kind, row_id, case_id, owner_id, team_id, due_on, due_at, service_type_id, detail)
Item = tuple


def current_models() -> SimpleNamespace:
    from hearth.cases import models

    return SimpleNamespace(
        Case=models.Case,
        Service=models.Service,
        FollowUp=models.FollowUp,
        PlanAction=models.PlanAction,
        WorkItem=models.WorkItem,
    )


def derive(case_ids: Iterable | None = None, m: SimpleNamespace | None = None) -> set[Item]:
    """The open work of the given cases (all cases when None), from the source rows.
    Only live, open cases have work; the item carries the case's owner and team."""
    m = m or current_models()
    cases = m.Case.objects.filter(is_voided=False).exclude(status="closed")
    if case_ids is not None:
        cases = cases.filter(pk__in=list(case_ids))
    who: dict = {}
    out: set[Item] = set()
    columns = (
        "pk", "owner_id", "team_id", "status", "assessment_due_at", "plan_due_on", "review_due_on"
    )  # fmt: skip
    for pk, owner, team, status, due_at, plan_due, review_due in cases.values_list(
        *columns
    ).iterator(chunk_size=BATCH):
        who[pk] = (owner, team)
        if status == "registered" and due_at is not None:
            day = timezone.localdate(due_at)
            out.add(("assessment", pk, pk, owner, team, day, due_at, None, ""))
        elif status == "assessed" and plan_due is not None:
            out.add(("case_plan", pk, pk, owner, team, plan_due, None, None, ""))
        if status in OPEN_WITH_PLAN and review_due is not None:
            out.add(("review", pk, pk, owner, team, review_due, None, None, ""))
    if not who:
        return out
    on = {"case_id__in": list(who)} if case_ids is not None else {}
    rows: list[tuple[str, QuerySet]] = [
        (
            "service",
            m.Service.objects.filter(status="planned", is_voided=False, **on).values_list(
                "pk", "case_id", "due_on", "service_type_id", Value("")
            ),
        ),
        (
            "follow_up",
            m.FollowUp.objects.filter(done_on__isnull=True, is_voided=False, **on).values_list(
                "pk", "case_id", "due_on", Value(None, IntegerField()), "kind"
            ),
        ),
        (
            "plan_action",
            m.PlanAction.objects.filter(
                done_on__isnull=True,
                is_voided=False,
                goal__is_voided=False,
                goal__plan__status="approved",
                **on,
            ).values_list("pk", "case_id", "target_date", Value(None, IntegerField()), Value("")),
        ),
    ]
    for kind, qs in rows:
        for pk, case_id, due, service_type, detail in qs.iterator(chunk_size=BATCH):
            if case_id in who and due is not None:
                owner, team = who[case_id]
                out.add((kind, pk, case_id, owner, team, due, None, service_type, detail))
    return out


def stored(case_ids: Iterable | None = None, m: SimpleNamespace | None = None) -> set[Item]:
    m = m or current_models()
    items = m.WorkItem.objects.all()
    if case_ids is not None:
        items = items.filter(case_id__in=list(case_ids))
    return set(items.values_list(*COLUMNS))


def _insert(items: Iterable[Item], m: SimpleNamespace) -> None:
    made = [m.WorkItem(**dict(zip(COLUMNS, item, strict=True))) for item in items]
    m.WorkItem.objects.bulk_create(made, batch_size=BATCH)


def sync(case_ids: Iterable) -> None:
    """Make the stored items of these cases equal to what their rows say: the few
    that differ are deleted and written again (no write when nothing changed)."""
    ids = {i for i in case_ids if i is not None}
    if not ids:
        return
    m = current_models()
    with transaction.atomic():
        want = derive(ids, m)
        have = stored(ids, m)
        gone = have - want
        if gone:
            for kind in {item[0] for item in gone}:
                rows = [item[1] for item in gone if item[0] == kind]
                m.WorkItem.objects.filter(kind=kind, row_id__in=rows).delete()
        _insert(want - have, m)


def rebuild(m: SimpleNamespace | None = None, progress: Callable[[str], None] | None = None) -> int:
    """Every case's items again, from scratch; returns how many were written."""
    m = m or current_models()
    say = progress or (lambda _message: None)
    with transaction.atomic():
        m.WorkItem.objects.all().delete()
        say("Reading the open work of every case…")
        items = derive(None, m)
        say(f"Writing {len(items)} open work items…")
        ordered = sorted(items, key=lambda i: (str(i[3]), i[5]))  # close to the owner index
        for start in range(0, len(ordered), BATCH * 10):
            _insert(ordered[start : start + BATCH * 10], m)
            say(f"  {min(start + BATCH * 10, len(ordered))} of {len(ordered)}")
    return len(items)


def differences(case_ids: Iterable | None = None) -> dict[str, set[Item]]:
    """{"missing": derived but not stored, "extra": stored but not derived}."""
    want, have = derive(case_ids), stored(case_ids)
    return {"missing": want - have, "extra": have - want}


# --- writes sync their case ------------------------------------------------------------


def _case_of(obj) -> object:
    from hearth.cases.models import Case

    return obj.pk if isinstance(obj, Case) else getattr(obj, "case_id", None)


def after_write(obj) -> None:
    sync([_case_of(obj)])


def register() -> None:
    from hearth.cases.models import Case, CasePlan, FollowUp, Goal, PlanAction, Service
    from hearth.core import writes

    for model in (Case, Service, FollowUp, PlanAction, Goal, CasePlan):
        writes.after_write(model, after_write)
