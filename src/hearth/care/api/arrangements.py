"""/api/v1 care arrangements (F1), gatekeeping (F2), safeguards (F3), placement
reviews (F5), family contact (F6) and discharge (F10): the same services as the
pages, so the API is never a way around a rule."""

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from hearth.access.decorators import api_requires
from hearth.care import queries
from hearth.care.api.common import arrangement_out, one
from hearth.care.models import Facility, FosterCarer, GatekeepingDecision
from hearth.care.services import arrangements, gatekeeping, placement, safeguards
from hearth.cases import queries as case_queries
from hearth.cases.models import LegalOrder
from hearth.cases.services.registration import record_read
from hearth.core.api import masked_fields
from hearth.registry.models import Household

router = Router(tags=["care"])


class ArrangementIn(Schema):
    care_type: str = Field(description="A care type code, e.g. foster, institution, parental")
    start_date: dt.date
    legal_basis: str = Field(description="none, agreement, administrative or court")
    decided_by: str
    reasons: list[str] = Field(description="Reason codes, e.g. abuse, poverty")
    reason_text: str = ""
    is_formal: bool = False
    is_emergency: bool = False
    facility: uuid.UUID | None = None
    foster_carer: uuid.UUID | None = None
    household: uuid.UUID | None = None
    provider_details: str = ""
    legal_order: uuid.UUID | None = None
    gatekeeping: uuid.UUID | None = None
    safeguard_note: str = ""
    care_plan_note: str = ""
    end_date: dt.date | None = Field(None, description="Only for an episode already over")


class OptionIn(Schema):
    care_type: str
    note: str = ""


class GatekeepingIn(Schema):
    assessed_on: dt.date
    decided_on: dt.date
    body: str = Field(description="panel, court, officer or other")
    body_name: str = ""
    options: list[OptionIn] = Field(description="In the order considered, family-based first")
    family_options_not_possible: str = ""
    decision: str = Field(description="place, support or other")
    recommended_care_type: str | None = None
    rationale: str
    child_consulted: bool = False
    child_views: str = ""
    parents_consulted: bool = False
    parents_views: str = ""
    legal_order: uuid.UUID | None = None


class ReviewIn(Schema):
    held_on: dt.date
    participants: str
    decision: str = Field(description="continue, change or reintegrate")
    child_participated: bool = False
    child_views: str = ""
    findings: str = ""
    decision_notes: str = ""
    next_review_on: dt.date | None = None


class ContactIn(Schema):
    contact_on: dt.date
    with_whom: str
    method: str = Field(description="family_visit, home_visit, call, video or letter")
    initiated_by: str = Field(description="child, family, carer or worker")
    notes: str = ""


class DischargeIn(Schema):
    discharged_on: dt.date = Field(description="The child's last day in the placement")
    kind: str
    destination: str = ""
    destination_household: uuid.UUID | None = None
    notes: str = ""


class DecisionIn(Schema):
    approve: bool
    comment: str = ""


def gatekeeping_out(user, g: GatekeepingDecision) -> dict:
    return {
        "id": g.pk,
        "case": g.case_id,
        "assessed_on": g.assessed_on,
        "decided_on": g.decided_on,
        "body": g.body,
        "body_name": g.body_name,
        "options": g.options,
        "decision": g.decision,
        "recommended_care_type": g.recommended_care_type.code if g.recommended_care_type else None,
        "child_consulted": g.child_consulted,
        "parents_consulted": g.parents_consulted,
        "legal_order": g.legal_order_id,
        **masked_fields(
            user, g, ["rationale", "child_views", "parents_views", "family_options_not_possible"]
        ),
    }


def order_of(case, pk) -> LegalOrder | None:
    """A legal order recorded on this case (the case is already open to the reader)."""
    if pk is None:
        return None
    found = case.legal_orders.filter(pk=pk, is_voided=False).first()
    if found is None:
        raise ValidationError({"legal_order": [_("This order is not recorded on the case.")]})
    return found


def _case(request, case_id, permission="care.view"):
    case = case_queries.case_for(request.user, case_id, permission)
    return case


@router.get("/cases/{case_id}/care/arrangements", summary="A child's care timeline (F1)")
@api_requires("care.view")
def arrangement_list(request, case_id: uuid.UUID):
    case = _case(request, case_id)
    record_read(actor=request.user, case=case, what="api care")
    return [arrangement_out(request.user, a) for a in queries.timeline_of(request.user, case)]


@router.post(
    "/cases/{case_id}/care/arrangements",
    response={201: dict},
    summary="Start a care arrangement; the current one ends the day before (F1-F5)",
)
@api_requires("care.manage")
def arrangement_start(request, case_id: uuid.UUID, payload: ArrangementIn):
    user = request.user
    case = _case(request, case_id, "care.manage")
    data = payload.dict()
    data["facility"] = one(user, Facility, data["facility"], "care.view", "facility")
    data["foster_carer"] = one(user, FosterCarer, data["foster_carer"], "care.view", "foster_carer")
    data["household"] = one(user, Household, data["household"], "person.view", "household")
    data["legal_order"] = order_of(case, data["legal_order"])
    if data["gatekeeping"]:
        data["gatekeeping"] = one(
            user, GatekeepingDecision, data["gatekeeping"], "care.view", "gatekeeping"
        )
    found = arrangements.arrangement_start(actor=user, case=case, **data)
    return 201, arrangement_out(user, queries.arrangement_for(user, found.pk))


