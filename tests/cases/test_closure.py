"""Closing a case (E3), with and without approval, and reopening it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hearth.audit.models import AuditEvent
from hearth.cases import workflow
from hearth.cases.models import Approval, Case, Closure, FollowUp, Referral
from hearth.cases.services import approvals, closure, followup, notes
from hearth.core import clock
from hearth.core.errors import Forbidden, Refused
from hearth.core.models import Setting
from hearth.notify.models import Notification
from tests.cases.case_states import care_type, pending_transfer, put_in, referral

DAY = dt.timedelta(days=1)


def request(actor, case, **extra):
    values = {
        "reason": "goals_met",
        "goals_met": "yes",
        "care_type_at_closure": care_type("kinship"),
        "closure_date": clock.today(),
        "summary": "Living safely with her grandmother and attending school.",
    }
    values.update(extra)
    return closure.closure_request(actor=actor, case=case, **values)


def decide(actor, closing, approve=True, comment=""):
    approval = approvals.pending_for(Approval.Subject.CLOSURE, closing.pk)
    return approvals.approval_decide(
        actor=actor, approval=approval, approve=approve, comment=comment
    )


@pytest.fixture
def no_approval(db):
    Setting.objects.create(
        key="cases.approval_required",
        value={"assessment": True, "case_plan": True, "closure": False},
    )


@pytest.fixture
def implementing(case):
    return put_in(case, Case.Status.IN_IMPLEMENTATION)


def test_closure_waits_for_the_supervisor(implementing, worker, supervisor):
    case = implementing
    closing = request(worker, case)
    case.refresh_from_db()
    assert closing.status == Closure.Status.REQUESTED
    assert case.status == Case.Status.IN_IMPLEMENTATION and case.closed_on is None
    assert Notification.objects.filter(recipient=supervisor, kind="approval_requested").exists()
    with pytest.raises(Refused, match="already waiting"):
        request(worker, case)

    decide(supervisor, closing)
    case.refresh_from_db()
    closing.refresh_from_db()
    assert closing.status == Closure.Status.APPROVED
    assert case.status == Case.Status.CLOSED and case.closed_on == clock.today()
    assert case.review_due_on is None and case.next_due_on is None
    transition = AuditEvent.objects.get(action="case.transition")
    assert transition.detail["transition"] == "closed" and transition.actor_id == supervisor.pk


def test_the_worker_cannot_approve_their_own_closure(implementing, worker, supervisor):
    closing = request(supervisor, implementing)
    with pytest.raises(Forbidden):
        decide(worker, closing)
    with pytest.raises(Refused, match="own request"):
        decide(supervisor, closing)


def test_a_returned_closure_leaves_the_case_open(implementing, worker, supervisor):
    closing = request(worker, implementing)
    with pytest.raises(Refused, match="what needs to change"):
        decide(supervisor, closing, approve=False)
    decide(supervisor, closing, approve=False, comment="Do the last home visit first.")
    closing.refresh_from_db()
    implementing.refresh_from_db()
    assert closing.status == Closure.Status.RETURNED
    assert implementing.status == Case.Status.IN_IMPLEMENTATION
    assert closure.pending_closure(implementing) is None
    again = request(worker, implementing)  # a new request can follow
    assert again.status == Closure.Status.REQUESTED


def test_without_approval_required_the_case_closes_at_once(no_approval, make_case, worker):
    case = make_case(worker, registration_date=clock.today() - 30 * DAY)
    put_in(case, Case.Status.IN_IMPLEMENTATION)
    closing = request(worker, case, closure_date=clock.today() - 2 * DAY)
    case.refresh_from_db()
    assert closing.status == Closure.Status.APPROVED
    assert case.status == Case.Status.CLOSED
    assert case.closed_on == clock.today() - 2 * DAY
    assert not Approval.objects.exists()
    with pytest.raises(ValidationError) as error:
        request(worker, make_case(worker), closure_date=clock.today() - DAY)
    assert error.value.message_dict["closure_date"] == [
        "This date is before the case was registered."
    ]


def test_an_active_referral_blocks_closure_with_the_message(implementing, worker, worker_elsewhere):
    sent = referral(implementing, worker, worker_elsewhere, status=Referral.Status.ACCEPTED)
    with pytest.raises(Refused) as error:
        request(worker, implementing)
    assert str(error.value) == (
        "1 referral(s) are still pending or accepted. Complete, decline or withdraw them "
        "before closing."
    )
    assert not Closure.objects.exists()
    Referral.objects.filter(pk=sent.pk).update(status=Referral.Status.COMPLETED)
    assert request(worker, implementing).pk


def test_a_pending_transfer_blocks_closure(implementing, worker, worker_elsewhere):
    pending_transfer(implementing, worker, worker_elsewhere)
    with pytest.raises(Refused, match="transfer is waiting"):
        request(worker, implementing)
    assert not Closure.objects.exists() and not Approval.objects.exists()


def test_approval_is_refused_when_a_referral_was_made_meanwhile(
    implementing, worker, supervisor, worker_elsewhere
):
    closing = request(worker, implementing)
    referral(implementing, worker, worker_elsewhere)
    with pytest.raises(Refused, match="referral"):
        decide(supervisor, closing)
    closing.refresh_from_db()
    assert closing.status == Closure.Status.REQUESTED
    assert Approval.objects.get().decision == Approval.Decision.PENDING


def test_closure_date_and_reason_are_checked(implementing, worker):
    with pytest.raises(ValidationError) as error:
        request(worker, implementing, closure_date=clock.today() + DAY)
    assert "closure_date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        request(worker, implementing, reason="")
    assert "reason" in error.value.message_dict
    assert not Closure.objects.exists()


def test_closing_cancels_the_visits_still_to_do(no_approval, implementing, worker):
    visit = followup.followup_schedule(
        actor=worker, case=implementing, kind="home_visit", due_on=clock.today() + 3 * DAY
    )
    request(worker, implementing)
    visit.refresh_from_db()
    assert visit.is_voided and visit.void_reason == "The case was closed."


def test_a_closed_case_refuses_new_work(no_approval, implementing, worker, supervisor):
    request(worker, implementing)
    with pytest.raises(Refused, match="Reopen"):
        followup.followup_schedule(
            actor=worker, case=implementing, kind="phone", due_on=clock.today()
        )
    with pytest.raises(Refused, match="Reopen"):
        notes.note_write(actor=supervisor, case=implementing, text="Well done", kind="supervision")
    with pytest.raises(Refused, match="already closed"):
        request(worker, implementing)
    assert not FollowUp.objects.exists()


def test_reopening_needs_a_reason_and_tells_the_supervisors(
    no_approval, implementing, worker, supervisor
):
    request(worker, implementing)
    with pytest.raises(ValidationError):
        closure.case_reopen(actor=worker, case=implementing, reason=" ")
    closure.case_reopen(actor=worker, case=implementing, reason="New report from the school")
    implementing.refresh_from_db()
    assert implementing.status == Case.Status.UNDER_REVIEW and implementing.closed_on is None
    assert implementing.review_due_on == clock.today() + 60 * DAY
    told = Notification.objects.get(kind="case_reopened")
    assert told.recipient == supervisor and told.body == "New report from the school"
    assert AuditEvent.objects.filter(action="case.reopen").exists()
    assert AuditEvent.objects.filter(
        action="case.transition", detail__transition="reopened"
    ).exists()
    with pytest.raises(Refused, match="Under review"):
        closure.case_reopen(actor=worker, case=implementing, reason="Again")


def test_a_closure_approved_before_reopening_does_not_close_the_case_again(
    no_approval, implementing, worker
):
    request(worker, implementing)
    clock.freeze(clock.now() + dt.timedelta(hours=1))
    try:
        closure.case_reopen(actor=worker, case=implementing, reason="New report")
        with pytest.raises(Refused, match="must be approved"):
            workflow.check(implementing, "closed")
        request(worker, implementing)  # a new closure does
        assert Case.objects.get(pk=implementing.pk).status == Case.Status.CLOSED
    finally:
        clock.freeze(None)


def test_only_those_who_may_close_request_or_reopen(implementing, manager, worker_elsewhere):
    for outsider in (manager, worker_elsewhere):
        with pytest.raises(Forbidden):
            request(outsider, implementing)


# --- pages ------------------------------------------------------------------------------


def test_closing_and_deciding_through_the_pages(implementing, worker, supervisor, signed_in):
    case = implementing
    client = signed_in(worker)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Close the case" in html
    response = client.post(
        f"/cases/{case.pk}/closure/",
        {
            "reason": "goals_met",
            "goals_met": "partly",
            "care_type_at_closure": care_type("parental").pk,
            "closure_date": clock.today().isoformat(),
            "summary": "Back with her mother.",
        },
    )
    assert response.status_code == 302
    closing = Closure.objects.get()
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "waiting for a supervisor" in html and "/decide/" not in html
    boss = signed_in(supervisor)
    assert f"/closure/{closing.pk}/decide/" in boss.get(f"/cases/{case.pk}/").content.decode()
    response = boss.post(f"/cases/{case.pk}/closure/{closing.pk}/decide/", {"approve": "yes"})
    assert response.status_code == 302
    html = boss.get(f"/cases/{case.pk}/").content.decode()
    assert "Reopen the case" in html and "Close the case" not in html


def test_the_closure_page_shows_what_blocks_it(implementing, worker, worker_elsewhere, signed_in):
    referral(implementing, worker, worker_elsewhere)
    html = signed_in(worker).get(f"/cases/{implementing.pk}/closure/").content.decode()
    assert "still pending or accepted" in html
