"""/api/v1/tasks and /api/v1/team/summary: My tasks (G1) and the supervisor's team
view (G2), the same rows and numbers as the pages, from the same queries."""

from django.utils.translation import gettext as _
from ninja import Router

from hearth.access.decorators import api_requires
from hearth.cases.tasks import KINDS, WHEN, Task, task_list
from hearth.cases.team import team_summary
from hearth.core.errors import HearthError

router = Router(tags=["tasks"])


def task_out(task: Task) -> dict:
    return {
        "kind": task.kind,
        "kind_label": task.kind_label,
        "title": task.title,
        "case_id": task.case_id,
        "case_number": task.case_number,
        "child": task.child,
        "due": task.due,
        "overdue": task.overdue,
        "link": task.link,
        "key": task.key,
    }


@router.get("/tasks", summary="My tasks: overdue first, then by due date (G1)")
@api_requires("case.view")
def tasks(request, kind: str = "", when: str = "", page: int = 1, per: int = 50):
    if kind and kind not in KINDS:
        raise HearthError(
            _("kind is one of: %(kinds)s.") % {"kinds": ", ".join(KINDS)}, field="kind"
        )
    if when and when not in WHEN:
        raise HearthError(_("when is overdue or week."), field="when")
    if page < 1:
        raise HearthError(_("page starts at 1."), field="page")
    if not 1 <= per <= 200:
        raise HearthError(_("per must be between 1 and %(n)s.") % {"n": 200}, field="per")
    found = task_list(request.user, kind=kind, when=when)
    return {
        "total": found.total(),
        "page": page,
        "per": per,
        "counts": found.counts(),
        "items": [task_out(t) for t in found.page(page, per)],
    }


@router.get("/team/summary", summary="The team view: caseloads and overdue work per worker (G2)")
@api_requires("case.reassign")
def team(request):
    summary = team_summary(request.user)
    return {
        "approvals_waiting": summary.approvals_waiting,
        "unassigned": summary.unassigned,
        "totals": summary.totals(),
        "workers": [
            {
                "id": row.worker.pk,
                "name": str(row.worker),
                "team": row.worker.team_id,
                "open_cases": row.open_cases,
                "recommended": row.recommended,
                "maximum": row.maximum,
                "load": row.load,
                "high_risk": row.high_risk,
                "overdue": row.overdue,
                "overdue_total": row.overdue_total,
                "approvals_waiting": row.approvals,
            }
            for row in summary.workers
        ],
    }
