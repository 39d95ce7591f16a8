"""/api/v1/approvals: requests waiting for the caller's decision, and the decision
(C4). The same service as the page: no self-approval, a comment to return."""

import uuid

from ninja import Router, Schema

from hearth.access.decorators import api_requires
from hearth.cases import queries, queries_plan
from hearth.cases.models import Approval
from hearth.cases.services import approvals
from hearth.core.api import paginate

router = Router(tags=["approvals"])


class DecideIn(Schema):
    approve: bool
    comment: str = ""
    version: int | None = None


def approval_out(approval: Approval) -> dict:
    return {
        "id": approval.pk,
        "version": approval.version,
        "case": approval.case_id,
        "subject": approval.subject,
        "subject_id": approval.subject_id,
        "decision": approval.decision,
        "requested_by": approval.created_by_id,
        "requested_at": approval.created_at,
        "requested_note": approval.requested_note,
        "approver": approval.approver_id,
        "decided_by": approval.decided_by_id,
        "decided_at": approval.decided_at,
        "comment": approval.comment,
    }


@router.get("/approvals", summary="Requests waiting for my decision, oldest first (C4)")
@api_requires("case.approve")
def approval_list(request, page: int = 1, per: int = 50):
    return paginate(queries_plan.approvals_waiting(request.user), page, per, approval_out)


@router.get("/cases/{case_id}/approvals", summary="A case's requests and decisions, newest first")
@api_requires("case.view")
def case_approvals(request, case_id: uuid.UUID):
    case = queries.case_for(request.user, case_id)
    return [approval_out(a) for a in queries_plan.approvals_of(case)]


@router.post(
    "/approvals/{approval_id}/decide",
    summary="Approve, or return with a comment (required to return; never your own request)",
)
@api_requires("case.approve")
def approval_decide(request, approval_id: uuid.UUID, payload: DecideIn):
    approval = queries_plan.approval_for(request.user, approval_id, "case.approve")
    approvals.approval_decide(
        actor=request.user,
        approval=approval,
        approve=payload.approve,
        comment=payload.comment,
        expected_version=payload.version,
    )
    return approval_out(approval)
