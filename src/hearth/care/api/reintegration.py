"""/api/v1 reintegration (F7): plans, tasks, the return, and post-return visits
(which come due and show overdue, as on the case page)."""

import datetime as dt
import uuid

from ninja import Field, Router, Schema

from hearth.access import policy
from hearth.access.decorators import api_requires
from hearth.care import queries
from hearth.care.models import ReintegrationPlan, ReintegrationVisit
from hearth.care.services import reintegration
from hearth.cases import queries as case_queries
from hearth.core import clock
from hearth.core.api import masked_fields

router = Router(tags=["reintegration"])


class PlanIn(Schema):
    family: str
    goal: str = ""
    target_return_on: dt.date | None = None


class TaskIn(Schema):
    responsible: str
    description: str
    due_on: dt.date


class ReturnIn(Schema):
    returned_on: dt.date
    decided_by: str
    care_type: str = "parental"


class VisitIn(Schema):
    done_on: dt.date
    contact: str = Field(description="in_person, phone, message or no_contact")
    observations: str
    child_seen: bool = False
    who_seen: str = ""
    action_needed: str = ""
    living_at_home: bool | None = None
    wellbeing: str = Field("", description="well, concerns or serious")


def visit_out(user, v: ReintegrationVisit) -> dict:
    f = v.follow_up
    today = clock.today()
    return {
        "id": v.pk,
        "number": v.number,
        "follow_up": f.pk,
        "due_on": f.due_on,
        "done_on": f.done_on,
        "overdue": f.done_on is None and f.due_on < today,
        "living_at_home": v.living_at_home,
        "wellbeing": v.wellbeing,
    }


def plan_out(user, p: ReintegrationPlan) -> dict:
    return {
        "id": p.pk,
        "case": p.case_id,
        "status": p.status,
        "household": p.household_id,
        "target_return_on": p.target_return_on,
        "returned_on": p.returned_on,
        "tracing_match": p.tracing_match_id,
        **masked_fields(user, p, ["family", "goal"]),
        "assessments": [
            {"id": a.pk, "assessed_on": a.assessed_on, "recommendation": a.recommendation}
            for a in p.assessments.all()
        ],
        "tasks": [
            {
                "id": t.pk,
                "responsible": t.responsible,
                "due_on": t.due_on,
                "done_on": t.done_on,
                **masked_fields(user, t, ["description"]),
            }
            for t in p.tasks.all()
        ],
        "visits": [visit_out(user, v) for v in p.visits.all()],
    }


@router.get("/cases/{case_id}/care/reintegration", summary="Reintegration plans of a case (F7)")
@api_requires("care.view")
def plan_list(request, case_id: uuid.UUID):
    case = case_queries.case_for(request.user, case_id, "care.view")
    return [plan_out(request.user, p) for p in queries.reintegration_plans_of(case)]


@router.post("/cases/{case_id}/care/reintegration", response={201: dict}, summary="Start a plan")
@api_requires("care.manage")
def plan_create(request, case_id: uuid.UUID, payload: PlanIn):
    case = case_queries.case_for(request.user, case_id, "care.manage")
    plan = reintegration.reintegration_plan_create(actor=request.user, case=case, **payload.dict())
    return 201, plan_out(request.user, queries.reintegration_plans_of(case).get(pk=plan.pk))


@router.post("/care/reintegration/{plan_id}/tasks", response={201: dict}, summary="Agree a task")
@api_requires("care.manage")
def task_add(request, plan_id: uuid.UUID, payload: TaskIn):
    plan = queries.plan_for(request.user, plan_id, "care.manage")
    task = reintegration.reintegration_task_add(actor=request.user, plan=plan, **payload.dict())
    return 201, {"id": task.pk}


@router.post(
    "/care/reintegration/{plan_id}/return",
    summary="The child returns home: discharge, family arrangement, visits scheduled",
)
@api_requires("care.manage")
def return_home(request, plan_id: uuid.UUID, payload: ReturnIn):
    plan = queries.plan_for(request.user, plan_id, "care.manage")
    reintegration.reintegration_return(actor=request.user, plan=plan, **payload.dict())
    return plan_out(request.user, queries.reintegration_plans_of(plan.case).get(pk=plan.pk))


@router.get("/care/reintegration/visits", summary="My post-return visits due and overdue")
@api_requires("care.view")
def visits_due(request):
    visits = (
        policy.visible(request.user, ReintegrationVisit, "care.view")
        .filter(
            is_voided=False,
            follow_up__done_on__isnull=True,
            follow_up__is_voided=False,
            plan__status=ReintegrationPlan.Status.RETURNED,
        )
        .select_related("follow_up")
        .order_by("follow_up__due_on")
    )
    return [visit_out(request.user, v) for v in visits[:200]]


@router.post("/care/reintegration/visits/{visit_id}", summary="Record a post-return visit")
@api_requires("care.manage")
def visit_record(request, visit_id: uuid.UUID, payload: VisitIn):
    visit = policy.get_for(
        request.user,
        ReintegrationVisit,
        visit_id,
        "care.manage",
        seen_with="care.view",
        queryset=ReintegrationVisit.objects.select_related("follow_up", "plan", "case"),
    )
    reintegration.reintegration_visit_record(actor=request.user, visit=visit, **payload.dict())
    visit.refresh_from_db()
    visit.follow_up.refresh_from_db()
    return visit_out(request.user, visit)
