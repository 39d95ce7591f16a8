"""Assessments (C2, C3): deadlines, drafts and submission, approval and return,
the workflow, optimistic locking, form versions and masking."""

import copy
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hearth.audit.models import AuditEvent
from hearth.cases import work
from hearth.cases.models import Approval, Assessment, Case
from hearth.cases.queries_plan import masked_answers
from hearth.cases.services import approvals, registration
from hearth.cases.services import assessment as assessing
from hearth.core import clock
from hearth.core.errors import Conflict, Forbidden, Refused
from hearth.core.models import Setting
from hearth.forms import answers as form_answers
from hearth.forms import services as form_services
from hearth.forms.models import FormDefinition, FormVersion
from hearth.notify.models import Notification
from tests.cases.planning import assessed, initial_answers, submitted_assessment


@pytest.fixture
def frozen():
    clock.freeze(dt.datetime(2026, 3, 2, 9, 0))
    yield clock.now()
    clock.freeze(None)


# --- deadlines (C2) -----------------------------------------------------------------


@pytest.mark.parametrize(("risk", "hours"), [("high", 24), ("medium", 72), ("low", 168)])
def test_assessment_is_due_by_risk_level(frozen, make_case, worker, risk, hours):
    case = make_case(worker, risk_level=risk)
    assert case.assessment_due_at == frozen + dt.timedelta(hours=hours)
    case.refresh_from_db()
    assert case.next_due_on == (frozen + dt.timedelta(hours=hours)).date()


def test_assessment_deadline_moves_with_the_risk_level(frozen, make_case, worker):
    case = make_case(worker, risk_level="low")
    registration.risk_change(actor=worker, case=case, risk_level="high", reason="New injuries")
    case.refresh_from_db()
    assert case.assessment_due_at == frozen + dt.timedelta(hours=24)
    assert case.next_due_on == dt.date(2026, 3, 3)
    registration.risk_change(actor=worker, case=case, risk_level="medium", reason="Safe now")
    case.refresh_from_db()
    assert case.assessment_due_at == frozen + dt.timedelta(hours=72)


def test_plan_is_due_after_the_assessment_date(frozen, case, worker, supervisor):
    answers = initial_answers(assessed_on=dt.date(2026, 3, 1))
    assessment = assessing.assessment_start(actor=worker, case=case, form_code="initial_assessment")
    assessing.assessment_submit(actor=worker, assessment=assessment, answers=answers)
    approval = approvals.pending_for("assessment", assessment.pk)
    approvals.approval_decide(actor=supervisor, approval=approval, approve=True)
    case.refresh_from_db()
    assert case.status == Case.Status.ASSESSED
    assert case.plan_due_on == dt.date(2026, 3, 15)  # 14 days after 1 March
    # The assessment deadline no longer counts; the plan deadline is the next one.
    assert case.next_due_on == dt.date(2026, 3, 15)


def test_plan_deadline_follows_the_configured_days(frozen, case, worker, supervisor):
    Setting.objects.create(key="cases.plan_days", value=5)
    assessed(case, worker, supervisor)
    assert case.plan_due_on == dt.date(2026, 3, 7)


# --- drafts and submission (C3, A3) --------------------------------------------------


def test_a_draft_may_leave_required_answers_empty(case, worker):
    assessment = assessing.assessment_start(actor=worker, case=case, form_code="initial_assessment")
    assert assessment.status == Assessment.Status.DRAFT
    assert assessment.form_version == FormVersion.objects.current("initial_assessment")
    assessing.assessment_save(
        actor=worker,
        assessment=assessment,
        answers={"situation": {"child_seen": "yes", "assessed_on": "2026-01-05"}},
        expected_version=assessment.version,
    )
    assessment.refresh_from_db()
    assert assessment.answers == {"situation": {"child_seen": True, "assessed_on": "2026-01-05"}}
    assert assessment.assessed_on == dt.date(2026, 1, 5)
    assert AuditEvent.objects.filter(action="assessment.save", case_id=case.pk).exists()


