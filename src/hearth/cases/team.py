"""The supervisor's team view (G2): per worker, open cases against the caseload
limits of their role, overdue work by kind, high-risk cases and the approvals
waiting for the reader; and the cases nobody is working (their owner left, or
cannot work cases), by risk.

Everything counts over the cases the reader may see (a supervisor's team, a
manager's area), in a fixed number of queries whatever the number of workers:
one aggregate over cases grouped by owner, one over the overdue open work items
(kept as data, see `hearth.cases.work`) grouped by owner and kind, one for
approvals, and the workers with their roles. The visible set is read with its
direct grants as id lists, so the team's index serves it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q

from hearth.access import policy
from hearth.accounts.models import Role
from hearth.cases import task_items
from hearth.cases.access import visible_cases, visible_work
from hearth.cases.models import Case, RiskLevel
from hearth.core import clock

OVERDUE_KINDS = ("assessment", "case_plan", "review", "plan_action", "service", "follow_up")


def working_role_ids() -> list:
    """Roles whose holders work cases (case.work); roles are few, read them once."""
    return [role.pk for role in Role.objects.all() if "case.work" in role.permissions]


def unassigned_q(role_ids=None) -> Q:
    """Cases nobody is working: the owner's account is closed, or no role of theirs
    lets them work cases (e.g. a data clerk who registered it). The people are read
    first (users are few next to cases), so the cases are found by the owner index."""
    role_ids = working_role_ids() if role_ids is None else role_ids
    working = get_user_model().roles.through.objects.filter(
        user_id=OuterRef("pk"), role_id__in=role_ids
    )
    nobody = get_user_model().objects.filter(Q(is_active=False) | ~Q(Exists(working)))
    return Q(owner_id__in=list(nobody.values_list("pk", flat=True)))


@dataclass
class WorkerRow:
    worker: object
    open_cases: int = 0
    high_risk: int = 0
    overdue: dict[str, int] = field(default_factory=dict)
    approvals: int = 0
    recommended: int | None = None
    maximum: int | None = None

    @property
    def overdue_total(self) -> int:
        return sum(self.overdue.values())

    @property
    def load(self) -> str:
        """ "over" the maximum, "above" the recommendation, or "" within it."""
        if self.maximum is not None and self.open_cases > self.maximum:
            return "over"
        if self.recommended is not None and self.open_cases > self.recommended:
            return "above"
        return ""


@dataclass
class TeamSummary:
    workers: list[WorkerRow]
    unassigned: dict[str, int]  # risk level -> open cases nobody works
    approvals_waiting: int

    @property
    def unassigned_total(self) -> int:
        return sum(self.unassigned.values())

    def totals(self) -> dict:
        return {
            "open_cases": sum(w.open_cases for w in self.workers),
            "high_risk": sum(w.high_risk for w in self.workers),
            "overdue": {
                kind: sum(w.overdue.get(kind, 0) for w in self.workers) for kind in OVERDUE_KINDS
            },
        }


def _per_owner(qs, owner_path: str) -> dict:
    return {row[owner_path]: row["n"] for row in qs.values(owner_path).annotate(n=Count("pk"))}


def team_summary(user, today: dt.date | None = None) -> TeamSummary:
    """The numbers of the team view for `user` (see the module docstring)."""
    from hearth.cases.queries_plan import approvals_waiting

    today = today or clock.today()
    now = clock.now()
    cases = visible_cases(user, listed=True).exclude(status=Case.Status.CLOSED)
    role_ids = working_role_ids()
    # Counted for every owner; owners who cannot work cases drop out below, when
    # only active people with a working role become rows.
    by_owner = {
        row["owner"]: row
        for row in cases.order_by()
        .values("owner")
        .annotate(
            open_cases=Count("pk"),
            high_risk=Count("pk", filter=Q(risk_level=RiskLevel.HIGH)),
        )
    }
    late: dict[str, dict] = {kind: {} for kind in OVERDUE_KINDS}
    for row in (
        visible_work(user)
        .filter(task_items.late(today, now))
        .order_by()
        .values("owner", "kind")
        .annotate(n=Count("pk"))
    ):
        late[row["kind"]][row["owner"]] = row["n"]
    waiting = (
        _per_owner(approvals_waiting(user).order_by(), "case__owner")
        if policy.has_perm(user, "case.approve")
        else {}
    )
    unassigned = {
        row["risk_level"]: row["n"]
        for row in cases.filter(unassigned_q(role_ids))
        .order_by()
        .values("risk_level")
        .annotate(n=Count("pk"))
    }
    # The workers: everyone with open cases here, and a supervisor's whole team
    # (a worker with no case yet is still on the team).
    users = get_user_model().objects.filter(is_active=True, roles__in=role_ids)
    team_q = Q(pk__in=list(by_owner))
    if user.team_id and policy.has_perm(user, "case.approve"):
        team_q |= Q(team_id=user.team_id)
    people = list(users.filter(team_q).distinct().prefetch_related("roles"))
    rows = []
    for person in sorted(people, key=lambda p: (str(p).lower(), str(p.pk))):
        counts = by_owner.get(person.pk, {})
        roles = list(person.roles.all())
        recommended = [r.caseload_recommended for r in roles if r.caseload_recommended]
        maximum = [r.caseload_max for r in roles if r.caseload_max]
        rows.append(
            WorkerRow(
                worker=person,
                open_cases=counts.get("open_cases", 0),
                high_risk=counts.get("high_risk", 0),
                overdue={kind: late[kind].get(person.pk, 0) for kind in OVERDUE_KINDS},
                approvals=waiting.get(person.pk, 0),
                # The most generous role applies, as in caseload.limits.
                recommended=max(recommended) if recommended else None,
                maximum=max(maximum) if maximum else None,
            )
        )
    return TeamSummary(
        workers=rows,
        unassigned={level: unassigned.get(level, 0) for level, _label in RiskLevel.choices},
        approvals_waiting=sum(waiting.values()),
    )
