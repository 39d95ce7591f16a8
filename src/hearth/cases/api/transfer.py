"""/api/v1 transfers and reassignment (E4). Ownership moves only through the
services: on the recipient's acceptance, or a supervisor's direct reassignment."""

import uuid

from ninja import Field, Router, Schema

from hearth.access.decorators import api_requires
from hearth.cases import delivery_queries as q
from hearth.cases import queries
from hearth.cases.api.case import case_out
from hearth.cases.api.delivery import worker
from hearth.cases.api.directory import agency
from hearth.cases.models import Transfer
from hearth.cases.services import transfer as transfers
from hearth.core.api import masked_fields, paginate

router = Router(tags=["transfers"])


class TransferIn(Schema):
    to_user: uuid.UUID | None = None
    to_agency: uuid.UUID | None = None
    reason: str
    consent_override_reason: str = Field(
        "", description="Another agency without consent to share; needs consent.override"
    )


class AcceptIn(Schema):
    new_owner: uuid.UUID | None = Field(None, description="For a transfer to an agency")
    caseload_override: str = ""


class ReasonIn(Schema):
    reason: str = ""


class ReassignIn(Schema):
    new_owner: uuid.UUID
    reason: str
    caseload_override: str = ""


def transfer_out(user, t: Transfer) -> dict:
    return {
        "id": t.pk,
        "version": t.version,
        "case": t.case_id,
        "case_number": t.case.number,
        "from_user": t.from_user_id,
        "requested_by": t.created_by_id,
        "to_user": t.to_user_id,
        "to_agency": t.to_agency_id,
        "status": t.status,
        "new_owner": t.new_owner_id,
        "responded_by": t.responded_by_id,
        "responded_at": t.responded_at,
        "consent_override": bool(t.consent_override_reason),
        **masked_fields(user, t, ["reason", "decline_reason"]),
    }


@router.get("/cases/{case_id}/transfers", summary="Transfers of a case")
@api_requires("case.view")
def transfer_list(request, case_id: uuid.UUID):
    case = queries.case_for(request.user, case_id)
    return [transfer_out(request.user, t) for t in q.transfers_of(case).select_related("case")]


@router.post("/cases/{case_id}/transfers", response={201: dict}, summary="Request a transfer")
@api_requires("case.transfer")
def transfer_request(request, case_id: uuid.UUID, payload: TransferIn):
    case = queries.case_for(request.user, case_id, "case.transfer")
    transfer = transfers.transfer_request(
        actor=request.user,
        case=case,
        to_user=worker(payload.to_user, "to_user") if payload.to_user else None,
        to_agency=agency(payload.to_agency, "to_agency") if payload.to_agency else None,
        reason=payload.reason,
        consent_override_reason=payload.consent_override_reason,
    )
    return 201, transfer_out(request.user, transfer)


@router.get("/transfers/incoming", summary="Pending transfers to me or my agency")
@api_requires("case.view")
def transfer_incoming(request, page: int = 1, per: int = 50):
    qs = q.transfers_incoming(request.user)
    return paginate(qs, page, per, lambda t: transfer_out(request.user, t))


@router.post("/transfers/{transfer_id}/accept", summary="Accept: the case changes owner")
@api_requires("case.view")
def transfer_accept(request, transfer_id: uuid.UUID, payload: AcceptIn):
    transfer = transfers.transfer_accept(
        actor=request.user,
        transfer=q.transfer_for(request.user, transfer_id),
        new_owner=worker(payload.new_owner, "new_owner") if payload.new_owner else None,
        caseload_override=payload.caseload_override,
    )
    return transfer_out(request.user, transfer)


@router.post("/transfers/{transfer_id}/decline", summary="Decline with a reason")
@api_requires("case.view")
def transfer_decline(request, transfer_id: uuid.UUID, payload: ReasonIn):
    transfer = transfers.transfer_decline(
        actor=request.user,
        transfer=q.transfer_for(request.user, transfer_id),
        reason=payload.reason,
    )
    return transfer_out(request.user, transfer)


@router.post("/transfers/{transfer_id}/cancel", summary="Cancel a pending transfer")
@api_requires("case.view")
def transfer_cancel(request, transfer_id: uuid.UUID, payload: ReasonIn):
    transfer = transfers.transfer_cancel(
        actor=request.user,
        transfer=q.transfer_for(request.user, transfer_id),
        reason=payload.reason,
    )
    return transfer_out(request.user, transfer)


@router.post("/cases/{case_id}/reassign", summary="Reassign directly (supervisors, E4)")
@api_requires("case.reassign")
def case_reassign(request, case_id: uuid.UUID, payload: ReassignIn):
    case = queries.case_for(request.user, case_id, "case.reassign")
    transfers.case_reassign(
        actor=request.user,
        case=case,
        new_owner=worker(payload.new_owner, "new_owner"),
        reason=payload.reason,
        caseload_override=payload.caseload_override,
    )
    return case_out(request.user, case)
