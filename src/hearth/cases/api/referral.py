"""/api/v1 referrals (D3, B3, B8): refer a case, list what was referred to me or
my agency, and answer. The consent gate, the directory filter and the state
machine are the services' own, so the API cannot get around them."""

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from hearth.access.decorators import api_requires
from hearth.cases import delivery_queries as q
from hearth.cases import queries
from hearth.cases.api.delivery import worker
from hearth.cases.api.directory import agency, service_type_by_code
from hearth.cases.models import Referral, ServiceProvider
from hearth.cases.services import referral as referrals
from hearth.core import clock
from hearth.core.api import masked_fields, paginate

router = Router(tags=["referrals"])


class ReferralIn(Schema):
    service_type: str = Field(description="Service type code")
    to_user: uuid.UUID | None = None
    to_agency: uuid.UUID | None = None
    to_provider: uuid.UUID | None = Field(None, description="A directory entry")
    reason: str
    urgent: bool = False
    respond_by: dt.date | None = Field(None, description="Default: 2 days if urgent, else 7")
    consent_override_reason: str = Field(
        "", description="Only without consent to share; needs consent.override"
    )


class AcceptIn(Schema):
    service_due_on: dt.date | None = None
    version: int | None = None


class ReasonIn(Schema):
    reason: str
    version: int | None = None


class CompleteIn(Schema):
    feedback: str
    service_delivered: bool = True
    delivered_on: dt.date | None = None
    version: int | None = None


def referral_out(user, r: Referral) -> dict:
    return {
        "id": r.pk,
        "version": r.version,
        "case": r.case_id,
        "case_number": r.case.number,
        "service_type": r.service_type.code,
        "to_user": r.to_user_id,
        "to_agency": r.to_agency_id,
        "to_provider": r.to_provider_id,
        "urgent": r.urgent,
        "respond_by": r.respond_by,
        "overdue": (
            r.status == Referral.Status.PENDING
            and r.respond_by is not None
            and r.respond_by < clock.today()
        ),
        "status": r.status,
        "referred_by": r.created_by_id,
        "referred_at": r.created_at,
        "responded_by": r.responded_by_id,
        "responded_at": r.responded_at,
        "completed_at": r.completed_at,
        "consent_override": bool(r.consent_override_reason),
        **masked_fields(user, r, ["reason", "decline_reason", "feedback", "revoked_reason"]),
    }


@router.get("/cases/{case_id}/referrals", summary="Referrals of a case, with answers and feedback")
@api_requires("case.view")
def referral_list(request, case_id: uuid.UUID):
    case = queries.case_for(request.user, case_id)
    return [referral_out(request.user, r) for r in q.referrals_of(case).select_related("case")]


@router.post("/cases/{case_id}/referrals", response={201: dict}, summary="Refer a case (D3, B3)")
@api_requires("case.refer")
def referral_create(request, case_id: uuid.UUID, payload: ReferralIn):
    case = queries.case_for(request.user, case_id, "case.refer")
    data = payload.dict()
    provider = None
    if data["to_provider"]:
        provider = ServiceProvider.objects.filter(pk=data["to_provider"], is_voided=False).first()
        if provider is None:
            raise ValidationError({"to_provider": [_("Unknown provider.")]})
    referral = referrals.referral_create(
        actor=request.user,
        case=case,
        service_type=service_type_by_code(data["service_type"]),
        to_user=worker(data["to_user"], "to_user") if data["to_user"] else None,
        to_agency=agency(data["to_agency"], "to_agency") if data["to_agency"] else None,
        to_provider=provider,
        reason=data["reason"],
        urgent=data["urgent"],
        respond_by=data["respond_by"],
        consent_override_reason=data["consent_override_reason"],
    )
    return 201, referral_out(request.user, referral)


@router.get("/referrals/incoming", summary="Active referrals to me or my agency")
@api_requires("referral.respond")
def referral_incoming(request, page: int = 1, per: int = 50):
    qs = q.referrals_incoming(request.user)
    return paginate(qs, page, per, lambda r: referral_out(request.user, r))


@router.post("/referrals/{referral_id}/accept", summary="Accept (plans the service)")
@api_requires("referral.respond")
def referral_accept(request, referral_id: uuid.UUID, payload: AcceptIn):
    referral = referrals.referral_accept(
        actor=request.user,
        referral=q.referral_for(request.user, referral_id),
        service_due_on=payload.service_due_on,
        expected_version=payload.version,
    )
    return referral_out(request.user, referral)


@router.post("/referrals/{referral_id}/decline", summary="Decline with a reason")
@api_requires("referral.respond")
def referral_decline(request, referral_id: uuid.UUID, payload: ReasonIn):
    referral = referrals.referral_decline(
        actor=request.user,
        referral=q.referral_for(request.user, referral_id),
        reason=payload.reason,
        expected_version=payload.version,
    )
    return referral_out(request.user, referral)


@router.post("/referrals/{referral_id}/complete", summary="Complete with feedback to the referrer")
@api_requires("referral.respond")
def referral_complete(request, referral_id: uuid.UUID, payload: CompleteIn):
    referral = referrals.referral_complete(
        actor=request.user,
        referral=q.referral_for(request.user, referral_id),
        feedback=payload.feedback,
        service_delivered=payload.service_delivered,
        delivered_on=payload.delivered_on,
        expected_version=payload.version,
    )
    return referral_out(request.user, referral)


@router.post("/referrals/{referral_id}/revoke", summary="Withdraw (the recipient loses access)")
@api_requires("case.refer")
def referral_revoke(request, referral_id: uuid.UUID, payload: ReasonIn):
    referral = referrals.referral_revoke(
        actor=request.user,
        referral=q.referral_for(request.user, referral_id),
        reason=payload.reason,
        expected_version=payload.version,
    )
    return referral_out(request.user, referral)
