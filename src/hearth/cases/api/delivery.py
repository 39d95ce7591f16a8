"""/api/v1 services on a case (D2): plan, deliver, cancel. The same services as
the pages, so the same rules (open case, dates, one provider) apply."""

import datetime as dt
import uuid

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from hearth.access.decorators import api_requires
from hearth.cases import delivery_queries as q
from hearth.cases import queries
from hearth.cases.api.directory import agency, service_type_by_code
from hearth.cases.models import PlanAction, Service, ServiceProvider
from hearth.cases.services import delivery
from hearth.core import clock
from hearth.core.api import masked_fields

router = Router(tags=["services"])


class ServiceIn(Schema):
    service_type: str = Field(description="Service type code")
    due_on: dt.date
    provided_by_user: uuid.UUID | None = None
    provided_by_agency: uuid.UUID | None = None
    provider: uuid.UUID | None = Field(None, description="A directory entry")
    action: uuid.UUID | None = Field(None, description="A plan action of this case")
    notes: str = ""


class DeliverIn(Schema):
    delivered_on: dt.date | None = Field(None, description="Today when left out")
    notes: str = ""
    version: int | None = None


class CancelIn(Schema):
    reason: str
    version: int | None = None


def service_out(user, s: Service) -> dict:
    return {
        "id": s.pk,
        "version": s.version,
        "case": s.case_id,
        "service_type": s.service_type.code,
        "provided_by_user": s.provided_by_user_id,
        "provided_by_agency": s.provided_by_agency_id,
        "provider": s.provider_id,
        "action": s.action_id,
        "referral": s.referral_id,
        "due_on": s.due_on,
        "delivered_on": s.delivered_on,
        "status": s.status,
        "overdue": s.status == Service.Status.PLANNED and s.due_on < clock.today(),
        **masked_fields(user, s, ["notes", "cancel_reason"]),
    }


def worker(pk, field: str):
    found = get_user_model().objects.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: [_("Unknown worker.")]})
    return found


@router.get("/cases/{case_id}/services", summary="Services of a case")
@api_requires("case.view")
def service_list(request, case_id: uuid.UUID):
    case = queries.case_for(request.user, case_id)
    return [service_out(request.user, s) for s in q.services_of(case)]


@router.post("/cases/{case_id}/services", response={201: dict}, summary="Plan a service (D2)")
@api_requires("case.work")
def service_add(request, case_id: uuid.UUID, payload: ServiceIn):
    case = queries.case_for(request.user, case_id, "case.work")
    data = payload.dict()
    provider = None
    if data["provider"]:
        provider = ServiceProvider.objects.filter(pk=data["provider"], is_voided=False).first()
        if provider is None:
            raise ValidationError({"provider": [_("Unknown provider.")]})
    action = None
    if data["action"]:
        action = PlanAction.objects.filter(pk=data["action"], case=case).first()
        if action is None:
            raise ValidationError({"action": [_("Choose an action of this case's plan.")]})
    service = delivery.service_add(
        actor=request.user,
        case=case,
        service_type=service_type_by_code(data["service_type"]),
        due_on=data["due_on"],
        provided_by_user=(
            worker(data["provided_by_user"], "provided_by_user")
            if data["provided_by_user"]
            else None
        ),
        provided_by_agency=(
            agency(data["provided_by_agency"], "provided_by_agency")
            if data["provided_by_agency"]
            else None
        ),
        provider=provider,
        action=action,
        notes=data["notes"],
    )
    return 201, service_out(request.user, service)


@router.post("/services/{service_id}/deliver", summary="Record delivery of a service")
@api_requires("case.work")
def service_deliver(request, service_id: uuid.UUID, payload: DeliverIn):
    service = q.service_for(request.user, service_id)
    data = payload.dict()
    service = delivery.service_deliver(
        actor=request.user,
        service=service,
        delivered_on=data["delivered_on"],
        notes=data["notes"],
        expected_version=data["version"],
    )
    return service_out(request.user, service)


@router.post("/services/{service_id}/cancel", summary="Cancel a planned service, with reason")
@api_requires("case.work")
def service_cancel(request, service_id: uuid.UUID, payload: CancelIn):
    service = q.service_for(request.user, service_id)
    service = delivery.service_cancel(
        actor=request.user,
        service=service,
        reason=payload.reason,
        expected_version=payload.version,
    )
    return service_out(request.user, service)
