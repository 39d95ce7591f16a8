"""Approvals waiting (C4, G2): what a supervisor is asked to decide, oldest first,
on the cases they supervise, never their own requests."""

import datetime as dt

import pytest

from hearth.cases import queries_plan
from hearth.cases.models import Approval
from hearth.cases.services import approvals
from hearth.cases.services import plan as planning
from hearth.core import clock
from hearth.core.errors import NotFound
from tests.cases.planning import assessed, drafted_plan, submitted_assessment
from tests.conftest import make_user


@pytest.fixture
def other_supervisor(agencies, places):
    return make_user(
        "south_supervisor",
        "supervisor",
        agency=agencies["gov"],
        team=agencies["south_team"],
        areas=[places["south"]],
    )


def test_waiting_approvals_are_oldest_first_and_link_to_their_subject(
    make_case, worker, supervisor
):
    clock.freeze(dt.datetime(2026, 3, 2, 9, 0))
    try:
        first_case = make_case(worker)
        older = submitted_assessment(first_case, worker)
        clock.freeze(dt.datetime(2026, 3, 2, 10, 0))
        second_case = make_case(worker)
        newer = submitted_assessment(second_case, worker)
    finally:
        clock.freeze(None)
    waiting = list(queries_plan.approvals_waiting(supervisor))
    assert [a.subject_id for a in waiting] == [older.pk, newer.pk]
    assert queries_plan.subject_url(waiting[0]) == f"/cases/assessments/{older.pk}/"
    titles = queries_plan.subject_titles(waiting)
    assert titles[older.pk] == "Initial assessment (version 1)"


def test_plans_wait_too(case, worker, supervisor):
    assessed(case, worker, supervisor)
    plan = drafted_plan(case, worker)
    planning.plan_submit(actor=worker, plan=plan)
    (waiting,) = queries_plan.approvals_waiting(supervisor)
    assert waiting.subject == Approval.Subject.CASE_PLAN
    assert queries_plan.subject_url(waiting) == f"/cases/plans/{plan.pk}/"
    assert queries_plan.subject_titles([waiting]) == {plan.pk: "Case plan 1"}


def test_only_cases_the_supervisor_may_approve(
    make_case, worker, worker_elsewhere, supervisor, other_supervisor
):
    north = submitted_assessment(make_case(worker), worker)
    south = submitted_assessment(make_case(worker_elsewhere), worker_elsewhere)
    assert [a.subject_id for a in queries_plan.approvals_waiting(supervisor)] == [north.pk]
    assert [a.subject_id for a in queries_plan.approvals_waiting(other_supervisor)] == [south.pk]
    assert not queries_plan.approvals_waiting(worker).exists()
    south_approval = approvals.pending_for("assessment", south.pk)
    with pytest.raises(NotFound):
        queries_plan.approval_for(supervisor, south_approval.pk, "case.approve")


def test_own_requests_and_decided_ones_do_not_wait(case, worker, supervisor):
    own = submitted_assessment(case, supervisor)
    assert not queries_plan.approvals_waiting(supervisor).exists()
    approvals.approval_decide(
        actor=make_user("deputy", "supervisor", agency=supervisor.agency, team=supervisor.team),
        approval=approvals.pending_for("assessment", own.pk),
        approve=False,
        comment="Redo the risk table.",
    )
    assert not Approval.objects.filter(decision=Approval.Decision.PENDING).exists()


def test_the_history_shows_requests_and_decisions_with_comments(case, worker, supervisor):
    assessment = submitted_assessment(case, worker)
    approval = approvals.pending_for("assessment", assessment.pk)
    approvals.approval_decide(
        actor=supervisor, approval=approval, approve=False, comment="Ask the child too."
    )
    (entry,) = queries_plan.approvals_of(case)
    assert entry.decision == Approval.Decision.RETURNED
    assert entry.comment == "Ask the child too."
    assert entry.created_by == worker and entry.decided_by == supervisor
    assert list(queries_plan.approvals_of(case, "case_plan", assessment.pk)) == []
