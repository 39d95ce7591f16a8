"""Transfers and reassignment (E4): ownership moves only on acceptance; declining
or cancelling changes nothing; the consent gate for another agency; the caseload
limit of the new owner; supervisors reassign within their scope."""

import pytest
from django.core.exceptions import ValidationError

from hearth.access import policy
from hearth.accounts.models import Role
from hearth.audit.models import AuditEvent
from hearth.cases import work
from hearth.cases.models import Case, Transfer
from hearth.cases.services import transfer as transfers
from hearth.core.errors import Forbidden, Refused
from hearth.notify.models import Notification
from tests.cases.delivery_world import consent_to_share, ngo_supervisor
from tests.conftest import make_user


@pytest.fixture
def ngo_boss(agencies, places):
    return ngo_supervisor(agencies, places)


@pytest.fixture
def north_colleague(agencies, places):
    return make_user(
        "colleague",
        "caseworker",
        agency=agencies["gov"],
        team=agencies["north_team"],
        areas=[places["north"]],
    )


def ask(case, actor, **kwargs):
    return transfers.transfer_request(
        actor=actor, case=case, reason=kwargs.pop("reason", "Family moved south"), **kwargs
    )


def owner_of(case):
    case = Case.objects.get(pk=case.pk)
    return case.owner, case.team, case.agency


def sees(user, case) -> bool:
    policy.forget(user)
    return policy.can(user, "case.view", case)


def test_ownership_moves_only_when_the_worker_accepts(case, worker, worker_elsewhere, agencies):
    transfer = ask(case, worker, to_user=worker_elsewhere)
    assert owner_of(case) == (worker, agencies["north_team"], agencies["gov"])
    assert sees(worker_elsewhere, case)  # reads it before answering
    assert not policy.can(worker_elsewhere, "case.work", case)
    assert Notification.objects.filter(recipient=worker_elsewhere, kind="transfer").exists()
    transfers.transfer_accept(actor=worker_elsewhere, transfer=transfer)
    assert owner_of(case) == (worker_elsewhere, agencies["south_team"], agencies["gov"])
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.ACCEPTED
    assert transfer.new_owner == worker_elsewhere and transfer.responded_by == worker_elsewhere
    assert not sees(worker, case)  # a caseworker sees their own cases only
    assert Notification.objects.filter(recipient=worker, title__contains="transferred").exists()
    event = AuditEvent.objects.get(action="case.transfer", object_id=str(case.pk))
    assert event.changes["owner"] == [str(worker.pk), str(worker_elsewhere.pk)]


def test_declining_needs_a_reason_and_leaves_ownership(case, worker, worker_elsewhere, agencies):
    transfer = ask(case, worker, to_user=worker_elsewhere)
    with pytest.raises(ValidationError):
        transfers.transfer_decline(actor=worker_elsewhere, transfer=transfer, reason="")
    transfers.transfer_decline(actor=worker_elsewhere, transfer=transfer, reason="Caseload full")
    assert owner_of(case) == (worker, agencies["north_team"], agencies["gov"])
    assert not sees(worker_elsewhere, case)
    assert Notification.objects.filter(recipient=worker, title__contains="declined").exists()
    with pytest.raises(Refused):
        transfers.transfer_accept(actor=worker_elsewhere, transfer=transfer)
    assert owner_of(case)[0] == worker


def test_the_requester_may_cancel_while_pending(case, worker, worker_elsewhere, ngo_worker):
    transfer = ask(case, worker, to_user=worker_elsewhere)
    with pytest.raises(Forbidden):
        transfers.transfer_cancel(actor=worker_elsewhere, transfer=transfer)
    transfers.transfer_cancel(actor=worker, transfer=transfer, reason="Stays in the district")
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.CANCELLED
    assert not sees(worker_elsewhere, case)
    with pytest.raises(Refused):
        transfers.transfer_accept(actor=worker_elsewhere, transfer=transfer)
    with pytest.raises(Refused):
        transfers.transfer_cancel(actor=worker, transfer=transfer)
    assert owner_of(case)[0] == worker


