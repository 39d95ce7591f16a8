"""Assessments (C2, C3): answers to a configurable assessment form, kept and checked
against the form version they were started with, then completed directly or
through a supervisor's approval (C4).

The first completed assessment moves a registered case to "assessed" and starts
the clock for the case plan (D1). Later assessments (comprehensive, re-assessment)
may be made at any open step and never move the workflow backwards."""

from __future__ import annotations

import copy
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.access.sensitivity import Level, declare
from hearth.audit.services import record_change
from hearth.cases import deadlines, workflow
from hearth.cases.models import Approval, Assessment, Case
from hearth.cases.services import approvals
from hearth.core import clock, writes
from hearth.core.errors import Conflict, Refused
from hearth.forms import answers as form_answers
from hearth.forms import schema as form_schema
from hearth.forms.models import FormDefinition, FormVersion

# The answers as a whole: the audit trail keeps only the fact that they changed.
# What each reader sees of them is decided per question (the form's sensitivity).
declare("cases.assessment", answers=Level.SENSITIVE)

EDITABLE = (Assessment.Status.DRAFT, Assessment.Status.RETURNED)
UNFINISHED = (*EDITABLE, Assessment.Status.SUBMITTED)


def assessment_forms():
    """The published versions of every active assessment form, by name."""
    return (
        FormVersion.objects.published()
        .filter(definition__kind=FormDefinition.Kind.ASSESSMENT, definition__is_active=True)
        .select_related("definition")
        .order_by("definition__name")
    )


def require_version(row, expected_version: int | None) -> None:
    """Fail before checking anything else when the caller edited an older copy (the
    save itself checks again, for a change made in between)."""
    if expected_version is not None and int(expected_version) != row.version:
        raise Conflict(
            _(
                "Someone else changed this record while you were editing it. "
                "Reload to see their changes, then make yours again."
            )
        )


def _locked_case(case_id) -> Case:
    return Case.objects.select_for_update().get(pk=case_id)


def _require_editable(assessment: Assessment) -> None:
    if assessment.status == Assessment.Status.SUBMITTED:
        raise Refused(
            _("This assessment is waiting for approval. Withdraw the request to change it.")
        )
    if assessment.status not in EDITABLE:
        raise Refused(_("This assessment is completed and can no longer change."))


def keep_hidden(version: FormVersion, stored: dict, given, clearance: int):
    """`given` with every answer above the writer's clearance put back as stored:
    they cannot see those answers, so cannot have meant to change or clear them."""
    if not isinstance(given, dict):
        return given  # answers.clean refuses it with a message
    out = copy.deepcopy(given)
    stored = stored if isinstance(stored, dict) else {}
    for section in form_schema.sections(version.schema):
        key = section["key"]
        kept = stored.get(key)
        old: dict = kept if isinstance(kept, dict) else {}
        new = out.get(key, {})
        if not isinstance(new, dict):
            continue
        new = dict(new)
        for field in section["fields"]:
            name = field["key"]
            if field.get("sensitivity", 0) > clearance:
                _put_back(new, old, name)
            elif field["type"] == "repeating_group" and isinstance(new.get(name), list):
                hidden = [m["key"] for m in field["fields"] if m.get("sensitivity", 0) > clearance]
                if hidden:
                    new[name] = _rows_put_back(new[name], old.get(name), hidden)
        if new or key in out:
            out[key] = new
    return out


def _put_back(new: dict, old: dict, name: str) -> None:
    if name in old:
        new[name] = old[name]
    else:
        new.pop(name, None)


def _rows_put_back(rows: list, old_rows, hidden: list[str]) -> list:
    # Rows are matched by position, as the page shows and posts them.
    old_rows = old_rows if isinstance(old_rows, list) else []
    out = []
    for index, row in enumerate(rows):
        if isinstance(row, dict):
            row = dict(row)
            old = old_rows[index] if index < len(old_rows) else {}
            old = old if isinstance(old, dict) else {}
            for name in hidden:
                _put_back(row, old, name)
        out.append(row)
    return out


def assessed_on(version: FormVersion, answers: dict) -> dt.date | None:
    """The assessment date the worker answered, when the form asks for one."""
    for section in form_schema.sections(version.schema):
        for field in section["fields"]:
            if field["key"] == "assessed_on" and field["type"] == "date":
                value = (answers.get(section["key"]) or {}).get("assessed_on")
                if value:
                    return dt.date.fromisoformat(value)
    return None


def _cleaned(actor, assessment: Assessment, raw, *, partial: bool) -> dict:
    raw = keep_hidden(assessment.form_version, assessment.answers, raw, policy.clearance_of(actor))
    return form_answers.clean(assessment.form_version, raw, partial=partial)


@transaction.atomic
def assessment_start(*, actor, case: Case, form_code: str) -> Assessment:
    """Start an assessment with the current version of an assessment form. It is
    made, checked and read with that version for as long as it exists. One
    unfinished assessment per form at a time, so work is not split in two."""
    policy.require(actor, "case.work", case)
    workflow.require_open(case)
    version = assessment_forms().filter(definition__code=form_code).first()
    if version is None:
        raise ValidationError({"form": _("Choose one of the assessment forms in use.")})
    unfinished = case.assessments.filter(
        form_version__definition=version.definition, status__in=UNFINISHED, is_voided=False
    ).exists()
    if unfinished:
        raise Refused(
            _("“%(form)s” is already in progress on this case; continue it.")
            % {"form": version.definition.name}
        )
    assessment = Assessment(case=case, form_version=version)
    writes.create(assessment, actor=actor)
    record_change(
        actor=actor,
        action="assessment.start",
        target=assessment,
        before=None,
        detail={"form": version.definition.code, "form_version": version.number},
    )
    return assessment


