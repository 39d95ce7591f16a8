"""Helpers for the assessment, case plan and approval tests: complete answers to
the installed initial assessment, and a case brought to a given step through the
services."""

import datetime as dt

from hearth.cases.services import approvals
from hearth.cases.services import assessment as assessing
from hearth.cases.services import plan as planning
from hearth.core import clock


def initial_answers(assessed_on: dt.date | None = None) -> dict:
    """Every required answer of the installed initial assessment (version 1)."""
    return {
        "situation": {
            "assessed_on": (assessed_on or clock.today()).isoformat(),
            "child_seen": True,
            "summary": "A neighbour reported the child alone at home for three days.",
        },
        "safety": {"safe_now": True},
        "needs": {"immediate": "Food, and someone to stay with the child at night."},
        "risks": {
            "identified": [{"risk": "neglect", "likelihood": "high", "severity": "medium"}],
            "risk_level": "medium",
        },
        "views": {"child_consulted": True, "child_views": "Wants to stay with her grandmother."},
        "care": {"care_arrangement": "kinship_care"},
        "recommendation": {"recommendation": "case_plan", "rationale": "Needs support at home."},
    }


def submitted_assessment(case, worker, **answers_overrides):
    assessment = assessing.assessment_start(actor=worker, case=case, form_code="initial_assessment")
    answers = {**initial_answers(), **answers_overrides}
    return assessing.assessment_submit(actor=worker, assessment=assessment, answers=answers)


def assessed(case, worker, supervisor):
    """The case with a completed (approved) initial assessment."""
    assessment = submitted_assessment(case, worker)
    approval = approvals.pending_for("assessment", assessment.pk)
    approvals.approval_decide(actor=supervisor, approval=approval, approve=True)
    case.refresh_from_db()
    assessment.refresh_from_db()
    return assessment


def drafted_plan(case, worker, *, target_date=None):
    """A draft plan with one goal and one action for the worker."""
    plan = planning.plan_start(actor=worker, case=case, summary="Keep the child safe at home.")
    goal = planning.goal_add(
        actor=worker, plan=plan, domain="care", description="Grandmother cares for the child."
    )
    planning.action_add(
        actor=worker,
        goal=goal,
        description="Visit the grandmother's home.",
        responsible_user=worker,
        target_date=target_date or clock.today() + dt.timedelta(days=7),
    )
    plan.refresh_from_db()
    return plan


def approved_plan(case, worker, supervisor, **kwargs):
    plan = drafted_plan(case, worker, **kwargs)
    planning.plan_submit(actor=worker, plan=plan)
    approval = approvals.pending_for("case_plan", plan.pk)
    approvals.approval_decide(actor=supervisor, approval=approval, approve=True)
    plan.refresh_from_db()
    case.refresh_from_db()
    return plan
