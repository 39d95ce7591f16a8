"""/api/v1 closing and reopening a case (E3): the same services as the pages,
including the supervisor's decision, which goes through the approval flow."""

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from hearth.access.decorators import api_requires
from hearth.care.models import CareType
from hearth.cases import followup_queries, queries
from hearth.cases.api.followup import case_state
from hearth.cases.models import Approval, Closure
from hearth.cases.services import approvals, closure, registration
from hearth.core.api import masked_fields
from hearth.core.errors import Refused

router = Router(tags=["closure"])


class ClosureIn(Schema):
    reason: str
    goals_met: str = Field(description="yes, partly or no")
    care_type_at_closure: str = Field(description="Care type code, e.g. parental, kinship")
    closure_date: dt.date
    summary: str
    note: str = Field("", description="Note to the approver")


class ReasonIn(Schema):
    reason: str


class DecisionIn(Schema):
    approve: bool
    comment: str = Field("", description="Required when returning")


def closure_out(user, c: Closure) -> dict:
    approval = (
        Approval.objects.filter(subject=Approval.Subject.CLOSURE, subject_id=c.pk)
        .order_by("-created_at")
        .first()
    )
    return {
        "id": c.pk,
        "case": c.case_id,
        "status": c.status,
        "reason": c.reason,
        "goals_met": c.goals_met,
        "care_type_at_closure": c.care_type_at_closure.code,
        "closure_date": c.closure_date,
        "requested_by": c.created_by_id,
        "approval": approval
        and {
            "id": approval.pk,
            "decision": approval.decision,
            "decided_by": approval.decided_by_id,
            "comment": approval.comment,
        },
        **masked_fields(user, c, ["summary"]),
    }


@router.post("/cases/{case_id}/closure", response={201: dict}, summary="Request closure (E3)")
@api_requires("case.close")
def request_closure(request, case_id: uuid.UUID, payload: ClosureIn):
    case = queries.case_for(request.user, case_id, "case.close")
    data = payload.dict()
    care_type = CareType.objects.filter(code=data["care_type_at_closure"], is_active=True).first()
    if care_type is None:
        raise ValidationError({"care_type_at_closure": [_("Unknown care type.")]})
    data["care_type_at_closure"] = care_type
    c = closure.closure_request(actor=request.user, case=case, **data)
    return 201, {**closure_out(request.user, c), "case_state": case_state(case)}


@router.get("/cases/{case_id}/closures", summary="A case's closures, latest first")
@api_requires("case.view")
def closure_list(request, case_id: uuid.UUID):
    case = queries.case_for(request.user, case_id)
    registration.record_read(actor=request.user, case=case, what="api:closures")
    rows = case.closures.filter(is_voided=False).select_related("care_type_at_closure")
    return [closure_out(request.user, c) for c in rows]


@router.post("/cases/{case_id}/reopen", summary="Reopen a closed case, with a reason (E3)")
@api_requires("case.close")
def reopen(request, case_id: uuid.UUID, payload: ReasonIn):
    case = queries.case_for(request.user, case_id, "case.close")
    reopening = closure.case_reopen(actor=request.user, case=case, reason=payload.reason)
    return {"reopening": reopening.pk, "case_state": case_state(case)}


@router.post("/closures/{closure_id}/decision", summary="Approve or return a closure")
@api_requires("case.approve")
def decide(request, closure_id: uuid.UUID, payload: DecisionIn):
    c = followup_queries.child_for(request.user, Closure, closure_id)
    approval = approvals.pending_for(Approval.Subject.CLOSURE, c.pk)
    if approval is None:
        raise Refused(_("This closure is not waiting for a decision."))
    approvals.approval_decide(
        actor=request.user, approval=approval, approve=payload.approve, comment=payload.comment
    )
    c.refresh_from_db()
    case = queries.case_for(request.user, c.case_id)
    return {**closure_out(request.user, c), "case_state": case_state(case)}
