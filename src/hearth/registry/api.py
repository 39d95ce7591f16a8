"""/api/v1/persons and /api/v1/households: the same services and queries as the pages."""

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from hearth.access.decorators import api_requires
from hearth.audit.services import record
from hearth.core import clock
from hearth.core.api import masked_fields, paginate
from hearth.places.models import Location
from hearth.registry import queries, services
from hearth.registry.models import Household, IdentifierType, Person, PersonIdentifier

router = Router(tags=["registry"])

PERSON_OUT = [
    "given_name", "family_name", "other_names", "sex", "date_of_birth",
    "birth_date_estimated", "has_disability", "disabilities", "nationality", "languages",
    "address", "phone", "email", "date_of_death",
]  # fmt: skip


class IdentifierIn(Schema):
    type: str = Field(description="Identifier type code, e.g. national_id")
    value: str
    issued_on: dt.date | None = None
    issuer: str = ""


class PersonIn(Schema):
    given_name: str
    family_name: str = ""
    other_names: str = ""
    sex: str = "unknown"
    date_of_birth: dt.date | None = None
    age_years: int | None = Field(None, ge=0, le=120, description="When the birth date is unknown")
    birth_date_estimated: bool = False
    has_disability: str = "unknown"
    disabilities: list[str] = []
    nationality: str = ""
    languages: str = ""
    location: uuid.UUID | None = None
    address: str = ""
    phone: str = ""
    email: str = ""
    identifiers: list[IdentifierIn] = []


class PersonPatch(Schema):
    version: int = Field(
        description="The version you read; a newer one means someone else "
        "changed the record and the update is refused"
    )
    given_name: str | None = None
    family_name: str | None = None
    other_names: str | None = None
    sex: str | None = None
    date_of_birth: dt.date | None = None
    birth_date_estimated: bool | None = None
    has_disability: str | None = None
    disabilities: list[str] | None = None
    nationality: str | None = None
    languages: str | None = None
    location: uuid.UUID | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    date_of_death: dt.date | None = None


class HouseholdIn(Schema):
    name: str
    location: uuid.UUID | None = None
    address: str = ""
    phone: str = ""


class MemberIn(Schema):
    person: uuid.UUID
    relation_to_head: str = "other_relative"
    is_primary_caregiver: bool = False
    start_date: dt.date | None = None


class RelationshipIn(Schema):
    relative: uuid.UUID
    kind: str
    is_caregiver: bool = False
    lives_with: bool = False
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    notes: str = ""


# --- output ---------------------------------------------------------------------------


def identifier_out(user, identifier: PersonIdentifier) -> dict:
    return {
        "id": identifier.pk,
        "type": identifier.type.code,
        **masked_fields(user, identifier, ["value", "issued_on", "issuer"]),
    }


def person_out(user, person: Person, full: bool = False) -> dict:
    out = {
        "id": person.pk,
        "version": person.version,
        "age": person.age(),
        "location": person.location_id,
        "agency": person.agency_id,
        "created_at": person.created_at,
        "updated_at": person.updated_at,
        **masked_fields(user, person, PERSON_OUT),
    }
    if full:
        out["identifiers"] = [identifier_out(user, i) for i in person.identifiers.all()]
        out["households"] = [
            {
                "household": m.household_id,
                "name": m.household.name,
                "relation_to_head": m.relation_to_head,
                "start_date": m.start_date,
                "end_date": m.end_date,
            }
            for m in person.memberships.all()
        ]
        out["relationships"] = [
            {
                "id": r.pk,
                "relative": r.relative_id,
                "kind": r.kind,
                "is_caregiver": r.is_caregiver,
                "lives_with": r.lives_with,
                "start_date": r.start_date,
                "end_date": r.end_date,
            }
            for r in person.relationships.all()
        ]
    return out


def household_out(user, household: Household, full: bool = False) -> dict:
    out = {
        "id": household.pk,
        "version": household.version,
        "name": household.name,
        "location": household.location_id,
        **masked_fields(user, household, ["address", "phone"]),
    }
    if full:
        out["members"] = [
            {
                "id": m.pk,
                "person": m.person_id,
                **masked_fields(user, m.person, ["given_name", "family_name"]),
                "relation_to_head": m.relation_to_head,
                "is_primary_caregiver": m.is_primary_caregiver,
                "start_date": m.start_date,
                "end_date": m.end_date,
            }
            for m in household.members.all()
        ]
    return out


def _location(pk):
    if pk is None:
        return None
    try:
        return Location.objects.get(pk=pk, is_voided=False)
    except Location.DoesNotExist:
        raise ValidationError({"location": [_("Unknown location.")]}) from None


