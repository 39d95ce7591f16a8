"""/api/v1 care facilities and foster carers (F4): the register with occupancy
and vacancies computed from current placements; registration for managers."""

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from hearth.access.decorators import api_requires
from hearth.care import queries
from hearth.care.models import Facility, FosterCarer
from hearth.care.services import providers
from hearth.core import clock
from hearth.core.api import paginate
from hearth.places.models import Location

router = Router(tags=["care facilities"])


class FacilityIn(Schema):
    name: str
    kind: str = Field(description="small_group_home, institution, transit_centre, shelter, ...")
    capacity: int
    location: uuid.UUID
    registration_number: str = ""
    licence_number: str = ""
    licence_expires_on: dt.date | None = None
    address: str = ""
    contact_name: str = ""
    phone: str = ""
    email: str = ""
    operator: str = ""
    is_active: bool = True
    notes: str = ""


def facility_out(f: Facility) -> dict:
    today = clock.today()
    occupied = getattr(f, "occupied", None)
    if occupied is None:
        occupied = queries.occupied(f)
    return {
        "id": f.pk,
        "version": f.version,
        "name": f.name,
        "kind": f.kind,
        "location": f.location_id,
        "registration_number": f.registration_number,
        "licence_number": f.licence_number,
        "licence_expires_on": f.licence_expires_on,
        "licensed_today": f.licensed_on(today),
        "capacity": f.capacity,
        "occupied": occupied,
        "vacancies": max(f.capacity - occupied, 0),
        "is_active": f.is_active,
        "managing_agency": f.managing_agency_id,
        "operator": f.operator,
    }


def carer_out(c: FosterCarer) -> dict:
    occupied = getattr(c, "occupied", None)
    if occupied is None:
        occupied = queries.occupied(c)
    return {
        "id": c.pk,
        "name": c.name,
        "household": c.household_id,
        "person": c.person_id,
        "approval_number": c.approval_number,
        "approval_expires_on": c.approval_expires_on,
        "licensed_today": c.licensed_on(clock.today()),
        "capacity": c.capacity,
        "occupied": occupied,
        "location": c.location_id,
        "is_active": c.is_active,
    }


@router.get("/care/facilities", summary="Care facilities with occupancy and vacancies (F4)")
@api_requires("care.view")
def facility_list(request, active: bool = True, page: int = 1, per: int = 50):
    qs = queries.facilities(request.user)
    if active:
        qs = qs.filter(is_active=True)
    return paginate(qs, page, per, facility_out)


@router.get("/care/facilities/{facility_id}", summary="One facility, with capacity by band")
@api_requires("care.view")
def facility_detail(request, facility_id: uuid.UUID):
    f = queries.facility_for(request.user, facility_id)
    out = facility_out(f)
    out["bands"] = [
        {
            "sex": b["band"].sex,
            "age_from": b["band"].age_from,
            "age_to": b["band"].age_to,
            "places": b["band"].places,
            "occupied": b["occupied"],
            "vacant": b["vacant"],
        }
        for b in queries.band_occupancy(f)
    ]
    return out


@router.post("/care/facilities", response={201: dict}, summary="Register a facility (F4)")
@api_requires("facility.manage")
def facility_create(request, payload: FacilityIn):
    data = payload.dict()
    data["location"] = Location.objects.filter(pk=data["location"], is_voided=False).first()
    if data["location"] is None:
        raise ValidationError({"location": [_("Unknown location.")]})
    f = providers.facility_create(actor=request.user, **data)
    return 201, facility_out(queries.facility_for(request.user, f.pk))


@router.get("/care/foster-carers", summary="Foster carers with their approval and placements")
@api_requires("care.view")
def carer_list(request, active: bool = True, page: int = 1, per: int = 50):
    qs = queries.foster_carers(request.user)
    if active:
        qs = qs.filter(is_active=True)
    return paginate(qs, page, per, carer_out)


@router.get("/care/foster-carers/{carer_id}", summary="One foster carer")
@api_requires("care.view")
def carer_detail(request, carer_id: uuid.UUID):
    return carer_out(queries.foster_carer_for(request.user, carer_id))