def test_a_draft_still_refuses_wrong_answers(case, worker):
    assessment = assessing.assessment_start(actor=worker, case=case, form_code="initial_assessment")
    with pytest.raises(ValidationError) as error:
        assessing.assessment_save(
            actor=worker,
            assessment=assessment,
            answers={"situation": {"child_seen": "perhaps", "mood": "calm"}},
        )
    assert set(error.value.message_dict) == {"situation.child_seen", "situation.mood"}
    assessment.refresh_from_db()
    assert assessment.answers == {} and assessment.version == 1


def test_submitting_checks_every_required_answer_inside_groups_too(case, worker):
    assessment = assessing.assessment_start(actor=worker, case=case, form_code="initial_assessment")
    answers = initial_answers()
    del answers["situation"]["summary"]
    answers["risks"]["identified"].append({"risk": "child_labour"})  # no likelihood, severity
    with pytest.raises(ValidationError) as error:
        assessing.assessment_submit(actor=worker, assessment=assessment, answers=answers)
    assert set(error.value.message_dict) == {
        "situation.summary",
        "risks.identified.1.likelihood",
        "risks.identified.1.severity",
    }
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT
    assert not Approval.objects.exists()


def test_one_unfinished_assessment_per_form(case, worker):
    assessing.assessment_start(actor=worker, case=case, form_code="initial_assessment")
    with pytest.raises(Refused):
        assessing.assessment_start(actor=worker, case=case, form_code="initial_assessment")
    other = assessing.assessment_start(
        actor=worker, case=case, form_code="comprehensive_assessment"
    )
    assert other.form_version.definition.code == "comprehensive_assessment"


def test_only_assessment_forms_can_be_started(case, worker):
    with pytest.raises(ValidationError) as error:
        assessing.assessment_start(actor=worker, case=case, form_code="no_such_form")
    assert "form" in error.value.message_dict


def test_a_worker_elsewhere_cannot_start_or_change_it(case, worker, worker_elsewhere):
    with pytest.raises(Forbidden):
        assessing.assessment_start(
            actor=worker_elsewhere, case=case, form_code="initial_assessment"
        )
    assessment = assessing.assessment_start(actor=worker, case=case, form_code="initial_assessment")
    with pytest.raises(Forbidden):
        assessing.assessment_save(actor=worker_elsewhere, assessment=assessment, answers={})


# --- approval (C4) and the workflow -------------------------------------------------


def test_approval_completes_the_assessment_and_moves_the_case(
    case, worker, supervisor, django_capture_on_commit_callbacks
):
    assessment = submitted_assessment(case, worker)
    assert assessment.status == Assessment.Status.SUBMITTED
    assert assessment.submitted_at is not None and assessment.completed_at is None
    approval = approvals.pending_for("assessment", assessment.pk)
    assert approval.created_by == worker
    assert Notification.objects.filter(recipient=supervisor, kind="approval_requested").exists()
    case.refresh_from_db()
    assert case.status == Case.Status.REGISTERED  # not before the supervisor approves

    approvals.approval_decide(actor=supervisor, approval=approval, approve=True)
    assessment.refresh_from_db()
    case.refresh_from_db()
    assert assessment.status == Assessment.Status.APPROVED
    assert assessment.completed_at is not None
    assert case.status == Case.Status.ASSESSED
    assert Notification.objects.filter(recipient=worker, kind="approval_decided").exists()
    transition = AuditEvent.objects.get(action="case.transition", case_id=case.pk)
    assert transition.detail["transition"] == "assessment_completed"


def test_return_needs_a_comment_then_the_worker_edits_and_resubmits(case, worker, supervisor):
    assessment = submitted_assessment(case, worker)
    approval = approvals.pending_for("assessment", assessment.pk)
    with pytest.raises(Refused):
        approvals.approval_decide(actor=supervisor, approval=approval, approve=False, comment=" ")
    approvals.approval_decide(
        actor=supervisor, approval=approval, approve=False, comment="Add the school's view."
    )
    assessment.refresh_from_db()
    approval.refresh_from_db()
    assert assessment.status == Assessment.Status.RETURNED
    assert approval.decision == Approval.Decision.RETURNED
    assert approval.comment == "Add the school's view."

    answers = copy.deepcopy(assessment.answers)
    answers["views"]["caregiver_views"] = "The teacher says she is often hungry."
    assessing.assessment_save(actor=worker, assessment=assessment, answers=answers)
    assessing.assessment_submit(actor=worker, assessment=assessment)
    assert assessment.status == Assessment.Status.SUBMITTED
    assert approvals.pending_for("assessment", assessment.pk) is not None
    assert Approval.objects.filter(subject_id=assessment.pk).count() == 2


