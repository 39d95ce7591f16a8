"""Whatever order people act in, a case's closure facts stay consistent: closed
exactly when it has a closure date, no open deadline or visit once closed, and a
refused action changes nothing."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hearth.cases.models import Approval, Case, FollowUp
from hearth.cases.services import approvals, closure, followup, review
from hearth.core import clock
from hearth.core.errors import HearthError
from hearth.core.models import Setting
from tests.cases.case_states import care_type, put_in

ACTIONS = [
    "schedule",
    "visit",
    "start_review",
    "continue",
    "revise",
    "request_closure",
    "approve",
    "return",
    "reopen",
    # Whole steps, so that sequences reach a closed case and reopen it often.
    "close",
    "close_returned",
]


def act(name, case, worker, supervisor):
    today = clock.today()
    if name in ("close", "close_returned"):
        act("request_closure", case, worker, supervisor)
        if Approval.objects.filter(case=case, decision="pending").exists():
            act("approve" if name == "close" else "return", case, worker, supervisor)
    elif name == "schedule":
        followup.followup_schedule(actor=worker, case=case, kind="phone", due_on=today)
    elif name == "visit":
        followup.followup_log(
            actor=worker, case=case, kind="home_visit", done_on=today, contact="in_person",
            observations="Seen at home",
        )  # fmt: skip
    elif name == "start_review":
        review.review_start(actor=worker, case=case)
    elif name in ("continue", "revise"):
        review.review_record(
            actor=worker, case=case, held_on=today, participants="Worker", decisions="Noted",
            decision=name,
        )  # fmt: skip
    elif name == "request_closure":
        closure.closure_request(
            actor=worker, case=case, reason="goals_met", goals_met="yes",
            care_type_at_closure=care_type(), closure_date=today, summary="Safe",
        )  # fmt: skip
    elif name in ("approve", "return"):
        approval = Approval.objects.filter(case=case, decision="pending").first()
        if approval is None:
            raise HearthError("nothing to decide")
        approvals.approval_decide(
            actor=supervisor, approval=approval, approve=name == "approve", comment="Not yet"
        )
    elif name == "reopen":
        closure.case_reopen(actor=worker, case=case, reason="New report")


@pytest.fixture(params=[True, False], ids=["with-approval", "without-approval"])
def approval_required(request, db):
    Setting.objects.create(
        key="cases.approval_required",
        value={"assessment": True, "case_plan": True, "closure": request.param},
    )


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(steps=st.lists(st.sampled_from(ACTIONS), min_size=4, max_size=8))
def test_closure_facts_stay_consistent(approval_required, make_case, worker, supervisor, steps):
    case = put_in(make_case(worker), Case.Status.IN_IMPLEMENTATION)
    for name in steps:
        before = Case.objects.get(pk=case.pk)
        try:
            act(name, case, worker, supervisor)
        except (HearthError, ValidationError):
            after = Case.objects.get(pk=case.pk)
            assert (after.status, after.version) == (before.status, before.version), name
        case = Case.objects.get(pk=case.pk)
        closed = case.status == Case.Status.CLOSED
        assert closed == (case.closed_on is not None), steps
        if closed:
            assert case.review_due_on is None and case.next_due_on is None, steps
            open_visits = FollowUp.objects.filter(case=case, done_on=None, is_voided=False)
            assert not open_visits.exists(), steps
