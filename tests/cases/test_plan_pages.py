"""Case plan pages: start only after an assessment, write goals and actions, submit,
follow the approved plan; deadlines and overdue actions on the case page."""

import datetime as dt

from hearth.audit.models import AuditEvent
from hearth.cases.models import CasePlan, Goal, PlanAction
from hearth.cases.services import approvals
from hearth.core import clock
from tests.cases.planning import approved_plan, assessed, drafted_plan
from tests.cases.test_assessment_pages import section_of


def test_no_plan_before_an_assessment_says_why(case, worker, signed_in):
    client = signed_in(worker)
    section = section_of(client.get(f"/cases/{case.pk}/").content.decode(), "plan")
    assert "Complete an assessment first" in section
    assert "Start the case plan" not in section
    response = client.post(f"/cases/{case.pk}/plans/new/", follow=True)
    assert "Complete an assessment first" in response.content.decode()
    assert not CasePlan.objects.exists()


def test_write_submit_and_approve_a_plan_on_the_pages(case, worker, supervisor, signed_in):
    assessed(case, worker, supervisor)
    client = signed_in(worker)
    section = section_of(client.get(f"/cases/{case.pk}/").content.decode(), "plan")
    assert "Start the case plan" in section and "Case plan due" in section

    response = client.post(f"/cases/{case.pk}/plans/new/")
    plan = CasePlan.objects.get(case=case)
    assert response.url == f"/cases/plans/{plan.pk}/"

    response = client.post(
        f"/cases/plans/{plan.pk}/goals/new/",
        {"domain": "education", "description": "Back at school by the new term"},
    )
    goal = Goal.objects.get(plan=plan)
    assert response.status_code == 302

    url = f"/cases/goals/{goal.pk}/actions/new/"
    response = client.post(url, {"description": "Pay the fees", "target_date": "2026-01-01"})
    assert response.status_code == 200  # nobody responsible
    assert "Say who is responsible" in response.content.decode()
    response = client.post(
        url,
        {
            "description": "Pay the fees",
            "responsible_user": str(worker.pk),
            "target_date": (clock.today() + dt.timedelta(days=10)).isoformat(),
        },
    )
    assert response.status_code == 302
    action = PlanAction.objects.get(goal=goal)
    assert action.responsible_user == worker

    page = client.get(f"/cases/plans/{plan.pk}/").content.decode()
    assert "Back at school by the new term" in page and "Pay the fees" in page
    plan.refresh_from_db()
    response = client.post(
        f"/cases/plans/{plan.pk}/submit/", {"version": plan.version, "note": "Ready"}
    )
    plan.refresh_from_db()
    assert plan.status == CasePlan.Status.SUBMITTED

    approval = approvals.pending_for("case_plan", plan.pk)
    sup = signed_in(supervisor)
    page = sup.get(f"/cases/plans/{plan.pk}/").content.decode()
    assert f'action="/cases/approvals/{approval.pk}/"' in page
    response = sup.post(
        f"/cases/approvals/{approval.pk}/", {"decision": "approve", "comment": "", "version": 1}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    case.refresh_from_db()
    assert plan.status == CasePlan.Status.APPROVED
    assert case.status == "plan_approved"
    section = section_of(sup.get(f"/cases/{case.pk}/").content.decode(), "plan")
    assert "Next case review" in section and "Case plan due" not in section


def test_the_plan_deadline_shows_overdue_while_no_plan_is_approved(
    make_case, worker, supervisor, signed_in
):
    clock.freeze(dt.datetime(2026, 3, 2, 9, 0))
    try:
        case = make_case(worker)
        assessed(case, worker, supervisor)
        clock.freeze(dt.datetime(2026, 3, 20, 9, 0))  # 14 days have passed
        section = section_of(signed_in(worker).get(f"/cases/{case.pk}/").content.decode(), "plan")
    finally:
        clock.freeze(None)
    assert "Case plan due" in section and "overdue" in section


def test_actions_past_their_target_date_show_overdue_until_done(
    case, worker, supervisor, signed_in
):
    assessed(case, worker, supervisor)
    plan = approved_plan(case, worker, supervisor, target_date=clock.today())
    action = PlanAction.objects.get(goal__plan=plan)
    client = signed_in(worker)
    clock.freeze(clock.now() + dt.timedelta(days=2))
    try:
        page = client.get(f"/cases/plans/{plan.pk}/").content.decode()
        assert "overdue" in page
        response = client.post(
            f"/cases/actions/{action.pk}/done/",
            {"done_on": clock.today().isoformat(), "version": action.version},
        )
        assert response.status_code == 302
        page = client.get(f"/cases/plans/{plan.pk}/").content.decode()
    finally:
        clock.freeze(None)
    action.refresh_from_db()
    assert action.done_on is not None
    assert "overdue" not in page


def test_goal_outcomes_and_revision_from_the_page(case, worker, supervisor, signed_in):
    assessed(case, worker, supervisor)
    plan = approved_plan(case, worker, supervisor)
    goal = Goal.objects.get(plan=plan)
    client = signed_in(worker)
    client.post(f"/cases/goals/{goal.pk}/outcome/", {"outcome": "met", "version": goal.version})
    goal.refresh_from_db()
    assert goal.outcome == Goal.Outcome.MET
    response = client.post(f"/cases/plans/{plan.pk}/revise/")
    revised = CasePlan.objects.get(case=case, number=2)
    assert response.url == f"/cases/plans/{revised.pk}/"
    assert revised.status == CasePlan.Status.DRAFT


def test_plan_pages_refuse_and_audit(case, worker, supervisor, worker_elsewhere, signed_in):
    assessed(case, worker, supervisor)
    plan = drafted_plan(case, worker)
    goal = Goal.objects.get(plan=plan)
    client = signed_in(worker_elsewhere)
    assert client.get(f"/cases/plans/{plan.pk}/").status_code == 404
    assert client.post(f"/cases/goals/{goal.pk}/remove/").status_code == 404
    assert Goal.objects.filter(pk=goal.pk, is_voided=False).exists()
    signed_in(worker).get(f"/cases/plans/{plan.pk}/")
    assert AuditEvent.objects.filter(
        action="case.read", case_id=case.pk, detail__page=f"case plan {plan.pk}"
    ).exists()


def test_a_draft_goal_can_be_removed(case, worker, supervisor, signed_in):
    assessed(case, worker, supervisor)
    plan = drafted_plan(case, worker)
    goal = Goal.objects.get(plan=plan)
    response = signed_in(worker).post(f"/cases/goals/{goal.pk}/remove/")
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.is_voided
    assert not PlanAction.objects.filter(goal=goal, is_voided=False).exists()