@transaction.atomic
def assessment_save(
    *, actor, assessment: Assessment, answers, expected_version: int | None = None
) -> Assessment:
    """Save a draft: answers are checked (types, choices, dates) but required
    questions may still be empty."""
    policy.require(actor, "case.work", assessment.case)
    _require_editable(assessment)
    require_version(assessment, expected_version)
    before = writes.snapshot(assessment)
    assessment.answers = _cleaned(actor, assessment, answers, partial=True)
    assessment.assessed_on = assessed_on(assessment.form_version, assessment.answers)
    writes.update(assessment, actor=actor, expected_version=expected_version)
    record_change(actor=actor, action="assessment.save", target=assessment, before=before)
    return assessment


@transaction.atomic
def assessment_submit(
    *,
    actor,
    assessment: Assessment,
    answers=None,
    expected_version: int | None = None,
    note: str = "",
) -> Assessment:
    """Submit for completion: every required answer (in every row of a repeating
    group too) must be there, checked against the version the assessment was
    started with. Where approval is required it waits for a supervisor;
    otherwise it is completed at once."""
    policy.require(actor, "case.work", assessment.case)
    _require_editable(assessment)
    workflow.require_open(assessment.case)
    require_version(assessment, expected_version)
    before = writes.snapshot(assessment)
    raw = assessment.answers if answers is None else answers
    assessment.answers = _cleaned(actor, assessment, raw, partial=False)
    assessment.assessed_on = (
        assessed_on(assessment.form_version, assessment.answers) or clock.today()
    )
    assessment.submitted_at = clock.now()
    needs_approval = deadlines.approval_required("assessment")
    assessment.status = (
        Assessment.Status.SUBMITTED if needs_approval else Assessment.Status.APPROVED
    )
    if not needs_approval:
        assessment.completed_at = assessment.submitted_at
    writes.update(assessment, actor=actor, expected_version=expected_version)
    record_change(actor=actor, action="assessment.submit", target=assessment, before=before)
    if needs_approval:
        approvals.approval_request(
            actor=actor,
            case=assessment.case,
            subject=Approval.Subject.ASSESSMENT,
            subject_id=assessment.pk,
            note=(note or "").strip(),
        )
    else:
        _completed(actor, assessment)
    return assessment


def _completed(actor, assessment: Assessment) -> None:
    """What completing an assessment does to the case: the first one moves it from
    registered to assessed and sets the case plan deadline."""
    case = _locked_case(assessment.case_id)
    if case.status == Case.Status.REGISTERED:
        before = writes.snapshot(case)
        case.plan_due_on = deadlines.plan_due(assessment.assessed_on or clock.today())
        workflow.advance(actor=actor, case=case, name="assessment_completed")
        record_change(actor=actor, action="case.plan_deadline", target=case, before=before)
    deadlines.refresh(case)
    assessment.case = case


@transaction.atomic
def assessment_withdraw(*, actor, assessment: Assessment) -> Assessment:
    """The worker who asked for approval takes the request back, to change the
    assessment before anyone decides."""
    policy.require(actor, "case.work", assessment.case)
    approval = approvals.pending_for(Approval.Subject.ASSESSMENT, assessment.pk)
    if assessment.status != Assessment.Status.SUBMITTED or approval is None:
        raise Refused(_("This assessment is not waiting for approval."))
    if approval.created_by_id != actor.pk:
        raise Refused(_("Only the person who asked for approval can withdraw the request."))
    approvals.approval_withdraw(actor=actor, approval=approval)
    before = writes.snapshot(assessment)
    assessment.status = Assessment.Status.DRAFT
    writes.update(assessment, actor=actor)
    record_change(actor=actor, action="assessment.withdraw", target=assessment, before=before)
    return assessment


# --- what a supervisor's decision does (registered with the approval flow) ---------


def _load(pk) -> Assessment:
    return Assessment.objects.select_related("case", "form_version__definition").get(pk=pk)


def _on_approved(actor, assessment: Assessment, approval: Approval) -> None:
    before = writes.snapshot(assessment)
    assessment.status = Assessment.Status.APPROVED
    assessment.completed_at = clock.now()
    writes.update(assessment, actor=actor)
    record_change(actor=actor, action="assessment.approve", target=assessment, before=before)
    _completed(actor, assessment)


def _on_returned(actor, assessment: Assessment, approval: Approval) -> None:
    before = writes.snapshot(assessment)
    assessment.status = Assessment.Status.RETURNED
    writes.update(assessment, actor=actor)
    record_change(
        actor=actor,
        action="assessment.return",
        target=assessment,
        before=before,
        detail={"comment": approval.comment},
    )


approvals.register_subject(
    Approval.Subject.ASSESSMENT,
    approvals.Subject(load=_load, on_approved=_on_approved, on_returned=_on_returned),
)
