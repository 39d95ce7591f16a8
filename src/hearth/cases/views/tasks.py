"""My tasks (G1) and the supervisor's team view (G2), and the home-page panels
"My tasks" and "My cases"."""

from django.core.paginator import Page, Paginator
from django.shortcuts import render

from hearth.access.decorators import reads_only, requires
from hearth.cases import queries
from hearth.cases.tasks import KINDS, WHEN, task_list
from hearth.cases.team import OVERDUE_KINDS, team_summary

PER_PAGE = 50


class TaskPaginator(Paginator):
    """A paginator over a TaskList: the count and each page are their own queries,
    a fixed number per kind whatever the page size."""

    def __init__(self, tasks, per_page):
        self.tasks = tasks
        super().__init__([], per_page)

    @property
    def count(self):
        if not hasattr(self, "_count"):
            self._count = self.tasks.total()
        return self._count

    def page(self, number):
        number = self.validate_number(number)
        return Page(self.tasks.page(number, self.per_page), number, self)


def _page_size(request) -> int:
    try:
        return max(1, min(int(request.GET.get("per", PER_PAGE)), 200))
    except ValueError:
        return PER_PAGE


@requires("case.view")
@reads_only
def my_tasks(request):
    """Everything due on the user's cases and waiting for their answer, overdue
    first; filtered by kind and by "overdue" or "due this week"."""
    kind = request.GET.get("kind", "")
    when = request.GET.get("when", "")
    tasks = task_list(
        request.user,
        kind=kind if kind in KINDS else "",
        when=when if when in WHEN else "",
    )
    counts = tasks.counts()
    page = TaskPaginator(tasks, _page_size(request)).get_page(request.GET.get("page"))
    kinds = [
        {"code": code, "label": KINDS[code], **counts[code]}
        for code in KINDS
        if code in counts and counts[code]["total"]
    ]
    return render(
        request,
        "cases/tasks/list.html",
        {
            "page": page,
            "kinds": kinds,
            "kind": kind,
            "when": when,
            "overdue_total": sum(c["overdue"] for c in counts.values()),
        },
    )


@requires("case.reassign")
@reads_only
def team_view(request):
    """Per worker of the reader's team (or a manager's area): caseload against the
    role's limits, overdue work by kind, high-risk cases, approvals waiting; and
    the cases nobody is working, by risk. Each number links to the cases behind it."""
    summary = team_summary(request.user)
    return render(
        request,
        "cases/tasks/team.html",
        {
            "summary": summary,
            "totals": summary.totals(),
            "kinds": [(kind, KINDS[kind]) for kind in OVERDUE_KINDS],
        },
    )


# --- home-page panels ---------------------------------------------------------------


def tasks_panel(user) -> dict:
    tasks = task_list(user)
    counts = tasks.counts()
    return {
        "tasks": tasks.first(5),
        "overdue": sum(c["overdue"] for c in counts.values()),
        "total": sum(c["total"] for c in counts.values()),
    }


def cases_panel(user) -> dict:
    qs = queries.case_list(user, scope="mine", sort="next_due")
    return {"cases": list(qs[:5]), "open": qs.count()}