def test_only_the_recipient_answers(case, worker, worker_elsewhere, supervisor, ngo_worker):
    transfer = ask(case, worker, to_user=worker_elsewhere)
    for person in (worker, supervisor, ngo_worker):
        with pytest.raises(Forbidden):
            transfers.transfer_accept(actor=person, transfer=transfer)


def test_one_pending_transfer_at_a_time(case, worker, worker_elsewhere, supervisor):
    ask(case, worker, to_user=worker_elsewhere)
    with pytest.raises(Refused):
        ask(case, supervisor, to_user=worker_elsewhere)


def test_reason_and_a_real_recipient_are_required(case, worker, worker_elsewhere, agencies):
    with pytest.raises(ValidationError):
        ask(case, worker, to_user=worker_elsewhere, reason=" ")
    with pytest.raises(ValidationError):
        ask(case, worker, to_user=worker)  # already theirs
    with pytest.raises(ValidationError):
        ask(case, worker, to_agency=agencies["gov"])  # already this agency's
    with pytest.raises(ValidationError):
        ask(case, worker, to_user=worker_elsewhere, to_agency=agencies["ngo"])
    assert not Transfer.objects.exists()


def test_another_agency_needs_consent_to_share(case, worker, supervisor, ngo_worker):
    with pytest.raises(Refused):
        ask(case, worker, to_user=ngo_worker)
    with pytest.raises(Refused):
        ask(case, worker, to_user=ngo_worker, consent_override_reason="Urgent")
    transfer = ask(case, supervisor, to_user=ngo_worker, consent_override_reason="Child moved")
    assert transfer.consent_override_reason == "Child moved"
    assert AuditEvent.objects.filter(
        action="case.consent_override", object_id=str(transfer.pk)
    ).exists()
    assert Notification.objects.filter(recipient=worker, kind="transfer").exists()  # the owner


def test_with_consent_a_worker_transfers_to_another_agency(case, worker, ngo_worker, agencies):
    consent_to_share(worker, case)
    transfer = ask(case, worker, to_user=ngo_worker)
    assert transfer.consent_override_reason == ""
    transfers.transfer_accept(actor=ngo_worker, transfer=transfer)
    assert owner_of(case) == (ngo_worker, agencies["ngo_team"], agencies["ngo"])


def test_an_agency_transfer_is_accepted_by_its_supervisor_who_names_the_worker(
    case, worker, ngo_worker, ngo_boss, agencies
):
    consent_to_share(worker, case)
    transfer = ask(case, worker, to_agency=agencies["ngo"])
    assert Notification.objects.filter(recipient=ngo_boss, kind="transfer").exists()
    assert sees(ngo_boss, case) and not sees(ngo_worker, case)
    with pytest.raises(Forbidden):  # a caseworker of the agency does not answer for it
        transfers.transfer_accept(actor=ngo_worker, transfer=transfer, new_owner=ngo_worker)
    with pytest.raises(ValidationError):
        transfers.transfer_accept(actor=ngo_boss, transfer=transfer)  # who takes it?
    with pytest.raises(ValidationError):
        transfers.transfer_accept(actor=ngo_boss, transfer=transfer, new_owner=worker)
    transfers.transfer_accept(actor=ngo_boss, transfer=transfer, new_owner=ngo_worker)
    assert owner_of(case) == (ngo_worker, agencies["ngo_team"], agencies["ngo"])
    assert Notification.objects.filter(recipient=ngo_worker, kind="assignment").exists()
    assert sees(ngo_worker, case) and not sees(worker, case)


