"""The case plan (D1): only after a completed assessment; goals with actions;
approval moves the case and sets the review deadline; revision supersedes;
progress on the approved plan; optimistic locking of the whole draft."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hearth.audit.models import AuditEvent
from hearth.cases import work, workflow
from hearth.cases.models import Approval, Case, CasePlan, Goal, PlanAction
from hearth.cases.services import approvals
from hearth.cases.services import plan as planning
from hearth.core import clock
from hearth.core.errors import Conflict, Forbidden, Refused
from hearth.core.models import Setting
from tests.cases.planning import approved_plan, assessed, drafted_plan, submitted_assessment


@pytest.fixture
def frozen():
    clock.freeze(dt.datetime(2026, 3, 2, 9, 0))
    yield clock.now()
    clock.freeze(None)


def test_no_plan_before_a_completed_assessment(case, worker, supervisor):
    with pytest.raises(Refused) as error:
        planning.plan_start(actor=worker, case=case)
    assert "assessment" in str(error.value.message)
    assessment = submitted_assessment(case, worker)  # waiting for approval: not completed
    with pytest.raises(Refused):
        planning.plan_start(actor=worker, case=case)
    assert not CasePlan.objects.exists()
    approval = approvals.pending_for("assessment", assessment.pk)
    approvals.approval_decide(actor=supervisor, approval=approval, approve=True)
    case.refresh_from_db()
    plan = planning.plan_start(actor=worker, case=case)
    assert plan.number == 1 and plan.status == CasePlan.Status.DRAFT


def test_one_plan_in_preparation_at_a_time(case, worker, supervisor):
    assessed(case, worker, supervisor)
    planning.plan_start(actor=worker, case=case)
    with pytest.raises(Refused):
        planning.plan_start(actor=worker, case=case)


def test_a_plan_needs_goals_each_with_an_action(case, worker, supervisor):
    assessed(case, worker, supervisor)
    plan = planning.plan_start(actor=worker, case=case)
    with pytest.raises(ValidationError) as error:
        planning.plan_submit(actor=worker, plan=plan)
    assert "goals" in error.value.message_dict
    planning.goal_add(actor=worker, plan=plan, domain="health", description="See a doctor")
    plan.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        planning.plan_submit(actor=worker, plan=plan)
    assert "goals.0.actions" in error.value.message_dict
    plan.refresh_from_db()
    assert plan.status == CasePlan.Status.DRAFT


def test_an_action_names_who_is_responsible_and_when(case, worker, supervisor, ngo_worker):
    assessed(case, worker, supervisor)
    plan = planning.plan_start(actor=worker, case=case)
    goal = planning.goal_add(actor=worker, plan=plan, domain="health", description="Vaccinated")
    with pytest.raises(ValidationError) as error:
        planning.action_add(actor=worker, goal=goal, description="Clinic visit")
    assert {"responsible_user", "target_date"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError) as error:  # not of the case's agency
        planning.action_add(
            actor=worker,
            goal=goal,
            description="Clinic visit",
            responsible_user=ngo_worker,
            target_date=clock.today(),
        )
    assert "responsible_user" in error.value.message_dict
    action = planning.action_add(
        actor=worker,
        goal=goal,
        description="Clinic visit",
        responsible_agency=ngo_worker.agency,
        responsible_other="The grandmother",
        target_date=clock.today(),
    )
    assert action.responsible_agency == ngo_worker.agency and action.case == case


def test_approving_the_plan_moves_the_case_and_sets_the_review_deadline(
    frozen, case, worker, supervisor
):
    assessed(case, worker, supervisor)
    plan = drafted_plan(case, worker)
    planning.plan_submit(actor=worker, plan=plan, note="Please check the actions.")
    assert plan.status == CasePlan.Status.SUBMITTED
    approval = approvals.pending_for("case_plan", plan.pk)
    assert approval.requested_note == "Please check the actions."
    with pytest.raises(Refused):  # no change while waiting
        planning.goal_add(actor=worker, plan=plan, domain="health", description="x")

    approvals.approval_decide(actor=supervisor, approval=approval, approve=True)
    plan.refresh_from_db()
    case.refresh_from_db()
    assert plan.status == CasePlan.Status.APPROVED and plan.approved_at == frozen
    assert case.status == Case.Status.PLAN_APPROVED
    assert case.review_due_on == dt.date(2026, 5, 1)  # medium risk: 60 days
    assert case.next_due_on == dt.date(2026, 5, 1)
    moves = AuditEvent.objects.filter(action="case.transition", case_id=case.pk)
    assert [e.detail["transition"] for e in moves.order_by("seq")] == [
        "assessment_completed",
        "plan_approved",
    ]


def test_review_deadline_follows_the_risk_level(frozen, make_case, worker, supervisor):
    case = make_case(worker, risk_level="high")
    assessed(case, worker, supervisor)
    approved_plan(case, worker, supervisor)
    assert case.review_due_on == dt.date(2026, 4, 1)  # high risk: 30 days


def test_a_returned_plan_is_changed_and_submitted_again(case, worker, supervisor):
    assessed(case, worker, supervisor)
    plan = drafted_plan(case, worker)
    planning.plan_submit(actor=worker, plan=plan)
    approval = approvals.pending_for("case_plan", plan.pk)
    approvals.approval_decide(
        actor=supervisor, approval=approval, approve=False, comment="Add a school goal."
    )
    plan.refresh_from_db()
    assert plan.status == CasePlan.Status.RETURNED
    case.refresh_from_db()
    assert case.status == Case.Status.ASSESSED
    goal = planning.goal_add(
        actor=worker, plan=plan, domain="education", description="Back to school"
    )
    planning.action_add(
        actor=worker,
        goal=goal,
        description="Pay the fees",
        responsible_other="The grandmother",
        target_date=clock.today(),
    )
    plan.refresh_from_db()
    planning.plan_submit(actor=worker, plan=plan)
    assert plan.status == CasePlan.Status.SUBMITTED


def test_the_requester_may_withdraw_to_edit_again(case, worker, supervisor):
    assessed(case, worker, supervisor)
    plan = drafted_plan(case, worker)
    planning.plan_submit(actor=worker, plan=plan)
    with pytest.raises(Refused):
        planning.plan_withdraw(actor=supervisor, plan=plan)
    planning.plan_withdraw(actor=worker, plan=plan)
    assert plan.status == CasePlan.Status.DRAFT
    assert Approval.objects.get(subject_id=plan.pk).decision == Approval.Decision.WITHDRAWN
    planning.plan_update(actor=worker, plan=plan, summary="Changed after withdrawing")


def test_without_required_approval_the_plan_is_approved_on_submit(case, worker, supervisor):
    assessed(case, worker, supervisor)
    Setting.objects.create(key="cases.approval_required", value={"case_plan": False})
    plan = drafted_plan(case, worker)
    planning.plan_submit(actor=worker, plan=plan)
    case.refresh_from_db()
    assert plan.status == CasePlan.Status.APPROVED
    assert case.status == Case.Status.PLAN_APPROVED
    assert not Approval.objects.filter(subject=Approval.Subject.CASE_PLAN).exists()


def test_revising_copies_the_plan_and_approval_supersedes_the_old_one(case, worker, supervisor):
    assessed(case, worker, supervisor)
    first = approved_plan(case, worker, supervisor)
    old_action = PlanAction.objects.get(goal__plan=first)
    planning.action_done(actor=worker, action=old_action, done_on=clock.today())
    Case.objects.filter(pk=case.pk).update(status=Case.Status.IN_IMPLEMENTATION)
    work.sync([case.pk])  # past the services: keep the open work too

    second = planning.plan_revise(actor=worker, plan=first)
    assert second.number == 2 and second.status == CasePlan.Status.DRAFT
    copied = PlanAction.objects.get(goal__plan=second)
    assert copied.description == old_action.description
    assert copied.done_on == clock.today() and copied.pk != old_action.pk
    assert Goal.objects.get(plan=second).description == "Grandmother cares for the child."
    with pytest.raises(Refused):  # one draft at a time
        planning.plan_revise(actor=worker, plan=first)

    planning.plan_submit(actor=worker, plan=second)
    approval = approvals.pending_for("case_plan", second.pk)
    approvals.approval_decide(actor=supervisor, approval=approval, approve=True)
    first.refresh_from_db()
    second.refresh_from_db()
    case.refresh_from_db()
    assert first.status == CasePlan.Status.SUPERSEDED
    assert second.status == CasePlan.Status.APPROVED
    assert case.status == Case.Status.IN_IMPLEMENTATION  # no state change here


def test_a_revised_plan_approved_during_review_moves_the_case_on(case, worker, supervisor):
    assessed(case, worker, supervisor)
    first = approved_plan(case, worker, supervisor)
    Case.objects.filter(pk=case.pk).update(status=Case.Status.UNDER_REVIEW)
    work.sync([case.pk])  # past the services: keep the open work too
    second = planning.plan_revise(actor=worker, plan=first)
    planning.plan_submit(actor=worker, plan=second)
    case.refresh_from_db()
    with pytest.raises(Refused):  # the review cannot just continue meanwhile
        workflow.check(case, "review_continued")
    approval = approvals.pending_for("case_plan", second.pk)
    approvals.approval_decide(actor=supervisor, approval=approval, approve=True)
    case.refresh_from_db()
    assert case.status == Case.Status.PLAN_APPROVED


def test_an_approved_plan_does_not_change_but_records_progress(frozen, case, worker, supervisor):
    assessed(case, worker, supervisor)
    plan = approved_plan(case, worker, supervisor)
    goal = plan.goals.get()
    action = goal.actions.get()
    with pytest.raises(Refused):
        planning.goal_update(actor=worker, goal=goal, domain="care", description="Changed")
    with pytest.raises(ValidationError):
        planning.action_done(actor=worker, action=action, done_on=dt.date(2026, 3, 3))
    planning.action_done(actor=worker, action=action, done_on=dt.date(2026, 3, 1))
    planning.goal_outcome(actor=worker, goal=goal, outcome="partly")
    action.refresh_from_db()
    goal.refresh_from_db()
    assert action.done_on == dt.date(2026, 3, 1)
    assert goal.outcome == Goal.Outcome.PARTLY
    with pytest.raises(Conflict):  # a stale copy
        planning.goal_outcome(actor=worker, goal=goal, outcome="met", expected_version=1)


def test_progress_is_only_recorded_on_the_approved_plan(case, worker, supervisor):
    assessed(case, worker, supervisor)
    plan = drafted_plan(case, worker)
    action = PlanAction.objects.get(goal__plan=plan)
    with pytest.raises(Refused):
        planning.action_done(actor=worker, action=action, done_on=clock.today())


def test_a_worker_elsewhere_cannot_plan(case, worker, supervisor, worker_elsewhere):
    assessed(case, worker, supervisor)
    with pytest.raises(Forbidden):
        planning.plan_start(actor=worker_elsewhere, case=case)


# --- the whole draft at once, and its version ---------------------------------------


def _goals(plan):
    goal = plan.goals.get()
    action = goal.actions.get()
    return goal, action


def test_replacing_the_draft_changes_adds_and_removes(case, worker, supervisor):
    assessed(case, worker, supervisor)
    plan = drafted_plan(case, worker)
    goal, action = _goals(plan)
    soon = clock.today() + dt.timedelta(days=3)
    planning.plan_replace(
        actor=worker,
        plan=plan,
        summary="New summary",
        expected_version=plan.version,
        goals=[
            {
                "id": goal.pk,
                "domain": "safety",
                "description": "Safe at home",
                "actions": [
                    {
                        "description": "Weekly visit",
                        "responsible_user": worker.pk,
                        "target_date": soon,
                    }
                ],
            },
            {
                "domain": "education",
                "description": "Back at school",
                "actions": [
                    {
                        "description": "Enrol",
                        "responsible_other": "Grandmother",
                        "target_date": soon,
                    }
                ],
            },
        ],
    )
    plan.refresh_from_db()
    goal.refresh_from_db()
    action.refresh_from_db()
    assert plan.summary == "New summary"
    assert goal.domain == "safety" and not goal.is_voided
    assert action.is_voided  # left out: removed, kept for history
    live = PlanAction.objects.filter(goal__plan=plan, is_voided=False)
    assert sorted(a.description for a in live) == ["Enrol", "Weekly visit"]
    assert plan.goals.filter(is_voided=False).count() == 2


def test_replacing_reports_problems_by_path_and_changes_nothing(case, worker, supervisor):
    assessed(case, worker, supervisor)
    plan = drafted_plan(case, worker)
    goal, action = _goals(plan)
    with pytest.raises(ValidationError) as error:
        planning.plan_replace(
            actor=worker,
            plan=plan,
            expected_version=plan.version,
            goals=[
                {
                    "id": goal.pk,
                    "domain": "nowhere",
                    "description": "Safe",
                    "actions": [
                        {"id": action.pk, "description": "Visit", "target_date": clock.today()},
                        {
                            "id": "0b7c2b34-5ab2-4f62-9d40-0a0a0a0a0a0a",
                            "description": "x",
                            "responsible_other": "y",
                            "target_date": clock.today(),
                        },
                    ],
                }
            ],
        )
    assert set(error.value.message_dict) == {
        "goals.0.domain",
        "goals.0.actions.0.responsible_user",
        "goals.0.actions.1.id",
    }
    goal.refresh_from_db()
    assert goal.domain == "care" and goal.version == 1


def test_two_edits_of_the_same_draft_version_the_second_conflicts(case, worker, supervisor):
    assessed(case, worker, supervisor)
    plan = drafted_plan(case, worker)
    read_version = plan.version
    planning.plan_replace(
        actor=worker, plan=plan, goals=[], summary="First", expected_version=read_version
    )
    stale = CasePlan.objects.get(pk=plan.pk)
    with pytest.raises(Conflict):
        planning.plan_replace(
            actor=worker, plan=stale, goals=[], summary="Second", expected_version=read_version
        )
    with pytest.raises(Conflict):
        planning.plan_submit(actor=worker, plan=stale, expected_version=read_version)
    plan.refresh_from_db()
    assert plan.summary == "First" and plan.status == CasePlan.Status.DRAFT


def test_a_change_to_a_goal_bumps_the_plan_version(case, worker, supervisor):
    assessed(case, worker, supervisor)
    plan = drafted_plan(case, worker)
    goal, _action = _goals(plan)
    before = plan.version
    planning.goal_update(actor=worker, goal=goal, domain="care", description="Reworded")
    plan.refresh_from_db()
    assert plan.version == before + 1
    with pytest.raises(Conflict):
        planning.goal_update(
            actor=worker, goal=goal, domain="care", description="Again", expected_version=1
        )
