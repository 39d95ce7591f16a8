"""Case plan pages (D1): draft goals and actions, submit for approval, follow the
approved plan (actions done, goal outcomes), revise it. The "Case plan" section of
the case page."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hearth.access import policy
from hearth.access.decorators import requires
from hearth.cases import queries, queries_plan, sections, workflow
from hearth.cases.forms_plan import (
    ActionDoneForm,
    ActionForm,
    GoalForm,
    GoalOutcomeForm,
    PlanSubmitForm,
    PlanSummaryForm,
)
from hearth.cases.models import Approval, CasePlan
from hearth.cases.services import plan as services
from hearth.cases.services import registration
from hearth.cases.views.assessment import approval_context
from hearth.cases.views.buttons import form_errors, press
from hearth.web.forms import submit


def _to_plan(plan, anchor: str = ""):
    return redirect(reverse("cases:plan_detail", args=[plan.pk]) + (f"#{anchor}" if anchor else ""))


def _form_page(request, plan, form, title, button=""):
    return render(
        request,
        "cases/plan/form.html",
        {"case": plan.case, "plan": plan, "form": form, "title": title, "button": button},
    )


@requires("case.work")
@require_POST
def plan_start(request, pk):
    case = queries.case_for(request.user, pk, "case.work")
    plan = press(request, lambda: services.plan_start(actor=request.user, case=case))
    if plan:
        return _to_plan(plan)
    return redirect(reverse("cases:detail", args=[case.pk]) + "#plan")


@requires("case.view")
def plan_detail(request, pk):
    plan = queries_plan.plan_for(request.user, pk)
    case = plan.case
    registration.record_read(actor=request.user, case=case, what=f"case plan {plan.pk}")
    editable = plan.status in services.EDITABLE and case.is_open
    approved = plan.status == CasePlan.Status.APPROVED
    return render(
        request,
        "cases/plan/detail.html",
        {
            "case": case,
            "plan": plan,
            "goals": queries_plan.goals_of(plan),
            "editable": editable,
            "approved": approved,
            "submit_form": PlanSubmitForm(initial={"version": plan.version}) if editable else None,
            "outcomes": GoalOutcomeForm.base_fields["outcome"].choices,
            "may_revise": approved and case.is_open and queries_plan.plan_in_progress(case) is None,
            **approval_context(request, case, Approval.Subject.CASE_PLAN, plan.pk),
        },
    )


@requires("case.work")
def plan_edit(request, pk):
    plan = queries_plan.plan_for(request.user, pk, "case.work")
    form = PlanSummaryForm(
        request.POST or None, initial={"summary": plan.summary, "version": plan.version}
    )
    if submit(
        request,
        form,
        lambda data: services.plan_update(
            actor=request.user,
            plan=plan,
            summary=data["summary"],
            expected_version=data["version"],
        ),
        _("Plan saved."),
    ):
        return _to_plan(plan)
    return _form_page(request, plan, form, _("Summary of the plan"))


@requires("case.work")
def goal_add(request, pk):
    plan = queries_plan.plan_for(request.user, pk, "case.work")
    form = GoalForm(request.POST or None)
    goal = submit(
        request,
        form,
        lambda data: services.goal_add(
            actor=request.user, plan=plan, domain=data["domain"], description=data["description"]
        ),
        _("Goal added. Now add the actions that will reach it."),
    )
    if goal:
        return _to_plan(plan, f"goal-{goal.pk}")
    return _form_page(request, plan, form, _("Add a goal"))


@requires("case.work")
def goal_edit(request, pk):
    goal = queries_plan.goal_for(request.user, pk, "case.work")
    form = GoalForm(
        request.POST or None,
        initial={"domain": goal.domain, "description": goal.description, "version": goal.version},
    )
    if submit(
        request,
        form,
        lambda data: services.goal_update(
            actor=request.user,
            goal=goal,
            domain=data["domain"],
            description=data["description"],
            expected_version=data["version"],
        ),
        _("Goal saved."),
    ):
        return _to_plan(goal.plan, f"goal-{goal.pk}")
    return _form_page(request, goal.plan, form, _("Change the goal"))


@requires("case.work")
@require_POST
def goal_remove(request, pk):
    goal = queries_plan.goal_for(request.user, pk, "case.work")
    press(
        request,
        lambda: services.goal_remove(actor=request.user, goal=goal),
        _("Goal removed from the draft."),
    )
    return _to_plan(goal.plan)


def _action_fields(data) -> dict:
    return {k: v for k, v in data.items() if k != "version"}


@requires("case.work")
def action_add(request, pk):
    goal = queries_plan.goal_for(request.user, pk, "case.work")
    form = ActionForm(request.POST or None, case=goal.case)
    if submit(
        request,
        form,
        lambda data: services.action_add(actor=request.user, goal=goal, **_action_fields(data)),
        _("Action added."),
    ):
        return _to_plan(goal.plan, f"goal-{goal.pk}")
    return _form_page(request, goal.plan, form, _("Add an action to: %(g)s") % {"g": goal})


@requires("case.work")
def action_edit(request, pk):
    action = queries_plan.action_for(request.user, pk, "case.work")
    initial = {
        "description": action.description,
        "responsible_user": action.responsible_user_id,
        "responsible_agency": action.responsible_agency_id,
        "responsible_other": action.responsible_other,
        "target_date": action.target_date,
        "version": action.version,
    }
    form = ActionForm(request.POST or None, initial=initial, case=action.case)
    if submit(
        request,
        form,
        lambda data: services.action_update(
            actor=request.user,
            action=action,
            expected_version=data["version"],
            **_action_fields(data),
        ),
        _("Action saved."),
    ):
        return _to_plan(action.goal.plan, f"goal-{action.goal_id}")
    return _form_page(request, action.goal.plan, form, _("Change the action"))


@requires("case.work")
@require_POST
def action_remove(request, pk):
    action = queries_plan.action_for(request.user, pk, "case.work")
    press(
        request,
        lambda: services.action_remove(actor=request.user, action=action),
        _("Action removed from the draft."),
    )
    return _to_plan(action.goal.plan, f"goal-{action.goal_id}")


def _inline(request, form, action, success):
    """A small form posted from the plan page: run it, or flash what was wrong."""
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return None
    return press(request, lambda: action(form.cleaned_data), success)


@requires("case.work")
@require_POST
def action_done(request, pk):
    action = queries_plan.action_for(request.user, pk, "case.work")
    _inline(
        request,
        ActionDoneForm(request.POST),
        lambda data: services.action_done(
            actor=request.user,
            action=action,
            done_on=data["done_on"],
            expected_version=data["version"],
        ),
        _("Action updated."),
    )
    return _to_plan(action.goal.plan, f"goal-{action.goal_id}")


@requires("case.work")
@require_POST
def goal_outcome(request, pk):
    goal = queries_plan.goal_for(request.user, pk, "case.work")
    _inline(
        request,
        GoalOutcomeForm(request.POST),
        lambda data: services.goal_outcome(
            actor=request.user,
            goal=goal,
            outcome=data["outcome"],
            expected_version=data["version"],
        ),
        _("Outcome recorded."),
    )
    return _to_plan(goal.plan, f"goal-{goal.pk}")


@requires("case.work")
@require_POST
def plan_submit(request, pk):
    plan = queries_plan.plan_for(request.user, pk, "case.work")

    def send(data):
        return services.plan_submit(
            actor=request.user, plan=plan, note=data["note"], expected_version=data["version"]
        )

    done = _inline(request, PlanSubmitForm(request.POST), send, "")
    if done:
        if done.status == CasePlan.Status.SUBMITTED:
            messages.success(request, _("Plan submitted for approval."))
        else:
            messages.success(request, _("Plan approved."))
    return _to_plan(plan)


@requires("case.work")
@require_POST
def plan_withdraw(request, pk):
    plan = queries_plan.plan_for(request.user, pk, "case.work")
    press(
        request,
        lambda: services.plan_withdraw(actor=request.user, plan=plan),
        _("Request withdrawn: the plan is a draft again."),
    )
    return _to_plan(plan)


@requires("case.work")
@require_POST
def plan_revise(request, pk):
    plan = queries_plan.plan_for(request.user, pk, "case.work")
    draft = press(
        request,
        lambda: services.plan_revise(actor=request.user, plan=plan),
        _("A new draft was made from the approved plan. It replaces it once approved."),
    )
    return _to_plan(draft if draft else plan)


# --- the case page section ----------------------------------------------------------


def build(user, case) -> dict:
    # A case has a handful of plans (each revision one): read them all, newest
    # first, and pick the current one, the one in progress and the earlier ones,
    # as `current_plan`, `plan_in_progress` and `plans_of` would one query each.
    plans = list(queries_plan.plans_of(case))
    current = next((p for p in plans if p.status == CasePlan.Status.APPROVED), None)
    in_progress = next((p for p in plans if p.status in queries_plan.IN_PROGRESS), None)
    problem = workflow.needs_assessment(case, queries_plan.live_assessments(case))
    return {
        "current": current,
        "goals": queries_plan.goals_of(current) if current else [],
        "in_progress": in_progress,
        "earlier": [p for p in plans if p.status == CasePlan.Status.SUPERSEDED][:10],
        "precondition": problem,
        "may_start": (
            case.is_open
            and not problem
            and current is None
            and in_progress is None
            and policy.has_perm(user, "case.work")
        ),
    }


sections.add("plan", gettext_lazy("Case plan"), "cases/plan/_section.html", build, order=30)
