"""/api/v1 case plans (D1): start, read, write a draft as a whole, submit for
approval, revise, and record progress on the approved plan.

A draft is written with one PUT of the whole plan: its summary and the full list
of goals, each with its actions. Goals and actions sent with their id are
changed, those without one are added, and those left out are removed. The plan's
version guards the whole draft: a PUT or submit made from an older read is a 409
conflict. Problems are 422 with `errors` keyed by path
("goals.0.actions.1.target_date"); a step the case is not ready for is 409 (no
completed assessment, plan waiting for approval...)."""

import datetime as dt
import uuid

from ninja import Field, Router, Schema

from hearth.access.decorators import api_requires
from hearth.cases import queries, queries_plan
from hearth.cases.api.approval import approval_out
from hearth.cases.models import Approval, CasePlan, Goal, PlanAction
from hearth.cases.services import plan as services
from hearth.cases.services import registration
from hearth.core import clock
from hearth.core.api import masked_fields

router = Router(tags=["case plans"])


class PlanStartIn(Schema):
    summary: str = ""


class ActionIn(Schema):
    id: uuid.UUID | None = Field(None, description="An action of this draft; none to add one")
    description: str
    responsible_user: uuid.UUID | None = None
    responsible_agency: uuid.UUID | None = None
    responsible_other: str = Field("", description="Someone outside Hearth: the child, a parent")
    target_date: dt.date


class GoalIn(Schema):
    id: uuid.UUID | None = Field(None, description="A goal of this draft; none to add one")
    domain: str = Field(description=", ".join(Goal.Domain.values))
    description: str
    actions: list[ActionIn] = []


class PlanPut(Schema):
    version: int = Field(description="The plan version you read")
    summary: str | None = None
    goals: list[GoalIn] = Field(description="The complete list: goals left out are removed")


class PlanSubmitIn(Schema):
    version: int | None = None
    note: str = Field("", description="Note to the supervisor when approval is needed")


class ActionDoneIn(Schema):
    done_on: dt.date | None = Field(None, description="Defaults to today")
    undo: bool = Field(False, description="True: the action was not done after all")
    version: int | None = None


class GoalOutcomeIn(Schema):
    outcome: str = Field(description=", ".join(Goal.Outcome.values))
    version: int | None = None


def action_out(user, action: PlanAction) -> dict:
    return {
        "id": action.pk,
        "version": action.version,
        **masked_fields(user, action, ["description"]),
        "responsible_user": action.responsible_user_id,
        "responsible_agency": action.responsible_agency_id,
        "responsible_other": action.responsible_other,
        "target_date": action.target_date,
        "done_on": action.done_on,
        "overdue": action.done_on is None and action.target_date < clock.today(),
    }


def plan_out(user, plan: CasePlan) -> dict:
    return {
        "id": plan.pk,
        "version": plan.version,
        "case": plan.case_id,
        "number": plan.number,
        "status": plan.status,
        **masked_fields(user, plan, ["summary"]),
        "approved_at": plan.approved_at,
        "goals": [
            {
                "id": goal.pk,
                "version": goal.version,
                "domain": goal.domain,
                **masked_fields(user, goal, ["description"]),
                "outcome": goal.outcome,
                "actions": [action_out(user, a) for a in goal.action_list],  # type: ignore[attr-defined]
            }
            for goal in queries_plan.goals_of(plan)
        ],
        "approvals": [
            approval_out(a)
            for a in queries_plan.approvals_of(plan.case, Approval.Subject.CASE_PLAN, plan.pk)
        ],
    }


def _fresh(user, pk) -> dict:
    return plan_out(user, queries_plan.plan_for(user, pk))


@router.get("/cases/{case_id}/plans", summary="A case's plans, newest first")
@api_requires("case.view")
def plan_list(request, case_id: uuid.UUID):
    case = queries.case_for(request.user, case_id)
    return [
        {"id": p.pk, "number": p.number, "status": p.status, "approved_at": p.approved_at}
        for p in queries_plan.plans_of(case)
    ]


