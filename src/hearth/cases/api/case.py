"""/api/v1/cases: registration, the case record and its core facts. The same
services as the pages, so the API is never a way around a rule."""

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from hearth.access.decorators import api_requires
from hearth.cases import queries
from hearth.cases.duplicates import likely_duplicates
from hearth.cases.models import Case
from hearth.cases.services import registration
from hearth.core.api import masked_fields, paginate
from hearth.places.models import Location
from hearth.registry import queries as registry_queries

router = Router(tags=["cases"])


class ConsentIn(Schema):
    given: bool
    given_by: str = ""
    given_by_name: str = ""
    given_on: dt.date | None = None
    child_assent: str = ""
    child_views: str = ""
    override: bool = False
    override_reason: str = ""


class ConsentKindIn(ConsentIn):
    kind: str = Field(description="services, sharing or tracing")


class ChildIn(Schema):
    given_name: str
    family_name: str = ""
    other_names: str = ""
    sex: str
    date_of_birth: dt.date | None = None
    birth_date_estimated: bool = False


class CaseIn(Schema):
    child: uuid.UUID | None = Field(None, description="An existing person; or give child_details")
    child_details: ChildIn | None = None
    registration_date: dt.date
    identified_how: str
    identified_by: str = ""
    summary: str = ""
    concerns: list[str] = Field(description="Protection concern codes")
    risk_level: str
    location: uuid.UUID
    consent: ConsentIn = Field(description="Consent for services, or an override with reason")
    owner: uuid.UUID | None = None
    caseload_override: str = ""


class CasePatch(Schema):
    version: int
    registration_date: dt.date | None = None
    identified_how: str | None = None
    identified_by: str | None = None
    summary: str | None = None
    concerns: list[str] | None = None
    location: uuid.UUID | None = None


class RiskIn(Schema):
    risk_level: str
    reason: str


def case_out(user, case: Case, full: bool = False) -> dict:
    child = case.child
    out = {
        "id": case.pk,
        "number": case.number,
        "version": case.version,
        "status": case.status,
        "risk_level": case.risk_level,
        "registration_date": case.registration_date,
        "owner": case.owner_id,
        "team": case.team_id,
        "agency": case.agency_id,
        "location": case.location_id,
        "next_due_on": case.next_due_on,
        "assessment_due_at": case.assessment_due_at,
        "plan_due_on": case.plan_due_on,
        "review_due_on": case.review_due_on,
        "closed_on": case.closed_on,
        "duplicate_of": case.duplicate_of_id,
        "child": {
            "id": child.pk,
            "sex": child.sex,
            "age": child.age(),
            **masked_fields(user, child, ["given_name", "family_name"]),
        },
    }
    if full:
        out.update(masked_fields(user, case, ["identified_how", "identified_by", "summary"]))
        out["concerns"] = [c.code for c in case.concerns.all()]
        out["consents"] = [
            {
                "id": c.pk,
                "kind": c.kind,
                "given": c.given,
                "given_by": c.given_by,
                "given_on": c.given_on,
                "child_assent": c.child_assent,
                "override": c.override,
                "withdrawn_on": c.withdrawn_on,
            }
            for c in case.consents.filter(is_voided=False)
        ]
        out["risk_changes"] = [
            {"from": r.from_level, "to": r.to_level, "reason": r.reason, "at": r.created_at}
            for r in case.risk_changes.all()
        ]
    return out


def _location(pk) -> Location:
    location = Location.objects.filter(pk=pk, is_voided=False).first()
    if location is None:
        raise ValidationError({"location": [_("Unknown location.")]})
    return location


@router.get("/cases", summary="Cases the caller may see: mine, team or all, filtered")
@api_requires("case.view")
def case_list(
    request,
    scope: str = "mine",
    status: str = "",
    risk: str = "",
    q: str = "",
    sort: str = "next_due",
    include_closed: bool = False,
    page: int = 1,
    per: int = 50,
):
    qs = queries.case_list(
        request.user,
        scope=scope,
        status=status,
        risk=risk,
        text=q,
        sort=sort,
        include_closed=include_closed,
    )
    return paginate(qs, page, per, lambda c: case_out(request.user, c))


@router.get("/cases/duplicates", summary="Likely duplicates of a child before registering (A5)")
@api_requires("case.register")
def duplicates(
    request,
    given_name: str,
    family_name: str = "",
    date_of_birth: dt.date | None = None,
    sex: str = "",
    location: uuid.UUID | None = None,
):
    found = likely_duplicates(
        request.user,
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        sex=sex,
        location=_location(location) if location else None,
    )
    return [
        {
            "person": c.person.pk if c.visible else None,
            "score": c.score,
            "visible": c.visible,
            "name": c.person.full_name,
            "sex": c.person.sex,
            "age": c.person.age(),
            "location": c.person.location_id,
            "fields": [{"field": str(f.label), "verdict": f.verdict} for f in c.fields],
        }
        for c in found
    ]


@router.post("/cases", response={201: dict}, summary="Register a case (A1, B2)")
@api_requires("case.register")
def case_register(request, payload: CaseIn):
    data = payload.dict()
    child = registry_queries.person_for(request.user, data["child"]) if data["child"] else None
    owner = None
    if data["owner"]:
        owner = queries.assignable_workers(request.user).filter(pk=data["owner"]).first()
        if owner is None:
            raise ValidationError({"owner": [_("You cannot give cases to this worker.")]})
    case = registration.case_register(
        actor=request.user,
        child=child,
        child_fields=data["child_details"],
        registration_date=data["registration_date"],
        identified_how=data["identified_how"],
        identified_by=data["identified_by"],
        summary=data["summary"],
        concerns=data["concerns"],
        risk_level=data["risk_level"],
        location=_location(data["location"]),
        consent={k: v for k, v in data["consent"].items() if v is not None},
        owner=owner,
        caseload_override=data["caseload_override"],
    )
    return 201, case_out(request.user, queries.case_for(request.user, case.pk), full=True)


@router.get("/cases/{case_id}", summary="One case")
@api_requires("case.view")
def case_detail(request, case_id: uuid.UUID):
    case = queries.case_for(request.user, case_id)
    registration.record_read(actor=request.user, case=case, what="api")
    return case_out(request.user, case, full=True)


@router.patch("/cases/{case_id}", summary="Correct registration details (send the version)")
@api_requires("case.work")
def case_update(request, case_id: uuid.UUID, payload: CasePatch):
    case = queries.case_for(request.user, case_id, "case.work")
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    if "location" in data:
        data["location"] = _location(data["location"])
    registration.case_update(actor=request.user, case=case, expected_version=version, **data)
    return case_out(request.user, queries.case_for(request.user, case_id), full=True)


@router.post("/cases/{case_id}/risk", summary="Change the risk level with a reason (C1)")
@api_requires("case.work")
def risk_change(request, case_id: uuid.UUID, payload: RiskIn):
    case = queries.case_for(request.user, case_id, "case.work")
    registration.risk_change(actor=request.user, case=case, **payload.dict())
    return case_out(request.user, queries.case_for(request.user, case_id), full=True)


@router.post("/cases/{case_id}/consents", response={201: dict}, summary="Record consent (B1)")
@api_requires("case.work")
def consent_add(request, case_id: uuid.UUID, payload: ConsentKindIn):
    case = queries.case_for(request.user, case_id, "case.work")
    consent = registration.consent_record(
        actor=request.user, case=case, **{k: v for k, v in payload.dict().items() if v is not None}
    )
    return 201, {
        "id": consent.pk,
        "kind": consent.kind,
        "given": consent.given,
        "override": consent.override,
    }
