"""Services a child or family receives (D2): planned with a type, a provider and a
due date; then delivered (on a real date) or cancelled (with a reason). A planned
service past its due date is overdue, which is a query (delivery_queries), never
a stored flag. The case's nearest deadline is refreshed after every change."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.audit.services import record_change
from hearth.cases import deadlines, workflow
from hearth.cases.models import Case, PlanAction, Service, ServiceProvider, ServiceType
from hearth.core import clock, writes
from hearth.core.errors import Refused


def _check_provider(*, provided_by_user, provided_by_agency, provider) -> None:
    chosen = [x for x in (provided_by_user, provided_by_agency, provider) if x is not None]
    if len(chosen) != 1:
        raise ValidationError(
            {"provider": _("Say who provides the service: one worker, agency or provider.")}
        )
    if provided_by_user is not None and not provided_by_user.is_active:
        raise ValidationError({"provider": _("This worker's account is no longer active.")})
    if provided_by_agency is not None and not provided_by_agency.is_active:
        raise ValidationError({"provider": _("This agency is no longer active.")})
    if provider is not None and (not provider.is_active or provider.is_voided):
        raise ValidationError({"provider": _("This provider is no longer in the directory.")})


@transaction.atomic
def service_add(
    *,
    actor,
    case: Case,
    service_type: ServiceType,
    due_on: dt.date,
    provided_by_user=None,
    provided_by_agency=None,
    provider: ServiceProvider | None = None,
    action: PlanAction | None = None,
    notes: str = "",
    referral=None,
) -> Service:
    """Plan a service for the case (D2). Only on open cases; the provider is one
    worker, one agency or one directory entry; a plan action must be this case's."""
    policy.require(actor, "case.work", case)
    return _service_add(
        actor=actor,
        case=case,
        service_type=service_type,
        due_on=due_on,
        provided_by_user=provided_by_user,
        provided_by_agency=provided_by_agency,
        provider=provider,
        action=action,
        notes=notes,
        referral=referral,
    )


def _service_add(
    *, actor, case: Case, service_type, due_on, action=None, check_type=True, **fields
) -> Service:
    """The part shared with accepting a referral (whose own rule says who may)."""
    workflow.require_open(case)
    if check_type and not service_type.is_active:
        raise ValidationError({"service_type": _("This service type is no longer offered.")})
    if due_on is None:
        raise ValidationError({"due_on": _("Give the date the service is due.")})
    if action is not None and (action.case_id != case.pk or action.is_voided):
        raise ValidationError({"action": _("Choose an action of this case's plan.")})
    _check_provider(
        provided_by_user=fields.get("provided_by_user"),
        provided_by_agency=fields.get("provided_by_agency"),
        provider=fields.get("provider"),
    )
    fields["notes"] = (fields.get("notes") or "").strip()
    service = Service(case=case, service_type=service_type, due_on=due_on, action=action, **fields)
    writes.create(service, actor=actor)
    record_change(actor=actor, action="service.add", target=service, before=None)
    workflow.start_implementation(actor=actor, case=case)
    deadlines.refresh(case)
    return service


def _check_delivery_date(case: Case, delivered_on: dt.date | None) -> dt.date:
    delivered_on = delivered_on or clock.today()
    if delivered_on > clock.today():
        raise ValidationError({"delivered_on": _("The delivery date cannot be in the future.")})
    if delivered_on < case.registration_date:
        raise ValidationError(
            {
                "delivered_on": _(
                    "The delivery date cannot be before the case was registered (%(d)s)."
                )
                % {"d": case.registration_date.isoformat()}
            }
        )
    return delivered_on


def _deliver(*, actor, service: Service, delivered_on, notes="", expected_version=None):
    case = service.case
    workflow.require_open(case)
    if service.status != Service.Status.PLANNED:
        raise Refused(
            _("This service is already %(status)s.")
            % {"status": service.get_status_display().lower()}
        )
    delivered_on = _check_delivery_date(case, delivered_on)
    before = writes.snapshot(service)
    service.status = Service.Status.DELIVERED
    service.delivered_on = delivered_on
    if (notes or "").strip():
        service.notes = "\n\n".join(x for x in (service.notes, notes.strip()) if x)
    writes.update(service, actor=actor, expected_version=expected_version)
    record_change(actor=actor, action="service.deliver", target=service, before=before)
    deadlines.refresh(case)
    return service


@transaction.atomic
def service_deliver(
    *,
    actor,
    service: Service,
    delivered_on: dt.date | None = None,
    notes: str = "",
    expected_version: int | None = None,
) -> Service:
    """Record delivery: the date is not in the future and not before the case was
    registered; a service is delivered once."""
    policy.require(actor, "case.work", service.case)
    return _deliver(
        actor=actor,
        service=service,
        delivered_on=delivered_on,
        notes=notes,
        expected_version=expected_version,
    )


def _cancel(*, actor, service: Service, reason: str, expected_version=None) -> Service:
    if service.status != Service.Status.PLANNED:
        raise Refused(
            _("This service is already %(status)s.")
            % {"status": service.get_status_display().lower()}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the service is cancelled.")})
    before = writes.snapshot(service)
    service.status = Service.Status.CANCELLED
    service.cancel_reason = reason
    writes.update(service, actor=actor, expected_version=expected_version)
    record_change(actor=actor, action="service.cancel", target=service, before=before)
    deadlines.refresh(service.case)
    return service


@transaction.atomic
def service_cancel(
    *, actor, service: Service, reason: str, expected_version: int | None = None
) -> Service:
    """Cancel a planned service with the reason; it no longer counts as due."""
    policy.require(actor, "case.work", service.case)
    workflow.require_open(service.case)
    return _cancel(actor=actor, service=service, reason=reason, expected_version=expected_version)