def test_a_submitted_assessment_cannot_change_until_withdrawn(case, worker, supervisor):
    assessment = submitted_assessment(case, worker)
    with pytest.raises(Refused):
        assessing.assessment_save(actor=worker, assessment=assessment, answers={})
    with pytest.raises(Refused):  # only the requester withdraws
        assessing.assessment_withdraw(actor=supervisor, assessment=assessment)
    assessing.assessment_withdraw(actor=worker, assessment=assessment)
    assert assessment.status == Assessment.Status.DRAFT
    approval = Approval.objects.get(subject_id=assessment.pk)
    assert approval.decision == Approval.Decision.WITHDRAWN
    with pytest.raises(Refused):  # nothing left to decide
        approvals.approval_decide(actor=supervisor, approval=approval, approve=True)
    assessing.assessment_save(actor=worker, assessment=assessment, answers=assessment.answers)


def test_nobody_approves_their_own_request(case, supervisor):
    # A supervisor may do casework on their team's cases, but not approve it.
    assessment = submitted_assessment(case, supervisor)
    approval = approvals.pending_for("assessment", assessment.pk)
    with pytest.raises(Refused):
        approvals.approval_decide(actor=supervisor, approval=approval, approve=True)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED


def test_a_worker_cannot_approve(case, worker, worker_elsewhere):
    assessment = submitted_assessment(case, worker)
    approval = approvals.pending_for("assessment", assessment.pk)
    with pytest.raises(Forbidden):
        approvals.approval_decide(actor=worker_elsewhere, approval=approval, approve=True)


def test_without_required_approval_submitting_completes_at_once(case, worker):
    Setting.objects.create(
        key="cases.approval_required", value={"assessment": False, "case_plan": True}
    )
    assessment = submitted_assessment(case, worker)
    case.refresh_from_db()
    assert assessment.status == Assessment.Status.APPROVED
    assert assessment.completed_at is not None
    assert case.status == Case.Status.ASSESSED
    assert case.plan_due_on is not None
    assert not Approval.objects.exists()


def test_a_later_assessment_never_moves_the_workflow_back(case, worker, supervisor):
    assessed(case, worker, supervisor)
    Case.objects.filter(pk=case.pk).update(status=Case.Status.IN_IMPLEMENTATION)
    work.sync([case.pk])  # past the services: keep the open work too
    plan_due = case.plan_due_on
    reassessment = submitted_assessment(case, worker)
    approval = approvals.pending_for("assessment", reassessment.pk)
    approvals.approval_decide(actor=supervisor, approval=approval, approve=True)
    case.refresh_from_db()
    assert case.status == Case.Status.IN_IMPLEMENTATION
    assert case.plan_due_on == plan_due
    assert case.assessments.filter(status=Assessment.Status.APPROVED).count() == 2


def test_a_closed_case_takes_no_new_assessment(case, worker):
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)
    work.sync([case.pk])  # past the services: keep the open work too
    case.refresh_from_db()
    with pytest.raises(Refused):
        assessing.assessment_start(actor=worker, case=case, form_code="initial_assessment")


# --- optimistic locking -------------------------------------------------------------


def test_two_edits_of_the_same_draft_version_the_second_conflicts(case, worker):
    assessment = assessing.assessment_start(actor=worker, case=case, form_code="initial_assessment")
    first = Assessment.objects.get(pk=assessment.pk)
    second = Assessment.objects.get(pk=assessment.pk)
    assessing.assessment_save(
        actor=worker,
        assessment=first,
        answers={"safety": {"safe_now": True}},
        expected_version=1,
    )
    with pytest.raises(Conflict):
        assessing.assessment_save(
            actor=worker,
            assessment=second,
            answers={"safety": {"safe_now": False}},
            expected_version=1,
        )
    assessment.refresh_from_db()
    assert assessment.answers == {"safety": {"safe_now": True}}
    assert assessment.version == 2


# --- form versions ------------------------------------------------------------------