@router.post(
    "/cases/{case_id}/plans",
    response={201: dict},
    summary="Start the case plan (409 until an assessment is completed)",
)
@api_requires("case.work")
def plan_start(request, case_id: uuid.UUID, payload: PlanStartIn):
    case = queries.case_for(request.user, case_id, "case.work")
    plan = services.plan_start(actor=request.user, case=case, summary=payload.summary)
    return 201, _fresh(request.user, plan.pk)


@router.get("/plans/{plan_id}", summary="One case plan with its goals and actions")
@api_requires("case.view")
def plan_detail(request, plan_id: uuid.UUID):
    plan = queries_plan.plan_for(request.user, plan_id)
    registration.record_read(actor=request.user, case=plan.case, what=f"api case plan {plan.pk}")
    return plan_out(request.user, plan)


@router.put(
    "/plans/{plan_id}",
    summary="Write the whole draft: summary and every goal with its actions (ids to keep, "
    "none to add, left out to remove); send the plan version you read",
)
@api_requires("case.work")
def plan_replace(request, plan_id: uuid.UUID, payload: PlanPut):
    plan = queries_plan.plan_for(request.user, plan_id, "case.work")
    goals = []
    for goal in payload.goals:
        fields = goal.dict(exclude={"actions"})
        fields["actions"] = [action.dict() for action in goal.actions]
        goals.append(fields)
    services.plan_replace(
        actor=request.user,
        plan=plan,
        goals=goals,
        summary=payload.summary,
        expected_version=payload.version,
    )
    return _fresh(request.user, plan_id)


@router.post(
    "/plans/{plan_id}/submit",
    summary="Submit for approval (approved at once where none is required)",
)
@api_requires("case.work")
def plan_submit(request, plan_id: uuid.UUID, payload: PlanSubmitIn):
    plan = queries_plan.plan_for(request.user, plan_id, "case.work")
    services.plan_submit(
        actor=request.user, plan=plan, note=payload.note, expected_version=payload.version
    )
    return _fresh(request.user, plan_id)


@router.post("/plans/{plan_id}/withdraw", summary="Withdraw your pending request for approval")
@api_requires("case.work")
def plan_withdraw(request, plan_id: uuid.UUID):
    plan = queries_plan.plan_for(request.user, plan_id, "case.work")
    services.plan_withdraw(actor=request.user, plan=plan)
    return _fresh(request.user, plan_id)


@router.post(
    "/plans/{plan_id}/revise",
    response={201: dict},
    summary="Draft the next plan as a copy of the approved one",
)
@api_requires("case.work")
def plan_revise(request, plan_id: uuid.UUID):
    plan = queries_plan.plan_for(request.user, plan_id, "case.work")
    draft = services.plan_revise(actor=request.user, plan=plan)
    return 201, _fresh(request.user, draft.pk)


@router.post("/actions/{action_id}/done", summary="Mark an action of the approved plan done")
@api_requires("case.work")
def action_done(request, action_id: uuid.UUID, payload: ActionDoneIn):
    action = queries_plan.action_for(request.user, action_id, "case.work")
    done_on = None if payload.undo else (payload.done_on or clock.today())
    services.action_done(
        actor=request.user, action=action, done_on=done_on, expected_version=payload.version
    )
    return action_out(request.user, queries_plan.action_for(request.user, action_id))


@router.post("/goals/{goal_id}/outcome", summary="Record a goal outcome on the approved plan")
@api_requires("case.work")
def goal_outcome(request, goal_id: uuid.UUID, payload: GoalOutcomeIn):
    goal = queries_plan.goal_for(request.user, goal_id, "case.work")
    services.goal_outcome(
        actor=request.user, goal=goal, outcome=payload.outcome, expected_version=payload.version
    )
    return {"id": goal.pk, "version": goal.version, "outcome": goal.outcome}