@router.get("/care/arrangements/{arrangement_id}", summary="One care arrangement")
@api_requires("care.view")
def arrangement_detail(request, arrangement_id: uuid.UUID):
    a = queries.arrangement_for(request.user, arrangement_id)
    record_read(actor=request.user, case=a.case, what="api care arrangement")
    out = arrangement_out(request.user, a)
    out["has_care_plan"] = queries.has_care_plan(a)
    return out


@router.get("/cases/{case_id}/care/gatekeeping", summary="Gatekeeping decisions (F2)")
@api_requires("care.view")
def gatekeeping_list(request, case_id: uuid.UUID):
    case = _case(request, case_id)
    return [gatekeeping_out(request.user, g) for g in queries.gatekeeping_of(case)]


@router.post(
    "/cases/{case_id}/care/gatekeeping",
    response={201: dict},
    summary="Record a gatekeeping decision: family-based options first (F2)",
)
@api_requires("care.manage")
def gatekeeping_record(request, case_id: uuid.UUID, payload: GatekeepingIn):
    case = _case(request, case_id, "care.manage")
    data = payload.dict()
    data["options"] = [dict(o) for o in data["options"]]
    data["legal_order"] = order_of(case, data["legal_order"])
    found = gatekeeping.gatekeeping_record(actor=request.user, case=case, **data)
    return 201, gatekeeping_out(request.user, found)


@router.get("/care/arrangements/{arrangement_id}/reviews", summary="Placement reviews (F5)")
@api_requires("care.view")
def review_list(request, arrangement_id: uuid.UUID):
    a = queries.arrangement_for(request.user, arrangement_id)
    return [
        {
            "id": r.pk,
            "held_on": r.held_on,
            "child_participated": r.child_participated,
            "decision": r.decision,
            "next_review_on": r.next_review_on,
            **masked_fields(
                request.user, r, ["participants", "child_views", "findings", "decision_notes"]
            ),
        }
        for r in queries.reviews_of(a)
    ]


@router.post(
    "/care/arrangements/{arrangement_id}/reviews",
    response={201: dict},
    summary="Review a formal placement; the next is due within the configured days (F5)",
)
@api_requires("care.manage")
def review_record(request, arrangement_id: uuid.UUID, payload: ReviewIn):
    a = queries.arrangement_for(request.user, arrangement_id, "care.manage")
    review = placement.placement_review_record(actor=request.user, arrangement=a, **payload.dict())
    return 201, {"id": review.pk, "next_review_on": review.next_review_on}


@router.get("/care/arrangements/{arrangement_id}/contacts", summary="Family contact (F6)")
@api_requires("care.view")
def contact_list(request, arrangement_id: uuid.UUID):
    a = queries.arrangement_for(request.user, arrangement_id)
    return [
        {
            "id": c.pk,
            "contact_on": c.contact_on,
            "method": c.method,
            "initiated_by": c.initiated_by,
            **masked_fields(request.user, c, ["with_whom", "notes"]),
        }
        for c in a.contacts.filter(is_voided=False)
    ]


@router.post(
    "/care/arrangements/{arrangement_id}/contacts",
    response={201: dict},
    summary="Log contact between the child and their family (F6)",
)
@api_requires("care.manage")
def contact_record(request, arrangement_id: uuid.UUID, payload: ContactIn):
    a = queries.arrangement_for(request.user, arrangement_id, "care.manage")
    contact = placement.family_contact_record(actor=request.user, arrangement=a, **payload.dict())
    return 201, {"id": contact.pk}


@router.post(
    "/care/arrangements/{arrangement_id}/discharge",
    response={201: dict},
    summary="Discharge the child: type, destination, date; ends the placement (F10)",
)
@api_requires("care.manage")
def discharge(request, arrangement_id: uuid.UUID, payload: DischargeIn):
    user = request.user
    a = queries.arrangement_for(user, arrangement_id, "care.manage")
    data = payload.dict()
    data["destination_household"] = one(
        user, Household, data["destination_household"], "person.view", "destination_household"
    )
    found = placement.discharge_record(actor=user, arrangement=a, **data)
    return 201, {
        "id": found.pk,
        "arrangement": arrangement_out(user, queries.arrangement_for(user, a.pk)),
    }


@router.post(
    "/care/arrangements/{arrangement_id}/safeguard",
    summary="A senior approves a safeguard exception, or does not with a comment (F3)",
)
@api_requires("care.approve_exception")
def safeguard_decide(request, arrangement_id: uuid.UUID, payload: DecisionIn):
    user = request.user
    a = queries.arrangement_for(user, arrangement_id, "care.approve_exception")
    safeguards.safeguard_decide(actor=user, arrangement=a, **payload.dict())
    return arrangement_out(user, queries.arrangement_for(user, a.pk))