def _publish_next_version(administrator):
    """Version 2 of the initial assessment: a new required question, and the
    caregiver's views dropped."""
    definition = FormDefinition.objects.get(code="initial_assessment")
    draft = form_services.form_version_copy_current(actor=administrator, definition=definition)
    schema = copy.deepcopy(draft.schema)
    situation = next(s for s in schema["sections"] if s["key"] == "situation")
    situation["fields"].append(
        {"key": "school", "type": "text", "label": {"en": "School"}, "required": True}
    )
    views = next(s for s in schema["sections"] if s["key"] == "views")
    views["fields"] = [f for f in views["fields"] if f["key"] != "caregiver_views"]
    form_services.form_version_update_draft(actor=administrator, version=draft, schema=schema)
    draft.refresh_from_db()
    return form_services.form_version_publish(actor=administrator, version=draft)


def test_answers_stay_checked_against_the_version_they_were_made_with(
    case, worker, supervisor, administrator
):
    old = assessing.assessment_start(actor=worker, case=case, form_code="initial_assessment")
    new_version = _publish_next_version(administrator)
    assert new_version.number == 2

    # Made with version 1: version 2's new required question is not asked, and the
    # question version 2 dropped is still an answer.
    answers = initial_answers()
    answers["views"]["caregiver_views"] = "The grandmother agrees."
    assessing.assessment_submit(actor=worker, assessment=old, answers=answers)
    old.refresh_from_db()
    assert old.form_version.number == 1
    assert old.answers["views"]["caregiver_views"] == "The grandmother agrees."
    approval = approvals.pending_for("assessment", old.pk)
    approvals.approval_decide(actor=supervisor, approval=approval, approve=True)

    # A re-assessment starts with version 2 and is checked against it.
    new = assessing.assessment_start(actor=worker, case=case, form_code="initial_assessment")
    assert new.form_version == new_version
    with pytest.raises(ValidationError) as error:
        assessing.assessment_submit(actor=worker, assessment=new, answers=answers)
    assert set(error.value.message_dict) == {"situation.school", "views.caregiver_views"}
    new.refresh_from_db()
    assert new.status == Assessment.Status.DRAFT


# --- masking (B5) -------------------------------------------------------------------


def test_sensitive_answers_are_masked_for_a_reader_without_clearance(
    case, worker, supervisor, manager
):
    assessment = assessed(case, worker, supervisor)
    shown = form_answers.display(assessment.form_version, assessment.answers, manager, "en")
    cells = {f["path"]: f for section in shown for f in section["fields"]}
    assert cells["situation.summary"]["masked"]  # sensitivity 2, manager clearance 1
    assert "neighbour" not in cells["situation.summary"]["value_display"]
    assert not cells["situation.child_seen"]["masked"]
    assert cells["situation.child_seen"]["value_display"] == "Yes"

    answers, masked = masked_answers(manager, assessment)
    assert answers["situation"]["summary"] is None
    assert answers["situation"]["child_seen"] is True
    assert answers["risks"]["identified"] == [
        {"risk": "neglect", "likelihood": "high", "severity": "medium"}
    ]
    assert set(masked) == {"situation.summary", "needs.immediate", "views.child_views"}
    full, none_masked = masked_answers(worker, assessment)
    assert full["situation"]["summary"].startswith("A neighbour") and none_masked == []


def test_answers_above_the_writers_clearance_are_kept_as_stored(case, worker):
    version = FormVersion.objects.current("initial_assessment")
    stored = {"situation": {"summary": "Kept", "child_seen": True}}
    given = {"situation": {"child_seen": False}, "safety": {"safe_now": True}}
    merged = assessing.keep_hidden(version, stored, given, clearance=1)
    assert merged == {
        "situation": {"child_seen": False, "summary": "Kept"},
        "safety": {"safe_now": True},
    }
    assert assessing.keep_hidden(version, stored, given, clearance=3) == given


def test_the_audit_trail_records_that_answers_changed_but_not_what_they_say(case, worker):
    submitted_assessment(case, worker)
    event = AuditEvent.objects.get(action="assessment.submit")
    assert event.case_id == case.pk
    assert event.changes["answers"] == ["•••", "•••"]
    assert "neighbour" not in str(event.changes)
