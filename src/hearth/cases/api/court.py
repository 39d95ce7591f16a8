"""/api/v1 court and police involvement, hearings and legal orders (D4, F9): the
same services as the pages. File numbers, notes, outcomes and terms are masked
for readers without clearance, and cannot be changed by them either."""

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema

from hearth.access import sensitivity
from hearth.access.decorators import api_requires
from hearth.cases import followup_queries, queries
from hearth.cases.models import Case, CourtInvolvement, Hearing, LegalOrder
from hearth.cases.services import court, registration
from hearth.core.api import masked_fields, paginate
from hearth.core.errors import Forbidden

router = Router(tags=["court"])


class InvolvementIn(Schema):
    kind: str
    institution: str
    file_number: str = ""
    officer: str = ""
    opened_on: dt.date | None = None
    notes: str = ""


class InvolvementPatch(Schema):
    version: int | None = None
    kind: str | None = None
    institution: str | None = None
    file_number: str | None = None
    officer: str | None = None
    opened_on: dt.date | None = None
    notes: str | None = None


class HearingIn(Schema):
    held_on: dt.date
    purpose: str = ""
    outcome: str = ""
    next_hearing_on: dt.date | None = None


class HearingPatch(Schema):
    version: int | None = None
    held_on: dt.date | None = None
    purpose: str | None = None
    outcome: str | None = None
    next_hearing_on: dt.date | None = None


class OrderIn(Schema):
    kind: str
    court: str
    number: str
    issued_on: dt.date
    expires_on: dt.date | None = None
    terms: str = ""
    involvement: uuid.UUID | None = None


class OrderPatch(Schema):
    version: int | None = None
    kind: str | None = None
    court: str | None = None
    number: str | None = None
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None
    terms: str | None = None
    involvement: uuid.UUID | None = None


class ReasonIn(Schema):
    reason: str


def hearing_out(user, h: Hearing) -> dict:
    return {
        "id": h.pk,
        "involvement": h.involvement_id,
        "version": h.version,
        "held_on": h.held_on,
        "purpose": h.purpose,
        "next_hearing_on": h.next_hearing_on,
        **masked_fields(user, h, ["outcome"]),
    }


def involvement_out(user, i: CourtInvolvement, hearings=None) -> dict:
    out = {
        "id": i.pk,
        "case": i.case_id,
        "version": i.version,
        "kind": i.kind,
        "institution": i.institution,
        "officer": i.officer,
        "opened_on": i.opened_on,
        **masked_fields(user, i, ["file_number", "notes"]),
    }
    if hearings is not None:
        out["hearings"] = [hearing_out(user, h) for h in hearings]
        out["next_hearing_on"] = getattr(i, "next_hearing_on", None)
    return out


def order_out(user, o: LegalOrder) -> dict:
    state, days_left = followup_queries.order_state(o)
    return {
        "id": o.pk,
        "case": o.case_id,
        "version": o.version,
        "kind": o.kind,
        "court": o.court,
        "number": o.number,
        "issued_on": o.issued_on,
        "expires_on": o.expires_on,
        "state": state,
        "days_left": days_left,
        "involvement": o.involvement_id,
        **masked_fields(user, o, ["terms"]),
    }


def _changes(user, model, payload) -> tuple[int | None, dict]:
    """The fields sent, refusing any the caller may not read (B5)."""
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    label = model._meta.label_lower
    hidden = sorted(n for n in data if not sensitivity.readable(user, label, n))
    if hidden:
        raise Forbidden(
            _("You cannot change fields you may not read: %(f)s") % {"f": ", ".join(hidden)}
        )
    return version, data


def _involvement_of(case: Case, data: dict) -> dict:
    if data.get("involvement"):
        found = case.court_involvements.filter(pk=data["involvement"], is_voided=False).first()
        if found is None:
            raise ValidationError({"involvement": [_("Choose proceedings of this case.")]})
        data["involvement"] = found
    return data


@router.get("/cases/{case_id}/court", summary="A case's court and police involvement and orders")
@api_requires("case.view")
def case_court(request, case_id: uuid.UUID):
    case = queries.case_for(request.user, case_id)
    registration.record_read(actor=request.user, case=case, what="api:court")
    return {
        "involvements": [
            involvement_out(request.user, i, getattr(i, "live_hearings", []))
            for i in followup_queries.involvements_of(case)
        ],
        "orders": [order_out(request.user, o) for o in followup_queries.orders_of(case)],
    }


