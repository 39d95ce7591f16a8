"""Supervisor approval (C4): the "Approvals waiting" page, the decision on one
request, and the "Approvals" section of the case page that shows requests and
decisions with their comments to worker and supervisor alike."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearth.access.decorators import requires
from hearth.cases import queries_plan, sections
from hearth.cases.forms_plan import DecisionForm
from hearth.cases.models import Approval
from hearth.cases.services import approvals
from hearth.web.forms import submit


def _with_subjects(items: list[Approval]) -> list[Approval]:
    titles = queries_plan.subject_titles(items)
    for approval in items:
        approval.title = titles.get(approval.subject_id, "")  # type: ignore[attr-defined]
        approval.link = queries_plan.subject_url(approval)  # type: ignore[attr-defined]
    return items


@requires("case.approve")
def approvals_waiting(request):
    """Requests waiting for the supervisor's decision, oldest first."""
    items = _with_subjects(list(queries_plan.approvals_waiting(request.user)[:200]))
    return render(request, "cases/approval/list.html", {"approvals": items})


@requires("case.approve")
def approval_decide(request, pk):
    """Approve, or return with a comment saying what to change (never one's own
    request: the service refuses it)."""
    approval = queries_plan.approval_for(request.user, pk, "case.approve")
    form = DecisionForm(request.POST or None, initial={"version": approval.version})
    approve = request.POST.get("decision") == "approve"

    def decide(data):
        return approvals.approval_decide(
            actor=request.user,
            approval=approval,
            approve=approve,
            comment=data["comment"],
            expected_version=data["version"],
        )

    if submit(request, form, decide):
        if approve:
            messages.success(request, _("Approved. The worker has been told."))
        else:
            messages.success(request, _("Returned with your comment. The worker has been told."))
        return redirect("cases:approvals")
    if request.method == "POST":
        approval.refresh_from_db()  # a refused decision changed nothing
    _with_subjects([approval])
    return render(
        request,
        "cases/approval/decide.html",
        {
            "approval": approval,
            "case": approval.case,
            "pending": approval if approval.decision == Approval.Decision.PENDING else None,
            "decide_form": form,
            "own": approval.created_by_id == request.user.pk,
        },
    )


# --- the case page section ----------------------------------------------------------


def build(user, case) -> dict:
    return {"history": _with_subjects(list(queries_plan.approvals_of(case)[:50]))}


sections.add(
    "approvals", gettext_lazy("Approvals"), "cases/approval/_section.html", build, order=35
)
