"""The case plan (D1): goals by area of need, each with actions, who is responsible
and by when; drafted after a completed assessment, approved by a supervisor where
required (C4), then followed: actions done, goals met or not.

A plan changes only while it is a draft (or returned). Every change to its goals
and actions bumps the plan's version, so a worker who submits or replaces a plan
someone else has just changed gets a conflict instead of sending what they never
saw. An approved plan is revised by drafting the next one from a copy; when that
is approved, the earlier plan is superseded."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.access.sensitivity import Level, declare
from hearth.accounts.models import Agency
from hearth.audit.services import record_change
from hearth.cases import deadlines, workflow
from hearth.cases.models import Approval, Case, CasePlan, Goal, PlanAction
from hearth.cases.queries_plan import responsible_workers
from hearth.cases.services import approvals
from hearth.cases.services.assessment import require_version
from hearth.core import clock, writes
from hearth.core.errors import Refused

declare("cases.caseplan", summary=Level.SENSITIVE)

EDITABLE = (CasePlan.Status.DRAFT, CasePlan.Status.RETURNED)
IN_PROGRESS = (*EDITABLE, CasePlan.Status.SUBMITTED)
ACTION_FIELDS = frozenset(
    {"description", "responsible_user", "responsible_agency", "responsible_other", "target_date"}
)
REMOVED = "Removed from the draft plan"


def _locked_case(case_id) -> Case:
    return Case.objects.select_for_update().get(pk=case_id)


def _require_ready_to_plan(case: Case) -> None:
    if not case.is_open:
        raise Refused(_("The case is closed. Reopen it first."))
    problem = workflow.needs_assessment(case)
    if problem:
        raise Refused(problem)


def _require_editable(plan: CasePlan) -> None:
    if plan.status == CasePlan.Status.SUBMITTED:
        raise Refused(_("This plan is waiting for approval. Withdraw the request to change it."))
    if plan.status not in EDITABLE:
        raise Refused(
            _("An approved plan does not change. Revise it to draft the next plan.")
            if plan.status == CasePlan.Status.APPROVED
            else _("This plan was replaced by a later one and can no longer change.")
        )


def _require_approved(plan: CasePlan) -> None:
    if plan.status != CasePlan.Status.APPROVED:
        raise Refused(_("Progress is recorded on the approved plan."))


def _touch(actor, plan: CasePlan) -> None:
    """A change to the plan's goals or actions is a change to the plan."""
    writes.update(plan, actor=actor)


# --- checking goals and actions -----------------------------------------------------


def _goal_problems(fields: dict) -> dict:
    problems = {}
    if fields.get("domain") not in Goal.Domain.values:
        problems["domain"] = _("Choose the area of need.")
    if not (fields.get("description") or "").strip():
        problems["description"] = _("Describe the goal.")
    return problems


def _row(model, value, **filters):
    """A row given as itself or by id (None for nothing or an unknown id)."""
    if value in (None, "") or isinstance(value, model):
        return value or None
    try:
        return model.objects.filter(pk=value, **filters).first()
    except (ValueError, TypeError, ValidationError):
        return None


