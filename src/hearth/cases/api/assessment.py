"""/api/v1 assessments (C2, C3): start one on a case from an assessment form, save
the draft, submit it, read it with answers masked by the reader's clearance.

Answers are JSON grouped by section, exactly as the form version's schema shapes
them (see GET /forms/{code}/versions/{number}). Problems come back as 422 with
`errors` keyed by answer path ("risks.identified.0.likelihood"); a step the case
is not ready for is 409. The same services as the pages."""

import uuid

from ninja import Field, Router, Schema

from hearth.access.decorators import api_requires
from hearth.cases import queries, queries_plan
from hearth.cases.api.approval import approval_out
from hearth.cases.models import Approval, Assessment
from hearth.cases.services import assessment as services
from hearth.cases.services import registration

router = Router(tags=["assessments"])


class AssessmentStartIn(Schema):
    form: str = Field(description="Code of an assessment form, e.g. initial_assessment")


class AssessmentPatch(Schema):
    version: int = Field(description="The version you read; a stale one is a 409 conflict")
    answers: dict = Field(description="Every answer of the draft (missing ones are cleared)")


class AssessmentSubmitIn(Schema):
    version: int | None = None
    answers: dict | None = Field(None, description="Answers to save first; else the draft's")
    note: str = Field("", description="Note to the supervisor when approval is needed")


def assessment_out(user, assessment: Assessment, with_answers: bool = True) -> dict:
    out = {
        "id": assessment.pk,
        "version": assessment.version,
        "case": assessment.case_id,
        "form": assessment.form_version.definition.code,
        "form_version": assessment.form_version.number,
        "status": assessment.status,
        "assessed_on": assessment.assessed_on,
        "submitted_at": assessment.submitted_at,
        "completed_at": assessment.completed_at,
        "started_by": assessment.created_by_id,
    }
    if with_answers:
        out["answers"], out["masked"] = queries_plan.masked_answers(user, assessment)
        out["approvals"] = [
            approval_out(a)
            for a in queries_plan.approvals_of(
                assessment.case, Approval.Subject.ASSESSMENT, assessment.pk
            )
        ]
    return out


def _fresh(user, pk) -> dict:
    return assessment_out(user, queries_plan.assessment_for(user, pk))


@router.get("/cases/{case_id}/assessments", summary="A case's assessments, newest first")
@api_requires("case.view")
def assessment_list(request, case_id: uuid.UUID):
    case = queries.case_for(request.user, case_id)
    return [
        assessment_out(request.user, a, with_answers=False)
        for a in queries_plan.assessments_of(case)
    ]


@router.post(
    "/cases/{case_id}/assessments",
    response={201: dict},
    summary="Start an assessment with the current version of an assessment form",
)
@api_requires("case.work")
def assessment_start(request, case_id: uuid.UUID, payload: AssessmentStartIn):
    case = queries.case_for(request.user, case_id, "case.work")
    assessment = services.assessment_start(actor=request.user, case=case, form_code=payload.form)
    return 201, _fresh(request.user, assessment.pk)


@router.get("/assessments/{assessment_id}", summary="One assessment; masked answers are null")
@api_requires("case.view")
def assessment_detail(request, assessment_id: uuid.UUID):
    assessment = queries_plan.assessment_for(request.user, assessment_id)
    registration.record_read(
        actor=request.user, case=assessment.case, what=f"api assessment {assessment.pk}"
    )
    return assessment_out(request.user, assessment)


@router.patch(
    "/assessments/{assessment_id}",
    summary="Save the draft's answers (required ones may wait); send the version you read",
)
@api_requires("case.work")
def assessment_save(request, assessment_id: uuid.UUID, payload: AssessmentPatch):
    assessment = queries_plan.assessment_for(request.user, assessment_id, "case.work")
    services.assessment_save(
        actor=request.user,
        assessment=assessment,
        answers=payload.answers,
        expected_version=payload.version,
    )
    return _fresh(request.user, assessment_id)


@router.post(
    "/assessments/{assessment_id}/submit",
    summary="Submit: every required answer is checked; then approval or completion",
)
@api_requires("case.work")
def assessment_submit(request, assessment_id: uuid.UUID, payload: AssessmentSubmitIn):
    assessment = queries_plan.assessment_for(request.user, assessment_id, "case.work")
    services.assessment_submit(
        actor=request.user,
        assessment=assessment,
        answers=payload.answers,
        expected_version=payload.version,
        note=payload.note,
    )
    return _fresh(request.user, assessment_id)


@router.post(
    "/assessments/{assessment_id}/withdraw",
    summary="Withdraw your pending request for approval, to edit the draft again",
)
@api_requires("case.work")
def assessment_withdraw(request, assessment_id: uuid.UUID):
    assessment = queries_plan.assessment_for(request.user, assessment_id, "case.work")
    services.assessment_withdraw(actor=request.user, assessment=assessment)
    return _fresh(request.user, assessment_id)
