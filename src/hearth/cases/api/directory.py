"""/api/v1/directory and /api/v1/service-types: the service directory, read by
case workers and kept by people with config.manage, through the same services."""

import uuid

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from hearth.access.decorators import api_requires
from hearth.accounts.models import Agency
from hearth.cases import delivery_queries as q
from hearth.cases.models import ServiceProvider, ServiceType
from hearth.cases.services import directory
from hearth.core.api import paginate
from hearth.places.models import Location

router = Router(tags=["service directory"])


class ProviderIn(Schema):
    name: str = ""
    agency: uuid.UUID | None = Field(None, description="The agency, when it uses Hearth")
    service_types: list[str] = Field(description="Service type codes")
    areas: list[uuid.UUID] = Field(default_factory=list, description="Empty: serves everywhere")
    contact_person: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


class ProviderPatch(Schema):
    version: int
    name: str | None = None
    agency: uuid.UUID | None = None
    service_types: list[str] | None = None
    areas: list[uuid.UUID] | None = None
    contact_person: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    is_active: bool | None = Field(None, description="false deactivates (give a reason)")
    reason: str = ""


def service_type_out(t: ServiceType) -> dict:
    return {"code": t.code, "name": t.name, "category": t.category, "is_active": t.is_active}


def provider_out(p: ServiceProvider) -> dict:
    return {
        "id": p.pk,
        "version": p.version,
        "name": p.name,
        "agency": p.agency_id,
        "in_hearth": bool(p.agency_id),
        "service_types": [t.code for t in p.service_types.all()],
        "areas": [a.pk for a in p.areas.all()],
        "contact_person": p.contact_person,
        "phone": p.phone,
        "email": p.email,
        "address": p.address,
        "is_active": p.is_active,
    }


def service_types_by_code(codes, field: str = "service_types") -> list[ServiceType]:
    found = {t.code: t for t in ServiceType.objects.filter(code__in=codes)}
    unknown = sorted(set(codes) - set(found))
    if unknown:
        raise ValidationError(
            {field: [_("Unknown service type: %(c)s") % {"c": ", ".join(unknown)}]}
        )
    return [found[c] for c in codes]


def service_type_by_code(code: str, field: str = "service_type") -> ServiceType:
    return service_types_by_code([code], field)[0]


def locations(ids, field: str = "areas") -> list[Location]:
    found = list(Location.objects.filter(pk__in=ids, is_voided=False))
    if len(found) != len(set(ids)):
        raise ValidationError({field: [_("Unknown location.")]})
    return found


def agency(pk, field: str = "agency") -> Agency:
    found = Agency.objects.filter(pk=pk, is_voided=False).first()
    if found is None:
        raise ValidationError({field: [_("Unknown agency.")]})
    return found


def _filtered(service_type: str, area: uuid.UUID | None, q_text: str, include_inactive: bool):
    return q.directory(
        service_type=service_type_by_code(service_type) if service_type else None,
        area=locations([area], "area")[0] if area else None,
        text=q_text,
        include_inactive=include_inactive,
    )


@router.get("/service-types", summary="Service types (codes used by the other endpoints)")
@api_requires("case.view")
def service_type_list(request, include_inactive: bool = False):
    qs = ServiceType.objects.all() if include_inactive else q.active_service_types()
    return [service_type_out(t) for t in qs]


@router.get("/directory", summary="Active providers, by service type and area served")
@api_requires("case.view")
def directory_list(
    request, service_type: str = "", area: uuid.UUID | None = None, q: str = "", page: int = 1,
    per: int = 50,
):  # fmt: skip
    return paginate(_filtered(service_type, area, q, False), page, per, provider_out)


@router.get("/directory/all", summary="Every provider, inactive ones too (config.manage)")
@api_requires("config.manage")
def directory_all(
    request, service_type: str = "", area: uuid.UUID | None = None, q: str = "", page: int = 1,
    per: int = 50,
):  # fmt: skip
    return paginate(_filtered(service_type, area, q, True), page, per, provider_out)


@router.post("/directory", response={201: dict}, summary="Add a provider to the directory")
@api_requires("config.manage")
def provider_create(request, payload: ProviderIn):
    data = payload.dict()
    data["service_types"] = service_types_by_code(data["service_types"])
    data["areas"] = locations(data["areas"])
    data["agency"] = agency(data["agency"]) if data["agency"] else None
    provider = directory.provider_create(actor=request.user, **data)
    return 201, provider_out(provider)


@router.patch("/directory/{provider_id}", summary="Change or (de)activate a provider")
@api_requires("config.manage")
def provider_update(request, provider_id: uuid.UUID, payload: ProviderPatch):
    provider = get_object_or_404(ServiceProvider, pk=provider_id, is_voided=False)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    active = data.pop("is_active", None)
    reason = data.pop("reason", "")
    if "service_types" in data and data["service_types"] is not None:
        data["service_types"] = service_types_by_code(data["service_types"])
    if "areas" in data and data["areas"] is not None:
        data["areas"] = locations(data["areas"])
    if "agency" in data:
        data["agency"] = agency(data["agency"]) if data["agency"] else None
    if data:
        directory.provider_update(
            actor=request.user, provider=provider, expected_version=version, **data
        )
        version = provider.version
    if active is not None and active != provider.is_active:
        directory.provider_set_active(
            actor=request.user,
            provider=provider,
            active=active,
            reason=reason,
            expected_version=version,
        )
    return provider_out(ServiceProvider.objects.get(pk=provider.pk))
