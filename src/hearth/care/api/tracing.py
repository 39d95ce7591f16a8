"""/api/v1 family tracing (F8): requests, scored candidates among consenting
records, and confirming a match (consent gate, audit, reunification)."""

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from hearth.access.decorators import api_requires
from hearth.care import matching, queries
from hearth.care.models import TracingRequest
from hearth.care.services import tracing
from hearth.cases import queries as case_queries
from hearth.core.api import masked_fields, paginate
from hearth.core.errors import Refused
from hearth.places.models import Location

router = Router(tags=["tracing"])


class RequestIn(Schema):
    kind: str = Field(description="child_sought (a relative searches) or relative_sought")
    case: uuid.UUID | None = Field(None, description="The child's case, for relative_sought")
    location: uuid.UUID | None = None
    received_on: dt.date | None = None
    enquirer_name: str
    enquirer_relation: str
    enquirer_contact: str = ""
    sought_given_name: str
    sought_family_name: str = ""
    sought_other_names: str = ""
    sought_sex: str = "unknown"
    sought_date_of_birth: dt.date | None = None
    sought_age: int | None = None
    last_seen_place: str = ""
    last_seen_location: uuid.UUID | None = None
    last_seen_on: dt.date | None = None
    distinguishing_features: str = ""
    circumstances: str = ""
    consent_override_reason: str = ""


class ConfirmIn(Schema):
    case: uuid.UUID
    other_request: uuid.UUID | None = None
    note: str = ""
    consent_override_reason: str = ""


SENSITIVE = [
    "enquirer_name", "enquirer_contact", "sought_given_name", "sought_family_name",
    "sought_other_names", "sought_date_of_birth", "last_seen_place", "distinguishing_features",
    "circumstances",
]  # fmt: skip


def request_out(user, r: TracingRequest) -> dict:
    return {
        "id": r.pk,
        "number": r.number,
        "kind": r.kind,
        "status": r.status,
        "case": r.case_id,
        "received_on": r.received_on,
        "enquirer_relation": r.enquirer_relation,
        "sought_sex": r.sought_sex,
        "sought_age": r.sought_age,
        "last_seen_location": r.last_seen_location_id,
        "last_seen_on": r.last_seen_on,
        **masked_fields(user, r, SENSITIVE),
    }


def _location(pk, field):
    if pk is None:
        return None
    found = Location.objects.filter(pk=pk, is_voided=False).first()
    if found is None:
        raise ValidationError({field: [_("Unknown location.")]})
    return found


@router.get("/care/tracing", summary="Tracing requests I may handle")
@api_requires("tracing.manage")
def request_list(request, status: str = "open", page: int = 1, per: int = 50):
    qs = queries.tracing_requests(request.user).order_by("-received_on", "-number")
    if status:
        qs = qs.filter(status=status)
    return paginate(qs, page, per, lambda r: request_out(request.user, r))


@router.post("/care/tracing", response={201: dict}, summary="Open a tracing request (F8)")
@api_requires("tracing.manage")
def request_create(request, payload: RequestIn):
    data = payload.dict()
    case = (
        case_queries.case_for(request.user, data.pop("case"), "tracing.manage")
        if data["case"]
        else None
    )
    data["location"] = _location(data["location"], "location")
    if data["location"] is None:
        data.pop("location")
        if case is None:
            raise ValidationError({"location": [_("Say where the request was made.")]})
    data["last_seen_location"] = _location(data["last_seen_location"], "last_seen_location")
    if data["received_on"] is None:
        data.pop("received_on")
    data.pop("case", None)
    found = tracing.tracing_request_create(
        actor=request.user,
        kind=data.pop("kind"),
        case=case,
        consent_override_reason=data.pop("consent_override_reason"),
        **data,
    )
    return 201, request_out(request.user, found)


@router.get(
    "/care/tracing/{request_id}/candidates", summary="Scored matches among consenting records"
)
@api_requires("tracing.manage")
def candidates(request, request_id: uuid.UUID):
    found = queries.tracing_request_for(request.user, request_id)
    return [
        {
            "case": c.case.pk if c.visible else None,
            "case_number": c.case.number,
            "other_request": c.other_request.pk if c.other_request else None,
            "score": c.score,
            "visible": c.visible,
            "fields": [{"field": str(f.label), "verdict": f.verdict} for f in c.fields],
        }
        for c in matching.candidates_for(request.user, found)
    ]


@router.post(
    "/care/tracing/{request_id}/confirm",
    summary="Confirm a match: links the records, starts reunification",
)
@api_requires("tracing.manage")
def confirm(request, request_id: uuid.UUID, payload: ConfirmIn):
    found = queries.tracing_request_for(request.user, request_id)
    for candidate in matching.candidates_for(request.user, found):
        other = candidate.other_request.pk if candidate.other_request else None
        if candidate.case.pk == payload.case and other == payload.other_request:
            match = tracing.tracing_match_confirm(
                actor=request.user,
                request=found,
                case=case_queries.case_for(request.user, payload.case, "tracing.manage"),
                other_request=candidate.other_request,
                note=payload.note,
                consent_override_reason=payload.consent_override_reason,
            )
            return {"id": match.pk, "status": match.status, "score": match.score}
    raise Refused(_("This record is not proposed as a match. Search again."))