@router.post(
    "/cases/{case_id}/court-involvements",
    response={201: dict},
    summary="Record court or police involvement (D4)",
)
@api_requires("case.work")
def involvement_create(request, case_id: uuid.UUID, payload: InvolvementIn):
    case = queries.case_for(request.user, case_id, "case.work")
    i = court.involvement_create(actor=request.user, case=case, **payload.dict())
    return 201, involvement_out(request.user, i, [])


@router.patch("/court-involvements/{involvement_id}", summary="Change court or police involvement")
@api_requires("case.work")
def involvement_update(request, involvement_id: uuid.UUID, payload: InvolvementPatch):
    i = followup_queries.child_for(request.user, CourtInvolvement, involvement_id)
    version, data = _changes(request.user, CourtInvolvement, payload)
    court.involvement_update(actor=request.user, involvement=i, expected_version=version, **data)
    return involvement_out(request.user, i)


@router.post("/court-involvements/{involvement_id}/void", summary="Void involvement in error")
@api_requires("case.work")
def involvement_void(request, involvement_id: uuid.UUID, payload: ReasonIn):
    i = followup_queries.child_for(request.user, CourtInvolvement, involvement_id)
    court.involvement_void(actor=request.user, involvement=i, reason=payload.reason)
    return {**involvement_out(request.user, i), "voided": True}


@router.post(
    "/court-involvements/{involvement_id}/hearings",
    response={201: dict},
    summary="Record a hearing",
)
@api_requires("case.work")
def hearing_add(request, involvement_id: uuid.UUID, payload: HearingIn):
    i = followup_queries.child_for(request.user, CourtInvolvement, involvement_id)
    h = court.hearing_add(actor=request.user, involvement=i, **payload.dict())
    return 201, hearing_out(request.user, h)


@router.patch("/hearings/{hearing_id}", summary="Change a hearing")
@api_requires("case.work")
def hearing_update(request, hearing_id: uuid.UUID, payload: HearingPatch):
    h = followup_queries.child_for(request.user, Hearing, hearing_id)
    version, data = _changes(request.user, Hearing, payload)
    court.hearing_update(actor=request.user, hearing=h, expected_version=version, **data)
    return hearing_out(request.user, h)


@router.post("/hearings/{hearing_id}/void", summary="Void a hearing recorded in error")
@api_requires("case.work")
def hearing_void(request, hearing_id: uuid.UUID, payload: ReasonIn):
    h = followup_queries.child_for(request.user, Hearing, hearing_id)
    court.hearing_void(actor=request.user, hearing=h, reason=payload.reason)
    return {**hearing_out(request.user, h), "voided": True}


@router.post(
    "/cases/{case_id}/legal-orders", response={201: dict}, summary="Record a legal order (F9)"
)
@api_requires("case.work")
def order_create(request, case_id: uuid.UUID, payload: OrderIn):
    case = queries.case_for(request.user, case_id, "case.work")
    data = _involvement_of(case, payload.dict())
    o = court.order_create(actor=request.user, case=case, **data)
    return 201, order_out(request.user, o)


@router.get("/legal-orders/expiring", summary="Orders expired or expiring on my open cases")
@api_requires("case.view")
def orders_expiring(request, page: int = 1, per: int = 50):
    qs = followup_queries.orders_expiring(request.user)
    return paginate(
        qs, page, per, lambda o: {**order_out(request.user, o), "case_number": o.case.number}
    )


@router.patch("/legal-orders/{order_id}", summary="Change a legal order")
@api_requires("case.work")
def order_update(request, order_id: uuid.UUID, payload: OrderPatch):
    o = followup_queries.child_for(request.user, LegalOrder, order_id)
    version, data = _changes(request.user, LegalOrder, payload)
    court.order_update(
        actor=request.user, order=o, expected_version=version, **_involvement_of(o.case, data)
    )
    return order_out(request.user, o)


@router.post("/legal-orders/{order_id}/void", summary="Void a legal order recorded in error")
@api_requires("case.work")
def order_void(request, order_id: uuid.UUID, payload: ReasonIn):
    o = followup_queries.child_for(request.user, LegalOrder, order_id)
    court.order_void(actor=request.user, order=o, reason=payload.reason)
    return {**order_out(request.user, o), "voided": True}