def _resolve(case: Case, fields: dict) -> tuple[dict, dict]:
    """The action's fields with the responsible worker and agency as rows (ids are
    accepted), and any problems by field."""
    fields = dict(fields)
    problems = {}
    unknown = set(fields) - ACTION_FIELDS
    if unknown:
        problems["__all__"] = _("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))}
    user = _row(get_user_model(), fields.get("responsible_user"))
    named = fields.get("responsible_user") not in (None, "")
    if named and (user is None or not responsible_workers(case).filter(pk=user.pk).exists()):
        problems["responsible_user"] = _(
            "Choose a worker of the case's agency or one assigned to the case."
        )
    agency = _row(Agency, fields.get("responsible_agency"), is_active=True, is_voided=False)
    if fields.get("responsible_agency") not in (None, "") and agency is None:
        problems["responsible_agency"] = _("Choose an agency in Hearth.")
    fields["responsible_user"], fields["responsible_agency"] = user, agency
    fields["responsible_other"] = (fields.get("responsible_other") or "").strip()
    fields["description"] = (fields.get("description") or "").strip()
    if not fields["description"]:
        problems["description"] = _("Describe the action.")
    if not isinstance(fields.get("target_date"), dt.date):
        problems["target_date"] = _("Give the target date.")
    if not (user or agency or fields["responsible_other"]) and "responsible_user" not in problems:
        problems["responsible_user"] = _(
            "Say who is responsible: a worker, an agency or another person."
        )
    return fields, problems


def _prefixed(prefix: str, problems: dict) -> dict:
    return {f"{prefix}.{k}" if k != "__all__" else prefix: v for k, v in problems.items()}


# --- saving goals and actions (each audited) ----------------------------------------


def _save_goal(actor, goal: Goal, fields: dict) -> Goal:
    new = goal._state.adding
    before = None if new else writes.snapshot(goal)
    goal.domain = fields["domain"]
    goal.description = fields["description"].strip()
    if new:
        writes.create(goal, actor=actor)
    elif before is not None and writes.changes(before, writes.snapshot(goal)):
        writes.update(goal, actor=actor)
    else:
        return goal
    event = "plan.goal_add" if new else "plan.goal_update"
    record_change(actor=actor, action=event, target=goal, before=before)
    return goal


def _save_action(actor, action: PlanAction, fields: dict) -> PlanAction:
    new = action._state.adding
    before = None if new else writes.snapshot(action)
    for field in ACTION_FIELDS:
        setattr(action, field, fields.get(field))
    if new:
        writes.create(action, actor=actor)
    elif before is not None and writes.changes(before, writes.snapshot(action)):
        writes.update(action, actor=actor)
    else:
        return action
    event = "plan.action_add" if new else "plan.action_update"
    record_change(actor=actor, action=event, target=action, before=before)
    return action


def _remove(actor, row, action: str) -> None:
    before = writes.snapshot(row)
    writes.void(row, actor=actor, reason=REMOVED)
    record_change(actor=actor, action=action, target=row, before=before)


# --- the plan -----------------------------------------------------------------------


@transaction.atomic
def plan_start(*, actor, case: Case, summary: str = "") -> CasePlan:
    """Start the case plan, once an assessment is completed (D1). There is one plan
    in preparation at a time; an approved plan is changed by revising it."""
    policy.require(actor, "case.work", case)
    case = _locked_case(case.pk)
    _require_ready_to_plan(case)
    in_progress = case.plans.filter(status__in=IN_PROGRESS, is_voided=False).first()
    if in_progress:
        raise Refused(
            _("Case plan %(n)s is already in preparation; continue it.") % {"n": in_progress.number}
        )
    if case.plans.filter(status=CasePlan.Status.APPROVED, is_voided=False).exists():
        raise Refused(_("The case has an approved plan. Revise it to draft the next one."))
    last = case.plans.aggregate(last=Max("number"))["last"] or 0
    plan = CasePlan(case=case, number=last + 1, summary=(summary or "").strip())
    writes.create(plan, actor=actor)
    record_change(actor=actor, action="plan.start", target=plan, before=None)
    return plan


@transaction.atomic
def plan_update(
    *, actor, plan: CasePlan, summary: str, expected_version: int | None = None
) -> CasePlan:
    policy.require(actor, "case.work", plan.case)
    _require_editable(plan)
    require_version(plan, expected_version)
    before = writes.snapshot(plan)
    plan.summary = (summary or "").strip()
    writes.update(plan, actor=actor, expected_version=expected_version)
    record_change(actor=actor, action="plan.update", target=plan, before=before)
    return plan


@transaction.atomic
def goal_add(*, actor, plan: CasePlan, domain: str, description: str) -> Goal:
    policy.require(actor, "case.work", plan.case)
    _require_editable(plan)
    fields = {"domain": domain, "description": description}
    problems = _goal_problems(fields)
    if problems:
        raise ValidationError(problems)
    goal = _save_goal(actor, Goal(plan=plan, case_id=plan.case_id), fields)
    _touch(actor, plan)
    return goal


@transaction.atomic
def goal_update(
    *, actor, goal: Goal, domain: str, description: str, expected_version: int | None = None
) -> Goal:
    policy.require(actor, "case.work", goal.case)
    _require_editable(goal.plan)
    fields = {"domain": domain, "description": description}
    problems = _goal_problems(fields)
    if problems:
        raise ValidationError(problems)
    require_version(goal, expected_version)
    _save_goal(actor, goal, fields)
    _touch(actor, goal.plan)
    return goal


@transaction.atomic
def goal_remove(*, actor, goal: Goal) -> None:
    """Take a goal, and its actions, out of a draft plan (voided, kept for history)."""
    policy.require(actor, "case.work", goal.case)
    _require_editable(goal.plan)
    for action in goal.actions.filter(is_voided=False):
        _remove(actor, action, "plan.action_remove")
    _remove(actor, goal, "plan.goal_remove")
    _touch(actor, goal.plan)


@transaction.atomic
def action_add(*, actor, goal: Goal, **fields) -> PlanAction:
    policy.require(actor, "case.work", goal.case)
    _require_editable(goal.plan)
    fields, problems = _resolve(goal.case, fields)
    if problems:
        raise ValidationError(problems)
    action = _save_action(actor, PlanAction(goal=goal, case_id=goal.case_id), fields)
    _touch(actor, goal.plan)
    return action


@transaction.atomic
def action_update(
    *, actor, action: PlanAction, expected_version: int | None = None, **fields
) -> PlanAction:
    policy.require(actor, "case.work", action.case)
    _require_editable(action.goal.plan)
    fields, problems = _resolve(action.case, fields)
    if problems:
        raise ValidationError(problems)
    require_version(action, expected_version)
    _save_action(actor, action, fields)
    _touch(actor, action.goal.plan)
    return action


@transaction.atomic
def action_remove(*, actor, action: PlanAction) -> None:
    policy.require(actor, "case.work", action.case)
    _require_editable(action.goal.plan)
    _remove(actor, action, "plan.action_remove")
    _touch(actor, action.goal.plan)


@transaction.atomic
def plan_replace(
    *,
    actor,
    plan: CasePlan,
    goals: list[dict],
    summary: str | None = None,
    expected_version: int | None = None,
) -> CasePlan:
    """Set a draft plan's whole content at once: `goals` is the full list, each
    {"id"?, "domain", "description", "actions": [{"id"?, "description",
    "responsible_user"?, "responsible_agency"?, "responsible_other"?,
    "target_date"}]}. Goals and actions with an id are changed, those without are
    added, and those left out are removed. Problems are reported by path
    ("goals.0.actions.1.target_date") and nothing changes."""
    policy.require(actor, "case.work", plan.case)
    _require_editable(plan)
    require_version(plan, expected_version)
    old_goals = {str(g.pk): g for g in plan.goals.filter(is_voided=False)}
    old_actions = {
        str(a.pk): a for a in PlanAction.objects.filter(goal__plan=plan, is_voided=False)
    }
    problems: dict = {}
    wanted = []  # (goal, fields, [(action, fields)])
    for i, given in enumerate(goals or []):
        path = f"goals.{i}"
        given = dict(given)
        goal = _existing(old_goals, given.pop("id", None), path, problems)
        actions = given.pop("actions", None) or []
        goal_fields = {k: given.get(k) for k in ("domain", "description")}
        problems.update(_prefixed(path, _goal_problems(goal_fields)))
        planned = []
        for j, action_given in enumerate(actions):
            action_path = f"{path}.actions.{j}"
            action_given = dict(action_given)
            action = _existing(old_actions, action_given.pop("id", None), action_path, problems)
            fields, action_problems = _resolve(plan.case, action_given)
            problems.update(_prefixed(action_path, action_problems))
            planned.append((action, fields))
        wanted.append((goal, goal_fields, planned))
    if problems:
        raise ValidationError(problems)
    before = writes.snapshot(plan)
    kept = set()
    for goal, goal_fields, planned in wanted:
        goal = goal or Goal(plan=plan, case_id=plan.case_id)
        _save_goal(actor, goal, goal_fields)
        kept.add(str(goal.pk))
        for action, fields in planned:
            action = action or PlanAction(case_id=plan.case_id)
            action.goal = goal
            _save_action(actor, action, fields)
            kept.add(str(action.pk))
    for pk, action in old_actions.items():
        if pk not in kept:
            _remove(actor, action, "plan.action_remove")
    for pk, goal in old_goals.items():
        if pk not in kept:
            _remove(actor, goal, "plan.goal_remove")
    if summary is not None:
        plan.summary = summary.strip()
    writes.update(plan, actor=actor, expected_version=expected_version)
    record_change(actor=actor, action="plan.replace", target=plan, before=before)
    return plan


def _existing(rows: dict, pk, path: str, problems: dict):
    if pk in (None, ""):
        return None
    row = rows.get(str(pk))
    if row is None:
        problems[f"{path}.id"] = _("This is not part of this draft plan.")
    return row


def _submission_problems(plan: CasePlan) -> dict:
    """D1: a plan holds goals, each with at least one action."""
    goals = list(plan.goals.filter(is_voided=False).order_by("created_at", "pk"))
    if not goals:
        return {"goals": _("Add at least one goal.")}
    problems = {}
    for i, goal in enumerate(goals):
        if not goal.actions.filter(is_voided=False).exists():
            problems[f"goals.{i}.actions"] = _("Add at least one action to the goal “%(g)s”.") % {
                "g": goal.description[:60]
            }
    return problems


@transaction.atomic
def plan_submit(
    *, actor, plan: CasePlan, note: str = "", expected_version: int | None = None
) -> CasePlan:
    """Submit the plan: it needs goals with actions and a completed assessment.
    Where approval is required it waits for a supervisor (C4); otherwise it is
    approved at once."""
    policy.require(actor, "case.work", plan.case)
    _require_editable(plan)
    _require_ready_to_plan(plan.case)
    require_version(plan, expected_version)
    problems = _submission_problems(plan)
    if problems:
        raise ValidationError(problems)
    before = writes.snapshot(plan)
    needs_approval = deadlines.approval_required("case_plan")
    plan.status = CasePlan.Status.SUBMITTED
    writes.update(plan, actor=actor, expected_version=expected_version)
    record_change(actor=actor, action="plan.submit", target=plan, before=before)
    if needs_approval:
        approvals.approval_request(
            actor=actor,
            case=plan.case,
            subject=Approval.Subject.CASE_PLAN,
            subject_id=plan.pk,
            note=(note or "").strip(),
        )
    else:
        _approved(actor, plan)
    return plan


def _approved(actor, plan: CasePlan) -> None:
    """The plan is in force: the one before it is superseded, the case moves to
    "plan approved" from assessed or under review (other steps keep their state),
    and the next review comes due (E2)."""
    case = _locked_case(plan.case_id)
    for earlier in case.plans.filter(status=CasePlan.Status.APPROVED, is_voided=False).exclude(
        pk=plan.pk
    ):
        before = writes.snapshot(earlier)
        earlier.status = CasePlan.Status.SUPERSEDED
        writes.update(earlier, actor=actor)
        record_change(actor=actor, action="plan.supersede", target=earlier, before=before)
    before = writes.snapshot(plan)
    plan.status = CasePlan.Status.APPROVED
    plan.approved_at = clock.now()
    writes.update(plan, actor=actor)
    record_change(actor=actor, action="plan.approve", target=plan, before=before)
    before = writes.snapshot(case)
    case.review_due_on = deadlines.review_due(case, clock.today())
    if workflow.can_move(case, "plan_approved"):
        workflow.advance(actor=actor, case=case, name="plan_approved")
    else:
        writes.update(case, actor=actor)
    record_change(actor=actor, action="case.review_deadline", target=case, before=before)
    deadlines.refresh(case)
    plan.case = case


@transaction.atomic
def plan_withdraw(*, actor, plan: CasePlan) -> CasePlan:
    """The worker who asked for approval takes the request back to change the plan."""
    policy.require(actor, "case.work", plan.case)
    approval = approvals.pending_for(Approval.Subject.CASE_PLAN, plan.pk)
    if plan.status != CasePlan.Status.SUBMITTED or approval is None:
        raise Refused(_("This plan is not waiting for approval."))
    if approval.created_by_id != actor.pk:
        raise Refused(_("Only the person who asked for approval can withdraw the request."))
    approvals.approval_withdraw(actor=actor, approval=approval)
    before = writes.snapshot(plan)
    plan.status = CasePlan.Status.DRAFT
    writes.update(plan, actor=actor)
    record_change(actor=actor, action="plan.withdraw", target=plan, before=before)
    return plan


@transaction.atomic
def plan_revise(*, actor, plan: CasePlan) -> CasePlan:
    """Draft the next plan (number N+1) as a copy of the approved one: its goals
    with their outcomes, and its actions with what is already done. The approved
    plan stays in force until the new one is approved."""
    policy.require(actor, "case.work", plan.case)
    case = _locked_case(plan.case_id)
    if plan.status != CasePlan.Status.APPROVED:
        raise Refused(_("Only the approved plan can be revised."))
    if not case.is_open:
        raise Refused(_("The case is closed. Reopen it first."))
    in_progress = case.plans.filter(status__in=IN_PROGRESS, is_voided=False).first()
    if in_progress:
        raise Refused(
            _("Case plan %(n)s is already in preparation; continue it.") % {"n": in_progress.number}
        )
    last = case.plans.aggregate(last=Max("number"))["last"] or 0
    draft = CasePlan(case=case, number=last + 1, summary=plan.summary)
    writes.create(draft, actor=actor)
    for goal in plan.goals.filter(is_voided=False).order_by("created_at", "pk"):
        copy = Goal(
            plan=draft,
            case=case,
            domain=goal.domain,
            description=goal.description,
            outcome=goal.outcome,
        )
        writes.create(copy, actor=actor)
        for action in goal.actions.filter(is_voided=False).order_by("created_at", "pk"):
            writes.create(
                PlanAction(
                    goal=copy,
                    case=case,
                    description=action.description,
                    responsible_user_id=action.responsible_user_id,
                    responsible_agency_id=action.responsible_agency_id,
                    responsible_other=action.responsible_other,
                    target_date=action.target_date,
                    done_on=action.done_on,
                ),
                actor=actor,
            )
    record_change(
        actor=actor,
        action="plan.revise",
        target=draft,
        before=None,
        detail={"from_plan": plan.number},
    )
    return draft


# --- following the approved plan ----------------------------------------------------


@transaction.atomic
def action_done(
    *, actor, action: PlanAction, done_on: dt.date | None, expected_version: int | None = None
) -> PlanAction:
    """Record the day an action was done (None: not done after all)."""
    policy.require(actor, "case.work", action.case)
    _require_approved(action.goal.plan)
    if done_on is not None and done_on > clock.today():
        raise ValidationError({"done_on": _("The date cannot be in the future.")})
    before = writes.snapshot(action)
    action.done_on = done_on
    writes.update(action, actor=actor, expected_version=expected_version)
    record_change(actor=actor, action="plan.action_done", target=action, before=before)
    return action


@transaction.atomic
def goal_outcome(*, actor, goal: Goal, outcome: str, expected_version: int | None = None) -> Goal:
    """Record how far a goal was met (met, partly met, not met, or still open)."""
    policy.require(actor, "case.work", goal.case)
    _require_approved(goal.plan)
    if outcome not in Goal.Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    before = writes.snapshot(goal)
    goal.outcome = outcome
    writes.update(goal, actor=actor, expected_version=expected_version)
    record_change(actor=actor, action="plan.goal_outcome", target=goal, before=before)
    return goal


# --- what a supervisor's decision does (registered with the approval flow) ---------


def _load(pk) -> CasePlan:
    return CasePlan.objects.select_related("case").get(pk=pk)


def _on_approved(actor, plan: CasePlan, approval: Approval) -> None:
    _approved(actor, plan)


def _on_returned(actor, plan: CasePlan, approval: Approval) -> None:
    before = writes.snapshot(plan)
    plan.status = CasePlan.Status.RETURNED
    writes.update(plan, actor=actor)
    record_change(
        actor=actor,
        action="plan.return",
        target=plan,
        before=before,
        detail={"comment": approval.comment},
    )


approvals.register_subject(
    Approval.Subject.CASE_PLAN,
    approvals.Subject(load=_load, on_approved=_on_approved, on_returned=_on_returned),
)