def test_the_new_owners_caseload_limit_applies(
    make_case, case, worker, worker_elsewhere, ngo_worker, ngo_boss, agencies
):
    role = Role.objects.get(code="caseworker")
    role.caseload_max = 1
    role.save()
    make_case(worker_elsewhere)  # at the maximum now
    transfer = ask(case, worker, to_user=worker_elsewhere)
    with pytest.raises(Refused):  # a caseworker cannot override the maximum
        transfers.transfer_accept(
            actor=worker_elsewhere, transfer=transfer, caseload_override="I can manage"
        )
    assert owner_of(case)[0] == worker
    transfers.transfer_cancel(actor=worker, transfer=transfer)
    # An agency's supervisor can take a worker beyond the maximum, with a reason.
    consent_to_share(worker, case)
    make_case(ngo_boss, owner=ngo_worker, location=case.location, caseload_override="Cover")
    transfer = ask(case, worker, to_agency=agencies["ngo"])
    with pytest.raises(Refused):
        transfers.transfer_accept(actor=ngo_boss, transfer=transfer, new_owner=ngo_worker)
    transfers.transfer_accept(
        actor=ngo_boss, transfer=transfer, new_owner=ngo_worker, caseload_override="Only one"
    )
    assert owner_of(case)[0] == ngo_worker
    override = AuditEvent.objects.filter(action="case.caseload_override").latest("seq")
    assert override.detail["reason"] == "Only one"


def test_closed_cases_are_not_transferred(case, worker, worker_elsewhere):
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)
    work.sync([case.pk])  # past the services: keep the open work too
    case.refresh_from_db()
    with pytest.raises(Refused):
        ask(case, worker, to_user=worker_elsewhere)


# --- reassignment -----------------------------------------------------------------------


def test_a_supervisor_reassigns_within_the_team_at_once(case, worker, supervisor, north_colleague):
    transfers.case_reassign(
        actor=supervisor, case=case, new_owner=north_colleague, reason="Worker on leave"
    )
    assert owner_of(case)[0] == north_colleague
    event = AuditEvent.objects.get(action="case.reassign", object_id=str(case.pk))
    assert event.detail["reason"] == "Worker on leave"
    assert Notification.objects.filter(recipient=north_colleague, kind="assignment").exists()
    assert Notification.objects.filter(recipient=worker, title__contains="reassigned").exists()


def test_reassignment_needs_the_permission_scope_and_a_reason(
    case, worker, supervisor, worker_elsewhere, north_colleague
):
    with pytest.raises(Forbidden):
        transfers.case_reassign(actor=worker, case=case, new_owner=north_colleague, reason="x")
    with pytest.raises(Refused):  # not a worker this supervisor supervises
        transfers.case_reassign(actor=supervisor, case=case, new_owner=worker_elsewhere, reason="x")
    with pytest.raises(ValidationError):
        transfers.case_reassign(actor=supervisor, case=case, new_owner=north_colleague, reason="")
    with pytest.raises(ValidationError):
        transfers.case_reassign(actor=supervisor, case=case, new_owner=worker, reason="x")
    assert owner_of(case)[0] == worker


def test_a_supervisor_outside_the_cases_scope_cannot_reassign(case, ngo_boss, ngo_worker):
    with pytest.raises(Forbidden):
        transfers.case_reassign(actor=ngo_boss, case=case, new_owner=ngo_worker, reason="x")


def test_no_reassignment_while_a_transfer_waits(
    case, worker, supervisor, worker_elsewhere, north_colleague
):
    ask(case, worker, to_user=worker_elsewhere)
    with pytest.raises(Refused):
        transfers.case_reassign(actor=supervisor, case=case, new_owner=north_colleague, reason="x")


def test_reassignment_respects_the_caseload_maximum(make_case, case, supervisor, north_colleague):
    role = Role.objects.get(code="caseworker")
    role.caseload_max = 1
    role.save()
    make_case(north_colleague)
    with pytest.raises(Refused):
        transfers.case_reassign(actor=supervisor, case=case, new_owner=north_colleague, reason="x")
    transfers.case_reassign(
        actor=supervisor,
        case=case,
        new_owner=north_colleague,
        reason="Cover",
        caseload_override="Two weeks only",
    )
    assert owner_of(case)[0] == north_colleague