# --- persons -------------------------------------------------------------------------------


@router.get("/persons", summary="Search people by name or identifier")
@api_requires("person.view")
def person_list(request, q: str = "", page: int = 1, per: int = 25):
    qs = queries.search_people(request.user, q).order_by("family_name", "given_name", "id")
    return paginate(qs, page, per, lambda p: person_out(request.user, p))


@router.post("/persons", response={201: dict}, summary="Register a person")
@api_requires("person.create")
def person_create(request, payload: PersonIn):
    data = payload.dict()
    identifiers = data.pop("identifiers")
    age = data.pop("age_years")
    if data["date_of_birth"] is None and age is not None:
        data["date_of_birth"] = services.birth_date_from_age(age, clock.today())
        data["birth_date_estimated"] = True
    data["location"] = _location(data["location"])
    person = services.person_create(actor=request.user, identifiers=identifiers, **data)
    return 201, person_out(request.user, queries.person_for(request.user, person.pk), full=True)


@router.get(
    "/persons/{person_id}", summary="One person with identifiers, households and relationships"
)
@api_requires("person.view")
def person_detail(request, person_id: uuid.UUID):
    person = queries.person_for(request.user, person_id)
    record(actor=request.user, action="person.read", target=person)
    return person_out(request.user, person, full=True)


@router.patch("/persons/{person_id}", summary="Change a person (send the version you read)")
@api_requires("person.edit")
def person_update(request, person_id: uuid.UUID, payload: PersonPatch):
    person = queries.person_for(request.user, person_id, "person.edit")
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    if "location" in data:
        data["location"] = _location(data["location"])
    services.person_update(actor=request.user, person=person, expected_version=version, **data)
    return person_out(request.user, queries.person_for(request.user, person_id), full=True)


@router.post(
    "/persons/{person_id}/identifiers", response={201: dict}, summary="Add an external identifier"
)
@api_requires("person.edit")
def identifier_add(request, person_id: uuid.UUID, payload: IdentifierIn):
    person = queries.person_for(request.user, person_id, "person.edit")
    identifier = services.identifier_add(actor=request.user, person=person, **payload.dict())
    return 201, identifier_out(request.user, identifier)


@router.post(
    "/persons/{person_id}/relationships",
    response={201: dict},
    summary="Link a relative or caregiver",
)
@api_requires("person.edit")
def relationship_add(request, person_id: uuid.UUID, payload: RelationshipIn):
    person = queries.person_for(request.user, person_id, "person.edit")
    data = payload.dict()
    data["relative"] = queries.person_for(request.user, data["relative"])
    relationship = services.relationship_add(actor=request.user, person=person, **data)
    return 201, {
        "id": relationship.pk,
        "person": person.pk,
        "relative": relationship.relative_id,
        "kind": relationship.kind,
    }


@router.get("/identifier-types", summary="Identifier types this installation accepts")
@api_requires("person.view")
def identifier_types(request):
    return [
        {"code": t.code, "name": t.name, "format_hint": t.format_hint}
        for t in IdentifierType.objects.filter(is_active=True)
    ]


# --- households ---------------------------------------------------------------------------------


@router.get("/households", summary="Households, optionally filtered by name")
@api_requires("person.view")
def household_list(request, q: str = "", page: int = 1, per: int = 25):
    qs = queries.households(request.user).order_by("name", "id")
    if q:
        qs = qs.filter(name__icontains=q)
    return paginate(qs, page, per, lambda h: household_out(request.user, h))


@router.post("/households", response={201: dict}, summary="Register a household")
@api_requires("person.create")
def household_create(request, payload: HouseholdIn):
    data = payload.dict()
    data["location"] = _location(data["location"])
    household = services.household_create(actor=request.user, **data)
    return 201, household_out(request.user, household)


@router.get("/households/{household_id}", summary="One household with its members")
@api_requires("person.view")
def household_detail(request, household_id: uuid.UUID):
    household = queries.household_for(request.user, household_id)
    record(actor=request.user, action="household.read", target=household)
    return household_out(request.user, household, full=True)


@router.post("/households/{household_id}/members", response={201: dict}, summary="Add a member")
@api_requires("person.edit")
def member_add(request, household_id: uuid.UUID, payload: MemberIn):
    household = queries.household_for(request.user, household_id, "person.edit")
    data = payload.dict()
    data["person"] = queries.person_for(request.user, data["person"])
    member = services.household_member_add(actor=request.user, household=household, **data)
    return 201, {"id": member.pk, "household": household.pk, "person": member.person_id}
