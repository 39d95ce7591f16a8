import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hearth.audit.models import AuditEvent
from hearth.cases.models import Case, ConsentRecord
from hearth.cases.services import registration
from hearth.core import clock
from hearth.core.errors import Forbidden, Refused


def test_registration_numbers_the_case_and_sets_the_assessment_deadline(make_case, worker):
    clock.freeze(dt.datetime(2026, 3, 2, 9, 0))
    try:
        case = make_case(worker, risk_level="high")
        other = make_case(worker, risk_level="low")
    finally:
        clock.freeze(None)
    assert case.number == "CP-2026-000001"
    assert other.number == "CP-2026-000002"
    assert case.status == Case.Status.REGISTERED
    assert case.owner == worker and case.team == worker.team and case.agency == worker.agency
    assert case.assessment_due_at == dt.datetime(2026, 3, 3, 9, 0, tzinfo=dt.UTC)
    assert other.assessment_due_at == dt.datetime(2026, 3, 9, 9, 0, tzinfo=dt.UTC)
    assert case.risk_changes.get().to_level == "high"
    assert AuditEvent.objects.filter(action="case.register", object_id=str(case.pk)).exists()


def test_future_registration_date_is_refused_and_nothing_is_saved(make_case, worker):
    with pytest.raises(ValidationError) as error:
        make_case(worker, registration_date=clock.today() + dt.timedelta(days=1))
    assert "registration_date" in error.value.message_dict
    assert not Case.objects.exists()


def test_child_needs_sex_and_birth_date(make_case, worker):
    with pytest.raises(ValidationError) as error:
        make_case(worker, child_fields={"given_name": "X", "sex": "unknown"})
    assert {"sex", "date_of_birth"} <= set(error.value.message_dict)


def test_at_least_one_concern(make_case, worker):
    with pytest.raises(ValidationError) as error:
        make_case(worker, concerns=[])
    assert "concerns" in error.value.message_dict


def test_registering_without_consent_needs_an_override_with_reason(make_case, worker):
    with pytest.raises(ValidationError):
        make_case(worker, consent={"given": False})
    with pytest.raises(ValidationError) as error:
        make_case(worker, consent={"given": False, "override": True})
    assert "override_reason" in error.value.message_dict
    case = make_case(
        worker,
        consent={
            "given": False,
            "override": True,
            "override_reason": "The child is in immediate danger.",
        },
    )
    consent = case.consents.get()
    assert consent.override and consent.permits
    assert Case.objects.count() == 1


def test_risk_change_moves_the_assessment_deadline_and_keeps_history(case, worker):
    before = case.assessment_due_at
    registration.risk_change(actor=worker, case=case, risk_level="high", reason="New injuries")
    case.refresh_from_db()
    assert case.assessment_due_at == before - dt.timedelta(hours=72 - 24)
    assert [c.to_level for c in case.risk_changes.order_by("created_at")] == ["medium", "high"]
    with pytest.raises(ValidationError):
        registration.risk_change(actor=worker, case=case, risk_level="low", reason="")


def test_consent_gate(case, worker, supervisor):
    with pytest.raises(Refused):
        registration.require_consent(case, ConsentRecord.Kind.SHARING)
    with pytest.raises(Refused):
        registration.require_consent(case, ConsentRecord.Kind.SHARING, "urgent", actor=worker)
    assert registration.require_consent(case, "sharing", "urgent", actor=supervisor) == "urgent"
    registration.consent_record(
        actor=worker, case=case, kind="sharing", given=True, given_by="parent"
    )
    assert registration.require_consent(case, "sharing") == ""


def test_worker_elsewhere_cannot_change_the_case(case, worker_elsewhere):
    with pytest.raises(Forbidden):
        registration.risk_change(actor=worker_elsewhere, case=case, risk_level="high", reason="x")


def test_caseload_maximum_refuses_without_supervisor_override(make_case, worker, supervisor):
    role = worker.roles.get()
    role.caseload_max, role.caseload_recommended = 1, 1
    role.save()
    make_case(worker)
    with pytest.raises(Refused):
        make_case(worker)
    case = make_case(supervisor, owner=worker, caseload_override="Emergency cover")
    assert case.owner == worker
    assert AuditEvent.objects.filter(action="case.caseload_override").exists()
